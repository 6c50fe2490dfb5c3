"""The mixed-integer program of DESIGN.md §2-§3 over the slots of :mod:`accord.design.space`.

Columns: ``y[j, σ]`` (step ``j`` in slot ``σ``), ``u[σ]`` (slot used), ``a[σ, i]`` (its
actor), ``L[k]`` (phase ``k`` is the last that holds a move, so ``T = Σ L_k T_k``),
``λ_x`` (multipliers), and the cumulative ``E[j, b] = Σ_{σ < b} y[j, σ]`` (step ``j``
executed before boundary ``b``), 0/1 at every integral point.  Scaled values enter
through ``V[j, b] = λ_j E[j, b]`` and armed scaled sticks through ``λ z``, both exact
McCormick products (``λ`` bounded, the other factor 0/1).

With ``PH[j, k] = E[j, first_{k+1}] - E[j, first_k]`` (``j`` in phase ``k``), party ``i``'s
compliance PV is ``C_i = Σ_j Σ_k value[j,k,i] PH[j,k]`` and the breakdown after it defects
before slot ``σ`` of phase ``k`` (time ``S_k``) is
``B_i(σ) = Σ_j [Σ_{k'<k} broken[j,k',S_k,i] PH[j,k'] + broken[j,k,S_k,i] (E[j,σ] -
E[j,first_k])] + Σ_{sticks against i, live at S_k} stick[·,S_k,i] z``, ``z`` the AND of
the stick's ``after:`` steps' ``E[·, σ]``.  Every margin row
``(C_i - B_i(σ)) e^{r_i S_k} >= ε`` holds where ``u[σ] = 1`` (exact big-M from the
column bounds), completion rows where ``L[k] = 1``, and a cheat row for verified step
``j`` in slot ``σ`` where ``y[j, σ] = 1``:
``e^{r_i S_k} [p (C_i - D) + (1 - p) λ_j value[j,k,i]] >= ε`` with ``D`` the detected
breakdown at ``S_k + delay`` (the moves up to slot ``σ``, and later moves of phases that
start before the detection time, ``j`` excluded).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.design.coefficients import Coefficients
from accord.design.linear import ONE, Builder, Lin, axpy, const
from accord.design.space import Space


@dataclass(frozen=True)
class Test:
    """What one feasibility row tests: a margin, a cheat margin, completion or surplus."""

    kind: str  # "margin", "cheat", "completion", "surplus", "floor"
    party: int
    slot: int = -1  # slot (margin, cheat) or phase (completion)
    step: int = -1
    draw: int = 0


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


class _Model:
    """Builds the program for one space and one or more coefficient sets (draws)."""

    def __init__(self, sp: Space, co: Coefficients) -> None:
        self.sp, self.co = sp, co
        self.b = Builder()
        n_slots = len(sp.slots)
        self.n_b = n_slots + 1
        self.y: dict[tuple[int, int], int] = {}
        self.u: dict[int, int] = {}
        b = self.b
        for sg, slot in enumerate(sp.slots):
            if slot.fixed:
                self.u[sg] = b.var(1.0, 1.0, True)
                for j in slot.allowed:
                    self.y[j, sg] = b.var(1.0, 1.0, True)
            else:
                self.u[sg] = b.var(0.0, 1.0, True)
                for j in slot.allowed:
                    self.y[j, sg] = b.var(0.0, 1.0, True)
        # E[j][b]: None while nothing can have placed j before boundary b
        self.E: dict[int, list[int | None]] = {}
        for j in sorted(sp.candidates):
            col: list[int | None] = [None]
            for sg in range(n_slots):
                prev = col[-1]
                yv = self.y.get((j, sg))
                if yv is None:
                    col.append(prev)
                    continue
                e = b.var()
                expr: Lin = {e: 1.0, yv: -1.0}
                if prev is not None:
                    expr[prev] = -1.0
                b.row(expr, 0.0, 0.0)
                col.append(e)
            self.E[j] = col
        self.lam: dict[str, int] = {x: b.var(lo, hi) for x, (lo, hi) in sp.scale.items()}
        self.V: dict[tuple[int, int], int] = {}
        self.step_lam = {j: self.lam[sid] for j, sid in enumerate(sp.steps) if sid in self.lam}
        self.last = [b.var(0.0, 1.0, True) for _ in co.grid.phases]
        self._and: dict[object, int] = {}
        self._bounds: dict[tuple[object, ...], tuple[dict[int, tuple[float, float]],
                                                      float, float, float]] = {}
        self.phases_of = {j: sorted({sp.slots[sg].phase for (jj, sg) in self.y if jj == j})
                          for j in sp.candidates}
        self.structure()

    # -- expressions ------------------------------------------------------------
    def e(self, j: int, bd: int) -> Lin:
        """``E[j, b]``: 1 if ``j`` is executed before boundary ``bd``."""
        col = self.E.get(j)
        v = None if col is None else col[bd]
        return {} if v is None else {v: 1.0}

    def ev(self, j: int, bd: int) -> Lin:
        """``λ_j E[j, b]`` (``E[j, b]`` for an unscaled step)."""
        col = self.E.get(j)
        v = None if col is None else col[bd]
        if v is None:
            return {}
        lam = self.step_lam.get(j)
        if lam is None:
            return {v: 1.0}
        key = (j, bd)
        if key not in self.V:
            self.V[key] = self.b.product(v, lam)
        return {self.V[key]: 1.0}

    def ph(self, j: int, k: int, weighted: bool = True) -> Lin:
        f = self.ev if weighted else self.e
        out = dict(f(j, self.sp.first[k + 1]))
        return axpy(out, -1.0, f(j, self.sp.first[k]))

    def lam_of(self, item: str) -> Lin:
        v = self.lam.get(item)
        return {ONE: 1.0} if v is None else {v: 1.0}

    def armed(self, kk: int, parts: list[Lin] | None, key: object) -> Lin:
        """``λ_kk`` times the AND of ``parts`` (``None``: the stick has no ``after:``)."""
        sid = self.co.layout.sticks[kk]
        lam = self.lam.get(sid)
        if parts is None:
            return self.lam_of(sid)
        if any(not p for p in parts):
            return {}
        if key not in self._and:
            z = self.b.conj(parts)
            self._and[key] = z if lam is None else self.b.product(z, lam)
        return {self._and[key]: 1.0}

    def after(self, kk: int) -> list[int] | None:
        row = self.co.layout.stick_after[kk]
        return [int(j) for j in np.flatnonzero(row)] if row.any() else None

    # -- structure --------------------------------------------------------------
    def structure(self) -> None:
        sp, b = self.sp, self.b
        for j in sorted(sp.pool):
            ys = {v: 1.0 for (jj, _), v in self.y.items() if jj == j}
            b.row(ys, 0.0 if j in sp.optional else 1.0, 1.0)
        for sg, slot in enumerate(sp.slots):
            for j in slot.allowed:  # requires: every required step in an earlier move
                for r in sp.requires[j]:
                    b.row(axpy({self.y[j, sg]: 1.0}, -1.0, self.e(r, sg)), hi=0.0)
            if slot.fixed:
                continue
            u = self.u[sg]
            actors = sorted({sp.actor[j] for j in slot.allowed})
            b.row(axpy({u: 1.0}, -1.0, {self.y[j, sg]: 1.0 for j in slot.allowed}), hi=0.0)
            if len(actors) == 1:
                for j in slot.allowed:
                    b.row({self.y[j, sg]: 1.0, u: -1.0}, hi=0.0)
            else:
                a = {i: b.var(0.0, 1.0, True) for i in actors}
                b.row(axpy({v: 1.0 for v in a.values()}, -1.0, {u: 1.0}), 0.0, 0.0)
                for j in slot.allowed:
                    b.row({self.y[j, sg]: 1.0, a[sp.actor[j]]: -1.0}, hi=0.0)
            nxt = sg + 1
            if nxt < len(sp.slots) and not sp.slots[nxt].fixed \
                    and sp.slots[nxt].phase == slot.phase and sp.slots[nxt].gap == slot.gap:
                b.row({self.u[nxt]: 1.0, u: -1.0}, hi=0.0)
        n_k = len(self.last)
        b.row({v: 1.0 for v in self.last}, 1.0, 1.0)
        for k in range(n_k):
            used = {self.u[sg]: 1.0 for sg in sp.phase_slots(k)}
            b.row(axpy({self.last[k]: 1.0}, -1.0, used), hi=0.0)  # L_k <= Σ u in k
            for sg in sp.phase_slots(k):  # u in k => the last phase is k or later
                b.row(axpy({self.u[sg]: 1.0}, -1.0, {self.last[q]: 1.0
                                                      for q in range(k, n_k)}), hi=0.0)

    # -- values -----------------------------------------------------------------
    def compliance(self, co: Coefficients, i: int) -> Lin:
        out: Lin = {}
        for j in sorted(self.sp.candidates):
            for k in range(len(self.last)):
                axpy(out, float(co.value[j, k, i]), self.ph(j, k))
        return out

    def sticks_at(self, co: Coefficients, i: int, t: int, parts_of: object, key: object) -> Lin:
        """PV to ``i`` of the sticks against ``i`` imposed at ``times[t]``."""
        out: Lin = {}
        lay = co.layout
        for kk in range(len(lay.sticks)):
            if lay.stick_against[kk] != i or not co.stick_live[kk, t]:
                continue
            val = float(co.stick[kk, t, i])
            if val == 0.0:
                continue
            aft = self.after(kk)
            parts = None if aft is None else [parts_of(a) for a in aft]  # type: ignore[operator]
            axpy(out, val, self.armed(kk, parts, (kk, key)))
        return out

    def margin(self, co: Coefficients, i: int, sg: int, comply: Lin) -> Lin:
        """``(C_i - B_i(σ)) e^{r_i S_k}``: party ``i``'s margin before slot ``sg``."""
        k = self.sp.slots[sg].phase
        t = co.t_start(k)
        brk: Lin = {}
        for j in sorted(self.sp.candidates):
            for q in range(k):
                axpy(brk, float(co.broken[j, q, t, i]), self.ph(j, q))
            inside = axpy(dict(self.ev(j, sg)), -1.0, self.ev(j, self.sp.first[k]))
            axpy(brk, float(co.broken[j, k, t, i]), inside)
        axpy(brk, 1.0, self.sticks_at(co, i, t, lambda a: self.e(a, sg), ("m", sg)))
        return self._at(co, i, float(co.grid.start[k]), comply, brk)

    def completion(self, co: Coefficients, i: int, kt: int, comply: Lin) -> Lin:
        t = co.t_end(kt)
        brk: Lin = {}
        for j in sorted(self.sp.candidates):
            for q in range(kt + 1):
                axpy(brk, float(co.broken[j, q, t, i]), self.ph(j, q))
        end = len(self.sp.slots)
        axpy(brk, 1.0, self.sticks_at(co, i, t, lambda a: self.e(a, end), ("T", kt)))
        return self._at(co, i, float(co.grid.end[kt]), comply, brk)

    def cheat(self, co: Coefficients, j: int, sg: int, comply: Lin) -> Lin:
        """``e^{r_i S_k} [p (C_i - D) + (1 - p) λ_j value[j,k,i]]``: the cheat margin of ``j``
        placed in slot ``sg``, ``D`` the detected breakdown at ``td = S_k + delay_j``."""
        sp = self.sp
        k = sp.slots[sg].phase
        i = sp.actor[j]
        td_i = co.t_detect(j, k)
        td = float(co.times[td_i])
        # per phase: 2 all of it executed at td, 1 the moves up to slot sg, 0 none
        modes = tuple(2 if q < k or co.grid.start[q] < td else 1 if q == k else 0
                      for q in range(len(self.last)))

        def executed(jj: int, q: int, weighted: bool) -> Lin:
            if jj == j or modes[q] == 0:
                return {}
            if modes[q] == 2:
                return self.ph(jj, q, weighted)
            f = self.ev if weighted else self.e
            return axpy(dict(f(jj, sg + 1)), -1.0, f(jj, sp.first[k]))

        def done(jj: int) -> Lin:
            out: Lin = {}
            for q in range(len(self.last)):
                axpy(out, 1.0, executed(jj, q, False))
            return out

        det: Lin = {}
        for jj in sorted(sp.candidates):
            for q in range(len(self.last)):
                axpy(det, float(co.broken[jj, q, td_i, i]), executed(jj, q, True))
        axpy(det, 1.0, self.sticks_at(co, i, td_i, done, ("c", j, sg, modes)))
        p = float(co.detection[j])
        out: Lin = {}
        axpy(out, p, comply)
        axpy(out, -p, det)
        own = float(co.value[j, k, i])
        lam = self.step_lam.get(j)
        axpy(out, (1.0 - p) * own, {ONE: 1.0} if lam is None else {lam: 1.0})
        f = math.exp(float(co.params.r[0, i]) * float(co.grid.start[k]))
        return {v: c * f for v, c in out.items()}

    # -- bounds -----------------------------------------------------------------
    def _range(self, item: str) -> tuple[float, float]:
        return self.sp.scale.get(item, (1.0, 1.0))

    def _span(self, j: int, values: list[float], *, absent: bool = True) -> tuple[float, float]:
        """Smallest and largest of ``values`` times ``λ_j`` over its range, and 0 where
        ``j`` may be left out (an optional step; ``absent``: the term vanishes then)."""
        lo, hi = self._range(self.sp.steps[j])
        out = [v * f for v in values for f in (lo, hi)]
        if (absent and j in self.sp.optional) or not out:
            out.append(0.0)
        return min(out), max(out)

    def bounds(self, co: Coefficients, test: Test, *, active: bool = False,
               at: tuple[int, int] | None = None) -> tuple[float, float]:
        """Bounds of a test's expression at every integral point, the row active or not:
        each step alone in each state it can be in (left out if optional, placed in a
        phase, executed or not at the breakdown), each stick armed or not, each ``λ`` at
        either bound.  Much tighter than column bounds: the big-M of a row.

        ``active``: only at the points where the row is active (a completion row: every
        step in phase ``test.slot`` or earlier, or left out; a cheat row: its step in its
        slot's phase); ``at = (j, σ)``: only where step ``j`` is in slot ``σ`` (its move is
        after the decision point of a margin row at ``σ``)."""
        kind = test.kind
        where = test.slot if kind in ("completion", "surplus") \
            else self.sp.slots[test.slot].phase
        key = (id(co), kind, test.party, where, test.step, active and kind != "margin")
        if key not in self._bounds:
            self._bounds[key] = self._terms(co, test, active)
        terms, lo, hi, f = self._bounds[key]
        if at is not None and at[0] in terms:
            j = at[0]
            a, b = self._span(j, [float(co.value[j, self.sp.slots[at[1]].phase, test.party])])
            lo, hi = lo - terms[j][0] + a, hi - terms[j][1] + b
        return lo * f, hi * f

    def _terms(self, co: Coefficients, test: Test, active: bool
               ) -> tuple[dict[int, tuple[float, float]], float, float, float]:
        """Each step's share of :meth:`bounds` (before the factor ``e^{r_i t}``), their
        sums with the sticks', and the factor."""
        sp = self.sp
        i, kind = test.party, test.kind
        n_k = len(self.last)
        terms: dict[int, tuple[float, float]] = {}
        if kind == "surplus":
            for j in sorted(sp.candidates):
                terms[j] = self._span(j, [float(co.value[j, q, i]) for q in self.phases_of[j]])
            return (terms, sum(a for a, _ in terms.values()),
                    sum(b for _, b in terms.values()), 1.0)
        cheat_j = test.step if kind == "cheat" else -1
        if kind == "completion":
            t, t0 = co.t_end(test.slot), float(co.grid.end[test.slot])
            modes = tuple(2 if q <= test.slot else 0 for q in range(n_k))
            p = 1.0
        else:
            k = sp.slots[test.slot].phase
            t0 = float(co.grid.start[k])
            if kind == "margin":
                t, p = co.t_start(k), 1.0
                modes = tuple(2 if q < k else 1 if q == k else 0 for q in range(n_k))
            else:
                t, p = co.t_detect(cheat_j, k), float(co.detection[cheat_j])
                td = float(co.times[t])
                modes = tuple(2 if q < k or co.grid.start[q] < td else 1 if q == k else 0
                              for q in range(n_k))
        for j in sorted(sp.candidates):
            phases = self.phases_of[j]
            if active and kind == "completion":
                phases = [q for q in phases if q <= test.slot]
            if j == cheat_j:  # p C_i's share, wherever j is, and (1 - p) λ_j value[j,k,i]
                k = sp.slots[test.slot].phase
                a, b = self._span(j, [float(co.value[j, q, i])
                                      for q in ([k] if active else phases)])
                a1, b1 = self._span(j, [float(co.value[j, k, i])], absent=False)
                terms[j] = (p * a + (1 - p) * a1, p * b + (1 - p) * b1)
                continue
            vals = []
            for q in phases:
                v, w = float(co.value[j, q, i]), float(co.broken[j, q, t, i])
                vals += [v - w] if modes[q] == 2 else [v, v - w] if modes[q] == 1 else [v]
            a, b = self._span(j, vals)
            terms[j] = (p * a, p * b)
        lo = sum(a for a, _ in terms.values())
        hi = sum(b for _, b in terms.values())
        lay = co.layout
        for kk in range(len(lay.sticks)):
            if lay.stick_against[kk] == i and co.stick_live[kk, t]:
                r0, r1 = self._range(lay.sticks[kk])
                vals = [0.0, -float(co.stick[kk, t, i]) * r0, -float(co.stick[kk, t, i]) * r1]
                lo, hi = lo + p * min(vals), hi + p * max(vals)
        return terms, lo, hi, math.exp(float(co.params.r[0, i]) * t0)

    def _at(self, co: Coefficients, i: int, t0: float, comply: Lin, brk: Lin) -> Lin:
        f = math.exp(float(co.params.r[0, i]) * t0)
        out = axpy({}, f, comply)
        return axpy(out, -f, brk)


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
    m = _Model(sp, co)
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
        low = m.bounds(sets[test.draw] if test.draw >= 0 else co, test)[0]
        if elastic:
            s_col = b.var(0.0, max(0.0, rhs - low))
            slack.append(s_col)
            expr = axpy(dict(expr), 1.0, {s_col: 1.0})
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


def _caps(m: _Model, co: Coefficients, own: list[tuple[Lin, Lin | None, Test, float]],
          t_col: int) -> None:
    """Upper bounds on min-margin's ``t`` without big-M: every mandatory step ``j`` sits in
    exactly one slot, and that slot is used, so ``t <= Σ_σ y[j, σ] hi_i(σ)`` for every
    party ``i``, ``hi_i(σ)`` the upper bound (:meth:`_Model.bounds`) of ``i``'s margin before
    slot ``σ`` where ``j`` is in ``σ``; a verified mandatory step likewise with its cheat
    margin's bound where it is active; and exactly one phase is the last, so
    ``t <= Σ_k L_k hi_i(T_k)`` with the completion bounds where ``L_k = 1``.
    Valid at every integral point; in the relaxation they cap ``t`` where the big-M rows,
    relaxed by fractional ``u``, do not."""
    sp = m.sp
    groups: dict[tuple[object, ...], Lin] = {}
    for _, _, test, _ in own:
        if test.kind == "surplus":
            continue
        if test.kind == "completion":
            h = m.bounds(co, test, active=True)[1]
            groups.setdefault(("T", test.party), {})[m.last[test.slot]] = h
        elif test.kind == "cheat":
            if test.step not in sp.optional:
                h = m.bounds(co, test, active=True)[1]
                groups.setdefault(("c", test.step), {})[m.y[test.step, test.slot]] = h
        else:
            for j in sp.slots[test.slot].allowed:
                if j not in sp.optional:
                    h = m.bounds(co, test, at=(j, test.slot))[1]
                    groups.setdefault(("m", test.party, j), {})[m.y[j, test.slot]] = h
    for g in groups.values():
        m.b.row(axpy({t_col: 1.0}, -1.0, g), hi=0.0)


def _tests(m: _Model, c: Coefficients, comply: list[Lin], d: int, rhs: float,
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


def _objective(m: _Model, co: Coefficients, objective: str, comply: list[Lin],
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
