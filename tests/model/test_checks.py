"""Cross-field checks on in-memory scenarios: paths, codes, severities, never an exception."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from accord.model import Problem, Scenario, check
from accord.model.checks import closest, suggest

BASE: dict[str, Any] = {
    "accord": 1, "title": "t", "horizon": 20,
    "sources": {"k": {"title": "a source"}},
    "parties": [{"id": "A", "discount_rate": 0.1}, {"id": "B", "discount_rate": 0.05}],
    "capabilities": [{"id": "cap", "initial": 10}],
    "steps": [
        {"id": "s1", "actor": "A", "flow": {"B": 1}, "reversal": {"lag": 1}},
        {"id": "s2", "actor": "B", "flow": {"A": 1}, "requires": ["s1"]},
        {"id": "s3", "actor": "A", "capability": {"cap": -5},
         "verification": {"detection": 0.5}},
    ],
    "roadmap": [{"phase": "P1", "duration": 1, "moves": [["s1"], ["s2"]]},
                {"phase": "P2", "duration": 1, "moves": [["s3"]]}],
    "sticks": [{"id": "k1", "actor": "B", "against": "A", "flow": {"A": -1}}],
}


def scenario(**changes: Any) -> Scenario:
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        parts = [int(p) if p.isdigit() else p for p in dotted.split("__")]
        target: Any = data
        for p in parts[:-1]:
            target = target[p]
        target[parts[-1]] = value
    return Scenario.model_validate(data)


def only(s: Scenario) -> Problem:
    found = check(s)
    assert len(found) == 1, found
    return found[0]


def test_base_has_no_problems() -> None:
    assert check(scenario()) == []


P = pytest.param


@pytest.mark.parametrize(("changes", "path", "code", "phrase"), [
    P({"steps__0__actor": "C"}, ("steps", 0, "actor"), "unknown-party", "unknown party 'C'",
      id="unknown-actor"),
    P({"steps__0__flow": {"b": 1}}, ("steps", 0, "flow", "b"), "unknown-party",
      "(did you mean 'B'?)", id="unknown-flow-party"),
    P({"steps__2__capability": {"cab": 1}}, ("steps", 2, "capability", "cab"),
      "unknown-capability", "unknown capability 'cab' (did you mean 'cap'?)",
      id="unknown-capability"),
    P({"steps__0__sources": ["j"]}, ("steps", 0, "sources", 0), "unknown-source",
      "unknown source 'j'", id="unknown-source"),
    P({"roadmap__1__moves": [["s3"], ["s1"]]}, ("roadmap", 1, "moves", 1, 0), "step-twice",
      "already in an earlier move (roadmap[0].moves[0][0])", id="step-twice"),
    P({"roadmap__1__moves": [["s3"], []]}, ("roadmap", 1, "moves", 1), "empty-move",
      "a move needs at least one step", id="empty-move"),
    P({"roadmap__0__moves": [["s1", "s2"]], "steps__1__requires": []},
      ("roadmap", 0, "moves", 0), "move-actors",
      "mixes A (s1), B (s2)", id="move-actors"),
    P({"steps__1__requires": ["s3"]}, ("steps", 1, "requires", 0), "requires-order",
      "it is in a later move, roadmap[1].moves[0][0]", id="requires-later"),
    P({"steps__0__requires": ["s1"]}, ("steps", 0, "requires", 0), "requires-cycle",
      "step 's1' cannot require itself", id="self-require"),
    P({"roadmap__1__start": 0.5, "roadmap__0__start": 1}, ("roadmap", 1, "start"),
      "phase-order", "before the previous phase's start 1", id="phase-order"),
])
def test_problem(changes: dict[str, Any], path: tuple[Any, ...], code: str, phrase: str) -> None:
    p = only(scenario(**changes))
    assert (p.path, p.code, p.severity) == (path, code, "error")
    assert phrase in p.message


def test_unused_step_is_a_warning_with_a_code() -> None:
    p = only(scenario(roadmap__1__moves=[]))
    assert (p.path, p.severity, p.code) == (("steps", 2, "id"), "warning", "unused-step")


def test_cycle_reported_once_at_the_closing_requirement() -> None:
    s = scenario(steps__0__requires=["s2"], steps__1__requires=["s1"])
    cycles = [p for p in check(s) if p.code == "requires-cycle"]
    assert [(p.path, p.message) for p in cycles] == [
        (("steps", 1, "requires", 0), "cycle in requires: 's1' -> 's2' -> 's1'")]


def test_three_step_cycle() -> None:
    s = scenario(steps__0__requires=["s3"], steps__1__requires=["s1"],
                 steps__2__requires=["s2"])
    [c] = [p for p in check(s) if p.code == "requires-cycle"]
    assert c.message == "cycle in requires: 's1' -> 's3' -> 's2' -> 's1'"


def test_requirements_of_unused_steps_are_still_resolved() -> None:
    s = scenario(roadmap__1__moves=[], steps__2__requires=["nope", "s1"])
    assert [(p.path, p.code) for p in check(s)] == [
        (("steps", 2, "id"), "unused-step"), (("steps", 2, "requires", 0), "unknown-step")]


def test_discount_rate_and_horizon() -> None:
    assert check(scenario(parties__0__discount_rate=0)) == []  # fine with a horizon
    s = scenario(horizon=None, parties__0__discount_rate=0)
    p = only(s)
    assert p.path == ("parties", 0, "discount_rate") and "no horizon" in p.message


@pytest.mark.parametrize(("path", "field"), [
    P(("steps", 2, "reversal", "lag"), "steps[2].reversal.lag", id="dotted"),
    P(("steps", 0, "flow", "U S"), "steps[0].flow['U S']", id="space"),
    P(("sources", "a.b", "title"), "sources['a.b'].title", id="dot"),
    P(("x\ny",), "['x\\ny']", id="newline"),
    P((), "(file)", id="file"),
])
def test_field(path: tuple[Any, ...], field: str) -> None:
    assert Problem(path, "").field == field


def test_suggestions() -> None:
    assert closest("us", ["US", "DPRK"]) == "US"
    assert closest("DPKR", ["US", "DPRK"]) == "DPRK"
    assert closest("zzz", ["US", "DPRK"]) is None
    assert suggest("Freeze", ["freeze"]) == " (did you mean 'freeze'?)"
    assert suggest("x", []) == ""


def test_checks_never_raise_on_extreme_numbers() -> None:
    s = scenario(horizon={"lognormal": [700, 0]}, steps__0__lag=1e308,
                 roadmap__0__duration=1e308, roadmap__1__start=-1e308)
    assert [p.code for p in check(s)] == ["phase-order"]


def test_moves_after_the_horizon_are_flagged_as_a_warning() -> None:
    """Horizon 10; phase Q starts at 12: its step is worth nothing (a one-off at t >= H is 0
    and its flow starts after H), which is almost always a slip, so accord warns."""
    import accord
    from accord.io.loader import read_text

    loaded = read_text("""
accord: 1
title: late
horizon: 10
parties: [{id: A, discount_rate: 0.1}]
steps:
  - {id: s, actor: A, flow: {A: 1}}
  - {id: t, actor: A, once: {A: 5}}
roadmap: [{phase: P, duration: 12, moves: [[s]]}, {phase: Q, duration: 1, moves: [[t]]}]
""")
    (w,) = loaded.warnings
    assert w.severity == "warning" and "after the horizon" in w.message
    assert w.field == "roadmap[1].phase"
    assert accord.analyze(loaded.scenario).surplus["A"] > 0
