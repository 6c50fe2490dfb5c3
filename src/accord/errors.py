"""The errors accord raises and the problems it reports, for every layer.

This module is at the bottom of the import graph (it imports nothing from
accord): the model, the engines, the loader and the interfaces all raise and
catch these types.  A problem is located by file, line, column and field.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a file, ready to print: ``file:line:col: error: field: message``."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"
    #: What kind of problem, for tools (``Problem.code`` of the cross-field checks, or "").
    code: str = ""

    def as_error(self) -> Diagnostic:
        """The same problem, reported as an error."""
        return dataclasses.replace(self, severity="error")

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.field}: {self.message}"


class AccordError(Exception):
    """Base of every error accord raises on purpose."""


class ScenarioError(AccordError):
    """A scenario file (or object) with one or more problems; ``problems`` lists them all."""

    def __init__(self, problems: list[Diagnostic]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        head = f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the scenario"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in errors))


class ScenarioWarning(UserWarning):
    """A scenario problem that does not stop the analysis (e.g. an unused step)."""
