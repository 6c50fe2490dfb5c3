"""A problem found in a scenario, located by its field path."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from accord.errors import Diagnostic

#: A field path, e.g. ``("steps", 2, "actor")``.
Path = tuple[str | int, ...]

_PLAIN_KEY = re.compile(r"[^\s.\[\]'\"]+")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, at ``path`` (e.g. ``("steps", 2, "actor")``)."""

    path: Path
    message: str
    value: object = None
    severity: Literal["error", "warning"] = "error"
    #: What kind of problem this is, for tools: ``unknown-party``, ``unknown-step``,
    #: ``unused-step``, ``requires-order``, ``phase-order``, ... (``""`` if unclassified).
    code: str = ""

    @property
    def field(self) -> str:
        """Dotted field path, e.g. ``steps[2].actor``."""
        out = ""
        for part in self.path:
            if isinstance(part, int):
                out += f"[{part}]"
            elif not _PLAIN_KEY.fullmatch(part):
                out += f"[{part!r}]"  # a key with spaces, dots, quotes or control characters
            else:
                out += f".{part}" if out else part
        return out or "(file)"


def diagnose(problems: Iterable[Problem], name: str = "<scenario>",
             names: Callable[[str], str] | None = None) -> list[Diagnostic]:
    """Diagnostics for problems of an in-memory scenario (no file positions).

    ``names`` gives a field's name by id (:func:`accord.model.names.name_of`).
    """
    return [Diagnostic(name, None, None, p.field, p.message, p.severity, p.code,
                       names(p.field) if names else "")
            for p in problems]
