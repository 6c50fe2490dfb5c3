"""Present values of the compliance path and of breakdown paths (MODEL.md §4).

All values are present values at time 0, per draw and per party.

Breakdown after party ``d`` defects at ``t0``, given the executed steps:

* each executed step keeps its ``once``;
* its actor ``j`` reverses it iff
  ``G = feasible * (-flow_j * F_j(max(e, a), H) - cost * E_j(t0)) > 0`` with
  ``e = t0 + reversal.lag``; a reversed step's flow then runs on ``[a, e)``
  with probability ``feasible`` and on ``[a, H)`` otherwise, and the actor
  pays ``cost`` at ``t0`` with probability ``feasible``: a one-off at ``t0``,
  worth ``cost E_j(t0)`` and 0 if ``t0 >= H`` (MODEL.md §3), although ``G``
  values it ``cost E_j(t0)`` as written (``E(t) = exp(-r t)``, no horizon cut);
* each stick against ``d`` whose ``after:`` steps are all executed is imposed
  if committed or if its present value to its own actor is ``>= 0``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.engine import discount
from accord.engine.layout import Layout
from accord.engine.params import FloatArray, Params

BoolArray = NDArray[np.bool_]


def step_values(p: Params, lay: Layout) -> FloatArray:
    """``(D, N, P)``: each step's PV to each party on the compliance path.

    ``once * E(x) + flow * F(x + lag, H)``.
    """
    r = p.r[:, None, :]
    x = p.x[:, :, None]
    a = x + p.lag[:, :, None]
    h = p.horizon[:, None, None]
    out = p.once * discount.one_off(r, x, h) + p.flow * discount.flow(r, a, np.inf, h)
    return np.asarray(out, dtype=np.float64)


def compliance(parts: FloatArray) -> FloatArray:
    """``(D, P)``: PV of the compliance path, the sum of every step's value."""
    return np.asarray(parts.sum(axis=1), dtype=np.float64)


def executed_values(p: Params, lay: Layout, t0: FloatArray, executed: BoolArray) -> FloatArray:
    """``(D, Q, P)``: PV of the executed steps after a breakdown, reversals included.

    ``t0`` is ``(D, Q)``: the breakdown time of each of ``Q`` breakdowns;
    ``executed`` is ``(Q, N)`` or ``(D, Q, N)``.
    """
    d, q = t0.shape
    n = lay.n_steps
    if n == 0:
        return np.zeros((d, q, lay.n_parties))
    h = p.horizon[:, None, None]  # (D,1,1)
    t = t0[:, :, None]  # (D,Q,1)
    x = p.x[:, None, :]  # (D,1,N)
    a = x + p.lag[:, None, :]
    e = t + p.rev_lag[:, None, :]  # (D,Q,N)
    feas = p.rev_feasible[:, None, :]
    cost = p.rev_cost[:, None, :]
    actor = lay.step_actor
    r_act = p.r[:, actor][:, None, :]  # (D,1,N)
    own_flow = p.flow[:, np.arange(n), actor][:, None, :]  # (D,1,N)
    gain = feas * (-own_flow * discount.flow(r_act, np.maximum(e, a), np.inf, h)
                   - cost * discount.factor(r_act, t))
    reverse = np.asarray(executed, dtype=bool) & lay.reversible & (gain > 0)  # (D,Q,N)

    r = p.r[:, None, None, :]  # (D,1,1,P)
    h4 = h[..., None]
    a4, e4, t4 = a[..., None], e[..., None], t[..., None]
    full = discount.flow(r, a4, np.inf, h4)  # (D,1,N,P)
    cut = discount.flow(r, a4, e4, h4)  # (D,Q,N,P)
    f4 = feas[..., None]
    rev4 = reverse[..., None]
    flow_pv = np.where(rev4, f4 * cut + (1.0 - f4) * full, full)
    value = p.once[:, None] * discount.one_off(r, x[..., None], h4) + p.flow[:, None] * flow_pv
    is_actor = np.arange(lay.n_parties)[None, :] == actor[:, None]  # (N,P)
    paid = np.where(rev4 & is_actor, f4 * cost[..., None] * discount.one_off(r, t4, h4), 0.0)
    value = value - paid
    ex = np.asarray(executed, dtype=bool)[..., None]
    return np.asarray(np.where(ex, value, 0.0).sum(axis=2), dtype=np.float64)


@dataclass(frozen=True)
class StickEffects:
    """Sticks at ``Q`` breakdown times: their PV to each party and whether imposed."""

    values: FloatArray  # (D, Q, K, P) PV at 0 of each stick to each party if imposed
    credible: BoolArray  # (D, Q, K) PV to its own actor >= 0
    armed: BoolArray  # (D, Q, K) every ``after:`` step executed: the stick exists
    imposed: BoolArray  # (D, Q, K) armed, and committed or credible


def stick_effects(p: Params, lay: Layout, t0: FloatArray, executed: BoolArray) -> StickEffects:
    """Sticks imposed at ``t0`` ``(D, Q)``: ``once`` at ``t0``, ``flow`` from ``t0 + lag``.

    ``executed`` (``(Q, N)`` or ``(D, Q, N)``) are the executed steps of each
    breakdown; a stick exists there only if all its ``after:`` steps are among them.
    """
    r = p.r[:, None, None, :]
    h = p.horizon[:, None, None, None]
    t = t0[:, :, None, None]
    start = t + p.stick_lag[:, None, :, None]
    values = (p.stick_once[:, None] * discount.one_off(r, t, h)
              + p.stick_flow[:, None] * discount.flow(r, start, np.inf, h))
    k = len(lay.sticks)
    own = values[:, :, np.arange(k), lay.stick_actor] if k else values[..., 0]
    credible = own >= 0.0
    armed = np.broadcast_to(lay.armed(executed), credible.shape)
    imposed = (credible | lay.stick_commitment) & armed
    return StickEffects(values=values, credible=credible, armed=armed, imposed=imposed)


def stick_totals(fx: StickEffects, lay: Layout, defector: NDArray[np.int64]) -> FloatArray:
    """``(D, Q, P)``: total PV of the sticks imposed on ``defector[q]`` at breakdown ``q``."""
    hits = (lay.stick_against[None, :] == defector[:, None])[None] & fx.imposed  # (D,Q,K)
    return np.asarray((fx.values * hits[..., None]).sum(axis=2), dtype=np.float64)
