"""The search space of DESIGN.md §2: the slots of the phase grid and what may go in each.

Each phase is a sequence of *slots*, one per possible move, in execution order.  The
moves of steps outside the pool are *fixed* slots (their steps, in their phase and
order); before, between and after them lie *gaps* of pool slots, each gap with as
many slots as pool steps may go in that phase (a move holds at least one step, so no
gap can need more).  A used pool slot is one move; an unused one is no move at all,
so used slots come first in their gap (this removes symmetric copies, nothing else).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.model import Scenario
from accord.model.design import Design


@dataclass(frozen=True)
class Slot:
    """One possible move: its phase, its gap (``-1`` for a fixed move) and its steps."""

    phase: int
    gap: int
    allowed: tuple[int, ...]  # step indices (file order) that may go here
    fixed: bool = False  # a written move of steps outside the pool: exactly ``allowed``


@dataclass(frozen=True)
class Space:
    """Slots in execution order, with the placement rules of every step."""

    steps: tuple[str, ...]  # every step of the scenario, file order (index j)
    actor: tuple[int, ...]  # party index of each step
    slots: tuple[Slot, ...]
    first: tuple[int, ...]  # first slot of each phase, then len(slots)
    pool: frozenset[int]
    optional: frozenset[int]  # pool steps that may be left out (pinned ones excluded)
    fixed: frozenset[int]  # steps of fixed moves
    requires: tuple[tuple[int, ...], ...]
    scale: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def candidates(self) -> frozenset[int]:
        return self.pool | self.fixed

    def phase_slots(self, k: int) -> range:
        return range(self.first[k], self.first[k + 1])


def space(s: Scenario, design: Design | None = None, *, keep_order: bool = False) -> Space:
    """The slots of ``s``'s grid under ``design`` (``keep_order``: the file's moves only)."""
    d = design if design is not None else (s.design or Design())
    ids = [st.id for st in s.steps]
    index = {sid: j for j, sid in enumerate(ids)}
    parties = {p: i for i, p in enumerate(s.party_ids)}
    phases = {ph.phase: k for k, ph in enumerate(s.roadmap)}
    pool = set() if keep_order else {index[x] for x in (ids if d.pool is None else d.pool)}
    pins = {} if keep_order else {index[a]: phases[b] for a, b in d.pin.items()}
    optional = set() if keep_order else {index[x] for x in d.optional} - set(pins)
    slots: list[Slot] = []
    first: list[int] = []
    fixed: set[int] = set()
    for k, ph in enumerate(s.roadmap):
        first.append(len(slots))
        allowed = tuple(j for j in sorted(pool) if pins.get(j, k) == k)
        written = [tuple(index[x] for x in m.steps if index[x] not in pool) for m in ph.moves]
        written = [m for m in written if m]
        for g in range(len(written) + 1):
            slots += [Slot(k, g, allowed) for _ in allowed]
            if g < len(written):
                slots.append(Slot(k, -1, written[g], fixed=True))
                fixed.update(written[g])
    first.append(len(slots))
    return Space(
        steps=tuple(ids), actor=tuple(parties[st.actor] for st in s.steps), slots=tuple(slots),
        first=tuple(first), pool=frozenset(pool), optional=frozenset(optional),
        fixed=frozenset(fixed),
        requires=tuple(tuple(index[r] for r in st.requires) for st in s.steps),
        scale=dict(d.scale))
