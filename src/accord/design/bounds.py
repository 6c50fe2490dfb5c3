"""The big-M bounds of the design program's rows (DESIGN.md §2).

A row ``expr >= rhs`` that holds only where its slot is used (a margin), its phase is the
last (completion) or its step is placed (a cheat) is written ``expr >= rhs - M (1 - a)``;
the program is only as tight as ``M``.  ``M`` comes from the lowest value ``expr`` can take
at any integral point, found term by term: each step alone in each state it can be in
(left out if optional, placed in each phase it may go to, executed or not at the
breakdown), each stick armed or not, each ``λ`` at either end of its range.
"""

from __future__ import annotations

import math

from accord.design.coefficients import Coefficients
from accord.design.row import Test
from accord.design.space import Space

#: ``(terms per step, lo, hi, factor)`` of one row kind, party and phase.
_Terms = tuple[dict[int, tuple[float, float]], float, float, float]


class Bounds:
    """Bounds of every row's expression over the integral points of one search space,
    cached per (coefficients, kind, party, phase, step, active)."""

    def __init__(self, sp: Space, phases_of: dict[int, list[int]], n_phases: int) -> None:
        self.sp, self.phases_of, self.n_phases = sp, phases_of, n_phases
        self._cache: dict[tuple[object, ...], _Terms] = {}

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

    def __call__(self, co: Coefficients, test: Test, *, active: bool = False,
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
        if key not in self._cache:
            self._cache[key] = self._terms(co, test, active)
        terms, lo, hi, f = self._cache[key]
        if at is not None and at[0] in terms:
            j = at[0]
            a, b = self._span(j, [float(co.value[j, self.sp.slots[at[1]].phase, test.party])])
            lo, hi = lo - terms[j][0] + a, hi - terms[j][1] + b
        return lo * f, hi * f

    def _terms(self, co: Coefficients, test: Test, active: bool
               ) -> _Terms:
        """Each step's share of :meth:`__call__` (before the factor ``e^{r_i t}``), their
        sums with the sticks', and the factor."""
        sp = self.sp
        i, kind = test.party, test.kind
        n_k = self.n_phases
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


__all__ = ["Bounds"]
