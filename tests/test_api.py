"""The public Python API: pinned names, and the result's renderings."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

import accord

DATA = Path(__file__).parent / "engine" / "data"


def test_public_api_is_pinned() -> None:
    """Adding or removing a public name is a decision: update this list on purpose."""
    assert sorted(accord.__all__) == sorted([
        "AccordError", "Analysis", "Bridge", "Comparison", "Diagnostic", "Frontier", "Optimum",
        "Scenario", "ScenarioError", "Sensitivity", "Simulation", "__version__", "analyze",
        "bridge", "compare", "frontier", "load", "load_text", "optimize", "sensitivity",
        "simulate",
    ])


@pytest.fixture(scope="module")
def result() -> accord.Analysis:
    return accord.analyze(accord.load(DATA / "worked-example.yaml"))


def test_to_dict_has_the_contract_keys(result: accord.Analysis) -> None:
    d = result.to_dict()
    for key in ("title", "self_enforcing", "outcome", "points", "cheats", "surplus",
                "non_credible_sticks"):
        assert key in d
    assert [p["index"] for p in d["points"]] == list(range(7))
    assert d["points"][0]["label"] == "Halt: freeze"
    assert d["points"][-1]["label"] == "completion"
    assert d["provenance"]["scenario_digest"] == result.scenario.digest
    json.loads(result.to_json())  # strict JSON: no NaN or Infinity


def test_bottleneck_is_the_root_cause_when_not_viable(result: accord.Analysis) -> None:
    """Worked example: working back from completion, DPRK's first deviation is the cheat
    on shipout at point 4 (cheat margin -17.34, MODEL.md's worked-example.json), which is
    also the equilibrium play; the road map fails, so that test is the bottleneck."""
    b = result.bottleneck
    assert b == result.root_cause
    assert b is not None
    assert (b["kind"], b["point"], b["party"], b["step"]) == ("cheat", 4, "DPRK", "shipout")
    assert b["margin"] == pytest.approx(-17.34444010745343, rel=1e-12)


def test_to_frame(result: accord.Analysis) -> None:
    f = result.to_frame()
    assert isinstance(f, pd.DataFrame)
    assert len(f) == 7 * 2
    assert list(f.columns) == ["point", "label", "time", "party", "margin", "holds"]
    assert not f.loc[(f.point == 4) & (f.party == "DPRK"), "holds"].item()


def test_html_is_self_contained(result: accord.Analysis) -> None:
    html = result._repr_html_()
    assert "<table>" in html and "Halt: freeze" in html
    assert "http" not in html and "<script" not in html


def test_rich_rendering_names_the_outcome(result: accord.Analysis) -> None:
    console = Console(width=120, record=True, color_system=None)
    console.print(result)
    text = console.export_text()
    assert "Eliminate: shipout" in text
    assert "DPRK gains by cheating on shipout at point 4" in text
    assert "new_sanctions" in text


def test_results_are_frozen(result: accord.Analysis) -> None:
    with pytest.raises(AttributeError):
        result.scenario = result.scenario  # type: ignore[misc]


#: A valid scenario with a step outside the road map (a warning, not an error).
UNUSED = """
accord: 1
title: unused
parties: [{id: A, discount_rate: 0.1}]
steps:
  - {id: s, actor: A, flow: {A: 1}}
  - {id: spare, actor: A, flow: {A: 5}}
roadmap: [{phase: P, duration: 1, moves: [[s]]}]
"""


def test_unused_step_warns_but_analyzes() -> None:
    text = UNUSED
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = accord.load_text(text)
    assert any("unused" in str(w.message) for w in caught)
    a = accord.analyze(s)
    assert a.surplus["A"] == pytest.approx(10.0)
    assert a.to_dict()["unused_steps"] == ["spare"]


def test_analyze_rejects_an_invalid_model() -> None:
    s = accord.load(DATA / "worked-example.yaml")
    bad = s.model_copy(update={"sticks": (s.sticks[0].model_copy(update={"against": "XX"}),)})
    with pytest.raises(accord.ScenarioError, match="unknown party 'XX'"):
        accord.analyze(bad)


def test_every_public_name_is_the_object_of_its_home_module() -> None:
    """``accord.X`` is the very object defined where it lives (no stale copy), and
    ``__all__`` lists exactly these names."""
    import accord.analysis
    import accord.api
    import accord.design.bridge
    import accord.design.compare
    import accord.design.frontier
    import accord.design.optimize
    import accord.errors
    import accord.model
    import accord.simulation
    import accord.simulation.result
    import accord.simulation.run
    import accord.version

    homes = {
        "AccordError": accord.errors, "Diagnostic": accord.errors,
        "ScenarioError": accord.errors, "Analysis": accord.analysis,
        "analyze": accord.analysis, "load": accord.api, "load_text": accord.api,
        "Scenario": accord.model, "Simulation": accord.simulation.result,
        "simulate": accord.simulation.run, "Sensitivity": accord.simulation,
        "sensitivity": accord.simulation, "__version__": accord.version,
        "Bridge": accord.design.bridge, "bridge": accord.design.bridge,
        "Comparison": accord.design.compare, "compare": accord.design.compare,
        "Frontier": accord.design.frontier, "frontier": accord.design.frontier,
        "Optimum": accord.design.optimize, "optimize": accord.design.optimize,
    }
    assert sorted(accord.__all__) == sorted(homes)
    for name, module in homes.items():
        assert getattr(accord, name) is getattr(module, name), name
    assert accord.Sensitivity is sys.modules["accord.simulation.sensitivity"].Sensitivity
    assert issubclass(accord.ScenarioError, accord.AccordError)


def test_analyze_takes_a_library_name_or_a_path(tmp_path: Path) -> None:
    """``accord.analyze`` reads what ``accord.simulate`` reads: a name, a path, a Scenario.

    The three give the same JSON; a file's warnings reach Python as ScenarioWarning;
    a name that is neither a file nor a bundled scenario is a ScenarioError.
    """
    by_object = accord.analyze(accord.load("halt-rollback-eliminate")).to_json()
    assert accord.analyze("halt-rollback-eliminate").to_json() == by_object
    assert accord.analyze("halt-rollback-eliminate.yaml").to_json() == by_object
    text = accord.api.resolve("halt-rollback-eliminate").read_text(encoding="utf-8")
    copy = tmp_path / "copy.yaml"
    copy.write_text(text, encoding="utf-8")
    assert json.loads(accord.analyze(copy).to_json())["title"] == json.loads(by_object)["title"]
    assert accord.analyze(str(copy)).to_json() == accord.analyze(copy).to_json()
    spare = tmp_path / "spare.yaml"
    spare.write_text(UNUSED, encoding="utf-8")
    with pytest.warns(accord.api.ScenarioWarning, match="spare"):
        assert accord.analyze(spare).surplus["A"] == pytest.approx(10.0)
    with pytest.raises(accord.ScenarioError):
        accord.analyze(tmp_path / "missing.yaml")
