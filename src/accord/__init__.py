"""accord: design and stress-test phased arms-control agreements.

>>> import accord
>>> result = accord.analyze(accord.load("halt-rollback-eliminate"))  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from accord.analysis import Analysis, analyze  # noqa: E402
from accord.api import load, load_text  # noqa: E402
from accord.io.errors import AccordError, Diagnostic, ScenarioError  # noqa: E402
from accord.model import Scenario  # noqa: E402

__all__ = [
    "AccordError", "Analysis", "Diagnostic", "Scenario", "ScenarioError", "__version__",
    "analyze", "load", "load_text",
]
