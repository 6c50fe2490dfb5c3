"""The bottleneck: the one test a road map stands or falls on, per draw.

One definition everywhere (tables, sentence, JSON, sweep, Monte Carlo, sensitivity):

* when the road map is **not viable**, the **root cause**: the failing test that
  starts the unravelling in the backward induction (``Outcome.cause``: the first
  node, working back from completion, whose party deviates; its margin when the
  party walks away there, its cheat margin when it cheats), or, when every margin
  and cheat margin holds, the first party in file order that would not sign (its
  participation test, the surplus);
* when it is **viable**, the **tightest test**: the smallest of every margin, cheat
  margin and surplus.

A margin and a cheat margin are in value at their point's time, a surplus is a PV
at 0 (value units).  Tests that tie with the smallest (tie rule, MODEL.md §4) count
as equal and the first in *node order* is named: by decision point, then party in
file order, a party's margin before its cheats at that point (in roadmap order);
the participation tests last, in file order.  NaN values are passed over (the first
test if every value is NaN); an infinite value ties only with itself.

So the bottleneck is ``>= 0`` (tie rule) exactly when the road map is viable.

The Monte Carlo kernel writes the same rule once more, in its own loops
(:mod:`accord.engine.montecarlo.kernel`, stage ``bottleneck``), coding the test
as :func:`code` does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.engine import ties
from accord.engine.equilibrium import BREAKS, CHEATS
from accord.engine.params import FloatArray
from accord.engine.solution import Solution

IntArray = NDArray[np.int64]

#: Kinds of test, and their names in results.
MARGIN, CHEAT, PARTICIPATION = 0, 1, 2
KINDS = ("margin", "cheat", "participation")


@dataclass(frozen=True)
class Bottleneck:
    """Per draw ``(D,)``: the bottleneck's value and which test it is.

    ``kind`` is :data:`MARGIN`, :data:`CHEAT` or :data:`PARTICIPATION`; ``point``
    (-1 for participation), ``party``, ``step`` (the step index of a cheat, else
    -1); ``code`` numbers the test as the kernel does: ``q P + i`` for party
    ``i``'s margin at point ``q``, ``Q P + c`` for the ``c``-th verified step's
    cheat margin, ``Q P + S + i`` for party ``i``'s participation.
    """

    value: FloatArray
    kind: IntArray
    point: IntArray
    party: IntArray
    step: IntArray
    code: IntArray


def tests(sol: Solution) -> tuple[FloatArray, IntArray]:
    """Every test's value ``(D, T)`` in node order, and its ``(kind, point, party, step, code)``
    rows ``(T, 5)``."""
    lay = sol.layout
    nq, npar = lay.n_points, lay.n_parties
    ch = sol.cheats
    ns = len(ch.steps)
    cols: list[FloatArray] = []
    meta: list[tuple[int, int, int, int, int]] = []
    for q in range(nq):
        for i in range(npar):
            cols.append(sol.margins[:, q, i])
            meta.append((MARGIN, q, i, -1, q * npar + i))
            for c in np.flatnonzero((ch.points == q) & (ch.actors == i)):
                cols.append(ch.margin[:, c])
                meta.append((CHEAT, q, i, int(ch.steps[c]), nq * npar + int(c)))
    for i in range(npar):
        cols.append(sol.surplus[:, i])
        meta.append((PARTICIPATION, -1, i, -1, nq * npar + ns + i))
    return np.stack(cols, axis=1), np.asarray(meta, dtype=np.int64)


def bottleneck(sol: Solution) -> Bottleneck:
    """Per draw, the root cause when the road map is not viable, else the tightest test."""
    values, meta = tests(sol)
    d = values.shape[0]
    with np.errstate(invalid="ignore"):
        number = ~np.isnan(values)
        low = np.min(np.where(number, values, np.inf), axis=1, keepdims=True)
        low = np.where(number.any(axis=1, keepdims=True), low, np.nan)
    tightest = np.argmax(ties.equal(values, low), axis=1)
    c = sol.outcome.cause
    cause = np.full(d, -1, dtype=np.int64)
    for t, (kind, q, i, step, _) in enumerate(meta):
        if kind == MARGIN:
            hit = (c.kind == BREAKS) & (c.point == q) & (c.party == i)
        elif kind == CHEAT:
            hit = (c.kind == CHEATS) & (c.point == q) & (c.party == i) & (c.step == step)
        else:
            continue
        cause[hit] = t
    refuse = ~sol.takes_part
    first_out = (len(meta) - sol.layout.n_parties) + np.argmax(refuse, axis=1)
    cause = np.where((cause < 0) & refuse.any(axis=1), first_out, cause)
    col = np.where(sol.viable | (cause < 0), tightest, cause)
    rows = np.arange(d)
    m = meta[col]
    return Bottleneck(value=values[rows, col], kind=m[:, 0], point=m[:, 1], party=m[:, 2],
                      step=m[:, 3], code=m[:, 4])

