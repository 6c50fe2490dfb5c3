"""The design block (DESIGN.md §1): the model, its located errors, schema and template."""

from __future__ import annotations

import json
from typing import Any

import pytest

import accord
from accord.errors import ScenarioError
from accord.io.template import TEMPLATE
from accord.model import Scenario
from accord.model.design import Design

BASE = """\
accord: 1
title: t
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
capabilities: [{id: cap, initial: 1}]
steps:
  - {id: s1, actor: A, flow: {A: -1, B: 2}}
  - {id: s2, actor: B, flow: {A: 2, B: -1}}
roadmap:
  - {phase: P1, duration: 1, moves: [[s1], [s2]]}
sticks:
  - {id: k1, actor: B, against: A, flow: {A: -1}}
"""


def load(design: str) -> Scenario:
    return accord.load_text(BASE + "design:\n" + design, "f.yaml")


def errors(design: str) -> list[Any]:
    with pytest.raises(ScenarioError) as info:
        load(design)
    return [d for d in info.value.problems if d.severity == "error"]


def test_a_full_block_loads_with_its_values() -> None:
    s = load("  pool: [s1, s2]\n  optional: [s2]\n  pin: {s1: P1}\n"
             "  scale: {s2: [0.5, 3], k1: [1, 4]}\n  epsilon: 0.25\n"
             "  objective: capability-years:cap\n")
    assert s.design == Design(pool=("s1", "s2"), optional=("s2",), pin={"s1": "P1"},
                              scale={"s2": (0.5, 3.0), "k1": (1.0, 4.0)}, epsilon=0.25,
                              objective="capability-years:cap")


def test_every_key_is_optional() -> None:
    s = load("  {}\n")
    assert s.design == Design()
    assert s.design.pool is None and s.design.objective == "min-margin"


@pytest.mark.parametrize(("design", "field", "line", "phrase"), [
    ("  pool: [s1, s9]\n", "design.pool[1]", 13, "unknown step 's9'"),
    ("  optional: [s3]\n", "design.optional[0]", 13, "unknown step 's3'"),
    ("  pool: [s1]\n  optional: [s2]\n", "design.optional[0]", 14, "not in the design pool"),
    ("  pin: {s1: P2}\n", "design.pin.s1", 13, "unknown phase 'P2'"),
    ("  pin: {sx: P1}\n", "design.pin.sx", 13, "unknown step 'sx'"),
    ("  scale: {s2: [3, 1]}\n", "design.scale.s2", 13, "lo <= hi"),
    ("  scale: {s2: [-1, 1]}\n", "design.scale.s2", 13, ">= 0"),
    ("  scale: {nope: [1, 2]}\n", "design.scale.nope", 13, "unknown item 'nope'"),
    ("  objective: surplus:C\n", "design.objective", 13, "unknown party 'C'"),
    ("  objective: capability-years:pu\n", "design.objective", 13, "unknown capability 'pu'"),
    ("  objective: surplus\n", "design.objective", 13, "needs a party"),
    ("  objective: min-margins\n", "design.objective", 13, "did you mean 'min-margin'"),
    ("  objective: cost:A\n", "design.objective", 13, "takes no"),
    ("  epsilon: -1\n", "design.epsilon", 13, ">= 0"),
])
def test_located_errors(design: str, field: str, line: int, phrase: str) -> None:
    errs = errors(design)
    assert len(errs) == 1, errs
    d = errs[0]
    assert d.field == field and d.line == line and d.file == "f.yaml"
    assert phrase in d.message


def test_shape_errors_are_located_too() -> None:
    errs = errors("  scale: {s2: [1]}\n  colour: red\n")
    fields = {d.field for d in errs}
    assert any(f.startswith("design.scale") for f in fields)
    assert "design.colour" in fields


def test_several_problems_are_all_reported() -> None:
    errs = errors("  pool: [s9]\n  scale: {s1: [2, 1]}\n  objective: surplus:Z\n")
    assert len(errs) == 3


def test_cli_validate_exit_2_without_traceback(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from accord.cli.app import app

    f = tmp_path / "bad.yaml"
    f.write_text(BASE + "design:\n  pin: {s1: Nowhere}\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["validate", str(f)])
    assert res.exit_code == 2
    assert "design.pin.s1" in res.output and "Traceback" not in res.output


def test_schema_has_the_design_block() -> None:
    schema = json.dumps(Scenario.model_json_schema())
    assert "Design" in schema and "epsilon" in schema


def test_template_has_a_valid_design_block() -> None:
    s = accord.load_text(TEMPLATE)
    assert s.design is not None and s.design.scale == {"relief": (0.5, 3.0)}
