"""Brute force over every placement, independent of :mod:`accord.design`.

For each candidate road map (every assignment of the pool steps to moves of the grid,
DESIGN.md §2), the scales are solved exactly by a linear program whose coefficients come
from the exact engine alone: every tested number (margins, cheat margins, surpluses,
capability-years, completion, cost) is linear in the multipliers, so it is the engine's
value at ``λ = 1`` plus, for each scaled item, the change when that item's ``λ`` goes to 2.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linprog

from accord import Scenario
from accord.engine import Layout, build
from accord.engine import analyze as run_engine
from accord.model import Move, Phase, Quantity


@dataclass(frozen=True)
class Best:
    feasible: bool
    value: float | None
    roadmap: Any = None
    scale: dict[str, float] | None = None


def _grid(data: dict[str, Any]) -> list[tuple[float, float]]:
    out, end = [], 0.0
    for ph in data["roadmap"]:
        start = ph.get("start", end)
        end = start + ph["duration"]
        out.append((start, end))
    return out


def placements(data: dict[str, Any]) -> Iterator[list[list[list[str]]]]:
    """Every candidate: per grid phase, its moves (lists of step ids)."""
    d = data.get("design", {})
    ids = [s["id"] for s in data["steps"]]
    actor = {s["id"]: s["actor"] for s in data["steps"]}
    pool = list(d.get("pool", ids))
    pins = d.get("pin", {})
    optional = set(d.get("optional", [])) - set(pins)
    phases = [ph["phase"] for ph in data["roadmap"]]
    fixed = [[[x for x in m if x not in pool] for m in ph["moves"]] for ph in data["roadmap"]]
    fixed = [[m for m in ph if m] for ph in fixed]

    def rec(k: int, fi: int, left: frozenset[str], acc: list[list[list[str]]]
            ) -> Iterator[list[list[list[str]]]]:
        if k == len(phases):
            if all(x in optional for x in left):
                yield [list(map(list, ph)) for ph in acc]
            return
        here = [x for x in sorted(left) if pins.get(x, phases[k]) == phases[k]]
        # a new pool move here
        for r in range(1, len(here) + 1):
            for sub in itertools.combinations(here, r):
                if len({actor[x] for x in sub}) == 1:
                    acc[k].append(list(sub))
                    yield from rec(k, fi, left - set(sub), acc)
                    acc[k].pop()
        if fi < len(fixed[k]):
            acc[k].append(fixed[k][fi])
            yield from rec(k, fi + 1, left, acc)
            acc[k].pop()
        else:
            if any(pins.get(x) == phases[k] for x in left):
                return
            yield from rec(k + 1, 0, left, acc)

    yield from rec(0, 0, frozenset(pool), [[] for _ in phases])


def _requires_ok(data: dict[str, Any], cand: list[list[list[str]]]) -> bool:
    move = {}
    n = 0
    for ph in cand:
        for m in ph:
            for x in m:
                move[x] = n
            n += 1
    for s in data["steps"]:
        if s["id"] in move:
            for r in s.get("requires", []):
                if r not in move or move[r] >= move[s["id"]]:
                    return False
    return True


def written(data: dict[str, Any], cand: list[list[list[str]]],
            lam: dict[str, float]) -> dict[str, Any]:
    """The file form of candidate ``cand`` with every scaled number times ``lam``."""
    grid = _grid(data)
    out = {k: v for k, v in data.items() if k != "design"}
    out["roadmap"] = [{"phase": ph["phase"], "start": grid[k][0], "duration": ph["duration"],
                       "moves": cand[k]} for k, ph in enumerate(data["roadmap"]) if cand[k]]
    steps = []
    for s in data["steps"]:
        f = lam.get(s["id"], 1.0)
        s = dict(s)
        for key in ("flow", "once"):
            if key in s:
                s[key] = {p: f * v for p, v in s[key].items()}
        if "reversal" in s and "cost" in s["reversal"]:
            s["reversal"] = {**s["reversal"], "cost": f * s["reversal"]["cost"]}
        steps.append(s)
    out["steps"] = steps
    sticks = []
    for k in data.get("sticks", []):
        f = lam.get(k["id"], 1.0)
        k = dict(k)
        for key in ("flow", "once"):
            if key in k:
                k[key] = {p: f * v for p, v in k[key].items()}
        sticks.append(k)
    if sticks:
        out["sticks"] = sticks
    return out


class Evaluator:
    """The engine on every candidate of one instance.

    One engine run per candidate: draw 0 has every ``λ = 1``, draw ``1 + n`` has the
    ``n``-th scaled item's ``λ = 2`` (its flows, one-offs and reversal cost doubled).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.grid = _grid(data)
        self.base = Scenario.model_validate({k: v for k, v in data.items() if k != "design"})
        self.names = list(data.get("design", {}).get("scale", {}))
        steps = {s["id"]: i for i, s in enumerate(data["steps"])}
        sticks = {k["id"]: i for i, k in enumerate(data.get("sticks", []))}
        self.factor: dict[tuple[str, int], np.ndarray] = {}
        for n, x in enumerate(self.names):
            f = np.ones(1 + len(self.names))
            f[1 + n] = 2.0
            self.factor[("steps", steps[x]) if x in steps else ("sticks", sticks[x])] = f

    def value(self, path: tuple[Any, ...], q: Quantity) -> np.ndarray:
        f = self.factor.get((path[0], path[1])) if len(path) > 2 else None
        scaled = f is not None and (path[2] in ("flow", "once") or path[2:] == ("reversal",
                                                                                 "cost"))
        return q.mean * (f if scaled and f is not None else np.ones(1 + len(self.names)))

    def solution(self, cand: list[list[list[str]]]) -> Any:
        phases = tuple(Phase(phase=ph["phase"], start=Quantity.of(self.grid[k][0]),
                             duration=Quantity.of(ph["duration"]),
                             moves=tuple(Move(tuple(m)) for m in cand[k]))
                       for k, ph in enumerate(self.data["roadmap"]) if cand[k])
        s = self.base.model_copy(update={"roadmap": phases})
        lay = Layout.of(s)
        return run_engine(lay, build(s, lay, self.value))

    @staticmethod
    def numbers(sol: Any, objective: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per draw: tests in value at their point, surpluses, objective."""
        lay = sol.layout
        d = sol.surplus.shape[0]
        tests = np.concatenate([sol.margins.reshape(d, -1), sol.cheats.margin], axis=1)
        kind, _, arg = objective.partition(":")
        if kind == "min-margin":
            obj = tests.min(axis=1)
        elif kind == "surplus":
            obj = sol.surplus[:, lay.parties.index(arg)]
        elif kind == "completion":
            obj = sol.breakdowns.times[:, -1]
        elif kind == "capability-years":
            obj = sol.capabilities.capability_years[:, lay.capabilities.index(arg)]
        else:  # cost: Σ (λ - 1) c_x, the c_x from the unscaled draw (see best_for)
            obj = np.zeros(d)
        return tests, sol.surplus, obj


def best_for(ev: Evaluator, cand: list[list[list[str]]], objective: str,
             eps: float) -> Best:
    """The exact optimum over the scales for one placement (an LP, or an evaluation)."""
    scale = ev.data.get("design", {}).get("scale", {})
    names = ev.names
    sol = ev.solution(cand)
    tt, ss, oo = ev.numbers(sol, objective)
    t0, s0, o0 = tt[0], ss[0], float(oo[0])
    cols_t = [tt[1 + n] - t0 for n in range(len(names))]
    cols_s = [ss[1 + n] - s0 for n in range(len(names))]
    cols_o = [float(oo[1 + n] - o0) for n in range(len(names))]
    kind = objective.partition(":")[0]
    if kind == "cost":
        lay = sol.layout
        cols_o = [-float(sol.step_values[0, lay.steps.index(x),
                                         lay.step_actor[lay.steps.index(x)]])
                  if x in lay.steps else 0.0 for x in names]
        o0 = 0.0
    n = len(names)
    if n == 0:
        ok = bool(np.all(t0 >= eps - 1e-9 * np.maximum(1, np.abs(t0)))
                  and np.all(s0 >= -1e-9 * np.maximum(1, np.abs(s0))))
        return Best(ok, o0 if ok else None, cand, {})
    # variables: λ (n), then t for min-margin; value(λ) = v0 + Σ (λ - 1) col
    gt, gs = np.array(cols_t).T, np.array(cols_s).T  # (rows, n)
    go = np.array(cols_o)
    ones = np.ones(n)
    fixed_t = ~np.any(gt != 0, axis=1)
    fixed_s = ~np.any(gs != 0, axis=1)
    if np.any(t0[fixed_t] < eps - 1e-9 * np.maximum(1, np.abs(t0[fixed_t]))) or np.any(
            s0[fixed_s] < -1e-9 * np.maximum(1, np.abs(s0[fixed_s]))):
        return Best(False, None, cand)  # a test no multiplier moves fails
    a_ub = np.vstack([-gt, -gs])
    b_ub = np.concatenate([t0 - gt @ ones - eps, s0 - gs @ ones])
    bounds = [tuple(scale[x]) for x in names]
    if kind == "min-margin":
        top = np.hstack([np.vstack([-gt, -gs]), np.zeros((len(b_ub), 1))])
        a_ub = np.vstack([top, np.hstack([-gt, np.ones((len(t0), 1))])])
        b_ub = np.concatenate([b_ub, t0 - gt @ ones])
        c = np.zeros(n + 1)
        c[-1] = -1.0
        bounds = [*bounds, (None, None)]
    else:
        maximize = kind == "surplus"
        c = -go if maximize else go
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if res.status == 2:
        return Best(False, None, cand)
    assert res.status == 0, res.message
    lam = res.x[:n]
    if kind == "min-margin":
        value = float(res.x[-1])
    else:
        value = float(o0 + go @ (lam - ones)) if kind != "cost" else float(go @ (lam - ones))
    return Best(True, value, cand, dict(zip(names, map(float, lam), strict=True)))


def _candidates(data: dict[str, Any], keep_order: bool) -> list[list[list[list[str]]]]:
    """Every placement that respects ``requires:`` (or the written one with ``keep_order``)."""
    if keep_order:
        return [[[list(m) for m in ph["moves"]] for ph in data["roadmap"]]]
    return [c for c in placements(data) if _requires_ok(data, c)]


def brute(data: dict[str, Any], objective: str | None = None, *,
          keep_order: bool = False) -> Best:
    """The best candidate over every placement (or the written one with ``keep_order``)."""
    d = data.get("design", {})
    objective = objective or d.get("objective", "min-margin")
    eps = d.get("epsilon", 0.0)
    cands = _candidates(data, keep_order)
    maximize = objective.partition(":")[0] in ("min-margin", "surplus")
    best = Best(False, None)
    ev = Evaluator(data)
    for c in cands:
        b = best_for(ev, c, objective, eps)
        if not b.feasible:
            continue
        assert b.value is not None
        if best.value is None or (b.value > best.value if maximize else b.value < best.value):
            best = b
    return best


def shortfall_for(ev: Evaluator, cand: list[list[list[str]]], eps: float) -> float:
    """The smallest total shortfall of one placement over the scales: an LP in ``λ`` and
    one slack per test, ``s_r >= eps - test_r(λ)`` (margins and cheat margins in value at
    their points), ``s_p >= -surplus_p(λ)``, ``s >= 0``, minimizing ``Σ s``."""
    scale = ev.data.get("design", {}).get("scale", {})
    names = ev.names
    tt, ss, _ = ev.numbers(ev.solution(cand), "min-margin")
    t0, s0 = tt[0], ss[0]
    n = len(names)
    if n == 0:
        return float(np.maximum(0.0, eps - t0).sum() + np.maximum(0.0, -s0).sum())
    gt = np.array([tt[1 + k] - t0 for k in range(n)]).T  # (rows, n)
    gs = np.array([ss[1 + k] - s0 for k in range(n)]).T
    g = np.vstack([gt, gs])
    v0 = np.concatenate([t0 - eps, s0]) - g @ np.ones(n)  # test(λ) - rhs = v0 + g λ
    r = len(v0)
    # variables: λ (n), s (r); -g λ - s <= v0
    a_ub = np.hstack([-g, -np.eye(r)])
    c = np.concatenate([np.zeros(n), np.ones(r)])
    bounds = [tuple(scale[x]) for x in names] + [(0.0, None)] * r
    res = linprog(c, A_ub=a_ub, b_ub=v0, bounds=bounds, method="highs")
    assert res.status == 0, res.message
    return float(res.fun)


def brute_shortfall(data: dict[str, Any], *, keep_order: bool = False) -> float:
    """The smallest total shortfall over every placement (DESIGN.md §5)."""
    eps = data.get("design", {}).get("epsilon", 0.0)
    ev = Evaluator(data)
    return min(shortfall_for(ev, c, eps) for c in _candidates(data, keep_order))


__all__ = ["Best", "brute", "brute_shortfall", "math", "placements"]
