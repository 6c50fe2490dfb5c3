"""An independent, literal, scalar implementation of MODEL.md §3-4 (test oracle only).

Written straight from the contract's text with plain floats and loops, sharing no
code with ``accord.engine``; the engine must agree with it on every scenario.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from accord.model import Scenario

INF = math.inf


def _tie(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


@dataclass
class Ref:
    """Scalar model of one scenario at its means."""

    s: Scenario
    r: dict[str, float] = field(default_factory=dict)
    H: float = INF
    x: dict[str, float] = field(default_factory=dict)  # execution time
    moves: list[tuple[float, list[str]]] = field(default_factory=list)
    T: float = 0.0

    def __post_init__(self) -> None:
        s = self.s
        self.r = {p.id: p.discount_rate.mean for p in s.parties}
        self.H = INF if s.horizon is None else s.horizon.mean
        start = 0.0
        prev_end = 0.0
        for ph in s.roadmap:
            start = ph.start.mean if ph.start is not None else prev_end
            for mv in ph.moves:
                self.moves.append((start, list(mv.steps)))
                for sid in mv.steps:
                    self.x[sid] = start
            prev_end = start + ph.duration.mean
        self.T = prev_end
        self.steps = {st.id: st for st in s.steps}
        self.parties = [p.id for p in s.parties]

    # -- time and value ---------------------------------------------------------
    def E(self, i: str, t: float) -> float:
        return 0.0 if t == INF else math.exp(-self.r[i] * t)

    def flow(self, i: str, u: float, a: float, b: float) -> float:
        a, b = min(a, self.H), min(b, self.H)
        if not b > a:
            return 0.0
        if self.r[i] == 0:
            return u * (b - a)
        return u * (self.E(i, a) - self.E(i, b)) / self.r[i]

    def once(self, i: str, w: float, t: float) -> float:
        return 0.0 if t >= self.H else w * self.E(i, t)

    def _v(self, d: dict[str, Any], i: str) -> float:
        q = d.get(i)
        return 0.0 if q is None else q.mean

    # -- paths ------------------------------------------------------------------
    def step_pv(self, sid: str, i: str) -> float:
        st = self.steps[sid]
        a = self.x[sid] + st.lag.mean
        return self.once(i, self._v(st.once, i), self.x[sid]) + self.flow(
            i, self._v(st.flow, i), a, INF)

    def compliance(self, i: str, without: str | None = None) -> float:
        return sum(self.step_pv(sid, i) for sid in self.x if sid != without)

    def breakdown(self, i: str, d: str, t0: float, executed: list[str]) -> float:
        total = 0.0
        for sid in executed:
            st = self.steps[sid]
            a = self.x[sid] + st.lag.mean
            j = st.actor
            total += self.once(i, self._v(st.once, i), self.x[sid])
            u = self._v(st.flow, i)
            rv = st.reversal
            rev = False
            if rv is not None:
                e = t0 + rv.lag.mean
                f, c = rv.feasible.mean, rv.cost.mean
                g = f * (-self.flow(j, self._v(st.flow, j), max(e, a), INF)
                         - c * self.E(j, t0))
                rev = g > 0
            if rev:
                assert rv is not None
                f, c = rv.feasible.mean, rv.cost.mean
                e = t0 + rv.lag.mean
                total += f * self.flow(i, u, a, e) + (1 - f) * self.flow(i, u, a, INF)
                if i == j:  # paid at t0: a one-off, 0 at or after the horizon
                    total -= f * self.once(i, c, t0)
            else:
                total += self.flow(i, u, a, INF)
        for k in self.s.sticks:
            if (k.against == d and all(a in executed for a in k.after)
                    and (k.commitment or self.stick_value(k, k.actor, t0) >= 0)):
                total += self.stick_value(k, i, t0)
        return total

    def stick_value(self, k: Any, i: str, t0: float) -> float:
        """PV at 0 to ``i`` of stick ``k`` imposed at ``t0``: once at t0, flow from t0 + lag."""
        return (self.flow(i, self._v(k.flow, i), t0 + k.lag.mean, INF)
                + self.once(i, self._v(k.once, i), t0))

    def non_credible(self) -> list[str]:
        """Sticks (file order) whose PV to their actor is < 0 at some breakdown against
        their target where the stick exists (its ``after:`` steps executed): its
        defection at any decision point, or its detected cheat at td.
        Committed sticks too: "credible" is that PV being >= 0 (MODEL.md §4)."""
        times: dict[str, list[tuple[float, list[str]]]] = {i: [] for i in self.parties}
        for p in range(len(self.moves) + 1):
            for i in self.parties:
                times[i].append((self.point_time(p), self.executed_before(p)))
        for p, (t, ids) in enumerate(self.moves):
            for sid in ids:
                v = self.steps[sid].verification
                if v is not None:
                    times[self.steps[sid].actor].append(
                        (t + v.delay.mean, self.cheat_executed(p, sid)))
        return [k.id for k in self.s.sticks
                if any(self.stick_value(k, k.actor, t) < 0 for t, ex in times[k.against]
                       if all(a in ex for a in k.after))]

    def cheat_executed(self, p: int, sid: str) -> list[str]:
        """Executed steps when cheating on ``sid`` at move ``p`` is detected at ``td``."""
        v = self.steps[sid].verification
        assert v is not None
        td = self.moves[p][0] + v.delay.mean
        executed = [q for _, ids in self.moves[:p + 1] for q in ids if q != sid]
        return executed + [q for t, ids in self.moves[p + 1:] if t < td for q in ids]

    def takes_part(self, i: str) -> bool:
        """Party ``i`` signs iff its surplus is >= 0 (tie rule against 0)."""
        c = self.compliance(i)
        return c >= 0 or _tie(c, 0.0)

    def viable(self) -> bool:
        return self.self_enforcing() and all(self.takes_part(i) for i in self.parties)

    def point_time(self, p: int) -> float:
        return self.moves[p][0] if p < len(self.moves) else self.T

    def executed_before(self, p: int) -> list[str]:
        return [sid for _, ids in self.moves[:p] for sid in ids]

    def margin(self, p: int, i: str) -> float:
        t0 = self.point_time(p)
        alt = self.breakdown(i, i, t0, self.executed_before(p))
        return (self.compliance(i) - alt) * math.exp(self.r[i] * t0)

    def cheat_paths(self, p: int, sid: str) -> tuple[float, dict[str, float], dict[str, float]]:
        """(detection, undetected PVs, detected PVs) of cheating on ``sid`` at move ``p``."""
        st = self.steps[sid]
        v = st.verification
        assert v is not None
        det = v.detection_mean
        i = st.actor
        td = self.moves[p][0] + v.delay.mean
        executed = self.cheat_executed(p, sid)
        und = {j: self.compliance(j, without=sid) for j in self.parties}
        dtc = {j: self.breakdown(j, i, td, executed) for j in self.parties}
        return det, und, dtc

    def cheat(self, p: int, sid: str) -> tuple[float, float | None]:
        """(cheat margin, required detection or None)."""
        i = self.steps[sid].actor
        det, und, dtc = self.cheat_paths(p, sid)
        c, u, d = self.compliance(i), und[i], dtc[i]
        margin = (c - (det * d + (1 - det) * u)) * math.exp(self.r[i] * self.moves[p][0])
        if u <= c:  # exactly as written
            req: float | None = 0.0
        elif u - d <= 0 or _tie(u, d):  # U == D up to rounding: detection changes nothing
            req = None
        else:
            req = (u - c) / (u - d)
        return margin, req

    # -- equilibrium ------------------------------------------------------------
    def equilibrium(self) -> tuple[dict[str, Any], dict[str, float]]:
        """Backward induction over the (point, party) chain; returns (outcome, values)."""
        value = {j: self.compliance(j) for j in self.parties}
        outcome: dict[str, Any] = {"kind": "completes"}
        n_points = len(self.moves) + 1
        for p in reversed(range(n_points)):
            t0 = self.point_time(p)
            for i in reversed(self.parties):
                options: list[tuple[dict[str, Any], dict[str, float]]] = [
                    ({}, value),
                    ({"kind": "breaks", "point": p, "party": i},
                     {j: self.breakdown(j, i, t0, self.executed_before(p))
                      for j in self.parties}),
                ]
                if p < len(self.moves):
                    ids = self.moves[p][1]
                    if ids and self.steps[ids[0]].actor == i:
                        for sid in ids:
                            if self.steps[sid].verification is None:
                                continue
                            det, und, dtc = self.cheat_paths(p, sid)
                            options.append((
                                {"kind": "cheats", "point": p, "party": i, "step": sid},
                                {j: det * dtc[j] + (1 - det) * und[j] for j in self.parties}))
                best = max(v[i] for _, v in options)
                for tag, v in options:
                    if _tie(v[i], best):
                        if tag:
                            outcome = tag
                        value = v
                        break
        return outcome, value

    def self_enforcing(self) -> bool:
        for p in range(len(self.moves) + 1):
            t0 = self.point_time(p)
            for i in self.parties:
                c = self.compliance(i)
                alt = self.breakdown(i, i, t0, self.executed_before(p))
                if not (c >= alt or _tie(c, alt)):
                    return False
        for p, (_, ids) in enumerate(self.moves):
            for sid in ids:
                if self.steps[sid].verification is None:
                    continue
                i = self.steps[sid].actor
                det, und, dtc = self.cheat_paths(p, sid)
                c, e = self.compliance(i), det * dtc[i] + (1 - det) * und[i]
                if not (c >= e or _tie(c, e)):
                    return False
        return True
