"""Terminal and HTML tables of a sweep (user text escaped)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from accord.report.labels import step_name

if TYPE_CHECKING:
    from accord.sweep.result import Sweep

#: Rows shown in the terminal before eliding.
ROWS = 60


def _where(sw: Sweep, at: dict[str, object]) -> str:
    """Where the bottleneck is: the party, the decision point, the step by its label."""
    if at["kind"] == "participation":
        return f"{at['party']}'s surplus (taking part)"
    where = f"{at['party']} at point {at['point']}"
    if at["kind"] != "cheat":
        return where
    return f"{where}, cheat on {step_name(sw.scenario, str(at['step']))}"


def sweep_table(sw: Sweep) -> Table:
    t = Table(title=Text(f"Sweep: {sw.scenario.title}"),
              caption=Text("bottleneck: the root cause if not viable, else the tightest test "
                           "(value units)" + ("; P(viable) over "
                                              f"{sw.draws:,} draws" if sw.draws else "")))
    t.add_column(Text(sw.x.path), justify="right", overflow="fold")
    if sw.y is not None:
        t.add_column(Text(sw.y.path), justify="right", overflow="fold")
    for col in ("viable", "bottleneck"):
        t.add_column(col, justify="right")
    t.add_column("where", overflow="fold")
    if sw.draws:
        t.add_column("P(viable)", justify="right")
    cells = list(sw.cells)
    shown = cells if len(cells) <= ROWS else cells[:ROWS]
    for c in shown:
        row: list[Text | str] = [f"{c['x']:.4g}"]
        if sw.y is not None:
            row.append(f"{c['y']:.4g}")
        row += [Text("yes", style="green") if c["viable"] else Text("no", style="red"),
                f"{c['bottleneck']:,.3f}", Text(_where(sw, c["bottleneck_at"]))]
        if sw.draws:
            row.append(f"{c['p_viable']:.3f}")
        t.add_row(*row)
    if len(cells) > ROWS:
        t.add_row(Text(f"... {len(cells) - ROWS} more cells (--json for all)", style="dim"))
    return t


def sweep_html(sw: Sweep) -> str:
    esc = html.escape
    head = f"<th>{esc(sw.x.path)}</th>" + (f"<th>{esc(sw.y.path)}</th>" if sw.y else "")
    head += "<th>viable</th><th>bottleneck</th><th>where</th>"
    head += "<th>P(viable)</th>" if sw.draws else ""
    rows = []
    for c in sw.cells:
        cells = f"<td>{c['x']:.4g}</td>" + (f"<td>{c['y']:.4g}</td>" if sw.y else "")
        cells += (f"<td>{'yes' if c['viable'] else 'no'}</td><td>{c['bottleneck']:,.3f}</td>"
                  f"<td>{esc(_where(sw, c['bottleneck_at']))}</td>")
        cells += f"<td>{c['p_viable']:.3f}</td>" if sw.draws else ""
        rows.append(f"<tr>{cells}</tr>")
    return (f"<div class='accord-sweep'><h4>Sweep: {esc(sw.scenario.title)}</h4><table>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
