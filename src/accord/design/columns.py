"""The columns of the design program (DESIGN.md §2) and every value as a linear expression.

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
``(C_i - B_i(σ)) e^{r_i S_k} >= ε`` holds where ``u[σ] = 1`` (big-M from
:mod:`accord.design.bounds`), completion rows where ``L[k] = 1``, and a cheat row for verified step
``j`` in slot ``σ`` where ``y[j, σ] = 1``:
``e^{r_i S_k} [p (C_i - D) + (1 - p) λ_j value[j,k,i]] >= ε`` with ``D`` the detected
breakdown at ``S_k + delay`` (the moves up to slot ``σ``, and later moves of phases that
start before the detection time, ``j`` excluded).
"""

from __future__ import annotations

import math

import numpy as np

from accord.design.bounds import Bounds
from accord.design.coefficients import Coefficients
from accord.design.linear import ONE, Builder, Lin, axpy
from accord.design.space import Space


class Columns:
    """The columns of the program for one space, its structural rows, and the linear
    expressions of every value over them (for one or more coefficient sets: draws)."""

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
        self.phases_of = {j: sorted({sp.slots[sg].phase for (jj, sg) in self.y if jj == j})
                          for j in sp.candidates}
        #: The big-M bounds of a row's expression: ``bounds(co, test, active=, at=)``.
        self.bounds = Bounds(sp, self.phases_of, len(co.grid.phases))
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

    def _at(self, co: Coefficients, i: int, t0: float, comply: Lin, brk: Lin) -> Lin:
        f = math.exp(float(co.params.r[0, i]) * t0)
        out = axpy({}, f, comply)
        return axpy(out, -f, brk)


__all__ = ["Columns"]
