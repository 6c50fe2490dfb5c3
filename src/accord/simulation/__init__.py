"""Monte Carlo simulation and sensitivity analysis of a scenario.

The names of this package, gathered from its modules (no logic here):
:func:`simulate` (:mod:`accord.simulation.run`), :class:`Simulation`
(:mod:`accord.simulation.result`), :func:`sensitivity` and :class:`Sensitivity`
(:mod:`accord.simulation.sensitivity`).
"""

from accord.simulation.result import Simulation
from accord.simulation.run import check_count, new_seed, simulate
from accord.simulation.sampler import BLOCK_SIZE
from accord.simulation.sensitivity import Sensitivity, sensitivity

__all__ = ["BLOCK_SIZE", "Sensitivity", "Simulation", "check_count", "new_seed", "sensitivity",
           "simulate"]
