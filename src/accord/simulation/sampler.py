"""Seeds, random streams and the numbers of one block of draws.

The draws ``0 .. draws - 1`` are cut into fixed blocks of :data:`BLOCK_SIZE`
(the last one shorter).  Block ``b`` has its own generator,
``SFC64(SeedSequence(seed, spawn_key=(b,)))`` -- the ``b``-th child of
``SeedSequence(seed).spawn(...)`` -- and draws every random quantity of the
scenario from it in a fixed order: quantities in the order of
:func:`accord.model.checks.quantities` (the order of the file format), each
drawing the block's draws at once.  Plain values draw nothing.  So every
number depends only on ``(scenario, seed, draws)``: not on workers, chunk
size or which process runs a block.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from accord.engine.layout import Layout
from accord.engine.montecarlo.distributions import Sampler
from accord.engine.montecarlo.inputs import Builder, Inputs, Structure
from accord.engine.montecarlo.slots import Slots
from accord.engine.params import FloatArray
from accord.model import Quantity, Scenario
from accord.model.checks import Path, quantities
from accord.simulation.aggregate import Rows

#: Draws per block: the unit of random streams (changing it changes the numbers).
BLOCK_SIZE = 4096


def generator(seed: int, block: int) -> np.random.Generator:
    """The generator of block ``block``: ``SFC64(SeedSequence(seed, spawn_key=(block,)))``.

    SFC64 rather than numpy's default PCG64: the compiled sampler runs it inline
    at about half the cost per number (docs/performance.md).
    """
    return np.random.Generator(np.random.SFC64(np.random.SeedSequence(seed, spawn_key=(block,))))


def blocks(draws: int) -> int:
    """Number of blocks of ``draws`` draws."""
    return -(-draws // BLOCK_SIZE)


def block_size(draws: int, block: int) -> int:
    """Draws in block ``block`` of a run of ``draws`` draws."""
    return min(BLOCK_SIZE, draws - block * BLOCK_SIZE)


@dataclass(frozen=True)
class Model:
    """Everything derived from a scenario that a block needs (built once per process)."""

    scenario: Scenario

    @cached_property
    def layout(self) -> Layout:
        return Layout.of(self.scenario)

    @cached_property
    def structure(self) -> Structure:
        return Structure.of(self.layout)

    @cached_property
    def builder(self) -> Builder:
        return Builder(self.scenario, self.layout)

    @cached_property
    def quantities(self) -> tuple[tuple[Path, Quantity], ...]:
        """Every number of the scenario, in the order blocks draw them."""
        return tuple(quantities(self.scenario))

    @cached_property
    def rows(self) -> Rows:
        lay = self.layout
        return Rows(points=lay.n_points, parties=lay.n_parties,
                    cheats=len(lay.cheat_steps), sticks=len(lay.sticks))

    @cached_property
    def random(self) -> tuple[tuple[Path, Quantity], ...]:
        """The random numbers, in drawing order."""
        return tuple((p, q) for p, q in self.quantities if q.is_random)

    @cached_property
    def used(self) -> frozenset[Path]:
        """Paths the kernel reads (capabilities and unused steps do not affect margins)."""
        return frozenset(self.builder.paths)

    @cached_property
    def _matrix(self) -> dict[int, FloatArray]:
        """The sample matrix kept by ``sample(..., reuse=True)``, by number of draws."""
        return {}

    @cached_property
    def sampler(self) -> Sampler:
        """The random numbers as one :class:`Sampler`, in drawing order."""
        return Sampler.of([q for _, q in self.random])

    def sample(self, gen: np.random.Generator, n: int, *,
               reuse: bool = False) -> dict[Path, FloatArray | float]:
        """``n`` draws of every number from ``gen``, in order (plain values: constants).

        The random numbers are drawn one after the other, each ``n`` times
        (:meth:`Sampler.sample`, the bits of :func:`~accord.engine.montecarlo.distributions.draw`
        row after row); the arrays are rows of one ``(random numbers, n)`` matrix.
        With ``reuse``, that matrix is the one of the previous call with the same
        ``n``, overwritten (no fresh pages to fault in for every block).
        """
        buf = self._matrix.get(n) if reuse else None
        matrix = self.sampler.sample(gen, n, out=buf)
        if reuse and buf is None:
            self._matrix.clear()
            self._matrix[n] = matrix
        out: dict[Path, FloatArray | float] = {}
        row = 0
        for path, q in self.quantities:
            if q.is_random:
                out[path] = matrix[row]
                row += 1
            else:
                out[path] = q.params[0]
        return out

    def inputs(self, values: dict[Path, FloatArray | float], n: int, *,
               reuse: bool = False) -> Inputs:
        return self.builder.fill(values, n, reuse=reuse)

    @cached_property
    def slots(self) -> Slots | None:
        """Where sampled numbers go in the kernel's inputs (None: the builder cannot say)."""
        return Slots(self.builder, self.quantities) if self.builder.exact else None

    def block_inputs(self, seed: int, block: int, n: int, *, reuse: bool = False) -> Inputs:
        """Inputs of block ``block`` (``n`` draws) of a run seeded with ``seed``.

        The numbers are drawn straight into the inputs' arrays (:class:`Slots`);
        the same bits as ``inputs(sample(generator(seed, block), n), n)``.
        With ``reuse``, the arrays of the previous call with the same ``n`` are
        overwritten.
        """
        sl = self.slots
        if sl is None:
            return self.inputs(self.sample(generator(seed, block), n, reuse=reuse), n,
                               reuse=reuse)
        m = self._slot_matrix.get(n) if reuse else None
        if m is None:
            m = sl.matrix(n)
            if reuse:
                self._slot_matrix.clear()
                self._slot_matrix[n] = m
        self.sampler.sample(generator(seed, block), n, out=m, rows=sl.dest)
        return sl.inputs(m)

    @cached_property
    def _slot_matrix(self) -> dict[int, FloatArray]:
        """The matrix kept by ``block_inputs(..., reuse=True)``, by number of draws."""
        return {}
