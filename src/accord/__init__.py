"""accord: design and stress-test phased arms-control agreements.

>>> import accord
>>> result = accord.analyze(accord.load("halt-rollback-eliminate"))
>>> result.parties
('DPRK', 'US')
>>> result.self_enforcing, result.outcome["kind"]  # result.sentence() says why
(False, 'cheats')
"""

from __future__ import annotations

from accord.analysis import Analysis, analyze
from accord.api import load, load_text
from accord.design.bridge import Bridge, bridge
from accord.design.compare import Comparison, compare
from accord.design.frontier import Frontier, frontier
from accord.design.optimize import Optimum, optimize
from accord.errors import AccordError, Diagnostic, ScenarioError
from accord.model import Scenario
from accord.simulation import Sensitivity, Simulation, sensitivity, simulate
from accord.version import __version__

__all__ = [
    "AccordError", "Analysis", "Bridge", "Comparison", "Diagnostic", "Frontier", "Optimum",
    "Scenario", "ScenarioError", "Sensitivity", "Simulation", "__version__", "analyze", "bridge",
    "compare", "frontier", "load", "load_text", "optimize", "sensitivity", "simulate",
]
