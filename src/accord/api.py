"""Loading scenarios for the Python API: by path, or by bundled library name."""

from __future__ import annotations

from accord.errors import ScenarioWarning
from accord.io.load import load, load_text
from accord.io.locate import LIBRARY_PACKAGE, library_path, read_any, resolve

__all__ = ["LIBRARY_PACKAGE", "ScenarioWarning", "library_path", "load", "load_text",
           "read_any", "resolve"]
