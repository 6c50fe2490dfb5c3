"""The result depends only on (scenario, draws, seed): byte-identical JSON otherwise.

Blocks of 4096 draws each draw from ``SFC64(SeedSequence(seed, spawn_key=(b,)))``;
counts and histograms merge by addition, moments fold in block order.  So
the JSON must not change with the number of worker processes, the chunk size
(blocks per task), the kernel (numba or numpy) or a Dask cluster.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

import accord
from accord.simulation import simulate
from accord.simulation.sampler import BLOCK_SIZE, generator

ROOT = Path(__file__).resolve().parents[2]
DRAWS = 3 * BLOCK_SIZE + 123  # several blocks and a short last one


@pytest.fixture(scope="module")
def reference(rich: accord.Scenario) -> str:
    return simulate(rich, draws=DRAWS, seed=2024).to_json()


def test_generator_is_the_spawned_child() -> None:
    child = np.random.SeedSequence(11).spawn(6)[5]
    a = np.random.Generator(np.random.SFC64(child)).random(4)
    assert np.array_equal(generator(11, 5).random(4), a)


def test_a_blocks_numbers_are_numpys_own_draws(rich: accord.Scenario) -> None:
    """The documented recipe: block b's numbers are numpy's methods on its SFC64 generator.

    ``g = Generator(SFC64(SeedSequence(seed, spawn_key=(b,))))``, then each random
    number of the file, in file order, drawn ``size=n`` by ``g.<kind>(*params)``; the
    compiled sampler must give exactly these bits (block 2, a short block of 777 draws).
    """
    from accord.simulation.sampler import Model

    model = Model(rich)
    got = model.sample(generator(2024, 2), 777)
    g = np.random.Generator(np.random.SFC64(np.random.SeedSequence(2024, spawn_key=(2,))))
    for path, q in model.quantities:
        if q.is_random:
            want = getattr(g, q.kind)(*q.params, size=777)
            assert np.array_equal(got[path], want), path


@pytest.mark.parametrize("chunk", [1, 2, 4])
def test_chunk_size_does_not_change_the_json(rich: accord.Scenario, reference: str,
                                             chunk: int) -> None:
    assert simulate(rich, draws=DRAWS, seed=2024, chunk=chunk).to_json() == reference


@pytest.mark.parametrize("workers", [2, 4])
def test_worker_processes_do_not_change_the_json(rich: accord.Scenario, reference: str,
                                                 workers: int) -> None:
    got = simulate(rich, draws=DRAWS, seed=2024, workers=workers, chunk=1)
    assert got.to_json() == reference
    assert got.runtime["workers"] == workers


def test_spawned_workers_give_the_same_json(rich: accord.Scenario, reference: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Where fork is not used (macOS, Windows) workers are spawned and rebuild the model."""
    import accord.simulation.parallel as parallel

    monkeypatch.setattr(parallel, "start_method", lambda: "spawn")
    assert simulate(rich, draws=DRAWS, seed=2024, workers=2, chunk=1).to_json() == reference


def test_a_script_without_a_main_guard_can_use_workers(tmp_path: Path) -> None:
    """Forked workers do not re-import the caller's script (spawn would, and fail)."""
    script = tmp_path / "run.py"
    script.write_text("import accord\n"
                      "name = 'halt-rollback-eliminate'\n"
                      "r = accord.simulate(name, draws=9000, seed=5, workers=2, chunk=1)\n"
                      "print(r.to_json() == accord.simulate(name, draws=9000, seed=5).to_json())\n")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"


def test_un_jitted_run_gives_the_same_json(rich: accord.Scenario, tmp_path: Path) -> None:
    """``ACCORD_JIT=0``: sampler, kernel and row statistics run as plain Python (numpy's
    own methods draw the numbers) in a fresh process, and the JSON is the same, byte
    for byte, as the compiled run's (two blocks, the second short)."""
    draws = BLOCK_SIZE + 21
    code = ("import sys, warnings, accord\n"
            "warnings.simplefilter('ignore')\n"
            "from tests.simulation.conftest import RICH\n"
            "from accord.engine.montecarlo import jit\n"
            "assert not jit.enabled()\n"
            f"r = accord.simulate(accord.load_text(RICH), draws={draws}, seed=2024, chunk=1)\n"
            "sys.stdout.write(r.to_json())\n")
    env = {**os.environ, "ACCORD_JIT": "0",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=600, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout == simulate(rich, draws=draws, seed=2024).to_json()


def test_other_seeds_and_draws_change_the_numbers(rich: accord.Scenario, reference: str) -> None:
    assert simulate(rich, draws=DRAWS, seed=2025).to_json() != reference
    shorter = json.loads(simulate(rich, draws=DRAWS - 1, seed=2024).to_json())
    assert shorter["draws"] == DRAWS - 1


def test_provenance_is_recorded(reference: str, rich: accord.Scenario) -> None:
    prov = json.loads(reference)["provenance"]
    assert prov["seed"] == 2024 and prov["draws"] == DRAWS
    assert prov["scenario_digest"] == rich.digest
    assert prov["accord_version"] == accord.__version__
    assert prov["block_size"] == BLOCK_SIZE and prov["bit_generator"] == "SFC64"


def test_no_seed_draws_fresh_entropy_and_records_it(rich: accord.Scenario) -> None:
    a = simulate(rich, draws=50)
    b = simulate(rich, draws=50, seed=a.provenance.seed)
    assert a.provenance.seed is not None and a.to_json() == b.to_json()


def test_dask_cluster_gives_the_same_json(rich: accord.Scenario, reference: str) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        got = simulate(rich, draws=DRAWS, seed=2024, scheduler=cluster.scheduler_address,
                       chunk=1)
        with distributed.Client(cluster) as client:
            via_client = simulate(rich, draws=DRAWS, seed=2024, scheduler=client, chunk=2)
    assert got.to_json() == reference
    assert via_client.to_json() == reference


@pytest.mark.parametrize(("draws", "chunk", "tail"), [
    (1 << 22, 64, 128), (1 << 22, 64, 0), (10_000, 1, 4), (4097, 3, 100), (1, 64, 128)])
def test_plan_covers_every_block_once_in_order(draws: int, chunk: int, tail: int) -> None:
    """Tasks tile blocks 0 .. blocks(draws) - 1; the last ``tail`` blocks in quarter tasks."""
    from accord.simulation.parallel import plan
    from accord.simulation.sampler import blocks

    tasks = list(plan(5, draws, chunk, tail=tail))
    starts = [t.first for t in tasks]
    assert starts == sorted(starts) and starts[0] == 0
    assert all(a.first + a.count == b.first for a, b in pairwise(tasks))
    assert sum(t.count for t in tasks) == blocks(draws)
    assert sum(t.size for t in tasks) == draws
    for t in tasks:
        rest = blocks(draws) - t.first
        assert t.count == min(chunk if rest > tail else max(1, -(-chunk // 4)), rest)


def test_run_processes_with_one_worker_runs_in_process(rich: accord.Scenario) -> None:
    """``workers=1`` needs no pool: the tasks run here, with the numbers of ``simulate``."""
    from accord.simulation.aggregate import Accumulator
    from accord.simulation.parallel import plan, run_processes
    from accord.simulation.result import summarize
    from accord.simulation.sampler import Model

    m = Model(rich)
    acc = Accumulator(m.rows)
    run_processes(m, plan(3, 5000, 1), acc, 1)
    want = accord.simulate(rich, draws=5000, seed=3).to_dict()
    got = summarize(m, acc, rich.title)
    for key in ("self_enforcing", "outcome", "points", "cheats", "surplus", "quantiles"):
        assert json.dumps(got[key], sort_keys=True) == json.dumps(want[key], sort_keys=True)


def test_the_pool_is_topped_up_before_this_process_takes_a_task(rich: accord.Scenario) -> None:
    """While this process computes a task, the worker has one running and one queued.

    A fake pool: its worker finishes the oldest task whenever this process runs
    one (or waits).  Topping up before merging finished tasks left the worker
    one task only, so it ran dry while this process computed.  The merged
    result is the serial run's.
    """
    from concurrent.futures import Future

    from accord.simulation.aggregate import Accumulator, Chunk
    from accord.simulation.blocks import Task, run_task
    from accord.simulation.parallel import plan, share
    from accord.simulation.result import summarize
    from accord.simulation.sampler import Model

    m = Model(rich)
    acc = Accumulator(m.rows)
    queued: list[tuple[Future[Chunk], Task]] = []
    unfinished_when_here: list[int] = []

    def submit(task: Task) -> Future[Chunk]:
        fut: Future[Chunk] = Future()
        queued.append((fut, task))
        return fut

    def finish_oldest() -> None:
        fut, task = next((f, t) for f, t in queued if not f.done())
        fut.set_result(run_task(m, task))

    def run_here(task: Task) -> Chunk:
        unfinished_when_here.append(sum(not f.done() for f, _ in queued))
        finish_oldest()
        return run_task(m, task)

    def wait_any(fs: set[Future[Chunk]]) -> set[Future[Chunk]]:
        finish_oldest()
        return {f for f in fs if f.done()}

    share(submit, run_here, plan(3, 12 * BLOCK_SIZE, 1), acc, 2, None, wait_any)
    # 12 one-block tasks: 2 queued first, then each round one submitted, one run here
    assert unfinished_when_here == [2, 2, 2, 2, 2] and len(queued) == 7
    want = accord.simulate(rich, draws=12 * BLOCK_SIZE, seed=3, chunk=1).to_dict()
    got = summarize(m, acc, rich.title)
    for key in ("self_enforcing", "outcome", "points", "cheats", "surplus", "quantiles"):
        assert json.dumps(got[key], sort_keys=True) == json.dumps(want[key], sort_keys=True)
