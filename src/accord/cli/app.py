"""The ``accord`` command line: a thin typed shell over the Python API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from accord.io.errors import AccordError, ScenarioError

if TYPE_CHECKING:
    from accord.io.loader import Loaded

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Design and stress-test phased arms-control agreements.")
out = Console()
err = Console(stderr=True)

FileArg = Annotated[str, typer.Argument(help="Scenario file, or the name of a bundled scenario.")]


def _say(console: Console, text: str, style: str | None = None) -> None:
    """Print one message as one line: no markup, no highlighting, never wrapped."""
    console.print(text, markup=False, highlight=False, soft_wrap=True, style=style)


def _fail(exc: ScenarioError, done: str = "analyzed") -> typer.Exit:
    for p in exc.problems:
        _say(err, str(p), "yellow" if p.severity == "warning" else None)
    n = sum(1 for p in exc.problems if p.severity == "error")
    _say(err, f"{n} error{'s' if n != 1 else ''}; nothing was {done}.", "red")
    return typer.Exit(code=2)


def _error(message: str) -> typer.Exit:
    """Print ``message`` on stderr; the exit (status 2) to raise."""
    _say(err, message)
    return typer.Exit(code=2)


def _load(file: str, *, sampling: bool = False) -> Loaded:
    """The scenario of ``file``; its warnings printed.  Exit 2 on errors.

    ``sampling=True`` (Monte Carlo commands): a distribution whose draws can leave
    its field's range (warning code ``sampled-range``) is an error.
    """
    from accord.api import read_any
    from accord.io.loader import for_sampling

    try:
        loaded = read_any(file)
        if sampling:
            loaded = for_sampling(loaded)
    except ScenarioError as exc:
        raise _fail(exc, "simulated" if sampling else "analyzed") from None
    for w in loaded.warnings:
        _say(err, str(w), "yellow")
    return loaded


@app.command()
def validate(file: FileArg) -> None:
    """Check a scenario file; print every problem with file, line and field (exit 2 if any)."""
    loaded = _load(file)
    s = loaded.scenario
    _say(out, f"{loaded.path}: valid ({len(s.parties)} parties, {len(s.steps)} steps, "
         f"{len(s.moves)} moves)")


@app.command()
def analyze(
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result (MODEL.md §6).")]
    = False,
) -> None:
    """Analyze a scenario: margins at every decision point, outcome, cheats, sticks."""
    import accord

    loaded = _load(file)
    try:
        result = accord.analyze(loaded.scenario)
    except AccordError as exc:
        raise _error(f"{loaded.path}: cannot analyze: {exc}") from None
    if as_json:
        sys.stdout.write(result.to_json() + "\n")
    else:
        out.print(result)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format (for editors)."""
    from accord.model import Scenario

    data = Scenario.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    sys.stdout.write(json.dumps(data, indent=2) + "\n")


@app.command()
def new(
    file: Annotated[Path, typer.Argument(help="Where to write the template.")],
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented scenario template that validates."""
    from accord.io.template import TEMPLATE

    if file.exists() and not force:
        raise _error(f"{file}: already exists; not overwritten (use --force)")
    if file.is_dir():
        raise _error(f"{file}: is a directory; give a file name")
    try:
        file.write_text(TEMPLATE, encoding="utf-8")
    except OSError as exc:
        raise _error(f"{file}: cannot write: {exc.strerror or exc}") from None
    _say(out, f"wrote {file}; edit it, then run: accord analyze {file}")


@app.command()
def export(
    file: FileArg,
    fmt: Annotated[str, typer.Option("--format", help="Output format: efg (Gambit).")] = "efg",
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Write here instead of stdout.")] = None,
) -> None:
    """Export the game as a Gambit extensive form (.efg)."""
    if fmt != "efg":
        raise _error(f"unknown format {fmt!r}; supported: efg")
    loaded = _load(file)  # a bad file fails here, before anything else is imported
    from accord.io.efg import to_efg

    try:
        text = to_efg(loaded.scenario)
    except AccordError as exc:
        raise _error(f"{loaded.path}: cannot export: {exc}") from None
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _error(f"{output}: cannot write: {exc.strerror or exc}") from None
    _say(out, f"wrote {output}")


def main() -> None:
    """Console-script entry point."""
    app()


# Commands defined in their own modules register themselves on ``app`` when imported.
from accord.cli import commands as _commands  # noqa: E402, F401
