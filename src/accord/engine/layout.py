"""The fixed structure of a scenario as index arrays: who acts, what is in which move.

Everything here is the same in every Monte Carlo draw; the numbers that may
vary live in :mod:`accord.engine.params`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.model import Scenario

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Layout:
    """Index structure of a scenario.

    Steps are the *scheduled* steps only, in execution order (unused steps
    never run).  There are ``n_moves + 1`` decision points: one before each
    move and one at completion.
    """

    parties: tuple[str, ...]
    steps: tuple[str, ...]
    step_actor: IntArray  # (N,) party index of each step's actor
    step_move: IntArray  # (N,) move index of each step
    step_phase: IntArray  # (N,) phase index of each step
    reversible: BoolArray  # (N,)
    verified: BoolArray  # (N,)
    move_actor: IntArray  # (M,)
    move_phase: IntArray  # (M,)
    move_steps: tuple[tuple[int, ...], ...]  # step indices of each move
    phases: tuple[str, ...]
    sticks: tuple[str, ...]
    stick_actor: IntArray  # (K,)
    stick_against: IntArray  # (K,)
    stick_commitment: BoolArray  # (K,)
    stick_after: BoolArray  # (K, N) the scheduled steps a stick waits for (``after:``)
    stick_never: BoolArray  # (K,) waits for a step that is not in the road map: never imposed
    capabilities: tuple[str, ...]
    finite_horizon: bool

    @property
    def n_parties(self) -> int:
        return len(self.parties)

    @property
    def n_steps(self) -> int:
        return len(self.steps)

    @property
    def n_moves(self) -> int:
        return len(self.move_actor)

    @property
    def n_points(self) -> int:
        return self.n_moves + 1

    def armed(self, executed: BoolArray) -> BoolArray:
        """``(..., K)``: sticks that exist once the ``(..., N)`` steps ``executed`` ran.

        A stick exists iff every step of its ``after:`` is executed (MODEL.md §4);
        one that waits for an unscheduled step never does.
        """
        waiting = np.asarray(~np.asarray(executed, dtype=bool), dtype=np.int64)
        missing = waiting @ self.stick_after.T.astype(np.int64)
        return np.asarray((missing == 0) & ~self.stick_never, dtype=bool)

    @property
    def cheat_steps(self) -> tuple[int, ...]:
        """Indices of verified (cheatable) steps, in roadmap order."""
        return tuple(int(i) for i in np.flatnonzero(self.verified))

    def point_label(self, p: int) -> str:
        """``"Phase: step, step"`` for a move's point; ``"completion"`` for the last."""
        if p == self.n_moves:
            return "completion"
        names = ", ".join(self.steps[i] for i in self.move_steps[p])
        return f"{self.phases[self.move_phase[p]]}: {names}"

    @classmethod
    def of(cls, s: Scenario) -> Layout:
        """Build the layout of a (checked) scenario."""
        parties = s.party_ids
        pidx = {p: i for i, p in enumerate(parties)}
        steps: list[str] = []
        step_move: list[int] = []
        step_phase: list[int] = []
        move_actor: list[int] = []
        move_phase: list[int] = []
        move_steps: list[tuple[int, ...]] = []
        for m, (k, ids) in enumerate(s.moves):
            idx = []
            for sid in ids:
                idx.append(len(steps))
                steps.append(sid)
                step_move.append(m)
                step_phase.append(k)
            move_steps.append(tuple(idx))
            move_phase.append(k)
            move_actor.append(pidx[s.step(ids[0]).actor] if ids else -1)
        defs = [s.step(sid) for sid in steps]
        position = {sid: n for n, sid in enumerate(steps)}
        after = np.zeros((len(s.sticks), len(steps)), dtype=bool)
        for k, stick in enumerate(s.sticks):
            after[k, [position[a] for a in stick.after if a in position]] = True
        return cls(
            parties=parties,
            steps=tuple(steps),
            step_actor=np.array([pidx[d.actor] for d in defs], dtype=np.int64),
            step_move=np.array(step_move, dtype=np.int64),
            step_phase=np.array(step_phase, dtype=np.int64),
            reversible=np.array([d.reversal is not None for d in defs], dtype=bool),
            verified=np.array([d.verification is not None for d in defs], dtype=bool),
            move_actor=np.array(move_actor, dtype=np.int64),
            move_phase=np.array(move_phase, dtype=np.int64),
            move_steps=tuple(move_steps),
            phases=tuple(ph.phase for ph in s.roadmap),
            sticks=tuple(k.id for k in s.sticks),
            stick_actor=np.array([pidx[k.actor] for k in s.sticks], dtype=np.int64),
            stick_against=np.array([pidx[k.against] for k in s.sticks], dtype=np.int64),
            stick_commitment=np.array([k.commitment for k in s.sticks], dtype=bool),
            stick_after=after,
            stick_never=np.array([any(a not in position for a in k.after) for k in s.sticks],
                                 dtype=bool),
            capabilities=tuple(c.id for c in s.capabilities),
            finite_horizon=s.horizon is not None,
        )
