"""Where an infeasible design misses (DESIGN.md §5, ``shortfall``).

The elastic program (:func:`accord.design.milp.build` with ``elastic``): a slack on every
feasibility row, their sum minimized.  Its candidate is written and analyzed by the
engine; every margin, cheat margin and surplus that fails is a miss, with its point,
party, value and how much it is short.  In robust mode the rows are those of the means
and of the draws the search needed to prove infeasibility (the rows of every draw would
only add misses), and each miss names its draw (``None``: at the means).
"""

from __future__ import annotations

from typing import Any

from accord.analysis import analyze as analyze_scenario
from accord.design import milp
from accord.design.coefficients import coefficients
from accord.design.robust import Draws
from accord.design.solve import solve
from accord.design.space import space
from accord.design.written import read, write
from accord.engine.solution import Solution
from accord.model import Scenario
from accord.model.design import Design


def misses(sol: Solution, d: int, eps: float) -> list[dict[str, Any]]:
    """The tests of draw ``d`` of ``sol`` that fail: margins and cheat margins below
    ``eps`` (tie rule) and negative surpluses (a party that would not sign)."""
    lay = sol.layout
    out: list[dict[str, Any]] = []
    m = sol.margins[d]
    for q in range(m.shape[0]):
        for i, p in enumerate(lay.parties):
            if m[q, i] - eps < -1e-9 * max(1.0, abs(m[q, i])):
                out.append({"kind": "margin", "point": q, "party": p,
                            "value": float(m[q, i]), "shortfall": float(eps - m[q, i])})
    ch = sol.cheats
    for k, j in enumerate(ch.steps):
        v = float(ch.margin[d, k])
        if v - eps < -1e-9 * max(1.0, abs(v)):
            out.append({"kind": "cheat", "point": int(ch.points[k]),
                        "party": lay.parties[int(ch.actors[k])], "step": lay.steps[int(j)],
                        "value": v, "shortfall": float(eps - v)})
    for i, p in enumerate(lay.parties):
        if not sol.takes_part[d, i]:
            v = float(sol.surplus[d, i])
            out.append({"kind": "surplus", "point": None, "party": p, "value": v,
                        "shortfall": -v})
    return out


def shortfall(s: Scenario, d: Design, eps: float, keep_order: bool,
              robust: Draws | None = None, draws: tuple[int, ...] = ()
              ) -> dict[str, Any] | None:
    """The best candidate's misses: the smallest total of per-test shortfalls (at the
    means, and in each of ``draws`` of ``robust``)."""
    sp = space(s, d, keep_order=keep_order)
    co = coefficients(s)
    sets = [] if robust is None else [robust.coefficients(q) for q in draws]
    prog = milp.build(sp, co, "min-margin", eps, elastic=True, draws=sets)
    res = solve(prog)
    if res.x is None:
        return None
    cand = read(prog, sp, res.x)
    _, written = write(s, cand, co, "")
    found = misses(analyze_scenario(written).solution, 0, eps)
    if robust is not None:
        for x in found:
            x["draw"] = None
        sol = robust.evaluate(written, cand.scale)
        for q in draws:
            found += [{**x, "draw": q} for x in misses(sol, q, eps)]
    return {"total": float(sum(x["shortfall"] for x in found)), "misses": found,
            "roadmap": [{"phase": ph.phase, "moves": [list(mv.steps) for mv in ph.moves]}
                        for ph in written.roadmap], "scale": cand.scale}


__all__ = ["misses", "shortfall"]
