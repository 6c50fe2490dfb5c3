"""Scenarios shared by the simulation tests."""

from __future__ import annotations

import warnings

import pytest

import accord

#: Three parties, a finite uncertain horizon, every distribution kind, reversals with
#: uncertain lags/costs/feasibility, verified steps, committed and uncommitted sticks, an
#: explicit phase start, an unused step and a capability.
RICH = """
accord: 1
title: rich
horizon: {triangular: [30, 40, 60]}
parties:
  - {id: A, discount_rate: {uniform: [0.03, 0.08]}}
  - {id: B, discount_rate: {lognormal: [-3.0, 0.3]}}
  - {id: C, discount_rate: 0.05}
capabilities:
  - {id: cap, initial: {normal: [10, 1]}}
steps:
  - id: a1
    actor: A
    lag: {uniform: [0, 1]}
    flow: {A: {normal: [-0.5, 0.2]}, B: {triangular: [0.2, 0.6, 1.0]}, C: 0.3}
    once: {A: {uniform: [-0.3, 0.1]}}
    reversal: {lag: {lognormal: [0, 0.5]}, cost: {uniform: [0, 0.5]}, feasible: {beta: [8, 2]}}
    verification: {detection: {beta: [5, 3]}, delay: {uniform: [0.1, 1.5]}}
    capability: {cap: -5}
  - id: b1
    actor: B
    flow: {A: {uniform: [0.2, 0.9]}, B: {normal: [-0.3, 0.1]}}
    reversal: {lag: 0.5, cost: {triangular: [0, 0.1, 0.4]}}
  - id: c1
    actor: C
    lag: 0.25
    flow: {A: 0.4, B: 0.2, C: {uniform: [-0.6, -0.1]}}
    reversal: {lag: {uniform: [0.5, 3]}}
    verification: {detection: {uniform: [0.3, 0.9]}}
  - id: a2
    actor: A
    lag: {triangular: [0, 0.5, 2]}
    flow: {A: {normal: [-0.8, 0.3]}, B: 1.0, C: {uniform: [0.1, 0.5]}}
    verification: {detection: {beta: [2, 2]}, delay: 0.5}
    capability: {cap: -5}
  - id: b2
    actor: B
    flow: {A: {uniform: [0.5, 1.5]}, B: -0.4}
    reversal: {lag: 0.0, cost: 0.2, feasible: {uniform: [0.2, 1.0]}}
  - id: spare
    actor: C
    flow: {C: {uniform: [0, 1]}}
roadmap:
  - {phase: one, duration: {uniform: [0.5, 1.5]}, moves: [[a1], [b1], [c1]]}
  - {phase: two, start: {uniform: [2, 3]}, duration: 2, moves: [[a2], [b2]]}
sticks:
  - {id: snap, actor: B, against: A, flow: {A: {uniform: [-1, -0.2]}, B: -0.05}, lag: 0.5}
  - {id: auto, actor: C, against: A, flow: {A: -0.2}, commitment: true}
  - {id: cut, actor: A, against: B, flow: {B: {normal: [-0.4, 0.1]}, A: 0.01},
     once: {B: {triangular: [-1, -0.5, 0]}}, lag: {uniform: [0, 1]}}
"""

#: The same road map with every number at its mean: no distributions at all.
FIXED = """
accord: 1
title: fixed
horizon: 45
parties:
  - {id: A, discount_rate: 0.05}
  - {id: B, discount_rate: 0.04}
steps:
  - {id: a1, actor: A, lag: 0.5, flow: {A: -0.5, B: 0.8}, once: {A: -0.1},
     reversal: {lag: 1.0, cost: 0.25, feasible: 0.8},
     verification: {detection: 0.6, delay: 0.8}}
  - {id: b1, actor: B, flow: {A: 0.55, B: -0.3}, reversal: {lag: 0.5, cost: 0.1}}
  - {id: a2, actor: A, lag: 0.7, flow: {A: -0.8, B: 1.0}, verification: {detection: 0.5}}
roadmap:
  - {phase: one, duration: 1, moves: [[a1], [b1]]}
  - {phase: two, duration: 2, moves: [[a2]]}
sticks:
  - {id: snap, actor: B, against: A, flow: {A: -0.6, B: -0.05}, lag: 0.5}
"""


@pytest.fixture(scope="session")
def rich() -> accord.Scenario:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", accord.api.ScenarioWarning)  # the unused step
        return accord.load_text(RICH, "rich.yaml")


@pytest.fixture(scope="session")
def fixed() -> accord.Scenario:
    return accord.load_text(FIXED, "fixed.yaml")
