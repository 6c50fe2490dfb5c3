"""The Monte Carlo's bottleneck is the analysis's, test for test (one definition).

On a scenario without distributions every draw is the analysis itself, so the
Monte Carlo result must name the analysis's bottleneck (``Analysis.bottleneck``:
the root cause when not viable, else the tightest test) in every draw, with its
value: ``at`` is that one test with probability 1, and the summary's min and max
are its value (to the kernel's rounding, 1e-9 relative).
"""

from __future__ import annotations

import math
import warnings

import pytest
from hypothesis import HealthCheck, assume, given, settings

import accord
from accord.errors import ScenarioError
from tests.strategies import scenarios


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_parties=3, max_phases=3, after=True))
def test_the_monte_carlo_names_the_analysis_bottleneck(s: accord.Scenario) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = accord.analyze(s)
        try:
            r = accord.simulate(s, draws=3, seed=0).to_dict()
        except ScenarioError:
            assume(False)  # what sampling refuses (e.g. an infinite horizon with rate 0)
            return
    b = a.bottleneck
    assume(math.isfinite(b["margin"]))
    assert r["bottleneck"]["at"] == [{"kind": b["kind"], "point": b["point"], "party": b["party"],
                                      "step": b["step"], "probability": 1.0}]
    for key in ("min", "max"):
        assert r["bottleneck"][key] == pytest.approx(b["margin"], rel=1e-9, abs=1e-9)
    assert r["viable"]["probability"] == (1.0 if a.viable else 0.0)
