"""Capability trajectories along the compliance path.

A step's capability change takes effect when its effects start, at
``a = x + lag``.  With ``c0`` the initial level and ``T`` the completion time:

* level at ``t``: ``c0 + sum(delta_s for a_s <= t)``;
* capability-years until completion: ``integral_0^T level dt
  = c0 T + sum(delta_s * max(0, T - max(a_s, 0)))``;
* reversible share: the part of the total reduction (sum of negative changes)
  made by reversible steps;
* longest reversal lag: the largest reversal lag among reversible steps that
  reduce the capability (how long the fastest full breakout takes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.engine.layout import Layout
from accord.engine.params import FloatArray, Params


@dataclass(frozen=True)
class Trajectories:
    """Per draw and capability (``(D, C)`` unless noted)."""

    effect_time: FloatArray  # (D, N) when each step's change takes effect
    final: FloatArray  # level at completion
    capability_years: FloatArray  # integral of the level from 0 to T
    reduction: FloatArray  # total reduction (>= 0)
    reversible_share: FloatArray  # nan when nothing is reduced
    longest_reversal_lag: FloatArray  # nan when no reduction is reversible


def trajectories(p: Params, lay: Layout) -> Trajectories:
    """Capability levels over the compliance path."""
    a = p.x + p.lag  # (D,N)
    t = p.completion[:, None]  # (D,1)
    delta = p.cap_delta  # (D,N,C)
    done = (a <= t)[..., None]
    final = p.cap_initial + (delta * done).sum(axis=1)
    span = np.maximum(0.0, t - np.maximum(a, 0.0))[..., None]
    years = p.cap_initial * t + (delta * span).sum(axis=1)
    cut = np.maximum(-delta, 0.0)
    total = cut.sum(axis=1)
    rev = lay.reversible[None, :, None] & (p.rev_feasible[..., None] > 0)
    rev_cut = (cut * rev).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, rev_cut / np.where(total > 0, total, 1.0), np.nan)
    lags = np.where(rev & (cut > 0), p.rev_lag[..., None], -np.inf)
    longest = lags.max(axis=1) if lay.n_steps else np.full_like(final, -np.inf)
    longest = np.where(np.isinf(longest), np.nan, longest)
    return Trajectories(effect_time=a, final=final, capability_years=years, reduction=total,
                        reversible_share=share, longest_reversal_lag=longest)
