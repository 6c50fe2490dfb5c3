"""The designed road map beside the written one (``Optimum`` chart ``designed``).

Two timelines on one time axis and one margin color (:mod:`accord.charts.timeline`):
above, the file's road map as written (``Optimum.as_written``, its datasets prefixed
``written_``); below, the designed one (``Optimum.analysis``, prefixed ``designed_``),
each move colored by the tightest margin just before it.  Under them, when the
design scales anything, the bars of ``scales``: one row per scaled step or stick with
its multiplier ``scale`` (``λ``, ``Optimum.scale``; 1 = as written, a rule at 1),
its ``kind`` (``step`` or ``stick``) and who gives it (``actor``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt

from accord.charts.common import HELPS, INK, MUTED, WIDTH, Chart, data, finish, value_unit
from accord.charts.timeline import HOW_TO_READ, cause_text, lanes, scale_for
from accord.report.labels import step_name

if TYPE_CHECKING:
    from accord.design.optimize import Optimum

#: Height of one bar of the scales panel, in pixels.
BAR = 22


def scale_rows(o: Optimum) -> list[dict[str, Any]]:
    """One row per scaled item: ``item``, its ``label``, ``kind`` (step or stick), ``scale``.

    ``scale`` is the designed multiplier ``λ`` (``Optimum.scale``, as the JSON gives it);
    ``kind`` is ``stick`` for a stick id and ``step`` otherwise; ``actor`` is who gives it.
    """
    s = o.scenario
    if s is None:
        return []
    sticks = {k.id: k for k in s.sticks}
    out = []
    for item, lam in o.scale.items():
        if item in sticks:
            kind, label, actor = "stick", item, sticks[item].actor
        else:
            kind, label, actor = "step", step_name(s, item), s.step(item).actor
        out.append({"item": item, "label": label, "kind": kind, "actor": actor,
                    "scale": float(lam),
                    "text": f"x {lam:.3g}" + (" (stick)" if kind == "stick" else "")})
    return out


def _heading(name: str, o: Optimum, a: Any) -> str:
    if name == "written":
        return f"As written: {'viable' if a.viable else 'not viable'}"
    value = "-" if o.value is None else f"{o.value:,.4g}"
    return f"Designed ({o.status}): {o.objective} = {value}"


def _scales(o: Optimum) -> Any:
    rows = scale_rows(o)
    base = alt.Chart(data(rows, name="scales"))
    top = max([r["scale"] for r in rows] + [1.0])
    x = alt.X("scale:Q", title="multiplier (1 = as written)",
              scale=alt.Scale(domain=[0, top * 1.15], nice=False))
    y = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=300))
    # fixed colors, not a color scale: the timelines' margin scale is shared by the whole chart
    bars = base.mark_bar(height=BAR - 6).encode(
        x=x, y=y, color=alt.condition("datum.kind == 'stick'", alt.value(MUTED),
                                      alt.value(HELPS)),
        tooltip=[alt.Tooltip("label:N", title="item"), alt.Tooltip("kind:N"),
                 alt.Tooltip("actor:N", title="given by"),
                 alt.Tooltip("scale:Q", title="multiplier", format=".4g")])
    text = base.mark_text(align="left", dx=4, fontSize=10, color=INK).encode(
        x=x, y=y, text="text:N")
    one = alt.Chart(data([{"one": 1.0}], name="scales_one")).mark_rule(
        color=INK, strokeDash=[4, 3]).encode(x="one:Q")
    return alt.layer(bars, text, one).properties(
        width=WIDTH, height=BAR * len(rows),
        title=alt.TitleParams("Scales of the designed road map", anchor="start", fontSize=13))


def designed(o: Optimum) -> Chart:
    """The written road map above the designed one, on one time axis; the scales below."""
    if o.analysis is None:
        raise ValueError("no designed road map to draw: the design found none")
    shown = [("written", o.as_written)] if o.as_written is not None else []
    shown.append(("designed", o.analysis))
    xs, xfmt, color = scale_for([a for _, a in shown])
    rows: list[Any] = []
    for name, a in shown:
        rows += lanes(a, xs, xfmt, color, prefix=f"{name}_", heading=_heading(name, o, a))
    if o.scale:
        rows.append(_scales(o))
    chart = alt.vconcat(*rows, spacing=8).resolve_scale(color="shared")
    sub = [f"designed: {cause_text(o.analysis)}"]
    if o.as_written is not None:
        sub.insert(0, f"as written: {cause_text(o.as_written)}")
    if o.omitted:
        sub.append("left out: " + ", ".join(step_name(o.analysis.scenario, x)
                                            for x in o.omitted))
    sub.append(HOW_TO_READ + f" ({value_unit(o.analysis.scenario)})")
    return finish(chart, f"Designed road map: {o.analysis.scenario.title}", sub)
