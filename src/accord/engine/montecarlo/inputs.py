"""What the Monte Carlo kernel reads: the sampled numbers and the scenario's index arrays.

* :class:`Inputs` is the draws-last twin of :class:`~accord.engine.params.Params`
  (the same numbers, draws on the *last* axis; a test checks it against
  :func:`accord.engine.params.build`);
* :class:`Builder` fills :class:`Inputs` from the sampled numbers of a scenario,
  found by field path, without calling ``build`` for every block;
* :class:`Structure` holds the integer index arrays of a
  :class:`~accord.engine.layout.Layout` (the same in every draw).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from accord.engine.breakdown import point_times
from accord.engine.layout import Layout
from accord.engine.params import FloatArray, Params
from accord.model import Quantity, Scenario
from accord.model.checks import Path

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


class Inputs(NamedTuple):
    """The numbers the Monte Carlo kernel reads, draws on the last axis (``B``).

    The same numbers as :class:`~accord.engine.params.Params` (time in time
    units, value in value units); steps are the scheduled steps in execution
    order, and ``t`` holds the decision point times (moves, then completion).
    """

    r: FloatArray  # (P, B) discount rate
    H: FloatArray  # (B,) horizon, inf when none
    t: FloatArray  # (Q, B) decision point times
    x: FloatArray  # (N, B) execution time
    lag: FloatArray  # (N, B)
    flow: FloatArray  # (N, P, B)
    once: FloatArray  # (N, P, B)
    rlag: FloatArray  # (N, B) reversal lag, 0 where irreversible
    cost: FloatArray  # (N, B)
    feas: FloatArray  # (N, B) reversal feasibility, 0 where irreversible
    det: FloatArray  # (N, B) detection, 0 where not verified
    delay: FloatArray  # (N, B)
    sflow: FloatArray  # (K, P, B)
    sonce: FloatArray  # (K, P, B)
    slag: FloatArray  # (K, B)

    @property
    def draws(self) -> int:
        return int(self.H.shape[0])

    @staticmethod
    def of(p: Params) -> Inputs:
        """The draws-last copy of engine parameters."""
        def last(a: FloatArray) -> FloatArray:
            return np.ascontiguousarray(np.moveaxis(a, 0, -1))

        return Inputs(r=last(p.r), H=np.ascontiguousarray(p.horizon, dtype=np.float64),
                   t=last(point_times(p)), x=last(p.x), lag=last(p.lag), flow=last(p.flow),
                   once=last(p.once), rlag=last(p.rev_lag), cost=last(p.rev_cost),
                   feas=last(p.rev_feasible), det=last(p.detection), delay=last(p.delay),
                   sflow=last(p.stick_flow), sonce=last(p.stick_once), slag=last(p.stick_lag))

    def arrays(self) -> list[FloatArray]:
        return list(self)


Values = Mapping[Path, "FloatArray | float"]

#: Inputs fields computed from the phases rather than copied from one number.
_TIME_FIELDS = ("t", "x")


class Builder:
    """Fills :class:`Inputs` from the numbers of a scenario, found by field path.

    The mapping is read off :func:`accord.engine.params.build` itself: it is
    called twice with a distinct tag for every number, and each input slot is
    found to hold one number's tag (copied from that number), or the same
    value in both calls (a constant, e.g. a default or a sampling-design
    detection), or neither.  Decision point times are recomputed from the
    phases as ``build`` does and checked against it.  When anything does not
    fit (``build`` transforms a number), :attr:`exact` is False and
    :meth:`fill` calls ``build`` for every block, which is slower but the same.
    """

    def __init__(self, s: Scenario, lay: Layout) -> None:
        from accord.engine.params import build
        from accord.model.checks import quantities

        self.scenario = s
        self.layout = lay
        self.has_horizon = s.horizon is not None
        self.phases: list[tuple[Path | None, Path]] = [
            (None if ph.start is None else ("roadmap", j, "start"), ("roadmap", j, "duration"))
            for j, ph in enumerate(s.roadmap)]
        paths = [p for p, _ in quantities(s)]
        probes: list[tuple[dict[Path, float], Inputs]] = []
        for salt in (0.3183098861837907, 0.7071067811865476):
            tag = {p: 7919.0 + 1024.0 * k + salt for k, p in enumerate(paths)}

            def value(path: Path, q: Quantity, tag: dict[Path, float] = tag) -> FloatArray:
                return np.array([tag[path]])

            probes.append((tag, Inputs.of(build(s, lay, value))))
        (tag1, x1), (tag2, x2) = probes
        back1 = {v: p for p, v in tag1.items()}
        rows: list[tuple[str, tuple[int, ...], Path]] = []
        consts: list[tuple[str, tuple[int, ...], float]] = []
        exact = True
        for fname in Inputs._fields:
            if fname in _TIME_FIELDS:
                continue
            a1, a2 = getattr(x1, fname), getattr(x2, fname)
            for idx in np.ndindex(a1.shape[:-1]):
                v1, v2 = float(a1[idx][0]), float(a2[idx][0])
                path = back1.get(v1)
                if path is not None and tag2[path] == v2:
                    rows.append((fname, idx, path))
                elif v1 == v2 or (np.isnan(v1) and np.isnan(v2)):
                    consts.append((fname, idx, v1))
                else:
                    exact = False
        for tag, xp in probes:
            mine = self._fill(tag, 1, rows, consts)
            exact = exact and all(np.array_equal(getattr(mine, k), getattr(xp, k))
                                  for k in _TIME_FIELDS)
        self.rows, self.consts, self.exact = rows, consts, exact
        self._buffers: dict[int, dict[str, FloatArray]] = {}

    @property
    def paths(self) -> list[Path]:
        """Every field path the kernel reads (capabilities and unused steps are not read)."""
        out = [row[2] for row in self.rows]
        for start, duration in self.phases:
            out += [duration] if start is None else [start, duration]
        return out

    def _fill(self, values: Values, n: int, rows: list[tuple[str, tuple[int, ...], Path]],
              consts: list[tuple[str, tuple[int, ...], float]],
              arr: dict[str, FloatArray] | None = None) -> Inputs:
        lay = self.layout
        npar, ns, k = lay.n_parties, lay.n_steps, len(lay.sticks)
        z = np.zeros
        if arr is None:
            arr = {"r": z((npar, n)), "H": z(n), "lag": z((ns, n)), "flow": z((ns, npar, n)),
                   "once": z((ns, npar, n)), "rlag": z((ns, n)), "cost": z((ns, n)),
                   "feas": z((ns, n)), "det": z((ns, n)), "delay": z((ns, n)),
                   "sflow": z((k, npar, n)), "sonce": z((k, npar, n)), "slag": z((k, n))}
            for name, idx, c in consts:
                arr[name][idx] = c
        for name, idx, path in rows:
            arr[name][idx] = values[path]
        t, x = self.times(values, n)
        return Inputs(t=t, x=x, **arr)

    def times(self, values: Values, n: int) -> tuple[FloatArray, FloatArray]:
        """Decision point times ``(Q, n)`` and execution times ``(N, n)`` from the phases."""
        lay = self.layout
        starts = np.zeros((len(self.phases), n))
        end = np.zeros(n)
        for j, (start, duration) in enumerate(self.phases):
            starts[j] = end if start is None else values[start]
            end = starts[j] + values[duration]
        t = np.concatenate([starts[lay.move_phase], end[None]], axis=0)
        return t, t[lay.step_move]

    def fill(self, values: Values, n: int, *, reuse: bool = False) -> Inputs:
        """Inputs for ``n`` draws; ``values[path]`` is an ``(n,)`` array or a constant.

        With ``reuse``, the arrays of the previous call with the same ``n`` are
        overwritten (the same slots are rewritten every time), which saves
        allocating them for each block.
        """
        if not self.exact:
            from accord.engine.params import build

            def value(path: Path, q: Quantity) -> FloatArray:
                return np.broadcast_to(np.asarray(values[path], dtype=np.float64), (n,))

            return Inputs.of(build(self.scenario, self.layout, value))
        arr = self._buffers.get(n) if reuse else None
        out = self._fill(values, n, self.rows, self.consts, arr)
        if reuse and arr is None:
            self._buffers = {n: {name: getattr(out, name) for name in Inputs._fields
                                 if name not in _TIME_FIELDS}}
        return out


class Structure(NamedTuple):
    """The integer index arrays the kernel loops over (the same in every draw)."""

    step_move: IntArray  # (N,) steps are in execution order, so step_move is sorted
    step_actor: IntArray  # (N,)
    reversible: BoolArray  # (N,)
    move_steps: IntArray  # (M + 1,) steps of move m: move_steps[m]:move_steps[m + 1]
    cheat_step: IntArray  # (S,) step index of each verified step, roadmap order
    cheat_move: IntArray  # (S,)
    cheat_actor: IntArray  # (S,)
    move_cheats: IntArray  # (M + 1,) cheats of move m: move_cheats[m]:move_cheats[m + 1]
    move_actor: IntArray  # (M,)
    stick_actor: IntArray  # (K,)
    stick_against: IntArray  # (K,)
    stick_commit: BoolArray  # (K,)
    stick_armed: BoolArray  # (Q, K) the stick exists at a breakdown at point q (after:)
    stick_wait: BoolArray  # (K, N) the scheduled steps of its after: list
    stick_never: BoolArray  # (K,) it waits for a step that is not in the road map

    @staticmethod
    def of(lay: Layout) -> Structure:
        cs = np.array(lay.cheat_steps, dtype=np.int64)
        cm = lay.step_move[cs].astype(np.int64)
        moves = np.arange(lay.n_moves + 1)
        return Structure(
            step_move=lay.step_move.astype(np.int64), step_actor=lay.step_actor.astype(np.int64),
            reversible=lay.reversible.astype(bool),
            move_steps=np.searchsorted(lay.step_move, moves, side="left").astype(np.int64),
            cheat_step=cs, cheat_move=cm, cheat_actor=lay.step_actor[cs].astype(np.int64),
            move_cheats=np.searchsorted(cm, moves, side="left").astype(np.int64),
            move_actor=lay.move_actor.astype(np.int64),
            stick_actor=lay.stick_actor.astype(np.int64),
            stick_against=lay.stick_against.astype(np.int64),
            stick_commit=lay.stick_commitment.astype(bool),
            stick_armed=lay.armed(lay.step_move[None, :] < np.arange(lay.n_points)[:, None]),
            stick_wait=np.ascontiguousarray(lay.stick_after, dtype=bool),
            stick_never=np.ascontiguousarray(lay.stick_never, dtype=bool))

    def arrays(self) -> list[NDArray[Any]]:
        return list(self)
