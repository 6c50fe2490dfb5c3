"""Located checks of the design block (DESIGN.md §1): each problem with its field path.

Unknown step, stick, phase, capability or party ids; a pin to a phase that does not
exist; ``lo > hi``; a negative scale bound; an unknown objective; an epsilon that is
negative (the written road map must be viable, every margin ``>= 0``) or not finite.
"""

from __future__ import annotations

import math

from accord.model.design import OBJECTIVES
from accord.model.problem import Path, Problem
from accord.model.scenario import Scenario
from accord.model.suggest import suggest, unknown


def problems(s: Scenario) -> list[Problem]:
    """Every problem of ``s.design`` (none when there is no design block)."""
    d = s.design
    if d is None:
        return []
    out: list[Problem] = []
    steps = [st.id for st in s.steps]
    phases = [ph.phase for ph in s.roadmap]

    def ref(path: Path, name: str, known: list[str], what: str) -> bool:
        if name in known:
            return True
        out.append(Problem(path, unknown(what, name, known), name, code=f"unknown-{what}"))
        return False

    pool = list(steps if d.pool is None else d.pool)
    for j, sid in enumerate(d.pool or ()):
        ref(("design", "pool", j), sid, steps, "step")
    for j, sid in enumerate(d.optional):
        if ref(("design", "optional", j), sid, steps, "step") and sid not in pool:
            out.append(Problem(("design", "optional", j), f"optional step {sid!r} is not in "
                               "the design pool", sid, code="design-not-in-pool"))
    for sid, phase in d.pin.items():
        if ref(("design", "pin", sid), sid, steps, "step") and sid not in pool:
            out.append(Problem(("design", "pin", sid), f"pinned step {sid!r} is not in the "
                               "design pool", sid, code="design-not-in-pool"))
        ref(("design", "pin", sid), phase, phases, "phase")
    items = steps + [k.id for k in s.sticks]
    for name, (lo, hi) in d.scale.items():
        path: Path = ("design", "scale", name)
        ref(path, name, items, "item")
        if not (math.isfinite(lo) and math.isfinite(hi)):
            out.append(Problem(path, f"scale bounds must be finite (got [{lo}, {hi}])",
                               [lo, hi], code="design-scale"))
        elif lo < 0 or hi < 0:
            out.append(Problem(path, f"scale bounds must be >= 0 (got [{lo}, {hi}])",
                               [lo, hi], code="design-scale"))
        elif lo > hi:
            out.append(Problem(path, f"scale bounds need lo <= hi (got [{lo}, {hi}])",
                               [lo, hi], code="design-scale"))
    if not (math.isfinite(d.epsilon) and d.epsilon >= 0):
        out.append(Problem(("design", "epsilon"), f"epsilon must be a finite number >= 0 "
                           f"(got {d.epsilon}): a road map that holds has every margin >= 0",
                           d.epsilon, code="design-epsilon"))
    out += objective_problems(s, d.objective, ("design", "objective"))
    return out


def objective_problems(s: Scenario, objective: str, path: Path) -> list[Problem]:
    """Problems of an objective string (also used for ``--objective``)."""
    kind, _, arg = objective.partition(":")
    if kind not in OBJECTIVES:
        return [Problem(path, f"unknown objective {objective!r}{suggest(kind, OBJECTIVES)}; "
                        "one of min-margin, capability-years:CAP, completion, surplus:PARTY, "
                        "cost", objective, code="unknown-objective")]
    needs = {"capability-years": ("capability", [c.id for c in s.capabilities]),
             "surplus": ("party", list(s.party_ids))}
    if kind not in needs:
        if arg:
            return [Problem(path, f"objective {kind!r} takes no ':' argument (got "
                            f"{objective!r})", objective, code="unknown-objective")]
        return []
    what, known = needs[kind]
    if not arg:
        return [Problem(path, f"objective {kind!r} needs a {what}: {kind}:ID", objective,
                        code="unknown-objective")]
    if arg not in known:
        return [Problem(path, f"objective {objective!r}: {unknown(what, arg, known)}", arg,
                        code=f"unknown-{what}")]
    return []
