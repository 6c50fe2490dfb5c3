"""Loading a scenario for a computation: the file's warnings issued as Python warnings.

The command line prints a file's warnings itself (it reads the file with
:func:`accord.io.locate.read_any`); the Python API and every computation that
accepts a file name or a bundled scenario's name load it here, so a warning
(an unused step, a stick that is never imposed) reaches the notebook as a
:class:`~accord.errors.ScenarioWarning`.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from accord.errors import ScenarioWarning
from accord.io.loader import Loaded, for_sampling, read_text
from accord.io.locate import read_any
from accord.model import Scenario

__all__ = ["load", "load_text", "scenario_of"]


def _warn(loaded: Loaded) -> Scenario:
    for w in loaded.warnings:
        warnings.warn(str(w), ScenarioWarning, stacklevel=3)
    return loaded.scenario


def load(path: str | Path) -> Scenario:
    """Load a scenario file (or a bundled scenario by name); raise ``ScenarioError`` if bad.

    Warnings (such as unused steps) are issued as :class:`ScenarioWarning`.
    """
    return _warn(read_any(path))


def load_text(text: str, name: str = "<string>") -> Scenario:
    """Load a scenario from YAML text."""
    return _warn(read_text(text, name))


def scenario_of(scenario: Scenario | str | Path, *, sampling: bool = False) -> Scenario:
    """A scenario as given, or loaded (:func:`load`) from a file path or bundled name.

    ``sampling=True`` (Monte Carlo): a loaded file is refused, with its positions, if
    its distributions can draw values out of range (:func:`~accord.io.loader.for_sampling`).
    """
    if isinstance(scenario, Scenario):
        return scenario
    loaded = read_any(scenario)
    return _warn(for_sampling(loaded) if sampling else loaded)
