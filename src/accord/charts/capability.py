"""Capability trajectories: the level on the compliance path, and the breakout band.

Data ``levels``: for each capability, its level at every time it changes (a
step's change takes effect at ``a = x + lag``, MODEL.md §5; the same
trajectory as ``Analysis.capabilities``), drawn as a step line to the end of
the chart.

Data ``breakout``: the band above the level.  If the deal broke at time
``t``, every reversible step that has already cut the capability
(``a_s <= t``) could be undone; its cut ``-delta_s`` comes back after its
reversal lag ``L_s`` with probability ``feasible_s``.  For each distinct lag
``L`` the band's top is ``level(t) + sum(feasible_s * -delta_s : a_s <= t,
L_s <= L)``: the expected level reachable within ``L`` of a break at ``t``
(capability units; the incentive to reverse is the margins' business, not
this chart's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt
import numpy as np

from accord.charts.common import INK, WIDTH, Chart, at, data, finish, time_title
from accord.report.labels import step_name

if TYPE_CHECKING:
    from accord.analysis import Analysis

#: Height of one capability's panel, in pixels.
HEIGHT = 150


def _unit(a: Analysis, cid: str) -> str:
    cap = next(c for c in a.scenario.capabilities if c.id == cid)
    return cap.unit or "level"


def _name(a: Analysis, cid: str) -> str:
    cap = next(c for c in a.scenario.capabilities if c.id == cid)
    return cap.label or cid


def end_time(a: Analysis) -> float:
    """Where the time axis ends: completion, or the last change if later."""
    last = [pt["time"] for c in a.capabilities for pt in c["trajectory"]]
    return float(max([a.times[-1], *last]))


def levels(a: Analysis) -> list[dict[str, Any]]:
    """Each capability's trajectory, with a last point at the end of the chart."""
    s = a.scenario
    end = end_time(a)
    out = []
    for c in a.capabilities:
        path = c["trajectory"]
        for pt in [*path, {"time": end, "level": path[-1]["level"]}]:
            out.append({"capability": c["id"], "name": _name(a, c["id"]), "time": pt["time"],
                        "x": at(s, pt["time"]), "level": pt["level"], "unit": _unit(a, c["id"])})
    return out


def breakout(a: Analysis) -> list[dict[str, Any]]:
    """The breakout band's corners (see the module docstring)."""
    s, lay = a.scenario, a.layout
    unit = s.units.time or "time units"
    p = a.solution.params
    eff = a.solution.capabilities.effect_time[0]
    end = end_time(a)
    out: list[dict[str, Any]] = []
    for c, cap in enumerate(a.capabilities):
        delta = p.cap_delta[0, :, c]
        cut = lay.reversible & (delta < 0) & (p.rev_feasible[0] > 0)
        idx = [int(j) for j in np.flatnonzero(cut)]
        if not idx:
            continue
        lags = sorted({float(p.rev_lag[0, j]) for j in idx})
        times = sorted({0.0, end, *(float(eff[j]) for j in idx if eff[j] <= end),
                        *(pt["time"] for pt in cap["trajectory"])})
        path = cap["trajectory"]
        for lag in lags:
            tier = f"within {lag:g} {unit}"
            for t in times:
                level = [pt["level"] for pt in path if pt["time"] <= t][-1]
                back = [j for j in idx if eff[j] <= t and p.rev_lag[0, j] <= lag]
                top = level + float(sum(p.rev_feasible[0, j] * -delta[j] for j in back))
                out.append({"capability": cap["id"], "name": _name(a, cap["id"]), "time": t,
                            "x": at(s, t), "level": level, "top": top, "lag": lag,
                            "tier": tier,
                            "steps": ", ".join(step_name(s, lay.steps[j]) for j in back)})
    return out


def capability(a: Analysis) -> Chart:
    """One panel per capability: level and breakout band over time."""
    s = a.scenario
    lv, bo = levels(a), breakout(a)
    domain = [at(s, 0.0), at(s, end_time(a))]
    xs = alt.Scale(domain=domain, nice=False, zero=False)
    fmt = "d" if domain[1] - domain[0] > 3 else ".1f"
    tiers = sorted({(b["lag"], b["tier"]) for b in bo})
    panels = []
    for k, cap in enumerate(a.capabilities):
        cid = cap["id"]
        last = k == len(a.capabilities) - 1
        axis = alt.Axis(format=fmt, title=time_title(s) if last else None)
        y_title = _unit(a, cid)
        layers: list[Any] = []
        mine = [b for b in bo if b["capability"] == cid]
        if mine:
            layers.append(alt.Chart(data(mine, name=f"breakout_{k}")).mark_area(
                interpolate="step-after", opacity=0.35).encode(
                x=alt.X("x:Q", scale=xs, axis=axis), y=alt.Y("level:Q", title=y_title),
                y2="top:Q",
                color=alt.Color("tier:N", title="restorable after a break",
                                sort=[t for _, t in reversed(tiers)],
                                scale=alt.Scale(scheme="oranges", reverse=True),
                                legend=alt.Legend(orient="bottom", titleLimit=400)),
                order=alt.Order("lag:Q", sort="descending"),
                tooltip=[alt.Tooltip("x:Q", title="break at", format=".2f"),
                         alt.Tooltip("tier:N", title="within"),
                         alt.Tooltip("top:Q", title="level reachable", format=",.2f"),
                         alt.Tooltip("steps:N", title="reversible cuts")]))
        layers.append(alt.Chart(data([r for r in lv if r["capability"] == cid],
                                         name=f"levels_{k}")).mark_line(
            interpolate="step-after", color=INK, strokeWidth=2.5).encode(
            x=alt.X("x:Q", scale=xs, axis=axis),
            y=alt.Y("level:Q", title=y_title, scale=alt.Scale(zero=True)),
            tooltip=[alt.Tooltip("x:Q", title="from", format=".2f"),
                     alt.Tooltip("level:Q", format=",.2f"), alt.Tooltip("unit:N")]))
        panels.append(alt.layer(*layers).properties(
            width=WIDTH, height=HEIGHT,
            title=alt.TitleParams(_name(a, cid), anchor="start", fontSize=12)))
    if not panels:
        empty = alt.Chart(data([{"text": "this scenario tracks no capability"}],
                                   name="levels")).mark_text(fontSize=13).encode(text="text:N")
        return finish(alt.vconcat(empty.properties(width=WIDTH, height=40)),
                      f"Capabilities: {s.title}")
    return finish(alt.vconcat(*panels, spacing=14), f"Capabilities: {s.title}", [
        "line: the level on the compliance path; band: what could be restored if the deal "
        "broke at that time, within each reversal lag (expected, weighted by feasibility)"])
