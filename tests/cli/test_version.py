"""``accord --version`` prints the version the package declares, in one place."""

from __future__ import annotations

import tomllib
from pathlib import Path

from typer.testing import CliRunner

import accord
from accord.cli.app import app

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_the_declared_one() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert accord.__version__ == declared


def test_version_option_prints_it_and_exits_0() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"accord {accord.__version__}\n"


def test_every_result_is_stamped_with_it() -> None:
    assert accord.analyze("halt-rollback-eliminate").to_dict()["provenance"]["accord_version"] \
        == accord.__version__
