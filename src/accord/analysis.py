"""The deterministic analysis: a frozen result that carries its provenance and renders itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.charts.protocol import Charted
from accord.engine import Layout, Solution, build
from accord.engine import analyze as run_engine
from accord.engine.bottleneck import KINDS, bottleneck
from accord.engine.equilibrium import KINDS as OUTCOMES
from accord.io.load import scenario_of
from accord.model import Scenario
from accord.model.checks import ensure_valid
from accord.report.html import analysis_html
from accord.report.sentence import outcome_sentence
from accord.report.table import analysis_renderable
from accord.result import Provenance, dumps
from accord.result import json_number as _num
from accord.version import __version__

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Analysis", "Provenance", "analyze", "ensure_valid"]


@dataclass(frozen=True, eq=False)
class Analysis(Charted):
    """Result of :func:`analyze`: every number of MODEL.md §5 for one scenario.

    ``to_dict()`` is the machine-readable result of MODEL.md §6 (with extra keys).
    """

    scenario: Scenario
    solution: Solution = field(repr=False)
    provenance: Provenance

    # -- plain accessors --------------------------------------------------
    @property
    def layout(self) -> Layout:
        return self.solution.layout

    @property
    def parties(self) -> tuple[str, ...]:
        return self.layout.parties

    @property
    def self_enforcing(self) -> bool:
        """True iff every margin and every cheat margin is >= 0 (tie rule)."""
        return bool(self.solution.self_enforcing[0])

    @property
    def outcome(self) -> dict[str, Any]:
        """The subgame-perfect outcome: ``{kind, point, party, step}`` as in MODEL.md §6."""
        o = self.solution.outcome
        kind = OUTCOMES[int(o.kind[0])]
        out: dict[str, Any] = {"kind": kind}
        if kind != "completes":
            out["point"] = int(o.point[0])
            out["party"] = self.parties[int(o.party[0])]
        if kind == "cheats":
            out["step"] = self.layout.steps[int(o.step[0])]
        return out

    @property
    def margins(self) -> dict[str, list[float]]:
        """Margin per party at each decision point, in value at that point's time."""
        m = self.solution.margins[0]
        return {p: [float(v) for v in m[:, i]] for i, p in enumerate(self.parties)}

    @property
    def times(self) -> list[float]:
        return [float(t) for t in self.solution.breakdowns.times[0]]

    @property
    def root_cause(self) -> dict[str, Any] | None:
        """The failing test that starts the unravelling; ``None`` if the road map is viable.

        Working back from completion, the first node whose party deviates: every
        later node continues, so its test is against full compliance.  ``kind`` is
        ``margin`` (the party walks away), ``cheat`` (it cheats on ``step``) or, when
        every margin and cheat margin holds but a party would not sign,
        ``participation`` (the first such party in file order; ``point`` is None and
        ``margin`` its surplus, PV at 0).  ``margin`` is in value at the point's time.
        """
        return None if self.viable else self.bottleneck

    @property
    def bottleneck(self) -> dict[str, Any]:
        """The test the road map stands or falls on: ``{kind, point, party, step, margin}``.

        One definition everywhere (tables, sentence, JSON, sweep, Monte Carlo,
        sensitivity; :mod:`accord.engine.bottleneck`): when the road map is not
        viable, its :attr:`root_cause`; when it is, the tightest test, the
        smallest of every margin and cheat margin (in value at its point's time)
        and every surplus (participation, PV at 0).  Tests that tie with the
        smallest (tie rule, MODEL.md §4) count as equal and the first in node
        order is named: by point, then party in file order, a party's margin
        before its cheats at that point; participation tests last.
        """
        b = bottleneck(self.solution)
        point, step = int(b.point[0]), int(b.step[0])
        return {"kind": KINDS[int(b.kind[0])], "point": None if point < 0 else point,
                "party": self.parties[int(b.party[0])],
                "step": None if step < 0 else self.layout.steps[step],
                "margin": float(b.value[0])}

    @property
    def surplus(self) -> dict[str, float]:
        """PV at 0 of the compliance path per party (no agreement is worth 0)."""
        return {p: float(v) for p, v in zip(self.parties, self.solution.surplus[0], strict=True)}

    @property
    def equilibrium_values(self) -> dict[str, float]:
        """PV at 0 per party of the equilibrium outcome."""
        v = self.solution.outcome.values[0]
        return {p: float(x) for p, x in zip(self.parties, v, strict=True)}

    @property
    def cheats(self) -> list[dict[str, Any]]:
        """One entry per verified step: margin (value at its point) and required detection."""
        ch = self.solution.cheats
        p = self.solution.params
        out = []
        for k, s in enumerate(ch.steps):
            req = float(ch.required[0, k])
            out.append({
                "step": self.layout.steps[int(s)], "point": int(ch.points[k]),
                "party": self.parties[int(ch.actors[k])], "margin": float(ch.margin[0, k]),
                "required_detection": _num(req), "detection": float(p.detection[0, int(s)]),
                "deterred": bool(ch.deterred[0, k]),
            })
        return out

    @property
    def non_credible_sticks(self) -> list[str]:
        """Sticks not credible at some breakdown: PV to their actor < 0 (committed ones too)."""
        bad = self.solution.non_credible[0]
        return [k for k, b in zip(self.layout.sticks, bad, strict=True) if b]

    @property
    def participation(self) -> dict[str, bool]:
        """Whether each party would sign: its surplus is ``>= 0`` (tie rule, MODEL.md §4)."""
        take = self.solution.takes_part[0]
        return {p: bool(t) for p, t in zip(self.parties, take, strict=True)}

    @property
    def viable(self) -> bool:
        """Self-enforcing and every party takes part (MODEL.md §4)."""
        return bool(self.solution.viable[0])

    @property
    def exposure(self) -> dict[str, dict[str, list[float]]]:
        """``exposure[i][d][p]``: PV at 0 to ``i`` if ``d`` (another party) defects at ``p``."""
        e = self.solution.exposure[0]
        return {pi: {pd: [float(v) for v in e[:, d, i]] for d, pd in enumerate(self.parties)
                     if d != i} for i, pi in enumerate(self.parties)}

    @property
    def capabilities(self) -> list[dict[str, Any]]:
        """Per capability: trajectory, capability-years, reversible share, longest reversal lag."""
        tr = self.solution.capabilities
        p = self.solution.params
        out = []
        for c, cid in enumerate(self.layout.capabilities):
            changes = sorted(
                (float(tr.effect_time[0, j]), float(p.cap_delta[0, j, c]), self.layout.steps[j])
                for j in range(self.layout.n_steps) if p.cap_delta[0, j, c] != 0)
            level = float(p.cap_initial[0, c])
            path = [{"time": 0.0, "level": level}]
            for t, dlt, _ in changes:
                level += dlt
                if path[-1]["time"] == t:
                    path[-1]["level"] = level
                else:
                    path.append({"time": t, "level": level})
            out.append({
                "id": cid, "initial": float(p.cap_initial[0, c]),
                "at_completion": float(tr.final[0, c]),
                "capability_years": float(tr.capability_years[0, c]),
                "reduction": float(tr.reduction[0, c]),
                "reversible_share": _num(tr.reversible_share[0, c]),
                "longest_reversal_lag": _num(tr.longest_reversal_lag[0, c]),
                "trajectory": path,
            })
        return out

    # -- renderings ---------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The machine-readable result (MODEL.md §6), plus extra keys."""
        lay = self.layout
        m = self.solution.margins[0]
        points = [{"index": q, "label": lay.point_label(q), "time": self.times[q],
                   "margins": {p: float(m[q, i]) for i, p in enumerate(self.parties)}}
                  for q in range(lay.n_points)]
        return {
            "title": self.scenario.title,
            "self_enforcing": self.self_enforcing,
            "outcome": self.outcome,
            "points": points,
            "cheats": [{k: c[k] for k in ("step", "point", "party", "margin",
                                           "required_detection", "detection", "deterred")}
                       for c in self.cheats],
            "surplus": self.surplus,
            "non_credible_sticks": self.non_credible_sticks,
            "participation": self.participation,
            "viable": self.viable,
            "root_cause": self.root_cause,
            "bottleneck": self.bottleneck,
            "equilibrium_values": self.equilibrium_values,
            "exposure": self.exposure,
            "capabilities": self.capabilities,
            "unused_steps": list(self.scenario.unused_steps),
            "provenance": self.provenance.to_dict(),
        }

    def to_json(self, indent: int | None = 1) -> str:
        """:meth:`to_dict` as JSON text (numbers as :func:`accord.result.json_number` writes)."""
        return dumps(self.to_dict(), indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """Margins as a long table: one row per (decision point, party)."""
        import pandas as pd

        rows = []
        lay = self.layout
        m = self.solution.margins[0]
        ok = self.solution.margin_ok[0]
        for q in range(lay.n_points):
            for i, p in enumerate(self.parties):
                rows.append({"point": q, "label": lay.point_label(q), "time": self.times[q],
                             "party": p, "margin": float(m[q, i]), "holds": bool(ok[q, i])})
        return pd.DataFrame(rows)

    @property
    def sentence(self) -> str:
        """The verdict in plain words: the root cause, then the equilibrium play if it differs."""
        return outcome_sentence(self)

    def __rich__(self) -> Any:
        return analysis_renderable(self)

    def _repr_html_(self) -> str:
        return analysis_html(self)

    def __repr__(self) -> str:
        return (f"Analysis({self.scenario.title!r}, self_enforcing={self.self_enforcing}, "
                f"outcome={self.outcome})")


def analyze(scenario: Scenario | str | Path) -> Analysis:
    """Analyze ``scenario`` deterministically (every number at its mean).

    ``scenario`` is a :class:`~accord.model.Scenario`, a file path, or the name of
    a bundled scenario (``accord.analyze("halt-rollback-eliminate")``); a file's
    warnings are issued as :class:`~accord.errors.ScenarioWarning`.
    """
    scenario = scenario_of(scenario)
    ensure_valid(scenario)
    lay = Layout.of(scenario)
    sol = run_engine(lay, build(scenario, lay))
    return Analysis(scenario, sol, Provenance(scenario.digest, __version__))
