"""The tie rule (MODEL.md §4) and the first smallest value it names (the bottleneck)."""

from __future__ import annotations

import numpy as np
import pytest

from accord.engine import ties

P = pytest.param


@pytest.mark.parametrize(("values", "index"), [
    # 16.868496378217934 - 16.86849637821793 = 3.6e-15 <= 1e-9 * 16.87: a tie, the first wins
    P([[16.868496378217934, 40.0], [16.86849637821793, 51.5]], 0, id="rounding-tie-first-wins"),
    # the same two numbers the other way round: the first (now the smaller) wins too
    P([[16.86849637821793], [16.868496378217934]], 0, id="smaller-first"),
    # -0.9999999999999999 and -1.0 tie: point 1 (index 1) is named, not point 2
    P([0.0, -0.9999999999999999, -1.0, -1.0], 1, id="negative-rounding-tie"),
    # near zero the tolerance is 1e-9 absolute: 1e-10 ties with 0, 2e-9 does not
    P([1e-10, 0.0], 0, id="near-zero-tie"),
    P([2e-9, 0.0], 1, id="near-zero-no-tie"),
    # a real difference: the smaller one, wherever it is
    P([5.0, 3.0, 3.000001], 1, id="clear-minimum"),
    P([1.0, -np.inf, -np.inf], 1, id="minus-infinity"),
    # inf - (-5) = inf <= 1e-9 * inf would call them tied: an infinity ties only with itself
    P([np.inf, -5.0, 2.0], 1, id="plus-infinity-is-not-tied"),
    P([3.0, -np.inf], 1, id="finite-is-not-tied-with-minus-infinity"),
    P([np.nan, -1.0, -1.0000000000000002], 1, id="nan-passed-over"),
    P([np.nan, np.nan], 0, id="all-nan"),
    P([7.0], 0, id="single"),
])
def test_first_smallest(values: list[float], index: int) -> None:
    assert ties.first_smallest(values) == index


def test_the_root_cause_of_tied_failing_margins() -> None:
    """B's margin is -1 at points 1, 2 and 3, computed at three times: the root cause is
    the last of them (backward induction meets it first), whatever the rounding.

    B's step s3 (move 0) has a reversal that pays B (cost -1): defecting at a later
    point t0, B reverses it and gains ``E(t0)``, worth ``-cost = 1`` in value at t0;
    nothing else has any value.  So B's margin is ``-E(t0) exp(r t0) = -1`` at every
    point after move 0, up to rounding (-0.9999999999999999 at point 1, -1.0 later).
    """
    import accord

    s = accord.load_text("""
accord: 1
title: tie
parties:
  - {id: A, discount_rate: 0.19782871346487324}
  - {id: B, discount_rate: 0.19782871346487324}
steps:
  - {id: s3, actor: B, reversal: {lag: 1.5, cost: -1.0}}
  - {id: s0, actor: A}
  - {id: s2, actor: B}
roadmap:
  - {phase: one, duration: 1.3, moves: [[s3]]}
  - {phase: two, duration: 2.2709348371347224, moves: [[s0]]}
  - {phase: three, duration: 1, moves: [[s2]]}
""")
    a = accord.analyze(s)
    b = [p["margins"]["B"] for p in a.to_dict()["points"]]
    assert b[0] == 0.0 and b[1:] == pytest.approx([-1.0] * 3, rel=1e-15)
    assert min(b) < b[1]  # rounding makes a later one strictly smaller
    # the road map fails, so its bottleneck is the root cause: working back from
    # completion, B walks away first at point 3 (the last failing test)
    cause = {"kind": "margin", "point": 3, "party": "B", "step": None, "margin": b[3]}
    assert a.root_cause == cause
    assert a.bottleneck == cause


INF = np.inf


@pytest.mark.parametrize(("x", "y", "equal", "at_least"), [
    P(1.0, 1.0 + 1e-10, True, True, id="within-1e-9"),
    P(1.0, 1.1, False, False, id="apart"),
    P(1.1, 1.0, False, True, id="above"),
    # the tolerance grows with the size: 1e-9 x 1e12 = 1000
    P(1e12, 1e12 + 100.0, True, True, id="large-within"),
    P(1e12, 1e12 + 2000.0, False, False, id="large-apart"),
    # 1e-9 x max(1, inf) = inf: without care every number would tie with an infinity
    P(5.0, INF, False, False, id="finite-vs-plus-inf"),
    P(INF, 5.0, False, True, id="plus-inf-vs-finite"),
    P(INF, INF, True, True, id="plus-inf-itself"),
    P(-INF, -INF, True, True, id="minus-inf-itself"),
    P(-INF, 5.0, False, False, id="minus-inf-vs-finite"),
    P(5.0, -INF, False, True, id="finite-vs-minus-inf"),
    P(np.nan, 1.0, False, False, id="nan"),
])
def test_tie_rule(x: float, y: float, equal: bool, at_least: bool) -> None:
    assert bool(ties.equal(x, y)) is equal and bool(ties.equal(y, x)) is equal
    assert bool(ties.at_least(x, y)) is at_least
