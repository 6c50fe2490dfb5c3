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
    ``s``-th verified step (``Layout.cheat_steps[s]``).  ``cause`` is the root
    cause in the same code (the first deviation met working back from
    completion; 0 when nothing fails).  ``bottleneck`` is the value of the
    bottleneck test (:mod:`accord.engine.bottleneck`: the root cause when the
    draw is not viable, else the tightest test; a margin or cheat margin in value
    at its point's time, a surplus as PV at 0) and ``bottleneck_at`` codes which:
    ``q P + i`` for a margin, ``Q P + s`` for a cheat margin, ``Q P + S + i`` for
    party ``i``'s participation.
    """

    surplus: FloatArray  # (P, B) PV at 0 of the compliance path
    defection: FloatArray  # (Q, Pdef, P, B) PV at 0 to P after Pdef defects at q
    margin: FloatArray  # (Q, P, B) value at the point's time
    holds: BoolArray  # (Q, P, B) margin >= 0 (tie rule)
    cheat_margin: FloatArray  # (S, B) value at the move's time
    deterred: BoolArray  # (S, B)
    required: FloatArray  # (S, B) required detection, inf where none deters
    outcome: IntArray  # (B,)
    cause: IntArray  # (B,) the root cause, coded as ``outcome``
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
            required=e((s, b), f), outcome=e(b, np.int64), cause=e(b, np.int64),
            self_enforcing=e(b, bool),
            viable=e(b, bool),
            bottleneck=e(b, f), bottleneck_at=e(b, np.int64), non_credible=e((k, b), bool))

    def arrays(self) -> list[NDArray[Any]]:
        return list(self)
