"""``accord bridge``: the gap of the road map as written and its cheapest bridge."""

from __future__ import annotations

import json
import math

import pytest
from rich.console import Console
from typer.testing import CliRunner

import accord
from accord.cli.app import app

BASE = """\
accord: 1
title: "[bold]bridge[/bold] <b>"
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: b1, actor: B, flow: {A: 1, B: -0.5}, reversal: {lag: 0}}
  - {id: a1, actor: A, flow: {A: -2, B: 3}, reversal: {lag: 0}}
roadmap:
  - {phase: P0, duration: 1, moves: [[b1]]}
  - {phase: P1, duration: 1, moves: [[a1]]}
"""


def test_relief_bridge_hand_case() -> None:
    """b1 (B gives, A +λ/yr, B -0.5λ/yr) scaled in [1, 5], a1 (A gives, A -2, B +3), both
    reversible at once, r = 0.1, T = 2.

    A's margin at 1 and at completion: 10λ - 20 (B takes b1 back if A walks away, A
    takes a1 back); A's surplus 10λ - 20 e^{-0.1} = 10λ - 18.10; B's margins 30 - 5λ.
    So the cheapest λ is 2, at cost (λ - 1) c = 1 x 5 (c = 0.5/0.1, B's PV of b1 at
    λ = 1).  As written (λ = 1) A's margin at 1 is -10, so g_A = 10 e^{0.1} = 11.05.
    """
    b = accord.bridge(accord.load_text(BASE + "design: {scale: {b1: [1, 5]}}\n"))
    assert not b.holds and not b.analysis.viable
    assert b.gap["A"].at_completion == pytest.approx(10 * math.exp(0.1), rel=1e-9)
    assert b.gap["B"].at_completion == 0.0
    assert b.optimum is not None and b.optimum.status == "optimal"
    assert b.optimum.scale["b1"] == pytest.approx(2.0, rel=1e-7)
    (x,) = b.instruments
    assert (x.item, x.kind, x.payer) == ("b1", "step", "B")
    assert x.cost == pytest.approx(5.0, rel=1e-6)
    assert b.bridged is not None and accord.analyze(b.bridged).viable
    assert b.sentence == ("As written, the road map is not viable: A is short by 11.1 (value "
                          "at completion, t = 2). The cheapest bridge: b1 x 2 (costs B 5 in PV).")


def test_stick_bridge_is_free() -> None:
    """b1 worth 2.5/yr to A but irreversible: without sticks A's margin at 1 is -20 (b1
    kept if A walks away); the committed stick k (A -1/yr, scaled in [1, 3]) adds 10 λ_k,
    so as written (λ_k = 1) the margin is -10, g_A = 10 e^{0.1}, and the bridge needs
    λ_k >= 2; a stick costs nothing on the compliance path."""
    text = BASE.replace("flow: {A: 1, B: -0.5}, reversal: {lag: 0}", "flow: {A: 2.5, B: -0.5}")
    text += ("sticks: [{id: k, actor: B, against: A, flow: {A: -1}, commitment: true}]\n"
             "design: {scale: {k: [1, 3]}}\n")
    b = accord.bridge(accord.load_text(text))
    assert b.gap["A"].at_completion == pytest.approx(10 * math.exp(0.1), rel=1e-9)
    assert b.optimum is not None and b.optimum.scale["k"] >= 2 - 1e-9
    assert b.instruments[0].cost == 0.0 and b.instruments[0].kind == "stick"
    assert b.sentence.endswith("(free on the compliance path).")
    assert b.bridged is not None and accord.analyze(b.bridged).viable


def test_no_instruments_and_infeasible_and_holds() -> None:
    b = accord.bridge(accord.load_text(BASE))
    assert b.optimum is None and "declares no instruments" in b.sentence
    b = accord.bridge(accord.load_text(BASE + "design: {scale: {b1: [1, 1.5]}}\n"))
    assert b.optimum is not None and b.optimum.status == "infeasible"
    assert "No scales within the declared ranges make it hold (proven)" in b.sentence
    held = accord.bridge(accord.load_text(BASE.replace("{A: 1, B: -0.5}", "{A: 3, B: -0.5}")))
    assert held.holds and held.sentence.startswith("As written, the road map holds")


def test_epsilon_from_the_design_block_and_overridden() -> None:
    """With epsilon 1, B's completion margin 30 - 5λ must be >= 1 too; λ = 2.1 for A:
    10λ - 20 >= 1."""
    text = BASE.replace("{A: 1, B: -0.5}", "{A: 3, B: -0.5}")
    b = accord.bridge(accord.load_text(text + "design: {scale: {b1: [0.5, 5]}, epsilon: 1}\n"))
    assert b.epsilon == 1.0 and b.optimum is not None
    assert b.optimum.scale["b1"] == pytest.approx(2.1 / 3, rel=1e-6)  # flow 3λ: 30λ - 20 >= 1
    b0 = accord.bridge(accord.load_text(text + "design: {scale: {b1: [0.5, 5]}, epsilon: 1}\n"),
                       epsilon=0.0)
    assert b0.optimum is not None and b0.optimum.scale["b1"] == pytest.approx(2 / 3, rel=1e-6)
    with pytest.raises(accord.AccordError, match="epsilon"):
        accord.bridge(accord.load_text(text), epsilon=-1.0)


def test_result_protocol_and_escaping() -> None:
    b = accord.bridge(accord.load_text(BASE + "design: {scale: {b1: [1, 5]}}\n"))
    d = json.loads(json.dumps(b.to_dict(), allow_nan=False))
    assert d["gap"]["A"]["at_completion"] == pytest.approx(10 * math.exp(0.1))
    assert d["bridge"]["scale"]["b1"] == pytest.approx(2.0)
    assert d["bridge"]["instruments"][0]["cost"] == pytest.approx(5.0, rel=1e-6)
    assert d["provenance"]["scenario_digest"] == b.scenario.digest
    assert list(b.to_frame()["party"]) == ["A", "B"]
    c = Console(record=True, width=100)
    c.print(b)
    assert "A is short by 11.1" in c.export_text()
    assert "<b>" not in b._repr_html_() or "&lt;b&gt;" in b._repr_html_()
    with pytest.raises(AttributeError):
        b.epsilon = 2.0  # type: ignore[misc]


def test_cli(tmp_path: object) -> None:
    from pathlib import Path

    p = Path(str(tmp_path)) / "s.yaml"
    p.write_text(BASE + "design: {scale: {b1: [1, 5]}}\n")
    r = CliRunner().invoke(app, ["bridge", str(p), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["bridge"]["scale"]["b1"] == pytest.approx(2.0)
    r = CliRunner().invoke(app, ["bridge", str(p)])
    assert r.exit_code == 0 and "The cheapest bridge: b1 x 2" in " ".join(r.stdout.split())
    r = CliRunner().invoke(app, ["bridge", str(p), "--epsilon", "-1"])
    assert r.exit_code == 2
    bad = Path(str(tmp_path)) / "bad.yaml"
    bad.write_text(BASE.replace("actor: B", "actor: Z"))
    r = CliRunner().invoke(app, ["bridge", str(bad)])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_an_unscheduled_scaled_step_costs_nothing() -> None:
    """A scaled step that the road map does not schedule is free (DESIGN.md §3)."""
    text = BASE.replace("steps:\n", "steps:\n  - {id: spare, actor: B, flow: {A: 1}}\n")
    b = accord.bridge(accord.load_text(text + "design: {scale: {b1: [1, 5], spare: [1, 2]}}\n"))
    spare = next(x for x in b.instruments if x.item == "spare")
    assert (spare.kind, spare.cost, spare.payer) == ("step", 0.0, "B")
