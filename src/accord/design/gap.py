"""The expectation gap (DESIGN.md §5): what an outside guarantor must promise each party.

``g_i`` is the smallest payment ``>= 0``, in value at completion ``T``, paid to party
``i`` at ``T`` if the road map completes (forfeit in every breakdown, a detected cheat
included; kept after an undetected cheat, which completes), that makes every margin
and cheat margin of ``i`` ``>= epsilon`` and ``i`` take part.  Such a payment adds
``g e^{-r_i T}`` to ``i``'s compliance PV and nothing to any breakdown, so:

- a margin ``m`` at time ``t`` (value at ``t``) rises by ``g e^{-r_i (T - t)}``;
- a cheat margin rises by ``p g e^{-r_i (T - t)}`` (the payment is kept with
  probability ``1 - p``, on the undetected path, as on compliance);
- the surplus ``u`` (PV at 0) rises by ``g e^{-r_i T}``.

Hence the closed form, over ``i``'s *failing* tests only (a margin at ``epsilon`` under
MODEL.md's tie rule holds)::

    g_i = max(0, max_points (epsilon - m) e^{r_i (T - t)},
                 max_cheats (epsilon - m) e^{r_i (T - t)} / p,
                 -u e^{r_i T})

``g_i`` is infinite when a failing cheat has ``p = 0`` (no payment reaches it) or
when something fails and ``T >= H`` (a one-off at or after the horizon is worth 0).
Values are at the means (the deterministic engine).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from accord.analysis import Analysis


@dataclass(frozen=True)
class PartyGap:
    """One party's gap: ``at_completion`` (value at ``T``) and ``pv`` (PV at 0 to the party).

    ``test`` is the failing test that sets it (the largest term of the closed form),
    ``{"kind": "margin" | "cheat" | "participation", "point", "step", "value"}``, or
    ``None`` when nothing of this party fails (``g = 0``).
    """

    party: str
    at_completion: float
    pv: float
    rate: float
    test: dict[str, Any] | None

    @property
    def infinite(self) -> bool:
        return math.isinf(self.at_completion)

    def to_dict(self) -> dict[str, Any]:
        return {"party": self.party, "at_completion": _num(self.at_completion),
                "pv": _num(self.pv), "infinite": self.infinite, "test": self.test}


def _num(x: float) -> float | None:
    return x if math.isfinite(x) else None


def fails(value: float, epsilon: float, ok: bool) -> bool:
    """A margin or cheat margin fails ``>= epsilon``: the engine's tie rule at 0, else 1e-9."""
    if epsilon == 0.0:
        return not ok
    return bool(value - epsilon < -1e-9 * max(1.0, abs(value)))


def expectation_gap(a: Analysis, epsilon: float = 0.0) -> dict[str, PartyGap]:
    """``g_i`` per party of the analyzed road map ``a`` (closed form above)."""
    sol = a.solution
    p = sol.params
    T = float(p.completion[0])
    H = float(p.horizon[0])
    times = sol.breakdowns.times[0]
    m = sol.margins[0]
    ch = sol.cheats
    out: dict[str, PartyGap] = {}
    for i, party in enumerate(a.parties):
        r = float(p.r[0, i])
        terms: list[tuple[float, dict[str, Any]]] = []
        for q in range(m.shape[0]):
            v = float(m[q, i])
            if fails(v, epsilon, bool(sol.margin_ok[0, q, i])):
                need = (epsilon - v) * math.exp(r * (T - float(times[q])))
                terms.append((need, {"kind": "margin", "point": q, "step": None, "value": v}))
        for k in range(len(ch.steps)):
            if int(ch.actors[k]) != i:
                continue
            v = float(ch.margin[0, k])
            if not fails(v, epsilon, bool(ch.deterred[0, k])):
                continue
            q = int(ch.points[k])
            det = float(p.detection[0, int(ch.steps[k])])
            base = (epsilon - v) * math.exp(r * (T - float(times[q])))
            need = math.inf if det <= 0.0 else base / det
            terms.append((need, {"kind": "cheat", "point": q,
                                 "step": a.layout.steps[int(ch.steps[k])], "value": v}))
        u = float(sol.surplus[0, i])
        if not bool(sol.takes_part[0, i]):
            terms.append((-u * math.exp(r * T), {"kind": "participation", "point": None,
                                                 "step": None, "value": u}))
        if not terms:
            out[party] = PartyGap(party, 0.0, 0.0, r, None)
            continue
        need, test = max(terms, key=lambda x: x[0])  # first of equal terms: node order
        g = max(0.0, need)
        if T >= H:
            g = math.inf
        out[party] = PartyGap(party, g, g * math.exp(-r * T) if math.isfinite(g) else g, r,
                              test)
    return out

