"""Which numbers a scenario gives without saying where they come from.

A number is accounted for when it carries ``sources:`` or an ``assumption:``
note (long form, see docs/format.md).  Defaults the file does not write are
not numbers of the file and need no account.
"""

from __future__ import annotations

from pydantic import BaseModel

from accord.model.checks import Path, quantities
from accord.model.scenario import Scenario


def _written(s: Scenario) -> set[Path]:
    """Field paths of the numbers the file actually writes."""
    out: set[Path] = set()

    def visit(obj: object, path: Path) -> None:
        if isinstance(obj, BaseModel):
            for name in obj.model_fields_set:
                visit(getattr(obj, name), (*path, name))
        elif isinstance(obj, tuple):
            for i, v in enumerate(obj):
                visit(v, (*path, i))
        elif isinstance(obj, dict):
            for k, v in obj.items():
                visit(v, (*path, k))
        out.add(path)

    visit(s, ())
    return out


def unaccounted(s: Scenario) -> list[Path]:
    """Paths of written numbers with neither ``sources`` nor an ``assumption``."""
    written = _written(s)
    return [path for path, q in quantities(s)
            if path in written and not q.sources and not q.assumption]
