"""Robust design (DESIGN.md §4): the constraints hold in each of S sampled draws.

The draws are those of ``accord simulate --seed N --draws S``: the same sampler and
streams, through the one coupling point :func:`sampled_values` (the simulation
model's ``sample`` of each block's generator).  Each draw gives its own coefficients
(:func:`accord.design.coefficients.coefficients` with the draw's numbers); the
objective stays at the means.  The design's P(self-enforcing) is then estimated out of
sample by a fresh Monte Carlo of the written scenario with seed ``N + 1``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from accord.design.coefficients import Coefficients, coefficients
from accord.engine.params import FloatArray
from accord.model import Quantity, Scenario
from accord.model.checks import Path

#: Draws of the out-of-sample check.
OUT_OF_SAMPLE_DRAWS = 20_000


def sampled_values(s: Scenario, draws: int, seed: int) -> dict[Path, FloatArray | float]:
    """Every number of ``s`` in the first ``draws`` draws of ``simulate(s, draws, seed)``."""
    from accord.simulation.sampler import Model, block_size, blocks, generator

    model = Model(s)
    parts = [model.sample(generator(seed, b), block_size(draws, b)) for b in range(blocks(draws))]
    out: dict[Path, FloatArray | float] = {}
    for path, first in parts[0].items():
        if isinstance(first, np.ndarray):
            out[path] = np.concatenate([np.asarray(p[path]) for p in parts])
        else:
            out[path] = first
    return out


def sampled_coefficients(s: Scenario, draws: int, seed: int) -> list[Coefficients]:
    """The program's coefficients in each draw."""
    values = sampled_values(s, draws, seed)

    def at(d: int) -> Any:
        def value(path: Path, q: Quantity) -> FloatArray:
            v = values.get(path, q.mean)
            return np.array([v[d] if isinstance(v, np.ndarray) else float(v)])
        return value

    return [coefficients(s, at(d)) for d in range(draws)]


def out_of_sample(written: Scenario, seed: int) -> dict[str, Any]:
    """P(self-enforcing) of the written scenario over a fresh Monte Carlo (seed + 1)."""
    from accord.simulation import simulate

    sim = simulate(written, draws=OUT_OF_SAMPLE_DRAWS, seed=seed + 1)
    return {"out_of_sample": {"seed": seed + 1, "draws": OUT_OF_SAMPLE_DRAWS,
                              "p_self_enforcing": sim.probability,
                              "standard_error": sim.standard_error}}
