"""HTML rendering for Jupyter (no external assets)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.analysis import Analysis


def analysis_html(a: Analysis) -> str:
    """A self-contained HTML summary: verdict, margins table, cheats."""
    esc = html.escape
    b = a.bottleneck
    head = "".join(f"<th>{esc(p)}</th>" for p in a.parties)
    rows = []
    for q in range(a.layout.n_points):
        cells = []
        for p in a.parties:
            v = a.margins[p][q]
            color = "#b00" if v < 0 else "#070"
            weight = ("bold" if b and b["kind"] == "margin" and b["point"] == q
                      and b["party"] == p else "normal")
            cells.append(f'<td style="color:{color};font-weight:{weight};text-align:right">'
                         f"{v:,.2f}</td>")
        rows.append(f"<tr><td>{q}</td><td>{esc(a.layout.point_label(q))}</td>"
                    f"<td>{a.times[q]:g}</td>{''.join(cells)}</tr>")
    cheats = "".join(
        f"<tr><td>{esc(c['step'])}</td><td>{c['point']}</td><td>{esc(c['party'])}</td>"
        f"<td>{c['margin']:,.2f}</td><td>"
        f"{'never' if c['required_detection'] is None else format(c['required_detection'], '.2f')}"
        f"</td><td>{c['detection']:.2f}</td></tr>" for c in a.cheats)
    cheat_table = (f"<table><thead><tr><th>step</th><th>point</th><th>party</th><th>margin</th>"
                   f"<th>required detection</th><th>planned</th></tr></thead>"
                   f"<tbody>{cheats}</tbody></table>") if a.cheats else ""
    from accord.report.sentence import verdict as word

    verdict = word(a)
    return (f"<div class='accord-analysis'><h4>{esc(a.scenario.title)}</h4>"
            f"<p><b>{verdict}</b>. {esc(a.sentence)}</p>"
            f"<table><thead><tr><th>#</th><th>decision point</th><th>time</th>{head}</tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>{cheat_table}</div>")
