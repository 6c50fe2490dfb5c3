"""The scenario commands: ``validate``, ``analyze``, ``schema``, ``new``, ``export``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.shell import FileArg, error, load, out, say
from accord.errors import AccordError


def validate(file: FileArg) -> None:
    """Check a scenario file; print every problem with file, line and field (exit 2 if any)."""
    loaded = load(file)
    s = loaded.scenario
    say(out, f"{loaded.path}: valid ({len(s.parties)} parties, {len(s.steps)} steps, "
         f"{len(s.moves)} moves)")


def analyze(
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result (MODEL.md §6).")]
    = False,
) -> None:
    """Analyze a scenario: margins at every decision point, outcome, cheats, sticks."""
    from accord.analysis import analyze as run

    loaded = load(file)
    try:
        result = run(loaded.scenario)
    except AccordError as exc:
        raise error(f"{loaded.path}: cannot analyze: {exc}") from None
    if as_json:
        sys.stdout.write(result.to_json() + "\n")
    else:
        out.print(result)


def schema() -> None:
    """Print the JSON Schema of the scenario format (for editors)."""
    from accord.model import Scenario

    data = Scenario.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    sys.stdout.write(json.dumps(data, indent=2) + "\n")


def new(
    file: Annotated[Path, typer.Argument(help="Where to write the template.")],
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented scenario template that validates."""
    from accord.io.template import TEMPLATE

    if file.exists() and not force:
        raise error(f"{file}: already exists; not overwritten (use --force)")
    if file.is_dir():
        raise error(f"{file}: is a directory; give a file name")
    try:
        file.write_text(TEMPLATE, encoding="utf-8")
    except OSError as exc:
        raise error(f"{file}: cannot write: {exc.strerror or exc}") from None
    say(out, f"wrote {file}; edit it, then run: accord analyze {file}")


def export(
    file: FileArg,
    fmt: Annotated[str, typer.Option("--format", help="Output format: efg (Gambit).")] = "efg",
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Write here instead of stdout.")] = None,
) -> None:
    """Export the game as a Gambit extensive form (.efg)."""
    if fmt != "efg":
        raise error(f"unknown format {fmt!r}; supported: efg")
    loaded = load(file)  # a bad file fails here, before anything else is imported
    from accord.io.efg import to_efg

    try:
        text = to_efg(loaded.scenario)
    except AccordError as exc:
        raise error(f"{loaded.path}: cannot export: {exc}") from None
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise error(f"{output}: cannot write: {exc.strerror or exc}") from None
    say(out, f"wrote {output}")
