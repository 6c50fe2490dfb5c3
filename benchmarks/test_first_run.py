"""The first run after a fresh install (docs/performance.md, "First run").

Creates a virtual environment, installs this checkout as the README's first
command does (``python -m pip install .``: dependencies from the package index,
the wheel built on this machine, its build compiling the Monte Carlo kernel),
then times, in that environment:

* ``install_s``: the install;
* ``first_simulate_s``: the first ``accord simulate halt-rollback-eliminate
  --draws 10000`` (wall time of the whole command: interpreter start, imports,
  loading the compiled kernel, the run; the issue's target is under 3 s);
* ``second_simulate_s``: the same command again;
* ``fresh_end_to_end_draws_per_s``: ``accord.simulate`` of the generated
  benchmark scenario (``generate.py``), one worker, 2^21 draws, in that
  environment's first Python process that runs it (so any compile it needed would
  count), draws divided by wall time.

Marked ``slow`` (about three minutes; it needs the package index)::

    python -m pytest benchmarks/test_first_run.py --benchmark-only -s -m slow
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from generate import scenario_text

ROOT = Path(__file__).resolve().parent.parent

RATE = """
import sys, time, accord
s = accord.load(sys.argv[1])
t = time.perf_counter()
accord.simulate(s, draws=2**21, seed=1, workers=1)
print(2**21 / (time.perf_counter() - t))
"""


def _timed(cmd: list[str], **kw: Any) -> tuple[float, subprocess.CompletedProcess[str]]:
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)
    return time.perf_counter() - t, done


@pytest.mark.slow
def test_first_run_in_a_fresh_virtual_environment(benchmark: Any, tmp_path: Path) -> None:
    def measure() -> dict[str, float]:
        venv = tmp_path / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        py, accord = venv / "bin" / "python", venv / "bin" / "accord"
        env = {k: v for k, v in os.environ.items()
               if k not in ("NUMBA_CACHE_DIR", "ACCORD_JIT", "PYTHONPATH")}
        # a clone of the checkout's last commit, so no earlier build directory is reused
        src = tmp_path / "src"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(src)], check=True)
        install, done = _timed([str(py), "-m", "pip", "install", "-q", str(src)], env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        cmd = [str(accord), "simulate", "halt-rollback-eliminate", "--draws", "10000",
               "--seed", "1"]
        first, done = _timed(cmd, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-2000:]
        second, _ = _timed(cmd, env=env, cwd=tmp_path)
        bench = tmp_path / "benchmark.yaml"
        bench.write_text(scenario_text(), encoding="utf-8")
        done = subprocess.run([str(py), "-c", RATE, str(bench)], capture_output=True, text=True,
                              env=env, cwd=tmp_path, check=True)
        return {"install_s": install, "first_simulate_s": first, "second_simulate_s": second,
                "fresh_end_to_end_draws_per_s": float(done.stdout.split()[-1])}

    out = benchmark.pedantic(measure, rounds=1, iterations=1)
    for k, v in out.items():
        benchmark.extra_info[k] = v
        print(f"\n{k}: {v:,.2f}")
