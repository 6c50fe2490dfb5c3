"""Errors that say what to do: ids with positions, the closest and the valid ids, the split.

One file with four mistakes; each message is derived by hand from it:

* ``steps[1]`` is ``relief``: its flow names party ``XX`` (no party is close), so the
  message lists the parties; the field is named by id and by position;
* ``steps[2]`` (``other``) has actor ``USA``: closest ``US``;
* the first move of phase ``P`` mixes ``freeze_yongbyon`` (DPRK) and ``relief`` (US):
  the fix is two moves, ``[freeze_yongbyon], [relief]``;
* ``frieze_yongbyon`` is one letter from ``freeze_yongbyon``.
"""

from __future__ import annotations

import pytest

from accord.errors import Diagnostic, ScenarioError
from accord.io.loader import read_text
from accord.model.suggest import LISTED, valid

TEXT = """accord: 1
title: t
parties: [{id: US, discount_rate: 0.1}, {id: DPRK, discount_rate: 0.1}]
steps:
  - {id: freeze_yongbyon, actor: DPRK, flow: {US: 1, DPRK: -1}}
  - {id: relief, actor: US, flow: {US: -1, DPRK: 2, XX: 3}}
  - {id: other, actor: USA, flow: {US: 1}}
roadmap:
  - {phase: P, duration: 1, moves: [[freeze_yongbyon, relief], [frieze_yongbyon]]}
"""


@pytest.fixture(scope="module")
def errors() -> dict[str, Diagnostic]:
    with pytest.raises(ScenarioError) as info:
        read_text(TEXT, "f.yaml")
    return {d.field: d for d in info.value.problems if d.severity == "error"}


def test_every_error_is_found(errors: dict[str, Diagnostic]) -> None:
    assert sorted(errors) == ["roadmap[0].moves[0]", "roadmap[0].moves[1][0]",
                              "steps[1].flow.XX", "steps[2].actor"]


@pytest.mark.parametrize(("field", "printed"), [
    ("steps[1].flow.XX", "f.yaml:6:53: error: steps.relief.flow.XX (steps[1].flow.XX): "
     "unknown party 'XX'; the parties are 'DPRK', 'US'"),
    ("steps[2].actor", "f.yaml:7:24: error: steps.other.actor (steps[2].actor): unknown party "
     "'USA' (did you mean 'US'?); the parties are 'DPRK', 'US'"),
    ("roadmap[0].moves[0]", "f.yaml:9:37: error: roadmap.P.moves[0] (roadmap[0].moves[0]): "
     "a move has one actor; this one mixes DPRK (freeze_yongbyon), US (relief); split it into "
     "one move per actor: [freeze_yongbyon], [relief] (in this order, at the same time)"),
    ("roadmap[0].moves[1][0]", "f.yaml:9:65: error: roadmap.P.moves[1][0] "
     "(roadmap[0].moves[1][0]): unknown step 'frieze_yongbyon' (did you mean "
     "'freeze_yongbyon'?); the steps are 'freeze_yongbyon', 'other', 'relief'"),
], ids=["no-close-party", "close-party", "move-split", "close-step"])
def test_message(errors: dict[str, Diagnostic], field: str, printed: str) -> None:
    assert str(errors[field]) == printed


def test_the_split_that_is_proposed_is_valid() -> None:
    """Writing the proposed split into the file leaves no actor error (only the others)."""
    fixed = TEXT.replace("[[freeze_yongbyon, relief], [frieze_yongbyon]]",
                         "[[freeze_yongbyon], [relief]]")
    with pytest.raises(ScenarioError) as info:
        read_text(fixed, "f.yaml")
    left = sorted(d.field for d in info.value.problems if d.severity == "error")
    assert left == ["steps[1].flow.XX", "steps[2].actor"]


def test_a_field_without_an_id_keeps_its_position_only() -> None:
    text = TEXT.replace("{id: other, actor: USA, flow: {US: 1}}", "{actor: US, flow: {US: 1}}")
    with pytest.raises(ScenarioError) as info:
        read_text(text, "f.yaml")
    missing = [d for d in info.value.problems if d.field == "steps[2].id"]
    assert missing and missing[0].name == ""
    assert ": steps[2].id: " in str(missing[0])


@pytest.mark.parametrize(("ids", "expected"), [
    ([], "the file defines no capabilities"),
    (["cap"], "the only capability is 'cap'"),
    (["b", "a"], "the capabilities are 'a', 'b'"),
    ([f"c{i:02d}" for i in range(LISTED + 3)],
     "the capabilities are " + ", ".join(repr(f"c{i:02d}") for i in range(LISTED))
     + f", ... ({LISTED + 3} in all)"),
], ids=["none", "one", "sorted", "long-list-cut"])
def test_valid_ids(ids: list[str], expected: str) -> None:
    assert valid("capability", ids) == expected
