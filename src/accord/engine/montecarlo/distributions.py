"""Sampling scenario numbers from a ``numpy.random.Generator``, with numpy's parameter meanings.

:func:`draw` draws one number ``n`` times: ``uniform(low, high)``,
``triangular(left, mode, right)``, ``normal(loc, scale)``,
``lognormal(mean, sigma)``, ``beta(a, b)``; a plain value is repeated and draws
nothing, so it does not move the generator.

:class:`Sampler` draws many random numbers at once, one row each, in order, from
one generator: exactly what calling :func:`draw` row after row gives (the same
bits and the same generator state afterwards), but in one loop compiled by numba
(:mod:`accord.engine.montecarlo.distributions_numba`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.engine.montecarlo import distributions_numba, jit
from accord.engine.montecarlo.distributions_numba import (
    BETA,
    LOGNORMAL,
    NORMAL,
    TRIANGULAR,
    UNIFORM,
    sfc64_state,
)
from accord.engine.params import FloatArray
from accord.model import Quantity

IntArray = NDArray[np.int64]

_CODES = {"uniform": UNIFORM, "triangular": TRIANGULAR, "normal": NORMAL,
          "lognormal": LOGNORMAL, "beta": BETA}


def draw(q: Quantity, gen: np.random.Generator, n: int) -> FloatArray:
    """``n`` samples of ``q`` from ``gen``; a plain value is repeated and draws nothing.

    Parameters follow ``numpy.random.Generator``: ``uniform(low, high)``,
    ``triangular(left, mode, right)``, ``normal(loc, scale)``,
    ``lognormal(mean, sigma)`` of the underlying normal, ``beta(a, b)``.

    >>> import numpy as np
    >>> from accord.model import Quantity
    >>> draw(Quantity.of(2.0), np.random.default_rng(0), 3)
    array([2., 2., 2.])
    """
    p = q.params
    if q.kind == "value":
        return np.full(n, p[0], dtype=np.float64)
    if q.kind == "uniform":
        return gen.uniform(p[0], p[1], n)
    if q.kind == "triangular":
        return gen.triangular(p[0], p[1], p[2], n)
    if q.kind == "normal":
        return gen.normal(p[0], p[1], n)
    if q.kind == "lognormal":
        return gen.lognormal(p[0], p[1], n)
    return gen.beta(p[0], p[1], n)


@dataclass(frozen=True)
class Sampler:
    """Random numbers drawn together: row ``k`` is ``quantities[k]`` (all random).

    ``kind`` holds each row's code and ``par`` its parameters (padded with 0);
    ``runs`` cuts the rows into stretches the compiled loop draws
    (``compiled=True``) and single rows numpy draws (a ``beta`` with a shape
    ``<= 1``: numpy's Johnk branch, or a gamma the loop does not write out).
    """

    quantities: tuple[Quantity, ...]
    kind: NDArray[np.int64]
    par: FloatArray
    runs: tuple[tuple[int, int, bool], ...]

    @classmethod
    def of(cls, quantities: Sequence[Quantity]) -> Sampler:
        qs = tuple(quantities)
        if any(not q.is_random for q in qs):
            raise ValueError("Sampler draws random numbers only")
        kind = np.array([_CODES[q.kind] for q in qs], dtype=np.int64)
        par = np.zeros((len(qs), 3))
        for k, q in enumerate(qs):
            par[k, :len(q.params)] = q.params
        runs: list[tuple[int, int, bool]] = []
        for k, q in enumerate(qs):
            fast = not (q.kind == "beta" and min(q.params) <= 1.0)
            if runs and fast and runs[-1][2]:
                runs[-1] = (runs[-1][0], k + 1, True)
            else:
                runs.append((k, k + 1, fast))
        return cls(quantities=qs, kind=kind, par=par, runs=tuple(runs))

    def sample(self, gen: np.random.Generator, n: int, *, out: FloatArray | None = None,
               rows: IntArray | None = None, compiled: bool | None = None) -> FloatArray:
        """Draws from ``gen``, number after number, each ``n`` times at once.

        Number ``k`` goes to row ``rows[k]`` of ``out`` (default: row ``k`` of a
        new ``(numbers, n)`` matrix).  The same bits as ``draw(quantities[k],
        gen, n)`` for ``k = 0, 1, ...``, whichever way they are drawn.  The
        loop of :mod:`~accord.engine.montecarlo.distributions_numba` runs
        (``compiled=None``) when numba compiles it and ``gen`` is an SFC64
        generator (the loop has SFC64 written out); otherwise numpy's own
        methods draw.  ``compiled=True`` requires the loop, ``False`` refuses it.
        """
        if out is None:
            out = np.empty((len(self.quantities), n))
        if rows is None:
            rows = np.arange(len(self.quantities), dtype=np.int64)
        bits = gen.bit_generator
        state = sfc64_state(bits) if isinstance(bits, np.random.SFC64) else None
        use = jit.enabled() and state is not None if compiled is None else compiled
        if use and not jit.enabled():
            raise RuntimeError("compiled=True but numba is not available (or ACCORD_JIT=0)")
        if use and state is None:
            raise ValueError("the compiled loop draws from an SFC64 generator only")
        fill = distributions_numba.fill.function if use else None
        for first, last, fast in self.runs:
            if fast and fill is not None:
                fill(state, self.kind, self.par, first, last, rows, out)
            else:
                for k in range(first, last):
                    out[rows[k]] = draw(self.quantities[k], gen, n)
        return out
