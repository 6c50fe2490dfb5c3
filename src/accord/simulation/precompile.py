"""Compile every Monte Carlo entry point once, into accord's numba cache.

``python3 -m accord.simulation.precompile`` runs a short simulation and a short
sensitivity study of the bundled ``halt-rollback-eliminate``: together they call
every compiled entry point (:data:`accord.engine.montecarlo.jit.ENTRIES`), with
the argument types of every run (the types do not depend on the scenario; a test
runs other scenarios and finds one signature per entry point).  numba writes the
compiled code to :data:`~accord.engine.montecarlo.jit.CACHE`.

The wheel build runs it (``setup.py``), so that the first run after
``pip install .`` does not compile; after an editable install, run it once by hand
(or let the first Monte Carlo run compile).
"""

from __future__ import annotations

import sys
import time


def main() -> int:
    """Compile, then print what was compiled and where (exit status 0)."""
    from accord.engine.montecarlo import jit

    if not jit.enabled():
        print("accord: numba is off or missing; nothing to compile")
        return 0
    from accord.simulation.run import simulate
    from accord.simulation.sensitivity import sensitivity

    t0 = time.perf_counter()
    simulate("halt-rollback-eliminate", draws=64, seed=0, workers=1)
    sensitivity("halt-rollback-eliminate", draws=16, seed=0)
    names = ", ".join(e.__name__ for e in jit.ENTRIES)
    print(f"accord: compiled {names} in {time.perf_counter() - t0:.0f} s, into {jit.CACHE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
