"""``accord schema`` is a JSON Schema that format files meet; ``accord new`` writes a valid file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from accord.cli.app import app
from accord.io.loader import read_text
from accord.io.template import TEMPLATE

jsonschema = pytest.importorskip("jsonschema")

WORKED = Path(__file__).parents[1] / "engine" / "data" / "worked-example.yaml"


@pytest.fixture(scope="module")
def validator() -> Any:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def test_template_is_a_valid_scenario_without_warnings() -> None:
    loaded = read_text(TEMPLATE, "template.yaml")
    assert loaded.warnings == ()
    assert len(loaded.scenario.steps) == len(loaded.scenario.scheduled_steps)


def test_template_and_worked_example_meet_the_schema(validator: Any) -> None:
    assert list(validator.iter_errors(load(TEMPLATE))) == []
    assert list(validator.iter_errors(load(WORKED.read_text(encoding="utf-8")))) == []


def test_long_form_numbers_meet_the_schema(validator: Any) -> None:
    data = load(TEMPLATE)
    data["parties"][0]["discount_rate"] = {"value": 0.1, "sources": ["example"],
                                           "assumption": "why"}
    data["steps"][0]["flow"]["B"] = {"triangular": [0.1, 0.5, 1.0], "assumption": "range"}
    assert list(validator.iter_errors(data)) == []
    read_text(json.dumps(data))  # JSON is YAML: the loader agrees


@pytest.mark.parametrize("change", [
    pytest.param(lambda d: d.update(colour="blue"), id="unknown-top-level-key"),
    pytest.param(lambda d: d["steps"][0]["reversal"].update(lagg=1), id="unknown-nested-key"),
    pytest.param(lambda d: d.pop("title"), id="missing-title"),
    pytest.param(lambda d: d["steps"][0].update(lag={"uniform": [1]}), id="distribution-arity"),
    pytest.param(lambda d: d["steps"][0].update(lag={"kind": "value", "params": [1]}),
                 id="internal-number-form"),
    pytest.param(lambda d: d.update(accord=2), id="version"),
])
def test_bad_files_fail_the_schema_and_the_loader(validator: Any, change: Any) -> None:
    data = load(TEMPLATE)
    change(data)
    assert list(validator.iter_errors(data)) != []
    with pytest.raises(Exception) as info:
        read_text(json.dumps(data))
    assert type(info.value).__name__ == "ScenarioError"
