"""``accord simulate`` and ``accord sensitivity``: Monte Carlo from the command line."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from accord.cli.shell import FileArg, err, load, out

#: Runs with more draws than this show a progress bar (on a terminal, without --quiet).
PROGRESS_FROM = 50_000


def _bad(message: str) -> typer.Exit:
    err.print(f"error: {message}", highlight=False, markup=False)
    return typer.Exit(code=2)


def _check(name: str, value: int | None, minimum: int) -> None:
    if value is not None and value < minimum:
        raise _bad(f"{name} must be at least {minimum}, got {value}")


def simulate(
    file: FileArg,
    draws: Annotated[int, typer.Option("--draws", "-n", help="Number of Monte Carlo draws.")]
    = 100_000,
    seed: Annotated[int | None, typer.Option(
        "--seed", "-s", help="Seed (>= 0); omitted: fresh entropy, recorded in the result.")]
    = None,
    workers: Annotated[int, typer.Option("--workers", "-w",
                                         help="Local worker processes.")] = 1,
    dask: Annotated[str | None, typer.Option(
        "--dask", help="Run on a Dask cluster at this scheduler address (tcp://host:8786).")]
    = None,
    chunk: Annotated[int | None, typer.Option(
        "--chunk", help="Blocks of 4096 draws per task (memory only; numbers do not change).")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result "
                                          "(keys in docs/simulation.md).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Monte Carlo: probability of being self-enforcing, outcome and margin distributions.

    The result depends only on the scenario, --draws and --seed (not on
    --workers, --dask or --chunk).
    """
    from accord.simulation import simulate as run

    _check("--draws", draws, 1)
    _check("--workers", workers, 1)
    _check("--seed", seed, 0)
    _check("--chunk", chunk, 1)
    loaded = load(file, sampling=True)
    show = not quiet and sys.stdout.isatty() and draws > PROGRESS_FROM
    try:
        if show:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TimeRemainingColumn,
            )

            # redrawn when a task ends, not by a refresh thread: worker processes are
            # forked, and a process should not fork while another thread may hold a lock
            with Progress("[progress.description]{task.description}", BarColumn(),
                          MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                          transient=True, auto_refresh=False) as bar:
                tid = bar.add_task("draws", total=draws)

                def advance(k: int) -> None:
                    bar.advance(tid, k)
                    bar.refresh()

                result = run(loaded.scenario, draws=draws, seed=seed, workers=workers,
                             scheduler=dask, chunk=chunk, progress=advance)
        else:
            result = run(loaded.scenario, draws=draws, seed=seed, workers=workers,
                         scheduler=dask, chunk=chunk)
    except ValueError as exc:
        raise _bad(str(exc)) from None
    except OSError as exc:  # e.g. no Dask scheduler at that address
        raise _bad(f"cannot reach the Dask scheduler {dask!r}: {exc}") from None
    if as_json:
        sys.stdout.write(result.to_json() + "\n")
        return
    out.print(result)
    _footer(result.runtime, draws)


def _footer(rt: dict[str, Any], draws: int) -> None:
    secs = rt.get("seconds", 0.0)
    where = (f"Dask at {rt['scheduler']}" if rt.get("scheduler") else
             f"{rt.get('workers', 1)} worker{'s' if rt.get('workers', 1) != 1 else ''}")
    rate = f", {draws / secs:,.0f} draws/s" if secs > 0 else ""
    out.print(f"{draws:,} draws in {secs:.2f} s ({where}, {rt.get('kernel')} kernel{rate})",
              style="dim", highlight=False)


def sensitivity(
    file: FileArg,
    draws: Annotated[int, typer.Option(
        "--draws", "-n", help="Base sample size N (the kernel runs N x (inputs + 2) times).")]
    = 2048,
    seed: Annotated[int | None, typer.Option("--seed", "-s", help="Seed (>= 0).")] = None,
    top: Annotated[int, typer.Option("--top", help="Rows in the tornado chart.")] = 15,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result.")] = False,
) -> None:
    """Which uncertain inputs decide whether the road map holds (Spearman, Sobol, tornado)."""
    from accord.report.simulation import sensitivity_renderable
    from accord.simulation import sensitivity as run

    _check("--draws", draws, 2)
    _check("--seed", seed, 0)
    _check("--top", top, 1)
    loaded = load(file, sampling=True)
    try:
        result = run(loaded.scenario, draws=draws, seed=seed)
    except ValueError as exc:
        raise _bad(str(exc)) from None
    if as_json:
        sys.stdout.write(result.to_json() + "\n")
    else:
        out.print(sensitivity_renderable(result, top=top))
