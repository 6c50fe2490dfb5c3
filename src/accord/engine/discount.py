"""Continuous discounting to time 0 (MODEL.md §3).

With ``E(t) = exp(-r t)`` and horizon ``H`` (``E(inf) = 0``):

* a one-off ``w`` at ``t`` is worth ``w * E(t)``, and 0 if ``t >= H``;
* a flow ``u`` per time unit over ``[a, b)``, cut at ``H``, is worth
  ``u * (E(a) - E(b)) / r`` if ``b > a``, else 0; with ``r = 0`` it is
  ``u * (b - a)``.

All functions broadcast over numpy arrays (leading axis: draws).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def one_off(r: ArrayLike, t: ArrayLike, horizon: ArrayLike) -> FloatArray:
    """Present value at 0 of 1 value unit paid at ``t``: ``exp(-r t)``, 0 if ``t >= H``."""
    r_, t_, h_ = np.asarray(r, float), np.asarray(t, float), np.asarray(horizon, float)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(-r_ * t_)
    return np.where(t_ >= h_, 0.0, e)


def factor(r: ArrayLike, t: ArrayLike) -> FloatArray:
    """``E(t) = exp(-r t)``, MODEL.md's discount factor, with no horizon cut.

    The reversal cost in ``G = feasible (-flow F(max(e, a), H) - cost E(t0))``
    uses it as written; the payment of that cost, like every one-off value,
    uses :func:`one_off`, which is 0 at or after the horizon.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(np.exp(-np.asarray(r, float) * np.asarray(t, float)),
                          dtype=np.float64)


def flow(r: ArrayLike, a: ArrayLike, b: ArrayLike, horizon: ArrayLike) -> FloatArray:
    """Present value at 0 of 1 value unit per time unit over ``[a, b)`` cut at ``H``.

    ``(exp(-r a) - exp(-r b)) / r`` for ``b > a`` (``b - a`` when ``r = 0``), else 0.
    """
    r_, h_ = np.asarray(r, float), np.asarray(horizon, float)
    lo = np.minimum(np.asarray(a, float), h_)
    hi = np.minimum(np.asarray(b, float), h_)
    live = hi > lo
    zero_rate = r_ == 0
    safe_r = np.where(zero_rate, 1.0, r_)
    with np.errstate(over="ignore", invalid="ignore"):
        ea = np.exp(-safe_r * lo)
        eb = np.where(np.isinf(hi) & (safe_r > 0), 0.0, np.exp(-safe_r * hi))
        pv = np.where(zero_rate, hi - lo, (ea - eb) / safe_r)
    return np.where(live, pv, 0.0)


def at(r: ArrayLike, t: ArrayLike) -> FloatArray:
    """Factor ``exp(r t)`` that turns a value at 0 into a value at ``t``."""
    return np.asarray(np.exp(np.asarray(r, float) * np.asarray(t, float)), dtype=np.float64)
