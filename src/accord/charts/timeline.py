"""The road map timeline: phases on a time axis, one lane per party, every move a mark.

Data (the engine's numbers, at full precision):

* ``phases``: each phase's ``start`` and ``end`` (time units; ``x``/``x2`` where
  drawn: calendar years when the file has ``years:``);
* ``moves``: one row per move ``q`` at its execution time ``time`` (the
  decision point ``q`` is just before it), in the lane of its actor, with its
  steps (labels where written), every party's ``margins`` at point ``q`` (value
  at that time) and the ``tightest`` test there: the smallest of those margins
  and of the cheat margins of the move's verified steps; ``root`` marks the
  root-cause point (:func:`accord.charts.common.root_cause`);
* ``completion``: the last decision point, at the completion time ``T``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt

from accord.charts.common import (
    BAND,
    BAND_LIGHT,
    INK,
    MUTED,
    WIDTH,
    Chart,
    at,
    data,
    finish,
    margin_color,
    root_cause,
    symmetric,
    time_title,
    value_unit,
)
from accord.report.labels import step_name, when

if TYPE_CHECKING:
    from accord.analysis import Analysis

#: Height of one move's row in a lane, in pixels.
ROW = 24


def phase_spans(a: Analysis) -> list[dict[str, Any]]:
    """Each phase's start and end at the means: ``start`` as written, else the previous end.

    Moves of phase ``k`` execute at its start (MODEL.md §3), so the start of a
    phase with moves equals the engine's execution time of its first move.
    """
    s = a.scenario
    out: list[dict[str, Any]] = []
    end = 0.0
    for k, ph in enumerate(s.roadmap):
        start = end if ph.start is None else ph.start.mean
        end = start + ph.duration.mean
        out.append({"phase": ph.phase, "index": k, "start": start, "end": end,
                    "x": at(s, start), "x2": at(s, end), "shade": k % 2})
    return out


def move_rows(a: Analysis) -> list[dict[str, Any]]:
    """One row per move: actor, steps, margins at its decision point, the tightest test."""
    s, lay = a.scenario, a.layout
    cause = root_cause(a)
    margins = a.margins
    rows = []
    for q in range(lay.n_moves):
        actor = lay.parties[int(lay.move_actor[q])]
        steps = [lay.steps[i] for i in lay.move_steps[q]]
        names = [step_name(s, sid) for sid in steps]
        at_q = {p: margins[p][q] for p in lay.parties}
        cheats = {c["step"]: c["margin"] for c in a.cheats if c["point"] == q}
        tests = [*at_q.values(), *cheats.values()]
        t = a.times[q]
        rows.append({
            "point": q, "party": actor, "phase": lay.phases[int(lay.move_phase[q])],
            "time": t, "x": at(s, t), "when": when(s, t), "steps": steps,
            "label": " + ".join(names), "row": f"{q} · " + " + ".join(names),
            "margins": at_q, "cheat_margins": cheats, "tightest": min(tests),
            "margins_text": ", ".join(f"{p} {v:,.2f}" for p, v in at_q.items()),
            "root": bool(cause and cause["point"] == q),
        })
    return rows


def completion_row(a: Analysis) -> dict[str, Any]:
    """The completion point: time ``T``, every party's margin there."""
    s, lay = a.scenario, a.layout
    q = lay.n_moves
    t = a.times[q]
    at_q = {p: a.margins[p][q] for p in lay.parties}
    cause = root_cause(a)
    return {"point": q, "time": t, "x": at(s, t), "when": when(s, t), "margins": at_q,
            "tightest": min(at_q.values()) if at_q else 0.0, "label": "completion",
            "margins_text": ", ".join(f"{p} {v:,.2f}" for p, v in at_q.items()),
            "root": bool(cause and cause["point"] == q)}


def cause_text(a: Analysis) -> str:
    """The timeline's first subtitle line: viable, or the root cause and where it is."""
    cause = root_cause(a)
    if cause is None:
        return ("viable: every margin and cheat margin holds and every party takes part; "
                "no root cause to mark")
    who = cause["party"]
    if cause["kind"] == "participation":
        return f"not viable: {who} would not sign (its surplus is {cause['margin']:,.2f})"
    q = cause["point"]
    if cause["kind"] == "cheat":
        what = f"{who} cheats on {step_name(a.scenario, cause['step'])}"
    else:
        what = f"{who} walks away"
    where = "at completion" if q == a.layout.n_moves else f"before move {q}"
    return (f"root cause (ringed): {what} {where}, {when(a.scenario, a.times[q])}, "
            f"margin {cause['margin']:,.2f}")


def scale_for(analyses: list[Analysis]) -> tuple[alt.Scale, str, alt.Color]:
    """One time scale, its tick format and one margin color for the road maps of ``analyses``.

    The time axis runs from time 0 to the latest completion or phase end of any of them,
    and the color domain holds every tightest margin of every one (so that two road maps
    drawn one above the other read on the same scales).
    """
    s = analyses[0].scenario
    end, tight = 0.0, []
    for a in analyses:
        done, moves = completion_row(a), move_rows(a)
        end = max([end, done["time"], *(p["end"] for p in phase_spans(a))])
        tight += [m["tightest"] for m in [*moves, done]]
    domain = [at(s, 0.0), at(s, end)]
    xs = alt.Scale(domain=domain, nice=False, zero=False)
    xfmt = "d" if domain[1] - domain[0] > 3 else ".1f"
    color = margin_color("tightest", symmetric(tight), f"tightest margin ({value_unit(s)})")
    return xs, xfmt, color


def lanes(a: Analysis, xs: alt.Scale, xfmt: str, color: alt.Color, *, prefix: str = "",
          heading: str | None = None) -> list[Any]:
    """The timeline's rows: the phase strip (titled ``heading``), then one lane per party.

    ``prefix`` names this road map's datasets (two road maps in one chart need two).
    """
    s = a.scenario
    phases, moves, done = phase_spans(a), move_rows(a), completion_row(a)
    tip = [alt.Tooltip("row:N", title="move"), alt.Tooltip("party:N", title="actor"),
           alt.Tooltip("phase:N"), alt.Tooltip("when:N", title="time"),
           alt.Tooltip("margins_text:N", title="margins before it"),
           alt.Tooltip("tightest:Q", title="tightest test", format=",.2f")]
    phase_data = data(phases, name=f"{prefix}phases")
    bands = alt.Chart(phase_data).mark_rect(opacity=1).encode(
        x=alt.X("x:Q", scale=xs, title=None, axis=None), x2="x2:Q",
        color=alt.condition("datum.shade == 1", alt.value(BAND), alt.value(BAND_LIGHT)),
        tooltip=[alt.Tooltip("phase:N"), alt.Tooltip("start:Q", format=".2f"),
                 alt.Tooltip("end:Q", format=".2f")])
    names = alt.Chart(phase_data).mark_text(fontWeight="bold", color=INK, limit=200).encode(
        x=alt.X("mid:Q", scale=xs), text="phase:N").transform_calculate(
        mid="(datum.x + datum.x2) / 2")
    done_data = data([done], name=f"{prefix}completion")
    done_mark = alt.Chart(done_data).mark_point(shape="diamond", filled=True, size=220,
                                                stroke=INK, strokeWidth=1).encode(
        x=alt.X("x:Q", scale=xs), color=color,
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("when:N", title="time"),
                 alt.Tooltip("margins_text:N", title="margins")])
    done_ring = alt.Chart(done_data).transform_filter("datum.root").mark_point(
        shape="circle", size=700, strokeWidth=2.5, color=INK).encode(x=alt.X("x:Q", scale=xs))
    strip = alt.layer(bands, names, done_mark, done_ring).properties(width=WIDTH, height=28)
    if heading is not None:
        strip = strip.properties(title=alt.TitleParams(heading, anchor="start", fontSize=13,
                                                       dy=-2))
    out: list[Any] = [strip]
    move_data = data(moves, name=f"{prefix}moves")
    rule_data = data([done], name=f"{prefix}completion_rule")
    for k, party in enumerate(a.parties):
        mine = [m for m in moves if m["party"] == party]
        if not mine:
            continue
        order = [m["row"] for m in mine]
        last = k == len(a.parties) - 1 or not any(m["party"] in a.parties[k + 1:]
                                                   for m in moves)
        x_axis = alt.Axis(format=xfmt, title=time_title(s)) if last else alt.Axis(
            format=xfmt, title=None, labels=False, ticks=False, domain=False)
        base = alt.Chart(move_data).transform_filter(alt.datum.party == party)
        y = alt.Y("row:N", sort=order, title=None,
                  axis=alt.Axis(labelLimit=300, labelFontSize=11, ticks=False, domain=False))
        lane = alt.layer(
            alt.Chart(phase_data).mark_rect().encode(
                x=alt.X("x:Q", scale=xs, axis=x_axis), x2="x2:Q",
                color=alt.condition("datum.shade == 1", alt.value(BAND), alt.value(BAND_LIGHT))),
            alt.Chart(rule_data).mark_rule(color=MUTED, strokeDash=[4, 3]).encode(
                x=alt.X("x:Q", scale=xs)),
            base.mark_point(filled=True, size=160, stroke=INK, strokeWidth=0.6).encode(
                x=alt.X("x:Q", scale=xs), y=y, color=color, tooltip=tip),
            base.transform_filter("datum.root").mark_point(
                shape="circle", size=620, strokeWidth=2.5, color=INK).encode(
                x=alt.X("x:Q", scale=xs), y=y),
            base.mark_text(align="left", dx=17, fontSize=10, color=INK).encode(
                x=alt.X("x:Q", scale=xs), y=y, text=alt.Text("tightest:Q", format=",.2f")),
        ).properties(width=WIDTH, height=ROW * len(mine),
                     title=alt.TitleParams(party, anchor="start", fontSize=12, dy=4))
        out.append(lane)
    return out


#: The timeline's second subtitle line: how to read a mark.
HOW_TO_READ = ("each mark: a move, in its actor's lane, at its execution time; color and "
               "number: the tightest margin just before it (< 0: someone gains by leaving); "
               "diamond: completion")


def timeline(a: Analysis) -> Chart:
    """The road map timeline of an analysis (see the module docstring for the data)."""
    xs, xfmt, color = scale_for([a])
    chart = alt.vconcat(*lanes(a, xs, xfmt, color), spacing=6).resolve_scale(color="shared")
    return finish(chart, f"Road map: {a.scenario.title}", [cause_text(a), HOW_TO_READ])
