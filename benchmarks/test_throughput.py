"""Monte Carlo speed on the generated 20-move, 3-party, 30-step scenario (every number uncertain).

Each benchmark stores its headline number in ``benchmark.extra_info`` (shown with
``--benchmark-verbose`` and saved with ``--benchmark-json``) and prints it.
See docs/performance.md for the numbers and what they mean.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from gambit_baseline import solve_draws
from generate import scenario

from accord.engine import Layout, build
from accord.engine.montecarlo.draws import Draws
from accord.engine.montecarlo.evaluation import evaluate_inputs
from accord.simulation import simulate
from accord.simulation.aggregate import Counts, block_stats
from accord.simulation.blocks import Task, run_task, warm_up
from accord.simulation.parallel import MAX_CHUNK
from accord.simulation.sampler import BLOCK_SIZE, Model, generator

RESULTS: dict[str, float] = {}
HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def model() -> Model:
    m = Model(scenario())
    warm_up(m)
    return m


def _report(benchmark: Any, key: str, value: float, unit: str) -> None:
    RESULTS[key] = value
    benchmark.extra_info[key] = value
    print(f"\n{key}: {value:,.1f} {unit}")


def _engine_params(model: Model, n: int) -> tuple[Layout, Any, dict[Any, Any]]:
    """Engine parameters (draws first) of ``n`` draws of block 0, seed 1, and the draws."""
    s = model.scenario
    lay = Layout.of(s)
    values = model.sample(generator(1, 0), n)
    p = build(s, lay, lambda path, q: np.broadcast_to(np.asarray(values[path], float),
                                                      (n,)).copy())
    return lay, p, values


def test_kernel(benchmark: Any, model: Model) -> None:
    """The fused kernel alone: sampled inputs of one block -> every aggregated number."""
    x = model.block_inputs(1, 0, BLOCK_SIZE)
    r = model.rows
    out = Draws.empty(r.points, r.parties, r.cheats, r.sticks, BLOCK_SIZE)
    benchmark(evaluate_inputs, model.structure, x, out=out)
    _report(benchmark, "kernel_draws_per_s", BLOCK_SIZE / benchmark.stats.stats.min, "draws/s")


def test_reference_engine(benchmark: Any, model: Model) -> None:
    """The reference engine (``accord.engine.analyze``) on 1024 sampled draws at once."""
    from accord.engine import analyze

    lay, p, _ = _engine_params(model, 1024)
    benchmark.pedantic(analyze, args=(lay, p), rounds=3, iterations=1)
    _report(benchmark, "engine_draws_per_s", 1024 / benchmark.stats.stats.min, "draws/s")


def test_sampling(benchmark: Any, model: Model) -> None:
    """Drawing every number of one block into the kernel's inputs (417 numbers per draw)."""
    benchmark(model.block_inputs, 1, 0, BLOCK_SIZE, reuse=True)
    _report(benchmark, "sampling_draws_per_s", BLOCK_SIZE / benchmark.stats.stats.min, "draws/s")


def test_sampling_numpy(benchmark: Any, model: Model) -> None:
    """The same numbers drawn by numpy's own methods, one number after another (no numba)."""
    benchmark.pedantic(model.sampler.sample, args=(generator(1, 0), BLOCK_SIZE),
                       kwargs={"compiled": False}, rounds=5, iterations=1)
    _report(benchmark, "sampling_numpy_draws_per_s", BLOCK_SIZE / benchmark.stats.stats.min,
            "draws/s")


def test_aggregate(benchmark: Any, model: Model) -> None:
    """Streaming aggregation of one block (histograms, moments, counts of 286 rows)."""
    d = evaluate_inputs(model.structure, model.block_inputs(1, 0, BLOCK_SIZE))
    counts = Counts(model.rows)
    benchmark(block_stats, d, model.rows, counts, 0)
    _report(benchmark, "aggregate_draws_per_s", BLOCK_SIZE / benchmark.stats.stats.min,
            "draws/s")


def test_end_to_end_one_core(benchmark: Any, model: Model) -> None:
    """Sampling + kernel + aggregation of one task of 64 blocks (262,144 draws), one process.

    64 blocks is the largest task a run makes (``MAX_CHUNK``): what one worker does.
    """
    task = Task(seed=1, draws=MAX_CHUNK * BLOCK_SIZE, first=0, count=MAX_CHUNK)
    benchmark.pedantic(run_task, args=(model, task), rounds=3, iterations=1)
    _report(benchmark, "end_to_end_draws_per_s", task.size / benchmark.stats.stats.min,
            "draws/s")


def test_end_to_end_uniform_inputs(benchmark: Any) -> None:
    """The same game with every distribution a uniform: drawing numbers is cheaper."""
    m = Model(scenario(uniform=True))
    warm_up(m)
    task = Task(seed=1, draws=MAX_CHUNK * BLOCK_SIZE, first=0, count=MAX_CHUNK)
    benchmark.pedantic(run_task, args=(m, task), rounds=3, iterations=1)
    _report(benchmark, "end_to_end_uniform_draws_per_s", task.size / benchmark.stats.stats.min,
            "draws/s")


def test_pygambit_tree_per_draw(benchmark: Any, model: Model) -> None:
    """Baseline: per draw, engine payoffs + a pygambit tree + backward induction walk."""
    lay, p, values = _engine_params(model, 8)
    n = 4
    benchmark.pedantic(solve_draws, args=(lay, p, n), rounds=3, iterations=1)
    per = benchmark.stats.stats.min / n
    RESULTS["pygambit_seconds_per_draw"] = per
    _report(benchmark, "pygambit_ms_per_draw", 1e3 * per, "ms per draw")
    # the tree's backward induction agrees with the kernel on these draws
    d = evaluate_inputs(model.structure, model.inputs(values, 8))
    kinds = solve_draws(lay, p, n)
    kernel = ["completes" if c == 0 else ("defect" if c <= lay.n_points * lay.n_parties
                                          else "cheat") for c in d.outcome[:n]]
    assert [k[:5] if k.startswith("cheat") else k for k in kinds] == kernel


def test_speedup_over_pygambit(benchmark: Any) -> None:
    """Ratio of the per-draw times measured above (same run)."""
    if "pygambit_seconds_per_draw" not in RESULTS or "end_to_end_draws_per_s" not in RESULTS:
        pytest.skip("run with the other benchmarks")
    base = RESULTS["pygambit_seconds_per_draw"]
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    _report(benchmark, "speedup_end_to_end", base * RESULTS["end_to_end_draws_per_s"], "x")
    _report(benchmark, "speedup_kernel", base * RESULTS["kernel_draws_per_s"], "x")


def _run_simulate(draws: int, workers: int) -> float:
    t = time.perf_counter()
    simulate(scenario(), draws=draws, seed=1, workers=workers)
    return time.perf_counter() - t


def test_two_workers(benchmark: Any) -> None:
    """Wall time of 2^22 draws with 1 and with 2 workers (spawn start included).

    Three rounds each, alternating, and the best of each: the machine is shared, and
    a noisy minute slows two busy cores more than one.
    """
    draws = 1 << 22
    one = math.inf
    two = math.inf
    for _ in range(3):
        one = min(one, _run_simulate(draws, 1))
        two = min(two, _run_simulate(draws, 2))
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    _report(benchmark, "one_worker_seconds", one, "s")
    _report(benchmark, "one_worker_draws_per_s", draws / one, "draws/s")
    _report(benchmark, "two_workers_seconds", two, "s")
    _report(benchmark, "two_worker_speedup", one / two, "x")


def peak_rss(draws: int, workers: int = 1) -> dict[str, float]:
    """Peak resident memory (MiB) of a fresh ``accord simulate`` process."""
    # VmHWM is the peak of this process's own memory; ru_maxrss would include the RSS
    # the parent (this pytest process) had when it forked the child.
    code = ("import sys, time, json\n"
            "sys.path.insert(0, sys.argv[1])\n"
            "from generate import scenario\n"
            "from accord.simulation import simulate\n"
            "t = time.perf_counter()\n"
            "simulate(scenario(), draws=int(sys.argv[2]), seed=1, workers=int(sys.argv[3]))\n"
            "hwm = [ln for ln in open('/proc/self/status') if ln.startswith('VmHWM:')][0]\n"
            "print(json.dumps({'seconds': time.perf_counter() - t, 'rss_mib': "
            "int(hwm.split()[1]) / 1024}))\n")
    out = subprocess.run([sys.executable, "-c", code, str(HERE), str(draws), str(workers)],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(HERE)})
    res: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return res


@pytest.mark.parametrize("draws", [10 ** 5, 10 ** 6])
def test_memory(benchmark: Any, draws: int) -> None:
    """Peak RSS of a whole run: constant in the number of draws."""
    res: dict[str, float] = {}

    def run() -> None:
        res.update(peak_rss(draws))

    benchmark.pedantic(run, rounds=1, iterations=1)
    _report(benchmark, f"rss_mib_{draws:.0e}", res["rss_mib"], "MiB")


@pytest.mark.slow
def test_memory_ten_million(benchmark: Any) -> None:
    """10^7 draws in one process (about 2-3 minutes)."""
    res: dict[str, float] = {}
    benchmark.pedantic(lambda: res.update(peak_rss(10 ** 7)), rounds=1, iterations=1)
    _report(benchmark, "rss_mib_1e7", res["rss_mib"], "MiB")
    _report(benchmark, "seconds_1e7", res["seconds"], "s")
