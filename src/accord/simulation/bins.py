"""The fixed bins of the quantile histograms: a value's bin read off its IEEE-754 bits.

A value's bin is its sign, its exponent and the top ``K_BITS = 7`` mantissa
bits, for magnitudes in ``[2^-30, 2^50)`` (about ``9.3e-10`` to ``1.1e15``
value units); smaller magnitudes share one zero bin, larger ones the last
bin.  A bin spans a relative width of at most ``2^-7``.  Histograms are
integer counts, merged by addition (:mod:`accord.simulation.aggregate`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Mantissa bits kept per bin: a bin spans a relative width of at most ``2^-K_BITS``.
K_BITS = 7
#: Magnitudes below ``2^E_MIN`` fall in the zero bin.
E_MIN = -30
#: Magnitudes of ``2^E_MAX`` and above fall in the last bin.
E_MAX = 50
#: Bins per sign.
WIDTH = (E_MAX - E_MIN) << K_BITS
#: Bins in one histogram: negative magnitudes (descending), zero, positive (ascending).
N_BINS = 2 * WIDTH + 1
_SHIFT = 52 - K_BITS
_LOW = (E_MIN + 1023) << K_BITS
_ABS = 0x7FFF_FFFF_FFFF_FFFF
_EXP_ALL = 0x7FF0_0000_0000_0000

#: Quantile levels reported, in percent.
LEVELS = (5, 25, 50, 75, 95)

#: Relative accuracy of every reported quantile (a bin's largest relative width).
RELATIVE_ACCURACY = 2.0 ** -K_BITS
#: Absolute accuracy near zero (the zero bin's half-width).
ABSOLUTE_ACCURACY = 2.0 ** E_MIN


def bins(values: FloatArray) -> IntArray:
    """Histogram bin of each value (see the module doc); NaN gives -1.

    >>> import numpy as np
    >>> [int(b) for b in bins(np.array([0.0, 1e-12, 1.0, -1.0]))] == [WIDTH, WIDTH,
    ...     WIDTH + 1 + (30 << K_BITS), WIDTH - 1 - (30 << K_BITS)]
    True
    >>> bin_edges(int(bins(np.array([1.0]))[0]))
    (1.0, 1.0078125)
    """
    v = np.ascontiguousarray(values, dtype=np.float64)
    raw = v.view(np.int64)
    mag = raw & _ABS
    j = np.minimum(mag >> _SHIFT, ((E_MAX + 1023) << K_BITS) - 1) - _LOW
    out = np.where(j < 0, WIDTH, np.where(raw < 0, WIDTH - 1 - j, WIDTH + 1 + j))
    return np.where(mag > _EXP_ALL, -1, out).astype(np.int64)


def bin_edges(index: int) -> tuple[float, float]:
    """``(low, high)`` values of histogram bin ``index``, increasing (``(0, 0)`` for zero)."""
    if index == WIDTH:
        return 0.0, 0.0
    j = abs(index - WIDTH) - 1
    u = _LOW + j
    lo, hi = (float(v) for v in
              np.array([u << _SHIFT, (u + 1) << _SHIFT], dtype=np.int64).view(np.float64))
    return (lo, hi) if index > WIDTH else (-hi, -lo)
