"""The bridge per party (``Bridge`` chart ``bridge``): the expectation gap and the cheapest scales.

Data (the engine's and the solver's numbers, as ``Bridge.to_dict()`` gives them):

* ``gap``: one row per party, ``gap`` = ``g_i`` in value at completion ``T``
  (``PartyGap.at_completion``; ``None`` where it is infinite, and ``infinite``
  true), ``pv`` its PV at 0 to the party, ``set_by`` the failing test that sets it;
* ``shortfall`` (when no scales within the declared ranges hold): where the best
  scales still miss, ``shortfall`` per test (``Optimum.shortfall["misses"]``);
* ``instruments`` (when the file declares ``design: scale:`` and a bridge exists):
  one row per scaled item, ``scale`` = its multiplier ``λ`` (1 = as written, a rule
  at 1), ``cost`` = ``(λ - 1) c_x`` to its ``payer`` (PV at 0; 0 for a stick).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import altair as alt

from accord.charts.common import HELPS, HURTS, INK, MUTED, WIDTH, Chart, data, finish, value_unit
from accord.report.bridge import bridge_sentence, instruments_clause
from accord.report.labels import step_name

if TYPE_CHECKING:
    from accord.design.bridge import Bridge, Instrument

#: Height of one bar, in pixels.
BAR = 26


def _test_text(b: Bridge, test: dict[str, Any] | None) -> str:
    if test is None:
        return "nothing fails"
    s, kind = b.scenario, test["kind"]
    if kind in ("participation", "surplus") or test["point"] is None:
        return "set by its taking part (its surplus)"
    q = test["point"]
    where = "at completion" if q == b.analysis.layout.n_moves else f"before move {q}"
    if kind == "cheat":
        return f"set by its cheat on {step_name(s, test['step'])} {where}"
    return f"set by its margin {where}"


def gap_rows(b: Bridge) -> list[dict[str, Any]]:
    """One row per party: ``gap`` (value at T, None if infinite), ``pv``, what sets it."""
    out = []
    for party, g in b.gap.items():
        finite = not g.infinite
        amount = f"{g.at_completion:,.3g}" if finite else "no payment at completion reaches it"
        out.append({"party": party, "gap": g.at_completion if finite else None,
                    "pv": g.pv if finite else None, "infinite": g.infinite,
                    "set_by": _test_text(b, g.test),
                    "amount": amount if g.test else "0: nothing fails"})
    return out


def _what(x: Instrument) -> str:
    if x.kind == "stick" or abs(x.cost) <= 1e-9 * max(1.0, abs(x.scale)):
        return "free on the compliance path"
    return f"costs {x.payer} {x.cost:,.3g} in PV" if x.cost > 0 else \
        f"saves {x.payer} {-x.cost:,.3g} in PV"


def instrument_rows(b: Bridge) -> list[dict[str, Any]]:
    """One row per scaled item: ``scale`` (λ), ``cost`` (PV at 0 to ``payer``), its label."""
    s = b.scenario
    sticks = {k.id for k in s.sticks}
    return [{"item": x.item, "label": x.item if x.item in sticks else step_name(s, x.item),
             "kind": x.kind, "scale": x.scale, "payer": x.payer, "cost": x.cost,
             "text": f"x {x.scale:.3g} · {_what(x)}"} for x in b.instruments]


def _column(rows: list[dict[str, Any]], name: str, field: str, height: int) -> Any:
    """A column of text beside a panel's bars, one line per row (same order)."""
    return alt.Chart(data(rows, name=name)).mark_text(align="left", fontSize=10,
                                                       color=INK).encode(
        x=alt.value(0), y=alt.Y("key:N", sort=None, title=None, axis=None),
        text=f"{field}:N").properties(width=300, height=height)


def _gap_panel(b: Bridge) -> Any:
    rows = gap_rows(b)
    for r in rows:
        r["key"] = r["party"]
    unit = value_unit(b.scenario)
    base = alt.Chart(data(rows, name="gap"))
    top = max([r["gap"] for r in rows if r["gap"] is not None] + [1e-9])
    xs = alt.Scale(domain=[0, top * 1.25], nice=False)
    x = alt.X("gap:Q", title=f"payment at completion ({unit}, value at T)", scale=xs)
    y = alt.Y("key:N", sort=None, title=None)
    bars = base.mark_bar(height=BAR - 8, color=HURTS).encode(
        x=x, y=y, tooltip=[alt.Tooltip("party:N"),
                           alt.Tooltip("gap:Q", title="short by (value at T)", format=",.4g"),
                           alt.Tooltip("pv:Q", title="PV at 0", format=",.4g"),
                           alt.Tooltip("set_by:N", title="set by")])
    text = base.mark_text(align="left", dx=4, fontSize=10, color=INK).encode(
        x=alt.X("label_x:Q", scale=xs), y=y, text="amount:N"
    ).transform_calculate(label_x="datum.gap === null ? 0 : datum.gap")
    h = BAR * len(rows)
    panel = alt.layer(bars, text).properties(width=WIDTH - 300, height=h)
    return alt.hconcat(panel, _column(rows, "gap_set_by", "set_by", h), spacing=16).properties(
        title=alt.TitleParams("Expectation gap: what a guarantor must pay each party at "
                              "completion", anchor="start", fontSize=13))


def miss_rows(b: Bridge) -> list[dict[str, Any]]:
    """Where the best scales still miss (``Optimum.shortfall["misses"]``): one row each."""
    o = b.optimum
    if o is None or o.shortfall is None:
        return []
    out = []
    for k, m in enumerate(o.shortfall["misses"]):
        test = {"kind": m["kind"], "point": m["point"], "step": m.get("step")}
        where = _test_text(b, test).removeprefix("set by ").replace("its ", f"{m['party']}'s ")
        out.append({"key": f"{k}", "party": m["party"], "test": where,
                    "shortfall": m["shortfall"], "value": m["value"],
                    "amount": f"{m['shortfall']:,.3g}"})
    return out


def _miss_panel(b: Bridge) -> Any:
    rows = miss_rows(b)
    base = alt.Chart(data(rows, name="shortfall"))
    top = max([r["shortfall"] for r in rows] + [1e-9])
    xs = alt.Scale(domain=[0, top * 1.25], nice=False)
    x = alt.X("shortfall:Q", title=f"short by ({value_unit(b.scenario)})", scale=xs)
    y = alt.Y("key:N", sort=None, title=None, axis=None)
    bars = base.mark_bar(height=BAR - 8, color=HURTS).encode(
        x=x, y=y, tooltip=[alt.Tooltip("test:N"), alt.Tooltip("value:Q", format=",.4g"),
                           alt.Tooltip("shortfall:Q", title="short by", format=",.4g")])
    text = base.mark_text(align="left", dx=4, fontSize=10, color=INK).encode(
        x=x, y=y, text="amount:N")
    h = BAR * max(1, len(rows))
    panel = alt.layer(bars, text).properties(width=WIDTH - 300, height=h)
    return alt.hconcat(panel, _column(rows, "shortfall_tests", "test", h), spacing=16).properties(
        title=alt.TitleParams("No scales within the declared ranges hold: where the best "
                              "scales still miss", anchor="start", fontSize=13))


def _scale_panel(b: Bridge) -> Any:
    rows = instrument_rows(b)
    base = alt.Chart(data(rows, name="instruments"))
    top = max([r["scale"] for r in rows] + [1.0])
    xs = alt.Scale(domain=[0, top * 1.8], nice=False)
    x = alt.X("scale:Q", title="multiplier (1 = as written)", scale=xs)
    y = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=300))
    bars = base.mark_bar(height=BAR - 8).encode(
        x=x, y=y, color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="bottom"),
                                  scale=alt.Scale(domain=["step", "stick"],
                                                  range=[HELPS, MUTED])),
        tooltip=[alt.Tooltip("label:N", title="item"), alt.Tooltip("kind:N"),
                 alt.Tooltip("scale:Q", title="multiplier", format=".4g"),
                 alt.Tooltip("payer:N", title="given by"),
                 alt.Tooltip("cost:Q", title="cost (PV at 0)", format=",.4g")])
    text = base.mark_text(align="left", dx=4, fontSize=10, color=INK).encode(
        x=x, y=y, text="text:N")
    one = alt.Chart(data([{"one": 1.0}], name="instruments_one")).mark_rule(
        color=INK, strokeDash=[4, 3]).encode(x=alt.X("one:Q", scale=xs))
    return alt.layer(bars, text, one).properties(
        width=WIDTH, height=BAR * max(1, len(rows)), title=alt.TitleParams(
            "The cheapest bridge: scales of the road map as written", anchor="start",
            fontSize=13))


def bridge(b: Bridge) -> Chart:
    """The gap per party and, where the file declares instruments, the cheapest scales."""
    panels = [_gap_panel(b)]
    if b.instruments:
        panels.append(_scale_panel(b))
    elif miss_rows(b):
        panels.append(_miss_panel(b))
    sub = textwrap.wrap(bridge_sentence(b), 120)
    if b.instruments and not instruments_clause(b):
        sub.append("the cheapest bridge scales nothing")
    return finish(alt.vconcat(*panels, spacing=14), f"Bridge: {b.scenario.title}", sub)
