"""The bargaining frontier (DESIGN.md §5): Pareto-best surpluses of two parties.

For ``K`` values ``s`` of A's surplus evenly spaced between its smallest and largest
feasible values (each found by the program of :mod:`accord.design.milp` with objective
``surplus:A``, maximized or minimized), the largest feasible surplus of B subject to
``C_A >= s``.  Every program is solved like :func:`~accord.design.optimize.optimize`'s
(the staged solve of :func:`accord.design.solve.staged`); every point's road map is
written and re-checked by the engine, and its surpluses are the engine's.  Floors whose
answer is the same road map with the same scales are one point (``floors`` lists them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.analysis import analyze
from accord.charts.protocol import Charted
from accord.design import doctrines, milp
from accord.design.coefficients import coefficients
from accord.design.optimize import DesignProvenance, _settings, search
from accord.design.solve import staged
from accord.design.space import space
from accord.errors import AccordError
from accord.io.load import scenario_of
from accord.model import Scenario
from accord.model.design import Design
from accord.version import __version__

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, eq=False)
class Frontier(Charted):
    """Result of :func:`frontier`: ``points`` in increasing order of A's surplus floor.

    Each point is one road map: ``floor`` is the lowest floor it answers and ``floors``
    every floor it answers (several when the best road map does not change between them).
    ``marks`` place the road map as written and each side's position against the
    frontier (:func:`marks`).
    """

    parties: tuple[str, str]
    status: str  # "optimal" or "infeasible" (no feasible candidate at all)
    points: list[dict[str, Any]]
    scenarios: list[Scenario]
    provenance: DesignProvenance
    marks: list[dict[str, Any]] = field(default_factory=list)
    #: The file's scenario (its title, units and labels, for the chart).
    source: Scenario | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"parties": list(self.parties), "status": self.status,
                "points": [dict(p) for p in self.points],
                "marks": [dict(m) for m in self.marks],
                "provenance": self.provenance.to_dict()}

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        a, b = self.parties
        return pd.DataFrame([{"floor": p["floor"], a: p["surplus"][a], b: p["surplus"][b]}
                             for p in self.points], columns=["floor", a, b])

    def __rich__(self) -> Any:
        from rich.table import Table
        from rich.text import Text

        a, b = self.parties
        t = Table(title=f"Bargaining frontier: {a} and {b}", title_justify="left")
        for col in (f"{a} surplus >=", f"{a} surplus", f"{b} surplus", "road map"):
            t.add_column(Text(col))
        for p in self.points:
            road = " | ".join(f"{ph['phase']}: " + "; ".join(", ".join(m) for m in ph["moves"])
                              for ph in p["roadmap"])
            t.add_row(f"{p['floor']:.4g}", f"{p['surplus'][a]:.4g}", f"{p['surplus'][b]:.4g}",
                      Text(road))
        return t

    def _repr_html_(self) -> str:
        import html

        a, b = self.parties
        rows = "".join(f"<tr><td>{p['surplus'][a]:.4g}</td><td>{p['surplus'][b]:.4g}</td></tr>"
                       for p in self.points)
        return (f"<table><thead><tr><th>{html.escape(a)}</th><th>{html.escape(b)}</th></tr>"
                f"</thead><tbody>{rows}</tbody></table>")


def marks(s: Scenario, parties: tuple[str, str]) -> list[dict[str, Any]]:
    """The road map as written and each side's position, with both parties' surpluses.

    A side's *position* is the road map its doctrine builds from the same pool
    (:mod:`accord.design.doctrines`): ``relief-first`` for the disarming party (Pyongyang's
    sequence in 2019), ``relief-last`` for the other of the two parties (Washington's; no
    party is named when the disarming party is not one of the two).  Each mark:
    ``{"name", "party"`` (whose position; ``None`` for the road map as written)``,
    "surplus": {A: .., B: ..}, "viable"}``, surpluses the engine's (PV at 0).  These
    road maps need not be viable: a mark above the frontier is one no self-enforcing
    road map of the design block reaches.
    """
    pa, pb = parties
    disarming = doctrines.disarming_party(s)
    # relief last is the other side's position when the disarming party is one of the two
    other = next((p for p in parties if p != disarming), None) if disarming in parties \
        else None
    built: list[tuple[str, str | None, Scenario]] = [("as-written", None, s)]
    for name, party in (("relief-first", disarming), ("relief-last", other)):
        try:
            built.append((name, party, doctrines.build(s, name)))
        except AccordError:
            continue
    out = []
    for name, party, road in built:
        a = analyze(road)
        out.append({"name": name, "party": party, "viable": a.viable,
                    "surplus": {pa: a.surplus[pa], pb: a.surplus[pb]}})
    return out


def _extreme(s: Scenario, d: Design, party: int, eps: float, sign: float) -> float | None:
    """A's largest (``sign = 1``) or smallest (``-1``) surplus over feasible candidates."""
    sp = space(s, d)
    co = coefficients(s)
    prog = milp.build(sp, co, f"surplus:{s.party_ids[party]}", eps)
    if sign < 0:
        prog.sense = 1  # minimize the same expression
    res = staged(prog, sp)
    return None if res.objective is None else float(res.objective)


def frontier(scenario: Scenario | str | Path, parties: tuple[str, str] | list[str],
             points: int = 5, *, epsilon: float | None = None,
             design: Design | None = None) -> Frontier:
    """The Pareto frontier of two parties' surpluses over the design block's candidates."""
    scenario = scenario_of(scenario)
    d, _, eps = _settings(scenario, None, epsilon, design)
    pa, pb = tuple(parties)
    ids = scenario.party_ids
    for p in (pa, pb):
        if p not in ids:
            raise AccordError(f"unknown party {p!r} (the parties are {', '.join(ids)})")
    if pa == pb:
        raise AccordError("the frontier needs two different parties")
    if points < 1:
        raise AccordError(f"points must be >= 1 (got {points})")
    ia = ids.index(pa)
    prov = DesignProvenance(scenario.digest, __version__,
                            {"parties": [pa, pb], "points": points, "epsilon": eps})
    top = _extreme(scenario, d, ia, eps, 1.0)
    low = _extreme(scenario, d, ia, eps, -1.0)
    if top is None or low is None:
        return Frontier((pa, pb), "infeasible", [], [], prov, marks(scenario, (pa, pb)),
                    scenario)
    floors = [low] if points == 1 else list(np.linspace(low, top, points))
    out: list[dict[str, Any]] = []
    scenarios: list[Scenario] = []
    for k, s_floor in enumerate(floors):
        # the top floor is A's maximum: a hair below it, so that rounding keeps it feasible
        floor = float(s_floor) - (1e-9 * max(1.0, abs(top)) if k == len(floors) - 1 else 0.0)
        found = search(scenario, d, f"surplus:{pb}", eps, floor=(ia, floor))
        if found.written is None or found.analysis is None:
            continue
        a = found.analysis
        road = [{"phase": ph.phase, "start": float(ph.start.mean) if ph.start else 0.0,
                 "duration": float(ph.duration.mean), "moves": [list(m.steps) for m in ph.moves]}
                for ph in found.written.roadmap]
        same = [p for p in out if p["roadmap"] == road and p["scale"] == found.scale]
        if same:  # the same road map and scales: one point, listed once
            same[0]["floors"].append(float(s_floor))
            continue
        out.append({"floor": float(s_floor), "floors": [float(s_floor)],
                    "surplus": {pa: a.surplus[pa], pb: a.surplus[pb]},
                    "roadmap": road, "scale": dict(found.scale)})
        scenarios.append(found.written)
    return Frontier((pa, pb), "optimal", out, scenarios, prov, marks(scenario, (pa, pb)),
                    scenario)
