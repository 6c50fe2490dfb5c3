"""``accord compare``: rows equal the engine's numbers; doctrines; protocol; CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import accord
from accord.cli.app import app
from accord.design import doctrines as doc
from accord.design.gap import expectation_gap
from tests.design.test_doctrines import POOL

#: The pool with reversible actions and scalable relief: a design block that holds.
DESIGNED = POOL.replace("title: hand pool", 'title: "[red]pool[/red] <i>"').replace(
    "capability: {cap: -1}}", "capability: {cap: -1}, reversal: {lag: 1}}") + (
    "design: {scale: {r1: [0.5, 5], r2: [0.5, 5], r3: [0.5, 5]}}\n")


def test_rows_are_the_engines_numbers() -> None:
    """Every cell of a row is the analysis's (and the closed-form gap's) number."""
    s1 = accord.load_text(POOL)
    s2 = doc.build(s1, "relief-last")
    c = accord.compare([s1, s2], names=["written", "last"])
    assert [r.name for r in c.rows] == ["written", "last"]
    for r, s in zip(c.rows, (s1, s2), strict=True):
        a = accord.analyze(s)
        d = r.to_dict()
        assert d["self_enforcing"] == a.self_enforcing and d["viable"] == a.viable
        assert d["outcome"] == a.outcome and d["bottleneck"] == a.bottleneck
        assert d["surplus"] == a.surplus and d["completion"] == a.times[-1]
        assert d["capability_years"] == {"cap": a.capabilities[0]["capability_years"]}
        assert d["gap"] == {p: g.at_completion for p, g in expectation_gap(a).items()}
    assert c.parties == ("U", "D") and c.capabilities == ("cap",)


def test_doctrines_rows_and_designed_is_the_optimum() -> None:
    s = accord.load_text(DESIGNED)
    c = accord.compare(s, doctrines=True)
    assert [r.name for r in c.rows] == list(doc.DOCTRINES)
    for name in doc.RULED:
        built = c.row(name).scenario
        assert built is not None
        assert [list(m.steps) for ph in built.roadmap for m in ph.moves] == [
            list(m.steps) for ph in doc.build(s, name).roadmap for m in ph.moves]
    opt = accord.optimize(s)
    designed = c.row("designed")
    assert opt.status == "optimal" and designed.note == opt.sentence
    assert designed.analysis is not None and designed.analysis.viable
    assert [m for ph in designed.roadmap for m in ph["moves"]] == [
        m for ph in opt.roadmap for m in ph["moves"]]
    assert all(g.at_completion == 0.0 for g in designed.gap.values())
    # an infeasible design block gives a row with no road map and the optimum's sentence
    bad = accord.compare(accord.load_text(POOL + "design: {scale: {r1: [1, 2]}}\n"),
                         doctrines=True).row("designed")
    assert bad.analysis is None and bad.note.startswith("No road map of the design block")
    assert c.row("as-written").scenario is s


def test_unbuildable_doctrine_is_a_row_with_its_reason() -> None:
    s = accord.load_text(POOL + "design: {pin: {r2: P1}}\n")
    c = accord.compare(s, doctrines=True)
    last = c.row("relief-last")
    assert last.analysis is None and "cannot honour the pin" in last.note
    assert c.to_dict()["rows"][3] == {"name": "relief-last", "built": False,
                                      "note": last.note, "roadmap": []}


def test_protocol_json_frame_and_escaping() -> None:
    s = accord.load_text(DESIGNED)
    c = accord.compare(s, doctrines=True)
    d = json.loads(json.dumps(c.to_dict(), allow_nan=False))
    assert d["provenance"]["scenario_digests"] == [s.digest]
    assert d["provenance"]["options"]["doctrines"] is True
    f = c.to_frame()
    assert list(f.index) == list(doc.DOCTRINES)
    assert {"surplus:D", "capability_years:cap", "gap:D", "viable"} <= set(f.columns)
    two = accord.compare([s, accord.load_text(POOL)])
    assert [r.name for r in two.rows] == ["[red]pool[/red] <i>", "hand pool"]
    con = Console(record=True, width=120)
    con.print(two)
    assert "[red]pool[/red] <i>" in con.export_text()
    assert "&lt;i&gt;" in two._repr_html_() and "<i>" not in two._repr_html_()
    with pytest.raises(AttributeError):
        c.epsilon = 1.0  # type: ignore[misc]


def test_api_errors() -> None:
    s = accord.load_text(POOL)
    with pytest.raises(accord.AccordError, match="one file"):
        accord.compare([s, s], doctrines=True)
    with pytest.raises(accord.AccordError, match="at least one"):
        accord.compare([])
    with pytest.raises(accord.AccordError, match="epsilon"):
        accord.compare(s, epsilon=-1)


def test_cli(tmp_path: Path) -> None:
    a, b = tmp_path / "first.yaml", tmp_path / "second.yaml"
    a.write_text(DESIGNED)
    b.write_text(POOL)
    r = CliRunner().invoke(app, ["compare", str(a), str(b), "--json"])
    assert r.exit_code == 0, r.output
    assert [x["name"] for x in json.loads(r.stdout)["rows"]] == ["first", "second"]
    r = CliRunner().invoke(app, ["compare", str(a), "--doctrines"])
    assert r.exit_code == 0 and "action-for-action" in r.stdout.replace("\n", "")
    r = CliRunner().invoke(app, ["compare", str(a), str(b), "--doctrines"])
    assert r.exit_code == 2 and "exactly one file" in r.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(POOL.replace("actor: U", "actor: Q"))
    r = CliRunner().invoke(app, ["compare", str(a), str(bad)])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_yongbyon_doctrines() -> None:
    """The bundled file: Yongbyon stays in the first phase in every doctrine (its pin);
    relief-first opens with the relief its requires allow, relief-last with the DPRK's
    actions; only the designed road map is viable, and its gap is 0."""
    c = accord.compare("yongbyon-inside-roadmap", doctrines=True)
    for r in c.rows:
        assert r.scenario is not None
        assert "yongbyon_dismantle" in [x for m in r.roadmap[0]["moves"] for x in m]
    first = c.row("relief-first").roadmap[0]["moves"]
    assert all(accord.load("yongbyon-inside-roadmap").step(x).actor == "US" for x in first[0])
    last = c.row("relief-last").roadmap[0]["moves"]
    assert all(accord.load("yongbyon-inside-roadmap").step(x).actor == "DPRK"
               for m in last for x in m)
    assert [r.name for r in c.rows if r.analysis is not None and r.analysis.viable] == \
        ["designed"]
    assert all(g.at_completion == 0.0 for g in c.row("designed").gap.values())
