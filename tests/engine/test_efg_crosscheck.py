"""The Gambit export against the engine: backward induction over the exported tree.

pygambit only reads the ``.efg`` text; the backward induction is written here
(pygambit's solvers find Nash equilibria, not subgame-perfect ones).  It applies
MODEL.md §4's rule: the largest value for the mover, options that tie with it
(``|x - y| <= 1e-9 * max(1, |x|, |y|)``) going to the first listed: continue,
defect, then the cheats in roadmap order.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accord
from accord.io.efg import complement, efg_tree, label, number, to_efg
from tests.strategies import scenarios

gbt = pytest.importorskip("pygambit")

DATA = Path(__file__).parent / "data"
#: Examples of the main cross-check; raise it (``ACCORD_EXAMPLES=2000``) for a longer hunt.
EXAMPLES = max(200, int(os.environ.get("ACCORD_EXAMPLES", "200")))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _tie(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def backward_induction(game: Any) -> tuple[list[float], dict[Any, Any]]:
    """Subgame-perfect values at the root and the action chosen at each personal node."""
    players = list(game.players)
    chosen: dict[Any, Any] = {}

    def solve(node: Any) -> list[float]:
        if node.is_terminal:
            return [float(node.outcome[p]) for p in players]
        actions = list(node.infoset.actions)
        options = [solve(node.children[a]) for a in actions]
        if node.player.is_chance:
            probs = [float(a.prob) for a in actions]
            return [sum(pr * v[j] for pr, v in zip(probs, options, strict=True))
                    for j in range(len(players))]
        me = players.index(node.player)
        best = max(v[me] for v in options)
        pick = next(k for k, v in enumerate(options) if _tie(v[me], best))
        chosen[node] = actions[pick]
        return options[pick]

    return solve(game.root), chosen


def tree_outcome(game: Any, chosen: dict[Any, Any], steps: dict[str, str]) -> dict[str, Any]:
    """The equilibrium path from the root: the first node that does not continue.

    The n-th personal node of the chain is (point, party) = divmod(n, parties).
    """
    players = list(game.players)
    node = game.root
    n = 0
    while not node.is_terminal:
        action = chosen[node]
        if action.label != "continue":
            point, party = divmod(n, len(players))
            assert players.index(node.player) == party
            out: dict[str, Any] = {"kind": "breaks" if action.label == "defect" else "cheats",
                                   "point": point, "party": node.player.label}
            if out["kind"] == "cheats":
                out["step"] = steps[action.label.removeprefix("cheat:")]
            return out
        node = node.children[action]
        n += 1
    return {"kind": "completes"}


def parse(text: str) -> Any:
    return gbt.read_efg(io.StringIO(text))


def check_against_engine(s: accord.Scenario) -> None:
    a = accord.analyze(s)
    game = parse(to_efg(s))
    assert [p.label for p in game.players] == [label(p) for p in a.parties]
    values, chosen = backward_induction(game)
    steps = {label(x): x for x in a.layout.steps}
    out = tree_outcome(game, chosen, steps)
    expected = dict(a.outcome)
    if "party" in expected:
        expected["party"] = label(expected["party"])
    assert out == expected
    scale = max([1.0, *(abs(v) for v in values)])
    assert values == pytest.approx(list(a.equilibrium_values.values()), rel=1e-9,
                                   abs=1e-12 * scale)


@SETTINGS
@given(scenarios(after=True))
def test_backward_induction_over_export_matches_engine(s: accord.Scenario) -> None:
    check_against_engine(s)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(odd_ids=True, zero_rates=True, min_moves=0, max_phases=3, time_grid=None))
def test_odd_ids_zero_rates_and_empty_phases(s: accord.Scenario) -> None:
    """Ids with spaces, quotes, backslashes and non-ASCII letters still parse and agree;
    so do zero discount rates (finite horizon) and phases without moves."""
    check_against_engine(s)


def _terminals(game: Any) -> dict[str, list[float]]:
    players = list(game.players)
    return {n.outcome.label: [float(n.outcome[p]) for p in players]
            for n in game.nodes if n.is_terminal}


def test_worked_example_tree() -> None:
    """2 parties, 7 points, 2 verified steps: 2*7*2 personal/defect + 1 + 3*2 cheat nodes."""
    s = accord.load(DATA / "worked-example.yaml")
    a = accord.analyze(s)
    game = parse(to_efg(s))
    nodes = list(game.nodes)
    assert len(nodes) == 2 * 7 * 2 + 1 + 3 * 2 == 35
    assert sum(1 for n in nodes if not n.is_terminal and n.player.is_chance) == 2
    assert game.root.label == "Halt: freeze | DPRK"
    assert [a_.label for a_ in game.root.infoset.actions] == ["continue", "defect"]
    pays = _terminals(game)
    assert len(pays) == sum(1 for n in nodes if n.is_terminal)  # outcome labels are unique
    assert pays["complies"] == list(a.surplus.values())  # exactly: the text round-trips
    assert pays["complies"] == pytest.approx([-0.7894492751788276, 123.19135659595385],
                                             rel=1e-12)
    # DPRK's node at the shipout move offers the cheat; a 0.6 / 0.4 lottery follows.
    node = game.root
    for _ in range(8):
        node = node.children["continue"]
    assert node.label == "Eliminate: shipout | DPRK"
    lottery = node.children["cheat:shipout"]
    assert lottery.player.is_chance
    assert [float(x.prob) for x in lottery.infoset.actions] == [0.6, 0.4]
    values, chosen = backward_induction(game)
    assert tree_outcome(game, chosen, {x: x for x in a.layout.steps}) == a.outcome == {
        "kind": "cheats", "point": 4, "party": "DPRK", "step": "shipout"}
    assert values == pytest.approx(list(a.equilibrium_values.values()), rel=1e-12)


def test_single_step_hand_checked() -> None:
    """One step by A (flow A -1, B +3, r = 0.1 each, no horizon), verified with p = 0.25.

    Compliance: A -10, B 30.  Defect at 0: 0, 0.  Cheat: detected at 0 is the
    breakdown with nothing executed (0, 0), undetected is no step (0, 0).
    Completion: the step is irreversible, so defecting there is compliance.
    A is indifferent between defect and cheat at 0 (both 0): defect wins the tie.
    """
    s = accord.load_text("""
accord: 1
title: one
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps: [{id: s, actor: A, flow: {A: -1, B: 3}, verification: {detection: 0.25}}]
roadmap: [{phase: P, duration: 1, moves: [[s]]}]
""")
    text = to_efg(s)
    game = parse(text)
    assert len(list(game.nodes)) == 2 * 2 * 2 + 1 + 3
    pays = _terminals(game)
    assert pays["complies"] == pytest.approx([-10.0, 30.0], rel=1e-15)
    assert pays["defect:0:A"] == pays["cheat:s:detected"] == pays["cheat:s:undetected"] == [0, 0]
    assert pays["defect:1:A"] == pays["complies"]
    assert '{ "detected" 0.25 "undetected" 0.75 }' in text
    values, chosen = backward_induction(game)
    assert tree_outcome(game, chosen, {"s": "s"}) == {"kind": "breaks", "point": 0, "party": "A"}
    assert values == [0.0, 0.0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(odd_ids=True, after=True))
def test_text_round_trips_payoffs(s: accord.Scenario) -> None:
    """Every payoff read back by pygambit is the very double the export was built from."""
    tree = efg_tree(s)
    game = parse(to_efg(s))
    players = list(game.players)
    ours: list[tuple[float, ...]] = []
    stack = [tree.root]
    while stack:
        node = stack.pop()
        stack.extend(reversed(node.children))
        if node.kind == "terminal":
            ours.append(node.payoffs)
    theirs = [tuple(float(n.outcome[p]) for p in players) for n in game.nodes if n.is_terminal]
    assert len(theirs) == len(ours)
    flat_theirs = [x for t in theirs for x in t]
    flat_ours = [x for t in ours for x in t]
    assert flat_theirs == pytest.approx(flat_ours, rel=1e-12, abs=0)
    assert theirs == ours  # exactly: shortest round-trip digits
    for n in game.nodes:
        if not n.is_terminal and n.player.is_chance:
            assert sum(a.prob for a in n.infoset.actions) == 1  # exactly, as rationals


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False), st.floats(0.0, 1.0))
def test_any_double_and_probability_round_trip(x: float, p: float) -> None:
    """Plain decimals with repr's digits: pygambit reads back the same double, any magnitude."""
    text = (f'EFG 2 R "x" {{ "A" }}\n""\n\np "" 1 1 "" {{ "a" "b" }} 0\n'
            f't "" 1 "o1" {{ {number(x)} }}\n'
            f'c "" 1 "" {{ "d" {number(p)} "u" {complement(number(p))} }} 0\n'
            f't "" 2 "o2" {{ 0 }}\nt "" 3 "o3" {{ 1 }}\n')
    game = parse(text)
    a = game.players["A"]
    assert float(game.root.children["a"].outcome[a]) == x
    lottery = game.root.children["b"]
    assert next(float(q.prob) for q in lottery.infoset.actions) == p
    assert "e" not in number(x).lower()
