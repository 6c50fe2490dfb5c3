"""The program's parts: big-M bounds are valid at every integral point; coefficients are
the engine's numbers (a placed step's compliance PV is the engine's step value)."""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord import Scenario
from accord.design import milp
from accord.design.coefficients import coefficients
from accord.design.columns import Columns
from accord.design.linear import ONE
from accord.design.solve import solve
from accord.design.space import space
from tests.design.brute import _requires_ok, placements
from tests.design.instances import instance


@pytest.mark.parametrize("seed", range(0, 40, 2))
def test_row_bounds_hold_at_integral_points(seed: int) -> None:
    """For a few placements, fixed in the program (rows relaxed by column-bound big-Ms only),
    every test's expression lies within the bounds used as its big-M, active or not; where
    the row is active, within its active bounds (completion: every step in that phase or
    earlier; cheat: the step in its slot's phase); a margin row, within its bounds given
    the step that sits in its slot."""
    data = instance(seed)
    s = Scenario.model_validate(data)
    sp, co = space(s), coefficients(s)
    rng = np.random.default_rng(seed)
    cands = [c for c in placements(data) if _requires_ok(data, c)
             and not data["design"].get("pool")]  # no fixed moves: slot = position
    ids = sp.steps
    checked = 0
    active_checked = [0]
    for n in rng.choice(len(cands), size=min(4, len(cands)), replace=False):
        cand = cands[int(n)]
        m = Columns(sp, co)
        comply = [m.compliance(co, i) for i in range(len(s.parties))]
        tests = milp._tests(m, co, comply, 0, -1e9, -1e9)  # rhs far below: rows never bind
        where = {x: (k, pos) for k, ph in enumerate(cand) for pos, mv in enumerate(ph)
                 for x in mv}
        for (j, sg), v in m.y.items():
            k, pos = where.get(ids[j], (-1, -1))
            slots = [q for q in sp.phase_slots(k) if not sp.slots[q].fixed] if k >= 0 else []
            fixed = sp.slots[sg].fixed
            on = fixed or (k == sp.slots[sg].phase and pos < len(slots) and slots[pos] == sg)
            if not fixed:
                m.b.lb[v] = m.b.ub[v] = 1.0 if on else 0.0
        for expr, act, _, rhs in tests:
            m.b.at_least(expr, rhs, act)
        prog = milp.Program(b=m.b, cost=[0.0] * len(m.b.lb), sense=1, y=m.y, u=m.u,
                            lam=m.lam, last=m.last)
        res = solve(prog)
        if res.x is None:  # the placement breaks requires: nothing to evaluate
            continue
        x = res.x
        def within(val: float, lo: float, hi: float) -> bool:
            return lo - 1e-9 * max(1, abs(lo)) <= val <= hi + 1e-9 * max(1, abs(hi))

        for expr, act, test, _ in tests:
            val = sum(c * (1.0 if v == ONE else x[v]) for v, c in expr.items())
            assert within(val, *m.bounds(co, test)), test
            on = act is None or sum(c * (1.0 if v == ONE else x[v])
                                    for v, c in act.items()) > 0.5
            if on:  # the bounds where the row is active (the caps of min-margin)
                assert within(val, *m.bounds(co, test, active=True)), test
            if test.kind == "margin":  # where each step sits in the slot (its move next)
                for j in sp.slots[test.slot].allowed:
                    if x[m.y[j, test.slot]] > 0.5:
                        assert within(val, *m.bounds(co, test, at=(j, test.slot))), (test, j)
                        active_checked[0] += 1
        checked += 1
    assert checked >= 1 or not cands
    assert active_checked[0] >= 1 or not checked


def test_coefficients_are_the_engine_step_values() -> None:
    s = Scenario.model_validate(instance(5))
    co = coefficients(s)
    a = accord.analyze(s)
    lay = a.layout
    starts = list(co.grid.start)
    for n, sid in enumerate(lay.steps):
        j = [st.id for st in s.steps].index(sid)
        k = starts.index(float(a.solution.params.x[0, n]))
        assert np.allclose(co.value[j, k], a.solution.step_values[0, n], rtol=1e-12, atol=1e-12)
