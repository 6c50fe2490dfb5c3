"""``Simulation.to_frame()``: one meaning per column.

Before 0.3 one ``probability`` column held P(margin holds) on margin rows and
P(< 0) on surplus rows.  Now ``p_holds`` and ``p_negative`` are separate columns,
each equal to the JSON's number of the same name and NaN where it has no meaning.
"""

from __future__ import annotations

import math

import pytest

import accord


@pytest.fixture(scope="module")
def sim() -> accord.Simulation:
    return accord.simulate("halt-rollback-eliminate", draws=512, seed=5)


def test_p_holds_is_the_json_p_holds_on_margin_and_cheat_rows(sim: accord.Simulation) -> None:
    frame = sim.to_frame()
    d = sim.to_dict()
    margins = frame[frame.metric == "margin"]
    assert len(margins) == sum(len(pt["margins"]) for pt in d["points"])
    for pt in d["points"]:
        for party, st in pt["margins"].items():
            row = margins[(margins.point == pt["index"]) & (margins.party == party)]
            assert row.p_holds.item() == st["p_holds"]
            assert math.isnan(row.p_negative.item())
    cheats = frame[frame.metric == "cheat_margin"]
    assert list(cheats.p_holds) == [c["p_deterred"] for c in d["cheats"]]


def test_p_negative_is_the_json_p_negative_on_surplus_rows(sim: accord.Simulation) -> None:
    frame = sim.to_frame()
    surplus = frame[frame.metric == "surplus"].set_index("party")
    for party, st in sim.to_dict()["surplus"].items():
        assert surplus.loc[party, "p_negative"] == st["p_negative"]
        assert math.isnan(surplus.loc[party, "p_holds"])


def test_no_column_mixes_meanings(sim: accord.Simulation) -> None:
    frame = sim.to_frame()
    assert "probability" not in frame.columns
    both = frame.p_holds.notna() & frame.p_negative.notna()
    assert not both.any()
    assert set(frame[frame.p_holds.notna()].metric) == {"margin", "cheat_margin"}
