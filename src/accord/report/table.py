"""Terminal rendering of an analysis with rich: margins, cheats, sticks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from accord.report.labels import calendar, point_name, step_name, time_cell
from accord.report.sentence import verdict
from accord.report.text import plain, title

if TYPE_CHECKING:
    from accord.analysis import Analysis


def _num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "never"
    return f"{x:,.{digits}f}"


def _marked(a: Analysis, kind: str, point: int | None, party: str,
            step: str | None = None) -> bool:
    """Whether this test is the bottleneck (the test the road map stands or falls on)."""
    b = a.bottleneck
    return bool(b and b["kind"] == kind and b["point"] == point and b["party"] == party
                and b["step"] == step)


def margins_table(a: Analysis) -> Table:
    """Decision points x parties; negative margins red, the bottleneck marked."""
    t = Table(title=title(f"Margins: {a.scenario.title}"), caption="value at each point's "
              "time; < 0: the party gains by walking away; * bottleneck")
    t.add_column("#", justify="right")
    t.add_column("decision point", overflow="fold")
    t.add_column("year" if calendar(a.scenario) is not None else "time", justify="right")
    for p in a.parties:
        t.add_column(Text(p), justify="right")
    margins = a.margins
    for q in range(a.layout.n_points):
        cells: list[Any] = [str(q), Text(point_name(a.scenario, a.layout, q)),
                            time_cell(a.scenario, a.times[q])]
        for p in a.parties:
            v = margins[p][q]
            style = "red" if v < 0 else "green"
            mark = " *" if _marked(a, "margin", q, p) else ""
            cells.append(Text(_num(v) + mark, style=style + (" bold" if mark else "")))
        t.add_row(*cells)
    return t


def cheats_table(a: Analysis) -> Table | None:
    """One row per verified step: cheat margin, required vs planned detection."""
    if not a.cheats:
        return None
    t = Table(title="Cheating on verified steps", caption="required detection > 1: no "
              "verification deters it; * bottleneck")
    t.add_column("step", overflow="fold")  # long names fold on a narrow terminal
    for col in ("point", "party", "margin"):
        t.add_column(col, justify="right" if col in ("point", "margin") else "left")
    t.add_column("required detection", justify="right")
    t.add_column("planned", justify="right")
    for c in a.cheats:
        ok = c["deterred"]
        mark = " *" if _marked(a, "cheat", c["point"], c["party"], c["step"]) else ""
        t.add_row(Text(step_name(a.scenario, c["step"])), str(c["point"]), Text(c["party"]),
                  Text(_num(c["margin"]) + mark, style=("green" if ok else "red")
                       + (" bold" if mark else "")),
                  _num(c["required_detection"]), _num(c["detection"]))
    return t


def exposure_table(a: Analysis) -> Table | None:
    """What each party is left with (PV at 0) if another walks away at each point."""
    pairs = [(i, d) for i in a.parties for d in a.parties if d != i]
    if not pairs:
        return None
    t = Table(title="Exposure: PV at 0 if another party walks away",
              caption="< 0: worse off than with no agreement")
    t.add_column("#", justify="right")
    for i, d in pairs:
        t.add_column(plain(f"{i} if {d} quits"), justify="right")
    exp = a.exposure
    for q in range(a.layout.n_points):
        cells: list[Any] = [str(q)]
        for i, d in pairs:
            v = exp[i][d][q]
            cells.append(Text(_num(v), style="red" if v < 0 else ""))
        t.add_row(*cells)
    return t


def capability_table(a: Analysis) -> Table | None:
    """Capability levels along the compliance path."""
    caps = a.capabilities
    if not caps:
        return None
    t = Table(title="Capabilities on the compliance path")
    t.caption = ("years: capability-years to completion; reversible: share of the reduction "
                 "made by reversible steps; lag: longest reversal lag")
    for col in ("capability", "initial", "final", "years", "reversible", "lag"):
        t.add_column(col, justify="left" if col == "capability" else "right",
                     no_wrap=col == "capability")
    for c in caps:
        share = c["reversible_share"]
        t.add_row(plain(c["id"]), _num(c["initial"]), _num(c["at_completion"]),
                  _num(c["capability_years"]),
                  "-" if share is None else f"{share:.0%}",
                  "-" if c["longest_reversal_lag"] is None else _num(c["longest_reversal_lag"]))
    return t


def analysis_renderable(a: Analysis) -> Group:
    """Everything ``accord analyze`` prints."""
    parts: list[Any] = [margins_table(a)]
    parts.append(Text(f"Verdict: {verdict(a)}. {a.sentence}",
                      style="bold green" if a.viable else "bold red"))
    ct = cheats_table(a)
    if ct is not None:
        parts.append(ct)
    for extra in (exposure_table(a), capability_table(a)):
        if extra is not None:
            parts.append(extra)
    if a.non_credible_sticks:
        committed = {k.id for k in a.scenario.sticks if k.commitment}
        names = [f"{k} (committed: imposed all the same)" if k in committed else k
                 for k in a.non_credible_sticks]
        parts.append(Text("Non-credible sticks (imposing them costs their actor): "
                          + ", ".join(names), style="yellow"))
    surplus = ", ".join(
        f"{p} {_num(v)}" + ("" if a.participation[p] else " (would not sign)")
        + (" *" if _marked(a, "participation", None, p) else "")
        for p, v in a.surplus.items())
    parts.append(Text(f"Surplus over no agreement (PV at 0): {surplus}"))
    if a.scenario.unused_steps:
        parts.append(Text("Unused steps: " + ", ".join(a.scenario.unused_steps), style="dim"))
    return Group(*parts)
