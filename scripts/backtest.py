"""Regenerate docs/backtest.md from the bundled library: python scripts/backtest.py

The explanations of each comparison live in scripts/backtest_notes.yaml (written by an
analyst after reading the result; they never feed back into any number).
"""

from pathlib import Path

from ruamel.yaml import YAML

from accord.backtest import render

HERE = Path(__file__).resolve().parent


def notes() -> dict[str, str]:
    path = HERE / "backtest_notes.yaml"
    if not path.exists():
        return {}
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


if __name__ == "__main__":
    target = HERE.parent / "docs" / "backtest.md"
    target.write_text(render(notes()), encoding="utf-8")
    print(f"wrote {target}")
