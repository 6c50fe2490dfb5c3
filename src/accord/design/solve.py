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
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from accord.design.milp import Program
from accord.design.space import Space
from accord.engine.params import FloatArray


@dataclass(frozen=True)
class Solved:
    """``status``: optimal, feasible (stopped with an incumbent), infeasible, no_solution."""

    status: str
    x: FloatArray | None
    objective: float | None  # in the program's sense (max objectives not negated)
    gap: float | None


_quiet = False

#: HiGHS's ``small_matrix_value``: matrix entries at or below it are ignored.
SMALL = 1e-9


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


def solve(prog: Program, time_limit: float | None = None, *,
          start: FloatArray | None = None, zero: Sequence[int] = (),
          relax: bool = False) -> Solved:
    """Run HiGHS on ``prog``: ``start`` a feasible point of it (the incumbent HiGHS
    starts from), ``zero`` columns fixed at 0 (a restriction of the program), ``relax``
    the linear relaxation (integrality dropped)."""
    import highspy

    b = prog.b
    n, m = len(b.lb), len(b.rows)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    inf = highspy.kHighsInf
    lp.col_cost_ = np.array(prog.cost, dtype=np.float64) * prog.sense
    lower = np.array([max(v, -inf) for v in b.lb], dtype=np.float64)
    upper = np.array([min(v, inf) for v in b.ub], dtype=np.float64)
    if len(zero):
        idx = np.asarray(zero, dtype=np.int64)
        lower[idx] = np.minimum(lower[idx], 0.0)
        upper[idx] = 0.0
    lp.col_lower_, lp.col_upper_ = lower, upper
    lp.row_lower_ = np.array([max(lo, -inf) for _, lo, _ in b.rows], dtype=np.float64)
    lp.row_upper_ = np.array([min(hi, inf) for _, _, hi in b.rows], dtype=np.float64)
    # entries at or below HiGHS's small_matrix_value (1e-9) are rounding residue of
    # cancelled sums; HiGHS would drop them itself (with a warning), so the model is
    # the same
    first, index, value = [0], [], []
    for body, _, _ in b.rows:
        kept = [(v, a) for v, a in body.items() if abs(a) > SMALL]
        index += [v for v, _ in kept]
        value += [a for _, a in kept]
        first.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(first, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=np.float64)
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
    if any(b.integer) and not relax:
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
    if start is not None:
        h.setSolution(n, np.arange(n, dtype=np.int32), np.asarray(start, dtype=np.float64))
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


def after(prog: Program, sp: Space, kt: int) -> list[int] | None:
    """The columns to fix at 0 so that no move lies after phase ``kt`` (``None`` if a
    written move outside the pool lies after it: the restriction is empty)."""
    if any(sl.fixed and sl.phase > kt for sl in sp.slots):
        return None
    cols = [v for (_, sg), v in prog.y.items() if sp.slots[sg].phase > kt]
    cols += [prog.u[sg] for sg, sl in enumerate(sp.slots) if sl.phase > kt]
    return cols + prog.last[kt + 1:]


def staged(prog: Program, sp: Space, time_limit: float | None = None, *,
           ends: Sequence[float] = (), completion: bool = False) -> Solved:
    """Solve ``prog`` from the first feasible phase prefix (phases ``0..kt`` for ``kt``
    = 0, 1, 3, 7, ...): the restricted program is far smaller, and its solution, a
    feasible point of ``prog``, is the incumbent the full search starts from.

    Other objectives first try :func:`guided` (proven there when the relaxation's bound
    is met), and start from its road map when it finds one.

    With ``completion`` (objective: minimize ``T``) and phase ends ``ends`` that never
    decrease, the restricted optimum is the optimum when every shorter prefix is proven
    infeasible: a road map ending in a later phase ends no earlier.  The result is the
    same optimum as :func:`solve` on ``prog``; only the path to it is shorter.
    """
    n_k = len(prog.last)
    deadline = None if time_limit is None else time.perf_counter() + time_limit

    def left() -> float | None:
        return None if deadline is None else max(0.05, deadline - time.perf_counter())

    if not completion:
        res = guided(prog, sp, left())
        if res is not None and res.status == "optimal":
            return res
        if res is not None and res.x is not None:
            return solve(prog, left(), start=res.x)
    kt, proven = 0, True
    monotone = all(a <= b for a, b in pairwise(ends))
    while kt < n_k - 1:
        zero = after(prog, sp, kt)
        if zero is not None:
            res = solve(prog, left(), zero=zero)
            if res.x is not None:
                if completion and proven and monotone and res.status == "optimal":
                    return res
                return solve(prog, left(), start=res.x)
            if res.status != "infeasible":
                proven = False
            if deadline is not None and time.perf_counter() >= deadline:
                return res
        kt = 2 * kt + 1
    return solve(prog, left())


def guided(prog: Program, sp: Space, time_limit: float | None = None) -> Solved | None:
    """The program restricted to the phases its linear relaxation uses.

    Solve the relaxation; fix at 0 every placement ``y[j, σ]`` in a phase where the
    relaxation puts none of step ``j`` (``Σ_{σ in k} y[j, σ] = 0``); solve that smaller
    program.  Its optimum is a feasible point of ``prog``; when it meets the relaxation's
    bound (within the MIP gap tolerances of :func:`solve`, 1e-9 relative, 1e-12
    absolute) no candidate does better, so it is ``prog``'s optimum, status
    ``optimal``.  Otherwise it is returned as ``feasible`` (a start), or ``None`` when
    the relaxation or the restriction has no solution.
    """
    root = solve(prog, time_limit, relax=True)
    if root.x is None or root.objective is None:
        return None
    mass: dict[tuple[int, int], float] = {}
    for (j, sg), v in prog.y.items():
        key = (j, sp.slots[sg].phase)
        mass[key] = mass.get(key, 0.0) + float(root.x[v])
    zero = [v for (j, sg), v in prog.y.items() if mass[j, sp.slots[sg].phase] <= 1e-9]
    res = solve(prog, time_limit, zero=zero)
    if res.x is None or res.objective is None:
        return None
    gap = prog.sense * (res.objective - root.objective)
    if res.status == "optimal" and gap <= max(1e-12, 1e-9 * abs(res.objective)):
        return Solved("optimal", res.x, res.objective, 0.0)
    return Solved("feasible", res.x, res.objective, None)
