"""Kept for code written before 0.3: the error types live in :mod:`accord.errors`."""

from accord.errors import AccordError, Diagnostic, ScenarioError

__all__ = ["AccordError", "Diagnostic", "ScenarioError"]
