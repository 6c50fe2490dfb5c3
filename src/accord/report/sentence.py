"""The verdict in plain sentences: the root cause, then the equilibrium play when it differs.

The root cause is the failing test that starts the unravelling (see
:attr:`accord.analysis.Analysis.root_cause`); the equilibrium play is what
happens when every party anticipates it (MODEL.md §4).  Both name steps by
their labels and times as calendar years where the file gives ``years:``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.report.labels import point_name, step_name, when

if TYPE_CHECKING:
    from accord.analysis import Analysis


def _fmt(x: float) -> str:
    return f"{x:,.2f}"


def verdict(a: Analysis) -> str:
    """One word for the whole: viable, or what it is not."""
    if a.viable:
        return "viable"
    return "not viable" if a.self_enforcing else "not self-enforcing"


def _where(a: Analysis, q: int, named: bool = True) -> str:
    """``point 3 (Phase: step labels, year 2020)``; without the move's steps if ``named`` is
    False (the sentence names the step already)."""
    at = when(a.scenario, a.times[q])
    if not named:
        return f"point {q} ({at})"
    return f"point {q} ({point_name(a.scenario, a.layout, q)}, {at})"


def _test(a: Analysis, t: dict[str, Any]) -> str:
    """What a test says, e.g. ``"DPRK gains by walking away at point 3 (...): ..."``."""
    s = a.scenario
    party = t["party"]
    if t["kind"] == "participation":
        return (f"{party} would not sign: its surplus over no agreement is "
                f"{_fmt(t['margin'])} (PV at 0)")
    where = _where(a, t["point"])
    if t["kind"] == "margin":
        return (f"{party} gains by walking away at {where}: defecting is worth "
                f"{_fmt(-t['margin'])} more to it than going on (value at that time)")
    cheat = next(c for c in a.cheats if c["step"] == t["step"])
    head = (f"{party} gains by cheating on {step_name(s, t['step'])} at "
            f"{_where(a, t['point'], named=False)}, by "
            f"{_fmt(-t['margin'])}")
    req, has = cheat["required_detection"], cheat["detection"]
    if req is None or req > 1:
        return (f"{head}: no detection probability deters it (even when caught, cheating "
                f"beats complying; the plan has {_fmt(has)}); it needs a bigger stick or "
                f"reward worth {_fmt(-t['margin'])} to {party} at that time")
    return f"{head}: deterring it needs detection >= {_fmt(req)}; the plan has {_fmt(has)}"


def _play(a: Analysis) -> str:
    """The equilibrium outcome as a clause, after the root cause it anticipates."""
    o = a.outcome
    if o["kind"] == "breaks":
        return f"{o['party']} already walks away at {_where(a, o['point'])}"
    return (f"{o['party']} already cheats on {step_name(a.scenario, o['step'])} at "
            f"{_where(a, o['point'], named=False)}")


def outcome_sentence(a: Analysis) -> str:
    """The verdict's sentences: the root cause, then the equilibrium play if it differs.

    E.g. "Root cause: DPRK gains by cheating on shipout at point 4 (...), by 17.34: no
    detection probability deters it ... Anticipating that, DPRK already walks away at
    point 0 (...)."
    """
    cause = a.root_cause
    if cause is None:
        b = a.bottleneck
        tight = ""
        if b is not None:
            if b["kind"] == "participation":
                where = "surplus"
            elif b["kind"] == "cheat":
                where = (f"cheat margin on {step_name(a.scenario, b['step'])} at "
                         f"{_where(a, b['point'], named=False)}")
            else:
                where = f"margin at {_where(a, b['point'])}"
            tight = f"; the tightest test is {b['party']}'s {where}, {_fmt(b['margin'])}"
        return ("Every party signs and prefers to go on at every point, and no verified step "
                "pays to cheat on" + tight + ".")
    if cause["kind"] == "participation":
        others = [p for p, ok in a.participation.items() if not ok and p != cause["party"]]
        also = f" (nor would {', '.join(others)})" if others else ""
        return (f"Self-enforcing once signed, but {_test(a, cause)}{also}: the sticks hold "
                "the road map together only after it is signed.")
    text = f"Root cause: {_test(a, cause)}."
    o = a.outcome
    same = (o.get("point") == cause["point"] and o.get("party") == cause["party"]
            and o.get("step") == cause["step"])
    if not same:
        text += f" Anticipating that, {_play(a)}."
    refusing = [p for p, ok in a.participation.items() if not ok]
    if refusing:
        text += f" {', '.join(refusing)} would not sign as written (surplus < 0)."
    return text
