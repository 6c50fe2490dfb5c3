"""Loading scenarios for the Python API: by path, or by bundled library name."""

from __future__ import annotations

import warnings
from pathlib import Path

from accord.errors import ScenarioWarning
from accord.io.loader import read_text
from accord.io.locate import LIBRARY_PACKAGE, library_path, read_any, resolve
from accord.model import Scenario

__all__ = ["LIBRARY_PACKAGE", "ScenarioWarning", "library_path", "load", "load_text",
           "read_any", "resolve"]


def load(path: str | Path) -> Scenario:
    """Load a scenario file (or a bundled scenario by name); raise ``ScenarioError`` if bad.

    Warnings (such as unused steps) are issued as :class:`ScenarioWarning`.
    """
    loaded = read_any(path)
    for w in loaded.warnings:
        warnings.warn(str(w), ScenarioWarning, stacklevel=2)
    return loaded.scenario


def load_text(text: str, name: str = "<string>") -> Scenario:
    """Load a scenario from YAML text."""
    loaded = read_text(text, name)
    for w in loaded.warnings:
        warnings.warn(str(w), ScenarioWarning, stacklevel=2)
    return loaded.scenario
