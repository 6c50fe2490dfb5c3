"""Build hook: the wheel carries the Monte Carlo loops compiled for this machine.

``pip install .`` builds a wheel on the machine it installs on.  After setuptools
copies the package into the build directory, :class:`BuildPy` runs
``python -m accord.simulation.precompile`` on that copy: numba compiles every
Monte Carlo entry point once and writes its cache into ``accord/_jit/``, which
the wheel then contains.  The first ``accord simulate`` after the install loads
the compiled code instead of compiling it (docs/performance.md, "First run").

The cache is keyed on the content of the sources, the numba version and the
CPU, so a wheel built elsewhere or against another numba is simply not used: the
first run then compiles, as it does without this hook.  Set
``ACCORD_PRECOMPILE=0`` to skip the step; editable installs skip it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    """``build_py``, then the Monte Carlo loops compiled into the build directory."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False) or os.environ.get(
                "ACCORD_PRECOMPILE", "1").strip().lower() in ("0", "false", "no", "off"):
            return
        lib = Path(self.build_lib).resolve()
        env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "ACCORD_JIT")}
        # first on the path, before what build isolation puts there (its site-packages)
        env["PYTHONPATH"] = os.pathsep.join([str(lib), *filter(None, [env.get("PYTHONPATH")])])
        print("accord: compiling the Monte Carlo kernel for this machine (about a minute)",
              flush=True)
        done = subprocess.run([sys.executable, "-m", "accord.simulation.precompile"],
                              env=env, cwd=lib, check=False)
        if done.returncode != 0:
            print("accord: the kernel could not be compiled now; the first Monte Carlo run "
                  "will compile it", flush=True)


setup(cmdclass={"build_py": BuildPy})
