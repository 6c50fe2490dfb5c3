"""Tornado chart of a sensitivity analysis: text bars for the terminal (rich) and HTML.

Each row is one uncertain input, most important first.  The bar's length is
the input's total Sobol index ``S_T`` (its share of the bottleneck margin's
variance, interactions included), scaled to the largest one.  It points right
(blue) when **more of the input helps the deal** and left (red) when it hurts:
``effect = sign(rho) * sign(mean)`` (:func:`effect`), with ``rho`` the
Spearman correlation with the bottleneck margin and "more" a larger
magnitude, so that a stick (a negative flow on the defector, whose growing
magnitude raises the margin) reads as helping the deal, not as harmful.
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
#: |rho| below this reads as "no monotone effect".
FLAT = 0.05
EFFECTS = ("helps the deal", "hurts the deal", "no monotone effect")


def effect(rho: float | None, mean: float) -> int:
    """``+1``: more of the input (in magnitude) helps the deal; ``-1``: hurts; ``0``: flat.

    ``sign(rho) * sign(mean)``, the mean's sign taken as ``+`` at 0.
    """
    if rho is None or abs(rho) < FLAT:
        return 0
    sign = 1 if rho > 0 else -1
    return sign if mean >= 0 else -sign


def _effect(row: dict[str, Any], means: dict[str, float] | None) -> int:
    mean = (means or {}).get(row["name"], 1.0)
    return effect(row.get("spearman"), mean)


def _fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _scale(rows: Sequence[dict[str, Any]]) -> float:
    return max([float(r.get("total") or 0.0) for r in rows] + [1e-300])


def bar(total: float | None, direction: int, scale: float, width: int) -> tuple[str, str]:
    """Left and right halves of one tornado bar (each ``width`` characters).

    ``direction``: ``-1`` left (hurts the deal), else right.
    """
    cells = round(max(0.0, float(total or 0.0)) / scale * width)
    cells = min(width, cells)
    block = "█" * cells
    if direction < 0:
        return block.rjust(width), " " * width
    return " " * width, block.ljust(width)


def tornado(rows: Sequence[dict[str, Any]], *, top: int = TOP, width: int = 12,
            title: str = "Which inputs decide whether the road map holds",
            means: dict[str, float] | None = None) -> Table:
    """A rich table: input, Spearman rho, first-order and total Sobol index, and the bar.

    ``means``: each input's mean by name (the side of its bar, :func:`effect`).
    """
    shown = list(rows[:top])
    scale = _scale(shown)
    t = Table(title=title, caption=f"bar: total Sobol index S_T (longest = {scale:.2f}); "
              "right (blue): more of the input, in magnitude, helps the deal; left (red): "
              "it hurts the deal; grey: no monotone effect", show_edge=False)
    t.add_column("input", overflow="fold", ratio=1)
    t.add_column("rho", justify="right")
    t.add_column("S1", justify="right")
    t.add_column("ST", justify="right")
    t.add_column("hurts the deal", justify="right", no_wrap=True)
    t.add_column("helps the deal", no_wrap=True)
    for r in shown:
        e = _effect(r, means)
        left, right = bar(r.get("total"), e, scale, width)
        style = "blue" if e > 0 else "red" if e < 0 else "grey50"
        t.add_row(plain(r["name"]), _fmt(r.get("spearman")), _fmt(r.get("first_order")),
                  _fmt(r.get("total")), Text(left, style=style), Text(right, style=style))
    hidden = len(rows) - len(shown)
    if hidden > 0:
        t.add_row(Text(f"... {hidden} more", style="dim"), "", "", "", "", "")
    return t


def tornado_html(rows: Sequence[dict[str, Any]], *, top: int = TOP,
                 means: dict[str, float] | None = None) -> str:
    """The same chart as a self-contained HTML table (no external assets)."""
    shown = list(rows[:top])
    scale = _scale(shown)
    out = []
    for r in shown:
        w = 100.0 * max(0.0, float(r.get("total") or 0.0)) / scale
        e = _effect(r, means)
        color = "#2166ac" if e > 0 else "#b2182b" if e < 0 else "#888"
        box = f'width:{w:.1f}%;background:{color};height:0.9em'
        left = f'<div style="margin-left:auto;{box}"></div>' if e < 0 else ""
        right = "" if e < 0 else f'<div style="{box}"></div>'
        out.append(
            f"<tr><td>{html.escape(r['name'])}</td><td>{_fmt(r.get('spearman'))}</td>"
            f"<td>{_fmt(r.get('first_order'))}</td><td>{_fmt(r.get('total'))}</td>"
            f'<td style="width:8em">{left}</td><td style="width:8em">{right}</td></tr>')
    return ("<table><thead><tr><th>input</th><th>rho</th><th>S1</th><th>ST</th>"
            "<th>hurts the deal</th><th>helps the deal</th></tr></thead><tbody>"
            + "".join(out) + "</tbody></table>")


def input_means(scenario: Any) -> dict[str, float]:
    """Each number's mean by its dotted name (the names sensitivity rows carry)."""
    from accord.model.checks import quantities
    from accord.model.names import name

    return {name(scenario, p): q.mean for p, q in quantities(scenario)}
