"""The doctrines of a hand-built two-party pool are the road maps the docs describe.

Pool (file order = written order): ``a1, a2`` (D, one move), then ``r1``, ``a3``, then
``r2, r3``; phases P1, P2, P3 of 2 pool steps each.  ``a*`` lower the capability, so
``D`` disarms: ``a*`` are actions, ``r*`` relief; ``r2`` requires ``a2``.
"""

from __future__ import annotations

import pytest

import accord
from accord.design import doctrines as doc
from accord.errors import AccordError

POOL = """\
accord: 1
title: hand pool
parties: [{id: U, discount_rate: 0.05}, {id: D, discount_rate: 0.1}]
capabilities: [{id: cap, initial: 3}]
steps:
  - {id: a1, actor: D, flow: {D: -1, U: 2}, capability: {cap: -1}}
  - {id: a2, actor: D, flow: {D: -1, U: 2}, capability: {cap: -1}}
  - {id: a3, actor: D, flow: {D: -1, U: 2}, capability: {cap: -1}}
  - {id: r1, actor: U, flow: {D: 1.5, U: -0.5}, reversal: {lag: 0.5}}
  - {id: r2, actor: U, flow: {D: 1.5, U: -0.5}, requires: [a2], reversal: {lag: 0.5}}
  - {id: r3, actor: U, flow: {D: 1.5, U: -0.5}, reversal: {lag: 0.5}}
roadmap:
  - {phase: P1, duration: 1, moves: [[a1, a2]]}
  - {phase: P2, duration: 2, moves: [[r1], [a3]]}
  - {phase: P3, duration: 1, moves: [[r2, r3]]}
"""


def moves(s: accord.Scenario) -> list[tuple[str, float, list[list[str]]]]:
    return [(ph.phase, float(ph.start.mean) if ph.start else 0.0,
             [list(m.steps) for m in ph.moves]) for ph in s.roadmap]


def test_disarming_party_by_capability_then_sticks_then_order() -> None:
    s = accord.load_text(POOL)
    assert doc.disarming_party(s) == "D"  # D's steps lower cap (U comes first in the file)
    plain = accord.load_text(POOL.replace("capability: {cap: -1}", "lag: 0"))
    assert doc.disarming_party(plain) == "U"  # no capability, no stick: first in file order
    stick = POOL.replace("capability: {cap: -1}", "lag: 0") + (
        "sticks: [{id: k, actor: U, against: D, flow: {D: -1}}]\n")
    assert doc.disarming_party(accord.load_text(stick)) == "D"


def test_relief_first() -> None:
    """Relief first, each as early as its requires allow: r1, r3 (r2 waits for a2), then
    a1, a2, then r2 (now free, relief first), a3.  Two per phase: P1 [r1, r3] one move
    (one actor), P2 [a1, a2], P3 [r2] | [a3]; explicit starts 0, 1, 3."""
    s = doc.build(accord.load_text(POOL), "relief-first")
    assert moves(s) == [("P1", 0.0, [["r1", "r3"]]), ("P2", 1.0, [["a1", "a2"]]),
                        ("P3", 3.0, [["r2"], ["a3"]])]


def test_relief_last() -> None:
    """Actions first: a1, a2, a3, then r1, r2, r3: P1 [a1, a2], P2 [a3] | [r1], P3 [r2, r3]."""
    s = doc.build(accord.load_text(POOL), "relief-last")
    assert moves(s) == [("P1", 0.0, [["a1", "a2"]]), ("P2", 1.0, [["a3"], ["r1"]]),
                        ("P3", 3.0, [["r2", "r3"]])]


def test_action_for_action() -> None:
    """Alternate, an action first: a1, r1, a2, r2, a3, r3: one step per move."""
    s = doc.build(accord.load_text(POOL), "action-for-action")
    assert moves(s) == [("P1", 0.0, [["a1"], ["r1"]]), ("P2", 1.0, [["a2"], ["r2"]]),
                        ("P3", 3.0, [["a3"], ["r3"]])]


def test_action_for_action_takes_the_other_when_the_due_one_waits() -> None:
    """r1 and r3 require a3, r2 requires a2: after a1 relief is due but none is free, so
    the next action a2 is taken; then relief is due and r2 is free; then a3, r1, r3."""
    text = POOL.replace("r1, actor: U, flow: {D: 1.5, U: -0.5}",
                        "r1, actor: U, flow: {D: 1.5, U: -0.5}, requires: [a3]")
    text = text.replace("r3, actor: U, flow: {D: 1.5, U: -0.5}",
                        "r3, actor: U, flow: {D: 1.5, U: -0.5}, requires: [a3]")
    text = text.replace("moves: [[r1], [a3]]", "moves: [[a3], [r1]]")
    s = doc.build(accord.load_text(text), "action-for-action")
    # file order a1, a2, a3, r1, r2, r3: a1 | (relief due: none free) a2 | r2 | a3 | r1 | r3
    assert doc.sequence(accord.load_text(text), "action-for-action") == [
        ["a1", "a2"], ["r2", "a3"], ["r1", "r3"]]
    assert moves(s)[0] == ("P1", 0.0, [["a1", "a2"]])


def test_pins_are_honoured() -> None:
    """Pin a3 to P1 under relief-last: after a1 the room left (1) equals P1's pins not yet
    taken, so a3 goes next; pin r3 to P3 under relief-first: r3 waits, so P1 gets r1 then
    (r2 waits for a2) a1."""
    s = accord.load_text(POOL + "design: {pin: {a3: P1}}\n")
    assert doc.sequence(s, "relief-last") == [["a1", "a3"], ["a2", "r1"], ["r2", "r3"]]
    s = accord.load_text(POOL + "design: {pin: {r3: P3}}\n")
    assert doc.sequence(s, "relief-first") == [["r1", "a1"], ["a2", "r2"], ["r3", "a3"]]
    both = accord.load_text(POOL + "design: {pin: {a3: P1, r3: P3}}\n")
    assert doc.sequence(both, "relief-first") == [["r1", "a3"], ["a1", "a2"], ["r2", "r3"]]


def test_a_pin_that_cannot_be_met_is_an_error() -> None:
    """r2 pinned to P1 under relief-last: P1's room goes to a1 then (room = 1 pin) only r2
    may go, but it needs a2: the phase closes and the pin is missed."""
    s = accord.load_text(POOL + "design: {pin: {r2: P1}}\n")
    with pytest.raises(AccordError, match="cannot honour the pin of 'r2'"):
        doc.sequence(s, "relief-last")


def test_pool_leaves_other_steps_in_their_moves() -> None:
    """a3 outside the pool keeps its written move, first in its phase (P2)."""
    s = accord.load_text(POOL + "design: {pool: [a1, a2, r1, r2, r3]}\n")
    built = doc.build(s, "relief-last")
    # pool quotas: P1 2, P2 1 (r1), P3 2; relief-last: a1, a2 | r1 | r2, r3
    assert moves(built) == [("P1", 0.0, [["a1", "a2"]]), ("P2", 1.0, [["a3"], ["r1"]]),
                            ("P3", 3.0, [["r2", "r3"]])]


def test_built_maps_are_valid_scenarios_and_as_written_is_the_file() -> None:
    s = accord.load_text(POOL)
    assert doc.build(s, "as-written") is s
    for name in doc.RULED:
        built = doc.build(s, name)
        accord.analyze(built)  # validates: requires in earlier moves, one actor per move
        assert sorted(built.scheduled_steps) == sorted(s.scheduled_steps)
        assert built.design is None and "doctrines" in (built.description or "")


def test_unknown_doctrine() -> None:
    with pytest.raises(AccordError, match="unknown doctrine"):
        doc.sequence(accord.load_text(POOL), "big-deal")
