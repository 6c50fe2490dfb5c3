"""Terminal (rich) and HTML renderings of Monte Carlo and sensitivity results.

Moved from ``accord.simulation.render`` (0.3): rendering lives in :mod:`accord.report`.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from accord.report.text import plain, title
from accord.report.tornado import input_means, tornado, tornado_html

if TYPE_CHECKING:
    from accord.simulation.result import Simulation
    from accord.simulation.sensitivity import Sensitivity


def _n(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def _pct(p: float) -> str:
    return f"{100 * p:.1f}%"


def outcomes(sim: Simulation, top: int = 8) -> list[tuple[str, float]]:
    """The most likely equilibrium outcomes as ``(description, probability)``."""
    o = sim.outcome
    rows: list[tuple[str, float]] = [("completes", float(o["completes"]))]
    rows += [(f"{b['party']} breaks at point {b['point']} ({b['label']})", b["probability"])
             for b in o["breaks"]]
    rows += [(f"{c['party']} cheats on {c['step']} (point {c['point']})", c["probability"])
             for c in o["cheats"]]
    rows.sort(key=lambda r: -r[1])
    return [r for r in rows if r[1] > 0][:top]


def headline(sim: Simulation) -> str:
    """P(self-enforcing), then P(viable) (self-enforcing and everyone would sign)."""
    p, se = sim.probability, sim.standard_error
    v = sim.data["viable"]
    vse = v["standard_error"] if v["standard_error"] is not None else float("nan")
    return (f"P(self-enforcing) = {p:.4f} ± {se:.4f}, P(viable) = {v['probability']:.4f} ± "
            f"{vse:.4f} (standard errors) over {sim.draws:,} draws, seed {sim.provenance.seed}")


def margins_table(sim: Simulation) -> Table:
    d = sim.data
    parties = list(d["surplus"])
    t = Table(title=title(f"Margins: {d['title']}"), caption="median [5%, 95%] in value at each "
              "point's time; P = probability the margin holds (>= 0)")
    t.add_column("#", justify="right")
    t.add_column("decision point")
    for p in parties:
        t.add_column(plain(p), justify="right")
    for pt in d["points"]:
        cells: list[Any] = [str(pt["index"]), plain(pt["label"])]
        for p in parties:
            m = pt["margins"][p]
            ok = m["p_holds"]
            style = "green" if ok >= 0.95 else ("red" if ok < 0.5 else "yellow")
            cells.append(Text(f"{_n(m['q50'])} [{_n(m['q05'])}, {_n(m['q95'])}] "
                              f"P {_pct(ok)}", style=style))
        t.add_row(*cells)
    return t


def simulation_renderable(sim: Simulation) -> Group:
    """Everything ``accord simulate`` prints."""
    d = sim.data
    p = sim.p_viable
    parts: list[Any] = [Text(headline(sim), style="bold green" if p >= 0.95 else
                             ("bold red" if p < 0.5 else "bold yellow"))]
    ot = Table(title="Equilibrium outcome", show_edge=False)
    ot.add_column("outcome")
    ot.add_column("probability", justify="right")
    for desc, prob in outcomes(sim):
        ot.add_row(plain(desc), _pct(prob))
    parts += [ot, margins_table(sim)]
    if d["cheats"]:
        ct = Table(title="Cheating on verified steps", caption="P(undeterrable): required "
                   "detection > 1 (no verification deters it)")
        # names and the margin range fold on a narrow terminal; the short numbers do not
        ct.add_column("step", overflow="fold", ratio=2, min_width=8)
        ct.add_column("point", justify="right", no_wrap=True)
        ct.add_column("party", overflow="fold", min_width=4)
        for col in ("P(deterred)", "P(undeterrable)"):
            ct.add_column(col, justify="right", no_wrap=True)
        ct.add_column("margin median [5%, 95%]", justify="right", overflow="fold", ratio=2)
        for c in d["cheats"]:
            m = c["margin"]
            ct.add_row(plain(c["step"]), str(c["point"]), plain(c["party"]), _pct(c["p_deterred"]),
                       _pct(c["p_undeterrable"]),
                       f"{_n(m['q50'])} [{_n(m['q05'])}, {_n(m['q95'])}]")
        parts.append(ct)
    st = Table(title="Surplus over no agreement (PV at 0)", show_edge=False)
    for col in ("party", "mean", "median", "5%", "95%", "P(< 0)"):
        st.add_column(col, justify="left" if col == "party" else "right")
    for party, s in d["surplus"].items():
        st.add_row(plain(party), _n(s["mean"]), _n(s["q50"]), _n(s["q05"]), _n(s["q95"]),
                   _pct(s["p_negative"]))
    parts.append(st)
    b = d["bottleneck"]
    labels = {st.id: st.label or st.id for st in sim.scenario.steps}
    parts.append(Text(f"Bottleneck (the root cause where a draw is not viable, else the "
                      f"tightest test; value at its point's time): median {_n(b['q50'])}, "
                      f"5% {_n(b['q05'])}, 95% {_n(b['q95'])}" + _where(b["at"], labels)))
    nc = {k: v for k, v in d["non_credible_sticks"].items() if v > 0}
    if nc:
        committed = {k.id for k in sim.scenario.sticks if k.commitment}
        parts.append(Text("Non-credible sticks (share of draws): " + ", ".join(
            f"{k} ({_pct(v)}{', committed: imposed all the same' if k in committed else ''})"
            for k, v in nc.items()), style="yellow"))
    return Group(*parts)


def _where(at: list[dict[str, Any]], labels: dict[str, str], top: int = 3) -> str:
    """The bottleneck tests met most often: '; most often: DPRK's margin at point 3 (41%), ...'."""
    if not at:
        return ""
    def name(e: dict[str, Any]) -> str:
        if e["kind"] == "participation":
            return f"{e['party']} would not sign"
        if e["kind"] == "cheat":
            step = labels.get(e["step"], e["step"])
            return f"{e['party']} cheating on {step} (point {e['point']})"
        return f"{e['party']}'s margin at point {e['point']}"
    ranked = sorted(at, key=lambda e: -e["probability"])[:top]
    return "; most often: " + ", ".join(f"{name(e)} ({_pct(e['probability'])})" for e in ranked)


def simulation_html(sim: Simulation) -> str:
    """A self-contained HTML summary for Jupyter."""
    esc = html.escape
    d = sim.data
    parties = list(d["surplus"])
    head = "".join(f"<th>{esc(p)}</th>" for p in parties)
    body = []
    for pt in d["points"]:
        cells = "".join(
            f'<td style="text-align:right">{_n(pt["margins"][p]["q50"])} '
            f'[{_n(pt["margins"][p]["q05"])}, {_n(pt["margins"][p]["q95"])}] '
            f'P {_pct(pt["margins"][p]["p_holds"])}</td>' for p in parties)
        body.append(f"<tr><td>{pt['index']}</td><td>{esc(pt['label'])}</td>{cells}</tr>")
    out = "".join(f"<tr><td>{esc(desc)}</td><td>{_pct(pr)}</td></tr>"
                  for desc, pr in outcomes(sim))
    return (f"<div class='accord-simulation'><h4>{esc(d['title'])}</h4>"
            f"<p><b>{esc(headline(sim))}</b></p>"
            f"<table><thead><tr><th>outcome</th><th>probability</th></tr></thead>"
            f"<tbody>{out}</tbody></table>"
            f"<table><thead><tr><th>#</th><th>decision point</th>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def sensitivity_renderable(sens: Sensitivity, top: int = 15) -> Group:
    d = sens.data
    note = Text(f"Output: the bottleneck (root cause or tightest test), mean {_n(d['mean'])}, "
                f"variance {_n(d['variance'], 4)}; {d['draws']:,} base draws, {d['evaluations']:,} "
                f"evaluations, seed {sens.provenance.seed}", style="dim")
    return Group(tornado(sens.inputs, top=top, means=input_means(sens.scenario)), note)


def sensitivity_html(sens: Sensitivity, top: int = 15) -> str:
    return (f"<div class='accord-sensitivity'><h4>{html.escape(sens.data['title'])}</h4>"
            f"{tornado_html(sens.inputs, top=top, means=input_means(sens.scenario))}</div>")
