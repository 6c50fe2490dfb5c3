"""Tasks: a contiguous run of blocks, evaluated and aggregated in one process.

The functions here are top-level (picklable by reference), so the same task
runs in-process, in a local worker process, or on a Dask worker, and gives
the same :class:`~accord.simulation.aggregate.Chunk`.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.engine.montecarlo.draws import Draws
from accord.engine.montecarlo.evaluation import evaluate_inputs
from accord.model import Scenario
from accord.simulation.aggregate import Chunk, Counts, Moments, block_stats
from accord.simulation.sampler import Model, block_size


@dataclass(frozen=True)
class Task:
    """Blocks ``first .. first + count - 1`` of a run of ``draws`` draws seeded with ``seed``."""

    seed: int
    draws: int
    first: int
    count: int

    @property
    def size(self) -> int:
        """Number of draws in the task."""
        return sum(block_size(self.draws, b) for b in range(self.first, self.first + self.count))


def run_task(model: Model, task: Task) -> Chunk:
    """Sample, evaluate and aggregate every block of ``task``, one block at a time."""
    counts = Counts(model.rows)
    moments: list[Moments] = []
    rows = model.rows
    out: Draws | None = None
    for b in range(task.first, task.first + task.count):
        n = block_size(task.draws, b)
        if out is None or out.surplus.shape[-1] != n:
            out = Draws.empty(rows.points, rows.parties, rows.cheats, rows.sticks, n)
        d = evaluate_inputs(model.structure, model.block_inputs(task.seed, b, n, reuse=True),
                            out=out)
        moments.append(block_stats(d, rows, counts, b))
    return Chunk.of(task.first, counts, moments)


# -- in worker processes ----------------------------------------------------------------------

_WORKER_MODEL: Model | None = None


def init_worker(scenario: Scenario) -> None:
    """Process-pool initializer: build the model once per worker (and load the kernel)."""
    global _WORKER_MODEL
    _WORKER_MODEL = Model(scenario)
    warm_up(_WORKER_MODEL)


def init_forked(scenario: Scenario) -> None:
    """Process-pool initializer of a forked worker: its own model and buffers.

    The compiled kernels are inherited; the parent's model and cached tables are
    not reused, because the child would compute on pages it shares copy-on-write
    with the parent (split into small pages at the first write: a slower kernel).
    """
    from accord.engine.montecarlo.evaluation import forget_tables

    forget_tables()
    init_worker(scenario)


def run_in_worker(task: Task) -> Chunk:
    """Run a task in a pool worker set up by :func:`init_worker`."""
    assert _WORKER_MODEL is not None, "init_worker was not called"
    return run_task(_WORKER_MODEL, task)


_REMOTE: dict[str, Model] = {}


def run_remote(scenario: Scenario, task: Task) -> Chunk:
    """Run a task on a Dask worker (the model is kept per worker process, by digest)."""
    key = scenario.digest
    if key not in _REMOTE:
        _REMOTE.clear()
        _REMOTE[key] = Model(scenario)
        warm_up(_REMOTE[key])
    return run_task(_REMOTE[key], task)


def warm_up(model: Model) -> None:
    """Compile or load the kernels (numba) with one tiny evaluation."""
    run_task(model, Task(seed=0, draws=1, first=0, count=1))
