"""``accord verify``: detection each verified step needs vs what its design delivers."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from accord.cli.shell import FileArg, load, out


def verify(
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """Per verified step: required vs planned detection and the smallest design that deters."""
    from accord.analysis import analyze
    from accord.report.verification import plan, plan_table

    result = analyze(load(file).scenario)
    if as_json:
        rows = plan(result)
        sys.stdout.write(json.dumps(rows, indent=1, allow_nan=False) + "\n")
    else:
        out.print(plan_table(result))
