"""Exposure: what each party is left with if another walks away, at every decision point.

Data ``exposure``: one row per (decision point ``q``, party ``i``, defector
``d != i``) with ``value`` = PV at time 0 to ``i`` of the path on which ``d``
walks away at ``q`` (``Analysis.exposure[i][d][q]``, value units).  Below 0:
``i`` would be worse off than with no agreement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt

from accord.charts.common import INK, Chart, data, finish, value_unit
from accord.report.labels import point_name, when

if TYPE_CHECKING:
    from accord.analysis import Analysis

#: Pixels per decision point.
STEP = 46


def exposure_rows(a: Analysis) -> list[dict[str, Any]]:
    s, lay = a.scenario, a.layout
    out = []
    for party, by in a.exposure.items():
        for defector, series in by.items():
            for q, v in enumerate(series):
                out.append({"point": q, "label": point_name(s, lay, q), "when": when(s, a.times[q]),
                            "party": party, "defector": defector, "value": v,
                            "series": f"{party} if {defector} walks away",
                            "worse": v < 0})
    return out


def exposure(a: Analysis) -> Chart:
    """Grouped bars per decision point, one per (party, defector); a rule at 0."""
    s = a.scenario
    rows = exposure_rows(a)
    n = a.layout.n_points
    base = alt.Chart(data(rows, name="exposure"))
    x = alt.X("point:O", title="decision point (before each move; last: completion)",
              axis=alt.Axis(labelAngle=0))
    bars = base.mark_bar().encode(
        x=x, xOffset=alt.XOffset("series:N"),
        y=alt.Y("value:Q", title=f"PV at time 0 ({value_unit(s)})"),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(scheme="tableau10")),
        opacity=alt.condition("datum.worse", alt.value(1.0), alt.value(0.75)),
        stroke=alt.condition("datum.worse", alt.value(INK), alt.value(None)),
        tooltip=[alt.Tooltip("point:O", title="point"), alt.Tooltip("label:N", title="before"),
                 alt.Tooltip("when:N", title="time"), alt.Tooltip("series:N", title="who"),
                 alt.Tooltip("value:Q", title="PV at 0", format=",.3f")])
    zero = alt.Chart(data([{"zero": 0}], name="zero")).mark_rule(
        color=INK).encode(y="zero:Q")
    chart = alt.layer(bars, zero).properties(width=max(360, STEP * n), height=220)
    return finish(chart, f"Exposure if another party walks away: {s.title}", [
        "what each party is left with (PV at time 0) if another walks away at that point; "
        "below 0 (outlined): worse off than with no agreement"])
