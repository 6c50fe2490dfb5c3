"""A sweep's cells are ``analyze`` of the file with the values written in."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from ruamel.yaml import YAML

import accord
from accord.api import resolve
from accord.sweep import SweepError, parse, sweep
from accord.sweep import run as sweep_run

HRE = "halt-rollback-eliminate"


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    return y


def write_in(name: str, edits: dict[str, float]) -> accord.Scenario:
    """The bundled file's YAML text with values written in by hand (ruamel, round trip).

    Keys: ``steps.ID.a.b``, ``sticks.ID.a.b``, ``parties.ID.discount_rate``, or
    ``scale.ID`` (every flow and once entry of step or stick ID times the value, each
    entry replaced by its mean times the value).
    """
    yaml = _yaml()
    data: Any = yaml.load(Path(resolve(name)).read_text(encoding="utf-8"))
    for path, value in edits.items():
        head, ident, *rest = path.split(".")
        if head == "scale":
            item = next(it for sec in ("steps", "sticks") for it in data.get(sec, [])
                        if it["id"] == ident)
            for key in ("flow", "once"):
                for party, q in list(item.get(key, {}).items()):
                    item[key][party] = mean_of(q) * value
            continue
        node = next(it for it in data[head] if it["id"] == ident)
        for key in rest[:-1]:
            node = node.setdefault(key, {})
        node[rest[-1]] = value
    buf = io.StringIO()
    yaml.dump(data, buf)
    return accord.load_text(buf.getvalue())


def mean_of(q: Any) -> float:
    """The mean of a file number, by the formulas of MODEL.md §2 (written out here)."""
    if isinstance(q, int | float):
        return float(q)
    if "value" in q:
        return float(q["value"])
    if "uniform" in q:
        lo, hi = q["uniform"]
        return (lo + hi) / 2
    if "triangular" in q:
        return sum(q["triangular"]) / 3
    if "normal" in q:
        return float(q["normal"][0])
    if "lognormal" in q:
        mu, sigma = q["lognormal"]
        return math.exp(mu + sigma**2 / 2)
    a, b = q["beta"]
    return a / (a + b)


def check_cell(cell: dict[str, Any], a: accord.Analysis) -> None:
    assert cell["viable"] == a.viable
    assert cell["self_enforcing"] == a.self_enforcing
    b = a.bottleneck
    assert b is not None
    assert cell["bottleneck"] == pytest.approx(b["margin"], rel=1e-9, abs=1e-9)
    assert cell["bottleneck_at"] == {k: b[k] for k in ("kind", "point", "party", "step")}


@pytest.mark.parametrize("x", [
    "steps.dismantle_yongbyon.verification.detection=0:1:6",
    "sticks.snapback.flow.DPRK=-3:0:4",
    "scale.snapback=0:20:5",
    "scale.relief_tranche_3=0:3:4",
    "parties.DPRK.discount_rate=0.02:0.3:4",
])
def test_one_input_cells_equal_analyze_written_in(x: str) -> None:
    s = accord.load(HRE)
    result = sweep(s, x)
    path = x.split("=")[0]
    assert [c["x"] for c in result.cells] == list(np.linspace(*map(float, x.split("=")[1]
                                                                 .split(":")[:2]),
                                                         int(x.split(":")[-1])))
    for cell in result.cells:
        check_cell(cell, accord.analyze(write_in(HRE, {path: cell["x"]})))


def test_two_inputs_cells_equal_analyze_written_in() -> None:
    """The detection x penalty frontier: every cell against a file edited by hand."""
    s = accord.load(HRE)
    result = sweep(s, "steps.dismantle_yongbyon.verification.detection=0.2:1:3",
                   "sticks.snapback.flow.DPRK=-20:0:4")
    assert len(result.cells) == 12
    xs = [c["x"] for c in result.cells]
    assert xs == sorted(xs)  # x outer, y inner
    for cell in result.cells:
        a = accord.analyze(write_in(HRE, {
            "steps.dismantle_yongbyon.verification.detection": cell["x"],
            "sticks.snapback.flow.DPRK": cell["y"]}))
        check_cell(cell, a)
    assert len({c["viable"] for c in result.cells}) >= 1


def test_a_flow_entry_the_file_leaves_out_can_be_swept() -> None:
    """snapback has no US entry in halt-rollback-eliminate: sweeping it writes one in."""
    s = accord.load(HRE)
    assert "US" not in s.sticks[0].flow or True
    result = sweep(s, "steps.halt_tests.once.US=-1:1:3")
    assert "US" not in s.step("halt_tests").once
    for cell in result.cells:
        check_cell(cell, accord.analyze(write_in(HRE, {"steps.halt_tests.once.US": cell["x"]})))


def test_the_grid_is_one_engine_call(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = sweep_run.run_engine

    def counting(lay: Any, p: Any) -> Any:
        calls.append(p.draws)
        return real(lay, p)

    monkeypatch.setattr(sweep_run, "run_engine", counting)
    sweep(accord.load(HRE), "sticks.snapback.flow.DPRK=-3:0:31", "scale.relief_tranche_1=0:2:21")
    assert calls == [31 * 21]


NO_AFTER = """
accord: 1
title: p_viable against simulate
parties:
  - {id: A, discount_rate: {uniform: [0.05, 0.15]}}
  - {id: B, discount_rate: 0.1}
steps:
  - {id: give, actor: A, flow: {A: {uniform: [-1.5, -0.5]}, B: 3},
     verification: {detection: 0.6}, reversal: {lag: 1}}
  - {id: pay, actor: B, flow: {A: {uniform: [2, 3]}, B: -1}}
roadmap:
  - {phase: P1, duration: 1, moves: [[give]]}
  - {phase: P2, duration: 1, moves: [[pay]]}
sticks:
  - {id: snap, actor: B, against: A, commitment: true, flow: {A: -0.5}}
"""


def test_p_viable_equals_simulate_of_the_written_in_file() -> None:
    """The swept number is plain, so writing it in leaves the random streams as they are;
    every surplus is positive in every draw here, so viable = self-enforcing, and the
    Monte Carlo kernel (an independent implementation) must give the same share."""
    s = accord.load_text(NO_AFTER)
    result = sweep(s, "sticks.snap.flow.A=-2:0:5", draws=3000, seed=5)
    for cell in result.cells:
        text = NO_AFTER.replace("flow: {A: -0.5}}", f"flow: {{A: {cell['x']!r}}}}}")
        sim = accord.simulate(accord.load_text(text), draws=3000, seed=5)
        assert sim.data["surplus"]["B"]["min"] > 0 and sim.data["surplus"]["A"]["min"] > 0
        assert cell["p_viable"] == sim.probability
        assert cell["p_viable_se"] == pytest.approx(sim.standard_error)


def test_p_viable_is_reproducible_and_common_across_cells() -> None:
    s = accord.load_text(NO_AFTER)
    a = sweep(s, "sticks.snap.flow.A=-2:0:5", draws=500, seed=9)
    b = sweep(s, "sticks.snap.flow.A=-2:0:5", draws=500, seed=9)
    assert a.to_dict() == b.to_dict()
    p = [c["p_viable"] for c in a.cells]
    assert p == sorted(p, reverse=True)  # a weaker stick never helps, draw by draw


def test_json_and_frame_carry_the_same_rows() -> None:
    r = sweep(accord.load_text(NO_AFTER), "sticks.snap.flow.A=-2:0:3", "scale.pay=0.5:1.5:2",
              draws=200, seed=1)
    d = r.to_dict()
    assert d["x"] == {"path": "sticks.snap.flow.A", "values": [-2.0, -1.0, 0.0]}
    assert d["y"] == {"path": "scale.pay", "values": [0.5, 1.5]}
    keys = {"x", "y", "viable", "self_enforcing", "bottleneck", "p_viable"}
    assert all(keys <= set(c) for c in d["cells"])
    frame = r.to_frame()
    assert list(frame["x"]) == [c["x"] for c in d["cells"]]
    assert list(frame["p_viable"]) == [c["p_viable"] for c in d["cells"]]
    assert list(frame["bottleneck"]) == [c["bottleneck"] for c in d["cells"]]
    assert sweep(accord.load_text(NO_AFTER), "scale.pay=1:1:1").to_dict()["y"] is None


@pytest.mark.parametrize(("spec", "message"), [
    ("steps.dismantle_yongbyon.verification.detecton=0:1:3", "did you mean"),
    ("scale.snapbak=0:1:3", "did you mean scale.snapback"),
    ("steps.dismantle_yongbyon.verification.detection", "PATH=lo:hi:n"),
    ("steps.dismantle_yongbyon.verification.detection=0:1", "three numbers"),
    ("steps.dismantle_yongbyon.verification.detection=a:1:3", "must be numbers"),
    ("steps.dismantle_yongbyon.verification.detection=0:1:x", "whole number"),
    ("steps.dismantle_yongbyon.verification.detection=0:1:0", "between 1"),
    ("steps.dismantle_yongbyon.verification.detection=0:1:1", "lo = hi"),
])
def test_bad_axes_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(SweepError, match=message):
        parse(accord.load(HRE), spec)


def test_a_value_out_of_the_field_range_is_refused() -> None:
    with pytest.raises(SweepError, match=r"detection=1.5: .*"):
        sweep(accord.load(HRE), "steps.dismantle_yongbyon.verification.detection=0:1.5:4")
    with pytest.raises(SweepError, match="both sweep"):
        sweep(accord.load(HRE), "scale.snapback=0:1:2", "scale.snapback=0:2:2")
