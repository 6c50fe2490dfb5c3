"""``accord library``: list the bundled scenarios."""

from __future__ import annotations

from rich.table import Table

from accord.cli.shell import out
from accord.report.text import plain


def library_cmd() -> None:
    """List the bundled scenarios (use a name wherever a FILE is expected)."""
    from accord import library

    frame = library.scenarios()
    t = Table(title="Bundled scenarios")
    for col in frame.columns:
        t.add_column(col, no_wrap=col in ("name", "years", "moves", "steps"))
    for row in frame.itertuples(index=False):
        t.add_row(*(plain(v) for v in row))
    out.print(t)
