"""Cheating on a verified step (MODEL.md §4, *Cheating*).

The actor ``i`` of verified step ``s`` at its move (time ``t0``) reports it
done without executing it.  With probability ``p = detection`` this is found
at ``td = t0 + delay``: a breakdown after ``i`` defects at ``td``, with the
moves up to and including ``i``'s move executed, plus later moves with
``x < td``, and ``s`` left out.  Otherwise everyone complies and ``s`` never
runs.  With ``C``, ``U``, ``D`` the PVs of compliance, undetected and
detected cheating:

* cheat margin ``= (C - [p D + (1 - p) U]) * exp(r_i t0)``;
* required detection ``p* = (U - C) / (U - D)``: 0 if ``U <= C`` (tested
  exactly), ``inf`` if ``U - D <= 0`` (with the tie rule, so that a detection
  that changes nothing gives ``inf`` whatever the rounding).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.engine import discount, paths, ties
from accord.engine.layout import Layout
from accord.engine.params import FloatArray, Params


@dataclass(frozen=True)
class Cheats:
    """One entry per verified scheduled step, in roadmap order (``S`` of them)."""

    steps: NDArray[np.int64]  # (S,) step index
    points: NDArray[np.int64]  # (S,) decision point (= move) index
    actors: NDArray[np.int64]  # (S,) party index
    undetected: FloatArray  # (D, S, P) PV at 0, U
    detected: FloatArray  # (D, S, P) PV at 0, D
    expected: FloatArray  # (D, S, P) p D + (1 - p) U
    margin: FloatArray  # (D, S) in value at t0
    required: FloatArray  # (D, S) p*, inf where no detection deters
    deterred: NDArray[np.bool_]  # (D, S) cheat margin >= 0 (tie rule)
    sticks: paths.StickEffects  # sticks at each detection time


def cheats(p: Params, lay: Layout, parts: FloatArray, comply: FloatArray) -> Cheats:
    """Cheat paths of every verified step, given step values and the compliance PV."""
    idx = np.array(lay.cheat_steps, dtype=np.int64)
    s = len(idx)
    d = p.draws
    move = lay.step_move[idx]
    actor = lay.step_actor[idx]
    t0 = p.move_time[:, move] if s else np.zeros((d, 0))
    td = t0 + p.delay[:, idx]  # (D,S)
    later = lay.step_move[None, None, :] > move[None, :, None]  # (1,S,N)
    executed = (~later) | (p.x[:, None, :] < td[:, :, None])  # (D,S,N)
    executed = executed & (np.arange(lay.n_steps)[None, None, :] != idx[None, :, None])
    base = paths.executed_values(p, lay, td, executed)  # (D,S,P)
    fx = paths.stick_effects(p, lay, td, executed)
    detected = base + paths.stick_totals(fx, lay, actor)
    keep = np.arange(lay.n_steps)[None, :] != idx[:, None]  # (S,N)
    undetected = np.where(keep[None, :, :, None], parts[:, None], 0.0).sum(axis=2)  # (D,S,P)
    det = p.detection[:, idx][..., None]
    expected = det * detected + (1.0 - det) * undetected

    pick = np.arange(s)
    c = comply[:, actor]  # (D,S)
    u = undetected[:, pick, actor]
    dd = detected[:, pick, actor]
    e = expected[:, pick, actor]
    r = p.r[:, actor]
    margin = (c - e) * discount.at(r, t0)
    # U <= C exactly as written (U == C only when s is worth exactly 0 to its actor, and
    # then U is C minus 0); U - D <= 0 with the tie rule: U == D whenever detection
    # changes nothing for i, and the two sums then differ by rounding only
    no_gain = u <= c
    hopeless = ties.at_least(dd, u)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = (u - c) / (u - dd)
    required = np.where(no_gain, 0.0, np.where(hopeless, np.inf, ratio))
    return Cheats(steps=idx, points=move, actors=actor, undetected=undetected,
                  detected=detected, expected=expected, margin=margin, required=required,
                  deterred=ties.at_least(c, e), sticks=fx)
