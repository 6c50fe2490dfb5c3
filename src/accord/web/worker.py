"""One run, computed in its own process by accord's own functions.

The server starts a process per run (:mod:`accord.web.manager`): cancelling is
then ending that process, which stops any kind of run (a Monte Carlo, a
sensitivity analysis, a MILP search) at once.  :func:`execute` is the whole
computation: it calls :func:`accord.simulate`, :func:`accord.sensitivity`,
:func:`accord.optimize` or :func:`accord.bridge` and returns the result's
``to_dict()`` as JSON text (the bytes the store keeps) and what the pages show
beside it (chart specs; a designed road map's YAML).

Progress uses :func:`accord.simulate`'s public ``progress`` hook (draws finished
after each task), sent to the server as a fraction.  The other kinds report
nothing until they end.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

#: The kinds of run, in the order the pages offer them.
KINDS = ("simulate", "sensitivity", "optimize", "bridge")


@dataclass(frozen=True)
class Job:
    """What a run computes: the scenario text, the kind, its options and seed."""

    kind: str
    text: str
    name: str
    options: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None


def _specs(result: Any) -> dict[str, Any]:
    """Every chart ``result`` draws, as Vega-Lite specs (``{}`` if it draws none)."""
    charts = getattr(result, "charts", None)
    if charts is None:
        return {}
    return {kind: result.chart(kind).to_dict() for kind in charts()}


def execute(job: Job, progress: Callable[[float], None] | None = None
            ) -> tuple[str, dict[str, Any]]:
    """Run ``job``; return (the result's JSON, extras for the pages).

    Raises :class:`accord.ScenarioError` for a bad scenario and
    :class:`accord.AccordError` (or ``ValueError``) for bad options.
    """
    import accord
    from accord.io.loader import for_sampling, read_text

    loaded = read_text(job.text, job.name)
    opts = job.options
    extras: dict[str, Any] = {}
    result: Any
    if job.kind in ("simulate", "sensitivity"):
        s = for_sampling(loaded).scenario
        draws = int(opts["draws"])
        if job.kind == "simulate":
            done = [0]

            def tick(n: int) -> None:
                done[0] += n
                if progress is not None:
                    progress(min(1.0, done[0] / draws))

            result = accord.simulate(s, draws=draws, seed=job.seed, progress=tick)
        else:
            result = accord.sensitivity(s, draws=draws, seed=job.seed)
        extras["charts"] = _specs(result)
    elif job.kind == "optimize":
        result = accord.optimize(loaded.scenario, objective=opts.get("objective"),
                                 epsilon=opts.get("epsilon"),
                                 keep_order=bool(opts.get("keep_order", False)),
                                 time_limit=opts.get("time_limit"), draws=opts.get("draws"),
                                 seed=job.seed if opts.get("draws") is not None else None,
                                 quantile=opts.get("quantile"))
        if result.analysis is not None:  # the design beside the written, then its own charts
            extras["charts"] = {**_specs(result), **_specs(result.analysis)}
        extras["yaml"] = result.text or None
    elif job.kind == "bridge":
        result = accord.bridge(loaded.scenario, epsilon=opts.get("epsilon"),
                               objective=opts.get("objective"))
        bridged = result.optimum.analysis if result.optimum is not None else None
        extras["charts"] = {**_specs(result),
                            **_specs(bridged if bridged is not None else result.analysis)}
        extras["yaml"] = result.optimum.text if result.optimum is not None else None
    else:
        raise ValueError(f"unknown run kind {job.kind!r}; kinds: {', '.join(KINDS)}")
    return json.dumps(result.to_dict(), allow_nan=False), extras


def _watch_parent(parent: int) -> None:
    """End this process when the server that started it is gone (``kill -9`` included)."""
    while True:
        time.sleep(0.25)
        if os.getppid() != parent:
            os._exit(3)


def child(conn: Connection, job: Job) -> None:
    """Process entry point: run ``job``; send ``("progress", x)`` and ``("done", json,
    extras)`` or ``("failed", message)`` on ``conn``."""
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    from accord.errors import AccordError

    last = [0.0]

    def progress(x: float) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.1 or x >= 1.0:
            last[0] = now
            conn.send(("progress", x))

    try:
        text, extras = execute(job, progress)
    except (AccordError, ValueError) as exc:
        conn.send(("failed", str(exc)))
    except Exception as exc:  # a bug: reported on the run, the server stays up
        conn.send(("failed", f"internal error: {type(exc).__name__}: {exc}"))
    else:
        conn.send(("done", text, extras))
    finally:
        conn.close()
