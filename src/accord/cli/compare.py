"""``accord bridge`` and ``accord compare``: the gap to a road map that holds, side by side."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.shell import FileArg, error, load, out
from accord.errors import AccordError


def bridge(
    file: FileArg,
    epsilon: Annotated[float | None, typer.Option(
        "--epsilon", help="Every margin and cheat margin must be >= this (default: the "
        "design block's, else 0).")] = None,
    objective: Annotated[str | None, typer.Option(
        "--objective", help="The bridge's objective (default: cost).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result.")] = False,
) -> None:
    """The expectation gap per party, and the cheapest scales that make the road map hold."""
    from accord.design.bridge import bridge as run

    if epsilon is not None and not epsilon >= 0:
        raise error(f"--epsilon must be >= 0, got {epsilon}")
    loaded = load(file)
    try:
        result = run(loaded.scenario, epsilon=epsilon, objective=objective)
    except AccordError as exc:
        raise error(f"{loaded.path}: cannot bridge: {exc}") from None
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=1, allow_nan=False) + "\n")
    else:
        out.print(result)


def compare(
    files: Annotated[list[str], typer.Argument(
        help="Scenario files or bundled names; with --doctrines, exactly one.")],
    doctrines: Annotated[bool, typer.Option(
        "--doctrines", help="Build as-written, relief-first, action-for-action, relief-last "
        "and designed from one file's pool (docs/bridge-and-compare.md).")] = False,
    epsilon: Annotated[float | None, typer.Option(
        "--epsilon", help="The margin every test must keep, for the gap.")] = None,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", help="Seconds for the designed road map's search.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result.")] = False,
) -> None:
    """Road maps side by side: verdict, bottleneck, surplus, capability-years, gap."""
    from accord.design.compare import compare as run

    if doctrines and len(files) != 1:
        raise error(f"--doctrines takes exactly one file, got {len(files)}")
    if epsilon is not None and not epsilon >= 0:
        raise error(f"--epsilon must be >= 0, got {epsilon}")
    if time_limit is not None and not time_limit > 0:
        raise error(f"--time-limit must be > 0, got {time_limit}")
    loaded = [load(f) for f in files]
    names = [Path(x.path).stem for x in loaded]
    try:
        result = run([x.scenario for x in loaded], doctrines=doctrines, epsilon=epsilon,
                     names=None if doctrines else names, time_limit=time_limit)
    except AccordError as exc:
        raise error(f"cannot compare: {exc}") from None
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=1, allow_nan=False) + "\n")
    else:
        out.print(result)
