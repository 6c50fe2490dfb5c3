"""Scenario data (format v1): pydantic models, no I/O."""

from accord.model.capability import Capability
from accord.model.checks import Problem, check
from accord.model.observed import Observed
from accord.model.party import Party
from accord.model.phase import Move, Phase
from accord.model.quantity import Quantity
from accord.model.scenario import Distribution, Scenario, Units
from accord.model.source import Source
from accord.model.step import Reversal, Sampling, Step, Verification
from accord.model.stick import Stick

__all__ = [
    "Capability", "Distribution", "Move", "Observed", "Party", "Phase", "Problem",
    "Quantity", "Reversal", "Sampling", "Scenario", "Source", "Step", "Stick", "Units",
    "Verification", "check",
]
