"""Robust design (DESIGN.md §4): the constraints hold in each of S sampled draws.

The draws are those of ``accord simulate --seed N --draws S``: the same sampler and
streams, through the one coupling point :func:`sampled_values` (the simulation
model's ``sample`` of each block's generator).  Each draw gives its own coefficients
(:func:`accord.design.coefficients.coefficients` with the draw's numbers); the
objective stays at the means.  The design's P(self-enforcing) is then estimated out of
sample by a fresh Monte Carlo of the written scenario with seed ``N + 1``.

Every draw's rows multiply the program's size, and most never bind.  So (without a
quantile) the draws enter lazily: solve with the rows at the means and those of the
draws chosen so far, evaluate the candidate in all S draws with the engine
(:meth:`Draws.failing`: the exact :func:`accord.engine.solution.analyze` over a
leading axis of S draws), add the worst of the draws it fails, and solve again.  Each
program is a relaxation of the one with every draw, so a candidate that holds in all
S draws is its optimum, and an infeasible one proves it infeasible.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from accord.design.coefficients import Coefficients, coefficients
from accord.design.written import scaled_item
from accord.engine import ties
from accord.engine.layout import Layout
from accord.engine.params import FloatArray, build
from accord.engine.solution import Solution, analyze
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


#: Failing draws added to the program per round of the lazy search.
BATCH = 16


class Draws:
    """The first ``n`` draws of ``simulate(s, n, seed)``: every number of each draw, the
    program's coefficients of a draw (built when first asked for), and the draws a
    written road map fails."""

    def __init__(self, s: Scenario, n: int, seed: int) -> None:
        self.s, self.n = s, n
        self.values = sampled_values(s, n, seed)
        self._co: dict[int, Coefficients] = {}

    def coefficients(self, d: int) -> Coefficients:
        """The program's coefficients in draw ``d``."""
        if d not in self._co:
            values = self.values

            def value(path: Path, q: Quantity) -> FloatArray:
                v = values.get(path, q.mean)
                return np.array([v[d] if isinstance(v, np.ndarray) else float(v)])

            self._co[d] = coefficients(self.s, value)
        return self._co[d]

    def _orig(self, path: Path, q: Quantity) -> FloatArray:
        """The input's number at ``path`` in every draw (``q``'s mean if not drawn)."""
        v = self.values.get(path)
        if isinstance(v, np.ndarray):
            return np.asarray(v, dtype=np.float64)
        return np.full(self.n, float(q.mean if v is None else v))

    def _starts(self) -> FloatArray:
        """``(n, K)``: each input phase's start in each draw (as :class:`Grid` reads it)."""
        out = np.zeros((self.n, len(self.s.roadmap)))
        end = np.zeros(self.n)
        for k, ph in enumerate(self.s.roadmap):
            out[:, k] = end if ph.start is None else self._orig(("roadmap", k, "start"),
                                                                 ph.start)
            end = out[:, k] + self._orig(("roadmap", k, "duration"), ph.duration)
        return out

    def evaluate(self, written: Scenario, scale: Mapping[str, float]) -> Solution:
        """The exact engine's solution of ``written`` (the input placed, each item ``x``
        scaled by ``scale[x]``) in every draw: arrays with a leading axis of ``n``."""
        s = self.s
        grid = {ph.phase: k for k, ph in enumerate(s.roadmap)}
        starts = self._starts()

        def value(path: Path, q: Quantity) -> FloatArray:
            if path[0] == "roadmap":  # the written phase's grid phase, its per-draw start
                k = grid[written.roadmap[int(path[1])].phase]
                if path[2] == "start":
                    return starts[:, k]
                return self._orig(("roadmap", k, *path[2:]), q)
            item = scaled_item(s, path)
            f = 1.0 if item is None else float(scale.get(item, 1.0))
            v = self.values.get(path)
            if v is None:  # not in the input's paths: the written number itself
                return np.full(self.n, float(q.mean))
            return f * np.broadcast_to(np.asarray(v, dtype=np.float64), (self.n,))

        lay = Layout.of(written)
        return analyze(lay, build(written, lay, value))

    def failing(self, written: Scenario, scale: Mapping[str, float], epsilon: float
                ) -> list[int]:
        """The draws in which ``written`` is not viable or has a margin or cheat margin
        below ``epsilon`` (tie rule), worst first (by its smallest margin, cheat margin or
        surplus)."""
        sol = self.evaluate(written, scale)
        margins = np.concatenate([sol.margins.reshape(self.n, -1), sol.cheats.margin], axis=1)
        ok = sol.viable.copy()
        if epsilon != 0.0:
            ok &= ties.at_least(margins, epsilon).all(axis=1)
        worst = np.minimum(np.min(margins - epsilon, axis=1, initial=np.inf),
                           np.min(sol.surplus, axis=1))
        bad = np.flatnonzero(~ok)
        return [int(d) for d in bad[np.argsort(worst[bad], kind="stable")]]


def out_of_sample(written: Scenario, seed: int) -> dict[str, Any]:
    """P(self-enforcing) and P(viable: self-enforcing and every party takes part) of the
    written scenario over a fresh Monte Carlo (seed + 1)."""
    from accord.simulation import simulate

    sim = simulate(written, draws=OUT_OF_SAMPLE_DRAWS, seed=seed + 1)
    return {"out_of_sample": {"seed": seed + 1, "draws": OUT_OF_SAMPLE_DRAWS,
                              "p_self_enforcing": sim.probability,
                              "p_viable": sim.p_viable,
                              "standard_error": sim.standard_error}}
