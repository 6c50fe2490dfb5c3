"""Drawing many rows of scenario numbers in one compiled loop.

:data:`fill` draws row after row from an SFC64 ``numpy.random.Generator``
with the same algorithms and in the same order as
:func:`accord.engine.montecarlo.distributions.draw` would, so the numbers are
bit-identical to numpy's own methods and the generator is left in numpy's
state (tested on every kind, on edge parameters and on random mixes):

* the bit generator is numpy's SFC64 written out (``sfc64_next`` of numpy's C
  code), its four words held in registers for the whole call; they are read
  from, and written back to, the bit generator's own state in memory
  (:func:`sfc64_state`: an array over the address numpy exposes), so numpy and
  this loop share one stream;
* ``random`` is numpy's ``next_double`` (the top 53 bits over ``2**53``), the
  normal is numpy's ziggurat (``random_standard_normal``, with numpy's tables
  as numba ships them), ``uniform``, ``normal``, ``lognormal`` and
  ``triangular`` are written out as numpy's C does (``low + (high - low) U``,
  ``loc + scale Z``, ``exp(mean + sigma Z)``, the inverse CDF of
  ``random_triangular`` with its constants computed once per row by the same
  expressions); ``exp``/``log``/``log1p`` are the C library's, as in numpy's
  generator (``math.*``: numba calls the C library, and so does Python, whereas
  numpy's own ``np.exp`` on a scalar may differ in the last bit);
* ``beta`` with ``a > 1`` and ``b > 1`` is numpy's ``Ga / (Ga + Gb)`` with the
  Marsaglia-Tsang gamma of ``random_standard_gamma`` written out (its two
  constants computed once per row, by the same expressions).  Rows of ``beta``
  with a shape ``<= 1`` (numpy's Johnk branch, or a gamma by another
  algorithm; rare in scenarios) are not drawn here: the caller draws them with
  numpy, on the same state, between calls.

The speed comes from no call per number (SFC64 inline: about 1 ns a number
instead of 2 ns through the bit generator's C interface) and an inlined
ziggurat; see docs/performance.md.  It is compiled by numba
(:mod:`accord.engine.montecarlo.jit`) or run as the same source in Python (the
tests compare both); numpy's ziggurat tables come from numba, so without numba
the sampler draws with numpy's own methods (the same bits: the tests compare
this loop with them).
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.engine.montecarlo import jit

#: Kind codes of a row (shared with :mod:`accord.engine.montecarlo.distributions`).
UNIFORM, TRIANGULAR, NORMAL, LOGNORMAL, BETA = 0, 1, 2, 3, 4

# numpy's SFC64 and next_double, in unsigned 64-bit arithmetic (numba types a mix of
# uint64 and a plain int as float64: every constant is a uint64).
_3, _8, _9, _11, _24, _40 = (np.uint64(v) for v in (3, 8, 9, 11, 24, 40))
_ONE = np.uint64(1)
_BYTE = np.uint64(0xFF)
_MANTISSA = np.uint64(0x000FFFFFFFFFFFFF)
_TWO_M53 = 1.0 / 9007199254740992.0


def sfc64_state(bit_generator: np.random.SFC64) -> NDArray[np.uint64]:
    """The four state words of ``bit_generator`` as an array over numpy's own memory.

    Writing to the array moves the bit generator; the caller keeps the bit
    generator alive while the array is used.
    """
    address = bit_generator.ctypes.state_address
    words = ctypes.cast(address, ctypes.POINTER(ctypes.c_uint64))
    state: NDArray[np.uint64] = np.ctypeslib.as_array(words, shape=(4,))
    if not np.array_equal(state, bit_generator.state["state"]["state"]):  # pragma: no cover
        raise RuntimeError("numpy's SFC64 no longer keeps its four words first in its state")
    return state


@jit.inline
def _next(s0: Any, s1: Any, s2: Any, s3: Any) -> tuple[Any, ...]:
    """``sfc64_next``: the next 64 bits and the new state (``s3`` is the counter)."""
    tmp = s0 + s1 + s3
    return tmp, s1 ^ (s1 >> _11), s2 + (s2 << _3), ((s2 << _24) | (s2 >> _40)) + tmp, s3 + _ONE


@jit.inline
def _double(s0: Any, s1: Any, s2: Any, s3: Any) -> tuple[Any, ...]:
    """numpy's ``next_double``: ``(next64 >> 11) / 2**53``, in [0, 1)."""
    r, s0, s1, s2, s3 = _next(s0, s1, s2, s3)
    return np.float64(r >> _11) * _TWO_M53, s0, s1, s2, s3


@jit.inline
def _normal(s0: Any, s1: Any, s2: Any, s3: Any) -> tuple[Any, ...]:
    """numpy's ``random_standard_normal`` (the ziggurat, 256 layers)."""
    while True:
        r, s0, s1, s2, s3 = _next(s0, s1, s2, s3)
        idx = np.intp(r & _BYTE)
        rabs = (r >> _9) & _MANTISSA
        x = np.float64(rabs) * _WI[idx]
        if (r >> _8) & _ONE:
            x = -x
        if rabs < _KI[idx]:
            return x, s0, s1, s2, s3
        if idx == 0:  # the tail beyond r, by Marsaglia's method
            while True:
                u, s0, s1, s2, s3 = _double(s0, s1, s2, s3)
                xx = -_INV_R * math.log1p(-u)
                u, s0, s1, s2, s3 = _double(s0, s1, s2, s3)
                yy = -math.log1p(-u)
                if yy + yy > xx * xx:
                    z = _R + xx
                    return (-z if (rabs >> _8) & _ONE else z), s0, s1, s2, s3
        else:
            u, s0, s1, s2, s3 = _double(s0, s1, s2, s3)
            if (_FI[idx - 1] - _FI[idx]) * u + _FI[idx] < math.exp(-0.5 * x * x):
                return x, s0, s1, s2, s3


@jit.inline
def _marsaglia_tsang(b: float, c: float, s0: Any, s1: Any, s2: Any,
                     s3: Any) -> tuple[Any, ...]:
    """numpy's ``random_standard_gamma`` for shape > 1 (``b = shape - 1/3``, ``c = 1/sqrt(9b)``)."""
    while True:
        while True:
            x, s0, s1, s2, s3 = _normal(s0, s1, s2, s3)
            v = 1.0 + c * x
            if v > 0.0:
                break
        v = v * v * v
        u, s0, s1, s2, s3 = _double(s0, s1, s2, s3)
        if u < 1.0 - 0.0331 * (x * x) * (x * x):
            return b * v, s0, s1, s2, s3
        if math.log(u) < 0.5 * x * x + b * (1. - v + math.log(v)):
            return b * v, s0, s1, s2, s3


@jit.entry()
def fill(digest: str) -> Callable[..., None]:
    """``fill(st, kind, par, first, last, dest, out)``: numbers ``first .. last - 1`` drawn
    in order, number ``k`` to row ``dest[k]`` of ``out``.

    ``st`` is :func:`sfc64_state` of the generator's bit generator: read at the
    start, written back at the end.
    """
    def fill(st: Any, kind: Any, par: Any, first: int, last: int, dest: Any,
             out: Any) -> None:
        _ = digest  # numba's cache key (see jit)
        _fill(st, kind, par, first, last, dest, out)
    return fill


@jit.loop
def _fill(st: Any, kind: Any, par: Any, first: int, last: int, dest: Any, out: Any) -> None:
    n = out.shape[1]
    s0, s1, s2, s3 = st[0], st[1], st[2], st[3]
    for k in range(first, last):
        o = out[dest[k]]  # a 1-D view: cheaper indexing than out[dest[k], d]
        p0 = par[k, 0]
        p1 = par[k, 1]
        p2 = par[k, 2]
        kk = kind[k]
        if kk == UNIFORM:
            span = p1 - p0
            for d in range(n):
                u, s0, s1, s2, s3 = _double(s0, s1, s2, s3)
                o[d] = p0 + span * u
        elif kk == TRIANGULAR:  # numpy's random_triangular, constants computed once per row
            base = p2 - p0
            leftbase = p1 - p0
            ratio = leftbase / base
            leftprod = leftbase * base
            rightprod = (p2 - p1) * base
            for d in range(n):  # the uniforms first, then the transform in a loop that
                u, s0, s1, s2, s3 = _double(s0, s1, s2, s3)  # vectorizes the square roots
                o[d] = u
            for d in range(n):
                u = o[d]
                lo_side = p0 + np.sqrt(u * leftprod)  # both sides, then a select: no
                hi_side = p2 - np.sqrt((1.0 - u) * rightprod)  # branch to mispredict
                o[d] = lo_side if u <= ratio else hi_side
        elif kk == NORMAL:
            for d in range(n):
                z, s0, s1, s2, s3 = _normal(s0, s1, s2, s3)
                o[d] = p0 + p1 * z
        elif kk == LOGNORMAL:
            for d in range(n):
                z, s0, s1, s2, s3 = _normal(s0, s1, s2, s3)
                o[d] = math.exp(p0 + p1 * z)
        else:  # BETA with a > 1 and b > 1: both gammas by Marsaglia-Tsang
            ba = p0 - 1. / 3.
            ca = 1. / np.sqrt(9 * ba)
            bb = p1 - 1. / 3.
            cb = 1. / np.sqrt(9 * bb)
            for d in range(n):
                ga, s0, s1, s2, s3 = _marsaglia_tsang(ba, ca, s0, s1, s2, s3)
                gb, s0, s1, s2, s3 = _marsaglia_tsang(bb, cb, s0, s1, s2, s3)
                o[d] = ga / (ga + gb)
    st[0], st[1], st[2], st[3] = s0, s1, s2, s3


def _ziggurat() -> tuple[NDArray[np.uint64], NDArray[np.float64], NDArray[np.float64], float,
                         float] | None:
    """numpy's ziggurat tables and constants (``ziggurat_constants.h``, as numba ships them)."""
    try:
        from numba.np.random import _constants as zig
    except ImportError:  # pragma: no cover - numba is a dependency
        return None
    return (zig.ki_double, zig.wi_double, zig.fi_double, float(zig.ziggurat_nor_r),
            float(zig.ziggurat_nor_inv_r))


_TABLES = _ziggurat()
#: True when the loop can run (compiled or not): it needs numpy's ziggurat tables.
AVAILABLE = _TABLES is not None
if _TABLES is None:  # pragma: no cover - numba is a dependency
    _KI, _WI, _FI, _R, _INV_R = (np.zeros(256, dtype=np.uint64), np.zeros(256), np.zeros(256),
                                 0.0, 0.0)
else:
    _KI, _WI, _FI, _R, _INV_R = _TABLES
