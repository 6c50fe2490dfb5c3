"""Each chart's data is the result it draws: the spec's values are the engine's numbers."""

from __future__ import annotations

import math

import pytest

import accord
from accord.charts.common import root_cause
from accord.report.labels import step_name
from tests.charts.conftest import datasets

SCENARIOS = ["halt-rollback-eliminate", "yongbyon-inside-roadmap", "libya-2003", "jcpoa-2015"]


@pytest.fixture(scope="module", params=SCENARIOS)
def analysis(request: pytest.FixtureRequest) -> accord.Analysis:
    return accord.analyze(accord.load(request.param))


def test_timeline_moves_carry_the_margins_and_the_root_cause(analysis: accord.Analysis) -> None:
    d = datasets(analysis.chart("timeline").to_dict())
    moves = d["moves"]
    lay = analysis.layout
    assert [m["point"] for m in moves] == list(range(lay.n_moves))
    cause = analysis.root_cause
    for m in moves:
        q = m["point"]
        assert m["time"] == analysis.times[q]
        assert m["margins"] == {p: analysis.margins[p][q] for p in analysis.parties}
        cheats = [c["margin"] for c in analysis.cheats if c["point"] == q]
        assert m["tightest"] == min([*m["margins"].values(), *cheats])
        assert m["party"] == lay.parties[int(lay.move_actor[q])]
        assert m["steps"] == [lay.steps[i] for i in lay.move_steps[q]]
        assert m["label"] == " + ".join(step_name(analysis.scenario, s) for s in m["steps"])
        assert m["root"] == bool(cause and cause["point"] == q)
    (done,) = d["completion"]
    assert done["time"] == analysis.times[-1]
    assert done["root"] == bool(cause and cause["point"] == lay.n_moves)
    assert sum(m["root"] for m in moves) + done["root"] == (
        0 if cause is None or cause["point"] is None else 1)


def test_timeline_phases_end_at_completion(analysis: accord.Analysis) -> None:
    """Phase spans at the means: the moves of a phase run at its start; the last ends at T."""
    phases = datasets(analysis.chart("timeline").to_dict())["phases"]
    lay = analysis.layout
    p = analysis.solution.params
    for q in range(lay.n_moves):
        ph = phases[int(lay.move_phase[q])]
        assert ph["start"] == pytest.approx(float(p.move_time[0, q]), rel=1e-12, abs=1e-12)
    assert phases[-1]["end"] == pytest.approx(float(p.completion[0]), rel=1e-12)


def test_calendar_years_shift_time_by_the_first_year(yongbyon: accord.Analysis) -> None:
    """yongbyon has ``years: [2019, 2029]``: time t is drawn at 2019 + t."""
    d = datasets(yongbyon.chart("timeline").to_dict())
    assert all(m["x"] == 2019 + m["time"] for m in d["moves"])
    assert all(p["x"] == 2019 + p["start"] and p["x2"] == 2019 + p["end"] for p in d["phases"])


def test_heatmap_cells_are_margins_and_cheat_margins(analysis: accord.Analysis) -> None:
    cells = datasets(analysis.chart("heatmap").to_dict())["cells"]
    margins = [c for c in cells if c["kind"] == "margin"]
    assert len(margins) == analysis.layout.n_points * analysis.layout.n_parties
    for c in margins:
        assert c["value"] == analysis.margins[c["party"]][c["point"]]
    cheat_cells = [c for c in cells if c["kind"] == "cheat"]
    covered = sorted(s for c in cheat_cells for s in c["steps"])
    assert covered == sorted(c["step"] for c in analysis.cheats)
    for c in cheat_cells:
        assert c["value"] == min(ch["margin"] for ch in analysis.cheats if ch["step"] in c["steps"])
    cause = root_cause(analysis)
    ringed = [c for c in cells if c["root"]]
    if cause is None or cause["kind"] == "participation":
        assert ringed == []
    else:
        (cell,) = ringed
        assert cell["point"] == cause["point"] and cell["party"] == cause["party"]
        assert cell["value"] <= cause["margin"]


def test_exposure_rows_are_the_analysis_exposure(analysis: accord.Analysis) -> None:
    rows = datasets(analysis.chart("exposure").to_dict())["exposure"]
    ex = analysis.exposure
    assert len(rows) == sum(len(s) for by in ex.values() for s in by.values())
    for r in rows:
        assert r["value"] == ex[r["party"]][r["defector"]][r["point"]]
        assert r["worse"] == (r["value"] < 0)


def test_capability_levels_are_the_trajectories(analysis: accord.Analysis) -> None:
    if "capability" not in analysis.charts():
        assert not analysis.scenario.capabilities
        return
    d = datasets(analysis.chart("capability").to_dict())
    for k, cap in enumerate(analysis.capabilities):
        rows = d[f"levels_{k}"]
        path = cap["trajectory"]
        assert [(r["time"], r["level"]) for r in rows[:-1]] == [(p["time"], p["level"])
                                                               for p in path]
        assert rows[-1]["level"] == path[-1]["level"]


BREAKOUT = """
accord: 1
title: breakout by hand
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
capabilities: [{id: pu, unit: kg/yr, initial: 10}]
steps:
  - {id: freeze, actor: A, flow: {A: -1, B: 2}, capability: {pu: -4},
     reversal: {lag: 0.5, feasible: 0.5}}
  - {id: dismantle, actor: A, lag: 1, flow: {A: -1, B: 2}, capability: {pu: -6},
     reversal: {lag: 2}}
  - {id: relief, actor: B, flow: {A: 3}}
roadmap:
  - {phase: P1, duration: 2, moves: [[freeze], [relief]]}
  - {phase: P2, duration: 2, moves: [[dismantle]]}
"""


def test_breakout_band_by_hand() -> None:
    """freeze cuts 4 at t=0 (lag 0.5, feasible 0.5), dismantle cuts 6 at t=2+1=3 (lag 2).

    Level: 10 on [0,0) -> 6 from 0 -> 0 from 3.  Band top within 0.5: 6 + 0.5*4 = 8 before
    3, 0 + 0.5*4 = 2 from 3; within 2: 8 before 3, then 0 + 2 + 6 = 8 from 3.
    """
    a = accord.analyze(accord.load_text(BREAKOUT))
    rows = datasets(a.chart("capability").to_dict())["breakout_0"]
    got = {(r["lag"], r["time"]): (r["level"], r["top"]) for r in rows}
    assert got[(0.5, 0.0)] == (6.0, 8.0)
    assert got[(0.5, 3.0)] == (0.0, 2.0)
    assert got[(2.0, 0.0)] == (6.0, 8.0)
    assert got[(2.0, 3.0)] == (0.0, 8.0)
    assert got[(2.0, 4.0)] == (0.0, 8.0)  # the end of the chart (completion T = 4)


def test_monte_carlo_charts_read_the_simulation(sim: accord.Simulation) -> None:
    d = sim.to_dict()
    fan = datasets(sim.chart("fan").to_dict())["fan"]
    for r in fan:
        st = d["points"][r["point"]]["margins"][r["party"]]
        assert {k: r[k] for k in ("q05", "q25", "q50", "q75", "q95", "mean", "p_holds")} == {
            k: st[k] for k in ("q05", "q25", "q50", "q75", "q95", "mean", "p_holds")}
    surplus = datasets(sim.chart("surplus").to_dict())["surplus"]
    for r in surplus:
        st = d["surplus"][r["party"]]
        assert r["p_negative"] == st["p_negative"] and r["q50"] == st["q50"]
    outcomes = datasets(sim.chart("outcome").to_dict())["outcomes"]
    assert math.isclose(sum(r["probability"] for r in outcomes), 1.0, rel_tol=1e-12)
    assert [r["probability"] for r in outcomes] == sorted(
        (r["probability"] for r in outcomes), reverse=True)
    prob, viable = datasets(sim.chart("probability").to_dict())["probability"]
    p, se = sim.probability, sim.standard_error
    assert prob["probability"] == p and prob["standard_error"] == se
    assert prob["low"] == pytest.approx(max(0.0, p - 1.959963984540054 * se))
    assert se == pytest.approx(math.sqrt(p * (1 - p) / sim.draws))
    v = d["viable"]
    assert viable["test"] == "P(viable)"
    assert (viable["probability"], viable["standard_error"]) == (v["probability"],
                                                                  v["standard_error"])
    assert v["probability"] <= p  # viable: self-enforcing and every party signs


def test_tornado_rows_follow_the_sensitivity(sens: accord.Sensitivity) -> None:
    rows = datasets(sens.chart("tornado").to_dict())["inputs"]
    assert [r["name"] for r in rows] == sens.ranking[: len(rows)]
    for r, src in zip(rows, sens.inputs, strict=False):
        assert r["total"] == src["total"] and r["spearman"] == src["spearman"]
        assert abs(r["bar"]) == float(src["total"] or 0.0)
        assert (r["bar"] < 0) == (r["effect"] == "hurts the deal") or r["bar"] == 0
