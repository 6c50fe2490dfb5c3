"""Every example in the docs runs, and the README's shown output is the real output."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


#: Their Python examples need a running server: tests/web/test_web_docs.py runs them.
NEEDS_SERVER = ("web.md",)


def _python_blocks() -> list[tuple[str, str]]:
    blocks = []
    for doc in DOCS:
        if doc.name in NEEDS_SERVER:
            continue
        for i, m in enumerate(re.finditer(r"```python\n(.*?)```", doc.read_text(), re.S)):
            blocks.append((f"{doc.name}-{i}", m.group(1)))
    return blocks


@pytest.mark.parametrize(("name", "code"), [pytest.param(n, c, id=n) for n, c in
                                            _python_blocks()])
def test_python_examples_run(name: str, code: str) -> None:
    exec(compile(code, name, "exec"), {})


def test_readme_worked_example_output_is_current() -> None:
    text = (ROOT / "README.md").read_text()
    m = re.search(r"\$ accord analyze (\S+)\n(.*?)```", text, re.S)
    assert m is not None
    shown = m.group(2).rstrip()
    run = subprocess.run([sys.executable, "-m", "accord", "analyze", m.group(1)], cwd=ROOT,
                         capture_output=True, text=True,
                         env={"COLUMNS": "100", "PATH": "", "PYTHONPATH": str(ROOT / "src")},
                         check=True)
    assert [line.rstrip() for line in run.stdout.rstrip().splitlines()] == \
        [line.rstrip() for line in shown.splitlines()]


# -- shell examples ---------------------------------------------------------------
#: Commands of the README that are the suite itself (install, lint, type-check, test).
SUITE = ("python3 -m pip install", "python3 -m ruff", "python3 -m mypy", "python3 -m pytest",
         "python -m pytest")
ACCORD = ("accord ", "python3 -m accord ", "python -m accord ")
#: Words that mark a line as a usage synopsis (a placeholder, not a file).
PLACEHOLDER = re.compile(r"\b(FILE|N|S|K|C|ADDRESS)\b")


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Fenced blocks of a markdown text as ``(language, lines)``."""
    out: list[tuple[str, list[str]]] = []
    lang: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("```"):
            if lang is None:
                lang, lines = line[3:].strip(), []
            else:
                out.append((lang, lines))
                lang = None
        elif lang is not None:
            lines.append(line)
    return out


def _shell_commands() -> list[tuple[str, str]]:
    """Every command in a ``sh`` or unlabelled block of README and docs (comments cut)."""
    out = []
    for doc in DOCS:
        for lang, lines in _blocks(doc.read_text()):
            if lang not in ("sh", ""):
                continue
            for line in lines:
                line = line.split("  #", 1)[0].strip()
                if line and not line.startswith("#"):
                    out += [(doc.name, part.strip()) for part in line.split("&&")]
    return out


COMMANDS = _shell_commands()


def test_the_docs_have_shell_examples() -> None:
    assert any(c.startswith("python3 -m accord analyze") for _, c in COMMANDS)
    assert sum(c.startswith("accord verify") for _, c in COMMANDS) == 2


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example, so a file one example writes the next can read."""
    return tmp_path_factory.mktemp("examples")


@pytest.mark.parametrize(("doc", "command"), [pytest.param(d, c, id=f"{d}: {c}")
                                              for d, c in COMMANDS])
def test_shell_examples_run(doc: str, command: str, workdir: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """An ``accord`` command runs (exit 0, some output) in a scratch folder; a synopsis
    names real options; anything else is one of the suite's own commands (run by the
    suite itself)."""
    from typer.testing import CliRunner

    monkeypatch.chdir(workdir)

    from accord.cli.app import app

    if command.startswith(SUITE):
        return  # the suite's own commands: this run of the suite is their example
    assert command.startswith(ACCORD), f"{doc}: unknown command in an example: {command}"
    words = shlex.split(command)
    args = words[words.index("accord") + 1:] if "accord" in words else words[3:]
    runner = CliRunner()
    if PLACEHOLDER.search(command):
        shown = runner.invoke(app, [args[0], "--help"])
        assert shown.exit_code == 0, shown.output
        for option in re.findall(r"--[a-z]+", command):
            assert option in shown.output, f"{doc}: {args[0]} has no option {option}"
        return
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert res.stdout.strip(), f"{doc}: {command} printed nothing"
