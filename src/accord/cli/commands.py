"""Every ``accord`` command, registered explicitly: adding a command is one line here.

A command is a plain function in its own module under ``accord.cli`` (typer reads
its signature and docstring); it imports what it shares with the others from
:mod:`accord.cli.shell`, never from :mod:`accord.cli.app`.  The order below is
the order of ``accord --help``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from accord.cli import (
    chart,
    compare,
    design,
    library,
    report,
    scenario,
    serve,
    simulate,
    sweep,
    verify,
)

#: ``(command name, function)`` in help order.
COMMANDS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("validate", scenario.validate),
    ("analyze", scenario.analyze),
    ("schema", scenario.schema),
    ("new", scenario.new),
    ("export", scenario.export),
    ("library", library.library_cmd),
    ("simulate", simulate.simulate),
    ("sensitivity", simulate.sensitivity),
    ("verify", verify.verify),
    ("optimize", design.optimize),
    ("frontier", design.frontier),
    ("bridge", compare.bridge),
    ("compare", compare.compare),
    ("chart", chart.chart),
    ("sweep", sweep.sweep),
    ("report", report.report),
    ("serve", serve.serve),
)


def register(app: typer.Typer) -> None:
    """Add every command of :data:`COMMANDS` to ``app``."""
    for name, command in COMMANDS:
        app.command(name)(command)
