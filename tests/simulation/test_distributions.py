"""Each distribution's samples have the mean and variance of MODEL.md §2 (numpy meanings)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import accord
from accord.engine.montecarlo.distributions import draw
from accord.model import Quantity
from accord.simulation import simulate

N = 400_000


def _moments(kind: str, p: tuple[float, ...]) -> tuple[float, float]:
    """Theoretical mean and variance in numpy.random.Generator's parameters."""
    if kind == "uniform":
        a, b = p
        return (a + b) / 2, (b - a) ** 2 / 12
    if kind == "triangular":
        a, c, b = p
        return (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18
    if kind == "normal":
        return p[0], p[1] ** 2
    if kind == "lognormal":
        mu, s = p
        return math.exp(mu + s * s / 2), (math.exp(s * s) - 1) * math.exp(2 * mu + s * s)
    a, b = p
    return a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1))


CASES = [("uniform", (-1.0, 3.0)), ("triangular", (0.0, 0.2, 1.0)), ("normal", (2.0, 0.5)),
         ("lognormal", (0.1, 0.4)), ("beta", (2.0, 5.0))]


@pytest.mark.parametrize(("kind", "params"), [pytest.param(k, p, id=k) for k, p in CASES])
def test_sample_moments_match_theory(kind: str, params: tuple[float, ...]) -> None:
    q = Quantity(kind=kind, params=params)
    x = draw(q, np.random.default_rng(1), N)
    mean, var = _moments(kind, params)
    assert q.mean == pytest.approx(mean, rel=1e-12)
    assert abs(x.mean() - mean) <= 5 * math.sqrt(var / N)
    assert x.var(ddof=1) == pytest.approx(var, rel=0.03)
    lo, hi = q.support
    assert lo <= x.min() and x.max() <= hi


@pytest.mark.parametrize(("kind", "params"), [pytest.param(k, p, id=k) for k, p in CASES])
def test_simulated_surplus_has_the_moments_of_its_input(kind: str,
                                                        params: tuple[float, ...]) -> None:
    """A's surplus is one payment ``w`` at t = 0, so its distribution is ``w``'s."""
    body = "{" + kind + ": [" + ", ".join(repr(v) for v in params) + "]}"
    s = accord.load_text(f"""
accord: 1
title: one payment
parties: [{{id: A, discount_rate: 0.1}}, {{id: B, discount_rate: 0.1}}]
steps: [{{id: s, actor: B, once: {{A: {body}}}}}]
roadmap: [{{phase: P, duration: 1, moves: [[s]]}}]
""")
    n = 60_000
    r = simulate(s, draws=n, seed=3)
    st = r.data["surplus"]["A"]
    mean, var = _moments(kind, params)
    assert abs(st["mean"] - mean) <= 5 * math.sqrt(var / n)
    assert st["std"] ** 2 == pytest.approx(var, rel=0.05)
    assert st["min"] <= st["q05"] <= st["q25"] <= st["q50"] <= st["q75"] <= st["q95"] <= st["max"]


def test_plain_values_draw_nothing() -> None:
    g1, g2 = np.random.default_rng(4), np.random.default_rng(4)
    assert np.array_equal(draw(Quantity.of(1.5), g1, 3), [1.5, 1.5, 1.5])
    assert g1.random() == g2.random()
