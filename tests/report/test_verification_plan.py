"""``accord verify``: required vs planned detection and the smallest deterring design."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import accord
from accord.cli.app import app
from accord.report.verification import plan, repetitions_needed
from accord.verification.sampling import detection_probability

TEXT = """
accord: 1
title: sampling
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s, actor: A, flow: {A: -1, B: 2},
     verification: {sampling: {population: 100, sample: 2, falsified: 5}}}
  - {id: t, actor: A, flow: {A: -1, B: 2}, verification: {detection: 0.2}}
roadmap: [{phase: P, duration: 1, moves: [[s], [t]]}]
sticks: [{id: k, actor: B, against: A, flow: {A: -3}, commitment: true}]
"""


@pytest.mark.parametrize(("d", "req", "k"), [
    pytest.param(0.5, 0.75, 2, id="two-halves-give-three-quarters"),
    pytest.param(0.5, 0.76, 3, id="just-over-needs-three"),
    pytest.param(0.2, 0.0, 0, id="nothing-needed"),
    pytest.param(0.2, 1.5, None, id="above-one-impossible"),
    pytest.param(0.0, 0.5, None, id="blind-check"),
    pytest.param(1.0, 0.9, 1, id="perfect-check"),
])
def test_repetitions_needed(d: float, req: float, k: int | None) -> None:
    """1 - (1 - d)^k >= p*: with d = 1/2, k = 2 gives exactly 3/4."""
    assert repetitions_needed(d, req) == k


def test_plan_for_sampling_and_plain_detection() -> None:
    """Cheating on s at 0: C = -10 - 10 = -20 (both steps), U = -10 (t still runs), and when
    caught at 0 nothing runs but the stick: D = -30.  p* = (U - C)/(U - D) = 10/20 = 1/2.
    Sample 2 of 100 with 5 falsified detects with 1 - C(95,2)/C(100,2) = 0.0979...; the
    smallest sample reaching 1/2 is 13 (oracle T3: N=100, r=5, 1-beta=1/2 -> 13).
    For t (at 0, second move): C = -20, U = -10, D = -10 - 30 (s runs, then the stick) = -40:
    p* = 10/30 = 1/3; planned 0.2 needs 2 independent repeats (1 - 0.8^2 = 0.36 >= 1/3).
    """
    a = accord.analyze(accord.load_text(TEXT))
    rows = {r["step"]: r for r in plan(a)}
    assert rows["s"]["required_detection"] == pytest.approx(0.5, rel=1e-12)
    assert rows["s"]["detection"] == pytest.approx(float(detection_probability(100, 2, 5)))
    assert rows["s"]["smallest_sample"] == 13
    assert rows["t"]["required_detection"] == pytest.approx(1 / 3, rel=1e-12)
    assert rows["t"]["repetitions"] == 2


def test_verify_cli(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "s.yaml"
    f.write_text(TEXT)
    res = CliRunner().invoke(app, ["verify", str(f), "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [r["step"] for r in rows] == ["s", "t"]
    res = CliRunner().invoke(app, ["verify", str(f)])
    assert res.exit_code == 0 and "n >= 13" in res.stdout


@pytest.mark.parametrize("width", [80, 140])
def test_the_table_folds_names_and_keeps_numbers_whole(width: int) -> None:
    """On an 80-column terminal step names fold onto more lines; no cell is cut short."""
    from rich.console import Console

    from accord.report.verification import plan_table

    a = accord.analyze(accord.load("halt-rollback-eliminate"))
    console = Console(width=width, record=True, color_system=None)
    console.print(plan_table(a))
    text = console.export_text()
    assert "…" not in text
    steps = "".join(line.split("│")[1].strip() for line in text.splitlines()
                    if line.startswith("│"))  # the first column, its folded lines joined
    assert "remove_weapons_and_materialrejoin_npt" in steps
    assert "13.918" in text and "1 repeat " in text
