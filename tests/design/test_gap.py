"""The expectation gap (DESIGN.md §5): closed form, hand cases, and tightness by the engine.

Tightness: the payment ``g_i`` is written into the scenario as a real step, and the
exact engine analyzes it.  The step ``pay`` is the other party's, in a last phase of
duration 0 at ``T``; its flow to ``i`` starts ``L`` after ``T`` (beyond every detection
time) and is worth ``g`` in value at ``T``; its actor loses ``1e-6`` a year on it, so
it reverses it (lag 0) in every breakdown: ``i`` keeps it only if the road map
completes (or after an undetected cheat).  Paying ``g_i`` must make every margin and
cheat margin of ``i`` hold and ``i`` take part; paying ``0.99 g_i`` must not.
"""

from __future__ import annotations

import copy
import io
import math
from typing import Any

import pytest
from ruamel.yaml import YAML

import accord
from accord.design.gap import expectation_gap
from tests.design.instances import instance

HAND = """\
accord: 1
title: hand gap
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: b1, actor: B, flow: {A: 1, B: -0.5}}
  - {id: a1, actor: A, flow: {A: -2, B: 3}}
roadmap:
  - {phase: P0, duration: 1, moves: [[b1]]}
  - {phase: P1, duration: 1, moves: [[a1]]}
"""


def _text(data: dict[str, Any]) -> str:
    y = YAML(typ="safe", pure=True)
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


def _data(text: str) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe", pure=True).load(text)
    return data


def test_hand_margin_and_participation() -> None:
    """B gives b1 at 0 (A +1/yr, B -0.5/yr), A gives a1 at 1 (A -2/yr, B +3/yr); r = 0.1.

    A: surplus u = 1/0.1 - 2 e^{-0.1}/0.1 = 10 - 18.0967 = -8.0967; margin at 0 = u;
    at 1 (b1 kept, irreversible) (u - 10) e^{0.1} = -20; at completion 0.
    Terms (T = 2): 8.0967 e^{0.2} = 9.8895, 20 e^{0.1} = 22.1034, -u e^{0.2} = 9.8895,
    so g_A = 20 e^{0.1} = 22.1034 (value at T), PV 20 e^{-0.1} = 18.0967: A must get
    back the whole cost of a1, valued when it acts.  B: margins 22.145, 30, 0: g_B = 0.
    """
    a = accord.analyze(accord.load_text(HAND))
    g = expectation_gap(a)
    assert g["A"].at_completion == pytest.approx(20 * math.exp(0.1), rel=1e-9)
    assert g["A"].pv == pytest.approx(20 * math.exp(-0.1), rel=1e-9)
    assert g["A"].test == {"kind": "margin", "point": 1, "step": None,
                           "value": pytest.approx(-20.0, rel=1e-9)}
    assert g["B"].at_completion == 0.0 and g["B"].test is None


def test_hand_cheat_divides_by_detection() -> None:
    """As above with a1 verified (detection 0.5, delay 0): cheating at t = 1 keeps b1
    either way, so U = D = 10 and the cheat margin is (u - 10) e^{0.1} = -20; a kept
    payment rises C and U alike, so only p g e^{-0.1} reaches the margin:
    g_A = 20 e^{0.1} / 0.5 = 44.207 (above the margin's 22.103).
    """
    text = HAND.replace("flow: {A: -2, B: 3}}",
                        "flow: {A: -2, B: 3}, verification: {detection: 0.5}}")
    g = expectation_gap(accord.analyze(accord.load_text(text)))
    assert g["A"].at_completion == pytest.approx(40 * math.exp(0.1), rel=1e-9)
    assert g["A"].test is not None and g["A"].test["kind"] == "cheat"
    assert g["A"].test["step"] == "a1"


def test_hand_epsilon() -> None:
    """epsilon = 1: B's completion margin 0 now fails by 1 at T: g_B = 1; A's point-1
    term becomes (1 + 20) e^{0.1} = 23.208.
    """
    g = expectation_gap(accord.analyze(accord.load_text(HAND)), epsilon=1.0)
    assert g["B"].at_completion == pytest.approx(1.0, rel=1e-9)
    assert g["B"].test == {"kind": "margin", "point": 2, "step": None, "value": 0.0}
    assert g["A"].at_completion == pytest.approx(21 * math.exp(0.1), rel=1e-9)


def test_infinite_cases() -> None:
    """A failing cheat with detection 0, or anything failing with T >= H, is infinite;
    a party with nothing failing is still 0 (B)."""
    text = HAND.replace("flow: {A: -2, B: 3}}",
                        "flow: {A: -2, B: 3}, verification: {detection: 0.0}}")
    g = expectation_gap(accord.analyze(accord.load_text(text)))
    assert math.isinf(g["A"].at_completion) and g["A"].infinite
    assert g["A"].to_dict()["at_completion"] is None
    g = expectation_gap(accord.analyze(accord.load_text("horizon: 2\n" + HAND)))
    assert math.isinf(g["A"].at_completion) and math.isinf(g["A"].pv)
    assert g["B"].at_completion == 0.0


def test_viable_road_map_has_no_gap() -> None:
    """b1 worth 3/yr to A, both steps reversible at once: A's margin at 1 is
    3/0.1 - 2/0.1 = 10 (B takes b1 back if A walks away), every other test holds too:
    nothing fails, so g = 0 for both."""
    text = HAND.replace("flow: {A: 1, B: -0.5}}", "flow: {A: 3, B: -0.5}, reversal: {lag: 0}}")
    text = text.replace("flow: {A: -2, B: 3}}", "flow: {A: -2, B: 3}, reversal: {lag: 0}}")
    a = accord.analyze(accord.load_text(text))
    assert a.viable
    assert all(x.at_completion == 0.0 and x.test is None for x in expectation_gap(a).values())


def with_payment(data: dict[str, Any], party: str, g: float, T: float) -> accord.Scenario:
    """``data`` plus the step ``pay`` worth ``g`` to ``party`` at ``T`` if it completes."""
    d = copy.deepcopy(data)
    d.pop("design", None)
    other = next(p["id"] for p in d["parties"] if p["id"] != party)
    rate = next(p for p in d["parties"] if p["id"] == party)["discount_rate"]
    H = d.get("horizon")
    L = 5.0 if H is None else (float(H) - T) / 2
    span = math.inf if H is None else float(H) - T - L
    factor = (1 - math.exp(-rate * span)) / rate if rate else span
    flow = g * math.exp(rate * L) / factor
    d["steps"].append({"id": "pay", "actor": other, "lag": L, "reversal": {"lag": 0.0},
                       "flow": {party: flow, other: -1e-6}})
    d["roadmap"].append({"phase": "pay", "start": T, "duration": 0.0, "moves": [["pay"]]})
    return accord.load_text(_text(d))


def holds_for(a: accord.Analysis, party: str, epsilon: float = 0.0) -> bool:
    """Every margin and cheat margin of ``party`` is ``>= epsilon`` (tie rule at 0, else
    1e-9 relative) and it takes part."""
    i = a.parties.index(party)
    sol = a.solution
    if not bool(sol.takes_part[0, i]):
        return False
    if epsilon == 0.0:
        return bool(sol.margin_ok[0, :, i].all()) and all(
            c["deterred"] for c in a.cheats if c["party"] == party)
    vals = [float(v) for v in sol.margins[0, :, i]]
    vals += [c["margin"] for c in a.cheats if c["party"] == party]
    return all(v - epsilon >= -1e-9 * max(1.0, abs(v)) for v in vals)


def _check_tight(data: dict[str, Any], epsilon: float = 0.0) -> int:
    a = accord.analyze(accord.load_text(_text({k: v for k, v in data.items()
                                               if k != "design"})))
    T = a.times[-1]
    checked = 0
    for p, gap in expectation_gap(a, epsilon).items():
        if gap.infinite:
            assert (data.get("horizon") is not None and float(data["horizon"]) <= T) or any(
                c["detection"] == 0 for c in a.cheats if c["party"] == p)
            continue
        if gap.at_completion == 0.0:
            assert holds_for(a, p, epsilon)
            continue
        if data.get("horizon") is not None and float(data["horizon"]) - T < 4:
            continue  # the test payment needs room before the horizon
        assert not holds_for(a, p, epsilon)
        paid = accord.analyze(with_payment(data, p, gap.at_completion, T))
        assert holds_for(paid, p, epsilon)
        if gap.at_completion > 1e-6:
            assert not holds_for(
                accord.analyze(with_payment(data, p, 0.99 * gap.at_completion, T)), p, epsilon)
        checked += 1
    return checked


def test_tight_on_the_hand_cases() -> None:
    """Paying g_A makes A's tests hold; 0.99 g_A does not (both hand cases)."""
    assert _check_tight(_data(HAND)) == 1
    cheat = HAND.replace("flow: {A: -2, B: 3}}",
                         "flow: {A: -2, B: 3}, verification: {detection: 0.5, delay: 0.5}}")
    assert _check_tight(_data(cheat)) == 1


def test_tight_on_generated_instances() -> None:
    """On 120 generated road maps (as written): g_i is tight for every party it can check."""
    checked = sum(_check_tight(instance(seed)) for seed in range(120))
    assert checked >= 60  # most instances have a failing party with a finite gap


def test_tight_with_epsilon() -> None:
    """The same on 60 instances with every test at least epsilon = 0.25."""
    checked = sum(_check_tight(instance(seed), 0.25) for seed in range(200, 260))
    assert checked >= 30
