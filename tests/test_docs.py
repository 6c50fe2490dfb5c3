"""Every example in the docs runs, and the README's shown output is the real output."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _python_blocks() -> list[tuple[str, str]]:
    blocks = []
    for doc in DOCS:
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
                         capture_output=True, text=True, env={"COLUMNS": "100", "PATH": ""},
                         check=True)
    assert [line.rstrip() for line in run.stdout.rstrip().splitlines()] == \
        [line.rstrip() for line in shown.splitlines()]
