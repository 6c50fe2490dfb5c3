"""What every command shares: the consoles, the FILE argument, loading a scenario, failing.

Messages are printed as plain text (no markup, no highlighting, never wrapped);
every failure exits with status 2 after saying what is wrong.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from accord.errors import ScenarioError
from accord.io.loader import Loaded, for_sampling
from accord.io.locate import read_any

__all__ = ["FileArg", "err", "error", "fail", "load", "out", "say"]

#: No emoji codes (``file.yaml:100:15`` must not print a 💯) and no markup: user text
#: (titles, ids, paths) is data.  Renderables wrap user text in ``Text`` as well.
out = Console(emoji=False, markup=False)
err = Console(stderr=True, emoji=False, markup=False)

FileArg = Annotated[str, typer.Argument(help="Scenario file, or the name of a bundled scenario.")]


def say(console: Console, text: str, style: str | None = None) -> None:
    """Print one message as one line: no markup, no highlighting, never wrapped."""
    console.print(text, markup=False, highlight=False, soft_wrap=True, style=style)


def fail(exc: ScenarioError, done: str = "analyzed") -> typer.Exit:
    """Print every problem of ``exc`` on stderr; the exit (status 2) to raise."""
    for p in exc.problems:
        say(err, str(p), "yellow" if p.severity == "warning" else None)
    n = sum(1 for p in exc.problems if p.severity == "error")
    say(err, f"{n} error{'s' if n != 1 else ''}; nothing was {done}.", "red")
    return typer.Exit(code=2)


def error(message: str) -> typer.Exit:
    """Print ``message`` on stderr; the exit (status 2) to raise."""
    say(err, message)
    return typer.Exit(code=2)


def load(file: str, *, sampling: bool = False) -> Loaded:
    """The scenario of ``file``; its warnings printed.  Exit 2 on errors.

    ``sampling=True`` (Monte Carlo commands): a distribution whose draws can leave
    its field's range (warning code ``sampled-range``) is an error.
    """
    try:
        loaded = read_any(file)
        if sampling:
            loaded = for_sampling(loaded)
    except ScenarioError as exc:
        raise fail(exc, "simulated" if sampling else "analyzed") from None
    for w in loaded.warnings:
        say(err, str(w), "yellow")
    return loaded
