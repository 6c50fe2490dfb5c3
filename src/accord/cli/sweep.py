"""``accord sweep FILE --x PATH=lo:hi:n [--y ...] [--draws N]``: the road map over a grid."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.shell import FileArg, error, load, out, say


def sweep(
    file: FileArg,
    x: Annotated[str, typer.Option("--x", help="PATH=lo:hi:n, e.g. "
                                   "steps.ID.verification.detection=0:1:11 or scale.ID=0:2:9")],
    y: Annotated[str | None, typer.Option("--y", help="A second input, PATH=lo:hi:n.")] = None,
    draws: Annotated[int | None, typer.Option(
        "--draws", "-n", help="Monte Carlo draws per cell: adds P(viable).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", "-s", help="Seed (>= 0).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the cells as JSON.")] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Also save the chart: .svg, .png, .pdf, .json or .html.")] = None,
    kind: Annotated[str | None, typer.Option(
        help="Chart to save: sweep (bottleneck) or p_viable (default with --draws).")] = None,
) -> None:
    """Evaluate the road map over a grid of one or two inputs (one vectorized engine call)."""
    from accord.charts.registry import FORMATS
    from accord.sweep import SweepError
    from accord.sweep import sweep as run

    if draws is not None and draws < 1:
        raise error(f"--draws must be at least 1, got {draws}")
    if seed is not None and seed < 0:
        raise error(f"--seed must be at least 0, got {seed}")
    if output is not None and output.suffix.lower() not in FORMATS:
        raise error(f"{output}: unknown chart format {output.suffix or '(no suffix)'!r}; "
                     f"use {', '.join(FORMATS)}")
    loaded = load(file, sampling=draws is not None)
    try:
        result = run(loaded.scenario, x, y, draws=draws, seed=seed)
    except SweepError as exc:
        raise error(f"{loaded.path}: {exc}") from None
    except ValueError as exc:
        raise error(f"{loaded.path}: {exc}") from None
    if output is not None:
        chosen = kind or ("p_viable" if draws else "sweep")
        try:
            result.save_chart(chosen, output)
        except ValueError as exc:
            raise error(str(exc)) from None
        except OSError as exc:
            raise error(f"{output}: cannot write: {exc.strerror or exc}") from None
    if as_json:
        sys.stdout.write(result.to_json() + "\n")
    else:
        out.print(result)
        if output is not None:
            say(out, f"wrote {output}")
