"""Renderings of :class:`accord.design.compare.Comparison`: road maps side by side."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from accord.design.compare import Comparison, Row


def _n(x: float | None) -> str:
    if x is None:
        return "-"
    if x == float("inf"):
        return "inf"
    return f"{0.0 if abs(x) < 1e-9 else x:,.4g}"


def outcome_text(r: Row) -> str:
    if r.analysis is None:
        return "-"
    o = r.analysis.outcome
    if o["kind"] == "completes":
        return "completes"
    if o["kind"] == "breaks":
        return f"{o['party']} walks away @{o['point']}"
    return f"{o['party']} cheats @{o['point']}"


def bottleneck_text(r: Row) -> str:
    b = None if r.analysis is None else r.analysis.bottleneck
    if b is None:
        return "-"
    where = " surplus" if b["point"] is None else f"@{b['point']}"
    what = " cheat" if b["kind"] == "cheat" else ""
    return f"{_n(b['margin'])} {b['party']}{where}{what}"


def lines(c: Comparison) -> list[tuple[str, list[str]]]:
    """``(row label, one cell per road map)``, in the table's order."""
    rows = c.rows
    yes = {True: "yes", False: "no"}
    out: list[tuple[str, list[str]]] = [
        ("self-enforcing", ["-" if r.analysis is None else yes[r.analysis.self_enforcing]
                            for r in rows]),
        ("viable", ["-" if r.analysis is None else yes[r.analysis.viable] for r in rows]),
        ("outcome", [outcome_text(r) for r in rows]),
        ("bottleneck", [bottleneck_text(r) for r in rows]),
    ]
    for p in c.parties:
        out.append((f"surplus {p}", [
            "-" if r.analysis is None or p not in r.analysis.surplus
            else _n(r.analysis.surplus[p]) for r in rows]))
    for cap in c.capabilities:
        out.append((f"cap-years {cap}", [_n(r.capability_years.get(cap)) for r in rows]))
    out.append(("completion T", ["-" if r.analysis is None else _n(r.analysis.times[-1])
                                 for r in rows]))
    for p in c.parties:
        out.append((f"gap {p} (at T)", [
            _n(r.gap[p].at_completion) if p in r.gap else "-" for r in rows]))
    return out


def sequence_text(r: Row) -> str:
    """``Phase: a, b | c; Phase 2: d`` (moves separated by ``|``)."""
    if r.scenario is None:
        return r.note
    return "; ".join(f"{ph['phase']}: " + " | ".join(", ".join(m) for m in ph["moves"])
                     for ph in r.roadmap)


def comparison_renderable(c: Comparison) -> Any:
    t = Table(title="Road maps side by side (surplus: PV at 0; @: decision point)",
              title_justify="left")
    t.add_column("", no_wrap=True)
    for r in c.rows:
        head = r.name.replace("-", "-\n") if len(r.name) > 11 else r.name  # break at hyphens
        t.add_column(Text(head), justify="right", overflow="fold")
    for label, cells in lines(c):
        t.add_row(Text(label), *(Text(x) for x in cells))
    seq = Table(title="Their moves (| between moves)", title_justify="left", show_header=False)
    seq.add_column("road map")
    seq.add_column("moves")
    for r in c.rows:
        seq.add_row(Text(r.name), Text(sequence_text(r)))
    return Group(t, seq)


def comparison_html(c: Comparison) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(r.name)}</th>" for r in c.rows)
    body = "".join(f"<tr><th>{esc(label)}</th>" + "".join(f"<td>{esc(x)}</td>" for x in cells)
                   + "</tr>" for label, cells in lines(c))
    seq = "".join(f"<tr><th>{esc(r.name)}</th><td>{esc(sequence_text(r))}</td></tr>"
                  for r in c.rows)
    return (f"<div class='accord-compare'><table><thead><tr><th></th>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table><table><tbody>{seq}</tbody></table></div>")
