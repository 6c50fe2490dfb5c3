"""Renderings of a designed road map (:class:`accord.design.optimize.Optimum`)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from accord.design.optimize import Optimum


def _n(x: float | None) -> str:
    return "-" if x is None else f"{x:,.4g}"


def optimum_sentence(o: Optimum) -> str:
    """One line an analyst can quote."""
    if o.status == "infeasible":
        s = o.shortfall
        if s is None:
            return "No road map of the design block exists (the placement rules cannot be met)."
        worst = max(s["misses"], key=lambda m: m["shortfall"], default=None)
        tail = "" if worst is None else (
            f"; the largest miss: {worst['party']} {worst['kind']}"
            f"{'' if worst['point'] is None else ' at point ' + str(worst['point'])}"
            f"{_in_draw(worst)} short by {worst['shortfall']:.4g}")
        n = o.provenance.draws if o.provenance.seed is not None else 0
        where = f" in every one of the {n} draws" if n else ""
        hint = " (--quantile asks for most draws instead)" if n else ""
        return (f"No road map of the design block holds{where} (proven): the best candidate "
                f"misses by {s['total']:.4g} in total{tail}{hint}.")
    if o.status == "no_solution":
        return "No road map was found within the limits (nothing proven)."
    scales = ", ".join(f"{k} x {v:.4g}" for k, v in o.scale.items())
    gap = "" if o.status == "optimal" else f" (stopped: MIP gap {_n(o.gap)})"
    return (f"{o.status.capitalize()}{gap}: {o.objective} = {_n(o.value)}"
            f"{'; scales ' + scales if scales else ''}"
            f"{'; left out ' + ', '.join(o.omitted) if o.omitted else ''}.")


def _in_draw(m: dict[str, Any]) -> str:
    if "draw" not in m:
        return ""
    return " at the means" if m["draw"] is None else f" in draw {m['draw']}"


def robust_sentence(o: Optimum) -> str:
    """Where a robust design holds, in sample and out of sample ("" if not robust)."""
    r = o.robust
    if not r:
        return ""
    share = (f"at least a {r['quantile']:g} share of the first {r['draws']:,} draws"
             if r.get("quantile") else f"every one of the first {r['draws']:,} draws")
    oos = r["out_of_sample"]
    return (f"Robust: viable in {share} of accord simulate --seed {r['seed']}; out of sample "
            f"({oos['draws']:,} draws, seed {oos['seed']}): P(self-enforcing) = "
            f"{oos['p_self_enforcing']:.4f}, P(viable) = {oos['p_viable']:.4f}.")


def optimum_renderable(o: Optimum) -> Any:
    parts: list[Any] = [Text(optimum_sentence(o))]
    if o.robust:
        parts.append(Text(robust_sentence(o)))
    if o.scenario is not None:
        t = Table(title="Designed road map", title_justify="left")
        for col in ("phase", "start", "move", "steps", "actor"):
            t.add_column(col)
        n = 0
        for ph in o.roadmap:
            for m in ph["moves"]:
                actor = o.scenario.step(m[0]).actor
                t.add_row(Text(ph["phase"]), f"{ph['start']:g}", str(n), Text(", ".join(m)),
                          Text(actor))
                n += 1
        parts.append(t)
    if o.shortfall is not None:
        t = Table(title="Shortfall of the best candidate", title_justify="left")
        drawn = any("draw" in m for m in o.shortfall["misses"])
        for col in ("test", "point", "party", *(["draw"] if drawn else []), "value",
                    "short by"):
            t.add_column(col)
        for m in o.shortfall["misses"]:
            draw = ["means" if m.get("draw") is None else str(m["draw"])] if drawn else []
            t.add_row(Text(m["kind"] + (f" {m['step']}" if m.get("step") else "")),
                      "-" if m["point"] is None else str(m["point"]), Text(m["party"]),
                      *draw, _n(m["value"]), _n(m["shortfall"]))
        parts.append(t)
    return Group(*parts)


def optimum_html(o: Optimum) -> str:
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(ph['phase'])}</td><td>{ph['start']:g}</td>"
        f"<td>{esc(' | '.join(', '.join(m) for m in ph['moves']))}</td></tr>"
        for ph in o.roadmap)
    table = (f"<table><thead><tr><th>phase</th><th>start</th><th>moves</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>") if rows else ""
    robust = f"<p>{esc(robust_sentence(o))}</p>" if o.robust else ""
    return (f"<div class='accord-optimum'><p>{esc(optimum_sentence(o))}</p>{robust}{table}"
            "</div>")
