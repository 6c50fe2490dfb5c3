"""Write a scenario back to YAML (round trip: file -> model -> file means the same)."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML

from accord.model import Scenario


def dumps(scenario: Scenario) -> str:
    """The scenario as format-v1 YAML text (defaults left out)."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buf = io.StringIO()
    yaml.dump(scenario.to_data(), buf)
    return buf.getvalue()


def dump(scenario: Scenario, path: str | Path) -> None:
    """Write the scenario to ``path`` as YAML."""
    Path(path).write_text(dumps(scenario), encoding="utf-8")
