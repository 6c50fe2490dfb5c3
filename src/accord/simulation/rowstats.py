"""Per-block statistics of aggregated rows: histogram counts, exact min/max, moments.

For each row (one aggregated quantity over a block's draws): the histogram
bin of every value (:func:`accord.simulation.bins.bins`), the count of
negative and of NaN values, the exact min and max (on integer keys of the
floats' bits, -0.0 below 0.0), and ``(n, mean, M2)`` from sums shifted by
the row's first value, taken in :data:`LANES` interleaved running sums
(see :data:`row_stats`): one loop, compiled by numba or run as the same source
in Python (:mod:`accord.engine.montecarlo.jit`; the tests compare both, NaN,
signed zeros and infinities included, and check the numbers against numpy's).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from accord.engine.montecarlo import jit
from accord.simulation.bins import _SHIFT, WIDTH, IntArray

#: Partial sums per row for the moments: draw ``d`` of a block goes to lane ``d % LANES``.
LANES = 8
_MAX_KEY = 0x7FFF_FFFF_FFFF_FFFF


def _keys(raw: IntArray) -> IntArray:
    """Integer keys in the order of the floats whose bits are ``raw`` (-0.0 below 0.0).

    The map is its own inverse: ``_keys(_keys(raw)) == raw``.
    """
    out: IntArray = raw ^ ((raw >> 63) & _MAX_KEY)
    return out


@jit.entry(nrt=True)
def row_stats(digest: str) -> Callable[..., None]:
    """``row_stats(src, raw, sel, dest, hist, mins, maxs, negs, nans, moments)``.

    Statistics of rows ``src[sel[i]]`` (``raw`` the same rows' bits as int64) into
    row ``dest + i`` of the others: histogram counts, exact min/max on integer keys
    (:func:`_keys`: -0.0 below 0.0), negatives and NaNs counted, ``(n, mean, M2)``.

    Moments use sums shifted by the row's first number ``c``: ``dx = x - c``
    (0 for NaN), summed in :data:`LANES` = 8 running sums from 0 (draw ``d`` of the
    first ``b8 = b - b % 8`` into lane ``d % 8``, in draw order) and one running
    sum of the last ``b % 8``; then ``s = ((l0 + l1) + (l2 + l3)) + ((l4 + l5) +
    (l6 + l7)) + tail``, ``mean = c + s1 / n`` and ``M2 = s2 - s1^2 / n``.  Eight
    independent sums keep the compiled loop from waiting on one chain of additions.
    """
    def row_stats(src: Any, raw: Any, sel: Any, dest: int, hist: Any, mins: Any, maxs: Any,
                  negs: Any, nans: Any, moments: Any) -> None:
        _ = digest  # numba's cache key (see jit)
        _rows(src, raw, sel, dest, hist, mins, maxs, negs, nans, moments,
              np.empty(src.shape[1], dtype=np.int64))
    return row_stats


@jit.loop
def _rows(src: Any, raw: Any, sel: Any, dest: int, hist: Any, mins: Any, maxs: Any,
          negs: Any, nans: Any, moments: Any, k: Any) -> None:
    # Rows are taken as 1-D views first (see engine.montecarlo.reversals).  The eight
    # lanes are written out so that the additions of one lane do not wait on another's.
    b = src.shape[1]
    b8 = b - b % 8
    mi = mins.view(np.int64)
    ma = maxs.view(np.int64)
    for ii in range(sel.shape[0]):
        s_ = sel[ii]
        r = dest + ii
        row = src[s_]
        wrow = raw[s_]
        hrow = hist[r]
        shift = np.nan
        for d in range(b):
            if row[d] == row[d]:
                shift = row[d]
                break
        a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = 0.0
        q0 = q1 = q2 = q3 = q4 = q5 = q6 = q7 = 0.0
        for c in range(0, b8, 8):
            x0, x1, x2, x3 = row[c], row[c + 1], row[c + 2], row[c + 3]
            x4, x5, x6, x7 = row[c + 4], row[c + 5], row[c + 6], row[c + 7]
            d0 = (x0 - shift) if x0 == x0 else 0.0
            d1 = (x1 - shift) if x1 == x1 else 0.0
            d2 = (x2 - shift) if x2 == x2 else 0.0
            d3 = (x3 - shift) if x3 == x3 else 0.0
            d4 = (x4 - shift) if x4 == x4 else 0.0
            d5 = (x5 - shift) if x5 == x5 else 0.0
            d6 = (x6 - shift) if x6 == x6 else 0.0
            d7 = (x7 - shift) if x7 == x7 else 0.0
            a0, a1, a2, a3 = a0 + d0, a1 + d1, a2 + d2, a3 + d3
            a4, a5, a6, a7 = a4 + d4, a5 + d5, a6 + d6, a7 + d7
            q0, q1, q2, q3 = q0 + d0 * d0, q1 + d1 * d1, q2 + d2 * d2, q3 + d3 * d3
            q4, q5, q6, q7 = q4 + d4 * d4, q5 + d5 * d5, q6 + d6 * d6, q7 + d7 * d7
        t1 = 0.0
        t2 = 0.0
        for d in range(b8, b):
            x = row[d]
            dx = (x - shift) if x == x else 0.0
            t1 = t1 + dx
            t2 = t2 + dx * dx
        s1 = (((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))) + t1
        s2 = (((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7))) + t2
        # counts, and min / max on integer keys (a float min does not vectorize)
        cnt = 0
        neg = 0
        w0 = mi[r]
        klo = w0 ^ ((w0 >> 63) & 0x7FFF_FFFF_FFFF_FFFF)
        w0 = ma[r]
        khi = w0 ^ ((w0 >> 63) & 0x7FFF_FFFF_FFFF_FFFF)
        for d in range(b):
            w = wrow[d]
            ok = (w & 0x7FFF_FFFF_FFFF_FFFF) <= 0x7FF0_0000_0000_0000
            cnt += 1 if ok else 0
            neg += 1 if row[d] < 0.0 else 0
            key = w ^ ((w >> 63) & 0x7FFF_FFFF_FFFF_FFFF)
            klo = min(klo, key if ok else 0x7FFF_FFFF_FFFF_FFFF)
            khi = max(khi, key if ok else -0x7FFF_FFFF_FFFF_FFFF - 1)
        for d in range(b):
            w = wrow[d]
            mag = w & 0x7FFF_FFFF_FFFF_FFFF
            j = min(mag >> 45, ((50 + 1023) << 7) - 1) - ((-30 + 1023) << 7)
            kk = 10240 if j < 0 else (10240 - 1 - j if w < 0 else 10240 + 1 + j)
            k[d] = -1 if mag > 0x7FF0_0000_0000_0000 else kk
        for d in range(b):
            if k[d] >= 0:
                hrow[k[d]] += 1
        mi[r] = klo ^ ((klo >> 63) & 0x7FFF_FFFF_FFFF_FFFF)
        ma[r] = khi ^ ((khi >> 63) & 0x7FFF_FFFF_FFFF_FFFF)
        negs[r] += neg
        nans[r] += b - cnt
        moments[r, 0] = cnt
        moments[r, 1] = shift + s1 / cnt if cnt > 0 else np.nan
        moments[r, 2] = s2 - s1 * s1 / cnt if cnt > 0 else np.nan


assert WIDTH == 10240 and _SHIFT == 45 and LANES == 8  # constants written out in _nb_rows
