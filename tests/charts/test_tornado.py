"""The tornado's colors read "helps the deal" / "hurts the deal", by magnitude."""

from __future__ import annotations

import accord
from accord.charts.tornado import effect, tornado_rows

STICK = """
accord: 1
title: a stick holds it together
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: open, actor: A, flow: {A: 1, B: 0.5}}
  - {id: give, actor: A, flow: {A: -1, B: 2}}
  - {id: pay, actor: B, flow: {A: {uniform: [0.5, 1.5]}, B: 1}}
roadmap:
  - {phase: P0, duration: 1, moves: [[open]]}
  - {phase: P1, duration: 1, moves: [[give]]}
  - {phase: P2, duration: 1, moves: [[pay]]}
sticks:
  - {id: snap, actor: B, against: A, commitment: true, flow: {A: {uniform: [-2, 0]}}}
"""


def test_effect_by_hand() -> None:
    # a stick's flow is negative; raising it towards 0 lowers the margin (rho < 0):
    # a bigger stick helps the deal
    assert effect(-0.8, -1.0) == 1
    # a cost to its giver (negative) that lowers a margin as it grows: hurts
    assert effect(0.6, -0.2) == -1
    # a benefit (positive) that raises the margin: helps; one that lowers it: hurts
    assert effect(0.5, 2.0) == 1
    assert effect(-0.5, 2.0) == -1
    assert effect(0.01, 1.0) == 0 and effect(None, 1.0) == 0


def test_a_stick_reads_as_helping_the_deal() -> None:
    """A's margin before ``give`` (value at t = 1): ``-10 + 10 U e^-0.1 - 10 S`` with U ~
    pay's flow to A and S the stick's flow on A.  Where it fails it is the root cause,
    so the bottleneck; where it holds the road map is viable (A's surplus is at least
    ``10 - 10 e^-0.1 + 5 e^-0.2 = 5.04 > 0``, thanks to ``open``) and the bottleneck is a
    margin of 0 at completion.  So a larger (more negative) stick raises the bottleneck."""
    sens = accord.sensitivity(accord.load_text(STICK), draws=512, seed=3)
    rows = {r["name"]: r for r in tornado_rows(sens)}
    snap = rows["sticks.snap.flow.A"]
    assert snap["spearman"] < 0  # raising the (negative) flow weakens the stick
    assert snap["effect"] == "helps the deal" and snap["bar"] > 0
