"""The subgame-perfect outcome by backward induction over the node chain (MODEL.md §4).

Nodes are (decision point, party), in time order and, at one point, in file
order.  At each node the party continues, defects (the game ends in that
breakdown) or, if it is the actor of the move at that point, cheats on one
verified step of the move (the game ends in the detected/undetected lottery).
Working back from full compliance, each node takes the option with the
largest PV for its party; options within the tie rule of that largest value
go to continue, then defect, then the cheat on the step listed first.

The chain has ``(moves + 1) * parties`` nodes, so the cost is linear in the
number of moves; each node is one vectorized comparison over draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.engine import ties
from accord.engine.breakdown import Breakdowns
from accord.engine.cheats import Cheats
from accord.engine.layout import Layout
from accord.engine.params import FloatArray

IntArray = NDArray[np.int64]

COMPLETES, BREAKS, CHEATS = 0, 1, 2
KINDS = ("completes", "breaks", "cheats")


@dataclass(frozen=True)
class Outcome:
    """Per draw: what happens in equilibrium and what each party gets."""

    kind: IntArray  # (D,) COMPLETES, BREAKS or CHEATS
    point: IntArray  # (D,) decision point, -1 if completes
    party: IntArray  # (D,) party index, -1 if completes
    step: IntArray  # (D,) step index for a cheat, else -1
    values: FloatArray  # (D, P) equilibrium PV at 0 of each party
    cause: RootCause  # the deviation that starts the unravelling


@dataclass(frozen=True)
class RootCause:
    """Per draw: the first node, working back from completion, whose party deviates.

    Every node after it continues, so there the party compares its option with
    full compliance: the root cause is the failing margin or cheat test that
    starts the unravelling (the last failing test in node order, with the option
    the party takes there).  ``kind`` is COMPLETES (nothing fails), BREAKS or
    CHEATS.
    """

    kind: IntArray  # (D,)
    point: IntArray  # (D,) -1 if nothing fails
    party: IntArray  # (D,)
    step: IntArray  # (D,) step index for a cheat, else -1


def choose(options: FloatArray) -> IntArray:
    """Index of the chosen option per draw, options ``(D, O)`` in priority order.

    The largest value wins; every option that ties with it (tie rule) yields
    to the one listed first.
    """
    best = options.max(axis=1, keepdims=True)
    return np.asarray(np.argmax(ties.equal(options, best), axis=1), dtype=np.int64)


def solve(lay: Layout, comply: FloatArray, brk: Breakdowns, ch: Cheats) -> Outcome:
    """Backward induction from full compliance to the first node."""
    d = comply.shape[0]
    value = comply.copy()
    kind = np.zeros(d, dtype=np.int64)
    point = np.full(d, -1, dtype=np.int64)
    party = np.full(d, -1, dtype=np.int64)
    step = np.full(d, -1, dtype=np.int64)
    rows = np.arange(d)
    cause = [np.zeros(d, dtype=np.int64), *(np.full(d, -1, dtype=np.int64) for _ in range(3))]
    for q in range(lay.n_points - 1, -1, -1):
        for i in range(lay.n_parties - 1, -1, -1):
            opts = [value, brk.values[:, q, i, :]]
            cheat_ids: list[int] = []
            if q < lay.n_moves and lay.move_actor[q] == i:
                for k, s in enumerate(ch.steps):
                    if ch.points[k] == q:
                        opts.append(ch.expected[:, k, :])
                        cheat_ids.append(int(s))
            stacked = np.stack(opts, axis=1)  # (D,O,P)
            pick = choose(stacked[:, :, i])
            value = stacked[rows, pick]
            moved = pick > 0
            kind = np.where(moved, np.where(pick == 1, BREAKS, CHEATS), kind)
            point = np.where(moved, q, point)
            party = np.where(moved, i, party)
            if cheat_ids:
                sid = np.array([-1, -1, *cheat_ids], dtype=np.int64)
                step = np.where(moved, sid[pick], step)
            else:
                step = np.where(moved, -1, step)
            first = moved & (cause[0] == COMPLETES)
            for c, now in zip(cause, (kind, point, party, step), strict=True):
                c[first] = now[first]
    return Outcome(kind=kind, point=point, party=party, step=step, values=value,
                   cause=RootCause(*cause))
