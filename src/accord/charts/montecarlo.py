"""Monte Carlo charts: outcome distribution, margin fans, surpluses, P(viable).

Every number is read from ``Simulation.to_dict()`` (the streaming aggregates):

* ``outcome``: probability of each equilibrium outcome (completes, a party
  breaks at a point, a party cheats on a step), largest first;
* ``fan``: per party and decision point, the margin's quantiles q05, q25,
  q50 (median), q75, q95 (value at the point's time) and ``p_holds``;
* ``surplus``: per party, the surplus' min, q05 ... q95, max and mean (PV at
  0) with ``p_negative`` = P(surplus < 0);
* ``probability``: P(self-enforcing) (and P(viable) where the result has it)
  with its standard error ``sqrt(p (1 - p) / n)``, drawn as the estimate and
  the interval ``p +- 1.96 se`` (95 %, normal approximation), clipped to [0, 1].
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import altair as alt

from accord.charts.common import HELPS, HURTS, INK, MUTED, WIDTH, Chart, data, finish, value_unit
from accord.charts.registry import register
from accord.engine import Layout
from accord.report.labels import point_name, step_name

if TYPE_CHECKING:
    from accord.simulation import Simulation

#: Normal quantile of a two-sided 95 % interval.
Z95 = 1.959963984540054


def _sub(sim: Simulation) -> str:
    p = sim.provenance
    return f"{sim.draws:,} draws, seed {p.seed}"


def outcome_rows(sim: Simulation) -> list[dict[str, Any]]:
    """Each equilibrium outcome with a probability > 0, most likely first."""
    s = sim.scenario
    lay = Layout.of(s)
    o = sim.to_dict()["outcome"]
    rows = [{"outcome": "completes", "kind": "completes", "probability": o["completes"]}]
    for b in o["breaks"]:
        rows.append({"outcome": f"{b['party']} walks away at point {b['point']} "
                                f"({point_name(s, lay, b['point'])})",
                     "kind": "breaks", "probability": b["probability"]})
    for c in o["cheats"]:
        rows.append({"outcome": f"{c['party']} cheats on {step_name(s, c['step'])} "
                                f"(point {c['point']})",
                     "kind": "cheats", "probability": c["probability"]})
    rows = [r for r in rows if r["probability"] > 0]
    rows.sort(key=lambda r: -r["probability"])
    return rows


def outcome(sim: Simulation) -> Chart:
    rows = outcome_rows(sim)
    base = alt.Chart(data(rows, name="outcomes"))
    y = alt.Y("outcome:N", sort=[r["outcome"] for r in rows], title=None,
              axis=alt.Axis(labelLimit=420))
    bars = base.mark_bar().encode(
        x=alt.X("probability:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"),
                title="probability"), y=y,
        color=alt.Color("kind:N", title=None, scale=alt.Scale(
            domain=["completes", "breaks", "cheats"], range=[HELPS, HURTS, "#e08214"]),
            legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("outcome:N"), alt.Tooltip("probability:Q", format=".2%")])
    text = base.mark_text(align="left", dx=4, color=INK).encode(
        x="probability:Q", y=y, text=alt.Text("probability:Q", format=".1%"))
    chart = alt.layer(bars, text).properties(width=WIDTH - 200, height=22 * len(rows))
    return finish(chart, f"Equilibrium outcome under uncertainty: {sim.scenario.title}",
                  _sub(sim))


def fan_rows(sim: Simulation) -> list[dict[str, Any]]:
    s = sim.scenario
    lay = Layout.of(s)
    out = []
    for pt in sim.to_dict()["points"]:
        q = pt["index"]
        for party, m in pt["margins"].items():
            out.append({"point": q, "label": point_name(s, lay, q), "party": party,
                        **{k: m[k] for k in ("q05", "q25", "q50", "q75", "q95", "mean")},
                        "p_holds": m["p_holds"]})
    return out


def fan(sim: Simulation) -> Chart:
    rows = fan_rows(sim)
    s = sim.scenario
    fan_data = data(rows, name="fan")
    panels = []
    parties = list(dict.fromkeys(r["party"] for r in rows))
    for k, party in enumerate(parties):
        base = alt.Chart(fan_data).transform_filter(alt.datum.party == party)
        x = alt.X("point:Q", title="decision point" if k == len(parties) - 1 else None,
                  axis=alt.Axis(tickMinStep=1, format="d"))
        tip = [alt.Tooltip("point:Q"), alt.Tooltip("label:N", title="before"),
               *(alt.Tooltip(f"{c}:Q", format=",.2f") for c in ("q05", "q25", "q50", "q75",
                                                               "q95")),
               alt.Tooltip("p_holds:Q", title="P(margin >= 0)", format=".1%")]
        panels.append(alt.layer(
            base.mark_area(opacity=0.25, color=HELPS).encode(
                x=x, y=alt.Y("q05:Q", title=f"margin ({value_unit(s)})"), y2="q95:Q"),
            base.mark_area(opacity=0.45, color=HELPS).encode(x=x, y="q25:Q", y2="q75:Q"),
            base.mark_line(color=INK, point=True).encode(x=x, y="q50:Q", tooltip=tip),
            alt.Chart(data([{"zero": 0}], name="zero")).mark_rule(
                color=HURTS, strokeDash=[4, 3]).encode(y="zero:Q"),
        ).properties(width=WIDTH, height=160,
                     title=alt.TitleParams(party, anchor="start", fontSize=12)))
    return finish(alt.vconcat(*panels, spacing=12),
                  f"Margins under uncertainty: {s.title}",
                  [f"median (line), 25-75 % (dark band) and 5-95 % (light band) of each "
                   f"party's margin at every decision point; below the dashed line the party "
                   f"gains by leaving; {_sub(sim)}"])


def surplus_rows(sim: Simulation) -> list[dict[str, Any]]:
    return [{"party": p, **{k: st[k] for k in ("min", "q05", "q25", "q50", "q75", "q95", "max",
                                              "mean")}, "p_negative": st["p_negative"],
             "note": f"P(< 0) = {st['p_negative']:.1%}"}
            for p, st in sim.to_dict()["surplus"].items()]


def surplus(sim: Simulation) -> Chart:
    rows = surplus_rows(sim)
    s = sim.scenario
    base = alt.Chart(data(rows, name="surplus"))
    y = alt.Y("party:N", title=None, sort=[r["party"] for r in rows])
    tip = [alt.Tooltip("party:N"),
           *(alt.Tooltip(f"{c}:Q", format=",.2f") for c in ("min", "q05", "q25", "q50", "q75",
                                                           "q95", "max", "mean")),
           alt.Tooltip("p_negative:Q", title="P(surplus < 0)", format=".2%")]
    chart = alt.layer(
        base.mark_rule(color=MUTED).encode(
            x=alt.X("min:Q", title=f"surplus over no agreement, PV at 0 ({value_unit(s)})"),
            x2="max:Q", y=y),
        base.mark_bar(size=8, color=HELPS, opacity=0.4).encode(x="q05:Q", x2="q95:Q", y=y),
        base.mark_bar(size=18, color=HELPS).encode(x="q25:Q", x2="q75:Q", y=y, tooltip=tip),
        base.mark_tick(color="white", thickness=2, size=18).encode(x="q50:Q", y=y),
        base.mark_point(shape="diamond", filled=True, color=INK).encode(x="mean:Q", y=y),
        alt.Chart(data([{"zero": 0}], name="zero")).mark_rule(
            color=HURTS, strokeDash=[4, 3]).encode(x="zero:Q"),
        base.mark_text(align="left", baseline="bottom", dy=-12, color=INK).encode(
            x="q05:Q", y=y, text="note:N"),
    ).properties(width=WIDTH, height=60 * len(rows))
    return finish(chart, f"Surplus under uncertainty: {s.title}",
                  ["each party's surplus (PV of the compliance path): box 25-75 %, thin bar "
                   "5-95 %, line min-max, white tick median, diamond mean; left of the dashed "
                   f"line the party would not sign; {_sub(sim)}"])


def probability_rows(sim: Simulation) -> list[dict[str, Any]]:
    d = sim.to_dict()
    out = []
    for key, name in (("self_enforcing", "P(self-enforcing)"), ("viable", "P(viable)")):
        if not isinstance(d.get(key), dict):
            continue
        p, se = d[key]["probability"], d[key]["standard_error"]
        se = 0.0 if se is None else se
        out.append({"test": name, "probability": p, "standard_error": se,
                    "low": max(0.0, p - Z95 * se), "high": min(1.0, p + Z95 * se),
                    "text": f"{p:.3f} ± {se:.3f} (se)"})
    return out


def probability(sim: Simulation) -> Chart:
    rows = probability_rows(sim)
    base = alt.Chart(data(rows, name="probability"))
    y = alt.Y("test:N", title=None)
    x = alt.X("probability:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"),
              title="probability, with its 95 % interval (p ± 1.96 standard errors)")
    chart = alt.layer(
        base.mark_bar(color=HELPS, opacity=0.25, size=26).encode(x=x, y=y),
        base.mark_errorbar(ticks=True, color=INK).encode(x=alt.X("low:Q", title=None),
                                                          x2="high:Q", y=y),
        base.mark_point(filled=True, color=INK, size=60).encode(
            x=x, y=y, tooltip=[alt.Tooltip("test:N"),
                               alt.Tooltip("probability:Q", format=".4f"),
                               alt.Tooltip("standard_error:Q", format=".4f")]),
        base.mark_text(align="left", dx=8, dy=-14, color=INK).encode(x=x, y=y, text="text:N"),
    ).properties(width=WIDTH - 120, height=50 * len(rows))
    return finish(chart, f"How likely the road map holds: {sim.scenario.title}", _sub(sim))


def _has_draws(sim: Simulation) -> bool:
    return sim.draws > 0 and not math.isnan(sim.probability)


register("Simulation", "outcome", "probability of each equilibrium outcome")(outcome)
register("Simulation", "fan", "margin quantiles (5-25-50-75-95 %) per party and point")(fan)
register("Simulation", "surplus", "surplus distributions per party with P(< 0)")(surplus)
register("Simulation", "probability", "P(self-enforcing) (and P(viable)) with its standard "
         "error", applies=_has_draws)(probability)
