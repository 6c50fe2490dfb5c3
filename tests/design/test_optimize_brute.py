"""optimize against brute force on 120 generated instances (DESIGN.md §2-§5).

Every instance is small enough to enumerate every placement (:mod:`tests.design.brute`):
for each candidate road map the multipliers are solved exactly by a linear program whose
coefficients come from the exact engine only (value at ``λ = 1`` plus the change when one
``λ`` goes to 2), never from :mod:`accord.design`.  The optimum must match to 1e-6
relative, infeasible instances must be infeasible by brute force too (with the same
smallest total shortfall), and the road map optimize writes must load, analyze as
viable and have the reported objective value.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

import accord
from accord import Scenario
from accord.design.optimize import Optimum, engine_value, optimize
from tests.design.brute import Best, brute, brute_shortfall
from tests.design.instances import instance

SEEDS = range(120)


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


@cache
def solved(seed: int, keep_order: bool = False, big: bool = False) -> tuple[Best, Optimum]:
    data = instance(seed, big=big)
    return brute(data, keep_order=keep_order), optimize(Scenario.model_validate(data),
                                                        keep_order=keep_order)


def check_written(o: Optimum) -> None:
    """The written YAML loads, analyzes as viable, and has the reported objective value."""
    assert o.scenario is not None
    written = accord.load_text(o.text)
    a = accord.analyze(written)
    assert a.viable
    base = accord.analyze(o.scenario)
    assert base.viable
    margins = [m for ms in a.margins.values() for m in ms] + [c["margin"] for c in a.cheats]
    eps = (o.provenance.options["epsilon"])
    assert min(margins) >= eps - 1e-9 * max(1.0, abs(eps))
    kind, _, arg = o.objective.partition(":")
    if kind == "min-margin":
        assert close(o.value or 0.0, min(margins))
    elif kind == "surplus":
        assert close(o.value or 0.0, a.surplus[arg])
    elif kind == "completion":
        assert close(o.value or 0.0, a.times[-1])
    elif kind == "capability-years":
        cy = next(c["capability_years"] for c in a.capabilities if c["id"] == arg)
        assert close(o.value or 0.0, cy)


def compare(b: Best, o: Optimum, data: dict[str, Any] | None = None,
            keep_order: bool = False) -> None:
    if not b.feasible:
        assert o.status == "infeasible", (o.status, o.value, o.roadmap, o.scale)
        assert o.shortfall is not None and o.shortfall["total"] > 0
        if data is not None:  # the smallest total shortfall, by brute force too
            want = brute_shortfall(data, keep_order=keep_order)
            assert close(o.shortfall["total"], want), (o.shortfall, want)
        return
    assert o.status == "optimal", (b.value, b.roadmap, b.scale, o.shortfall)
    assert b.value is not None and o.value is not None
    assert close(o.value, b.value), (o.value, b.value, b.roadmap, b.scale, o.roadmap, o.scale)
    check_written(o)


@pytest.mark.parametrize("seed", SEEDS)
def test_optimum_equals_brute_force(seed: int) -> None:
    compare(*solved(seed), instance(seed))


@pytest.mark.parametrize("seed", range(0, 120, 3))
def test_keep_order_equals_the_lp_over_scales(seed: int) -> None:
    """--keep-order: the file's placement, only the λs vary; brute force on that one road map."""
    b, o = solved(seed, keep_order=True)
    compare(b, o, instance(seed), keep_order=True)
    if o.scenario is not None:
        assert [[list(m) for m in ph["moves"]] for ph in o.roadmap] == [
            [list(m.steps) for m in ph.moves] for ph in
            Scenario.model_validate(instance(seed)).roadmap if ph.moves]


def test_the_instances_mix_feasible_and_infeasible() -> None:
    """The sweep means something only if both outcomes occur often, and scales matter."""
    results = [solved(seed) for seed in SEEDS]
    feasible = sum(b.feasible for b, _ in results)
    assert 30 <= feasible <= 100, feasible
    scaled = sum(bool(o.scale) and o.status == "optimal" for _, o in results)
    assert scaled >= 10, scaled


def test_cost_value_is_the_engine_cost() -> None:
    """objective cost: Σ (λ - 1) c_x with c_x from the unscaled written road map."""
    seen = 0
    for seed in SEEDS:
        data = instance(seed)
        if data["design"]["objective"] != "cost":
            continue
        _, o = solved(seed)
        if o.scenario is None or o.analysis is None:
            continue
        unscaled = o.scenario.model_copy(update={"steps": Scenario.model_validate(data).steps,
                                                 "sticks": Scenario.model_validate(data).sticks})
        assert close(o.value or 0.0, engine_value(o.analysis, "cost", o.scale, unscaled))
        seen += 1
    assert seen >= 3


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(1000, 1020))
def test_optimum_equals_brute_force_big(seed: int) -> None:
    """Up to 5 steps (about 2,000 candidates each)."""
    compare(*solved(seed, big=True))
