"""Road-map design speed (docs/performance.md, "Road-map design").

The generated two-party pool of :mod:`design_pool`: 30 steps in 8 phases, every step in
the pool, two scaled items.  Each benchmark prints its seconds, status and MIP gap and
stores them in ``benchmark.extra_info``.  One round each: a solve is seconds, not
microseconds, and HiGHS runs single-threaded with a fixed seed (the same work every run).
The growth table (10 to 40 steps) is ``benchmarks/design_scaling.py``.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from design_pool import pool

import accord
from accord import Scenario

#: Stop a search after this long (the goal for the proven optimum is 10 s).
LIMIT = 60.0


def _run(benchmark: Any, key: str, **kw: Any) -> accord.Optimum:
    s = Scenario.model_validate(pool(30, 8, random=bool(kw.get("draws"))))
    start = time.perf_counter()
    o = benchmark.pedantic(accord.optimize, args=(s,), kwargs=kw, rounds=1, iterations=1)
    sec = time.perf_counter() - start
    benchmark.extra_info.update({f"{key}_seconds": sec, f"{key}_status": o.status,
                                 f"{key}_gap": o.gap})
    print(f"\n{key}: {sec:.1f} s, {o.status}, gap {o.gap}")
    if o.scenario is not None:
        assert accord.analyze(o.scenario).viable
    return o


@pytest.mark.parametrize("objective", ["completion", "capability-years:weapons", "min-margin",
                                       "surplus:D", "cost"])
def test_pool_30_steps_8_phases(benchmark: Any, objective: str) -> None:
    """To proven optimum, or the status and gap when the time limit stops the search."""
    o = _run(benchmark, objective, objective=objective, time_limit=LIMIT)
    assert o.status in ("optimal", "feasible", "no_solution")


def test_keep_order_30_steps(benchmark: Any) -> None:
    """--keep-order: the linear program over the scales on the written road map."""
    o = _run(benchmark, "keep_order", keep_order=True, objective="cost")
    assert o.status in ("optimal", "infeasible")


@pytest.mark.slow
@pytest.mark.parametrize(("steps", "phases", "tight", "objective"),
                         [(12, 4, False, "completion"), (30, 8, False, "completion"),
                          (30, 8, True, "completion"), (30, 8, True, "cost"),
                          (12, 4, True, "surplus:D"), (30, 8, True, "surplus:D")],
                         ids=["12x4-slack-completion", "30x8-slack-completion",
                              "30x8-tight-completion", "30x8-tight-cost",
                              "12x4-tight-surplus", "30x8-tight-surplus"])
def test_robust_200_draws(benchmark: Any, steps: int, phases: int, tight: bool,
                          objective: str) -> None:
    """Robust (DESIGN.md §4): viable in each of 200 draws (goal: under 120 s).  ``tight``:
    the pool whose design at the means fails draws (:func:`design_pool.pool`)."""
    s = Scenario.model_validate(pool(steps, phases, random=not tight, tight=tight))
    start = time.perf_counter()
    o = benchmark.pedantic(accord.optimize, args=(s,),
                           kwargs={"draws": 200, "seed": 1, "objective": objective,
                                   "time_limit": 600.0}, rounds=1, iterations=1)
    sec = time.perf_counter() - start
    benchmark.extra_info.update({"robust_seconds": sec, "robust_status": o.status})
    print(f"\nrobust 200 draws ({steps} steps, {phases} phases, "
          f"{'tight' if tight else 'slack'}, {objective}): {sec:.1f} s, {o.status}, "
          f"out of sample {o.robust}")
