"""``accord optimize`` and ``accord frontier``: road-map design from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.shell import FileArg, error, load, out, say
from accord.errors import AccordError


def optimize(
    file: FileArg,
    objective: Annotated[str | None, typer.Option(
        "--objective", help="min-margin, capability-years:CAP, completion, surplus:PARTY or "
        "cost (default: the design block's, else min-margin).")] = None,
    epsilon: Annotated[float | None, typer.Option(
        "--epsilon", help="Every margin and cheat margin must be >= this.")] = None,
    keep_order: Annotated[bool, typer.Option(
        "--keep-order", help="Keep the file's placement; only the scales vary (an LP).")]
    = False,
    draws: Annotated[int | None, typer.Option(
        "--draws", help="Robust: hold in each of the first S draws of simulate --seed N.")]
    = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of the robust draws.")]
    = None,
    quantile: Annotated[float | None, typer.Option(
        "--quantile", help="Robust: hold in at least ceil(q S) of the draws.")] = None,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", help="Stop after this many seconds (status feasible, with the gap).")]
    = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the designed scenario here (YAML).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result.")] = False,
) -> None:
    """Find the best road map of the design block (DESIGN.md): order, scales, proven."""
    from accord.design.optimize import optimize as run

    if draws is not None and draws < 1:
        raise error(f"--draws must be at least 1, got {draws}")
    if seed is not None and seed < 0:
        raise error(f"--seed must be at least 0, got {seed}")
    if draws is not None and seed is None:
        raise error("--draws needs --seed (the draws of accord simulate --seed N)")
    if quantile is not None and (draws is None or not 0 < quantile <= 1):
        raise error("--quantile needs --draws and a value in (0, 1]")
    if time_limit is not None and not time_limit > 0:
        raise error(f"--time-limit must be > 0, got {time_limit}")
    loaded = load(file)
    try:
        result = run(loaded.scenario, objective=objective, epsilon=epsilon,
                     keep_order=keep_order, time_limit=time_limit, draws=draws, seed=seed,
                     quantile=quantile)
    except AccordError as exc:
        raise error(f"{loaded.path}: cannot optimize: {exc}") from None
    if output is not None:
        if result.scenario is None:
            raise error(f"{output}: not written: {result.sentence}")
        try:
            output.write_text(result.text, encoding="utf-8")
        except OSError as exc:
            raise error(f"{output}: cannot write: {exc.strerror or exc}") from None
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=1, allow_nan=False) + "\n")
    else:
        out.print(result)
        if output is not None:
            say(out, f"wrote {output}; check it with: accord analyze {output}")


def frontier(
    file: FileArg,
    parties: Annotated[str, typer.Option("--parties", help="Two party ids: A,B.")],
    points: Annotated[int, typer.Option("--points", help="Number of frontier points.")] = 5,
    epsilon: Annotated[float | None, typer.Option(
        "--epsilon", help="Every margin and cheat margin must be >= this.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result.")] = False,
) -> None:
    """The Pareto frontier of two parties' surpluses over the design block's road maps."""
    from accord.design.frontier import frontier as run

    names = [p.strip() for p in parties.split(",")]
    if len(names) != 2 or not all(names):
        raise error(f"--parties takes two party ids, A,B (got {parties!r})")
    if points < 1:
        raise error(f"--points must be at least 1, got {points}")
    loaded = load(file)
    try:
        result = run(loaded.scenario, (names[0], names[1]), points, epsilon=epsilon)
    except AccordError as exc:
        raise error(f"{loaded.path}: cannot compute the frontier: {exc}") from None
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=1, allow_nan=False) + "\n")
    elif result.status == "infeasible":
        say(out, "No road map of the design block holds: the frontier is empty.")
    else:
        out.print(result)
