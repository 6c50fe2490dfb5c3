"""The sensitivity tornado: which uncertain inputs decide whether the road map holds.

Data ``inputs``: the ``top`` inputs with the largest total Sobol index
``S_T`` (share of the bottleneck margin's variance, interactions included),
most important first.  A bar's length is ``S_T``; its side and color say
whether **more of the input helps or hurts the deal**:

``effect = sign(rho) * sign(mean)``, with ``rho`` the Spearman correlation of
the input with the bottleneck margin and ``mean`` the input's mean (``+1``
when the mean is 0).  "More" is a larger *magnitude*: a stick's flow against
the defector is negative, and raising it towards 0 lowers the margin
(``rho < 0``), yet a bigger stick (more negative) raises it, so the stick
*helps the deal* (blue, right).  A relief tranche's cost to its giver
(negative) that lowers the giver's margin as it grows *hurts the deal* (red,
left).  ``rho`` near 0 with a large ``S_T`` (no monotone effect) is grey.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt

from accord.charts.common import HELPS, HURTS, INK, MUTED, WIDTH, Chart, data, finish
from accord.charts.registry import register
from accord.model.checks import quantities
from accord.report.tornado import EFFECTS, effect

if TYPE_CHECKING:
    from accord.simulation import Sensitivity

#: Inputs shown.
TOP = 15


def tornado_rows(sens: Sensitivity, top: int = TOP) -> list[dict[str, Any]]:
    means = {tuple(p): q.mean for p, q in quantities(sens.scenario)}
    out = []
    for rank, r in enumerate(sens.inputs[:top]):
        mean = means.get(tuple(r["path"]), 0.0)
        e = effect(r["spearman"], mean)
        total = float(r["total"] or 0.0)
        out.append({"rank": rank, "name": r["name"], "distribution": r["distribution"],
                    "mean": mean, "spearman": r["spearman"], "first_order": r["first_order"],
                    "total": r["total"], "effect": EFFECTS[0 if e > 0 else 1 if e < 0 else 2],
                    "bar": total if e >= 0 else -total})
    return out


def tornado(sens: Sensitivity) -> Chart:
    rows = tornado_rows(sens)
    base = alt.Chart(data(rows, name="inputs"))
    reach = max([abs(r["bar"]) for r in rows] + [0.01]) * 1.05
    y = alt.Y("name:N", sort=[r["name"] for r in rows], title=None,
              axis=alt.Axis(labelLimit=320))
    tip = [alt.Tooltip("name:N", title="input"), alt.Tooltip("distribution:N"),
           alt.Tooltip("effect:N", title="more of it"),
           alt.Tooltip("spearman:Q", title="Spearman rho", format=".3f"),
           alt.Tooltip("first_order:Q", title="first-order S1", format=".3f"),
           alt.Tooltip("total:Q", title="total ST", format=".3f")]
    bars = base.mark_bar().encode(
        x=alt.X("bar:Q", title="total Sobol index S_T (share of the bottleneck margin's "
                "variance); right: more of it helps the deal, left: hurts",
                scale=alt.Scale(domain=[-reach, reach], nice=False),
                axis=alt.Axis(labelExpr="format(abs(datum.value), '.2f')", tickCount=6)),
        y=y, color=alt.Color("effect:N", title="a larger value (in magnitude)",
                             scale=alt.Scale(domain=list(EFFECTS), range=[HELPS, HURTS, MUTED]),
                             legend=alt.Legend(orient="bottom", titleLimit=300)),
        tooltip=tip)
    zero = alt.Chart(data([{"zero": 0}], name="zero")).mark_rule(
        color=INK).encode(x="zero:Q")
    chart = alt.layer(bars, zero).properties(width=WIDTH - 240, height=22 * max(1, len(rows)))
    d = sens.to_dict()
    return finish(chart, f"What decides whether the road map holds: {sens.scenario.title}",
                  [f"the {len(rows)} most important uncertain inputs; {d['draws']:,} draws per "
                   f"sample, seed {sens.provenance.seed}"])


register("Sensitivity", "tornado", "which uncertain inputs decide the verdict (total Sobol "
         "index; helps / hurts the deal)")(tornado)
