"""Pure numeric kernels over arrays with a leading Monte Carlo draws axis."""

from accord.engine.layout import Layout
from accord.engine.params import Params, at_means, build
from accord.engine.solution import Solution, analyze

__all__ = ["Layout", "Params", "Solution", "analyze", "at_means", "build"]
