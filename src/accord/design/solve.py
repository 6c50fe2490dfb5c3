"""Solving a :class:`~accord.design.milp.Program` with HiGHS (``highspy``).

HiGHS is called directly rather than through ``scipy.optimize.milp`` for three
controls scipy does not pass on: the primal and integrality feasibility
tolerances (tightened to 1e-9, near MODEL.md's tie rule), one thread (the same
answer on every machine load), and the MIP gap and dual bound when a time limit
stops the search.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.design.milp import Program
from accord.engine.params import FloatArray


@dataclass(frozen=True)
class Solved:
    """``status``: optimal, feasible (stopped with an incumbent), infeasible, no_solution."""

    status: str
    x: FloatArray | None
    objective: float | None  # in the program's sense (max objectives not negated)
    gap: float | None


_quiet = False


def _highs() -> Any:
    """A new ``highspy.Highs``; the first one of a process prints a banner on file
    descriptor 1 (C level), which would corrupt ``--json`` output: it goes to /dev/null."""
    import highspy

    global _quiet
    if _quiet:
        return highspy.Highs()  # type: ignore[no-untyped-call]
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no file descriptor 1
        return highspy.Highs()  # type: ignore[no-untyped-call]
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)
    _quiet = True
    return h


def solve(prog: Program, time_limit: float | None = None) -> Solved:
    """Run HiGHS on ``prog``."""
    import highspy

    b = prog.b
    n, m = len(b.lb), len(b.rows)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    inf = highspy.kHighsInf
    lp.col_cost_ = np.array(prog.cost, dtype=np.float64) * prog.sense
    lp.col_lower_ = np.array([max(v, -inf) for v in b.lb], dtype=np.float64)
    lp.col_upper_ = np.array([min(v, inf) for v in b.ub], dtype=np.float64)
    lp.row_lower_ = np.array([max(lo, -inf) for _, lo, _ in b.rows], dtype=np.float64)
    lp.row_upper_ = np.array([min(hi, inf) for _, _, hi in b.rows], dtype=np.float64)
    start, index, value = [0], [], []
    for body, _, _ in b.rows:
        index += list(body)
        value += list(body.values())
        start.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(start, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=np.float64)
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
    if any(b.integer):
        lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                           for i in b.integer]
    h = _highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    h.setOptionValue("dual_feasibility_tolerance", 1e-9)
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.setOptionValue("mip_abs_gap", 1e-12)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    h.passModel(lp)
    h.run()
    st = h.getModelStatus()
    ms = highspy.HighsModelStatus
    info = h.getInfo()
    has = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if st == ms.kInfeasible:
        return Solved("infeasible", None, None, None)
    if st == ms.kOptimal:
        status = "optimal"
    elif has:
        status = "feasible"
    else:
        return Solved("no_solution", None, None, None)
    x = np.array(h.getSolution().col_value, dtype=np.float64)
    obj = float(info.objective_function_value) * prog.sense
    gap = 0.0 if status == "optimal" else float(info.mip_gap)
    if not math.isfinite(gap):
        gap = None  # type: ignore[assignment]
    return Solved(status, x, obj, gap)
