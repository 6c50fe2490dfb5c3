"""``accord.bridge`` (DESIGN.md §5): the gap between the road map as written and one that holds.

Two answers.  The *expectation gap* (:mod:`accord.design.gap`): per party, the
payment at completion an outside guarantor would have to promise.  The *bridge*:
where the file declares instruments (``design: scale:``), the cheapest multipliers
that make the road map as written hold, ``optimize(keep_order=True)`` with objective
``cost`` unless another is given.  Each scaled item's cost is ``(λ - 1) c_x`` with
``c_x`` minus the PV at 0 to its actor of its flow and once on the written road map
(DESIGN.md §3); a stick costs nothing on the compliance path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.analysis import Analysis, analyze
from accord.charts.protocol import Charted
from accord.design.gap import PartyGap, expectation_gap
from accord.design.optimize import DesignProvenance, Optimum, optimize
from accord.errors import AccordError
from accord.io.load import scenario_of
from accord.model import Scenario
from accord.model.design import Design
from accord.version import __version__

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Instrument:
    """One scaled item of the bridge: its multiplier and what it costs whom (PV at 0)."""

    item: str
    kind: str  # "step" or "stick"
    scale: float
    payer: str  # the step's or stick's actor
    cost: float  # (λ - 1) c_x; 0 for a stick

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "kind": self.kind, "scale": self.scale, "payer": self.payer,
                "cost": self.cost}


@dataclass(frozen=True, eq=False)
class Bridge(Charted):
    """Result of :func:`bridge`: the written road map's analysis, gap, and cheapest scales."""

    analysis: Analysis
    epsilon: float
    gap: dict[str, PartyGap]
    optimum: Optimum | None  # None when the file declares no instruments
    instruments: tuple[Instrument, ...]
    provenance: DesignProvenance

    @property
    def scenario(self) -> Scenario:
        return self.analysis.scenario

    @property
    def holds(self) -> bool:
        """The road map as written is viable with every margin ``>= epsilon``."""
        return all(g.test is None for g in self.gap.values())

    @property
    def bridged(self) -> Scenario | None:
        """The written road map with the bridge's scales (``None`` if there is none)."""
        return None if self.optimum is None else self.optimum.scenario

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.scenario.title, "viable": self.analysis.viable,
            "holds": self.holds, "epsilon": self.epsilon,
            "completion": self.analysis.times[-1],
            "gap": {p: g.to_dict() for p, g in self.gap.items()},
            "bridge": None if self.optimum is None else {
                **self.optimum.to_dict(),
                "instruments": [x.to_dict() for x in self.instruments]},
            "sentence": self.sentence,
            "provenance": self.provenance.to_dict(),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per party: gap at completion, its PV, the test that sets it."""
        import pandas as pd

        rows = [{"party": p, "gap_at_completion": g.at_completion, "gap_pv": g.pv,
                 "test": None if g.test is None else g.test["kind"],
                 "point": None if g.test is None else g.test["point"],
                 "step": None if g.test is None else g.test["step"]}
                for p, g in self.gap.items()]
        return pd.DataFrame(rows, columns=["party", "gap_at_completion", "gap_pv", "test",
                                           "point", "step"])

    @property
    def sentence(self) -> str:
        from accord.report.bridge import bridge_sentence

        return bridge_sentence(self)

    def __rich__(self) -> Any:
        from accord.report.bridge import bridge_renderable

        return bridge_renderable(self)

    def _repr_html_(self) -> str:
        from accord.report.bridge import bridge_html

        return bridge_html(self)

    def __repr__(self) -> str:
        gaps = {p: g.at_completion for p, g in self.gap.items()}
        return f"Bridge({self.scenario.title!r}, holds={self.holds}, gap={gaps})"


def instruments(a: Analysis, scale: dict[str, float]) -> tuple[Instrument, ...]:
    """Each scaled item with ``λ``, its payer and its cost ``(λ - 1) c_x`` (PV at 0)."""
    lay = a.layout
    out = []
    for item, lam in scale.items():
        if item in lay.steps:
            j = lay.steps.index(item)
            actor = int(lay.step_actor[j])
            c = -float(a.solution.step_values[0, j, actor])
            out.append(Instrument(item, "step", lam, a.parties[actor], (lam - 1.0) * c))
        elif any(k.id == item for k in a.scenario.sticks):
            stick = next(k for k in a.scenario.sticks if k.id == item)
            out.append(Instrument(item, "stick", lam, stick.actor, 0.0))
        else:  # a step the road map does not schedule: it costs nothing (DESIGN.md §3)
            out.append(Instrument(item, "step", lam, a.scenario.step(item).actor, 0.0))
    return tuple(out)


def bridge(scenario: Scenario | str | Path, *, epsilon: float | None = None,
           objective: str | None = None) -> Bridge:
    """The expectation gap and the cheapest bridge of ``scenario``'s road map as written.

    ``epsilon`` (default: the design block's, else 0) is the margin every test must
    keep; ``objective`` (default ``cost``) is the bridge's objective.
    """
    s = scenario_of(scenario)
    d = s.design or Design()
    eps = d.epsilon if epsilon is None else float(epsilon)
    if not (math.isfinite(eps) and eps >= 0):
        raise AccordError(f"epsilon must be a finite number >= 0 (got {eps})")
    a = analyze(s)
    gap = expectation_gap(a, eps)
    obj = objective or "cost"
    opt = None
    inst: tuple[Instrument, ...] = ()
    if d.scale:
        opt = optimize(s, objective=obj, epsilon=eps, keep_order=True)
        if opt.scenario is not None:
            inst = instruments(a, opt.scale)
    prov = DesignProvenance(s.digest, __version__, {"epsilon": eps, "objective": obj})
    return Bridge(a, eps, gap, opt, inst, prov)
