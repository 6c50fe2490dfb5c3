"""The run manager: at most K runs at once (the rest queued), progress, cancel.

A run is recorded ``queued`` in the store before anything of it starts
(:meth:`RunManager.submit`).  One of K slot threads then marks it ``running``
and computes it in a child process (:func:`accord.web.worker.child`), reading
progress and the result from a pipe; the result is written in the same
transaction that marks the run ``done``.  Cancelling marks the run
``cancelled`` first (a result arriving later is discarded) and ends its
process within :data:`POLL` seconds; a queued run is simply never started.

Child processes come from a ``forkserver`` that has imported accord once (a
run starts in a fraction of a second, from a clean single-threaded process,
not a fork of the server's threads); each watches its parent and exits when
the server is gone, ``kill -9`` included.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from accord.store import Run, Store
from accord.web.worker import Job, child

#: How often a slot looks at its run's pipe and cancel flag (seconds).
POLL = 0.05


@dataclass(frozen=True)
class Limits:
    """What one server allows: runs at once, draws per run, a design's search time."""

    slots: int = os.cpu_count() or 1
    max_draws: int = 1_000_000
    max_time_limit: float = 120.0


def _context() -> Any:
    """The multiprocessing context of the run processes (forkserver where there is one)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["accord.web.preload"])
        return ctx
    return multiprocessing.get_context("spawn")


class RunManager:
    """Runs of one server (see the module doc)."""

    def __init__(self, store: Store, limits: Limits | None = None) -> None:
        self.store = store
        self.limits = limits or Limits()
        self._pool = ThreadPoolExecutor(max_workers=max(1, self.limits.slots),
                                        thread_name_prefix="accord-run")
        self._ctx = _context()
        self._lock = threading.Lock()
        self._progress: dict[str, float] = {}
        self._stop: dict[str, threading.Event] = {}
        self._closed = False

    # -- public -------------------------------------------------------------------
    def submit(self, run: Run, job: Job) -> Run:
        """Queue ``run`` (already recorded ``queued``) to compute ``job``."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the run manager is shut down")
            self._stop[run.id] = threading.Event()
        self._pool.submit(self._execute, run.id, job)
        return run

    def progress(self, run: Run) -> float:
        """Fraction done, 0..1 (1 once done; the last reported value while running)."""
        if run.status == "done":
            return 1.0
        with self._lock:
            return self._progress.get(run.id, 0.0)

    def cancel(self, rid: str) -> Run:
        """Cancel run ``rid`` (``KeyError`` if unknown); a finished run is left as it is."""
        run = self.store.run(rid)
        if not run.final and self.store.end(rid, "cancelled", "cancelled by a user"):
            self._signal(rid)
        return self.store.run(rid)

    def active(self) -> int:
        """Runs started and not yet ended by this manager (queued ones excluded)."""
        with self._lock:
            return sum(1 for rid in self._progress)

    def close(self) -> None:
        """Stop: every run of this manager still queued or running ends ``interrupted``."""
        with self._lock:
            self._closed = True
            pending = list(self._stop)
        for rid in pending:
            if self.store.end(rid, "interrupted", "the server stopped before the run finished"):
                self._signal(rid)
        self._pool.shutdown(wait=True, cancel_futures=True)

    # -- slots ----------------------------------------------------------------------
    def _signal(self, rid: str) -> None:
        with self._lock:
            ev = self._stop.get(rid)
        if ev is not None:
            ev.set()

    def _execute(self, rid: str, job: Job) -> None:
        with self._lock:
            stop = self._stop.get(rid) or threading.Event()
        try:
            if stop.is_set() or not self.store.start(rid):
                return  # cancelled while queued
            with self._lock:
                self._progress[rid] = 0.0
            self._compute(rid, job, stop)
        except Exception as exc:  # never lose a run to a bug in this loop
            self.store.end(rid, "failed", f"internal error: {type(exc).__name__}: {exc}")
        finally:
            with self._lock:
                self._progress.pop(rid, None)
                self._stop.pop(rid, None)

    def _compute(self, rid: str, job: Job, stop: threading.Event) -> None:
        receive, send = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(target=child, args=(send, job), daemon=True,
                                 name=f"accord-run-{rid}")
        proc.start()
        send.close()
        try:
            while True:
                if stop.is_set():  # the store already says cancelled / interrupted
                    return
                if not receive.poll(POLL):
                    if not proc.is_alive() and not receive.poll(0):
                        self.store.end(rid, "failed", "the run's process ended without a "
                                       f"result (exit code {proc.exitcode})")
                        return
                    continue
                try:
                    msg = receive.recv()
                except EOFError:
                    proc.join(1.0)
                    self.store.end(rid, "failed", "the run's process ended without a "
                                   f"result (exit code {proc.exitcode})")
                    return
                if msg[0] == "progress":
                    with self._lock:
                        self._progress[rid] = float(msg[1])
                elif msg[0] == "done":
                    self.store.finish(rid, msg[1], msg[2])
                    return
                else:
                    self.store.end(rid, "failed", str(msg[1]))
                    return
        finally:
            if proc.is_alive():
                proc.terminate()
            proc.join(2.0)
            if proc.is_alive():
                proc.kill()
                proc.join()
            receive.close()
