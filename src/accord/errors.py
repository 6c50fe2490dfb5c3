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
    """One problem in a file, ready to print: ``file:line:col: error: field: message``.

    Where the field is inside a list of entries with ids, it is printed by id and
    by position: ``s.yaml:6:53: error: steps.relief.flow.XX (steps[1].flow.XX): ...``.
    """

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"
    #: What kind of problem, for tools (``Problem.code`` of the cross-field checks, or "").
    code: str = ""
    #: ``field`` with ids for list positions (``steps.relief.flow.XX`` for
    #: ``steps[1].flow.XX``), or "" when the field has no list position or its entry no id.
    name: str = ""

    def as_error(self) -> Diagnostic:
        """The same problem, reported as an error."""
        return dataclasses.replace(self, severity="error")

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f"{self.name} ({self.field})" if self.name and self.name != self.field \
            else self.field
        return f"{where}: {self.severity}: {field}: {self.message}"


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
