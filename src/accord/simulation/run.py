"""Running a Monte Carlo simulation: argument checks, the seed, the blocks of draws.

>>> import accord
>>> from accord.simulation import simulate
>>> s = accord.load_text('''
... accord: 1
... title: one uncertain flow
... parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
... steps: [{id: s, actor: A, flow: {A: {uniform: [-1, 3]}, B: 1}}]
... roadmap: [{phase: P, duration: 1, moves: [[s]]}]
... ''')
>>> r = simulate(s, draws=10_000, seed=1)
>>> round(r.probability, 2)  # A's flow must be >= 0: P = 3/4
0.75

The result depends only on ``(scenario, draws, seed)``: not on ``workers``,
the chunk size, the scheduler or the machine's numba; see
``docs/simulation.md``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from accord.engine.montecarlo.evaluation import numba_enabled
from accord.io.load import scenario_of
from accord.model import Scenario
from accord.model.checks import ensure_valid
from accord.result import Provenance
from accord.simulation.aggregate import Accumulator
from accord.simulation.parallel import (
    default_chunk,
    plan,
    run_dask,
    run_processes,
    run_serial,
)
from accord.simulation.result import Simulation, summarize
from accord.simulation.sampler import Model
from accord.version import __version__

__all__ = ["check_count", "new_seed", "scenario_for_sampling", "simulate"]


def check_count(name: str, value: object, minimum: int = 1) -> int:
    """``value`` as an int ``>= minimum``; ``ValueError`` with a clear message otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def new_seed(seed: int | None) -> int:
    """``seed`` checked (a non-negative int), or fresh entropy when ``None`` (record it)."""
    if seed is None:
        entropy = np.random.SeedSequence().entropy
        assert isinstance(entropy, int)
        return entropy
    return check_count("seed", seed, 0)


def scenario_for_sampling(scenario: Scenario | str | Path) -> Scenario:
    """The scenario to sample: a file or bundled name is loaded, and refused (with file
    positions) if Monte Carlo would draw values out of range."""
    return scenario_of(scenario, sampling=True)


def simulate(scenario: Scenario | str | Path, draws: int = 100_000, seed: int | None = None,
             workers: int = 1, scheduler: Any = None, *, chunk: int | None = None,
             progress: Callable[[int], None] | None = None) -> Simulation:
    """Monte Carlo: sample every distribution of ``scenario`` independently ``draws`` times.

    Parameters
    ----------
    scenario:
        A :class:`~accord.model.Scenario`, a file path or a bundled scenario name.
    draws:
        Number of draws (``>= 1``).
    seed:
        Non-negative integer; ``None`` draws fresh entropy (recorded in the result).
    workers:
        Local worker processes (``1``: run in this process).
    scheduler:
        A Dask scheduler address (``"tcp://host:8786"``) or ``distributed.Client``;
        runs the same blocks on the cluster instead of local processes.
    chunk:
        Blocks of :data:`BLOCK_SIZE` draws per task (memory and load balance
        only; the numbers do not depend on it).
    progress:
        Called with the number of draws finished after each task.

    Returns a :class:`Simulation`, whose numbers depend only on
    ``(scenario, draws, seed)``.
    """
    draws = check_count("draws", draws)
    workers = check_count("workers", workers)
    seed = new_seed(seed)
    if chunk is not None:
        chunk = check_count("chunk", chunk)
    s = scenario_for_sampling(scenario)
    ensure_valid(s, sampling=True)
    model = Model(s)
    acc = Accumulator(model.rows)
    size = chunk or default_chunk(draws, workers)
    # with the default chunk, the last tasks are smaller (load balance at the end)
    tasks = plan(seed, draws, size, tail=0 if chunk else workers * size)
    start = time.perf_counter()
    if scheduler is not None:
        run_dask(model, tasks, acc, scheduler, progress)
    elif workers > 1:
        from accord.simulation.blocks import warm_up

        warm_up(model)  # compile (or load) the kernels once, so workers load them from cache
        run_processes(model, tasks, acc, workers, progress)
    else:
        run_serial(model, tasks, acc, progress)
    elapsed = time.perf_counter() - start
    data = summarize(model, acc, s.title)
    runtime = {"seconds": elapsed, "workers": workers,
               "scheduler": None if scheduler is None else str(scheduler),
               "kernel": "numba" if numba_enabled() else "python", "chunk": size}
    return Simulation(s, Provenance(s.digest, __version__, draws=draws, seed=seed), data,
                      runtime)
