"""The ``accord`` command line: a thin typed shell over the Python API.

The commands are listed in :mod:`accord.cli.commands`; what they share (consoles,
loading, failing with status 2) is in :mod:`accord.cli.shell`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from accord.cli.commands import register
from accord.cli.shell import out, say
from accord.version import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Design and stress-test phased arms-control agreements.")


def _version(value: bool) -> None:
    if value:
        say(out, f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Print the version of accord and exit.")] = False,
) -> None:
    """Design and stress-test phased arms-control agreements."""


register(app)


def main() -> None:
    """Console-script entry point."""
    app()
