"""The equilibrium outcome in one plain sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.analysis import Analysis


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def outcome_sentence(a: Analysis) -> str:
    """E.g. "DPRK gains by cheating on shipout at point 4: deterring it needs detection >= 0.87;
    the plan has 0.60"."""
    o = a.outcome
    lay = a.layout
    if o["kind"] == "completes":
        b = a.bottleneck
        tight = (f"; the tightest margin is {_fmt(b['margin'])} for {b['party']} at point "
                 f"{b['point']} ({lay.point_label(b['point'])})") if b else ""
        return ("The road map is self-enforcing: every party prefers to go on at every point"
                + tight + ".")
    point, party = o["point"], o["party"]
    where = f"point {point} ({lay.point_label(point)})"
    if o["kind"] == "breaks":
        margin = a.margins[party][point]
        if margin < 0:
            return (f"{party} walks away at {where}: defecting there is worth "
                    f"{_fmt(-margin)} more to it than going on.")
        return (f"{party} walks away at {where}: going on would lead to a worse outcome for it "
                f"later in the road map (its margin against full compliance is "
                f"{_fmt(margin)}).")
    cheat = next(c for c in a.cheats if c["step"] == o["step"])
    req = cheat["required_detection"]
    has = cheat["detection"]
    head = f"{party} gains by cheating on {o['step']} at point {point}"
    if req is None or req > 1:
        return (f"{head}: no detection probability deters it (even when caught, cheating beats "
                f"complying); the plan has {_fmt(has)}.")
    return f"{head}: deterring it needs detection >= {_fmt(req)}; the plan has {_fmt(has)}."
