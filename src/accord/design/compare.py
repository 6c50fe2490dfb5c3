"""``accord.compare`` (DESIGN.md §5): road maps side by side, or one file's doctrines.

Each road map gets the same rows: self-enforcing, viable, the outcome, the bottleneck
(point, party, margin, as :attr:`accord.Analysis.bottleneck`), the surplus per party
(PV at 0), capability-years per capability until completion, completion time ``T``,
and the expectation gap per party (value at ``T``, :mod:`accord.design.gap`).  With
``doctrines=True`` the road maps are built from one file's pool
(:mod:`accord.design.doctrines`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.analysis import Analysis, analyze
from accord.charts.protocol import Charted
from accord.design import doctrines as doc
from accord.design.gap import PartyGap, expectation_gap
from accord.design.optimize import optimize
from accord.errors import AccordError
from accord.io.load import scenario_of
from accord.model import Scenario
from accord.version import __version__

if TYPE_CHECKING:
    import pandas as pd


def _num(x: float) -> float | None:
    return x if math.isfinite(x) else None


@dataclass(frozen=True, eq=False)
class Row:
    """One road map of a comparison; ``analysis`` is ``None`` when none could be built."""

    name: str
    scenario: Scenario | None
    analysis: Analysis | None
    gap: dict[str, PartyGap]
    note: str = ""

    @property
    def roadmap(self) -> list[dict[str, Any]]:
        if self.scenario is None:
            return []
        starts = doc.grid_starts(self.scenario)
        return [{"phase": ph.phase, "start": starts[k], "duration": float(ph.duration.mean),
                 "moves": [list(m.steps) for m in ph.moves]}
                for k, ph in enumerate(self.scenario.roadmap)]

    @property
    def capability_years(self) -> dict[str, float]:
        if self.analysis is None:
            return {}
        return {c["id"]: float(c["capability_years"]) for c in self.analysis.capabilities}

    def to_dict(self) -> dict[str, Any]:
        a = self.analysis
        if a is None:
            return {"name": self.name, "built": False, "note": self.note, "roadmap": []}
        return {
            "name": self.name, "built": True, "title": a.scenario.title,
            "self_enforcing": a.self_enforcing, "viable": a.viable, "outcome": a.outcome,
            "bottleneck": a.bottleneck, "surplus": a.surplus,
            "capability_years": self.capability_years, "completion": a.times[-1],
            "gap": {p: _num(g.at_completion) for p, g in self.gap.items()},
            "gap_pv": {p: _num(g.pv) for p, g in self.gap.items()},
            "roadmap": self.roadmap, "note": self.note,
        }


@dataclass(frozen=True)
class CompareProvenance:
    """Digests of the compared scenarios, accord version, options."""

    scenario_digests: tuple[str, ...]
    accord_version: str
    options: dict[str, Any]
    draws: int = 1
    seed: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"scenario_digests": list(self.scenario_digests),
                "accord_version": self.accord_version, "draws": self.draws,
                "seed": self.seed, "options": dict(self.options)}


@dataclass(frozen=True, eq=False)
class Comparison(Charted):
    """Result of :func:`compare`: one :class:`Row` per road map, in order."""

    rows: tuple[Row, ...]
    parties: tuple[str, ...]
    capabilities: tuple[str, ...]
    epsilon: float
    provenance: CompareProvenance

    def row(self, name: str) -> Row:
        for r in self.rows:
            if r.name == name:
                return r
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {"parties": list(self.parties), "capabilities": list(self.capabilities),
                "epsilon": self.epsilon, "rows": [r.to_dict() for r in self.rows],
                "provenance": self.provenance.to_dict()}

    def to_frame(self) -> pd.DataFrame:
        """One row per road map; surplus, capability-years and gap as ``kind:id`` columns."""
        import pandas as pd

        out = []
        for r in self.rows:
            d = r.to_dict()
            b = d.get("bottleneck") or {}
            rec: dict[str, Any] = {
                "name": r.name, "self_enforcing": d.get("self_enforcing"),
                "viable": d.get("viable"), "outcome": (d.get("outcome") or {}).get("kind"),
                "bottleneck_point": b.get("point"), "bottleneck_party": b.get("party"),
                "bottleneck_margin": b.get("margin"), "completion": d.get("completion")}
            for p in self.parties:
                rec[f"surplus:{p}"] = d.get("surplus", {}).get(p)
            for c in self.capabilities:
                rec[f"capability_years:{c}"] = d.get("capability_years", {}).get(c)
            for p in self.parties:
                g = r.gap.get(p)
                rec[f"gap:{p}"] = None if g is None else g.at_completion
            out.append(rec)
        return pd.DataFrame(out).set_index("name")

    def __rich__(self) -> Any:
        from accord.report.compare import comparison_renderable

        return comparison_renderable(self)

    def _repr_html_(self) -> str:
        from accord.report.compare import comparison_html

        return comparison_html(self)

    def __repr__(self) -> str:
        return f"Comparison({[r.name for r in self.rows]})"


def row_of(name: str, s: Scenario, epsilon: float, note: str = "") -> Row:
    """The row of one road map (deterministic analysis, expectation gap)."""
    a = analyze(s)
    return Row(name, s, a, expectation_gap(a, epsilon), note)


def _name(x: Scenario | str | Path) -> str:
    return x.title if isinstance(x, Scenario) else Path(str(x)).stem


def compare(scenarios: Sequence[Scenario | str | Path] | Scenario | str | Path, *,
            doctrines: bool = False, epsilon: float | None = None,
            names: Sequence[str] | None = None,
            time_limit: float | None = None) -> Comparison:
    """Road maps side by side (one :class:`Row` each), or with ``doctrines`` one file's five.

    ``epsilon`` (default: the first file's design block, else 0) is the margin every
    test must keep for the gap; ``time_limit`` bounds the ``designed`` optimum's search.
    """
    items = [scenarios] if isinstance(scenarios, Scenario | str | Path) else list(scenarios)
    if not items:
        raise AccordError("compare needs at least one scenario")
    if doctrines and len(items) != 1:
        raise AccordError(f"--doctrines builds the road maps of one file (got {len(items)})")
    loaded = [scenario_of(x) for x in items]
    first = loaded[0]
    eps = (first.design.epsilon if first.design is not None else 0.0) if epsilon is None \
        else float(epsilon)
    if not (math.isfinite(eps) and eps >= 0):
        raise AccordError(f"epsilon must be a finite number >= 0 (got {eps})")
    rows: list[Row] = []
    if doctrines:
        for name in doc.DOCTRINES:
            if name == "designed":
                opt = optimize(first, epsilon=eps, time_limit=time_limit)
                if opt.scenario is None:
                    rows.append(Row(name, None, None, {}, opt.sentence))
                else:
                    rows.append(row_of(name, opt.scenario, eps, opt.sentence))
                continue
            try:
                built = doc.build(first, name)
            except AccordError as exc:
                rows.append(Row(name, None, None, {}, str(exc)))
                continue
            rows.append(row_of(name, built, eps))
    else:
        labels = list(names) if names is not None else [_name(x) for x in items]
        if len(labels) != len(loaded):
            raise AccordError(f"{len(labels)} names for {len(loaded)} scenarios")
        rows = [row_of(n, s, eps) for n, s in zip(labels, loaded, strict=True)]
    parties: list[str] = []
    caps: list[str] = []
    for s in loaded:
        parties += [p for p in s.party_ids if p not in parties]
        caps += [c.id for c in s.capabilities if c.id not in caps]
    prov = CompareProvenance(tuple(s.digest for s in loaded), __version__,
                             {"doctrines": doctrines, "epsilon": eps, "time_limit": time_limit})
    return Comparison(tuple(rows), tuple(parties), tuple(caps), eps, prov)
