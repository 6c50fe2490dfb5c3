"""Sobol indices from Saltelli's samples, with Jansen's estimators (pure numpy).

Given the model output on two independent samples ``A`` and ``B`` (``N``
rows each, ``k`` inputs) and on the ``k`` mixed samples ``AB_i`` (``A`` with
column ``i`` taken from ``B``), with ``V`` the variance of the output over
``A`` and ``B`` together (Jansen 1999; Saltelli et al. 2010, Table 2)::

    S_i  = 1 - mean((f(B) - f(AB_i))^2) / (2 V)     first order
    ST_i = mean((f(A) - f(AB_i))^2) / (2 V)         total

``f(B)`` and ``f(AB_i)`` share only input ``i``, so half their mean squared
difference is the variance that input ``i`` does not explain alone;
``f(A)`` and ``f(AB_i)`` share every input but ``i``, so half theirs is the
variance in which ``i`` takes part.  The standard errors are those of the
averaged terms, ``sd(term) / sqrt(N) / V``.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> a, b = rng.uniform(size=(2, 4000, 2))
>>> f = lambda x: 3 * x[:, 0] + x[:, 1]          # S = ST = (9/10, 1/10)
>>> ab = np.stack([np.where(np.arange(2) == i, b, a) for i in range(2)])
>>> ix = jansen(f(a), f(b), np.stack([f(m) for m in ab]))
>>> [round(float(s), 1) for s in ix.first_order], [round(float(s), 1) for s in ix.total]
([0.9, 0.1], [0.9, 0.1])
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from accord.engine.params import FloatArray


@dataclass(frozen=True)
class Indices:
    """First-order and total indices of ``k`` inputs, with standard errors.

    Every array is ``(k,)``; all are NaN when the output does not vary
    (``variance == 0``: nothing to share out).
    """

    first_order: FloatArray
    first_order_se: FloatArray
    total: FloatArray
    total_se: FloatArray
    mean: float
    variance: float


def jansen(fa: FloatArray, fb: FloatArray, fab: FloatArray) -> Indices:
    """Indices from ``f(A)``, ``f(B)`` (``(N,)``) and ``f(AB_i)`` (``(k, N)``); see the module doc.

    A variance within rounding of zero (``sd <= 1e-12 max(1, |mean|)``) counts as
    zero, so an output that is constant up to rounding gets no indices.
    """
    n = fa.shape[0]
    both = np.concatenate([fa, fb])
    var = float(np.var(both, ddof=1))
    mean = float(both.mean())
    if var <= (1e-12 * max(1.0, abs(mean))) ** 2:
        var = 0.0
    k = fab.shape[0]
    if not (var > 0 and math.isfinite(var)):
        nan = np.full(k, np.nan)
        return Indices(nan, nan, nan, nan, mean, var)
    h = 0.5 * (fb - fab) ** 2
    g = 0.5 * (fa - fab) ** 2
    root = math.sqrt(n)
    return Indices(first_order=1.0 - h.mean(axis=1) / var,
                   first_order_se=h.std(axis=1, ddof=1) / root / var,
                   total=g.mean(axis=1) / var,
                   total_se=g.std(axis=1, ddof=1) / root / var,
                   mean=mean, variance=var)
