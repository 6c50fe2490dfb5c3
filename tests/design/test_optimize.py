"""accord.optimize and accord.frontier: robust mode, time limit, API protocol, CLI."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

import accord
from accord import Scenario
from accord.cli.app import app
from tests.design.instances import ONE_ROAD_MAP, instance

TOY = """\
accord: 1
title: "[bold]robust[/bold] toy <b>"
parties: [{id: A, discount_rate: 0.05}, {id: B, discount_rate: {uniform: [0.02, 0.08]}}]
steps:
  - {id: s1, actor: A, flow: {A: {uniform: [-1.2, -0.3]}, B: 2},
     verification: {detection: 0.7, delay: 0.5}}
  - {id: s2, actor: B, flow: {A: 2.5, B: -0.3}}
  - {id: s3, actor: A, flow: {A: -0.5, B: {uniform: [0.5, 2.0]}}, lag: 1}
roadmap:
  - {phase: P1, duration: 1, moves: [[s1], [s2]]}
  - {phase: P2, duration: 2, moves: [[s3]]}
sticks:
  - {id: k, actor: B, against: A, flow: {A: -1, B: -0.1}, commitment: true}
design:
  scale: {s2: [0.5, 4.0], k: [1, 5]}
"""


def toy() -> Scenario:
    return accord.load_text(TOY)


def test_hand_case_one_exchange() -> None:
    """A gives s1 (flow A -1, B +2), B gives s2 (flow A +λ, B -0.5), r = 0.1, no horizon.

    Both at t = 0 in phase P1 (the only phase), in either order.  A's surplus is
    (λ - 1)/0.1 >= 0 iff λ >= 1; B's is (2 - 0.5)/0.1 = 15.  Whoever moves first is
    exposed: if A moves first, B's margin before s2 is C_B - B_B(s1 done) =
    15 - 20 = -5 < 0 at any λ (B keeps s1 and skips s2); if B moves first, A's margin
    before s1 is (λ - 1)/0.1 - λ/0.1 = -10 < 0.  One move holds only one actor, so no
    road map holds: infeasible, whatever λ in [0.5, 3].
    """
    s = accord.load_text("""\
accord: 1
title: hand
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s1, actor: A, flow: {A: -1, B: 2}}
  - {id: s2, actor: B, flow: {A: 1, B: -0.5}}
roadmap: [{phase: P1, duration: 1, moves: [[s1], [s2]]}]
design: {scale: {s2: [0.5, 3]}}
""")
    o = accord.optimize(s)
    assert o.status == "infeasible"
    assert o.shortfall is not None
    # the best candidate misses by 5 (B before s2 with s1 first) or 10 (A, s2 first)
    assert math.isclose(o.shortfall["total"], 5.0, rel_tol=1e-9)


def test_hand_case_reversible_relief_holds() -> None:
    """B's s2 (flow A +λ, B -0.5 λ) first, then A's s1, at t = 0; T = 1; a committed stick
    k against A (flow A -λ_k from t0).  r = 0.1, no horizon, nothing reversible.

    Surpluses: A 10 (λ - 1), B 20 - 5 λ.  Margins: point 0 (nothing executed): A
    10 (λ - 1) + 10 λ_k, B 20 - 5 λ; point 1 (s2 executed): A 10 (λ - 1) - 10 λ + 10 λ_k
    = 10 (λ_k - 1), B 20 - 5 λ + 5 λ = 20; completion: A 10 λ_k (only the stick differs),
    B 0.  So: feasible iff 1 <= λ <= 4 and λ_k >= 1; A's surplus is largest at λ = 3
    (the bound): 20.
    """
    s = accord.load_text("""\
accord: 1
title: hand
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s1, actor: A, flow: {A: -1, B: 2}}
  - {id: s2, actor: B, flow: {A: 1, B: -0.5}}
roadmap: [{phase: P1, duration: 1, moves: [[s2], [s1]]}]
sticks: [{id: k, actor: B, against: A, flow: {A: -1}, commitment: true}]
design: {scale: {s2: [0.5, 3], k: [0.5, 2]}, objective: "surplus:A"}
""")
    o = accord.optimize(s)
    assert o.status == "optimal"
    # A's surplus (λ - 1)/0.1 is largest at λ = 3: 20; B's is 2/0.1 - 0.5 λ/0.1 = 5 >= 0
    assert math.isclose(o.value or 0.0, 20.0, rel_tol=1e-9)
    assert math.isclose(o.scale["s2"], 3.0, rel_tol=1e-9)
    assert o.scale["k"] >= 1.0 - 1e-9
    assert o.roadmap[0]["moves"] == [["s2"], ["s1"]]


def test_robust_holds_in_every_draw_of_simulate() -> None:
    """--draws S --seed N: the written road map is self-enforcing in each of the S draws
    accord simulate --seed N makes (checked by the Monte Carlo kernel itself)."""
    o = accord.optimize(toy(), draws=30, seed=7)
    assert o.status == "optimal" and o.scenario is not None and o.robust is not None
    sim = accord.simulate(o.scenario, draws=30, seed=7)
    assert sim.probability == 1.0
    assert 0.0 <= o.robust["out_of_sample"]["p_self_enforcing"] <= 1.0
    assert o.robust["out_of_sample"]["seed"] == 8
    assert accord.analyze(o.scenario).viable


def test_robust_quantile_holds_in_enough_draws() -> None:
    o = accord.optimize(toy(), draws=30, seed=7, quantile=0.6)
    assert o.status == "optimal" and o.scenario is not None
    sim = accord.simulate(o.scenario, draws=30, seed=7)
    assert sim.probability >= math.ceil(0.6 * 30) / 30 - 1e-12


def test_time_limit_gives_a_status_and_a_checked_map() -> None:
    s = Scenario.model_validate(instance(3))
    o = accord.optimize(s, time_limit=5.0)
    assert o.status in ("optimal", "feasible", "infeasible", "no_solution")
    if o.status in ("optimal", "feasible"):
        assert o.gap is not None and o.gap >= 0
        assert o.scenario is not None and accord.analyze(o.scenario).viable


def test_pins_and_optional_steps_are_honoured() -> None:
    for seed in range(60):
        data = instance(seed)
        d = data["design"]
        if not (d.get("pin") or d.get("optional")):
            continue
        o = accord.optimize(Scenario.model_validate(data))
        if o.scenario is None:
            continue
        where = {sid: ph["phase"] for ph in o.roadmap for m in ph["moves"] for sid in m}
        for sid, phase in d.get("pin", {}).items():
            assert where[sid] == phase
        pool = d.get("pool", [s["id"] for s in data["steps"]])
        for sid in pool:
            assert sid in where or sid in d.get("optional", [])
        assert set(o.omitted) == set(d.get("optional", [])) - set(where)


def test_result_protocol_and_escaping() -> None:
    o = accord.optimize(toy())
    d = o.to_dict()
    json.dumps(d, allow_nan=False)
    assert {"status", "objective", "gap", "roadmap", "scale", "omitted", "binding",
            "shortfall", "provenance"} <= set(d)
    assert d["provenance"]["scenario_digest"] == toy().digest
    frame = o.to_frame()
    assert list(frame["step"]) == [sid for ph in o.roadmap for m in ph["moves"] for sid in m]
    console = Console(record=True, width=100)
    console.print(o)
    assert "Designed road map" in console.export_text()
    # both phases named with markup: the optimum may use either (min-margin ties)
    odd = accord.load_text(TOY.replace("phase: P1", "phase: '[red]P1 <i>'")
                           .replace("phase: P2", "phase: '[red]P2 <i>'")
                           .replace("s3", "'[b]s3'"))
    o = accord.optimize(odd)
    assert o.status == "optimal"
    html = o._repr_html_()
    assert "&lt;i&gt;" in html and "<i>" not in html
    console = Console(record=True, width=200)
    console.print(o)
    text = console.export_text()
    assert "[b]s3" in text and "[red]P" in text
    with pytest.raises(Exception, match=r"frozen|cannot assign"):
        o.status = "x"  # type: ignore[misc]


def test_binding_lists_the_tight_tests() -> None:
    o = accord.optimize(toy())
    assert o.analysis is not None
    for b in o.binding:
        if "step" not in b:
            assert math.isclose(o.analysis.margins[b["party"]][b["point"]], b["margin"])
            assert abs(b["margin"]) <= 1e-6 * max(1.0, abs(b["margin"]))


def test_frontier_points_are_viable_and_pareto() -> None:
    for seed in range(0, 30):
        s = Scenario.model_validate(instance(seed))
        o = accord.optimize(s)
        if o.status != "optimal":
            continue
        f = accord.frontier(s, ("A", "B"), 4)
        assert f.status == "optimal" and 1 <= len(f.points) <= 4
        # every floor is answered by exactly one listed point, floors in increasing order
        floors = [x for p in f.points for x in p["floors"]]
        assert len(floors) == 4 and floors == sorted(floors)
        assert all(p["floor"] == p["floors"][0] for p in f.points)
        keys = [json.dumps([p["roadmap"], p["scale"]], sort_keys=True) for p in f.points]
        assert len(set(keys)) == len(keys)
        top_a = accord.optimize(s, objective="surplus:A").value
        top_b = accord.optimize(s, objective="surplus:B").value
        assert top_a is not None and top_b is not None
        bs = [p["surplus"]["B"] for p in f.points]
        assert math.isclose(bs[0], top_b, rel_tol=1e-6, abs_tol=1e-6)
        assert math.isclose(f.points[-1]["surplus"]["A"], top_a, rel_tol=1e-6, abs_tol=1e-6)
        assert all(b1 >= b2 - 1e-6 * max(1, abs(b1)) for b1, b2 in itertools.pairwise(bs))
        for p, w in zip(f.points, f.scenarios, strict=True):
            a = accord.analyze(w)
            assert a.viable
            assert a.surplus["A"] >= p["floor"] - 1e-6 * max(1.0, abs(p["floor"]))
            assert math.isclose(a.surplus["B"], p["surplus"]["B"], rel_tol=1e-9)
        json.dumps(f.to_dict(), allow_nan=False)
        return
    pytest.fail("no feasible instance among the first 30")


def test_frontier_lists_a_road_map_once() -> None:
    """Only one road map holds, so every floor has the same answer: one point, K floors.

    r = 0.1 for both.  s1 (A: -1, B: +2), s2 (A: +1.5, B: -0.5), one phase, a committed
    stick against B (B: -1).  A's surplus (1.5 - 1)/0.1 = 5, B's (2 - 0.5)/0.1 = 15.
    s1 then s2: A's margin before s1 is 5 - 0 = 5, B's before s2 is 15 - (20 - 10) = 5:
    it holds.  s2 then s1: A's margin before s1 is 5 - 15 = -10: it fails.  So A's
    smallest and largest feasible surpluses are both 5, the 4 floors are all 5, and the
    frontier is one point (5, 15) answering 4 floors.
    """
    s = accord.load_text(ONE_ROAD_MAP)
    f = accord.frontier(s, ("A", "B"), 4)
    assert f.status == "optimal" and len(f.points) == 1 and len(f.scenarios) == 1
    p = f.points[0]
    assert p["floors"] == [p["floor"]] * 4 and math.isclose(p["floor"], 5.0)
    assert math.isclose(p["surplus"]["A"], 5.0) and math.isclose(p["surplus"]["B"], 15.0)
    assert p["roadmap"][0]["moves"] == [["s1"], ["s2"]]
    assert len(f.to_frame()) == 1


def test_frontier_rejects_bad_parties() -> None:
    with pytest.raises(accord.AccordError, match="unknown party"):
        accord.frontier(toy(), ("A", "Z"))
    with pytest.raises(accord.AccordError, match="two different"):
        accord.frontier(toy(), ("A", "A"))


# -- the command line --------------------------------------------------------------
def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def test_cli_optimize_json_and_output(tmp_path: Path) -> None:
    f = tmp_path / "toy.yaml"
    f.write_text(TOY, encoding="utf-8")
    out = tmp_path / "designed.yaml"
    res = run("optimize", str(f), "--json", "-o", str(out))
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["status"] == "optimal"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Designed by accord optimize")
    res2 = run("analyze", str(out), "--json")
    assert res2.exit_code == 0
    a = json.loads(res2.stdout)
    assert a["viable"] is True
    margins = [m for p in a["points"] for m in p["margins"].values()]
    margins += [c["margin"] for c in a["cheats"]]
    assert math.isclose(min(margins), d["objective"]["value"], rel_tol=1e-9, abs_tol=1e-12)
    designed = accord.load(out)
    assert designed.design is None and "Designed by accord optimize" in (designed.description
                                                                         or "")


def test_cli_keep_order_and_objective(tmp_path: Path) -> None:
    f = tmp_path / "toy.yaml"
    f.write_text(TOY, encoding="utf-8")
    res = run("optimize", str(f), "--keep-order", "--objective", "cost", "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["objective"]["kind"] == "cost"
    if d["status"] == "optimal":
        assert d["roadmap"][0]["moves"] == [["s1"], ["s2"]]


def test_cli_robust_says_where_it_holds(tmp_path: Path) -> None:
    """The terminal shows the in-sample promise and both out-of-sample probabilities,
    the numbers of the JSON result."""
    f = tmp_path / "toy.yaml"
    f.write_text(TOY, encoding="utf-8")
    res = run("optimize", str(f), "--draws", "30", "--seed", "7")
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    d = json.loads(run("optimize", str(f), "--draws", "30", "--seed", "7", "--json").stdout)
    oos = d["robust"]["out_of_sample"]
    assert "Robust: viable in every one of the first 30 draws of accord simulate --seed 7" \
        in text
    assert f"P(viable) = {oos['p_viable']:.4f}" in text and "seed 8" in text


@pytest.mark.parametrize(("args", "phrase"), [
    (("--objective", "surplus:Z"), "unknown party"),
    (("--objective", "fastest"), "unknown objective"),
    (("--epsilon", "-1"), ">= 0"),
    (("--draws", "10"), "--seed"),
    (("--quantile", "0.5"), "--quantile"),
    (("--time-limit", "0"), "--time-limit"),
])
def test_cli_bad_options_exit_2(tmp_path: Path, args: tuple[str, ...], phrase: str) -> None:
    f = tmp_path / "toy.yaml"
    f.write_text(TOY, encoding="utf-8")
    res = run("optimize", str(f), *args)
    assert res.exit_code == 2
    assert phrase in res.output and "Traceback" not in res.output


HAND = """\
accord: 1
title: hand
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s1, actor: A, flow: {A: -1, B: 2}}
  - {id: s2, actor: B, flow: {A: 1, B: -0.5}}
roadmap: [{phase: P1, duration: 1, moves: [[s1], [s2]]}]
design: {scale: {s2: [0.5, 3]}}
"""


def test_cli_infeasible_is_not_written(tmp_path: Path) -> None:
    """The first hand case: proven infeasible, nothing written, exit 2."""
    f = tmp_path / "hand.yaml"
    f.write_text(HAND, encoding="utf-8")
    out = tmp_path / "x.yaml"
    res = run("optimize", str(f), "-o", str(out))
    assert res.exit_code == 2 and not out.exists()
    assert "proven" in res.output


def test_cli_frontier(tmp_path: Path) -> None:
    f = tmp_path / "toy.yaml"
    f.write_text(TOY, encoding="utf-8")
    res = run("frontier", str(f), "--parties", "A,B", "--points", "3", "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["parties"] == ["A", "B"] and len(d["points"]) == 3
    assert run("frontier", str(f), "--parties", "A").exit_code == 2
    bad = run("frontier", str(f), "--parties", "A,Q")
    assert bad.exit_code == 2 and "unknown party" in bad.output
    res = run("frontier", str(f), "--parties", "A,B", "--points", "2")
    assert res.exit_code == 0 and "frontier" in res.output
