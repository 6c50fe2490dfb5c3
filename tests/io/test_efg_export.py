"""``accord export FILE --format efg``: Gambit text on stdout or in a file; errors exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.cli.app import app
from accord.io.efg import label, number, to_efg

EXAMPLE = Path(__file__).parent.parent / "engine" / "data" / "worked-example.yaml"
runner = CliRunner()


def test_export_to_stdout() -> None:
    res = runner.invoke(app, ["export", str(EXAMPLE), "--format", "efg"])
    assert res.exit_code == 0, res.output
    text = res.stdout
    assert text.startswith('EFG 2 R "Worked example (toy numbers, not a real assessment)" '
                           '{ "DPRK" "US" }\n')
    assert text == to_efg(accord.load(EXAMPLE))
    lines = text.splitlines()
    body = lines[3:]
    assert [ln[0] for ln in body].count("p") == 2 * 7  # (point, party) nodes
    assert [ln[0] for ln in body].count("c") == 2  # one lottery per verified step
    assert [ln[0] for ln in body].count("t") == 2 * 7 + 1 + 2 * 2
    assert '{ "continue" "defect" "cheat:yongbyon" }' in text
    assert '"detected" 0.6 "undetected" 0.4' in text


def test_default_format_is_efg(tmp_path: Path) -> None:
    out = tmp_path / "game.efg"
    res = runner.invoke(app, ["export", str(EXAMPLE), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") == to_efg(accord.load(EXAMPLE))


def test_unknown_format_exits_2() -> None:
    res = runner.invoke(app, ["export", str(EXAMPLE), "--format", "xyz"])
    assert res.exit_code == 2
    assert "xyz" in res.stderr


def test_bad_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("accord: 1\ntitle: bad\nparties: []\nroadmap: []\n", encoding="utf-8")
    res = runner.invoke(app, ["export", str(bad), "--format", "efg"])
    assert res.exit_code == 2


def test_export_needs_no_pygambit() -> None:
    """The text is written by hand: the export works with pygambit made unimportable."""
    code = ("import sys; sys.modules['pygambit'] = None\n"
            "import accord\nfrom accord.io.efg import to_efg\n"
            f"print(to_efg(accord.load({str(EXAMPLE)!r}))[:5])")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert res.stdout == "EFG 2\n"


@pytest.mark.parametrize(("text", "want"), [
    ("DPRK", "DPRK"), ("a b", "a b"), ("a  b", "a %20b"), (" a ", "%20a%20"),
    ("Dé", "D%C3%A9"), ("100%", "100%25"), ("x\\y", "x%5Cy"), ('q"x', 'q"x'), ("", ""),
])
def test_labels_are_valid_gambit_labels(text: str, want: str) -> None:
    """Printable ASCII with single inner spaces; everything else percent-encoded."""
    assert label(text) == want


@pytest.mark.parametrize(("x", "want"), [
    (0.1, "0.1"), (-2.5, "-2.5"), (1e-05, "0.00001"), (1.5e20, "150000000000000000000"),
    (-0.0, "-0.0"), (1 / 3, "0.3333333333333333"), (3.0, "3.0"),
])
def test_numbers_are_plain_decimals(x: float, want: str) -> None:
    assert number(x) == want
    assert float(want) == x


def test_non_finite_payoff_is_an_error() -> None:
    with pytest.raises(accord.AccordError):
        number(float("inf"))
