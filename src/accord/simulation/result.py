"""The Monte Carlo result: a frozen object with provenance that renders itself.

Every number comes from the streaming aggregates of
:mod:`accord.simulation.aggregate` and depends only on the scenario, the
number of draws and the seed.  ``to_dict()`` is the machine-readable result
documented in ``docs/simulation.md``; its keys are stable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.charts.protocol import Charted
from accord.model import Scenario
from accord.report.simulation import simulation_html, simulation_renderable
from accord.result import Provenance, dumps
from accord.result import json_number as _f
from accord.simulation.aggregate import Accumulator
from accord.simulation.bins import ABSOLUTE_ACCURACY, LEVELS, RELATIVE_ACCURACY
from accord.simulation.sampler import BLOCK_SIZE, Model

if TYPE_CHECKING:
    import pandas as pd

#: Keys of a distribution summary, in order.
STAT_KEYS = ("mean", "std", "min", *(f"q{p:02d}" for p in LEVELS), "max")

#: What ``bottleneck`` measures (also in the JSON).
BOTTLENECK = ("per draw, the root cause when the draw is not viable (the failing test that "
              "starts the unravelling, else the first party that would not sign), else the "
              "tightest test (the smallest margin, cheat margin or surplus); a margin or cheat "
              "margin in value at its point's time, a surplus as PV at 0; >= 0 (tie rule) "
              "iff viable")


def _stats(acc: Accumulator, row: int) -> dict[str, float | None]:
    n, mean, m2 = (float(v) for v in acc.moments[row])
    c = acc.counts
    q = acc.quantiles(row)
    std = math.sqrt(max(m2, 0.0) / (n - 1)) if n > 1 else 0.0
    out: dict[str, float | None] = {"mean": _f(mean) if n else None, "std": _f(std) if n else None,
                                    "min": _f(c.mins[row]) if n else None}
    for p, v in zip(LEVELS, q, strict=True):
        out[f"q{p:02d}"] = None if v is None else _f(v)
    out["max"] = _f(c.maxs[row]) if n else None
    return out


def summarize(model: Model, acc: Accumulator, title: str) -> dict[str, Any]:
    """The result dictionary (without provenance) from the merged aggregates."""
    lay, rows, c = model.layout, model.rows, acc.counts
    n = c.draws
    parties, steps = lay.parties, lay.steps
    npar, nq = lay.n_parties, lay.n_points
    cheat_steps = lay.cheat_steps

    def prob(k: int | np.integer[Any]) -> float:
        return int(k) / n if n else 0.0

    p_se = prob(c.self_enforcing)
    p_via = prob(c.viable)
    breaks, cheats_out = [], []
    for q in range(nq):
        for i in range(npar):
            k = int(c.outcome[1 + q * npar + i])
            if k:
                breaks.append({"point": q, "label": lay.point_label(q), "party": parties[i],
                               "probability": prob(k)})
    for s_, sidx in enumerate(cheat_steps):
        k = int(c.outcome[1 + nq * npar + s_])
        if k:
            cheats_out.append({"step": steps[sidx], "point": int(lay.step_move[sidx]),
                               "party": parties[int(lay.step_actor[sidx])],
                               "probability": prob(k)})
    points = []
    for q in range(nq):
        margins = {}
        for i, p in enumerate(parties):
            row = rows.margin.start + q * npar + i
            margins[p] = {**_stats(acc, row), "p_holds": prob(c.holds[q, i])}
        points.append({"index": q, "label": lay.point_label(q), "margins": margins})
    cheats = []
    for s_, sidx in enumerate(cheat_steps):
        cheats.append({"step": steps[sidx], "point": int(lay.step_move[sidx]),
                       "party": parties[int(lay.step_actor[sidx])],
                       "p_deterred": prob(c.deterred[s_]),
                       "p_undeterrable": prob(c.undeterrable[s_]),
                       "margin": _stats(acc, rows.cheat.start + s_)})
    surplus = {p: {**_stats(acc, rows.surplus.start + i),
                   "p_negative": prob(c.negative[rows.surplus.start + i])}
               for i, p in enumerate(parties)}
    exposure: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for i, p in enumerate(parties):
        exposure[p] = {}
        for d, pd_ in enumerate(parties):
            if d == i:
                continue
            series = []
            for q in range(nq):
                row = rows.exposure_row(q, d, i)
                series.append({**_stats(acc, row), "p_negative": prob(c.negative[row])})
            exposure[p][pd_] = series
    at: list[dict[str, Any]] = []
    for q in range(nq):
        for i in range(npar):
            k = int(c.bottleneck_at[q * npar + i])
            if k:
                at.append({"kind": "margin", "point": q, "party": parties[i], "step": None,
                           "probability": prob(k)})
    for s_, sidx in enumerate(cheat_steps):
        k = int(c.bottleneck_at[nq * npar + s_])
        if k:
            at.append({"kind": "cheat", "point": int(lay.step_move[sidx]),
                       "party": parties[int(lay.step_actor[sidx])], "step": steps[sidx],
                       "probability": prob(k)})
    for i in range(npar):
        k = int(c.bottleneck_at[nq * npar + len(cheat_steps) + i])
        if k:
            at.append({"kind": "participation", "point": None, "party": parties[i],
                       "step": None, "probability": prob(k)})
    return {
        "title": title,
        "draws": n,
        "self_enforcing": {"probability": p_se,
                           "standard_error": math.sqrt(p_se * (1.0 - p_se) / n) if n else None,
                           "count": int(c.self_enforcing)},
        "viable": {"probability": p_via,
                   "standard_error": math.sqrt(p_via * (1.0 - p_via) / n) if n else None,
                   "count": int(c.viable)},
        "outcome": {"completes": prob(c.outcome[0]), "breaks": breaks, "cheats": cheats_out},
        "points": points,
        "cheats": cheats,
        "surplus": surplus,
        "exposure": exposure,
        "bottleneck": {**_stats(acc, rows.bottleneck), "definition": BOTTLENECK, "at": at},
        "non_credible_sticks": {k: prob(c.non_credible[j]) for j, k in enumerate(lay.sticks)},
        "quantiles": {"levels": list(LEVELS), "relative_accuracy": RELATIVE_ACCURACY,
                      "absolute_accuracy": ABSOLUTE_ACCURACY,
                      "method": "fixed log-spaced bins from the IEEE-754 bits (sign, exponent, "
                                "6 mantissa bits), merged by addition; midpoint of the bin "
                                "holding order statistic ceil(p n), clamped to [min, max]"},
    }


@dataclass(frozen=True, eq=False)
class Simulation(Charted):
    """Result of :func:`accord.simulation.simulate`: what a Monte Carlo run found.

    ``data`` is the machine-readable result (``to_dict()`` adds provenance and
    the method); ``runtime`` (seconds, workers, kernel) is informational and
    not part of the result.
    """

    scenario: Scenario = field(repr=False)
    provenance: Provenance
    data: dict[str, Any] = field(repr=False)
    runtime: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # -- accessors ----------------------------------------------------------
    @property
    def draws(self) -> int:
        return int(self.data["draws"])

    @property
    def probability(self) -> float:
        """Estimated probability that the road map is self-enforcing."""
        return float(self.data["self_enforcing"]["probability"])

    @property
    def standard_error(self) -> float:
        """Standard error of :attr:`probability`: ``sqrt(p (1 - p) / n)``."""
        se = self.data["self_enforcing"]["standard_error"]
        return float(se) if se is not None else math.nan

    @property
    def p_viable(self) -> float:
        """Estimated probability that the road map is viable: self-enforcing and every
        party's surplus >= 0 (it would sign); its standard error is ``sqrt(p (1 - p) / n)``
        (``data["viable"]["standard_error"]``)."""
        return float(self.data["viable"]["probability"])

    @property
    def outcome(self) -> dict[str, Any]:
        """Distribution of the equilibrium outcome: completes / breaks / cheats."""
        out: dict[str, Any] = self.data["outcome"]
        return out

    # -- renderings ---------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The machine-readable result (keys documented in docs/simulation.md)."""
        prov = {**self.provenance.to_dict(), "block_size": BLOCK_SIZE, "bit_generator": "SFC64",
                "streams": "block b draws from SFC64(SeedSequence(seed, spawn_key=(b,)))"}
        return {**self.data, "provenance": prov}

    def to_json(self, indent: int | None = 1) -> str:
        """:meth:`to_dict` as JSON text: the same bytes for the same scenario, draws and seed."""
        return dumps(self.to_dict(), indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """Every distribution as a long table: one row per (metric, point, party, ...).

        Besides the statistics of :data:`STAT_KEYS`, two probabilities, each with one
        meaning: ``p_holds``, the share of draws whose test holds (a margin ``>= 0``,
        a cheat deterred), on margin and cheat rows; ``p_negative``, the share of
        draws below 0 (tie rule), on surplus rows and wherever the JSON gives it.
        Rows where a probability has no meaning hold NaN.
        """
        import pandas as pd

        rows: list[dict[str, Any]] = []
        d = self.data

        def add(metric: str, stats: dict[str, Any], **where: Any) -> None:
            rows.append({"metric": metric, **where, **{k: stats.get(k) for k in STAT_KEYS},
                         "p_holds": stats.get("p_holds"), "p_negative": stats.get("p_negative")})

        for pt in d["points"]:
            for party, st in pt["margins"].items():
                add("margin", st, point=pt["index"], label=pt["label"], party=party)
        for ch in d["cheats"]:
            add("cheat_margin", {**ch["margin"], "p_holds": ch["p_deterred"]}, point=ch["point"],
                party=ch["party"], step=ch["step"])
        for party, st in d["surplus"].items():
            add("surplus", st, party=party)
        for party, by in d["exposure"].items():
            for defector, series in by.items():
                for q, st in enumerate(series):
                    add("exposure", st, point=q, party=party, defector=defector)
        add("bottleneck", d["bottleneck"])
        cols = ["metric", "point", "label", "party", "defector", "step", *STAT_KEYS,
                "p_holds", "p_negative"]
        frame = pd.DataFrame(rows).reindex(columns=cols)
        frame["point"] = frame["point"].astype("Int64")
        return frame

    def __rich__(self) -> Any:
        return simulation_renderable(self)

    def _repr_html_(self) -> str:
        return simulation_html(self)

    def __repr__(self) -> str:
        return (f"Simulation({self.scenario.title!r}, draws={self.draws}, "
                f"p_self_enforcing={self.probability:.4g} ± {self.standard_error:.2g}, "
                f"p_viable={self.p_viable:.4g}, "
                f"seed={self.provenance.seed})")
