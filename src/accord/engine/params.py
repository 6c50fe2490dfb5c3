"""The numbers of a scenario as arrays with a leading draws axis ``D``.

A deterministic analysis is one draw at the means; a Monte Carlo run fills
the same arrays with samples.  Shapes: ``P`` parties, ``N`` scheduled steps,
``M`` moves, ``K`` sticks, ``C`` capabilities.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.engine.layout import Layout
from accord.model import Quantity, Scenario
from accord.model.checks import Path

FloatArray = NDArray[np.float64]
#: Gives the ``(D,)`` values of one scenario number, found by its field path.
ValueFn = Callable[[Path, Quantity], FloatArray]


@dataclass(frozen=True)
class Params:
    """Every number the engine needs, per draw (time in time units, value in value units)."""

    r: FloatArray  # (D, P) discount rate per time unit
    horizon: FloatArray  # (D,) inf when none
    move_time: FloatArray  # (D, M) execution time of each move
    completion: FloatArray  # (D,) time T the roadmap completes
    x: FloatArray  # (D, N) execution time of each step
    lag: FloatArray  # (D, N)
    flow: FloatArray  # (D, N, P) value per time unit while in effect
    once: FloatArray  # (D, N, P) one-off value at execution
    rev_lag: FloatArray  # (D, N) 0 where irreversible
    rev_cost: FloatArray  # (D, N)
    rev_feasible: FloatArray  # (D, N) 0 where irreversible
    detection: FloatArray  # (D, N) 0 where not verified
    delay: FloatArray  # (D, N)
    stick_flow: FloatArray  # (D, K, P)
    stick_once: FloatArray  # (D, K, P)
    stick_lag: FloatArray  # (D, K)
    cap_initial: FloatArray  # (D, C)
    cap_delta: FloatArray  # (D, N, C)

    @property
    def draws(self) -> int:
        return int(self.r.shape[0])


def at_means(path: Path, q: Quantity) -> FloatArray:
    """One draw: each number at its mean (the deterministic analysis)."""
    return np.array([q.mean], dtype=np.float64)


def build(s: Scenario, layout: Layout, value: ValueFn = at_means) -> Params:
    """Fill the parameter arrays of ``s`` with ``value(path, quantity)`` for every number."""
    step_index = {st.id: i for i, st in enumerate(s.steps)}
    probe = value(("parties", 0, "discount_rate"), s.parties[0].discount_rate)
    d = probe.shape[0]
    npar, n, m = layout.n_parties, layout.n_steps, layout.n_moves
    k, c = len(layout.sticks), len(layout.capabilities)
    pidx = {p: i for i, p in enumerate(layout.parties)}
    cidx = {cid: i for i, cid in enumerate(layout.capabilities)}

    def z(*shape: int) -> FloatArray:
        return np.zeros((d, *shape), dtype=np.float64)

    r = z(npar)
    for i, p in enumerate(s.parties):
        r[:, i] = probe if i == 0 else value(("parties", i, "discount_rate"), p.discount_rate)
    horizon = (np.full(d, np.inf) if s.horizon is None
               else np.broadcast_to(value(("horizon",), s.horizon), (d,)).astype(np.float64))

    starts = z(len(s.roadmap))
    end = np.zeros(d)
    for j, ph in enumerate(s.roadmap):
        starts[:, j] = end if ph.start is None else value(("roadmap", j, "start"), ph.start)
        end = starts[:, j] + value(("roadmap", j, "duration"), ph.duration)
    move_time = starts[:, layout.move_phase] if m else z(0)

    lag, rev_lag, rev_cost, rev_feas, det, delay = z(n), z(n), z(n), z(n), z(n), z(n)
    flow, once = z(n, npar), z(n, npar)
    cap_delta = z(n, c)
    for j, sid in enumerate(layout.steps):
        i = step_index[sid]
        st = s.steps[i]
        base: Path = ("steps", i)
        lag[:, j] = value((*base, "lag"), st.lag)
        for key, arr in (("flow", flow), ("once", once)):
            for name, q in getattr(st, key).items():
                arr[:, j, pidx[name]] = value((*base, key, name), q)
        for name, q in st.capability.items():
            cap_delta[:, j, cidx[name]] = value((*base, "capability", name), q)
        if st.reversal is not None:
            rv = st.reversal
            rev_lag[:, j] = value((*base, "reversal", "lag"), rv.lag)
            rev_cost[:, j] = value((*base, "reversal", "cost"), rv.cost)
            rev_feas[:, j] = value((*base, "reversal", "feasible"), rv.feasible)
        if st.verification is not None:
            vf = st.verification
            det[:, j] = (value((*base, "verification", "detection"), vf.detection)
                         if vf.detection is not None else vf.sampling_detection())
            delay[:, j] = value((*base, "verification", "delay"), st.verification.delay)

    stick_flow, stick_once, stick_lag = z(k, npar), z(k, npar), z(k)
    for j, sk in enumerate(s.sticks):
        stick_lag[:, j] = value(("sticks", j, "lag"), sk.lag)
        for key, arr in (("flow", stick_flow), ("once", stick_once)):
            for name, q in getattr(sk, key).items():
                arr[:, j, pidx[name]] = value(("sticks", j, key, name), q)

    cap_initial = z(c)
    for j, cap in enumerate(s.capabilities):
        cap_initial[:, j] = value(("capabilities", j, "initial"), cap.initial)

    return Params(
        r=r, horizon=horizon, move_time=move_time, completion=end,
        x=move_time[:, layout.step_move] if n else z(0), lag=lag, flow=flow, once=once,
        rev_lag=rev_lag, rev_cost=rev_cost, rev_feasible=rev_feas, detection=det,
        delay=delay, stick_flow=stick_flow, stick_once=stick_once, stick_lag=stick_lag,
        cap_initial=cap_initial, cap_delta=cap_delta,
    )
