"""Sensitivity ranks the one input that decides the road map first."""

from __future__ import annotations

import pytest

import accord
from accord.simulation import sensitivity

CASE = """
accord: 1
title: one input matters
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s, actor: A, flow: {A: {uniform: [-1, 3]}, B: {uniform: [0.5, 1.5]}}}
roadmap: [{phase: P, duration: {uniform: [1, 2]}, moves: [[s]]}]
sticks:
  - {id: k, actor: B, against: A, flow: {A: {uniform: [-2, -1]}, B: {uniform: [-0.2, -0.1]}}}
capabilities: [{id: c, initial: {normal: [5, 1]}}]
"""


@pytest.fixture(scope="module")
def result() -> accord.Scenario:
    return sensitivity(accord.load_text(CASE), draws=2048, seed=4)


def test_the_deciding_input_ranks_first(result: object) -> None:
    """The bottleneck margin is ``min(10 f_A, 10 f_B, 0, 0)`` with ``f_B >= 0.5``.

    A's margin at the first point is its flow over r = 0.1, B's is ``10 f_B >= 5``
    and both margins at completion are 0 (nothing can be undone), so the
    bottleneck is ``min(10 f_A, 0)``: only ``steps.s.flow.A`` matters.  The stick
    is never credible (it costs B), the duration moves no margin and the
    capability does not enter margins at all (it is not even listed).
    """
    rows = result.inputs  # type: ignore[attr-defined]
    top = rows[0]
    assert top["name"] == "steps.s.flow.A"
    assert top["total"] == pytest.approx(1.0, abs=0.1)
    assert top["first_order"] == pytest.approx(1.0, abs=0.1)
    assert top["spearman"] > 0.6  # 3/4 of the draws tie at 0, which caps rho near 0.76
    for r in rows[1:]:
        assert abs(r["total"]) < 0.02 and abs(r["first_order"]) < 0.1
    names = {r["name"] for r in rows}
    assert "capabilities.c.initial" not in names
    assert "roadmap.P.duration" in names and "sticks.k.flow.B" in names


def test_json_and_frame(result: object) -> None:
    import json

    d = json.loads(result.to_json())  # type: ignore[attr-defined]
    assert d["output"] == "bottleneck_margin" and d["draws"] == 2048
    assert d["evaluations"] == 2048 * (len(d["inputs"]) + 2)
    assert set(d["inputs"][0]) >= {"name", "distribution", "spearman", "first_order",
                                   "first_order_se", "total", "total_se"}
    frame = result.to_frame()  # type: ignore[attr-defined]
    assert frame["name"].iloc[0] == "steps.s.flow.A"


def test_same_seed_same_result() -> None:
    s = accord.load_text(CASE)
    assert sensitivity(s, draws=64, seed=1).to_json() == sensitivity(s, draws=64, seed=1).to_json()
