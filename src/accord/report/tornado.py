"""Tornado chart of a sensitivity analysis: text bars for the terminal (rich) and HTML.

Each row is one uncertain input, most important first.  The bar's length is
the input's total Sobol index ``S_T`` (its share of the bottleneck margin's
variance, interactions included), scaled to the largest one; it points right
when raising the input raises the bottleneck margin (Spearman ``rho > 0``:
the input helps the road map hold) and left when it lowers it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from accord.report.text import plain

#: Rows shown by default.
TOP = 15


def _fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _scale(rows: Sequence[dict[str, Any]]) -> float:
    return max([float(r.get("total") or 0.0) for r in rows] + [1e-300])


def bar(total: float | None, rho: float | None, scale: float, width: int) -> tuple[str, str]:
    """Left and right halves of one tornado bar (each ``width`` characters)."""
    cells = round(max(0.0, float(total or 0.0)) / scale * width)
    cells = min(width, cells)
    block = "█" * cells
    if (rho or 0.0) < 0:
        return block.rjust(width), " " * width
    return " " * width, block.ljust(width)


def tornado(rows: Sequence[dict[str, Any]], *, top: int = TOP, width: int = 12,
            title: str = "Which inputs decide whether the road map holds") -> Table:
    """A rich table: input, Spearman rho, first-order and total Sobol index, and the bar."""
    shown = list(rows[:top])
    scale = _scale(shown)
    t = Table(title=title, caption=f"bar: total Sobol index S_T (longest = {scale:.2f}); "
              "right: raising the input raises the bottleneck margin; left: lowers it",
              show_edge=False)
    t.add_column("input", overflow="fold", ratio=1)
    t.add_column("rho", justify="right")
    t.add_column("S1", justify="right")
    t.add_column("ST", justify="right")
    t.add_column("lowers margin", justify="right", no_wrap=True)
    t.add_column("raises margin", no_wrap=True)
    for r in shown:
        left, right = bar(r.get("total"), r.get("spearman"), scale, width)
        t.add_row(plain(r["name"]), _fmt(r.get("spearman")), _fmt(r.get("first_order")),
                  _fmt(r.get("total")), Text(left, style="red"), Text(right, style="green"))
    hidden = len(rows) - len(shown)
    if hidden > 0:
        t.add_row(Text(f"... {hidden} more", style="dim"), "", "", "", "", "")
    return t


def tornado_html(rows: Sequence[dict[str, Any]], *, top: int = TOP) -> str:
    """The same chart as a self-contained HTML table (no external assets)."""
    shown = list(rows[:top])
    scale = _scale(shown)
    out = []
    for r in shown:
        w = 100.0 * max(0.0, float(r.get("total") or 0.0)) / scale
        neg = (r.get("spearman") or 0.0) < 0
        left = f'<div style="margin-left:auto;width:{w:.1f}%;background:#c33;height:0.9em"></div>'
        right = f'<div style="width:{w:.1f}%;background:#393;height:0.9em"></div>'
        out.append(
            f"<tr><td>{html.escape(r['name'])}</td><td>{_fmt(r.get('spearman'))}</td>"
            f"<td>{_fmt(r.get('first_order'))}</td><td>{_fmt(r.get('total'))}</td>"
            f'<td style="width:8em">{left if neg else ""}</td>'
            f'<td style="width:8em">{"" if neg else right}</td></tr>')
    return ("<table><thead><tr><th>input</th><th>rho</th><th>S1</th><th>ST</th>"
            "<th>lowers margin</th><th>raises margin</th></tr></thead><tbody>"
            + "".join(out) + "</tbody></table>")
