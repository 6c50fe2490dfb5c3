"""Road maps side by side (``Comparison`` chart ``compare``): surpluses and capability-years.

Data ``rows``: one row per (road map, measure) of the comparison's built road maps,
``value`` = the row's surplus of a party (PV at 0, ``Comparison.to_dict()["rows"][k]
["surplus"]``) or its capability-years of a capability (until completion), with the
road map's ``viable`` verdict.  One panel per measure, one bar per road map, in the
comparison's order; a bar is blue when the road map is viable, red when it is not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt

from accord.charts.common import HELPS, HURTS, INK, Chart, data, finish, value_unit

if TYPE_CHECKING:
    from accord.design.compare import Comparison

#: Height of one bar, in pixels.
BAR = 20


def comparison_rows(c: Comparison) -> list[dict[str, Any]]:
    """One row per built road map and measure (``surplus: P`` or ``capability-years: C``)."""
    out = []
    for r in c.rows:
        d = r.to_dict()
        if not d["built"]:
            continue
        verdict = "viable" if d["viable"] else "not viable"
        for p in c.parties:
            if p in d["surplus"]:
                out.append({"name": r.name, "measure": f"surplus: {p}", "value": d["surplus"][p],
                            "viable": d["viable"], "verdict": verdict})
        for cap in c.capabilities:
            if cap in d["capability_years"]:
                out.append({"name": r.name, "measure": f"capability-years: {cap}",
                            "value": d["capability_years"][cap], "viable": d["viable"],
                            "verdict": verdict})
    return out


def compare(c: Comparison) -> Chart:
    """One panel per measure, one bar per road map, colored by the verdict."""
    rows = comparison_rows(c)
    if not rows:
        raise ValueError("no road map of the comparison could be built: nothing to draw")
    names = list(dict.fromkeys(r["name"] for r in rows))
    first = next((r.scenario for r in c.rows if r.scenario is not None), None)
    unit = value_unit(first) if first is not None else "value units"
    base = alt.Chart(data(rows, name="comparison"))
    y = alt.Y("name:N", sort=names, title=None, axis=alt.Axis(labelLimit=240))
    bars = base.mark_bar(height=BAR - 6).encode(
        x=alt.X("value:Q", title=None),
        y=y, color=alt.condition("datum.viable", alt.value(HELPS), alt.value(HURTS)),
        tooltip=[alt.Tooltip("name:N", title="road map"), alt.Tooltip("measure:N"),
                 alt.Tooltip("value:Q", format=",.4g"), alt.Tooltip("verdict:N")])
    # one text layer (an empty filtered layer would give vega an infinite extent): the
    # label sits right of a bar >= 0, left of a bar < 0
    text = base.mark_text(align=alt.expr("datum.value < 0 ? 'right' : 'left'"),
                          dx=alt.expr("datum.value < 0 ? -4 : 4"), fontSize=10,
                          color=INK).encode(x="value:Q", y=y,
                                            text=alt.Text("value:Q", format=",.3g"))
    chart = alt.layer(bars, text).properties(width=420, height=BAR * len(names)).facet(
        row=alt.Row("measure:N", title=None, sort=list(dict.fromkeys(r["measure"] for r in rows)),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start",
                                      labelOrient="top", labelFontWeight="bold",
                                      labelFontSize=12)),
        spacing=14).resolve_scale(x="independent")
    return finish(chart, "Road maps compared", [
        f"surplus: PV at 0 to each party ({unit}); capability-years: until completion; "
        "blue: viable, red: not viable"])
