"""The README's design example shows the real output of ``accord bridge/compare/optimize``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
BLOCK = re.compile(r"```text\n\$ accord (bridge|compare|optimize) ([^\n]+)\n(.*?)```", re.S)


def _blocks() -> list[tuple[str, str, str]]:
    return [(m.group(1), m.group(2), m.group(3)) for m in
            BLOCK.finditer((ROOT / "README.md").read_text(encoding="utf-8"))]


def test_the_readme_has_the_three_commands() -> None:
    assert sorted(c for c, _, _ in _blocks()) == ["bridge", "compare", "optimize"]


@pytest.mark.parametrize(("command", "args", "shown"), _blocks(),
                         ids=[c for c, _, _ in _blocks()])
def test_readme_output_is_current(command: str, args: str, shown: str) -> None:
    assert _run(command, args).splitlines() == \
        [line.rstrip() for line in shown.rstrip().splitlines()]


def _run(command: str, args: str) -> str:
    run = subprocess.run([sys.executable, "-m", "accord", command, *args.split()], cwd=ROOT,
                         capture_output=True, text=True, check=True,
                         env={"COLUMNS": "100", "PATH": "", "PYTHONPATH": str(ROOT / "src")})
    return "\n".join(line.rstrip() for line in run.stdout.rstrip().splitlines()) + "\n"


def update() -> None:
    """Rewrite the README's blocks with the current output (then re-read the prose around
    them: its numbers are written by hand)."""
    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(BLOCK.sub(lambda m: f"```text\n$ accord {m.group(1)} {m.group(2)}\n"
                              f"{_run(m.group(1), m.group(2))}```", text), encoding="utf-8")


if __name__ == "__main__":  # python -m tests.design.test_readme_design
    update()
