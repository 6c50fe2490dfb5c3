"""Regenerate docs/backtest.md from the bundled library: python scripts/backtest.py"""

from pathlib import Path

from accord.report.backtest import render

if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "docs" / "backtest.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
