"""YAML round trip: file -> model -> YAML -> model gives the same scenario and numbers."""

from __future__ import annotations

from pathlib import Path

import accord
from accord.io.writer import dumps

DATA = Path(__file__).parent.parent / "engine" / "data"


def test_worked_example_round_trips() -> None:
    s = accord.load(DATA / "worked-example.yaml")
    again = accord.load_text(dumps(s))
    assert again == s
    assert again.digest == s.digest
    assert accord.analyze(again).to_dict()["points"] == accord.analyze(s).to_dict()["points"]


def test_provenance_survives_round_trip() -> None:
    text = """
accord: 1
title: provenance
sources: {k: {title: A source}}
parties:
  - {id: A, discount_rate: {value: 0.1, sources: [k]}}
  - {id: B, discount_rate: {uniform: [0.02, 0.04], assumption: a guess}}
steps:
  - {id: s, actor: A, flow: {B: {triangular: [1, 2, 4], sources: [k], assumption: why}}}
roadmap: [{phase: P, duration: 1, moves: [[s]]}]
"""
    s = accord.load_text(text)
    again = accord.load_text(dumps(s))
    assert again == s
    q = again.steps[0].flow["B"]
    assert (q.kind, q.params, q.sources, q.assumption) == ("triangular", (1, 2, 4), ("k",), "why")
    assert again.parties[1].discount_rate.mean == 0.03
