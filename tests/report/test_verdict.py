"""One story: the root cause, the bottleneck, the `*` mark, the sentence and the JSON agree.

Definitions checked here independently of the implementation:

* the root cause is a failing test (margin or cheat margin < 0, tie rule) with no
  failing test at any later node (point, then party in file order): backward
  induction meets it first, so it starts the unravelling; with every test
  holding it is the first party (file order) whose surplus is < 0, or None;
* the bottleneck is the root cause when the road map is not viable, and otherwise
  the smallest of every margin, cheat margin and surplus;
* the terminal output marks exactly that test with one `*`, and the sentence
  names its party and point.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from rich.console import Console

import accord
from accord.library import names
from tests.strategies import scenarios


def _fails(c: float, alt: float) -> bool:
    return not (c >= alt or abs(c - alt) <= 1e-9 * max(1.0, abs(c), abs(alt)))


def failing_tests(a: accord.Analysis) -> list[tuple[int, int, str, str | None]]:
    """Failing margin and cheat tests as (point, party index, kind, step), in node order."""
    sol = a.solution
    comply = sol.surplus[0]
    own = [sol.breakdowns.values[0, q, i, i] for q in range(a.layout.n_points)
           for i in range(a.layout.n_parties)]
    out = []
    for q in range(a.layout.n_points):
        for i in range(a.layout.n_parties):
            if _fails(comply[i], own[q * a.layout.n_parties + i]):
                out.append((q, i, "margin", None))
            ch = sol.cheats
            for k, s in enumerate(ch.steps):
                if ch.points[k] == q and ch.actors[k] == i and _fails(
                        comply[i], ch.expected[0, k, i]):
                    out.append((q, i, "cheat", a.layout.steps[int(s)]))
    return out


def check_story(a: accord.Analysis) -> None:
    cause = a.root_cause
    fails = failing_tests(a)
    if fails:
        assert cause is not None and cause["kind"] in ("margin", "cheat")
        q, i = cause["point"], a.parties.index(cause["party"])
        assert (q, i, cause["kind"], cause["step"]) in fails
        assert all((fq, fi) <= (q, i) for fq, fi, _, _ in fails)  # nothing fails later
        assert not a.self_enforcing
    elif not all(a.participation.values()):
        first = next(p for p, ok in a.participation.items() if not ok)
        assert cause == {"kind": "participation", "point": None, "party": first,
                         "step": None, "margin": a.surplus[first]}
    else:
        assert cause is None and a.viable
    b = a.bottleneck
    assert a.to_dict()["bottleneck"] == b and a.to_dict()["root_cause"] == cause
    if not a.viable:
        assert b == cause
    elif b is not None:
        values = [v for m in a.margins.values() for v in m]
        values += [c["margin"] for c in a.cheats] + list(a.surplus.values())
        assert b["margin"] <= min(values) + 1e-9 * max(1.0, abs(min(values)))
    console = Console(width=200, record=True, color_system=None)
    console.print(a)
    text = console.export_text()
    marks = re.findall(r"\d \*", text)
    assert len(marks) == (1 if b is not None else 0), text
    if b is not None and b["kind"] == "participation":
        assert f"{b['party']} {b['margin']:,.2f}" in text.split("Surplus over")[-1]
    sentence = a.sentence
    if cause is not None:
        assert cause["party"] in sentence
        if cause["point"] is not None:
            assert f"point {cause['point']} (" in sentence
        else:
            assert "would not sign" in sentence


@pytest.mark.parametrize("name", names())
def test_library_story_agrees(name: str) -> None:
    check_story(accord.analyze(accord.load(name)))


def test_worked_example_root_cause_is_the_cheat_on_shipout() -> None:
    """MODEL.md's worked example: DPRK's margin at point 4 is -6.17 and its cheat on
    shipout there -17.34; both fail at the last failing node, and the induction takes the
    better option, cheating (its PV beats walking away), which is also the play."""
    from pathlib import Path

    a = accord.analyze(accord.load(Path(__file__).parent.parent / "engine" / "data"
                                   / "worked-example.yaml"))
    assert a.root_cause is not None
    assert (a.root_cause["kind"], a.root_cause["point"], a.root_cause["step"]) == \
        ("cheat", 4, "shipout")
    assert "Anticipating" not in a.sentence  # the play is the root cause itself


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_parties=3, max_phases=3))
def test_generated_story_agrees(s: accord.Scenario) -> None:
    check_story(accord.analyze(s))
