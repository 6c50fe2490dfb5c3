"""Charts of a sweep: a line over one input, or a heat map with the 0 contour over two.

Data ``cells``: the sweep's cells as they are (``x``, ``y``, ``viable``,
``bottleneck``, ``p_viable``).  Over two inputs each cell is drawn as a
rectangle centred on its ``(x, y)``, half-way to its neighbours; ``contour``
holds the segments where the bottleneck crosses 0 (marching squares,
:mod:`accord.charts.contour`): on one side the road map holds its tests, on
the other it fails.  ``p_viable`` draws the same with P(viable), its contour
at :data:`LEVEL`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt
import numpy as np

from accord.charts.common import (
    HELPS,
    HURTS,
    INK,
    WIDTH,
    Chart,
    data,
    finish,
    margin_color,
    symmetric,
)
from accord.charts.contour import segments
from accord.charts.registry import register

if TYPE_CHECKING:
    from accord.sweep.result import Sweep

#: At most this many swept values: the x axis ticks at each of them.
TICKS = 12
#: The P(viable) level whose contour is drawn ("how much before P(viable) >= 0.9?").
LEVEL = 0.9


def _edges(values: list[float]) -> list[tuple[float, float]]:
    """Each value's cell: half-way to its neighbours (the ends mirror the next half step)."""
    v = np.asarray(values, dtype=np.float64)
    if len(v) == 1:
        return [(float(v[0]) - 0.5, float(v[0]) + 0.5)]
    mid = (v[1:] + v[:-1]) / 2
    lo = np.concatenate([[v[0] - (mid[0] - v[0])], mid])
    hi = np.concatenate([mid, [v[-1] + (v[-1] - mid[-1])]])
    return [(float(a), float(b)) for a, b in zip(lo, hi, strict=True)]


def _cells(sw: Sweep) -> list[dict[str, Any]]:
    xs = [float(v) for v in sw.x.values]
    ex = dict(zip(xs, _edges(xs), strict=True))
    ey = {}
    if sw.y is not None:
        ys = [float(v) for v in sw.y.values]
        ey = dict(zip(ys, _edges(ys), strict=True))
    out = []
    for c in sw.cells:
        row = {k: c.get(k) for k in ("x", "y", "viable", "self_enforcing", "bottleneck",
                                     "p_viable", "p_viable_se")}
        row["x0"], row["x1"] = ex[c["x"]]
        if sw.y is not None:
            row["y0"], row["y1"] = ey[c["y"]]
        row["verdict"] = "viable" if c["viable"] else "not viable"
        out.append(row)
    return out


def _contour(sw: Sweep, key: str, level: float) -> list[dict[str, float]]:
    assert sw.y is not None
    nx, ny = len(sw.x.values), len(sw.y.values)
    f = np.array([c.get(key) if c.get(key) is not None else np.nan for c in sw.cells],
                 dtype=np.float64).reshape(nx, ny)
    segs = segments(list(sw.x.values), list(sw.y.values), f, level)
    return [{"x": a, "y": b, "x2": c, "y2": d} for a, b, c, d in segs]


def _line(sw: Sweep, key: str) -> Any:
    rows = _cells(sw)
    base = alt.Chart(data(rows, name="cells"))
    values = [float(v) for v in sw.x.values]
    # ticks at the swept values when they are few (no crowding), else Vega's own
    axis = alt.Axis(values=values, labelOverlap=True) if len(values) <= TICKS else alt.Axis(
        labelOverlap=True)
    x = alt.X("x:Q", title=sw.x.path, scale=alt.Scale(zero=False, nice=False), axis=axis)
    if key == "bottleneck":
        y = alt.Y("bottleneck:Q", title="bottleneck margin (value units)")
        ref = 0.0
    else:
        y = alt.Y("p_viable:Q", title="P(viable)", scale=alt.Scale(domain=[0, 1]),
                  axis=alt.Axis(format="%"))
        ref = LEVEL
    tip = [alt.Tooltip("x:Q", title=sw.x.path, format=".4g"),
           alt.Tooltip("bottleneck:Q", format=",.3f"), alt.Tooltip("verdict:N")]
    if sw.draws:
        tip.append(alt.Tooltip("p_viable:Q", title="P(viable)", format=".3f"))
    dots = (base.mark_point(filled=True, size=50).encode(
        x=x, y=y, tooltip=tip,
        color=alt.Color("verdict:N", title="exact analysis", scale=alt.Scale(
            domain=["viable", "not viable"], range=[HELPS, HURTS]),
            legend=alt.Legend(orient="bottom"))) if key == "bottleneck" else
        base.mark_point(filled=True, size=40, color=INK).encode(x=x, y=y, tooltip=tip))
    layers: list[Any] = [
        base.mark_line(color=INK).encode(x=x, y=y), dots,
        alt.Chart(data([{"ref": ref}], name="reference")).mark_rule(
            color=INK, strokeDash=[4, 3]).encode(y="ref:Q"),
    ]
    if key == "p_viable":
        layers.insert(0, base.mark_area(color=HELPS, opacity=0.2).encode(
            x=x, y=alt.Y("low:Q"), y2="high:Q").transform_calculate(
            low="max(0, datum.p_viable - 1.96 * datum.p_viable_se)",
            high="min(1, datum.p_viable + 1.96 * datum.p_viable_se)"))
    return alt.layer(*layers).properties(width=WIDTH, height=260)


def _heat(sw: Sweep, key: str) -> Any:
    assert sw.y is not None
    rows = _cells(sw)
    level = 0.0 if key == "bottleneck" else LEVEL
    base = alt.Chart(data(rows, name="cells"))
    if key == "bottleneck":
        color = margin_color("bottleneck", symmetric(r["bottleneck"] for r in rows),
                             "bottleneck margin (value units)")
    else:
        color = alt.Color("p_viable:Q", title="P(viable)", scale=alt.Scale(
            scheme="blues", domain=[0, 1]), legend=alt.Legend(orient="bottom", format="%"))
    tip = [alt.Tooltip("x:Q", title=sw.x.path, format=".4g"),
           alt.Tooltip("y:Q", title=sw.y.path, format=".4g"),
           alt.Tooltip("bottleneck:Q", format=",.3f"), alt.Tooltip("verdict:N")]
    if sw.draws:
        tip.append(alt.Tooltip("p_viable:Q", title="P(viable)", format=".3f"))
    rect = base.mark_rect().encode(
        x=alt.X("x0:Q", title=sw.x.path, scale=alt.Scale(zero=False, nice=False)), x2="x1:Q",
        y=alt.Y("y0:Q", title=sw.y.path, scale=alt.Scale(zero=False, nice=False)), y2="y1:Q",
        color=color, tooltip=tip)
    segs = _contour(sw, key, level)
    layers = [rect]
    if segs:  # no crossing: no line (an empty layer would have no extent)
        layers.append(alt.Chart(data(segs, name="contour")).mark_rule(
            color=INK, strokeWidth=2.5).encode(x="x:Q", y="y:Q", x2="x2:Q", y2="y2:Q"))
    return alt.layer(*layers).properties(width=WIDTH - 120, height=360)


def sweep_chart(sw: Sweep) -> Chart:
    """Bottleneck over the grid: a line (one input) or a heat map with the 0 contour (two)."""
    chart = _line(sw, "bottleneck") if sw.y is None else _heat(sw, "bottleneck")
    what = ("dashed line: 0, where the road map's tightest test turns" if sw.y is None else
            "black line: the 0 contour, where the road map's tightest test turns")
    return finish(chart, f"Sweep: {sw.scenario.title}",
                  ["bottleneck: the root cause if the road map is not viable, else its "
                   f"tightest test (value units); {what}"])


def p_viable_chart(sw: Sweep) -> Chart:
    """P(viable) over the grid, with the :data:`LEVEL` line or contour."""
    chart = _line(sw, "p_viable") if sw.y is None else _heat(sw, "p_viable")
    return finish(chart, f"P(viable) over the sweep: {sw.scenario.title}",
                  [f"{sw.draws:,} draws per cell (the same draws in every cell), seed "
                   f"{sw.provenance.seed}; line: P(viable) = {LEVEL:g}"])


register("Sweep", "sweep", "bottleneck margin over the grid (line, or heat map with the 0 "
         "contour)")(sweep_chart)
register("Sweep", "p_viable", "P(viable) over the grid (with --draws)",
         applies=lambda sw: bool(sw.draws))(p_viable_chart)
