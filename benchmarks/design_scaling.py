"""How the optimizer's solve time grows with steps and phases (docs/performance.md).

Run: ``PYTHONPATH=src python benchmarks/design_scaling.py [time limit, s]``; prints one
Markdown row per (steps, phases, objective): program size, status, seconds (building the
program and the staged solve of :func:`accord.design.solve.staged`, as ``optimize``
runs it), MIP gap.
"""

from __future__ import annotations

import sys
import time

import accord
from accord.design import milp
from accord.design.coefficients import coefficients
from accord.design.solve import staged
from accord.design.space import space

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from design_pool import pool

SIZES = ((10, 3), (20, 5), (30, 8), (40, 10))
OBJECTIVES = ("completion", "capability-years:weapons", "cost", "surplus:D", "min-margin")


def main(limit: float) -> None:
    print("| steps | phases | objective | columns (0/1) | rows | status | seconds | gap |")
    print("|---|---|---|---|---|---|---|---|")
    for steps, phases in SIZES:
        s = accord.Scenario.model_validate(pool(steps, phases))
        sp, co = space(s), coefficients(s)
        for obj in OBJECTIVES:
            start = time.perf_counter()
            prog = milp.build(sp, co, obj, 0.0)
            res = staged(prog, sp, limit, ends=[float(e) for e in co.grid.end],
                         completion=obj == "completion")
            sec = time.perf_counter() - start
            gap = "-" if res.gap is None else f"{res.gap:.3g}"
            print(f"| {steps} | {phases} | {obj} | {len(prog.b.lb)} ({sum(prog.b.integer)}) "
                  f"| {len(prog.b.rows)} | {res.status} | {sec:.1f} | {gap} |", flush=True)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 60.0)
