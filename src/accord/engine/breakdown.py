"""Breakdown after each party defects at each decision point (MODEL.md §4).

At point ``p`` (time ``t0``) the executed steps are those of the moves
strictly before ``p``.  Which steps get reversed does not depend on who
defected; only the sticks do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.engine import paths
from accord.engine.layout import Layout
from accord.engine.params import FloatArray, Params


@dataclass(frozen=True)
class Breakdowns:
    """PVs at 0 of every defection path."""

    times: FloatArray  # (D, Q) decision point times, Q = moves + 1
    values: FloatArray  # (D, Q, Pdef, P) PV to each party after Pdef defects at point q
    sticks: paths.StickEffects  # sticks at each point


def point_times(p: Params) -> FloatArray:
    """``(D, M + 1)``: each move's time, then the completion time ``T``."""
    return np.concatenate([p.move_time, p.completion[:, None]], axis=1)


def defections(p: Params, lay: Layout) -> Breakdowns:
    """Every party's defection path at every decision point."""
    times = point_times(p)
    executed = lay.step_move[None, :] < np.arange(lay.n_points)[:, None]  # (Q, N)
    base = paths.executed_values(p, lay, times, executed)  # (D,Q,P)
    fx = paths.stick_effects(p, lay, times, executed)
    onehot = (lay.stick_against[:, None] == np.arange(lay.n_parties)[None, :]).astype(float)
    weighted = fx.values * fx.imposed[..., None]  # (D,Q,K,P)
    sticks = np.einsum("dqkp,ke->dqep", weighted, onehot)
    return Breakdowns(times=times, values=base[:, :, None, :] + sticks, sticks=fx)
