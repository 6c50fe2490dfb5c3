"""The written road map of a candidate (DESIGN.md §2): a complete scenario, and its YAML.

The phases that hold a move, in grid order, each with an explicit ``start`` (its grid
start: the input's own ``start`` where it had one, else the grid time at the means)
and the input's duration; every scaled number is ``λ`` times the input's (plain
values multiplied; ``uniform``, ``triangular`` and ``normal`` parameters multiplied,
a ``lognormal``'s ``mu`` shifted by ``ln λ``); everything else is the input's, its
sources and assumptions included.  Left-out optional steps stay in ``steps:``
(unused: a warning, not an error), so nothing that refers to them breaks.  The design
block is dropped (its pins may name phases the written map no longer lists) and the
description says the road map was designed.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from ruamel.yaml import YAML

from accord.design.coefficients import Coefficients, Grid
from accord.design.milp import Program
from accord.design.space import Space
from accord.errors import AccordError
from accord.model import Move, Phase, Quantity, Scenario
from accord.model.base import PartyValues
from accord.model.checks import Path


@dataclass(frozen=True)
class Candidate:
    """A placement read from a solution: the moves of every grid phase, and the ``λ``s."""

    moves: list[list[tuple[str, ...]]]
    scale: dict[str, float]


def read(prog: Program, sp: Space, x: np.ndarray) -> Candidate:
    """The placement and multipliers of solution ``x``."""
    moves: list[list[tuple[str, ...]]] = [[] for _ in range(len(sp.first) - 1)]
    for sg, slot in enumerate(sp.slots):
        if x[prog.u[sg]] < 0.5:
            continue
        steps = tuple(sp.steps[j] for j in slot.allowed if x[prog.y[j, sg]] > 0.5)
        if steps:
            moves[slot.phase].append(steps)
    lam = {k: float(x[v]) for k, v in prog.lam.items()}
    return Candidate(moves, lam)


def placed(s: Scenario, grid: Grid, moves: Sequence[Sequence[tuple[str, ...]]]) -> Scenario:
    """``s`` with the road map ``moves[k]`` (the moves of grid phase ``k``), numbers unscaled."""
    phases = []
    for k, ph in enumerate(s.roadmap):
        if not moves[k]:
            continue
        start = ph.start if ph.start is not None else Quantity.of(float(grid.start[k]))
        phases.append(ph.model_copy(update={"start": start,
                                            "moves": tuple(Move(m) for m in moves[k])}))
    return s.model_copy(update={"roadmap": tuple(phases)})


def scale_quantity(q: Quantity, lam: float) -> Quantity:
    """``λ`` times the number ``q`` (a distribution scaled so that every draw is)."""
    if lam == 1.0:
        return q
    p = q.params
    if q.kind in ("value", "uniform", "normal", "triangular"):
        new = tuple(lam * v for v in p)
        if q.kind == "normal":
            new = (lam * p[0], abs(lam) * p[1])
        return q.model_copy(update={"params": new})
    if q.kind == "lognormal" and lam > 0:
        return q.model_copy(update={"params": (p[0] + math.log(lam), p[1])})
    if q.kind == "lognormal":
        return Quantity(kind="value", params=(0.0,), sources=q.sources, assumption=q.assumption)
    raise AccordError(f"cannot scale a {q.kind} number by {lam} (its support is fixed)")


def _values(v: PartyValues, lam: float) -> dict[str, Quantity]:
    return {k: scale_quantity(q, lam) for k, q in v.items()}


def scaled_item(s: Scenario, path: Path) -> str | None:
    """The item whose ``λ`` multiplies the number at ``path`` in :func:`scaled` (a step's
    or stick's ``flow`` and ``once``, a step's ``reversal.cost``), else ``None``."""
    if len(path) > 2 and path[0] in ("steps", "sticks") and (
            path[2] in ("flow", "once") or path[2:4] == ("reversal", "cost")):
        items = s.steps if path[0] == "steps" else s.sticks
        return items[int(path[1])].id
    return None


def scaled(s: Scenario, lam: Mapping[str, float]) -> Scenario:
    """``s`` with every value of each item ``x`` multiplied by ``lam[x]`` (DESIGN.md §2)."""
    steps = []
    for st in s.steps:
        f = lam.get(st.id)
        if f is None:
            steps.append(st)
            continue
        upd: dict[str, object] = {"flow": _values(st.flow, f), "once": _values(st.once, f)}
        if st.reversal is not None:
            upd["reversal"] = st.reversal.model_copy(
                update={"cost": scale_quantity(st.reversal.cost, f)})
        steps.append(st.model_copy(update=upd))
    sticks = []
    for sk in s.sticks:
        f = lam.get(sk.id)
        sticks.append(sk if f is None else sk.model_copy(
            update={"flow": _values(sk.flow, f), "once": _values(sk.once, f)}))
    return s.model_copy(update={"steps": tuple(steps), "sticks": tuple(sticks)})


def designed(s: Scenario, note: str) -> Scenario:
    """The written scenario: no design block, a description that says how it was made."""
    desc = f"{s.description.rstrip()}\n\n{note}" if s.description else note
    return s.model_copy(update={"design": None, "description": desc})


def write(s: Scenario, cand: Candidate, co: Coefficients, note: str) -> tuple[Scenario, Scenario]:
    """``(unscaled placement, written scenario)``."""
    base = placed(s, co.grid, cand.moves)
    return base, designed(scaled(base, cand.scale), note)


def dumps(s: Scenario, header: str = "") -> str:
    """The scenario as YAML (format v1, long-form numbers where they carry provenance)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = None
    yaml.width = 100
    buf = io.StringIO()
    if header:
        buf.write("".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()))
    yaml.dump(s.to_data(), buf)
    return buf.getvalue()


__all__ = ["Candidate", "Phase", "designed", "dumps", "placed", "read", "scale_quantity",
           "scaled", "scaled_item", "write"]
