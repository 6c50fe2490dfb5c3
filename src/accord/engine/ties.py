"""The tie rule (MODEL.md §4): two PVs within ``1e-9 * max(1, |x|, |y|)`` are equal."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Relative tolerance of the tie rule.
TOLERANCE = 1e-9


def tolerance(x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """``1e-9 * max(1, |x|, |y|)``."""
    return TOLERANCE * np.maximum(1.0, np.maximum(np.abs(x), np.abs(y)))


def equal(x: ArrayLike, y: ArrayLike) -> NDArray[np.bool_]:
    """True where ``x`` and ``y`` tie (an infinite value ties only with itself)."""
    with np.errstate(invalid="ignore"):
        return np.asarray(np.equal(x, y) | (_finite(x, y)
                                            & (np.abs(np.subtract(x, y)) <= tolerance(x, y))))


def at_least(x: ArrayLike, y: ArrayLike) -> NDArray[np.bool_]:
    """True where ``x >= y`` or the two tie (a margin ``x - y`` tested against 0)."""
    with np.errstate(invalid="ignore"):
        return np.asarray(np.greater_equal(x, y)
                          | (_finite(x, y) & (np.subtract(x, y) >= -tolerance(x, y))))


def _finite(x: ArrayLike, y: ArrayLike) -> NDArray[np.bool_]:
    # for finite values the tolerance decides; 1e-9 max(1, inf) = inf would make an
    # infinite value tie with every number
    return np.asarray(np.isfinite(x) & np.isfinite(y))


def first_smallest(values: ArrayLike) -> int:
    """Flat index (C order) of the first value that ties with the smallest one.

    Where several values tie with the minimum (differences of rounding only), the
    first in order is named, so the choice does not depend on summation order.  NaN
    values are passed over (index 0 if every value is NaN); an infinite value ties
    only with itself.
    """
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    number = ~np.isnan(v)
    if not number.any():
        return 0
    low = v[number].min()
    return int(np.argmax(equal(v, low)))
