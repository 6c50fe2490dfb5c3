"""accord: design and stress-test phased arms-control agreements.

>>> import accord
>>> result = accord.analyze(accord.load("halt-rollback-eliminate"))  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.2.0"

from accord.analysis import Analysis, analyze
from accord.api import load, load_text
from accord.design.bridge import Bridge, bridge
from accord.design.compare import Comparison, compare
from accord.design.frontier import Frontier, frontier
from accord.design.optimize import Optimum, optimize
from accord.io.errors import AccordError, Diagnostic, ScenarioError
from accord.model import Scenario
from accord.simulation import Sensitivity, Simulation, sensitivity, simulate

__all__ = [
    "AccordError", "Analysis", "Bridge", "Comparison", "Diagnostic", "Frontier", "Optimum",
    "Scenario", "ScenarioError", "Sensitivity", "Simulation", "__version__", "analyze", "bridge",
    "compare", "frontier", "load", "load_text", "optimize", "sensitivity", "simulate",
]
