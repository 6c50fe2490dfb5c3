"""``accord chart``, ``accord sweep`` and ``accord report`` on good and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import accord
from accord.cli.app import app

runner = CliRunner()
HRE = "halt-rollback-eliminate"
SMALL = """\
accord: 1
title: Small
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s1, actor: A, flow: {B: 1.0, A: -0.2}, verification: {detection: 0.5}}
  - {id: s2, actor: B, flow: {A: 1.0, B: -0.2}}
roadmap: [{phase: P, duration: 1, moves: [[s1], [s2]]}]
"""


def run(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def test_chart_writes_an_svg(tmp_path: Path) -> None:
    out = tmp_path / "t.svg"
    r = run("chart", HRE, "timeline", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").startswith("<svg")


def test_chart_without_output_prints_the_spec() -> None:
    r = run("chart", HRE, "heatmap")
    assert r.exit_code == 0
    spec = json.loads(r.stdout)
    assert spec == accord.analyze(accord.load(HRE)).chart("heatmap").to_dict()


def test_chart_monte_carlo_kind_uses_draws_and_seed(tmp_path: Path) -> None:
    out = tmp_path / "fan.json"
    assert run("chart", HRE, "fan", "--draws", "500", "--seed", "4", "-o", str(out)).exit_code == 0
    want = accord.simulate(HRE, draws=500, seed=4).chart("fan").to_dict()
    assert json.loads(out.read_text(encoding="utf-8")) == want


def test_chart_list_names_every_kind() -> None:
    r = run("chart", HRE, "list")
    for kind in ("timeline", "heatmap", "capability", "exposure", "outcome", "fan", "surplus",
                 "probability", "tornado"):
        assert kind in r.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("chart", HRE, "pie"), "unknown chart kind 'pie'"),
    (("chart", HRE, "timeline", "-o", "x.gif"), "unknown chart format '.gif'"),
    (("chart", HRE, "fan", "--draws", "1"), "--draws must be at least 2"),
    (("chart", "no-such-file.yaml", "timeline"), "no-such-file.yaml"),
    (("sweep", HRE, "--x", "steps.nope.lag=0:1:3"), "no number at this path"),
    (("sweep", HRE, "--x", "scale.snapback=0:1"), "lo:hi:n"),
    (("sweep", HRE, "--x", "steps.dismantle_yongbyon.verification.detection=0:2:3"),
     "detection=2"),
    (("sweep", HRE, "--x", "scale.snapback=0:1:3", "-o", "x.gif"), "unknown chart format"),
    (("report", HRE, "-o", "r.html", "--sweep", "scale.nope=0:1:2"), "no step or stick"),
    (("report", HRE, "-o", "r.html", "--draws", "1"), "--draws must be at least 2"),
])
def test_bad_input_exits_2_with_one_clear_message(args: tuple[str, ...], message: str,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = run(*args)
    assert r.exit_code == 2
    assert message in r.output


def test_chart_of_a_kind_the_scenario_lacks(tmp_path: Path) -> None:
    f = tmp_path / "small.yaml"
    f.write_text(SMALL, encoding="utf-8")
    r = run("chart", str(f), "capability")
    assert r.exit_code == 2 and "no capability chart" in r.output


def test_sweep_json_and_chart(tmp_path: Path) -> None:
    out = tmp_path / "s.png"
    r = run("sweep", HRE, "--x", "steps.dismantle_yongbyon.verification.detection=0:1:3",
            "--y", "sticks.snapback.flow.DPRK=-2:0:2", "--json", "-o", str(out))
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["x"]["path"] == "steps.dismantle_yongbyon.verification.detection"
    assert d["y"]["values"] == [-2.0, 0.0] and len(d["cells"]) == 6
    assert set(d["cells"][0]) >= {"x", "y", "viable", "self_enforcing", "bottleneck"}
    assert out.read_bytes()[:4] == b"\x89PNG"
    r = run("sweep", HRE, "--x", "scale.snapback=0:1:2", "--draws", "50", "--seed", "1",
            "--json")
    assert all("p_viable" in c for c in json.loads(r.stdout)["cells"])


def test_sweep_table() -> None:
    r = run("sweep", HRE, "--x", "scale.snapback=0:1:3")
    assert r.exit_code == 0 and "scale.snapback" in r.stdout and "bottleneck" in r.stdout


def test_report_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = run("report", "libya-2003", "-o", str(out), "--static")
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_report_pdf(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = run("report", "libya-2003", "-o", str(out), "--pdf")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
