"""Jansen's estimators against Sobol indices known in closed form.

Each case draws Saltelli's samples ``A``, ``B`` and ``AB_i`` with numpy and
checks every index within 4 of the estimator's own standard errors (plus a
small floor) of the closed form.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from accord.simulation.sobol import Indices, jansen

Model = Callable[[np.ndarray], np.ndarray]


def _estimate(f: Model, lo: np.ndarray, hi: np.ndarray, n: int, seed: int) -> Indices:
    rng = np.random.default_rng(seed)
    k = len(lo)
    a = rng.uniform(lo, hi, size=(n, k))
    b = rng.uniform(lo, hi, size=(n, k))
    fab = np.stack([f(np.where(np.arange(k) == i, b, a)) for i in range(k)])
    return jansen(f(a), f(b), fab)


def _ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def _ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[list[float], list[float]]:
    """Closed form for x_i ~ U(-pi, pi) (Ishigami and Homma 1990; Sobol' and Levitan 1999).

    ``V1 = (1 + b pi^4 / 5)^2 / 2``, ``V2 = a^2 / 8``, ``V3 = 0`` and the one
    interaction ``V13 = b^2 pi^8 (1/18 - 1/50) = 8 b^2 pi^8 / 225``;
    ``V = V1 + V2 + V13``.  With a = 7, b = 0.1: V1 = 4.3459, V2 = 6.125,
    V13 = 3.3737, V = 13.8446, so S = (0.3139, 0.4424, 0) and
    ST = (0.5576, 0.4424, 0.2437).
    """
    pi = math.pi
    v1 = 0.5 * (1 + b * pi ** 4 / 5) ** 2
    v2 = a * a / 8
    v13 = 8 * b * b * pi ** 8 / 225
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


def _close(est: np.ndarray, se: np.ndarray, want: list[float]) -> None:
    for e, s, w in zip(est, se, want, strict=True):
        assert abs(e - w) <= 4 * s + 0.005, (e, s, w)


def test_ishigami() -> None:
    first, total = _ishigami_indices()
    assert first[0] == pytest.approx(0.3139, abs=1e-4) and total[2] == pytest.approx(0.2437,
                                                                                     abs=1e-4)
    lo, hi = np.full(3, -math.pi), np.full(3, math.pi)
    ix = _estimate(_ishigami, lo, hi, 40_000, seed=1)
    _close(ix.first_order, ix.first_order_se, first)
    _close(ix.total, ix.total_se, total)
    assert ix.variance == pytest.approx(13.8446, rel=0.03)


@pytest.mark.parametrize(("coef", "width"), [
    pytest.param([3.0, 1.0, 0.0], [1.0, 1.0, 1.0], id="3x+y"),
    pytest.param([1.0, 1.0, 1.0], [1.0, 2.0, 3.0], id="widths-1-2-3"),
    pytest.param([-2.0, 0.5, 1.0], [2.0, 1.0, 0.5], id="mixed-signs"),
])
def test_additive_linear_model(coef: list[float], width: list[float]) -> None:
    """``f = sum c_i x_i`` with ``x_i ~ U(0, w_i)``: no interactions, so S_i = ST_i.

    ``Var(c_i x_i) = c_i^2 w_i^2 / 12``, hence ``S_i = ST_i = c_i^2 w_i^2 / sum_j c_j^2 w_j^2``
    (3x + y on unit widths: 9/10 and 1/10; unit coefficients on widths 1, 2, 3:
    1/14, 4/14, 9/14).
    """
    c, w = np.array(coef), np.array(width)
    share = (c * w) ** 2 / ((c * w) ** 2).sum()
    ix = _estimate(lambda x: x @ c, np.zeros(3), w, 20_000, seed=2)
    _close(ix.first_order, ix.first_order_se, list(share))
    _close(ix.total, ix.total_se, list(share))
    assert ix.mean == pytest.approx(float(c @ w) / 2, abs=0.05 * float(np.abs(c * w).sum()))


def test_a_constant_output_has_no_indices() -> None:
    """Zero variance (here 1 + rounding noise): nothing to share out, every index NaN."""
    fa = np.full(100, 1.0)
    fb = fa + np.where(np.arange(100) % 2 == 0, 0.0, 1e-16)
    ix = jansen(fa, fb, np.stack([fa, fb]))
    assert ix.variance == 0.0 and ix.mean == pytest.approx(1.0)
    assert np.isnan(ix.first_order).all() and np.isnan(ix.total_se).all()


def test_swapping_the_samples_is_caught() -> None:
    """The estimators are not symmetric in A and B: f(B) pairs with f(AB_i) for S_i.

    With ``f = x_0`` alone, ``AB_0`` takes column 0 from B, so ``f(AB_0) = f(B)``:
    S_0 = 1 exactly and ST_0 = mean((f(A) - f(B))^2) / (2 V), about 1.
    """
    rng = np.random.default_rng(3)
    fa, fb = rng.uniform(size=(2, 5000))
    ix = jansen(fa, fb, fb[None, :])
    assert ix.first_order[0] == 1.0 and ix.first_order_se[0] == 0.0
    assert ix.total[0] == pytest.approx(1.0, abs=0.05)


def test_doctests() -> None:
    import doctest

    import accord.simulation.sobol as module

    assert doctest.testmod(module).failed == 0
