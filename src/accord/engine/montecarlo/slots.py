"""The kernel's inputs as row ranges of one matrix, so sampled numbers land in place.

:class:`~accord.engine.montecarlo.inputs.Builder` copies each sampled number
into its :class:`~accord.engine.montecarlo.inputs.Inputs` slot: about 3.3 KiB
per draw on the benchmark scenario, copied after being written.  Here every
``Inputs`` field (except the decision point and execution times, which are
computed from the phases) is a view of consecutive rows of one ``(rows, n)``
matrix, followed by *scratch* rows.  A random number used in exactly one slot
is drawn straight into that slot's row; any other random number (used in
several slots, or only by the phases, or not at all by the kernel) is drawn
into a scratch row and copied from there.  Constants are written once, when
the matrix is made.

The result is the same, bit for bit, as ``Builder.fill`` on the same draws
(tested): every slot receives the same value, and the times are computed by
the same operations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from accord.engine.montecarlo.inputs import _TIME_FIELDS, Builder, Inputs
from accord.engine.params import FloatArray
from accord.model import Quantity
from accord.model.checks import Path

IntArray = NDArray[np.int64]


class Slots:
    """Where each number of a scenario goes in one matrix holding every ``Inputs`` field.

    ``numbers`` are the scenario's numbers in drawing order; ``dest[k]`` is the
    matrix row the ``k``-th *random* number is drawn into, and ``copies`` the
    (scratch row, slot row) pairs to copy after drawing.
    """

    def __init__(self, builder: Builder, numbers: Sequence[tuple[Path, Quantity]]) -> None:
        if not builder.exact:
            raise ValueError("Slots needs a Builder that copies every number (exact)")
        lay = builder.layout
        npar, ns, k = lay.n_parties, lay.n_steps, len(lay.sticks)
        self.builder = builder
        self.shapes: dict[str, tuple[int, ...]] = {
            "r": (npar,), "H": (), "lag": (ns,), "flow": (ns, npar), "once": (ns, npar),
            "rlag": (ns,), "cost": (ns,), "feas": (ns,), "det": (ns,), "delay": (ns,),
            "sflow": (k, npar), "sonce": (k, npar), "slag": (k,)}
        assert set(self.shapes) | set(_TIME_FIELDS) == set(Inputs._fields)
        self.sizes = {name: int(np.prod(shape, dtype=np.int64))
                      for name, shape in self.shapes.items()}
        self.offset: dict[str, int] = {}
        top = 0
        for name, size in self.sizes.items():
            self.offset[name] = top
            top += size
        self.n_slots = top
        slots: dict[Path, list[int]] = {}
        for name, idx, path in builder.rows:
            slots.setdefault(path, []).append(self._row(name, idx))
        self.consts: list[tuple[int, float]] = [
            (self._row(name, idx), c) for name, idx, c in builder.consts]
        dest: list[int] = []
        self.copies: list[tuple[int, int]] = []
        self.where: dict[Path, int] = {}  # matrix row of each random number
        self.fixed: dict[Path, float] = {}  # value of each plain number
        scratch = top
        for path, q in numbers:
            rows = slots.get(path, [])
            if not q.is_random:
                self.fixed[path] = q.params[0]
                self.consts += [(row, q.params[0]) for row in rows]
                continue
            if len(rows) == 1:
                row = rows[0]
            else:
                row = scratch
                scratch += 1
                self.copies += [(row, slot) for slot in rows]
            dest.append(row)
            self.where[path] = row
        self.dest: IntArray = np.array(dest, dtype=np.int64)
        self.n_rows = scratch

    def _row(self, name: str, idx: tuple[int, ...]) -> int:
        shape = self.shapes[name]
        return self.offset[name] + (int(np.ravel_multi_index(idx, shape)) if shape else 0)

    def matrix(self, n: int) -> FloatArray:
        """A fresh ``(rows, n)`` matrix with every constant written in its slot."""
        m = np.zeros((self.n_rows, n))
        for row, c in self.consts:
            m[row] = c
        return m

    def inputs(self, m: FloatArray) -> Inputs:
        """The ``Inputs`` of a matrix whose random rows have been drawn (copies done here)."""
        for src, dst in self.copies:
            m[dst] = m[src]
        n = m.shape[1]
        views = {name: m[self.offset[name]:self.offset[name] + self.sizes[name]]
                 .reshape(*shape, n) for name, shape in self.shapes.items()}
        values: dict[Path, FloatArray | float] = dict(self.fixed)
        for start, duration in self.builder.phases:
            for p in (start, duration):
                if p is not None and p in self.where:
                    values[p] = m[self.where[p]]
        t, x = self.builder.times(values, n)
        return Inputs(t=t, x=x, **views)
