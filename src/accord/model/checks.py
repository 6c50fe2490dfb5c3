"""Cross-field checks of a scenario: every problem at once, each with its field path.

Pydantic checks the shape of each record; this module checks what only the
whole scenario can tell (MODEL.md §2): references to parties, steps,
capabilities and sources, the roadmap's moves, probabilities, signs
(:mod:`accord.model.ranges`), and ``requires:`` order.  It never raises: it
returns the list of problems, so a loader can report them all with their file
positions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence

from accord.errors import ScenarioError
from accord.model import ranges as range_checks
from accord.model.design_checks import problems as design_problems
from accord.model.names import entries, name_of
from accord.model.problem import Path, Problem, diagnose
from accord.model.quantity import Quantity
from accord.model.scenario import Scenario
from accord.model.step import Step
from accord.model.suggest import closest, suggest, unknown

__all__ = ["Path", "Problem", "check", "closest", "ensure_valid", "quantities", "suggest"]


def _quantities(s: Scenario) -> Iterator[tuple[Path, Quantity]]:
    """Every number in the scenario with its path."""
    if s.horizon is not None:
        yield ("horizon",), s.horizon
    for i, p in enumerate(s.parties):
        yield ("parties", i, "discount_rate"), p.discount_rate
    for i, c in enumerate(s.capabilities):
        yield ("capabilities", i, "initial"), c.initial
    for i, st in enumerate(s.steps):
        base: Path = ("steps", i)
        yield (*base, "lag"), st.lag
        for key in ("flow", "once", "capability"):
            for k, q in getattr(st, key).items():
                yield (*base, key, k), q
        if st.reversal is not None:
            for key in ("lag", "cost", "feasible"):
                yield (*base, "reversal", key), getattr(st.reversal, key)
        if st.verification is not None:
            if st.verification.detection is not None:
                yield (*base, "verification", "detection"), st.verification.detection
            yield (*base, "verification", "delay"), st.verification.delay
    for i, ph in enumerate(s.roadmap):
        if ph.start is not None:
            yield ("roadmap", i, "start"), ph.start
        yield ("roadmap", i, "duration"), ph.duration
    for i, sk in enumerate(s.sticks):
        yield ("sticks", i, "lag"), sk.lag
        for key in ("flow", "once"):
            for k, q in getattr(sk, key).items():
                yield ("sticks", i, key, k), q


def quantities(s: Scenario) -> list[tuple[Path, Quantity]]:
    """Every number in the scenario with its field path."""
    return list(_quantities(s))


class _Checker:
    def __init__(self, s: Scenario) -> None:
        self.s = s
        self.problems: list[Problem] = []
        self.parties = [p.id for p in s.parties]
        self.steps = [st.id for st in s.steps]
        self.caps = [c.id for c in s.capabilities]

    def err(self, path: Path, message: str, value: object = None, code: str = "") -> None:
        self.problems.append(Problem(path, message, value, code=code))

    def warn(self, path: Path, message: str, value: object = None, code: str = "") -> None:
        self.problems.append(Problem(path, message, value, "warning", code=code))

    def ref(self, path: Path, name: str, known: list[str], what: str) -> bool:
        if name in known:
            return True
        self.problems.append(Problem(path, unknown(what, name, known), name,
                                     code=f"unknown-{what}"))
        return False

    # -- checks ------------------------------------------------------------
    def unique_ids(self) -> None:
        for section, ids in (("parties", self.parties), ("steps", self.steps),
                             ("sticks", [k.id for k in self.s.sticks]),
                             ("capabilities", self.caps)):
            seen: dict[str, int] = {}
            for i, name in enumerate(ids):
                if name in seen:
                    self.err((section, i, "id"),
                             f"duplicate id {name!r} (first used at {section}[{seen[name]}])", name)
                else:
                    seen[name] = i
        if not self.s.parties:
            self.err(("parties",), "a scenario needs at least one party", [])

    def party_refs(self) -> None:
        for i, st in enumerate(self.s.steps):
            self.ref(("steps", i, "actor"), st.actor, self.parties, "party")
            for key in ("flow", "once"):
                for name in getattr(st, key):
                    self.ref(("steps", i, key, name), name, self.parties, "party")
            for name in st.capability:
                self.ref(("steps", i, "capability", name), name, self.caps, "capability")
        for i, sk in enumerate(self.s.sticks):
            ok_a = self.ref(("sticks", i, "actor"), sk.actor, self.parties, "party")
            ok_b = self.ref(("sticks", i, "against"), sk.against, self.parties, "party")
            if ok_a and ok_b and sk.actor == sk.against:
                self.err(("sticks", i, "against"),
                         f"a stick's actor cannot impose it on itself ({sk.actor!r})", sk.against)
            for key in ("flow", "once"):
                for name in getattr(sk, key):
                    self.ref(("sticks", i, key, name), name, self.parties, "party")

    def source_refs(self) -> None:
        known = list(self.s.sources)
        entities: list[tuple[Path, tuple[str, ...]]] = []
        for section in ("parties", "capabilities", "steps", "roadmap", "sticks"):
            for i, e in enumerate(getattr(self.s, section)):
                entities.append(((section, i, "sources"), e.sources))
        if self.s.observed is not None:
            entities.append((("observed", "sources"), self.s.observed.sources))
        for path, q in _quantities(self.s):
            entities.append(((*path, "sources"), q.sources))
        for path, keys in entities:
            for j, key in enumerate(keys):
                self.ref((*path, j), key, known, "source")

    def roadmap(self) -> None:
        placed: dict[str, tuple[int, Path]] = {}
        by_id = {st.id: st for st in self.s.steps}
        move_no = 0
        for k, ph in enumerate(self.s.roadmap):
            for m, move in enumerate(ph.moves):
                path: Path = ("roadmap", k, "moves", m)
                if not move.steps:
                    self.err(path, "a move needs at least one step", [], code="empty-move")
                actors: dict[str, str] = {}
                for j, sid in enumerate(move.steps):
                    if not self.ref((*path, j), sid, self.steps, "step"):
                        continue
                    if sid in placed:
                        self.err((*path, j), f"step {sid!r} is already in an earlier move "
                                 f"({_dotted(placed[sid][1])}); a step runs at most once", sid,
                                 code="step-twice")
                        continue
                    placed[sid] = (move_no, (*path, j))
                    if by_id[sid].actor in self.parties:  # an unknown actor is its own error
                        actors.setdefault(by_id[sid].actor, sid)
                if len(actors) > 1:
                    desc = ", ".join(f"{a} ({s})" for a, s in actors.items())
                    self.err(path, f"a move has one actor; this one mixes {desc}; "
                             f"{split_move(move.steps, by_id)}", list(move.steps),
                             code="move-actors")
                move_no += 1
        for i, st in enumerate(self.s.steps):
            used = st.id in placed
            if not used:
                self.warn(("steps", i, "id"), f"step {st.id!r} is not in the roadmap (unused)",
                          st.id, code="unused-step")
            for j, req in enumerate(st.requires):
                path = ("steps", i, "requires", j)
                if not self.ref(path, req, self.steps, "step"):
                    continue
                if req == st.id:
                    self.err(path, f"step {st.id!r} cannot require itself", req,
                             code="requires-cycle")
                elif not used:
                    continue  # an unused step's order does not matter
                elif req not in placed:
                    self.err(path, f"{st.id!r} requires {req!r}, which is not in the roadmap", req,
                             code="requires-order")
                elif placed[req][0] >= placed[st.id][0]:
                    same = placed[req][0] == placed[st.id][0]
                    where = "the same move" if same else "a later move"
                    self.err(path, f"{st.id!r} requires {req!r}, which must be executed in an "
                             f"earlier move (it is in {where}, {_dotted(placed[req][1])})", req,
                             code="requires-order")
        self.after_refs(placed)
        self.cycles()
        if not self.s.roadmap:
            self.err(("roadmap",), "the roadmap needs at least one phase", [])

    def after_refs(self, placed: dict[str, tuple[int, Path]]) -> None:
        """A stick's ``after:`` names steps; one outside the road map means it never applies."""
        for i, sk in enumerate(self.s.sticks):
            for j, sid in enumerate(sk.after):
                path: Path = ("sticks", i, "after", j)
                if self.ref(path, sid, self.steps, "step") and sid not in placed:
                    self.warn(path, f"stick {sk.id!r} waits for step {sid!r}, which is not in the "
                              "roadmap: the stick is never imposed", sid, code="after-unscheduled")

    def cycles(self) -> None:
        """Report each ``requires:`` cycle once, at the requirement that closes it."""
        index = {st.id: i for i, st in enumerate(self.s.steps)}
        graph = {st.id: [(j, r) for j, r in enumerate(st.requires) if r in index and r != st.id]
                 for st in self.s.steps}
        state: dict[str, int] = {}  # 1: on the current trail, 2: done
        reported: set[frozenset[str]] = set()
        for root in graph:
            if root in state:
                continue
            trail: list[str] = [root]
            todo: list[list[tuple[int, str]]] = [list(reversed(graph[root]))]
            state[root] = 1
            while trail:
                if not todo[-1]:
                    state[trail.pop()] = 2
                    todo.pop()
                    continue
                j, nxt = todo[-1].pop()
                node = trail[-1]
                if state.get(nxt) == 1:
                    cyc = [*trail[trail.index(nxt):], nxt]
                    key = frozenset(cyc)
                    if key not in reported:
                        reported.add(key)
                        self.err(("steps", index[node], "requires", j),
                                 "cycle in requires: " + " -> ".join(repr(c) for c in cyc), cyc,
                                 code="requires-cycle")
                elif nxt not in state:
                    state[nxt] = 1
                    trail.append(nxt)
                    todo.append(list(reversed(graph[nxt])))

    def ranges(self) -> None:
        self.problems += range_checks.problems(self.s, _quantities(self.s))

    def sampling(self) -> None:
        for i, st in enumerate(self.s.steps):
            v = st.verification
            if v is None:
                continue
            path: Path = ("steps", i, "verification")
            if (v.detection is None) == (v.sampling is None):
                self.err(path, "verification needs exactly one of detection or sampling",
                         None)
            smp = v.sampling
            if smp is None:
                continue
            sp = (*path, "sampling")
            if smp.population < 1:
                self.err((*sp, "population"), f"population must be >= 1 (got {smp.population})",
                         smp.population)
            elif not 0 <= smp.sample <= smp.population:
                self.err((*sp, "sample"), f"sample must lie in [0, population = "
                         f"{smp.population}] (got {smp.sample})", smp.sample)
            elif not 1 <= smp.falsified <= smp.population:
                self.err((*sp, "falsified"), f"falsified must lie in [1, population = "
                         f"{smp.population}] (got {smp.falsified})", smp.falsified)

    def observed(self) -> None:
        o = self.s.observed
        if o is None:
            return
        for j, sid in enumerate(o.carried_out):
            self.ref(("observed", "carried_out", j), sid, self.steps, "step")
        if o.breaking_step is not None:
            self.ref(("observed", "breaking_step"), o.breaking_step, self.steps, "step")
        if o.first_defector is not None:
            self.ref(("observed", "first_defector"), o.first_defector, self.parties, "party")


def _dotted(path: Path) -> str:
    return Problem(path, "").field


def check(scenario: Scenario) -> list[Problem]:
    """All problems of a structurally valid scenario (errors and warnings), in file order."""
    c = _Checker(scenario)
    c.unique_ids()
    c.party_refs()
    c.source_refs()
    c.roadmap()
    c.ranges()
    c.sampling()
    c.observed()
    c.problems += design_problems(scenario)
    return c.problems


def ensure_valid(scenario: Scenario, *, sampling: bool = False) -> None:
    """Raise :class:`~accord.errors.ScenarioError` if the cross-field checks find an error.

    With ``sampling=True`` (Monte Carlo) a distribution whose draws can leave its
    field's range (a normal lag, say: code ``sampled-range``) is an error too.
    """
    problems = [dataclasses.replace(p, severity="error")
                if sampling and p.code == range_checks.SAMPLED_RANGE else p
                for p in check(scenario)]
    if any(p.severity == "error" for p in problems):
        ids = entries(scenario)
        raise ScenarioError(diagnose(problems, scenario.title, lambda f: name_of(f, ids)))


def split_move(steps: Sequence[str], by_id: Mapping[str, Step]) -> str:
    """The fix for a move that mixes actors: one move per actor, in order of first step.

    >>> from types import SimpleNamespace as NS
    >>> split_move(["a", "r", "b"], {"a": NS(actor="A"), "r": NS(actor="B"), "b": NS(actor="A")})
    'split it into one move per actor: [a, b], [r] (in this order, at the same time)'
    """
    groups: dict[str, list[str]] = {}
    for sid in steps:
        if sid in by_id:
            groups.setdefault(by_id[sid].actor, []).append(sid)
    moves = ", ".join("[" + ", ".join(g) + "]" for g in groups.values())
    return f"split it into one move per actor: {moves} (in this order, at the same time)"
