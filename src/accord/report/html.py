"""HTML rendering for Jupyter (no external assets): the verdict and every table, escaped.

Every user string (title, labels, ids, units) goes through :func:`html.escape`;
numbers carry their units (the file's ``units.value``, times as calendar years
where the file gives ``years:``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from accord.report.labels import calendar, point_name, step_name, time_cell
from accord.report.sentence import verdict

if TYPE_CHECKING:
    from accord.analysis import Analysis

_STYLE = ("<style>.accord-analysis table{border-collapse:collapse;margin:0.4em 0 1em}"
          ".accord-analysis td,.accord-analysis th{padding:2px 8px;border-bottom:1px solid #ddd}"
          ".accord-analysis th{text-align:left}"
          ".accord-analysis td.num{text-align:right;font-variant-numeric:tabular-nums}"
          ".accord-analysis .neg{color:#b00}.accord-analysis .pos{color:#070}"
          ".accord-analysis .mark{font-weight:bold;text-decoration:underline}"
          ".accord-analysis caption{caption-side:bottom;font-size:85%;color:#555;"
          "text-align:left}</style>")


def _num(x: float | None, cls: bool = True, mark: bool = False) -> str:
    if x is None:
        return "<td class='num'>never</td>"
    kind = ("neg" if x < 0 else "pos") if cls else ""
    return (f"<td class='num {kind}{' mark' if mark else ''}'>{x:,.2f}{' *' if mark else ''}"
            "</td>")


def _table(title: str, head: Sequence[str], rows: Iterable[str], caption: str = "") -> str:
    esc = html.escape
    cells = "".join(f"<th>{esc(h)}</th>" for h in head)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f"<h5>{esc(title)}</h5><table>{cap}<thead><tr>{cells}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def analysis_html(a: Analysis) -> str:
    """A self-contained HTML summary: verdict, margins, cheats, surplus and participation,
    exposure and capabilities, with step labels and units."""
    esc = html.escape
    s, lay = a.scenario, a.layout
    unit = s.units.value or "value units"
    b = a.bottleneck

    def marked(kind: str, q: int | None, party: str, step: str | None = None) -> bool:
        return bool(b and b["kind"] == kind and b["point"] == q and b["party"] == party
                    and b["step"] == step)

    when = "year" if calendar(s) is not None else f"time ({s.units.time or 'time units'})"
    rows = []
    for q in range(lay.n_points):
        cells = "".join(_num(a.margins[p][q], mark=marked("margin", q, p)) for p in a.parties)
        rows.append(f"<tr><td>{q}</td><td>{esc(point_name(s, lay, q))}</td>"
                    f"<td class='num'>{esc(time_cell(s, a.times[q]))}</td>{cells}</tr>")
    parts = [_table(f"Margins ({unit}, value at each point's time)",
                    ["#", "decision point", when, *a.parties], rows,
                    "< 0: the party gains by walking away; * bottleneck")]
    if a.cheats:
        crow = [f"<tr><td>{esc(step_name(s, c['step']))}</td><td>{c['point']}</td>"
                f"<td>{esc(c['party'])}</td>"
                f"{_num(c['margin'], mark=marked('cheat', c['point'], c['party'], c['step']))}"
                f"{_num(c['required_detection'], cls=False)}{_num(c['detection'], cls=False)}"
                "</tr>" for c in a.cheats]
        parts.append(_table(f"Cheating on verified steps (margin in {unit})",
                            ["step", "point", "party", "margin", "required detection",
                             "planned"], crow, "required detection > 1: no verification "
                            "deters it"))
    srow = [f"<tr><td>{esc(p)}</td>{_num(v, mark=marked('participation', None, p))}"
            f"<td>{'signs' if a.participation[p] else 'would not sign'}</td></tr>"
            for p, v in a.surplus.items()]
    parts.append(_table(f"Surplus over no agreement ({unit}, PV at 0) and participation",
                        ["party", "surplus", "participation"], srow))
    pairs = [(i, d) for i in a.parties for d in a.parties if d != i]
    if pairs:
        erow = [f"<tr><td>{q}</td>"
                + "".join(_num(a.exposure[i][d][q]) for i, d in pairs) + "</tr>"
                for q in range(lay.n_points)]
        parts.append(_table(f"Exposure ({unit}, PV at 0) if another party walks away",
                            ["#", *(f"{i} if {d} quits" for i, d in pairs)], erow,
                            "< 0: worse off than with no agreement"))
    if a.capabilities:
        caps = {c.id: c for c in s.capabilities}
        krow = []
        for c in a.capabilities:
            cap = caps[c["id"]]
            name = f"{cap.label or cap.id}" + (f" ({cap.unit})" if cap.unit else "")
            share = c["reversible_share"]
            lag = c["longest_reversal_lag"]
            krow.append(f"<tr><td>{esc(name)}</td>{_num(c['initial'], cls=False)}"
                        f"{_num(c['at_completion'], cls=False)}"
                        f"{_num(c['capability_years'], cls=False)}"
                        f"<td class='num'>{'-' if share is None else f'{share:.0%}'}</td>"
                        f"<td class='num'>{'-' if lag is None else f'{lag:,.2f}'}</td></tr>")
        parts.append(_table("Capabilities on the compliance path",
                            ["capability", "initial", "at completion", "capability-years",
                             "reversible", "longest reversal lag"], krow))
    if a.non_credible_sticks:
        committed = {k.id for k in s.sticks if k.commitment}
        names = ", ".join(esc(k) + (" (committed: imposed all the same)" if k in committed
                                    else "") for k in a.non_credible_sticks)
        parts.append(f"<p>Non-credible sticks (imposing them costs their actor): {names}</p>")
    return (f"<div class='accord-analysis'>{_STYLE}<h4>{esc(s.title)}</h4>"
            f"<p><b>Verdict: {esc(verdict(a))}.</b> {esc(a.sentence)}</p>"
            f"{''.join(parts)}</div>")
