"""Evaluate a road map over a grid of one or two inputs, the grid on the engine's draws axis.

The exact sweep builds the engine's parameters with one "draw" per grid cell
(``accord.engine.build`` with a value function that gives the swept numbers
their grid values and every other number its mean) and runs the engine once
over all cells: no Python loop over cells.  ``scale.ID`` multiplies the
step's (or stick's) ``flow`` and ``once`` arrays by the cell's value.

Each cell reports what ``analyze`` of the file with those values written in
reports (:mod:`accord.sweep.writein`): ``self_enforcing``, ``viable`` and the
``bottleneck`` (``Analysis.bottleneck``: the root cause when the road map is
not viable, else the tightest margin, cheat margin or surplus; a margin in
value at its point's time, a surplus as PV at 0).

With ``draws = N``, every cell also gets ``p_viable``, the share of ``N``
Monte Carlo draws in which the road map is viable, and its standard error
``sqrt(p (1 - p) / N)``.  The draws of every other input are the same in
every cell (common random numbers: cells differ only by the swept values),
drawn block by block as ``simulate`` draws them
(``SFC64(SeedSequence(seed, spawn_key=(b,)))``); a swept random number takes
the cell's value in every draw.  They are evaluated by the exact engine
(``after:`` and participation included), ``CHUNK`` draws per call.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.engine import Layout, Params, build
from accord.engine import analyze as run_engine
from accord.engine.bottleneck import KINDS, bottleneck
from accord.errors import ScenarioError
from accord.model import Quantity, Scenario
from accord.model.checks import Path, ensure_valid
from accord.result import Provenance
from accord.simulation import check_count, new_seed
from accord.simulation.sampler import BLOCK_SIZE, Model, block_size, blocks, generator
from accord.sweep.axis import Axis, SweepError, Target
from accord.sweep.result import Sweep
from accord.sweep.writein import written_in
from accord.version import __version__

FloatArray = NDArray[np.float64]
#: Draws (cells x Monte Carlo draws) per engine call: memory only, no number depends on it.
CHUNK = 16_384
#: Largest grid.
MAX_CELLS = 100_000


def _check_range(s: Scenario, axis: Axis, *, sampling: bool) -> None:
    """Each end of the axis, written into the file, must pass the file's checks."""
    for v in {float(axis.values[0]), float(axis.values[-1])}:
        try:
            ensure_valid(written_in(s, axis.target, v), sampling=sampling)
        except ScenarioError as exc:
            why = "; ".join(p.message for p in exc.problems if p.severity == "error")
            raise SweepError(f"{axis.path}={v:g}: {why}") from None
        except ValueError as exc:  # pydantic: the value is not allowed in that field
            raise SweepError(f"{axis.path}={v:g}: {exc}") from None


def _prepare(s: Scenario, axes: list[Axis]) -> Scenario:
    """The scenario with every swept entry the file leaves out written in as 0."""
    for ax in axes:
        if not ax.target.written:
            s = written_in(s, ax.target, 0.0)
    return s


def _params(s: Scenario, lay: Layout, axes: list[Axis], grid: list[FloatArray],
            base: dict[Path, FloatArray | float], d: int) -> Params:
    """Parameters for ``d`` draws: swept paths from ``grid``, the rest from ``base``."""
    swept = {ax.target.path: g for ax, g in zip(axes, grid, strict=True)
             if ax.target.path is not None}

    def value(path: Path, q: Quantity) -> FloatArray:
        if path in swept:
            return swept[path]
        v = base.get(path, q.mean)
        return np.broadcast_to(np.asarray(v, dtype=np.float64), (d,)).copy()

    p = build(s, lay, value)
    for ax, g in zip(axes, grid, strict=True):
        if ax.target.scale is None:
            continue
        section, i = ax.target.scale
        f = g[:, None]
        if section == "steps":
            sid = s.steps[i].id
            if sid not in lay.steps:
                continue  # an unscheduled step: scaling it changes nothing
            j = lay.steps.index(sid)
            flow, once = p.flow.copy(), p.once.copy()
            flow[:, j] *= f
            once[:, j] *= f
            p = dataclasses.replace(p, flow=flow, once=once)
        else:
            sflow, sonce = p.stick_flow.copy(), p.stick_once.copy()
            sflow[:, i] *= f
            sonce[:, i] *= f
            p = dataclasses.replace(p, stick_flow=sflow, stick_once=sonce)
    return p


def _grid(axes: list[Axis]) -> list[FloatArray]:
    """Cell values per axis, x outer, y inner (cell ``k = i * ny + j``)."""
    if len(axes) == 1:
        return [axes[0].values.astype(np.float64)]
    gx, gy = np.meshgrid(axes[0].values, axes[1].values, indexing="ij")
    return [gx.reshape(-1), gy.reshape(-1)]


def _p_viable(s: Scenario, lay: Layout, axes: list[Axis], grid: list[FloatArray],
              draws: int, seed: int) -> FloatArray:
    """Share of viable draws per cell (common random numbers across cells)."""
    model = Model(s)
    g = grid[0].shape[0]
    viable = np.zeros(g, dtype=np.int64)
    for b in range(blocks(draws)):
        nb = block_size(draws, b)
        sample = model.sample(generator(seed, b), nb)
        per = max(1, CHUNK // nb)
        for lo in range(0, g, per):
            hi = min(g, lo + per)
            cells = hi - lo
            d = cells * nb
            cell_grid = [np.repeat(v[lo:hi], nb) for v in grid]
            base = {p: (np.tile(v, cells) if isinstance(v, np.ndarray) else v)
                    for p, v in sample.items()}
            sol = run_engine(lay, _params(s, lay, axes, cell_grid, base, d))
            viable[lo:hi] += sol.viable.reshape(cells, nb).sum(axis=1)
    return np.asarray(viable / draws, dtype=np.float64)


def sweep(scenario: Scenario, x: Axis | str, y: Axis | str | None = None, *,
          draws: int | None = None, seed: int | None = None) -> Sweep:
    """Evaluate ``scenario`` over the grid of ``x`` (and ``y``); see the module docstring.

    ``x`` and ``y`` are :class:`Axis` objects or ``"PATH=lo:hi:n"`` strings.
    """
    from accord.sweep.axis import parse

    axes = [parse(scenario, a) if isinstance(a, str) else a for a in (x, y) if a is not None]
    if len(axes) == 2 and axes[0].path == axes[1].path:
        raise SweepError(f"--x and --y both sweep {axes[0].path}; choose two inputs")
    cells = math.prod(len(a.values) for a in axes)
    if cells > MAX_CELLS:
        raise SweepError(f"the grid has {cells:,} cells; at most {MAX_CELLS:,}")
    n = None if draws is None else check_count("draws", draws)
    run_seed = None if n is None else new_seed(seed)
    ensure_valid(scenario, sampling=n is not None)
    for ax in axes:
        _check_range(scenario, ax, sampling=n is not None)
    s = _prepare(scenario, axes)
    targets: list[Target] = [ax.target for ax in axes]
    axes = [dataclasses.replace(ax, target=dataclasses.replace(t, written=True))
            for ax, t in zip(axes, targets, strict=True)]
    lay = Layout.of(s)
    grid = _grid(axes)
    out: list[dict[str, Any]] = []
    for lo in range(0, cells, CHUNK):
        part = [g[lo:lo + CHUNK] for g in grid]
        d = part[0].shape[0]
        sol = run_engine(lay, _params(s, lay, axes, part, {}, d))
        bn = bottleneck(sol)
        for k in range(d):
            step = int(bn.step[k])
            out.append({
                "x": float(part[0][k]), "y": float(part[1][k]) if len(axes) == 2 else None,
                "viable": bool(sol.viable[k]), "self_enforcing": bool(sol.self_enforcing[k]),
                "bottleneck": float(bn.value[k]),
                "bottleneck_at": {"kind": KINDS[int(bn.kind[k])],
                                  "point": None if bn.point[k] < 0 else int(bn.point[k]),
                                  "party": lay.parties[int(bn.party[k])],
                                  "step": None if step < 0 else lay.steps[step]},
            })
    if n is not None:
        assert run_seed is not None
        p = _p_viable(s, lay, axes, grid, n, run_seed)
        for cell, pv in zip(out, p, strict=True):
            cell["p_viable"] = float(pv)
            cell["p_viable_se"] = math.sqrt(pv * (1.0 - pv) / n)
    prov = Provenance(scenario.digest, __version__, draws=n or 1, seed=run_seed)
    return Sweep(scenario=scenario, provenance=prov, x=axes[0],
                 y=axes[1] if len(axes) == 2 else None, cells=tuple(out), draws=n,
                 block_size=BLOCK_SIZE)
