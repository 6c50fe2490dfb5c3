"""The margins heat map: decision point x party, and the cheat margins, diverging at 0.

Data ``cells``: one row per (decision point, column).  Columns are the parties
(``kind: margin``: the party's margin at the point, value at that time) and,
for each party that acts on verified steps, ``<party> cheating`` (``kind:
cheat``: the smallest cheat margin of that party's verified steps in the move
at that point, each listed with its required detection).  ``root`` marks the
root-cause cell (:func:`accord.charts.common.root_cause`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import altair as alt

from accord.charts.common import (
    INK,
    Chart,
    data,
    finish,
    margin_color,
    root_cause,
    symmetric,
    value_unit,
)
from accord.report.labels import point_name, step_name, when

if TYPE_CHECKING:
    from accord.analysis import Analysis

#: Pixels per row and per column.
ROW, COLUMN = 26, 92


def cheat_column(party: str) -> str:
    return f"{party} cheating"


def cells(a: Analysis) -> list[dict[str, Any]]:
    """The heat map's cells (see the module docstring)."""
    s, lay = a.scenario, a.layout
    cause = root_cause(a)
    out: list[dict[str, Any]] = []
    margins = a.margins
    for q in range(lay.n_points):
        row = f"{q} · {point_name(s, lay, q)}"
        base = {"point": q, "row": row, "time": a.times[q], "when": when(s, a.times[q])}
        for p in lay.parties:
            out.append({**base, "column": p, "party": p, "kind": "margin",
                        "value": margins[p][q], "steps": [], "detail": "",
                        "root": bool(cause and cause["kind"] == "margin"
                                     and cause["point"] == q and cause["party"] == p)})
        for p in lay.parties:
            mine = [c for c in a.cheats if c["point"] == q and c["party"] == p]
            if not mine:
                continue
            detail = "; ".join(
                f"{step_name(s, c['step'])}: {c['margin']:,.2f}, needs detection "
                + ("never enough" if c["required_detection"] is None else
                   f"{c['required_detection']:.2f}") + f" (plan {c['detection']:.2f})"
                for c in mine)
            out.append({**base, "column": cheat_column(p), "party": p, "kind": "cheat",
                        "value": min(c["margin"] for c in mine),
                        "steps": [c["step"] for c in mine], "detail": detail,
                        "root": bool(cause and cause["kind"] == "cheat" and cause["point"] == q
                                     and cause["step"] in [c["step"] for c in mine])})
    return out


def heatmap(a: Analysis) -> Chart:
    """Margins and cheat margins at every decision point (see the module docstring)."""
    s, lay = a.scenario, a.layout
    rows_ = cells(a)
    rows = [f"{q} · {point_name(s, lay, q)}" for q in range(lay.n_points)]
    columns = [*lay.parties, *(cheat_column(p) for p in lay.parties
                               if any(c["party"] == p and c["kind"] == "cheat" for c in rows_))]
    domain = symmetric(c["value"] for c in rows_)
    # white text where the symlog color is dark
    big = 0.6 * math.log1p(domain[1])
    x = alt.X("column:N", sort=columns, title=None,
              axis=alt.Axis(orient="top", labelAngle=0, labelFontWeight="bold", ticks=False,
                            domain=False, labelLimit=COLUMN * 2))
    y = alt.Y("row:N", sort=rows, title=None,
              axis=alt.Axis(labelLimit=380, ticks=False, domain=False))
    tip = [alt.Tooltip("row:N", title="decision point"), alt.Tooltip("when:N", title="time"),
           alt.Tooltip("column:N", title="test"),
           alt.Tooltip("value:Q", title="margin", format=",.3f"),
           alt.Tooltip("detail:N", title="cheats")]
    base = alt.Chart(data(rows_, name="cells"))
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, y=y, color=margin_color("value", domain, f"margin ({value_unit(s)}, value at "
                                     "the point's time)"), tooltip=tip)
    ring = base.transform_filter("datum.root").mark_rect(
        fill=None, stroke=INK, strokeWidth=3).encode(x=x, y=y)
    text = base.mark_text(fontSize=11).encode(
        x=x, y=y, text=alt.Text("value:Q", format=",.2f"),
        color=alt.condition(f"log(1 + abs(datum.value)) > {big!r}", alt.value("white"),
                            alt.value(INK)),
        tooltip=tip)
    chart = alt.layer(rect, ring, text).properties(width=COLUMN * len(columns),
                                                   height=ROW * len(rows))
    cause = root_cause(a)
    note = ("outlined: the root cause, the failing test that starts the unravelling"
            if cause and cause["point"] is not None else "no failing margin or cheat test")
    return finish(chart, f"Margins at every decision point: {s.title}", [
        "a party's margin: what going on is worth to it over walking away (< 0: it gains by "
        "leaving); cheating: the same against cheating on its verified steps", note])
