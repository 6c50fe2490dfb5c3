"""The design results' charts: each chart's data is the result it draws.

The scenario is test_bridge's hand case: b1 (B gives, A +λ/yr, B -0.5λ/yr, λ in [1, 5])
then a1 (A gives, A -2, B +3), both reversible at once, r = 0.1, T = 2.  As written
(λ = 1) A's margin at 1 is 10λ - 20 = -10 and g_A = 10 e^{0.1} = 11.05; the cheapest
bridge is λ = 2, costing B (λ - 1) 0.5 / 0.1 = 5 in PV (tests/design/test_bridge.py).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.charts.timeline import move_rows
from accord.cli.app import app
from accord.design import doctrines
from tests.charts.conftest import datasets, nodes
from tests.design.instances import ONE_ROAD_MAP

BASE = """\
accord: 1
title: "[bold]design[/bold] <b>x</b>"
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: b1, actor: B, label: "<i>relief</i>", flow: {A: 1, B: -0.5}, reversal: {lag: 0}}
  - {id: a1, actor: A, flow: {A: -2, B: 3}, reversal: {lag: 0}}
roadmap:
  - {phase: P0, duration: 1, moves: [[b1]]}
  - {phase: P1, duration: 1, moves: [[a1]]}
"""
SCALED = BASE + "design: {scale: {b1: [1, 5]}}\n"


@pytest.fixture(scope="module")
def optimum() -> accord.Optimum:
    return accord.optimize(accord.load_text(SCALED), objective="cost")


@pytest.fixture(scope="module")
def bridge() -> accord.Bridge:
    return accord.bridge(accord.load_text(SCALED))


def test_kinds_of_the_design_results(optimum: accord.Optimum, bridge: accord.Bridge) -> None:
    assert list(optimum.charts()) == ["designed"]
    assert list(bridge.charts()) == ["bridge"]
    none = accord.optimize(accord.load_text(BASE + "design: {scale: {b1: [1, 1.5]}}\n"))
    assert none.status == "infeasible" and none.charts() == {}
    with pytest.raises(ValueError, match="Optimum results draw no chart"):
        none.chart("designed")


def test_designed_draws_the_written_and_the_designed_road_maps(optimum: accord.Optimum) -> None:
    """Above: the file as written (A's margin before a1 and at completion is 10 - 20 = -10;
    the root cause, met first working back, is at completion); below: the design, which
    is viable (no root cause)."""
    assert optimum.as_written is not None and optimum.analysis is not None
    d = datasets(optimum.chart("designed").to_dict())
    for name, a in (("written", optimum.as_written), ("designed", optimum.analysis)):
        assert d[f"{name}_moves"] == move_rows(a)
        assert [m["margins"] for m in d[f"{name}_moves"]] == [
            {p: a.margins[p][q] for p in a.parties} for q in range(a.layout.n_moves)]
    written = {m["steps"][0]: m for m in d["written_moves"]}
    assert written["a1"]["margins"]["A"] == pytest.approx(-10.0, rel=1e-9)
    assert d["written_completion"][0]["root"] and not any(m["root"] for m in d["written_moves"])
    assert optimum.analysis.viable
    assert not any(m["root"] for m in [*d["designed_moves"], *d["designed_completion"]])
    (row,) = d["scales"]
    assert row["item"] == "b1" and row["scale"] == optimum.scale["b1"]
    assert (row["kind"], row["actor"], row["label"]) == ("step", "B", "<i>relief</i>")


def test_designed_has_one_margin_color_for_both(optimum: accord.Optimum) -> None:
    """One legend: the color domain holds the tightest margin of both road maps (|-10|)."""
    spec = optimum.chart("designed").to_dict()
    domains = [n["color"]["scale"]["domain"] for n in nodes(spec)
               if isinstance(n.get("color"), dict) and n["color"].get("field") == "tightest"]
    assert domains and all(dom == domains[0] for dom in domains)
    assert domains[0][1] == pytest.approx(
        max(abs(m["tightest"]) for m in datasets(spec)["written_moves"]
            + datasets(spec)["designed_moves"]
            + datasets(spec)["written_completion"] + datasets(spec)["designed_completion"]))


def test_bridge_draws_the_gap_and_the_instruments(bridge: accord.Bridge) -> None:
    d = datasets(bridge.chart("bridge").to_dict())
    gap = {r["party"]: r for r in d["gap"]}
    assert gap["A"]["gap"] == bridge.gap["A"].at_completion == pytest.approx(10 * math.exp(0.1))
    assert gap["A"]["pv"] == bridge.gap["A"].pv
    assert gap["A"]["set_by"] == "set by its margin before move 1"
    assert gap["B"]["gap"] == 0.0 and gap["B"]["amount"] == "0: nothing fails"
    (x,) = d["instruments"]
    assert (x["item"], x["scale"], x["cost"], x["payer"]) == (
        "b1", bridge.instruments[0].scale, bridge.instruments[0].cost, "B")
    assert x["cost"] == pytest.approx(5.0, rel=1e-6)
    assert "shortfall" not in d


def test_bridge_without_scales_that_hold_draws_the_shortfall() -> None:
    """λ <= 1.5: A's margins before a1 and at completion are at best 10 x 1.5 - 20 = -5
    (short by 5); before b1 and its surplus: 15 - 20 e^{-0.1} = -3.097."""
    b = accord.bridge(accord.load_text(BASE + "design: {scale: {b1: [1, 1.5]}}\n"))
    assert b.optimum is not None and b.optimum.shortfall is not None
    d = datasets(b.chart("bridge").to_dict())
    assert [r["shortfall"] for r in d["shortfall"]] == [
        m["shortfall"] for m in b.optimum.shortfall["misses"]]
    by = {r["test"]: r["shortfall"] for r in d["shortfall"]}
    assert by == pytest.approx({"A's margin before move 0": 20 * math.exp(-0.1) - 15,
                                "A's margin before move 1": 5.0,
                                "A's margin at completion": 5.0,
                                "A's taking part (A's surplus)": 20 * math.exp(-0.1) - 15})
    assert "instruments" not in d


def test_an_infinite_gap_has_no_bar() -> None:
    """b1 irreversible and a1 verified with detection 0: cheating on a1 keeps b1 and
    is never caught, so A's cheat margin (-20 e^{0.1}, tests/design/test_gap.py) is not
    reached by any payment at completion."""
    text = BASE.replace("flow: {A: 1, B: -0.5}, reversal: {lag: 0}", "flow: {A: 1, B: -0.5}")
    text = text.replace("{id: a1, actor: A, flow: {A: -2, B: 3}, reversal: {lag: 0}}",
                        "{id: a1, actor: A, flow: {A: -2, B: 3}, reversal: {lag: 0}, "
                        "verification: {detection: 0}}")
    b = accord.bridge(accord.load_text(text))
    assert b.gap["A"].infinite
    (row,) = [r for r in datasets(b.chart("bridge").to_dict())["gap"] if r["party"] == "A"]
    assert row["gap"] is None and row["infinite"]
    assert row["amount"] == "no payment at completion reaches it"


def test_frontier_marks_the_written_road_map_and_each_position() -> None:
    """tests/design/test_optimize.py::test_frontier_lists_a_road_map_once: only s1 then s2
    holds; the surpluses are (5, 15) in either order (one phase, both at time 0).

    B is the disarming party (no capability; the one stick is against B), so its
    position is relief first: A's s1 first, the road map that holds; A's is relief last,
    s2 then s1, which is the file's order and fails."""
    s = accord.load_text(ONE_ROAD_MAP)
    assert doctrines.disarming_party(s) == "B"
    f = accord.frontier(s, ("A", "B"), 3)
    marks = {m["name"]: m for m in f.marks}
    assert list(marks) == ["as-written", "relief-first", "relief-last"]
    assert (marks["relief-first"]["party"], marks["relief-last"]["party"]) == ("B", "A")
    assert [marks[n]["viable"] for n in marks] == [False, True, False]
    for m in marks.values():
        assert m["surplus"]["A"] == pytest.approx(5.0) and m["surplus"]["B"] == pytest.approx(15.0)
    assert f.to_dict()["marks"] == f.marks
    d = datasets(f.chart("frontier").to_dict())
    assert [(r["x"], r["y"]) for r in d["points"]] == [
        (p["surplus"]["A"], p["surplus"]["B"]) for p in f.points]
    assert [(r["x"], r["y"], r["viable"]) for r in d["marks"]] == [
        (m["surplus"]["A"], m["surplus"]["B"], m["viable"]) for m in f.marks]
    assert [r["label"] for r in d["marks"]] == [
        "as written (not viable)", "B's position: relief first (viable)",
        "A's position: relief last (not viable)"]


def test_frontier_with_no_viable_road_map_still_marks_the_positions() -> None:
    f = accord.frontier(accord.load_text(BASE), ("A", "B"), 3)
    assert f.status == "infeasible" and f.points == [] and f.marks
    d = datasets(f.chart("frontier").to_dict())
    assert "points" not in d and len(d["marks"]) == len(f.marks)


def test_compare_draws_each_road_map_s_numbers() -> None:
    c = accord.compare(accord.load_text(SCALED), doctrines=True)
    rows = datasets(c.chart("compare").to_dict())["comparison"]
    want = [(r.name, f"surplus: {p}", r.analysis.surplus[p], r.analysis.viable)
            for r in c.rows if r.analysis is not None for p in c.parties]
    assert [(r["name"], r["measure"], r["value"], r["viable"]) for r in rows] == want


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("kind", ["designed", "bridge", "frontier", "compare"])
def test_cli_draws_the_design_charts(tmp_path: Path, kind: str) -> None:
    f = tmp_path / "d.yaml"
    f.write_text(SCALED, encoding="utf-8")
    out = tmp_path / f"{kind}.svg"
    res = CliRunner().invoke(app, ["chart", str(f), kind, "-o", str(out)])
    assert res.exit_code == 0, res.output
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<path" in svg
    # user text is data: the title's and the label's tags are escaped, never markup
    assert "<b>" not in svg and "<i>" not in svg
    assert "&lt;b&gt;x&lt;/b&gt;" in svg or kind == "compare"


def test_cli_design_chart_errors(tmp_path: Path) -> None:
    f = tmp_path / "d.yaml"
    f.write_text(SCALED, encoding="utf-8")
    cases = [
        (["frontier", "--parties", "A"], "--parties takes two party ids, A,B (got 'A')"),
        (["frontier", "--parties", "A,Z"], "unknown party 'Z'"),
        (["bridge", "--parties", "A,B"], "--parties is for the frontier chart, not bridge"),
        (["designed", "--draws", "10"], "the designed chart is deterministic"),
    ]
    for args, message in cases:
        res = CliRunner().invoke(app, ["chart", str(f), args[0], "-o",
                                       str(tmp_path / "x.svg"), *args[1:]])
        assert res.exit_code == 2, (args, res.output)
        assert message in res.output and "Traceback" not in res.output
    one = tmp_path / "one.yaml"
    one.write_text("accord: 1\ntitle: alone\nparties: [{id: A, discount_rate: 0.1}]\n"
                   "steps: [{id: s, actor: A, flow: {A: 1}}]\n"
                   "roadmap: [{phase: P, duration: 1, moves: [[s]]}]\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["chart", str(one), "frontier", "-o", str(tmp_path / "y.svg")])
    assert res.exit_code == 2 and "the frontier needs two parties" in res.output, res.output
