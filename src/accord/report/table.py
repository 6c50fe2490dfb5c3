"""Terminal rendering of an analysis with rich: margins, cheats, sticks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from accord.analysis import Analysis


def _num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "never"
    return f"{x:,.{digits}f}"


def margins_table(a: Analysis) -> Table:
    """Decision points x parties; negative margins red, the bottleneck marked."""
    t = Table(title=f"Margins: {a.scenario.title}", caption="value at each point's time; "
              "< 0: the party gains by walking away; * bottleneck")
    t.add_column("#", justify="right")
    t.add_column("decision point")
    t.add_column("time", justify="right")
    for p in a.parties:
        t.add_column(p, justify="right")
    b = a.bottleneck
    margins = a.margins
    for q in range(a.layout.n_points):
        cells: list[Any] = [str(q), a.layout.point_label(q), f"{a.times[q]:g}"]
        for p in a.parties:
            v = margins[p][q]
            style = "red" if v < 0 else "green"
            mark = " *" if b and b["point"] == q and b["party"] == p else ""
            cells.append(Text(_num(v) + mark, style=style + (" bold" if mark else "")))
        t.add_row(*cells)
    return t


def cheats_table(a: Analysis) -> Table | None:
    """One row per verified step: cheat margin, required vs planned detection."""
    if not a.cheats:
        return None
    t = Table(title="Cheating on verified steps", caption="required detection > 1: no "
              "verification deters it")
    for col in ("step", "point", "party", "margin"):
        t.add_column(col, justify="right" if col in ("point", "margin") else "left")
    t.add_column("required detection", justify="right")
    t.add_column("planned", justify="right")
    for c in a.cheats:
        ok = c["deterred"]
        t.add_row(c["step"], str(c["point"]), c["party"],
                  Text(_num(c["margin"]), style="green" if ok else "red"),
                  _num(c["required_detection"]), _num(c["detection"]))
    return t


def analysis_renderable(a: Analysis) -> Group:
    """Everything ``accord analyze`` prints."""
    parts: list[Any] = [margins_table(a)]
    verdict = "self-enforcing" if a.self_enforcing else "not self-enforcing"
    parts.append(Text(f"Verdict: {verdict}. {a.sentence()}",
                      style="bold green" if a.self_enforcing else "bold red"))
    ct = cheats_table(a)
    if ct is not None:
        parts.append(ct)
    if a.non_credible_sticks:
        parts.append(Text("Non-credible sticks (their actor would not impose them): "
                          + ", ".join(a.non_credible_sticks), style="yellow"))
    surplus = ", ".join(f"{p} {_num(v)}" for p, v in a.surplus.items())
    parts.append(Text(f"Surplus over no agreement (PV at 0): {surplus}"))
    if a.scenario.unused_steps:
        parts.append(Text("Unused steps: " + ", ".join(a.scenario.unused_steps), style="dim"))
    return Group(*parts)
