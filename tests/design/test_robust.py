"""Robust design (DESIGN.md §4): the draws enter lazily, and that changes no optimum.

The lazy search (:mod:`accord.design.robust`) adds a draw's rows only once the candidate
fails it.  Two independent checks: the draws it finds failing are those the Monte Carlo
kernel finds not viable, and its optimum equals the program with every draw's rows
(``quantile = 1.0``: one 0/1 column per draw, all forced to 1, a different formulation
of the same constraint set).
"""

from __future__ import annotations

import math

import pytest
from benchmarks.design_pool import pool

import accord
from accord import Scenario, library
from accord.design.coefficients import Grid
from accord.design.robust import Draws
from accord.design.written import placed, scaled
from tests.design.test_optimize import TOY, toy


def tight(steps: int = 7, seed: int = 6) -> Scenario:
    """A small pool with every flow uncertain.  7 steps in 3 phases (seed 6), 40 draws
    with seed 5: the optimum at the means completes at 1.0 and is viable in 35% of the
    draws; the robust optimum completes at 2.0."""
    return Scenario.model_validate(pool(steps, 3, seed=seed, tight=True))


def uncertain_durations() -> Scenario:
    """The toy with uncertain phase durations: phase P2 starts, in each draw, where that
    draw's P1 ends (the program's per-draw grid; the engine check's per-draw starts)."""
    return accord.load_text(
        TOY.replace("{phase: P1, duration: 1,", "{phase: P1, duration: {uniform: [0.5, 1.5]},")
        .replace("{phase: P2, duration: 2,", "{phase: P2, duration: {triangular: [1, 2, 4]},"))


CASES = {"toy": (toy, 30, 7), "tight-7x3": (tight, 40, 5)}
#: Cases whose written file (starts at the means) is not sampled as the draws were.
LAZY_ONLY = {"toy-uncertain-durations": (uncertain_durations, 30, 7)}


@pytest.mark.parametrize("case", list(CASES))
def test_failing_draws_are_the_kernels(case: str) -> None:
    """``Draws.failing`` (the readable engine over S draws, the written map's numbers
    mapped from the input's) finds not viable exactly as many draws as ``accord
    simulate`` (the numba kernel: S (1 - P(viable))) on the written file with the same
    seed: for the road map as written and for the optimum at the means (scaled numbers)."""
    make, n, seed = CASES[case]
    s = make()
    draws = Draws(s, n, seed)
    at_means = accord.optimize(s, objective="completion")
    assert at_means.scenario is not None
    counted = []
    for written, scale in ((s, {}), (at_means.scenario, at_means.scale)):
        bad = draws.failing(written, scale, 0.0)
        p = accord.simulate(written, draws=n, seed=seed).p_viable
        assert len(bad) == round((1.0 - p) * n)
        assert len(set(bad)) == len(bad) and all(0 <= d < n for d in bad)
        counted.append(len(bad))
    assert counted[1] > 0  # the design at the means fails some draw: the draws bind


def test_robust_optimum_differs_from_the_means() -> None:
    """The draws bind: at the means the road map completes at 1.0; in all 40 draws it
    must take the second phase (T = 2.0), the lazy search and every draw's rows agree."""
    s = tight()
    assert accord.optimize(s, objective="completion").value == 1.0
    o = accord.optimize(s, objective="completion", draws=40, seed=5)
    assert o.status == "optimal" and o.value == 2.0
    assert o.robust is not None and 0.0 < o.robust["out_of_sample"]["p_viable"] <= 1.0


def test_infeasible_in_the_draws_says_where() -> None:
    """6 steps (seed 1): a road map holds at the means, none in all 40 draws (seed 3),
    proven by both formulations.  The shortfall names the draws where the best candidate
    misses, and its total is the sum of the misses."""
    s = tight(6, 1)
    assert accord.optimize(s, objective="completion").status == "optimal"
    o = accord.optimize(s, objective="completion", draws=40, seed=3)
    full = accord.optimize(s, objective="completion", draws=40, seed=3, quantile=1.0)
    assert o.status == full.status == "infeasible"
    assert o.shortfall is not None
    drawn = [m for m in o.shortfall["misses"] if m["draw"] is not None]
    assert drawn and all(0 <= m["draw"] < 40 and m["shortfall"] > 0 for m in drawn)
    assert math.isclose(o.shortfall["total"], sum(m["shortfall"] for m in o.shortfall["misses"]))
    assert "in every one of the 40 draws" in o.sentence and "in draw" in o.sentence


@pytest.mark.parametrize("objective", ["completion", "min-margin", "cost", "surplus:first"])
@pytest.mark.parametrize("case", [*CASES, *LAZY_ONLY])
def test_lazy_draws_give_the_optimum_of_every_draw(case: str, objective: str) -> None:
    """Same status and objective value as the program holding every draw's rows, and
    the written road map is viable in every one of the S draws of ``accord simulate``
    (where the written file is sampled as the draws were)."""
    make, n, seed = {**CASES, **LAZY_ONLY}[case]
    s = make()
    if objective == "surplus:first":
        objective = f"surplus:{s.parties[0].id}"
    lazy = accord.optimize(s, draws=n, seed=seed, objective=objective)
    full = accord.optimize(s, draws=n, seed=seed, objective=objective, quantile=1.0)
    assert lazy.status == full.status
    if full.value is None:
        assert lazy.value is None
        return
    assert lazy.value is not None
    assert math.isclose(lazy.value, full.value, rel_tol=1e-6, abs_tol=1e-7)
    assert lazy.scenario is not None
    assert accord.analyze(lazy.scenario).viable
    if case in CASES:
        sim = accord.simulate(lazy.scenario, draws=n, seed=seed)
        assert sim.p_viable == 1.0 and sim.probability == 1.0


def test_draws_need_a_seed() -> None:
    with pytest.raises(accord.AccordError, match="--seed"):
        accord.optimize(toy(), draws=10)


@pytest.mark.parametrize("name", library.names())
def test_failing_draws_are_the_kernels_on_the_library(name: str) -> None:
    """Every bundled scenario as written, and scaled to the top of its design block's
    ranges (the Yongbyon road map scales five items): the draws ``Draws.failing`` finds
    not viable are as many as the Monte Carlo kernel's on the scaled file."""
    s = accord.load(name)
    draws = Draws(s, 300, 11)
    lam = {x: hi for x, (_, hi) in (s.design.scale if s.design else {}).items()}
    for written, scale in ((s, {}), (scaled(s, lam), lam)):
        p = accord.simulate(written, draws=300, seed=11).p_viable
        assert len(draws.failing(written, scale, 0.0)) == round((1.0 - p) * 300)


def test_failing_draws_start_each_phase_where_the_draws_durations_end() -> None:
    """Phase durations uncertain, no ``start:`` in the input: in each draw a phase starts
    where that draw's earlier phases end.  The written road map states its starts (at the
    means), so ``Draws.failing`` must use each draw's own starts: it finds exactly the
    kernel's not-viable draws of the *input* (186 of 200 here), not those of the written
    file sampled as it reads (184)."""
    d = pool(7, 3, seed=6, tight=True)
    for ph in d["roadmap"]:
        ph["duration"] = {"uniform": [0.5, 1.5]}
    s = Scenario.model_validate(d)
    written = placed(s, Grid.of(s), [[m.steps for m in ph.moves] for ph in s.roadmap])
    n = 200
    want = round((1.0 - accord.simulate(s, draws=n, seed=3).p_viable) * n)
    as_read = round((1.0 - accord.simulate(written, draws=n, seed=3).p_viable) * n)
    assert want != as_read  # the starts matter in this case
    assert len(Draws(s, n, 3).failing(written, {}, 0.0)) == want
