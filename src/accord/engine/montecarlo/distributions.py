"""Sampling a scenario number from a ``numpy.random.Generator``, with numpy's parameter meanings.

Each number of a scenario (a :class:`~accord.model.Quantity`) is drawn ``n``
times at once: ``uniform(low, high)``, ``triangular(left, mode, right)``,
``normal(loc, scale)``, ``lognormal(mean, sigma)``, ``beta(a, b)``; a plain
value is repeated and draws nothing, so it does not move the generator.
"""

from __future__ import annotations

import numpy as np

from accord.engine.params import FloatArray
from accord.model import Quantity


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
