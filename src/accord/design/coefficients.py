"""The linear coefficients of every margin, cheat margin, surplus and objective (DESIGN.md §2).

With the phase grid fixed, a step's present value depends only on the phase that
holds it (its execution time ``x = S_k``) and, on a breakdown path, on the
breakdown time ``t0`` (its actor's reversal decision).  A stick's value depends
only on ``t0``.  So every number the program needs is one of

* ``value[j, k, i]``: PV at 0 to party ``i`` of step ``j`` executed at ``S_k`` on the
  compliance path;
* ``broken[j, k, t, i]``: PV at 0 to ``i`` of step ``j`` executed at ``S_k`` on a
  breakdown at time ``times[t]`` (reversed by its actor iff that pays);
* ``stick[kk, t, i]``: PV at 0 to ``i`` of stick ``kk`` imposed at ``times[t]``, and
  ``stick_live[kk, t]``: whether it is imposed there once armed (committed or credible);
* ``capyears[j, k, kt, c]``: step ``j``'s contribution at ``S_k`` to capability ``c``'s
  capability-years when the road map completes at ``T_kt``.

None of these formulas is written here: they are the engine's own array functions
(:func:`accord.engine.paths.step_values`, :func:`~accord.engine.paths.executed_values`,
:func:`~accord.engine.paths.stick_effects`, :func:`accord.engine.capability.trajectories`)
evaluated on a synthetic layout in which every step of the scenario is one move, with
the execution times replaced.  Each value is linear in the item's multiplier ``λ``
(for ``λ >= 0`` no reversal decision and no stick credibility changes), so the
coefficients are taken at ``λ = 1``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from accord.engine import capability, paths
from accord.engine.layout import Layout
from accord.engine.params import FloatArray, Params, ValueFn, at_means, build
from accord.model import Move, Phase, Scenario


@dataclass(frozen=True)
class Grid:
    """The phase grid (DESIGN.md §2): names, starts ``S_k`` and ends ``S_k + d_k``."""

    phases: tuple[str, ...]
    start: FloatArray  # (K,)
    end: FloatArray  # (K,)

    @classmethod
    def of(cls, s: Scenario, value: ValueFn = at_means) -> Grid:
        """Phase ``k`` starts at its ``start``, else where the previous one ends (0 first)."""
        starts, ends = [], []
        end = 0.0
        for j, ph in enumerate(s.roadmap):
            st = end if ph.start is None else float(value(("roadmap", j, "start"), ph.start)[0])
            end = st + float(value(("roadmap", j, "duration"), ph.duration)[0])
            starts.append(st)
            ends.append(end)
        return cls(tuple(ph.phase for ph in s.roadmap), np.array(starts), np.array(ends))


@dataclass(frozen=True)
class Coefficients:
    """The numbers of one draw (or the means) the program is built from."""

    grid: Grid
    layout: Layout  # every step of the scenario, one move each, in file order
    params: Params  # at that layout (D = 1)
    times: FloatArray  # (Tn,) breakdown times: starts, ends, then start + delay per step
    value: FloatArray  # (N, K, P)
    broken: FloatArray  # (N, K, Tn, P)
    stick: FloatArray  # (Kk, Tn, P)
    stick_live: np.ndarray  # (Kk, Tn) bool
    capyears: FloatArray  # (N, K, K, C)
    cap_initial: FloatArray  # (C,)
    detection: FloatArray  # (N,)
    delay: FloatArray  # (N,)

    def t_start(self, k: int) -> int:
        """Index in ``times`` of phase ``k``'s start."""
        return k

    def t_end(self, k: int) -> int:
        """Index in ``times`` of phase ``k``'s end (a completion time)."""
        return len(self.grid.phases) + k

    def t_detect(self, j: int, k: int) -> int:
        """Index in ``times`` of ``S_k + delay_j`` (detection of a cheat on ``j`` in phase k)."""
        n_k = len(self.grid.phases)
        return 2 * n_k + j * n_k + k


def synthetic(s: Scenario) -> Scenario:
    """``s`` with every step as its own move of one phase: a layout holding them all."""
    moves = tuple(Move((st.id,)) for st in s.steps)
    return s.model_copy(update={"roadmap": (Phase(phase="all", duration=s.roadmap[0].duration,
                                                  moves=moves),), "design": None})


def _at(p: Params, x: float) -> Params:
    """``p`` with every step executed at ``x``."""
    return dataclasses.replace(p, x=np.full_like(p.x, x))


def coefficients(s: Scenario, value: ValueFn = at_means) -> Coefficients:
    """Every coefficient of the program for one draw (``value`` gives each number)."""
    grid = Grid.of(s, value)
    syn = synthetic(s)
    lay = Layout.of(syn)
    p = build(syn, lay, value)
    n, n_p, n_k = lay.n_steps, lay.n_parties, len(grid.phases)
    delay = p.delay[0]
    times = np.concatenate([grid.start, grid.end,
                            (grid.start[None, :] + delay[:, None]).reshape(-1)])
    tn = len(times)
    value_arr = np.zeros((n, n_k, n_p))
    broken = np.zeros((n, n_k, tn, n_p))
    # breakdown q = (step j, time t): only j executed, at time times[t]
    executed = np.repeat(np.eye(n, dtype=bool), tn, axis=0)  # (N*Tn, N)
    t0 = np.tile(times, n)[None, :]  # (1, N*Tn)
    for k in range(n_k):
        pk = _at(p, float(grid.start[k]))
        value_arr[:, k, :] = paths.step_values(pk, lay)[0]
        if n:
            broken[:, k] = paths.executed_values(pk, lay, t0, executed)[0].reshape(n, tn, n_p)
    fx = paths.stick_effects(p, lay, times[None, :], np.ones((tn, n), dtype=bool))
    stick = np.moveaxis(fx.values[0], 0, 1)  # (Kk, Tn, P)
    live = np.moveaxis(fx.credible[0], 0, 1) | lay.stick_commitment[:, None]
    n_c = len(lay.capabilities)
    capyears = np.zeros((n, n_k, n_k, n_c))
    if n and n_c:
        # one draw per step, its change alone, so the engine's total is its contribution
        eye = np.eye(n)
        for k in range(n_k):
            for kt in range(n_k):
                pk = dataclasses.replace(
                    _at(p, float(grid.start[k])),
                    x=np.full((n, n), float(grid.start[k])), lag=np.repeat(p.lag, n, axis=0),
                    completion=np.full(n, float(grid.end[kt])),
                    cap_initial=np.zeros((n, n_c)), cap_delta=eye[:, :, None] * p.cap_delta,
                    rev_feasible=np.repeat(p.rev_feasible, n, axis=0),
                    rev_lag=np.repeat(p.rev_lag, n, axis=0))
                capyears[:, k, kt, :] = capability.trajectories(pk, lay).capability_years
    return Coefficients(grid=grid, layout=lay, params=p, times=times, value=value_arr,
                        broken=broken, stick=stick, stick_live=np.asarray(live, dtype=bool),
                        capyears=capyears, cap_initial=p.cap_initial[0],
                        detection=p.detection[0], delay=delay)
