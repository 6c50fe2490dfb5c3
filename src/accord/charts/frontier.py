"""The bargaining frontier (``Frontier`` chart ``frontier``): two surpluses over viable road maps.

Data (the engine's numbers, PV at 0 to each party, as ``Frontier.to_dict()`` gives them):

* ``points``: one row per frontier point ``k`` (``x`` = A's surplus, ``y`` = B's), its
  road map as text (step labels) and the floors it answers.  The staircase through
  them (``step-before``) is what the computed road maps guarantee: for any floor of A's
  surplus between two points, B gets at least the next point's surplus;
* ``marks``: the road map as written and each side's position (``Frontier.marks``:
  the doctrine each side's 2019 sequence builds from the same pool), viable or not.
  A mark above and to the right of the staircase is a pair of surpluses no
  self-enforcing road map of the design block was found to give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt

from accord.charts.common import HELPS, HURTS, INK, MUTED, Chart, data, finish, value_unit
from accord.report.labels import step_name

if TYPE_CHECKING:
    from accord.design.frontier import Frontier

#: Side of the (square) plot, in pixels.
SIDE = 460
#: The shape of each mark.
SHAPES = {"as-written": "square", "relief-first": "triangle-up", "relief-last": "triangle-down"}
#: Names of the marks, for a reader.
MARK_NAMES = {"as-written": "as written", "relief-first": "relief first",
              "relief-last": "relief last"}


def _road_text(f: Frontier, k: int) -> str:
    s = f.scenarios[k] if k < len(f.scenarios) else f.source
    phases = f.points[k]["roadmap"]
    name = (lambda sid: step_name(s, sid)) if s is not None else str
    return " | ".join(f"{ph['phase']}: " + "; ".join(" + ".join(name(x) for x in m)
                                                      for m in ph["moves"]) for ph in phases)


def point_rows(f: Frontier) -> list[dict[str, Any]]:
    """One row per frontier point, in increasing order of A's surplus."""
    a, b = f.parties
    rows = [{"k": k + 1, "x": p["surplus"][a], "y": p["surplus"][b], "floor": p["floor"],
             "floors": len(p["floors"]), "roadmap": _road_text(f, k),
             "scale": ", ".join(f"{i} x {v:.3g}" for i, v in p["scale"].items()) or "none"}
            for k, p in enumerate(f.points)]
    return sorted(rows, key=lambda r: (r["x"], -r["y"]))


def mark_rows(f: Frontier) -> list[dict[str, Any]]:
    """One row per mark: ``x``, ``y`` (the two surpluses), ``viable``, its label."""
    a, b = f.parties
    out = []
    for m in f.marks:
        name = MARK_NAMES.get(m["name"], m["name"])
        who = "" if m["party"] is None else f"{m['party']}'s position: "
        state = "viable" if m["viable"] else "not viable"
        out.append({"name": m["name"], "x": m["surplus"][a], "y": m["surplus"][b],
                    "viable": m["viable"], "label": f"{who}{name} ({state})",
                    "shape": SHAPES.get(m["name"], "diamond")})
    return out


def _domain(values: list[float]) -> list[float]:
    lo, hi = min(values), max(values)
    pad = max(hi - lo, 1e-6 * max(1.0, abs(hi))) * 0.08
    return [lo - pad, hi + pad]


def frontier(f: Frontier) -> Chart:
    """The staircase of frontier points, the road map as written and each side's position."""
    a, b = f.parties
    pts, mks = point_rows(f), mark_rows(f)
    if not pts and not mks:
        raise ValueError("nothing to draw: no frontier point and no road map to mark")
    unit = value_unit(f.source) if f.source is not None else "value units"
    xs = alt.Scale(domain=_domain([r["x"] for r in [*pts, *mks]]), nice=False, zero=False)
    ys = alt.Scale(domain=_domain([r["y"] for r in [*pts, *mks]]), nice=False, zero=False)
    x = alt.X("x:Q", scale=xs, title=f"{a} surplus ({unit}, PV at 0)")
    y = alt.Y("y:Q", scale=ys, title=f"{b} surplus ({unit}, PV at 0)")
    layers: list[Any] = []
    zero = alt.Chart(data([{"zero": 0.0}], name="zero")).mark_rule(color=MUTED,
                                                                    strokeDash=[2, 3])
    if xs.domain[0] < 0 < xs.domain[1]:  # left of it, A would not sign
        layers.append(zero.encode(x=alt.X("zero:Q", scale=xs)))
    if ys.domain[0] < 0 < ys.domain[1]:  # below it, B would not sign
        layers.append(zero.encode(y=alt.Y("zero:Q", scale=ys)))
    tip = [alt.Tooltip("k:O", title="point"), alt.Tooltip("x:Q", title=f"{a} surplus",
                                                          format=",.4g"),
           alt.Tooltip("y:Q", title=f"{b} surplus", format=",.4g"),
           alt.Tooltip("roadmap:N", title="road map"), alt.Tooltip("scale:N", title="scales")]
    if pts:
        base = alt.Chart(data(pts, name="points"))
        layers += [
            base.mark_line(interpolate="step-before", color=HELPS, strokeWidth=2).encode(
                x=x, y=y, order="k:O"),
            base.mark_point(filled=True, size=90, color=HELPS, stroke=INK,
                            strokeWidth=0.6).encode(x=x, y=y, tooltip=tip),
            base.mark_text(dx=8, dy=-8, fontSize=10, color=INK).encode(x=x, y=y, text="k:O"),
        ]
    if mks:
        base = alt.Chart(data(mks, name="marks"))
        color = alt.condition("datum.viable", alt.value(HELPS), alt.value(HURTS))
        shape = alt.Shape("label:N", title=None, sort=None,
                          scale=alt.Scale(domain=[m["label"] for m in mks],
                                          range=[m["shape"] for m in mks]),
                          legend=alt.Legend(orient="bottom", direction="vertical",
                                            labelLimit=500, symbolStrokeColor=INK,
                                            symbolFillColor=MUTED))
        layers.append(base.mark_point(filled=True, size=150, stroke=INK,
                                      strokeWidth=0.8).encode(
            x=x, y=y, color=color, shape=shape,
            tooltip=[alt.Tooltip("label:N", title="road map"),
                     alt.Tooltip("x:Q", title=f"{a} surplus", format=",.4g"),
                     alt.Tooltip("y:Q", title=f"{b} surplus", format=",.4g")]))
    chart = alt.layer(*layers).properties(width=SIDE, height=SIDE)
    s = f.source
    title = f"Bargaining frontier: {a} and {b}" + (f", {s.title}" if s is not None else "")
    sub = [f"numbered: the road maps that give {b} the most for each floor of {a}'s surplus "
           "(all viable); the staircase: what they guarantee",
           "marks (legend): the road map as written and each side's position (the road map "
           "its doctrine builds from the same pool); blue: viable, red: not viable"]
    if not pts:
        sub.insert(0, "no viable road map of the design block: the frontier is empty")
    return finish(chart, title, sub)
