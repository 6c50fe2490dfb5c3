"""The whole analysis of one scenario over draws: every number MODEL.md §5 reports."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.engine import discount, paths, ties
from accord.engine.breakdown import Breakdowns, defections
from accord.engine.capability import Trajectories, trajectories
from accord.engine.cheats import Cheats, cheats
from accord.engine.equilibrium import Outcome, solve
from accord.engine.layout import Layout
from accord.engine.params import FloatArray, Params


@dataclass(frozen=True)
class Solution:
    """Arrays with a leading draws axis ``D``; a deterministic run has ``D = 1``."""

    layout: Layout
    params: Params
    step_values: FloatArray  # (D, N, P) each step's PV at 0 on the compliance path
    surplus: FloatArray  # (D, P) PV at 0 of the compliance path
    breakdowns: Breakdowns
    margins: FloatArray  # (D, Q, P) in value at each point's time
    margin_ok: NDArray[np.bool_]  # (D, Q, P) margin >= 0 under the tie rule
    cheats: Cheats
    self_enforcing: NDArray[np.bool_]  # (D,)
    takes_part: NDArray[np.bool_]  # (D, P) surplus >= 0 (tie rule against 0)
    viable: NDArray[np.bool_]  # (D,) self-enforcing and every party takes part
    outcome: Outcome
    capabilities: Trajectories

    @property
    def exposure(self) -> FloatArray:
        """``(D, Q, Pdef, P)``: PV at 0 to each party when ``Pdef`` defects at each point."""
        return self.breakdowns.values

    @property
    def non_credible(self) -> NDArray[np.bool_]:
        """``(D, K)``: sticks not credible at some breakdown against their target.

        A stick is credible at a breakdown when its PV to its own actor is
        ``>= 0`` (MODEL.md §4); a committed stick is imposed either way but is
        listed when it is not credible.  Every defection path of the target
        (each decision point) and every detected cheat by the target counts,
        where the stick exists (its ``after:`` steps executed).
        """
        lay = self.layout
        k = len(lay.sticks)
        d = self.surplus.shape[0]
        if k == 0:
            return np.zeros((d, 0), dtype=bool)
        fx = self.breakdowns.sticks
        bad = np.asarray((~fx.credible & fx.armed).any(axis=1), dtype=bool)
        ch = self.cheats
        if len(ch.steps):
            against = lay.stick_against[None, :] == ch.actors[:, None]  # (S,K)
            bad = bad | ((~ch.sticks.credible) & ch.sticks.armed & against[None]).any(axis=1)
        return bad


def analyze(lay: Layout, p: Params) -> Solution:
    """Run every computation of the engine on the parameter arrays."""
    parts = paths.step_values(p, lay)
    comply = paths.compliance(parts)
    brk = defections(p, lay)
    own = np.arange(lay.n_parties)
    alt = brk.values[:, :, own, own]  # (D,Q,P) own defection
    margins = (comply[:, None, :] - alt) * discount.at(p.r[:, None, :], brk.times[:, :, None])
    ok = ties.at_least(comply[:, None, :], alt)
    ch = cheats(p, lay, parts, comply)
    enforcing = np.asarray(ok.all(axis=(1, 2)) & ch.deterred.all(axis=1), dtype=bool)
    out = solve(lay, comply, brk, ch)
    takes_part = ties.at_least(comply, 0.0)
    viable = np.asarray(enforcing & takes_part.all(axis=1), dtype=bool)
    return Solution(layout=lay, params=p, step_values=parts, surplus=comply, breakdowns=brk,
                    margins=margins, margin_ok=ok, cheats=ch, self_enforcing=enforcing,
                    takes_part=takes_part, viable=viable, outcome=out,
                    capabilities=trajectories(p, lay))
