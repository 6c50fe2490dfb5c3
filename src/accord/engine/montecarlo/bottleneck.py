"""The kernel's last stage: the bottleneck of each draw (:mod:`accord.engine.bottleneck`).

The same rule as the engine's, written once more in the kernel's loops (innermost
over draws, rows taken as 1-D views of the sub-block).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from accord.engine.montecarlo import jit
from accord.engine.montecarlo.reversals import at_least, tie


@jit.loop
def bottleneck(st: Any, lo: int, out: Any, low: Any, want: Any) -> None:
    """The bottleneck of each draw, as :mod:`accord.engine.bottleneck` defines it.

    The root cause when the draw is not viable (``cause``, else the first party
    that would not sign), else the first test in node order that ties with the
    smallest.  Tests in node order, coded ``q P + i`` (margin), ``Q P + c``
    (cheat margin), ``Q P + S + i`` (participation); ``low`` and ``want`` are
    scratch (the smallest value; the code wanted, -1 for the tightest).
    """
    nq, npar = out.margin.shape[0], out.margin.shape[1]
    b = want.shape[0]
    hi = lo + b
    s = out.cheat_margin.shape[0]
    move_actor, move_cheats = st.move_actor, st.move_cheats
    margin, cheat_margin, surplus = out.margin, out.cheat_margin, out.surplus
    best, where = out.bottleneck[lo:hi], out.bottleneck_at[lo:hi]
    via, cause = out.viable[lo:hi], out.cause[lo:hi]
    for d in range(b):
        low[d] = np.inf
        where[d] = -1
        cd = cause[d]
        want[d] = -1 if via[d] | (cd == 0) else cd - 1
    for i in range(npar - 1, -1, -1):  # the first party in file order that would not sign
        si, code = surplus[i, lo:hi], nq * npar + s + i
        for d in range(b):
            wd = want[d]
            refuses = (not via[d]) and cause[d] == 0 and not at_least(si[d], 0.0)
            want[d] = code if refuses else wd
    # the smallest value (NaN passed over)
    for q in range(nq):
        for i in range(npar):
            _lower(margin[q, i, lo:hi], low)
            if q < nq - 1 and move_actor[q] == i:
                for c in range(move_cheats[q], move_cheats[q + 1]):
                    _lower(cheat_margin[c, lo:hi], low)
    for i in range(npar):
        _lower(surplus[i, lo:hi], low)
    # the test named: the one wanted, or the first that ties with the smallest
    for q in range(nq):
        for i in range(npar):
            _name(margin[q, i, lo:hi], q * npar + i, low, want, best, where)
            if q < nq - 1 and move_actor[q] == i:
                for c in range(move_cheats[q], move_cheats[q + 1]):
                    _name(cheat_margin[c, lo:hi], nq * npar + c, low, want, best, where)
    for i in range(npar):
        _name(surplus[i, lo:hi], nq * npar + s + i, low, want, best, where)
    m0 = margin[0, 0, lo:hi]
    for d in range(b):
        wd = where[d]
        best[d] = m0[d] if wd < 0 else best[d]  # no test is a number: the first test
        where[d] = 0 if wd < 0 else wd


@jit.loop
def _lower(values: Any, low: Any) -> None:
    """``low = min(low, values)`` per draw (a NaN value leaves ``low`` as it is)."""
    for d in range(values.shape[0]):
        v = values[d]
        ld = low[d]
        low[d] = v if v < ld else ld


@jit.loop
def _name(values: Any, code: int, low: Any, want: Any, best: Any, where: Any) -> None:
    """Name test ``code`` (values ``values``) where it is wanted, or ties with the smallest."""
    for d in range(values.shape[0]):
        v = values[d]
        wd, wt = where[d], want[d]
        hit = (wd < 0) & ((wt == code) | ((wt < 0) & tie(v, low[d])))
        where[d] = code if hit else wd
        best[d] = v if hit else best[d]
