"""Monte Carlo estimates against closed forms and against the deterministic analysis."""

from __future__ import annotations

import math

import pytest

import accord
from accord.simulation import simulate

ONE_FLOW = """
accord: 1
title: one uncertain flow
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps: [{id: s, actor: A, flow: {A: FLOW, B: 1}}]
roadmap: [{phase: P, duration: 1, moves: [[s]]}]
"""

DETERRENCE = """
accord: 1
title: deterrence threshold
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s1, actor: B, flow: {A: 1, B: 1}}
  - {id: s2, actor: A, flow: {A: -0.5, B: 1}, verification: {detection: DET}}
roadmap:
  - {phase: P1, duration: 1, moves: [[s1]]}
  - {phase: P2, duration: 1, moves: [[s2]]}
sticks: [{id: k, actor: B, against: A, flow: {A: -2}, commitment: true}]
"""


def _within(est: float, se: float, p: float) -> None:
    assert abs(est - p) <= 4 * se, (est, se, p)


@pytest.mark.parametrize(("flow", "p"), [
    pytest.param("{uniform: [-1, 3]}", 0.75, id="uniform"),
    pytest.param("{normal: [0.5, 1.0]}", 0.5 * (1 + math.erf(0.5 / math.sqrt(2))), id="normal"),
    pytest.param("{triangular: [-2, 0, 1]}", 1 / 3, id="triangular"),
])
def test_one_uniform_flow_crossing_zero(flow: str, p: float) -> None:
    """A's only step: flow ``f`` to A from 0, forever; r = 0.1, no horizon.

    Point 0 (t = 0): nothing is executed, so defecting is worth 0 to A and
    A's margin is ``f / 0.1``: it holds iff ``f >= 0``.  B's margin is
    ``1 / 0.1 > 0``.  At completion the step is executed and irreversible, so
    every margin is 0 and holds.  Hence ``P(self-enforcing) = P(f >= 0)``:
    uniform(-1, 3): 3/4; normal(0.5, 1): Phi(0.5); triangular(-2, 0, 1):
    the mass right of the mode, ``(1 - 0) / (1 - (-2)) = 1/3``.
    """
    r = simulate(accord.load_text(ONE_FLOW.replace("FLOW", flow)), draws=20_000, seed=5)
    _within(r.probability, r.standard_error, p)
    assert r.standard_error == pytest.approx(math.sqrt(r.probability * (1 - r.probability)
                                                       / 20_000))
    assert r.outcome["completes"] == r.probability


@pytest.mark.parametrize(("det", "p"), [
    pytest.param("{uniform: [0, 1]}", 0.75, id="uniform"),
    pytest.param("{beta: [2, 2]}", 1 - (3 * 0.25 ** 2 - 2 * 0.25 ** 3), id="beta"),
])
def test_detection_crossing_the_required_probability(det: str, p: float) -> None:
    """Cheating on s2 is deterred iff detection >= p* = 1/4.

    r = 0.1 for both, no horizon.  s1 (B, t = 0) gives A a flow of 1 from 0;
    s2 (A, t = 1) costs A 0.5 per year from 1.  A's PVs at 0:
    C = 10 - 5 e^-0.1 (comply), U = 10 (cheat undetected: s2 never runs),
    D = 10 - 20 e^-0.1 (detected at 1, no delay: s1 stays, B's committed stick
    costs A 2 per year from 1).  So ``p* = (U - C) / (U - D) = 5/20 = 1/4``.
    Every other margin is positive (A at 0: C > -20; A at 1: 15 e^-0.1; B: 10
    and 10 e^-0.1) or 0 at completion, so ``P(self-enforcing) = P(det >= 1/4)``:
    3/4 for uniform(0, 1); ``1 - I_{1/4}(2, 2) = 1 - (3 x^2 - 2 x^3)`` at 1/4 for beta(2, 2).
    """
    r = simulate(accord.load_text(DETERRENCE.replace("DET", det)), draws=20_000, seed=9)
    _within(r.probability, r.standard_error, p)
    (cheat,) = r.data["cheats"]
    assert cheat["p_deterred"] == pytest.approx(r.probability)
    assert cheat["p_undeterrable"] == 0.0
    assert r.data["outcome"]["cheats"][0]["probability"] == pytest.approx(1 - r.probability)


def test_no_distributions_equals_the_deterministic_analysis(fixed: accord.Scenario) -> None:
    a = accord.analyze(fixed)
    r = simulate(fixed, draws=5000, seed=1)
    d = r.data
    assert d["self_enforcing"]["probability"] == float(a.self_enforcing)
    assert d["self_enforcing"]["standard_error"] == 0.0
    assert d["viable"] == {"probability": float(a.viable), "standard_error": 0.0,
                           "count": 5000 * int(a.viable)}
    kind = a.outcome["kind"]
    if kind == "completes":
        assert d["outcome"]["completes"] == 1.0
    elif kind == "breaks":
        assert d["outcome"]["breaks"] == [{"point": a.outcome["point"], "party": a.outcome["party"],
                                           "label": a.layout.point_label(a.outcome["point"]),
                                           "probability": 1.0}]
    else:
        assert d["outcome"]["cheats"][0]["step"] == a.outcome["step"]
    for pt in d["points"]:
        for party, st in pt["margins"].items():
            want = a.margins[party][pt["index"]]
            for key in ("mean", "min", "q05", "q50", "q95", "max"):
                assert st[key] == pytest.approx(want, rel=1e-12, abs=1e-12), (pt, party, key)
            assert st["std"] == pytest.approx(0.0, abs=1e-9)
            assert st["p_holds"] == float(want >= -1e-9)
    for party, st in d["surplus"].items():
        assert st["q50"] == pytest.approx(a.surplus[party], rel=1e-12)
        assert st["p_negative"] == float(a.surplus[party] < 0)
    for c, ca in zip(d["cheats"], a.cheats, strict=True):
        assert c["step"] == ca["step"]
        assert c["margin"]["q50"] == pytest.approx(ca["margin"], rel=1e-12)
        assert c["p_deterred"] == float(ca["deterred"])
    for party, by in a.exposure.items():
        for defector, series in by.items():
            got = [st["q50"] for st in d["exposure"][party][defector]]
            assert got == pytest.approx(series, rel=1e-12, abs=1e-12)
    assert d["non_credible_sticks"] == {k: float(k in a.non_credible_sticks)
                                        for k in a.layout.sticks}
    b = a.bottleneck
    assert b is not None
    assert d["bottleneck"]["min"] <= 0 or a.self_enforcing
