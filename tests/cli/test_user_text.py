"""User text is data, never markup: every command prints titles, labels, ids and file
names exactly as written, with rich's markup (``[bold]``, ``[/]``, ``[link=...]``) and
emoji codes (``:100:``) left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner, Result

from accord.cli.app import app

TITLE = "Deal [bold]v2 :100: [/] [link=https://e.org]x[/link]"
PARTY_A, PARTY_B = "[bold]A", "B:100:"
STEP_S, STEP_T = "[/]s", "[link=x]t"
PHASE = ":100:P"

SCENARIO = f"""\
accord: 1
title: "{TITLE}"
parties:
  - {{id: "{PARTY_A}", discount_rate: 0.1}}
  - {{id: "{PARTY_B}", discount_rate: 0.1}}
steps:
  - id: "{STEP_S}"
    actor: "{PARTY_A}"
    flow: {{"{PARTY_A}": {{uniform: [-0.5, 0.5]}}, "{PARTY_B}": 1.0}}
    verification: {{detection: 0.5, delay: 0.5}}
  - id: "{STEP_T}"
    actor: "{PARTY_B}"
    flow: {{"{PARTY_A}": 1.0, "{PARTY_B}": -0.2}}
roadmap:
  - {{phase: "{PHASE}", duration: 1, moves: [["{STEP_S}"], ["{STEP_T}"]]}}
"""
#: What a markup-reading console would have eaten or turned into an emoji.
MARKUP = ("[bold]", "[/]", "[link=", ":100:")

runner = CliRunner()


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    folder = tmp_path / "[bold]in :100: [link=x] dir"
    folder.mkdir()
    path = folder / "[i]deal.yaml"  # a file name cannot hold "/"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def flat(text: str) -> str:
    """The text with table rules and runs of spaces removed (cells may pad)."""
    return " ".join(text.replace("│", " ").replace("┃", " ").split())


def test_the_scenario_uses_every_markup_form() -> None:
    for form in MARKUP:
        assert form in TITLE


def test_validate(scenario: Path) -> None:
    res = run("validate", str(scenario))
    assert res.exit_code == 0, res.output
    assert res.stdout == f"{scenario}: valid (2 parties, 2 steps, 2 moves)\n"


def test_analyze_text(scenario: Path) -> None:
    res = run("analyze", str(scenario))
    assert res.exit_code == 0, res.output
    text = flat(res.stdout)
    assert f"Margins: {TITLE}" in text
    for s in (PARTY_A, PARTY_B, f"{PHASE}: {STEP_S}", f"{PHASE}: {STEP_T}",
              f"{PARTY_A} if {PARTY_B} quits", f"{PARTY_B} if {PARTY_A} quits"):
        assert s in text, s
    assert f"{STEP_S} 0 {PARTY_A}" in text  # the cheats table's row


def test_analyze_json_keeps_the_text(scenario: Path) -> None:
    res = run("analyze", "--json", str(scenario))
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["title"] == TITLE
    assert [c["step"] for c in data["cheats"]] == [STEP_S]


def test_simulate_text(scenario: Path) -> None:
    res = run("simulate", str(scenario), "-n", "500", "-s", "1", "-q")
    assert res.exit_code == 0, res.output
    text = flat(res.stdout)
    assert f"Margins: {TITLE}" in text
    for s in (PARTY_A, PARTY_B, f"{PHASE}: {STEP_S}", f"{STEP_S} 0 {PARTY_A}"):
        assert s in text, s


def test_sensitivity_text(scenario: Path) -> None:
    res = run("sensitivity", str(scenario), "-n", "64", "-s", "1")
    assert res.exit_code == 0, res.output
    name = json.loads(run("sensitivity", str(scenario), "-n", "64", "-s", "1",
                          "--json").stdout)["inputs"][0]["name"]
    assert STEP_S in name and PARTY_A in name
    assert name in "".join(res.stdout.replace("│", "").split())  # folded cells, joined


def test_verify_text(scenario: Path) -> None:
    res = run("verify", str(scenario))
    assert res.exit_code == 0, res.output
    text = flat(res.stdout)
    assert f"Verification: {TITLE}" in text
    assert f"{STEP_S} 0 {PARTY_A}" in text


def test_export_and_new_name_the_file(scenario: Path) -> None:
    out = scenario.with_name("[bold]out :100:.efg")
    res = run("export", str(scenario), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert res.stdout == f"wrote {out}\n"
    assert "Deal" in out.read_text(encoding="utf-8")
    new = scenario.with_name("[u]new :100:.yaml")
    res = run("new", str(new))
    assert res.exit_code == 0, res.output
    assert res.stdout == f"wrote {new}; edit it, then run: accord analyze {new}\n"


def test_an_error_on_line_100_keeps_its_colons(scenario: Path) -> None:
    """``file:100:15`` was printed as ``file💯15`` (rich's emoji code ``:100:``)."""
    bad = scenario.with_name("m8_units.yaml")
    bad.write_text("#\n" * 96 + SCENARIO.replace("discount_rate: 0.1}", "discount_rate: x}", 1),
                   encoding="utf-8")
    res = run("validate", str(bad))
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{bad}:100:36: error:")
    assert "💯" not in res.stderr


def test_library_prints_its_table_verbatim(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library command prints bundled titles; were one to hold markup, it would show."""
    from accord import library

    frame = pd.DataFrame([{"name": "x", "title": TITLE, "parties": f"{PARTY_A}, {PARTY_B}",
                           "years": "", "moves": 2, "steps": 2, "observed": ""}])
    monkeypatch.setattr(library, "scenarios", lambda: frame)
    res = runner.invoke(app, ["library"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    text = "".join(res.stdout.replace("│", "").split())
    assert "".join(TITLE.split()) in text
    assert "".join(f"{PARTY_A}, {PARTY_B}".split()) in text


# -- design, pictures and the report ---------------------------------------------
def joined(text: str) -> str:
    """The text without table rules and spaces (cells fold long ids over lines)."""
    return "".join(text.replace("│", "").replace("┃", "").split())


def test_optimize_text(scenario: Path) -> None:
    res = run("optimize", str(scenario))
    assert res.exit_code == 0, res.output
    text = flat(res.stdout)
    for s in (PHASE, STEP_S, STEP_T, PARTY_A, PARTY_B):
        assert s in text, s


def test_frontier_text(scenario: Path) -> None:
    res = run("frontier", str(scenario), "--parties", f"{PARTY_A},{PARTY_B}", "--points", "2")
    assert res.exit_code == 0, res.output
    text = flat(res.stdout)
    assert f"{PARTY_A} and {PARTY_B}" in text
    assert f"{PHASE}: {STEP_T}; {STEP_S}" in text


def test_bridge_text(scenario: Path) -> None:
    res = run("bridge", str(scenario))
    assert res.exit_code == 0, res.output
    assert f"{PARTY_B} is short by" in flat(res.stdout)


def test_compare_text(scenario: Path) -> None:
    res = runner.invoke(app, ["compare", str(scenario), "--doctrines"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    text = joined(res.stdout)
    for s in (f"surplus{PARTY_A}", f"surplus{PARTY_B}", f"{PARTY_A}cheats@0"):
        assert s in text, s


def test_sweep_text(scenario: Path) -> None:
    res = runner.invoke(app, ["sweep", str(scenario), "--x",
                              f"steps.{STEP_S}.verification.detection=0:1:3"],
                        env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    text = joined(res.stdout)
    assert joined(f"Sweep: {TITLE}") in text
    assert f"steps.{STEP_S}.verification.detection" in text
    assert f"{PARTY_B}atpoint1" in text


def test_chart_and_report_write_the_named_files(scenario: Path) -> None:
    svg = scenario.with_name("[bold]t :100:.svg")
    res = run("chart", str(scenario), "timeline", "-o", str(svg))
    assert res.exit_code == 0, res.output
    assert res.stdout == f"wrote {svg}\n"
    assert STEP_S in svg.read_text(encoding="utf-8")
    html = scenario.with_name("[bold]r :100:.html")
    res = run("report", str(scenario), "-o", str(html), "--static")
    assert res.exit_code == 0, res.output
    assert res.stdout == f"wrote {html}\n"
    page = html.read_text(encoding="utf-8")
    assert TITLE in page  # no character of the title needs HTML escaping


def test_every_command_is_fed_user_text() -> None:
    """Each command of the CLI is run on the markup scenario by a test of this file."""
    from accord.cli.commands import COMMANDS

    source = Path(__file__).read_text(encoding="utf-8")
    # schema takes no file and prints no user text; serve prints only its address and
    # token, and its pages are fed user text in tests/web (checked in the browser)
    no_user_text = {"schema", "serve"}
    untested = [name for name, _ in COMMANDS if name not in no_user_text
                and f'run("{name}"' not in source and f'(app, ["{name}"' not in source]
    assert untested == []
