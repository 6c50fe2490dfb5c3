"""Properties MODEL.md implies, over random valid scenarios (tests/strategies.py).

Margins are differences of present values, so near 0 they carry the rounding of
the PVs they subtract: every comparison has an absolute tolerance proportional
to ``scale(a)``, the largest PV of the scenario in value at a decision time.
"""

from __future__ import annotations

import copy
import math
import os
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accord
from accord import Scenario
from tests.strategies import scenario_dicts, scenarios, times

#: Examples per property; raise it (``ACCORD_EXAMPLES=2000``) for a longer hunt.
EXAMPLES = int(os.environ.get("ACCORD_EXAMPLES", "100"))
PROPS = settings(max_examples=EXAMPLES, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
Data = dict[str, Any]


def run(d: Data) -> accord.Analysis:
    return accord.analyze(Scenario.model_validate(d))


def scale(a: accord.Analysis) -> float:
    """Largest PV magnitude (at least 1), brought to the latest decision time."""
    sol = a.solution
    arrays = [sol.surplus, sol.breakdowns.values, sol.cheats.detected, sol.cheats.undetected]
    pv = max([1.0, *(float(np.abs(x).max()) for x in arrays if x.size)])
    r = float(sol.params.r.max())
    t = max([0.0, *a.times])
    return pv * math.exp(r * t)


def cheat_margins(a: accord.Analysis) -> list[float]:
    return [c["margin"] for c in a.cheats]


def margin_matrix(a: accord.Analysis) -> np.ndarray[Any, Any]:
    return np.asarray(a.solution.margins[0])


def phase_starts(s: Scenario) -> list[float]:
    """``S_k`` of MODEL.md §3: given, or the previous start plus duration; 0 first."""
    out: list[float] = []
    end = 0.0
    for ph in s.roadmap:
        start = ph.start.mean if ph.start is not None else end
        out.append(start)
        end = start + ph.duration.mean
    return out


def step_pv(s: Scenario, step_id: str, party: str) -> float:
    """A step's PV at 0 to ``party`` on the compliance path, straight from MODEL.md §3."""
    starts = phase_starts(s)
    x = next(starts[k] for k, ids in s.moves if step_id in ids)
    st_ = s.step(step_id)
    r = next(p.discount_rate.mean for p in s.parties if p.id == party)
    h = math.inf if s.horizon is None else s.horizon.mean
    once = st_.once[party].mean if party in st_.once else 0.0
    flow = st_.flow[party].mean if party in st_.flow else 0.0
    pv = once * math.exp(-r * x) if x < h else 0.0
    a = min(x + st_.lag.mean, h)
    if h > a:
        if r == 0:
            pv += flow * (h - a)
        else:
            pv += flow * (math.exp(-r * a) - (0.0 if math.isinf(h) else math.exp(-r * h))) / r
    return pv


# -- (i) -----------------------------------------------------------------------
@PROPS
@given(scenarios(after=True))
def test_self_enforcing_iff_completes(s: Scenario) -> None:
    """MODEL.md §4: self-enforcing iff every margin and cheat margin >= 0; then, and only
    then, the outcome is *completes*."""
    a = accord.analyze(s)
    sol = a.solution
    assert a.self_enforcing == bool(sol.margin_ok.all() and sol.cheats.deterred.all())
    assert a.self_enforcing == (a.outcome["kind"] == "completes")


# -- (ii) ----------------------------------------------------------------------
def scaled(d: Data, c: float) -> Data:
    """Every value (flows, once, reversal costs, sticks' flows and once) times ``c``."""
    out = copy.deepcopy(d)
    for item in [*out["steps"], *out["sticks"]]:
        for key in ("flow", "once"):
            item[key] = {p: v * c for p, v in item[key].items()}
        if "reversal" in item:
            item["reversal"]["cost"] *= c
    return out


@PROPS
@given(scenario_dicts(), st.one_of(st.sampled_from([2.0, 0.5, 1e-3, 1e3]), st.floats(0.1, 10)))
def test_values_scale_margins(d: Data, c: float) -> None:
    """Reversals and sticks' credibility depend on signs only, so margins scale by ``c``."""
    a, b = run(d), run(scaled(d, c))
    tol = 1e-9 * c * scale(a)
    assert margin_matrix(b) == pytest.approx(c * margin_matrix(a), rel=1e-9, abs=tol)
    assert cheat_margins(b) == pytest.approx([c * m for m in cheat_margins(a)], rel=1e-9, abs=tol)
    assert list(b.surplus.values()) == pytest.approx([c * v for v in a.surplus.values()],
                                                     rel=1e-9, abs=tol)
    assert b.non_credible_sticks == a.non_credible_sticks


# -- (iii) ---------------------------------------------------------------------
@PROPS
@given(scenario_dicts(max_parties=3), st.data())
def test_idle_party_changes_nothing(d: Data, data: st.DataObject) -> None:
    """A party with no flows, steps or sticks: every other margin, cheat margin and the
    equilibrium stay; its own margins are 0 and it always continues."""
    e = copy.deepcopy(d)
    pos = data.draw(st.integers(0, len(e["parties"])))
    rate = data.draw(st.floats(0.01, 0.3))
    e["parties"].insert(pos, {"id": "idle", "discount_rate": rate})
    a, b = run(d), run(e)
    tol = 1e-12 * scale(a)
    for p, m in a.margins.items():
        assert b.margins[p] == pytest.approx(m, rel=1e-12, abs=tol)
    assert b.margins["idle"] == [0.0] * len(a.times)
    assert cheat_margins(b) == pytest.approx(cheat_margins(a), rel=1e-12, abs=tol)
    assert b.outcome == a.outcome
    assert b.self_enforcing == a.self_enforcing
    values = dict(b.equilibrium_values)
    assert values.pop("idle") == 0.0
    assert values == pytest.approx(a.equilibrium_values, rel=1e-12, abs=tol)


# -- (iv) ----------------------------------------------------------------------
@PROPS
@given(scenario_dicts(horizon=False, explicit_starts=True), times(1 / 16, 10.0))
def test_shifting_the_roadmap_keeps_margins(d: Data, shift: float) -> None:
    """No horizon: every PV at 0 gains the factor exp(-r d) and every decision time
    moves by d, so margins (in value at their own time) and cheat margins are unchanged.

    Times and the shift are multiples of 1/16, so time sums stay exact and no
    comparison of times (a detection time against a later move's) flips by rounding.
    """
    e = copy.deepcopy(d)
    for ph in e["roadmap"]:
        ph["start"] += shift
    a, b = run(d), run(e)
    assert b.times == pytest.approx([t + shift for t in a.times], rel=1e-12)
    tol = 1e-7 * scale(a)
    assert margin_matrix(b) == pytest.approx(margin_matrix(a), rel=1e-7, abs=tol)
    assert cheat_margins(b) == pytest.approx(cheat_margins(a), rel=1e-7, abs=tol)
    assert b.non_credible_sticks == a.non_credible_sticks


# -- (v) -----------------------------------------------------------------------
@PROPS
@given(scenarios(zero_rates=True, after=True))
def test_surplus_is_the_sum_of_step_values(s: Scenario) -> None:
    """The compliance path's PV is the sum of each step's once and flow, from MODEL.md §3."""
    a = accord.analyze(s)
    for p in a.parties:
        parts = [step_pv(s, sid, p) for sid in s.scheduled_steps]
        tol = 1e-12 * max([1.0, *map(abs, parts)])
        assert a.surplus[p] == pytest.approx(math.fsum(parts), rel=1e-12, abs=tol)


# -- (vi) ----------------------------------------------------------------------
@PROPS
@given(scenarios(after=True))
def test_first_margin_is_surplus_without_sticks(s: Scenario) -> None:
    """At point 0 nothing is executed, so a defector with no stick aimed at it gets 0:
    its margin is its surplus brought to the time of point 0."""
    a = accord.analyze(s)
    aimed = {k.against for k in s.sticks}
    rates = {p.id: p.discount_rate.mean for p in s.parties}
    for p in a.parties:
        if p not in aimed:
            assert a.margins[p][0] == pytest.approx(a.surplus[p] * math.exp(rates[p] * a.times[0]),
                                                    rel=1e-12, abs=1e-12)


@PROPS
@given(scenarios(reversal=False, zero_rates=True))
def test_irreversible_margin_is_what_is_still_to_come(s: Scenario) -> None:
    """No step reversible: a breakdown at point q keeps the moves before q as they are, so a
    party with no stick aimed at it has as margin the value of the moves from q on."""
    a = accord.analyze(s)
    aimed = {k.against for k in s.sticks}
    rates = {p.id: p.discount_rate.mean for p in s.parties}
    moves = [ids for _, ids in s.moves]
    for p in a.parties:
        if p in aimed:
            continue
        pvs = [sum(step_pv(s, sid, p) for sid in ids) for ids in moves]
        for q, t in enumerate(a.times):
            rest = math.fsum(pvs[q:]) * math.exp(rates[p] * t)
            tol = 1e-11 * max([1.0, *map(abs, pvs)]) * math.exp(rates[p] * t)
            assert a.margins[p][q] == pytest.approx(rest, rel=1e-9, abs=tol)
        assert a.margins[p][-1] == pytest.approx(0.0, abs=1e-11 * scale(a))


# -- cheating ------------------------------------------------------------------
@PROPS
@given(scenario_dicts())
def test_certain_immediate_detection_is_defection(d: Data) -> None:
    """Detection 1 with delay 0 on the only step of a move: the detected path is the
    breakdown after its actor defects at that very point (nothing of the move executed)."""
    e = copy.deepcopy(d)
    for step in e["steps"]:
        if "verification" in step:
            step["verification"] = {"detection": 1.0, "delay": 0.0}
    a = run(e)
    tol = 1e-9 * scale(a)
    sizes = [len(ids) for _, ids in a.scenario.moves]
    for c in a.cheats:
        if sizes[c["point"]] == 1:
            assert c["margin"] == pytest.approx(a.margins[c["party"]][c["point"]], rel=1e-9,
                                                abs=tol)


@PROPS
@given(scenario_dicts())
def test_undetectable_cheat_gains_the_step(d: Data) -> None:
    """Detection 0: cheating is the compliance path without the step, so the cheat margin
    is the step's own value to its actor, in value at its move's time."""
    e = copy.deepcopy(d)
    for step in e["steps"]:
        if "verification" in step:
            step["verification"]["detection"] = 0.0
    a = run(e)
    s = a.scenario
    rates = {p.id: p.discount_rate.mean for p in s.parties}
    for c in a.cheats:
        t0 = a.times[c["point"]]
        own = step_pv(s, c["step"], c["party"]) * math.exp(rates[c["party"]] * t0)
        assert c["margin"] == pytest.approx(own, rel=1e-9, abs=1e-9 * scale(a))


@PROPS
@given(scenario_dicts(verification=False), st.floats(0.0, 1.0))
def test_required_detection_is_the_threshold(d: Data, p: float) -> None:
    """p* = (U - C) / (U - D) is where the cheat margin C - [p D + (1 - p) U] crosses 0:
    at detection p* the actor is indifferent; p* = 0 means no detection is needed
    (deterred even at 0); p* > 1 or inf means not even certain detection deters."""
    e = copy.deepcopy(d)
    for step in e["steps"]:  # every step verified, detection p
        step["verification"] = {"detection": p}
    a = run(e)
    for step, c in zip(e["steps"], a.cheats, strict=True):
        req = c["required_detection"]
        step["verification"]["detection"] = (
            0.0 if req == 0.0 else req if req is not None and req <= 1.0 else 1.0)
    b = run(e)
    tol = 1e-9 * scale(a)
    for c, again in zip(a.cheats, b.cheats, strict=True):
        req = c["required_detection"]
        assert again["required_detection"] == req
        if req == 0.0:
            assert again["margin"] >= -tol
        elif req is None or req > 1.0:
            assert again["margin"] <= tol
        else:
            assert again["margin"] == pytest.approx(0.0, abs=tol)


# -- equilibrium and reversal ----------------------------------------------------
@PROPS
@given(scenarios(after=True))
def test_equilibrium_values_are_the_outcome_path(s: Scenario) -> None:
    """The equilibrium values are the PVs of the path the outcome names."""
    a = accord.analyze(s)
    sol = a.solution
    o = a.outcome
    if o["kind"] == "completes":
        want = sol.surplus[0]
    elif o["kind"] == "breaks":
        want = sol.breakdowns.values[0, o["point"], a.parties.index(o["party"])]
    else:
        k = [c["step"] for c in a.cheats].index(o["step"])
        want = sol.cheats.expected[0, k]
    assert list(a.equilibrium_values.values()) == [float(v) for v in want]


@PROPS
@given(scenario_dicts())
def test_infeasible_reversal_is_irreversible(d: Data) -> None:
    """``feasible: 0`` makes G = 0, so the step is never reversed: as if irreversible."""
    e, f = copy.deepcopy(d), copy.deepcopy(d)
    for x, y in zip(e["steps"], f["steps"], strict=True):
        if "reversal" in x:
            x["reversal"]["feasible"] = 0.0
            del y["reversal"]
    a, b = run(e), run(f)
    assert margin_matrix(a) == pytest.approx(margin_matrix(b), rel=1e-12, abs=1e-12 * scale(b))
    assert cheat_margins(a) == pytest.approx(cheat_margins(b), rel=1e-12, abs=1e-12 * scale(b))
    assert a.outcome == b.outcome
