"""The game as a Gambit extensive form (``.efg``, MODEL.md §5, last paragraph).

The tree is MODEL.md §4's node chain: one personal node per (decision point,
party), in time order and, at one point, in file order.  Its actions are
``continue`` (to the next node; the last one to the compliance terminal),
``defect`` (a terminal: that breakdown path) and, for the actor of the move at
that point, ``cheat:<step>`` for each verified step of the move (a chance node:
``detected`` with probability ``detection``, else ``undetected``, each a
terminal).  Actions are listed in the tie order of the backward induction.
Every payoff is a path's PV at time 0 (deterministic analysis, at the means),
written in plain decimal notation with the shortest digits that round-trip the
double; chance probabilities are written so that they sum to exactly 1.

The text is written directly: pygambit is not needed to export.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Literal
from urllib.parse import quote

from accord.engine import Layout, build
from accord.engine import analyze as solve
from accord.errors import AccordError
from accord.model import Scenario
from accord.model.checks import ensure_valid

#: Printable ASCII that a Gambit label may hold as is (``%`` and ``\\`` are encoded).
_SAFE = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in "\\%")


def label(text: str) -> str:
    """``text`` as a valid Gambit label, injectively.

    Gambit labels hold printable ASCII and single inner spaces only: every other
    character (and ``%``, ``\\``, a leading, trailing or repeated space) is
    percent-encoded as UTF-8 (``é`` -> ``%C3%A9``).
    """
    out = quote(text, safe=_SAFE)
    return re.sub(r"^ | $|(?<= ) ", "%20", out)


def _quoted(text: str) -> str:
    """A double-quoted Gambit string (a quote inside is written ``\\"``)."""
    return '"' + text.replace("\\", "%5C").replace('"', '\\"') + '"'


def number(x: float) -> str:
    """``x`` in plain decimal notation with the shortest digits that give back the double."""
    v = float(x)
    if not math.isfinite(v):
        raise AccordError(f"cannot export a non-finite value ({v!r}) to .efg")
    return format(Decimal(repr(v)), "f")


def complement(p: str) -> str:
    """``1 - p`` exactly, for a probability written as ``p``."""
    with localcontext() as ctx:
        ctx.prec = 1000
        return format(Decimal(1) - Decimal(p), "f")


@dataclass
class Node:
    """A node of the exported tree.

    ``kind`` is ``"personal"`` (``player`` is a party index), ``"chance"``
    (``probs`` as written) or ``"terminal"`` (``outcome`` label and ``payoffs``,
    PV at 0 per party).  ``children`` follow ``actions``.
    """

    kind: Literal["personal", "chance", "terminal"]
    name: str = ""
    player: int = -1
    actions: list[str] = field(default_factory=list)
    probs: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    outcome: str = ""
    payoffs: tuple[float, ...] = ()


@dataclass(frozen=True)
class Tree:
    """The whole game: title, players (party ids in file order) and the root."""

    title: str
    players: tuple[str, ...]
    root: Node


def _terminal(outcome: str, values: Iterable[float]) -> Node:
    return Node("terminal", outcome=outcome, payoffs=tuple(float(v) for v in values))


def efg_tree(scenario: Scenario) -> Tree:
    """The node chain of MODEL.md §4 with every terminal's PV at 0 (at the means)."""
    ensure_valid(scenario)
    lay = Layout.of(scenario)
    sol = solve(lay, build(scenario, lay))
    brk = sol.breakdowns.values[0]  # (Q, Pdef, P)
    ch = sol.cheats
    detection = sol.params.detection[0]
    tail: Node = _terminal("complies", sol.surplus[0])
    for q in range(lay.n_points - 1, -1, -1):
        for i in range(lay.n_parties - 1, -1, -1):
            party = lay.parties[i]
            node = Node("personal", name=label(f"{lay.point_label(q)} | {party}"), player=i,
                        actions=["continue", "defect"],
                        children=[tail, _terminal(f"defect:{q}:{label(party)}", brk[q, i])])
            if q < lay.n_moves and int(lay.move_actor[q]) == i:
                for k, s in enumerate(ch.steps):
                    if int(ch.points[k]) != q:
                        continue
                    step = label(lay.steps[int(s)])
                    p = number(detection[int(s)])
                    node.actions.append(f"cheat:{step}")
                    node.children.append(Node(
                        "chance", name=f"cheat:{step}", actions=["detected", "undetected"],
                        probs=[p, complement(p)],
                        children=[_terminal(f"cheat:{step}:detected", ch.detected[0, k]),
                                  _terminal(f"cheat:{step}:undetected", ch.undetected[0, k])]))
            tail = node
    return Tree(title=scenario.title, players=lay.parties, root=tail)


def _lines(tree: Tree) -> list[str]:
    """The node lines in Gambit's depth-first (preorder) order, without recursion."""
    out: list[str] = []
    infosets = [0] * len(tree.players)
    chance = 0
    outcomes = 0
    stack = [tree.root]
    while stack:
        node = stack.pop()
        stack.extend(reversed(node.children))
        if node.kind == "terminal":
            outcomes += 1
            pay = " ".join(number(v) for v in node.payoffs)
            out.append(f"t {_quoted(node.name)} {outcomes} {_quoted(node.outcome)} {{ {pay} }}")
        elif node.kind == "chance":
            chance += 1
            acts = " ".join(f"{_quoted(a)} {p}" for a, p in zip(node.actions, node.probs,
                                                                 strict=True))
            out.append(f'c {_quoted(node.name)} {chance} "" {{ {acts} }} 0')
        else:
            infosets[node.player] += 1
            acts = " ".join(_quoted(a) for a in node.actions)
            out.append(f"p {_quoted(node.name)} {node.player + 1} {infosets[node.player]} "
                       f'"" {{ {acts} }} 0')
    return out


def write_efg(tree: Tree) -> str:
    """A :class:`Tree` as Gambit ``.efg`` text (format version 2)."""
    players = " ".join(_quoted(label(p)) for p in tree.players)
    comment = ("Exported by accord: MODEL.md node chain; payoffs are PVs at time 0 "
               "(deterministic analysis, every number at its mean).")
    head = [f"EFG 2 R {_quoted(tree.title)} {{ {players} }}", _quoted(comment), ""]
    return "\n".join([*head, *_lines(tree)]) + "\n"


def to_efg(scenario: Scenario) -> str:
    """The game of ``scenario`` as Gambit ``.efg`` text."""
    return write_efg(efg_tree(scenario))
