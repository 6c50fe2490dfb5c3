"""Fields named by id: ``steps[1].flow.XX`` is ``steps.relief.flow.XX`` in a message.

A person finds a step by its id, not by counting entries; the position stays in
the message too (an id may be missing, misspelt or repeated).  The names are
read from the parsed data, so they exist even when the file is not a valid
scenario.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from accord.errors import Diagnostic
from accord.model.names import name_of

__all__ = ["named"]


def named(diagnostics: list[Diagnostic], data: Any) -> list[Diagnostic]:
    """Each diagnostic with its :attr:`~accord.errors.Diagnostic.name` filled in."""
    return [dataclasses.replace(d, name=n) if (n := name_of(d.field, data)) else d
            for d in diagnostics]
