"""Contract over the whole bundled library: every scenario validates, analyzes,
round-trips YAML -> model -> YAML, and accounts for every number it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

import accord
from accord import library
from accord.io.loader import read
from accord.io.writer import dumps
from accord.model.provenance import unaccounted

NAMES = library.names()
REQUIRED = ["hanoi-2019-dprk-offer", "halt-rollback-eliminate"]


def test_library_has_the_bundled_scenarios() -> None:
    for name in REQUIRED:
        assert name in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_scenario_contract(name: str) -> None:
    loaded = read(library.path(name))
    s = loaded.scenario
    assert not [w for w in loaded.warnings if w.severity == "error"]
    result = accord.analyze(s)
    assert result.to_dict()["title"] == s.title
    again = accord.load_text(dumps(s))
    assert again == s
    assert unaccounted(s) == [], f"{name}: numbers without sources or assumption"
    cited = {k for e in (*s.parties, *s.steps, *s.sticks) for k in e.sources}
    assert cited <= set(s.sources)
    assert accord.load(name) == s  # loads by name too


def test_library_frame_lists_every_scenario() -> None:
    frame = library.scenarios()
    assert list(frame["name"]) == NAMES
    assert set(frame.columns) >= {"title", "parties", "years", "moves", "observed"}


def test_unaccounted_numbers_are_found() -> None:
    s = accord.load_text("""
accord: 1
title: t
sources: {k: {title: K}}
parties: [{id: A, discount_rate: {value: 0.1, sources: [k]}}]
steps:
  - {id: s, actor: A, flow: {A: 2}, lag: {value: 1, assumption: guess}}
roadmap: [{phase: P, duration: {value: 1, assumption: x}, moves: [[s]]}]
""")
    assert unaccounted(s) == [("steps", 0, "flow", "A")]


def test_backtest_doc_is_current() -> None:
    import runpy

    from accord.backtest import render

    root = Path(__file__).parents[2]
    script = runpy.run_path(str(root / "scripts" / "backtest.py"))
    assert sum(1 for n in NAMES if library.load(n).observed) >= 10
    assert (root / "docs" / "backtest.md").read_text(encoding="utf-8") == \
        render(script["notes"]())
