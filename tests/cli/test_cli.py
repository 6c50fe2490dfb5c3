"""The command line on good and bad files: messages on stderr, exit 2, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import accord
from accord.cli.app import app

WORKED = Path(__file__).parents[1] / "engine" / "data" / "worked-example.yaml"
GOOD = """\
accord: 1
title: Small
horizon: 10
parties:
  - {id: A, discount_rate: 0.1}
  - {id: B, discount_rate: 0.1}
steps:
  - {id: s1, actor: A, flow: {B: 1.0, A: -0.2}}
  - {id: s2, actor: B, flow: {A: 1.0, B: -0.2}}
roadmap:
  - {phase: P, duration: 1, moves: [[s1], [s2]]}
"""
BAD = GOOD.replace("horizon: 10", "horizn: 10").replace("actor: B,", "actor: C,").replace(
    "duration: 1", "duration: -1")
#: As printed: by id, then by position, for fields in a list of entries with ids.
BAD_FIELDS = ["horizn", "steps.s2.actor (steps[1].actor)",
              "roadmap.P.duration (roadmap[0].duration)"]

# click >= 8.2 keeps stderr apart from stdout (``Result.stderr``); ``output`` has both.
runner = CliRunner()


def run(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [
    pytest.param(["validate"], id="validate"),
    pytest.param(["analyze"], id="analyze"),
    pytest.param(["analyze", "--json"], id="analyze-json"),
    pytest.param(["export"], id="export"),
])
def test_bad_file_exits_2_with_every_problem_on_stderr(command: list[str], bad: Path) -> None:
    result = run(*command, str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert [line.split(": ")[2] for line in lines[:-1]] == BAD_FIELDS
    assert lines[0] == f"{bad}:3:1: error: horizn: unknown key 'horizn' (did you mean 'horizon'?)"
    assert lines[-1] == "3 errors; nothing was analyzed."


@pytest.mark.parametrize(("make", "phrase"), [
    pytest.param(lambda d: d / "missing.yaml", "(file): no such file", id="missing"),
    pytest.param(lambda d: d, "(file): is a directory", id="directory"),
    pytest.param(lambda d: (d / "e.yaml", (d / "e.yaml").write_text(""))[0],
                 "found an empty file", id="empty"),
    pytest.param(lambda d: (d / "l.yaml", (d / "l.yaml").write_bytes(b"title: caf\xe9\n"))[0],
                 "not UTF-8 text", id="latin-1"),
    pytest.param(lambda d: (d / "y.yaml", (d / "y.yaml").write_text("a: [1,\n"))[0],
                 "(yaml): invalid YAML", id="yaml-syntax"),
])
def test_unreadable_files(tmp_path: Path, make: object, phrase: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert phrase in result.stderr
    assert result.stderr.splitlines()[-1] == "1 error; nothing was analyzed."


def test_long_messages_are_not_wrapped(tmp_path: Path) -> None:
    path = tmp_path / ("a-rather-long-directory-name-" * 3) / "scenario.yaml"
    path.parent.mkdir()
    path.write_text(BAD.replace("title: Small", "title: Small\ndescription: [" + "x, " * 40
                                + "x]"), encoding="utf-8")
    result = run("validate", str(path))
    lines = result.stderr.splitlines()
    assert len(lines) == 5  # four problems, one summary: one line each at any width
    assert all(line.startswith(str(path)) for line in lines[:-1])


def test_brackets_in_names_are_not_markup(tmp_path: Path) -> None:
    path = tmp_path / "[bold]x.yaml"
    path.write_text(BAD, encoding="utf-8")
    result = run("validate", str(path))
    assert result.stderr.startswith(f"{path}:3:1: error:")


def test_warnings_are_printed_and_do_not_fail(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(GOOD.replace("roadmap:", "  - {id: spare, actor: A}\nroadmap:"),
                    encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert result.stderr == (f"{path}:10:10: warning: steps.spare.id (steps[2].id): step "
                             "'spare' is not in the roadmap (unused)\n")
    assert result.stdout == f"{path}: valid (2 parties, 3 steps, 2 moves)\n"
    analyzed = run("analyze", "--json", str(path))
    assert analyzed.exit_code == 0 and "warning: steps.spare.id (steps[2].id)" in analyzed.stderr
    assert json.loads(analyzed.stdout)["title"] == "Small"  # warnings stay off stdout


def test_validate_good_file(good: Path) -> None:
    result = run("validate", str(good))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"{good}: valid (2 parties, 2 steps, 2 moves)\n"


def test_analyze_json_has_the_model_keys() -> None:
    result = run("analyze", str(WORKED), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"title", "self_enforcing", "outcome", "points", "cheats", "surplus",
            "non_credible_sticks"} <= set(data)
    assert data["self_enforcing"] is False
    assert data["outcome"] == {"kind": "cheats", "point": 4, "party": "DPRK", "step": "shipout"}
    first, last = data["points"][0], data["points"][-1]
    assert {"index", "label", "time", "margins"} <= set(first)
    assert (first["index"], first["label"], first["time"]) == (0, "Halt: freeze", 0.0)
    assert first["margins"]["DPRK"] == pytest.approx(2.19, abs=0.005)
    assert (last["index"], last["label"], last["time"]) == (6, "completion", 6.0)
    assert last["margins"]["US"] == pytest.approx(49.99, abs=0.005)
    cheat = next(c for c in data["cheats"] if c["step"] == "yongbyon")
    assert {"step", "point", "party", "margin", "required_detection"} <= set(cheat)
    assert (cheat["point"], cheat["party"]) == (2, "DPRK")
    assert cheat["margin"] == pytest.approx(-7.73, abs=0.005)
    assert cheat["required_detection"] == pytest.approx(5.08, abs=0.005)
    assert data["surplus"]["DPRK"] == pytest.approx(-0.79, abs=0.005)
    assert data["non_credible_sticks"] == ["new_sanctions"]


def test_analyze_table(good: Path) -> None:
    """The terminal text is the rich rendering of the same analysis: title, each decision
    point's label, the verdict and the surplus line, nothing on stderr."""
    result = run("analyze", str(good))
    assert (result.exit_code, result.stderr) == (0, "")
    a = accord.analyze(accord.load(good))
    text = result.stdout
    assert f"Margins: {a.scenario.title}" in " ".join(text.split())
    for q in range(a.layout.n_points):
        assert a.layout.point_label(q) in text
    verdict = "self-enforcing" if a.self_enforcing else "not self-enforcing"
    assert f"Verdict: {verdict}." in text
    surplus = ", ".join(f"{p} {v:,.2f}" for p, v in a.surplus.items())
    assert f"Surplus over no agreement (PV at 0): {surplus}" in text


def test_export_to_an_unwritable_place(good: Path, tmp_path: Path) -> None:
    pytest.importorskip("accord.io.efg")
    result = run("export", str(good), "-o", str(tmp_path / "no" / "such" / "x.efg"))
    assert result.exit_code == 2 and "cannot write" in result.stderr


def test_export_unknown_format(good: Path) -> None:
    result = run("export", str(good), "--format", "svg")
    assert result.exit_code == 2
    assert "unknown format 'svg'; supported: efg" in result.stderr


def test_new_writes_a_template_that_validates(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    result = run("new", str(path))
    assert result.exit_code == 0 and path.exists()
    assert f"wrote {path}" in result.stdout
    checked = run("validate", str(path))
    assert (checked.exit_code, checked.stderr) == (0, "")


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("keep me", encoding="utf-8")
    result = run("new", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"{path}: already exists; not overwritten (use --force)\n"
    assert path.read_text(encoding="utf-8") == "keep me"
    assert run("new", "--force", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("# accord scenario")


@pytest.mark.parametrize(("where", "phrase"), [
    pytest.param("nodir/mine.yaml", "cannot write", id="missing-directory"),
    pytest.param(".", "is a directory", id="directory"),
])
def test_new_cannot_write(tmp_path: Path, where: str, phrase: str) -> None:
    result = run("new", "--force", str(tmp_path / where))
    assert result.exit_code == 2 and phrase in result.stderr


@pytest.mark.skipif(shutil.which("accord") is None, reason="accord is not installed")
def test_real_executable_exit_status(bad: Path, good: Path) -> None:
    exe = shutil.which("accord")
    assert exe is not None
    proc = subprocess.run([exe, "validate", str(bad)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 4
    proc = subprocess.run([exe, "validate", str(good)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert (proc.returncode, proc.stderr) == (0, "")
    proc = subprocess.run([sys.executable, "-m", "accord", "analyze", str(bad), "--json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stdout == ""
