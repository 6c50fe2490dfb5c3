"""The mixed-integer program of DESIGN.md §2-§3 over the slots of :mod:`accord.design.space`.

The columns and the values as linear expressions are :mod:`accord.design.columns`, the
big-M bounds :mod:`accord.design.bounds`.  Here: every feasibility row (margins where the
slot is used, completion where the phase is the last, cheat margins where the step is
placed, surpluses), robust draws and quantiles, the elastic (shortfall) variant, the caps
of min-margin, and each objective of DESIGN.md §3.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from accord.design.coefficients import Coefficients
from accord.design.columns import Columns
from accord.design.linear import ONE, Builder, Lin, axpy, const
from accord.design.row import Test
from accord.design.space import Space


@dataclass
class Program:
    """The built program and the columns needed to read a solution back."""

    b: Builder
    cost: list[float]
    sense: int  # +1 minimize, -1 maximize (``cost`` is then negated for the solver)
    y: dict[tuple[int, int], int]
    u: dict[int, int]
    lam: dict[str, int]
    last: list[int]
    slack: list[int] = field(default_factory=list)
    robust: list[int] = field(default_factory=list)  # per-draw indicators (quantile)


def build(sp: Space, co: Coefficients, objective: str, epsilon: float, *,
          draws: Sequence[Coefficients] = (), quantile: float | None = None,
          tighten: float = 0.0, elastic: bool = False,
          floor: tuple[int, float] | None = None) -> Program:
    """The program: feasibility rows for ``co`` (or each of ``draws``), the objective at ``co``.

    With ``draws``, the rows hold at the means (``draw = -1``) and in each draw, or
    with ``quantile`` in at least ``ceil(q S)`` draws (one 0/1 column per draw).
    ``tighten`` raises every right-hand side (margins by ``tighten`` in value at the
    point, surpluses by ``tighten``); ``elastic`` adds a slack to every feasibility
    row and minimizes their sum (the shortfall); ``floor = (i, s)`` adds ``C_i >= s``.
    """
    m = Columns(sp, co)
    b = m.b
    n_p = co.value.shape[2]
    slack: list[int] = []
    t_col = b.var(-math.inf, math.inf) if objective == "min-margin" and not elastic else None
    sets = list(draws) or [co]
    robust: list[int] = []
    if quantile is not None and len(sets) > 1:
        robust = [b.var(0.0, 1.0, True) for _ in sets]
        b.row({v: 1.0 for v in robust}, float(math.ceil(quantile * len(sets) - 1e-9)))
    mean_comply = [m.compliance(co, i) for i in range(n_p)]
    tests: list[tuple[Lin, Lin | None, Test, float]] = []  # expr, active, test, rhs
    if draws:  # the written road map must hold at the means too (accord analyze)
        tests += _tests(m, co, mean_comply, -1, epsilon + tighten, tighten)
    for d, c in enumerate(sets):
        comply = mean_comply if c is co else [m.compliance(c, i) for i in range(n_p)]
        tests += _tests(m, c, comply, d, epsilon + tighten, tighten)
    merged = t_col is not None and not draws  # t >= epsilon: the t rows are the tests
    for expr, act, test, rhs in tests:
        if merged and test.kind != "surplus":
            continue
        if robust and test.draw >= 0:  # active where the draw counts too: u + w - 1
            act = axpy(dict(act or {ONE: 1.0}), 1.0, {robust[test.draw]: 1.0, ONE: -1.0})
        c_t = sets[test.draw] if test.draw >= 0 else co
        low = m.bounds(c_t, test)[0]
        if elastic:
            s_col = b.var(0.0, max(0.0, rhs - low))
            slack.append(s_col)
            expr = axpy(dict(expr), 1.0, {s_col: 1.0})
            _least_slack(m, c_t, test, rhs, s_col)
        b.at_least(expr, rhs, act, tag=test, low=low)
    if t_col is not None:
        own = [x for x in tests if x[2].draw == (-1 if draws else 0)]
        # every road map completes: t is at most some completion margin
        ends = [(t.slot, m.bounds(co, t, active=True)[1]) for _, _, t, _ in own
                if t.kind == "completion"]
        top = max(min(h for q, h in ends if q == kt) for kt in {q for q, _ in ends})
        b.lb[t_col] = epsilon + tighten if merged else -math.inf
        b.ub[t_col] = max(epsilon + tighten, top)
        for expr, act, test, _ in own:
            if test.kind != "surplus":
                b.at_least(axpy(dict(expr), -1.0, {t_col: 1.0}), 0.0, act,
                           low=m.bounds(co, test)[0] - b.ub[t_col])
        if merged:
            _caps(m, co, own, t_col)
    if floor is not None:
        b.row(mean_comply[floor[0]], floor[1], tag=Test("floor", floor[0]))
    cost, sense = _objective(m, co, objective, mean_comply, t_col, slack)
    return Program(b=b, cost=cost, sense=sense, y=m.y, u=m.u, lam=m.lam, last=m.last,
                   slack=slack, robust=robust)


def _caps(m: Columns, co: Coefficients, own: list[tuple[Lin, Lin | None, Test, float]],
          t_col: int) -> None:
    """Upper bounds on min-margin's ``t`` without big-M: every mandatory step ``j`` sits in
    exactly one slot, and that slot is used, so ``t <= Σ_σ y[j, σ] hi_i(σ)`` for every
    party ``i``, ``hi_i(σ)`` the upper bound (:class:`~accord.design.bounds.Bounds`) of
    ``i``'s margin before slot ``σ`` where ``j`` is in ``σ``; a verified mandatory step
    likewise with its cheat margin's bound where it is active; and exactly one phase is
    the last, so ``t <= Σ_k L_k hi_i(T_k)`` with the completion bounds where ``L_k = 1``.
    Valid at every integral point; in the relaxation they cap ``t`` where the big-M rows,
    relaxed by fractional ``u``, do not."""
    sp = m.sp
    groups: dict[tuple[object, ...], Lin] = {}
    for _, _, test, _ in own:
        if test.kind == "surplus":
            continue
        for j, col, h in _active(m, co, test):
            if j in sp.optional:
                continue
            key = (("T", test.party) if test.kind == "completion" else ("c", j)
                   if test.kind == "cheat" else ("m", test.party, j))
            groups.setdefault(key, {})[col] = h
    for g in groups.values():
        m.b.row(axpy({t_col: 1.0}, -1.0, g), hi=0.0)


def _active(m: Columns, co: Coefficients, test: Test) -> list[tuple[int, int, float]]:
    """Where a row (not a surplus) is active and its expression's upper bound there:
    ``(step, column, hi)``, the 0/1 column that activates it with the step it places:
    a completion row's ``L[k]`` (step -1), a cheat row's step in its slot, and each step
    ``j`` that may sit in a margin row's slot (its bound given ``j`` there)."""
    if test.kind == "completion":
        return [(-1, m.last[test.slot], m.bounds(co, test, active=True)[1])]
    if test.kind == "cheat":
        return [(test.step, m.y[test.step, test.slot], m.bounds(co, test, active=True)[1])]
    return [(j, m.y[j, test.slot], m.bounds(co, test, at=(j, test.slot))[1])
            for j in m.sp.slots[test.slot].allowed]


def _least_slack(m: Columns, co: Coefficients, test: Test, rhs: float, s_col: int) -> None:
    """The slack a row needs wherever it is active, without big-M: at least ``rhs - hi``
    with ``hi`` the upper bound of its expression (:class:`~accord.design.bounds.Bounds`)
    where it is active, times the 0/1 column that makes it so (step ``j`` in the margin
    row's slot, the cheat row's step in its slot, the completion row's phase the last).
    Valid at every integral point; in the relaxation the big-M rows, relaxed by
    fractional ``u``, need no slack at all (the shortfall's bound would be 0)."""
    b = m.b
    if test.kind == "surplus":
        b.lb[s_col] = max(b.lb[s_col], rhs - m.bounds(co, test)[1])
        return
    for _, col, hi in _active(m, co, test):
        if rhs - hi > 1e-9 * max(1.0, abs(rhs), abs(hi)):
            b.row({s_col: 1.0, col: -(rhs - hi)}, 0.0)


def _tests(m: Columns, c: Coefficients, comply: list[Lin], d: int, rhs: float,
           floor: float) -> list[tuple[Lin, Lin | None, Test, float]]:
    """Every feasibility row of one draw: ``(expr, active, test, rhs)``."""
    sp = m.sp
    n_p = len(comply)
    out: list[tuple[Lin, Lin | None, Test, float]] = []
    for sg in range(len(sp.slots)):
        act = None if sp.slots[sg].fixed else {m.u[sg]: 1.0}
        for i in range(n_p):
            out.append((m.margin(c, i, sg, comply[i]), act, Test("margin", i, sg, draw=d), rhs))
    for kt in range(len(m.last)):
        for i in range(n_p):
            out.append((m.completion(c, i, kt, comply[i]), {m.last[kt]: 1.0},
                        Test("completion", i, kt, draw=d), rhs))
    for (j, sg), yv in m.y.items():
        if c.layout.verified[j]:
            act = None if sp.slots[sg].fixed else {yv: 1.0}
            out.append((m.cheat(c, j, sg, comply[sp.actor[j]]), act,
                        Test("cheat", sp.actor[j], sg, j, draw=d), rhs))
    for i in range(n_p):
        out.append((comply[i], None, Test("surplus", i, draw=d), floor))
    return out


def _objective(m: Columns, co: Coefficients, objective: str, comply: list[Lin],
               t_col: int | None, slack: list[int]) -> tuple[list[float], int]:
    b = m.b
    out: Lin = {}
    sense = 1
    kind, _, arg = objective.partition(":")
    if slack:
        out = {v: 1.0 for v in slack}
    elif kind == "min-margin":
        assert t_col is not None
        out, sense = {t_col: 1.0}, -1
    elif kind == "surplus":
        out, sense = comply[co.layout.parties.index(arg)], -1
    elif kind == "completion":
        out = {v: float(co.grid.end[k]) for k, v in enumerate(m.last)}
    elif kind == "cost":
        for j in m.step_lam:
            if j not in m.sp.candidates:
                continue
            i = m.sp.actor[j]
            for k in range(len(m.last)):
                extra = axpy(dict(m.ph(j, k)), -1.0, m.ph(j, k, weighted=False))
                axpy(out, -float(co.value[j, k, i]), extra)
    elif kind == "capability-years":
        c = co.layout.capabilities.index(arg)
        out = {v: float(co.cap_initial[c] * co.grid.end[k]) for k, v in enumerate(m.last)}
        n_k = len(m.last)
        for j in sorted(m.sp.candidates):
            # pi[k, kt] = [j in phase k] [last phase kt], with the exact aggregations
            # sum_kt pi[k, kt] = [j in k] and sum_k pi[k, kt] <= L_kt (= if j is scheduled):
            # valid at every integral point (j in k forces the last phase to k or later)
            # and far tighter in the relaxation than one McCormick product per pair
            if not co.capyears[j, :, :, c].any():
                continue
            col: dict[int, list[int]] = {}
            for k in m.phases_of[j]:
                ks = [b.var() for _ in range(k, n_k)]
                for kt, pi in zip(range(k, n_k), ks, strict=True):
                    col.setdefault(kt, []).append(pi)
                    w = float(co.capyears[j, k, kt, c])
                    if w:
                        axpy(out, w, {pi: 1.0})
                b.row(axpy({v: 1.0 for v in ks}, -1.0, m.ph(j, k, weighted=False)), 0.0, 0.0)
            must = j not in m.sp.optional
            for kt, pis in col.items():
                e = axpy({v: 1.0 for v in pis}, -1.0, {m.last[kt]: 1.0})
                b.row(e, 0.0 if must else -math.inf, 0.0)
    cost = [0.0] * len(b.lb)
    for v, a in out.items():
        if v != ONE:
            cost[v] = a
    return cost, sense


__all__ = ["Program", "Test", "build", "const"]
