"""Where a scenario named by the user is: a file path as given, or a bundled scenario.

The bundled scenarios are package data of :mod:`accord.library`; they are found
by the package's name, so this module does not import the library (which
imports the loader).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from accord.io.loader import Loaded, read

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
