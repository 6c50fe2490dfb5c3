"""Loading scenarios for the Python API: by path, or by bundled library name."""

from __future__ import annotations

import warnings
from importlib import resources
from pathlib import Path

from accord.io.loader import Loaded, read, read_text
from accord.model import Scenario


class ScenarioWarning(UserWarning):
    """A scenario problem that does not stop the analysis (e.g. an unused step)."""


LIBRARY_PACKAGE = "accord.library"


def library_path(name: str) -> Path | None:
    """Path of the bundled scenario ``name`` (with or without ``.yaml``), if any."""
    stem = name.removesuffix(".yaml")
    if "/" in stem or "\\" in stem:
        return None
    ref = resources.files(LIBRARY_PACKAGE).joinpath("scenarios", f"{stem}.yaml")
    return Path(str(ref)) if ref.is_file() else None


def resolve(name: str | Path) -> Path:
    """A file path as given, or the bundled scenario of that name."""
    path = Path(name)
    if path.exists():
        return path
    lib = library_path(str(name))
    return lib if lib is not None else path


def read_any(name: str | Path) -> Loaded:
    """Load a path or a library name, keeping the warnings."""
    return read(resolve(name))


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
