"""``accord.optimize``: the best road map of a design block, proven, re-checked by the engine.

The program (:mod:`accord.design.milp`) picks a placement; with it fixed, the same
program is solved again as a linear program over the multipliers on the written road
map (``keep_order``), which removes every big-M from the answer.  The written
scenario is then analyzed by the exact engine (:func:`accord.analyze`): it must be
viable with every margin and cheat margin ``>= epsilon``.  If solver tolerances make
it fail, every right-hand side is raised (1e-9, 1e-8, ... times the program's value
scale) and the program solved again; a road map that fails is never returned.
``objective.value`` is the engine's value of the written road map.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.analysis import Analysis, ensure_valid
from accord.analysis import analyze as analyze_scenario
from accord.charts.protocol import Charted
from accord.design import milp
from accord.design.coefficients import Coefficients, coefficients
from accord.design.robust import BATCH, Draws
from accord.design.shortfall import shortfall
from accord.design.solve import Solved, solve, staged
from accord.design.space import space
from accord.design.written import Candidate, dumps, read, write
from accord.errors import AccordError
from accord.io.load import scenario_of
from accord.io.loader import read_text
from accord.model import Scenario
from accord.model.design import Design
from accord.model.design_checks import objective_problems
from accord.version import __version__

if TYPE_CHECKING:
    import pandas as pd

#: Right-hand-side raises tried in turn (times the program's value scale).
TIGHTEN = (0.0, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5)


@dataclass(frozen=True)
class DesignProvenance:
    """Where a design comes from: scenario digest, version, options, seed and draws."""

    scenario_digest: str
    accord_version: str
    options: dict[str, Any]
    draws: int = 1
    seed: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"scenario_digest": self.scenario_digest, "accord_version": self.accord_version,
                "draws": self.draws, "seed": self.seed, "options": dict(self.options)}


@dataclass(frozen=True, eq=False)
class Optimum(Charted):
    """Result of :func:`optimize` (DESIGN.md §5): status, objective, road map, scales.

    ``scenario`` is the designed scenario (``None`` unless a road map was found) and
    ``analysis`` its exact analysis.  ``shortfall`` (infeasible only) lists where the
    best candidate misses and by how much.
    """

    status: str
    objective: str
    value: float | None
    gap: float | None
    scenario: Scenario | None
    analysis: Analysis | None
    scale: dict[str, float]
    omitted: list[str]
    binding: list[dict[str, Any]]
    shortfall: dict[str, Any] | None
    provenance: DesignProvenance
    robust: dict[str, Any] | None = None
    text: str = field(default="", repr=False)  # the written YAML
    #: The exact analysis of the file's road map as written (drawn beside the design).
    as_written: Analysis | None = field(default=None, repr=False)

    @property
    def roadmap(self) -> list[dict[str, Any]]:
        if self.scenario is None:
            return []
        return [{"phase": ph.phase, "start": float(ph.start.mean) if ph.start else 0.0,
                 "duration": float(ph.duration.mean), "moves": [list(m.steps) for m in ph.moves]}
                for ph in self.scenario.roadmap]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status, "objective": {"kind": self.objective, "value": self.value},
            "gap": self.gap, "roadmap": self.roadmap, "scale": dict(self.scale),
            "omitted": list(self.omitted), "binding": list(self.binding),
            "shortfall": self.shortfall,
        }
        if self.analysis is not None:
            out["surplus"] = self.analysis.surplus
            out["viable"] = self.analysis.viable
        if self.robust is not None:
            out["robust"] = self.robust
        out["provenance"] = self.provenance.to_dict()
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per step of the written road map: phase, start, move, step, actor."""
        import pandas as pd

        rows = []
        if self.scenario is not None:
            n = 0
            for ph in self.scenario.roadmap:
                for m in ph.moves:
                    for sid in m.steps:
                        st = self.scenario.step(sid)
                        rows.append({"phase": ph.phase, "start": float(ph.start.mean)
                                     if ph.start else 0.0, "move": n, "step": sid,
                                     "actor": st.actor, "scale": self.scale.get(sid, 1.0)})
                    n += 1
        return pd.DataFrame(rows, columns=["phase", "start", "move", "step", "actor", "scale"])

    @property
    def sentence(self) -> str:
        from accord.report.optimum import optimum_sentence

        return optimum_sentence(self)

    def __rich__(self) -> Any:
        from accord.report.optimum import optimum_renderable

        return optimum_renderable(self)

    def _repr_html_(self) -> str:
        from accord.report.optimum import optimum_html

        return optimum_html(self)

    def __repr__(self) -> str:
        return f"Optimum(status={self.status!r}, objective={self.objective!r}, value={self.value})"


@dataclass(frozen=True)
class Found:
    """What :func:`search` found: the written road map, checked, and its unscaled placement."""

    status: str
    gap: float | None = None
    written: Scenario | None = None
    analysis: Analysis | None = None
    scale: dict[str, float] = field(default_factory=dict)
    base: Scenario | None = None
    note: str = ""
    draws: tuple[int, ...] = ()  # robust: the draws whose rows the search added


def _settings(s: Scenario, objective: str | None, epsilon: float | None,
              design: Design | None) -> tuple[Design, str, float]:
    ensure_valid(s)
    d = design if design is not None else (s.design or Design())
    obj = objective if objective is not None else d.objective
    probs = objective_problems(s, obj, ("objective",))
    if probs:
        raise AccordError(probs[0].message)
    eps = d.epsilon if epsilon is None else float(epsilon)
    if not (math.isfinite(eps) and eps >= 0):
        raise AccordError(f"epsilon must be a finite number >= 0 (got {eps})")
    return d, obj, eps


def engine_value(a: Analysis, objective: str, lam: Mapping[str, float],
                 unscaled: Scenario) -> float:
    """The objective's value on the written road map, by the exact engine."""
    kind, _, arg = objective.partition(":")
    if kind == "min-margin":
        vals = [float(v) for v in a.solution.margins[0].reshape(-1)]
        vals += [float(v) for v in a.solution.cheats.margin[0]]
        return min(vals)
    if kind == "surplus":
        return a.surplus[arg]
    if kind == "completion":
        return a.times[-1]
    if kind == "capability-years":
        return float(next(c["capability_years"] for c in a.capabilities if c["id"] == arg))
    # cost: Σ (λ - 1) c_x, c_x = minus the step's PV to its actor at λ = 1 where it sits
    base = analyze_scenario(unscaled)
    lay = base.layout
    total = 0.0
    for sid, f in lam.items():
        if sid in lay.steps:
            j = lay.steps.index(sid)
            total += (f - 1.0) * -float(base.solution.step_values[0, j, lay.step_actor[j]])
    return total


def holds(a: Analysis, epsilon: float) -> bool:
    """Viable (MODEL.md §4), and every margin and cheat margin ``>= epsilon`` (tie rule)."""
    if not a.viable:
        return False
    if epsilon == 0.0:
        return True
    vals = np.concatenate([a.solution.margins[0].reshape(-1), a.solution.cheats.margin[0]])
    return bool(np.all(vals - epsilon >= -1e-9 * np.maximum(1.0, np.abs(vals))))


def binding(a: Analysis, epsilon: float) -> list[dict[str, Any]]:
    """Margins and cheat margins at ``epsilon`` (within 1e-6 relative)."""
    out: list[dict[str, Any]] = []
    m = a.solution.margins[0]
    for q in range(m.shape[0]):
        for i, p in enumerate(a.parties):
            if abs(m[q, i] - epsilon) <= 1e-6 * max(1.0, abs(m[q, i])):
                out.append({"point": q, "party": p, "margin": float(m[q, i])})
    for c in a.cheats:
        if abs(c["margin"] - epsilon) <= 1e-6 * max(1.0, abs(c["margin"])):
            out.append({"point": c["point"], "party": c["party"], "step": c["step"],
                        "margin": c["margin"]})
    return out


def _scale_of(co: Coefficients) -> float:
    """A value scale of the program: the largest compliance coefficient (at least 1)."""
    return max(1.0, float(np.abs(co.value).max(initial=0.0)))


def _polish(base: Scenario, scale: dict[str, tuple[float, float]], objective: str, eps: float,
            tighten: float, floor: tuple[int, float] | None) -> Solved | None:
    """The LP over the multipliers with the placement of ``base`` fixed."""
    if not scale:
        return None
    sp = space(base, Design(scale=scale), keep_order=True)
    co = coefficients(base)
    prog = milp.build(sp, co, objective, eps, tighten=tighten, floor=floor)
    res = solve(prog)
    if res.x is None:
        return res
    return Solved(res.status, np.array([res.x[prog.lam[k]] for k in scale]), res.objective,
                  res.gap)


def search(s: Scenario, d: Design, objective: str, eps: float, *, keep_order: bool = False,
           time_limit: float | None = None, floor: tuple[int, float] | None = None,
           robust: Draws | None = None, quantile: float | None = None) -> Found:
    """Solve, write and re-check the answer with the engine.

    With ``robust`` (and no ``quantile``) the draws enter lazily (:mod:`accord.design.robust`):
    the rows of the draws the candidate fails are added until it fails none."""
    sp = space(s, d, keep_order=keep_order)
    co = coefficients(s)
    unit = _scale_of(co)
    note = f"Designed by accord optimize ({objective}, epsilon {eps:g})."
    last_status = "no_solution"
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    lazy = robust is not None and quantile is None
    chosen: list[int] = [] if lazy or robust is None else list(range(robust.n))
    for tight in TIGHTEN:
        while True:
            sets = [] if robust is None else [robust.coefficients(q) for q in chosen]
            prog = milp.build(sp, co, objective, eps, tighten=tight * unit, floor=floor,
                              draws=sets, quantile=quantile)
            # the time limit covers the whole search, re-solves included
            left = None if deadline is None else max(0.05, deadline - time.perf_counter())
            res = staged(prog, sp, left, ends=[float(e) for e in co.grid.end],
                         completion=objective == "completion")
            if res.x is None:
                break
            last_status = res.status
            cand = read(prog, sp, res.x)
            base, written = write(s, cand, co, note)
            if not keep_order and robust is None:
                pol = _polish(base, d.scale, objective, eps, tight * unit, floor)
                if pol is not None and pol.x is not None:
                    cand = Candidate(cand.moves, dict(zip(d.scale, map(float, pol.x),
                                                          strict=True)))
                    base, written = write(s, cand, co, note)
            written = read_text(dumps(written), "<designed>").scenario
            new = [q for q in robust.failing(written, cand.scale, eps) if q not in chosen] \
                if lazy and robust is not None else []
            if not new:
                break
            chosen += new[:BATCH]
        if res.x is None:
            if tight == 0.0:
                return Found(res.status, draws=tuple(chosen))
            break
        a = analyze_scenario(written)
        if holds(a, eps):
            return Found(res.status, res.gap, written, a, cand.scale, base)
    # solver tolerances could not be tightened into a road map the engine accepts
    return Found("no_solution", note=f"the solver's best ({last_status}) fails the exact check")


def optimize(scenario: Scenario | str | Path, *, objective: str | None = None,
             epsilon: float | None = None,
             keep_order: bool = False, time_limit: float | None = None,
             draws: int | None = None, seed: int | None = None, quantile: float | None = None,
             design: Design | None = None) -> Optimum:
    """The true optimum of the design block of ``scenario`` (DESIGN.md §2-§5).

    ``objective``, ``epsilon`` override the design block's; ``keep_order`` fixes the
    placement to the file's (a linear program over the multipliers); ``time_limit``
    (seconds) may stop the search with status ``feasible`` and its MIP gap; ``draws``
    and ``seed`` (and ``quantile``) make the design robust (DESIGN.md §4).
    """
    scenario = scenario_of(scenario)
    d, obj, eps = _settings(scenario, objective, epsilon, design)
    options = {"objective": obj, "epsilon": eps, "keep_order": keep_order,
               "time_limit": time_limit, "quantile": quantile}
    robust_info: dict[str, Any] | None = None
    robust: Draws | None = None
    if draws is not None:
        if seed is None:
            raise AccordError("robust design needs --seed with --draws")
        robust = Draws(scenario, draws, seed)
    found = search(scenario, d, obj, eps, keep_order=keep_order, time_limit=time_limit,
                   robust=robust, quantile=quantile)
    prov = DesignProvenance(scenario.digest, __version__, options,
                            draws=draws or 1, seed=seed)
    status, gap, written, a, lam = found.status, found.gap, found.written, found.analysis, \
        found.scale
    if written is None or a is None or found.base is None:
        short = shortfall(scenario, d, eps, keep_order, robust, found.draws) \
            if status == "infeasible" else None
        return Optimum(status, obj, None, None, None, None, {}, [], [], short, prov,
                       as_written=_as_written(scenario))
    if draws is not None and seed is not None:
        from accord.design.robust import out_of_sample

        robust_info = {"draws": draws, "seed": seed, "quantile": quantile,
                       **out_of_sample(written, seed)}
    value = engine_value(a, obj, lam, found.base)
    used = set(written.scheduled_steps)
    sp = space(scenario, d, keep_order=keep_order)
    omitted = [sp.steps[j] for j in sorted(sp.optional) if sp.steps[j] not in used]
    return Optimum(status, obj, value, gap, written, a, lam, omitted, binding(a, eps), None,
                   prov, robust_info, dumps(written, _header(scenario, obj, eps)),
                   _as_written(scenario))


def _as_written(s: Scenario) -> Analysis | None:
    """The exact analysis of the file's road map as written (None if it cannot be analyzed)."""
    try:
        return analyze_scenario(s)
    except AccordError:
        return None


def _header(s: Scenario, objective: str, eps: float) -> str:
    return (f"Designed by accord optimize from {s.title!r}\n"
            f"objective {objective}, epsilon {eps:g}; accord {__version__}")
