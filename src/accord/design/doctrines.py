"""The doctrines of ``accord compare --doctrines``: road maps built by hand-checkable rules.

Each doctrine rearranges the *pool* steps that the file's road map schedules (the
design block's ``pool``, default every step) on the file's phase grid; steps outside
the pool keep their written moves.  The rules (docs/bridge-and-compare.md says the
same, with an example):

1. **Who disarms.**  The *disarming party* is the party with the most pool steps
   that lower a capability (a capability change with a negative mean); on a tie, the
   party that the most sticks are ``against``; then the first in file order.  Its
   pool steps are *actions*; every other party's pool steps are *relief*.
2. **The sequence.**  Steps are taken one at a time, each time the first by priority
   among the steps whose ``requires:`` are all taken:

   - ``relief-first`` (Pyongyang's sequence in 2019): relief before actions;
   - ``relief-last`` (Washington's "big deal"): actions before relief;
   - ``action-for-action``: the categories alternate, an action first; after a step
     of one category the other is due (if none of the due category can be taken,
     the other one's first is taken);

   within a category, and on every tie, file order (the order of the written road
   map) decides.  So a relief step that ``requires:`` an action comes right after it
   under ``relief-first``.
3. **The grid.**  Phase ``k`` takes as many pool steps as the file's phase ``k``
   holds, in sequence order.  A step pinned to a later phase waits; when the room
   left in phase ``k`` equals the number of its pinned steps not yet taken, only those
   may be taken.  If no step may be taken, the phase closes short and the rest move
   on; the last phase takes whatever is left.
4. **Moves.**  In a phase, the moves of steps outside the pool come first, as
   written; then consecutive pool steps of one actor form one move, and a new move
   starts where the actor changes or where a step requires one of the current move.
5. **Written road map.**  Phases that hold a move, each with an explicit ``start``
   (its grid start) and its duration (DESIGN.md §2's written road map).

``as-written`` is the file itself; ``designed`` is the optimum of the design block
(:func:`accord.optimize`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from accord.errors import AccordError
from accord.model import Move, Quantity, Scenario
from accord.model.design import Design

#: The doctrines, in the order of ``compare --doctrines``.
DOCTRINES = ("as-written", "relief-first", "action-for-action", "relief-last", "designed")
#: The doctrines built by the rules above (no solver).
RULED = ("relief-first", "action-for-action", "relief-last")


def pool_of(s: Scenario) -> list[str]:
    """The pool steps the file schedules, in the written road map's order."""
    d = s.design or Design()
    pool = set(st.id for st in s.steps) if d.pool is None else set(d.pool)
    return [sid for sid in s.scheduled_steps if sid in pool]


def disarming_party(s: Scenario) -> str:
    """Rule 1: most capability-lowering pool steps, then most sticks against, then file order."""
    steps = pool_of(s)
    lowers = {p: 0 for p in s.party_ids}
    for sid in steps:
        st = s.step(sid)
        if any(q.mean < 0 for q in st.capability.values()):
            lowers[st.actor] += 1
    against = {p: sum(1 for k in s.sticks if k.against == p) for p in s.party_ids}
    order = {p: i for i, p in enumerate(s.party_ids)}
    return min(s.party_ids, key=lambda p: (-lowers[p], -against[p], order[p]))


def sequence(s: Scenario, doctrine: str) -> list[list[str]]:
    """Rules 2-3: the pool steps of each grid phase, in order."""
    if doctrine not in RULED:
        raise AccordError(f"unknown doctrine {doctrine!r} (one of {', '.join(RULED)})")
    steps = pool_of(s)
    pos = {sid: n for n, sid in enumerate(steps)}
    disarmer = disarming_party(s)
    action = {sid: s.step(sid).actor == disarmer for sid in steps}
    pins = {sid: ph for sid, ph in (s.design or Design()).pin.items() if sid in pos}
    phase_of = {ph.phase: k for k, ph in enumerate(s.roadmap)}
    pin_k = {sid: phase_of[name] for sid, name in pins.items()}
    quota = [sum(1 for m in ph.moves for x in m.steps if x in pos) for ph in s.roadmap]
    due = [True]  # action-for-action: is an action due?

    def key(sid: str) -> tuple[int, int]:
        if doctrine == "relief-first":
            return (1 if action[sid] else 0, pos[sid])
        if doctrine == "relief-last":
            return (0 if action[sid] else 1, pos[sid])
        return (0 if action[sid] == due[0] else 1, pos[sid])

    requires = {sid: [r for r in s.step(sid).requires if r in pos] for sid in steps}
    taken: set[str] = set()
    out: list[list[str]] = []
    last = len(s.roadmap) - 1
    for k in range(len(s.roadmap)):
        room = len(steps) - len(taken) if k == last else quota[k]
        phase: list[str] = []
        while room > 0:
            left = [x for x in steps if x not in taken]
            here = [x for x in left if pin_k.get(x) == k]
            ok = [x for x in left if all(r in taken for r in requires[x])
                  and pin_k.get(x, k) <= k]
            if room <= len(here):
                ok = [x for x in ok if x in here]
            if not ok:
                break
            pick = min(ok, key=key)
            phase.append(pick)
            taken.add(pick)
            due[0] = not action[pick]
            room -= 1
        missed = [x for x in steps if x not in taken and pin_k.get(x, last + 1) <= k]
        if missed:
            raise AccordError(f"{doctrine}: cannot honour the pin of {missed[0]!r} to phase "
                              f"{s.roadmap[pin_k[missed[0]]].phase!r} (its requires: come later)")
        out.append(phase)
    if len(taken) != len(steps):  # only a requires: cycle could leave steps; validation forbids it
        raise AccordError(f"{doctrine}: cannot place {sorted(set(steps) - taken)}")
    return out


def _moves(s: Scenario, steps: Sequence[str]) -> list[tuple[str, ...]]:
    """Rule 4 for the pool steps of one phase."""
    moves: list[list[str]] = []
    for sid in steps:
        st = s.step(sid)
        cur = moves[-1] if moves else None
        if cur is None or s.step(cur[0]).actor != st.actor or any(r in cur for r in st.requires):
            moves.append([sid])
        else:
            cur.append(sid)
    return [tuple(m) for m in moves]


def grid_starts(s: Scenario) -> list[float]:
    """Start of each phase of the file's grid (MODEL.md §3, at the means)."""
    starts: list[float] = []
    t = 0.0
    for ph in s.roadmap:
        t = float(ph.start.mean) if ph.start is not None else t
        starts.append(t)
        t += float(ph.duration.mean)
    return starts


def build(s: Scenario, doctrine: str, note: Callable[[str], str] | None = None) -> Scenario:
    """The scenario of ``doctrine`` (rules 1-5); ``as-written`` returns ``s`` unchanged."""
    if doctrine == "as-written":
        return s
    per_phase = sequence(s, doctrine)
    pool = set(pool_of(s))
    starts = grid_starts(s)
    phases = []
    for k, ph in enumerate(s.roadmap):
        fixed = [tuple(x for x in m.steps if x not in pool) for m in ph.moves]
        moves = [*(Move(m) for m in fixed if m), *(Move(m) for m in _moves(s, per_phase[k]))]
        if not moves:
            continue
        start = ph.start if ph.start is not None else Quantity.of(starts[k])
        phases.append(ph.model_copy(update={"start": start, "moves": tuple(moves)}))
    text = (note or _note)(doctrine)
    desc = f"{s.description.rstrip()}\n\n{text}" if s.description else text
    return s.model_copy(update={"roadmap": tuple(phases), "design": None, "description": desc})


def _note(doctrine: str) -> str:
    return (f"Road map rebuilt by accord compare --doctrines: {doctrine} "
            "(docs/bridge-and-compare.md).")
