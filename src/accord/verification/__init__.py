"""Verification design: attribute sampling and inspection games (theory.md section 3).

* :mod:`~accord.verification.sampling`: hypergeometric detection probability,
  exact minimum and IAEA sample sizes.
* :mod:`~accord.verification.inspection`: the 2x2 inspection game with false
  alarms, and inspector leadership.
* :mod:`~accord.verification.statistical_test`: the statistical-test version.
* :mod:`~accord.verification.exact`: the exact / inexact number convention.
* :mod:`~accord.verification.dresher`: Dresher's recursive inspection game.

Exact inputs (int / Fraction) give exact Fractions; float inputs give floats.
"""

from __future__ import annotations

from accord.verification.dresher import (
    DresherStage,
    dresher_stage,
    dresher_value,
    dresher_value_recursive,
)
from accord.verification.inspection import (
    InspectionEquilibrium,
    InspectionGame,
    LeadershipOutcome,
    Regime,
    inspector_leadership,
    payoff_table,
    solve_inspection_game,
)
from accord.verification.sampling import (
    Number,
    binomial_detection_probability,
    cumulative_detection,
    detection_probability,
    falsified_items_needed,
    iaea_sample_size,
    minimum_sample,
)
from accord.verification.statistical_test import (
    StatisticalTestEquilibrium,
    StatisticalTestGame,
    normal_nondetection,
    solve_statistical_test,
)

__all__ = [
    "DresherStage",
    "InspectionEquilibrium",
    "InspectionGame",
    "LeadershipOutcome",
    "Number",
    "Regime",
    "StatisticalTestEquilibrium",
    "StatisticalTestGame",
    "binomial_detection_probability",
    "cumulative_detection",
    "detection_probability",
    "dresher_stage",
    "dresher_value",
    "dresher_value_recursive",
    "falsified_items_needed",
    "iaea_sample_size",
    "inspector_leadership",
    "minimum_sample",
    "normal_nondetection",
    "payoff_table",
    "solve_inspection_game",
    "solve_statistical_test",
]
