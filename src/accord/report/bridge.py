"""Renderings of :class:`accord.design.bridge.Bridge`: the sentence, a rich view, HTML."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from accord.report.labels import when

if TYPE_CHECKING:
    from accord.design.bridge import Bridge
    from accord.design.gap import PartyGap


def _n(x: float) -> str:
    return f"{x:.3g}"


def _why_infinite(b: Bridge, g: PartyGap) -> str:
    if g.test is not None and g.test["kind"] == "cheat" and b.analysis.times[-1] < float(
            b.analysis.solution.params.horizon[0]):
        return (f"{g.party} cannot be bridged by a payment at completion: its cheat on "
                f"{g.test['step']} has detection 0")
    return f"{g.party} cannot be bridged by a payment at completion: the road map ends at or " \
        "after the horizon"


def gap_clause(b: Bridge) -> str:
    """``DPRK is short by 11.3 (value at completion, year 10.5)``, per failing party."""
    short = [g for g in b.gap.values() if g.test is not None]
    finite = [g for g in short if not g.infinite]
    parts = []
    if finite:
        at = when(b.scenario, b.analysis.times[-1])
        parts.append(" and ".join(f"{g.party} is short by {_n(g.at_completion)}"
                                  for g in finite) + f" (value at completion, {at})")
    parts += [_why_infinite(b, g) for g in short if g.infinite]
    return "; ".join(parts)


def instruments_clause(b: Bridge) -> str:
    """``relief_civilian x 2.3 (costs US 4.1 in PV), snapback x 4 (free on the ...)``."""
    out = []
    for x in b.instruments:
        if abs(x.scale - 1.0) <= 1e-9:
            continue
        if x.kind == "stick" or abs(x.cost) <= 1e-9 * max(1.0, abs(x.scale)):
            what = "free on the compliance path"
        elif x.cost > 0:
            what = f"costs {x.payer} {_n(x.cost)} in PV"
        else:
            what = f"saves {x.payer} {_n(-x.cost)} in PV"
        out.append(f"{x.item} x {_n(x.scale)} ({what})")
    return ", ".join(out)


def bridge_sentence(b: Bridge) -> str:
    """The sentence an analyst quotes: the verdict, who is short by how much, the bridge."""
    eps = "" if b.epsilon == 0 else f" with every margin at least {b.epsilon:g}"
    if b.holds:
        return f"As written, the road map holds{eps}: no party is short (expectation gap 0)."
    head = f"As written, the road map is not {'viable' if not eps else 'holding' + eps}: " \
        f"{gap_clause(b)}."
    o = b.optimum
    if o is None:
        return head + " The file declares no instruments (design: scale:), so there is no bridge."
    if o.scenario is not None:
        body = instruments_clause(b)
        return head + (f" The cheapest bridge: {body}." if body else
                       " The cheapest bridge needs no scaling.")
    if o.status == "infeasible":
        s = o.shortfall
        tail = "" if s is None else f"; the best scales still miss by {_n(s['total'])} in total"
        return head + f" No scales within the declared ranges make it hold (proven){tail}."
    return head + " No bridge was found within the limits (nothing proven)."


def bridge_renderable(b: Bridge) -> Any:
    parts: list[Any] = [Text(bridge_sentence(b))]
    t = Table(title="Expectation gap (payment at completion if it completes)",
              title_justify="left")
    for col in ("party", "short by (value at T)", "PV at 0", "set by"):
        t.add_column(col)
    for g in b.gap.values():
        test = "-" if g.test is None else (
            g.test["kind"] + (f" {g.test['step']}" if g.test["step"] else "")
            + ("" if g.test["point"] is None else f" at point {g.test['point']}"))
        t.add_row(Text(g.party), "inf" if g.infinite else _n(g.at_completion),
                  "inf" if g.infinite else _n(g.pv), Text(test))
    parts.append(t)
    if b.instruments:
        t = Table(title="Cheapest bridge (road map as written)", title_justify="left")
        for col in ("item", "kind", "scale", "payer", "cost (PV at 0)"):
            t.add_column(col)
        for x in b.instruments:
            t.add_row(Text(x.item), x.kind, _n(x.scale), Text(x.payer), _n(x.cost))
        parts.append(t)
    return Group(*parts)


def bridge_html(b: Bridge) -> str:
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(g.party)}</td><td>{'inf' if g.infinite else _n(g.at_completion)}</td>"
        f"<td>{'inf' if g.infinite else _n(g.pv)}</td></tr>" for g in b.gap.values())
    inst = "".join(
        f"<tr><td>{esc(x.item)}</td><td>{_n(x.scale)}</td><td>{esc(x.payer)}</td>"
        f"<td>{_n(x.cost)}</td></tr>" for x in b.instruments)
    table = ("<table><thead><tr><th>party</th><th>short by (value at T)</th><th>PV at 0</th>"
             f"</tr></thead><tbody>{rows}</tbody></table>")
    if inst:
        table += ("<table><thead><tr><th>item</th><th>scale</th><th>payer</th>"
                  f"<th>cost (PV at 0)</th></tr></thead><tbody>{inst}</tbody></table>")
    return f"<div class='accord-bridge'><p>{esc(bridge_sentence(b))}</p>{table}</div>"
