"""Running tasks: in-process, on local worker processes, or on a Dask cluster.

Every executor runs the same :class:`~accord.simulation.blocks.Task` objects
and feeds their chunks to one :class:`~accord.simulation.aggregate.Accumulator`,
which merges counts in any order and folds moments in block order.  So the
numbers do not depend on the executor, the number of workers or the chunk
size.  At most ``2 x workers`` tasks are in flight at once, so memory stays
constant however many draws are asked for.  With ``workers = K`` local
processes, this process is one of them: it runs tasks itself next to
``K - 1`` worker processes.

On Linux the workers are forked: they start with accord and its compiled
kernels already loaded (each builds its own model and buffers, in about 0.1 s),
and a script that calls :func:`accord.simulate` needs no
``if __name__ == "__main__"`` guard.  Elsewhere (macOS, Windows, where forking
is unsafe or missing) they are spawned: each imports accord and loads the
kernels from numba's cache (about a second).  A start method set with
``multiprocessing.set_start_method`` is used instead.
"""

from __future__ import annotations

import multiprocessing
import sys
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from accord.simulation.aggregate import Accumulator, Chunk
from accord.simulation.blocks import (
    Task,
    init_forked,
    init_worker,
    run_in_worker,
    run_remote,
    run_task,
)
from accord.simulation.sampler import Model, blocks

#: Largest number of blocks in one task.
MAX_CHUNK = 64

Progress = Callable[[int], None]


def default_chunk(draws: int, workers: int) -> int:
    """Blocks per task: about eight tasks per worker, at most :data:`MAX_CHUNK` blocks."""
    nb = blocks(draws)
    return max(1, min(MAX_CHUNK, -(-nb // (8 * workers))))


def plan(seed: int, draws: int, chunk: int, *, tail: int = 0) -> Iterator[Task]:
    """The tasks of a run, in block order: ``chunk`` blocks each (the last may be short).

    The last ``tail`` blocks go in tasks of a quarter of ``chunk``, so that at the end
    of a parallel run no worker waits long for another's last big task.  Task sizes
    change no number.
    """
    nb = blocks(draws)
    small = max(1, -(-chunk // 4))
    first = 0
    while first < nb:
        rest = nb - first
        count = min(chunk if rest > tail else small, rest)
        yield Task(seed=seed, draws=draws, first=first, count=count)
        first += count


def _windowed(submit: Callable[[Task], Any], tasks: Iterator[Task], window: int,
              acc: Accumulator, progress: Progress | None,
              wait_any: Callable[[set[Any]], set[Any]]) -> None:
    """Keep at most ``window`` tasks in flight; merge each chunk as it arrives."""
    live: dict[Any, Task] = {}

    def drain(until: int) -> None:
        while len(live) > until:
            for fut in wait_any(set(live)):
                acc.add(fut.result())
                task = live.pop(fut)
                if progress is not None:
                    progress(task.size)

    for task in tasks:
        live[submit(task)] = task
        drain(window - 1)
    drain(0)


def run_serial(model: Model, tasks: Iterator[Task], acc: Accumulator,
               progress: Progress | None = None) -> None:
    """Run every task in this process, in order."""
    for task in tasks:
        acc.add(run_task(model, task))
        if progress is not None:
            progress(task.size)


def start_method() -> str:
    """How local workers start: as set by ``multiprocessing.set_start_method`` if it was
    set; otherwise ``"fork"`` on Linux and ``"spawn"`` elsewhere."""
    chosen = multiprocessing.get_start_method(allow_none=True)
    if chosen is not None:
        return chosen
    return "fork" if sys.platform.startswith("linux") else "spawn"


def run_processes(model: Model, tasks: Iterator[Task], acc: Accumulator, workers: int,
                  progress: Progress | None = None) -> None:
    """Run tasks on ``workers`` processes: this one and ``workers - 1`` workers.

    This process runs tasks too (see :func:`share`), so a worker's start
    (forked: about 0.1 s; spawned: a second or so of imports and loading the
    compiled kernels) is spent computing rather than waiting.  Which
    process runs a task changes no number (the accumulator merges in block
    order).
    """
    if workers < 2:
        run_serial(model, tasks, acc, progress)
        return
    method = start_method()
    ctx = multiprocessing.get_context(method)
    others = workers - 1
    init = init_forked if method == "fork" else init_worker
    with warnings.catch_warnings(), ProcessPoolExecutor(
            max_workers=others, mp_context=ctx, initializer=init,
            initargs=(model.scenario,)) as pool:
        # Python >= 3.12 warns when a process with other threads (Jupyter's, say) forks,
        # since the child may inherit a lock one of them held: the child runs only
        # accord's tasks (kernels already compiled, no I/O, no logging)
        warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to deadlocks",
                                category=DeprecationWarning)
        share(lambda task: pool.submit(run_in_worker, task), lambda task: run_task(model, task),
              tasks, acc, 2 * others, progress, _wait_first)


def _wait_first(fs: set[Future[Chunk]]) -> set[Future[Chunk]]:
    return set(wait(fs, return_when=FIRST_COMPLETED).done)


def share(submit: Callable[[Task], Future[Chunk]], run_here: Callable[[Task], Chunk],
          tasks: Iterator[Task], acc: Accumulator, queue: int, progress: Progress | None,
          wait_any: Callable[[set[Future[Chunk]]], set[Future[Chunk]]]) -> None:
    """Share tasks between a pool (``submit``) and this process (``run_here``).

    Each round merges the pool's finished chunks, tops the pool up to ``queue``
    unfinished tasks, then runs the next task here.  Merging comes first: a
    finished task still counted in the queue would leave a worker with nothing
    queued, idle while this process computes (up to a task's time).  When no
    task is left, this process waits for the pool's.
    """
    live: dict[Future[Chunk], Task] = {}

    def merge(done: set[Future[Chunk]]) -> None:
        for fut in done:
            acc.add(fut.result())
            task = live.pop(fut)
            if progress is not None:
                progress(task.size)

    pending = iter(tasks)
    more = True
    while more or live:
        merge({f for f in live if f.done()})
        while more and len(live) < queue:
            task = next(pending, None)
            if task is None:
                more = False
            else:
                live[submit(task)] = task
        task = next(pending, None) if more else None
        if task is not None:
            acc.add(run_here(task))
            if progress is not None:
                progress(task.size)
        else:
            more = False
            if live:
                merge(wait_any(set(live)))


def run_dask(model: Model, tasks: Iterator[Task], acc: Accumulator, scheduler: Any,
             progress: Progress | None = None) -> None:
    """Run tasks on a Dask distributed cluster (``scheduler``: an address or a ``Client``)."""
    from distributed import Client
    from distributed import wait as dwait

    own = not isinstance(scheduler, Client)
    client: Any = Client(scheduler) if own else scheduler  # type: ignore[no-untyped-call]
    try:
        n = max(1, sum(w.get("nthreads", 1) for w in
                       client.scheduler_info().get("workers", {}).values()))
        scenario = client.scatter(model.scenario, broadcast=True)

        def wait_any(fs: set[Any]) -> set[Any]:
            res = dwait(list(fs), return_when="FIRST_COMPLETED")  # type: ignore[no-untyped-call]
            return set(res.done)

        _windowed(lambda t: client.submit(run_remote, scenario, t, pure=False), tasks, 2 * n,
                  acc, progress, wait_any)
    finally:
        if own:
            client.close()
