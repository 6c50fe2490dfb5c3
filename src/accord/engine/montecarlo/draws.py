"""The outputs of the Monte Carlo kernel: every number a run aggregates, draws last."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from accord.engine.params import FloatArray

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


class Draws(NamedTuple):
    """What a Monte Carlo run aggregates, draws on the *last* axis (``B``).

    ``outcome`` codes the subgame-perfect outcome: 0 completes; ``1 + q P + i``
    party ``i`` breaks at point ``q``; ``1 + Q P + s`` the actor cheats on the
    ``s``-th verified step (``Layout.cheat_steps[s]``).  ``bottleneck`` is the
    smallest margin or cheat margin as a PV difference at time 0
    (``PV_comply - PV_alternative`` of the party concerned, value units), and
    ``bottleneck_at`` codes where: ``q P + i`` for a margin, ``Q P + s`` for a cheat.
    """

    surplus: FloatArray  # (P, B) PV at 0 of the compliance path
    defection: FloatArray  # (Q, Pdef, P, B) PV at 0 to P after Pdef defects at q
    margin: FloatArray  # (Q, P, B) value at the point's time
    holds: BoolArray  # (Q, P, B) margin >= 0 (tie rule)
    cheat_margin: FloatArray  # (S, B) value at the move's time
    deterred: BoolArray  # (S, B)
    required: FloatArray  # (S, B) required detection, inf where none deters
    outcome: IntArray  # (B,)
    self_enforcing: BoolArray  # (B,)
    viable: BoolArray  # (B,) self-enforcing and every surplus >= 0 (tie rule against 0)
    bottleneck: FloatArray  # (B,)
    bottleneck_at: IntArray  # (B,)
    non_credible: BoolArray  # (K, B)

    @staticmethod
    def empty(q: int, p: int, s: int, k: int, b: int) -> Draws:
        e, f = np.empty, np.float64
        return Draws(
            surplus=e((p, b), f), defection=e((q, p, p, b), f), margin=e((q, p, b), f),
            holds=e((q, p, b), bool), cheat_margin=e((s, b), f), deterred=e((s, b), bool),
            required=e((s, b), f), outcome=e(b, np.int64), self_enforcing=e(b, bool),
            viable=e(b, bool),
            bottleneck=e(b, f), bottleneck_at=e(b, np.int64), non_credible=e((k, b), bool))

    def arrays(self) -> list[NDArray[Any]]:
        return list(self)
