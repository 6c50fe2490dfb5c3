"""Format extension: ``verification: {sampling: {population, sample, falsified}}``."""

from __future__ import annotations

import pytest

import accord

TEXT = """
accord: 1
title: sampling
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - id: s
    actor: A
    flow: {A: -1, B: 2}
    verification: VERIF
roadmap: [{phase: P, duration: 1, moves: [[s]]}]
sticks: [{id: k, actor: B, against: A, flow: {A: -3}, commitment: true}]
"""


def test_sampling_gives_the_hypergeometric_detection() -> None:
    """N = 100, r = 5, n = 10: P_D = 1 - C(95,10)/C(100,10) = 79137/190120 (oracle T3).

    Cheating on s at 0: C = -10, U = 0, D = -30 (stick from 0): the cheat margin is
    C - (p D + (1 - p) U) = -10 + 30 p, and p* = (U - C)/(U - D) = 10/30.
    """
    a = accord.analyze(accord.load_text(
        TEXT.replace("VERIF", "{sampling: {population: 100, sample: 10, falsified: 5}}")))
    p = 79137 / 190120
    (cheat,) = a.cheats
    assert cheat["detection"] == pytest.approx(p, rel=1e-15)
    assert cheat["margin"] == pytest.approx(-10 + 30 * p, rel=1e-12)
    assert cheat["required_detection"] == pytest.approx(1 / 3, rel=1e-12)


@pytest.mark.parametrize(("verif", "phrase"), [
    pytest.param("{delay: 1}", "exactly one of detection or sampling", id="neither"),
    pytest.param("{detection: 0.5, sampling: {population: 10, sample: 2, falsified: 1}}",
                 "exactly one of detection or sampling", id="both"),
    pytest.param("{sampling: {population: 10, sample: 11, falsified: 1}}",
                 "sample must lie in [0, population = 10]", id="sample-too-big"),
    pytest.param("{sampling: {population: 10, sample: 2, falsified: 0}}",
                 "falsified must lie in [1, population = 10]", id="nothing-falsified"),
    pytest.param("{sampling: {population: 0, sample: 0, falsified: 1}}",
                 "population must be >= 1", id="empty-population"),
])
def test_bad_sampling_designs(verif: str, phrase: str) -> None:
    with pytest.raises(accord.ScenarioError) as info:
        accord.load_text(TEXT.replace("VERIF", verif))
    (problem,) = info.value.problems
    assert phrase in problem.message
    assert problem.field.startswith("steps[0].verification")
    assert problem.line == 9  # the verification line (TEXT starts with a newline)
