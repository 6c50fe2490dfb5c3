"""Sticks that wait (``after:``) and participation (MODEL.md §2, §4), by hand.

The base scenario: parties A and B, both discounting at r = 0.1, no horizon.

* ``relief`` (B, phase P1 at t = 0): flow A +1.0, B -0.5, irreversible;
* ``dismantle`` (A, phase P2 at t = 1): flow A -1.2, B +1.0, irreversible;
* ``snapback`` (B against A): flow A -2.0, committed.

A flow ``u`` from ``a`` on is worth ``u e^{-0.1 a} / 0.1`` at 0, so

* surplus A = 10 - 12 e^{-0.1} = -0.858 (A would not sign);
* surplus B = -5 + 10 e^{-0.1} = 4.048.

Margins (value at the point's time) without ``after:``:

* point 0 (t = 0), A defects: nothing executed; the snapback runs from 0,
  worth -20: margin = -0.858 + 20 = 19.142; B defects: nothing, margin = 4.048;
* point 1 (t = 1), A defects: relief kept (10), snapback from 1 (-20 e^{-0.1}):
  margin = (10 - 12 e^{-0.1} - 10 + 20 e^{-0.1}) e^{0.1} = 8;
  B defects: relief paid in full (-5), margin = (4.048 + 5) e^{0.1} = 10;
* completion (t = 2): A: margin = 20 e^{-0.2} e^{0.2} = 20; B: 0 (nothing to undo).

So the road map is self-enforcing, but A's surplus is negative: it is not viable.
With ``after: [relief]`` the snapback does not exist at point 0 (relief not yet
executed): A's margin there is its surplus, -0.858, and A walks away at point 0.
"""

from __future__ import annotations

import math
import warnings

import pytest

import accord
from accord.model.checks import check

E1 = math.exp(-0.1)

BASE = """\
accord: 1
title: after and participation
parties:
  - {{id: A, discount_rate: 0.1}}
  - {{id: B, discount_rate: 0.1}}
steps:
  - {{id: relief, actor: B, flow: {{A: 1.0, B: -0.5}}}}
  - {{id: dismantle, actor: A, flow: {{A: -1.2, B: 1.0}}{verify}}}
  - {{id: spare, actor: B, flow: {{A: 0.1}}}}
roadmap:
  - {{phase: P1, duration: 1, moves: [[relief]]}}
  - {{phase: P2, duration: 1, moves: [[dismantle]]}}
sticks:
  - {{id: snapback, actor: B, against: A, flow: {{A: -2.0}}, commitment: true{after}}}
"""


def scenario_text(after: str = "", verify: str = "") -> str:
    return BASE.format(after=f", after: [{after}]" if after else "", verify=verify)


def analyze(after: str = "", verify: str = "") -> accord.Analysis:
    text = scenario_text(after, verify)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the unused step "spare"
        return accord.analyze(accord.load_text(text))


def test_without_after_self_enforcing_but_not_viable() -> None:
    """The stick punishes not signing: every margin holds, A's surplus is -0.858."""
    a = analyze()
    assert a.surplus["A"] == pytest.approx(10 - 12 * E1, rel=1e-12)
    assert a.surplus["B"] == pytest.approx(-5 + 10 * E1, rel=1e-12)
    assert a.margins["A"] == pytest.approx([10 - 12 * E1 + 20, 8.0, 20.0], rel=1e-12)
    assert a.margins["B"][:2] == pytest.approx([-5 + 10 * E1, 10.0], rel=1e-12)
    assert abs(a.margins["B"][2]) < 1e-12
    assert a.self_enforcing
    assert a.participation == {"A": False, "B": True}
    assert not a.viable
    d = a.to_dict()
    assert d["participation"] == {"A": False, "B": True}
    assert d["viable"] is False


def test_after_waits_for_relief() -> None:
    """With ``after: [relief]`` point 0 has no snapback: A's margin is its surplus."""
    a = analyze(after="relief")
    assert a.margins["A"] == pytest.approx([10 - 12 * E1, 8.0, 20.0], rel=1e-12)
    assert not a.self_enforcing
    assert a.outcome == {"kind": "breaks", "point": 0, "party": "A"}
    assert not a.viable


def test_after_a_late_step_arms_only_at_completion() -> None:
    """``after: [dismantle]``: the snapback exists only once A dismantled (point 2).

    Point 1, A defects: relief kept, no stick: margin = (10 - 12 e^{-0.1} - 10) e^{0.1}
    = -12; completion unchanged (20).
    """
    a = analyze(after="dismantle")
    assert a.margins["A"] == pytest.approx([10 - 12 * E1, -12.0, 20.0], rel=1e-12)


def test_detected_cheat_leaves_the_step_out_of_after() -> None:
    """Cheating on ``dismantle`` (detection 1, delay 0.5) at point 1 (t0 = 1).

    Detected at td = 1.5 with relief executed and dismantle not: the snapback
    ``after: [dismantle]`` does not exist, so D = U = 10 (relief only), C = -0.858:
    cheat margin = (C - D) e^{0.1} = (-12 e^{-0.1}) e^{0.1} = -12, and no detection
    deters (U - D = 0: required detection null).  With ``after: [relief]`` the
    snapback runs from 1.5: D = 10 - 20 e^{-0.15}, cheat margin
    = (10 - 12 e^{-0.1} - 10 + 20 e^{-0.15}) e^{0.1} = 20 e^{-0.05} - 12.
    """
    verify = ", verification: {detection: 1.0, delay: 0.5}"
    (late,) = analyze(after="dismantle", verify=verify).cheats
    assert late["margin"] == pytest.approx(-12.0, rel=1e-12)
    assert late["required_detection"] is None
    (early,) = analyze(after="relief", verify=verify).cheats
    assert early["margin"] == pytest.approx(20 * math.exp(-0.05) - 12, rel=1e-12)


def test_non_credible_only_where_the_stick_exists() -> None:
    """A costly stick (B pays 0.1 a year) that waits for a step never scheduled is
    never imposed, so it is not listed; waiting for relief, it is listed."""
    text = scenario_text().replace(
        "commitment: true}", "commitment: true}\n  - {id: costly, actor: B, against: A, "
        "flow: {A: -1.0, B: -0.1}, after: [WAIT]}")
    for wait, listed in (("spare", []), ("relief", ["costly"])):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = accord.analyze(accord.load_text(text.replace("WAIT", wait)))
        assert a.non_credible_sticks == listed


def test_validation_of_after() -> None:
    """An unknown id is an error (with the closest id); an unscheduled one a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = accord.load_text(scenario_text("relief"))
    bad = s.model_copy(update={"sticks": (s.sticks[0].model_copy(
        update={"after": ("releif",)}),)})
    (err,) = [p for p in check(bad) if p.severity == "error"]
    assert err.path == ("sticks", 0, "after", 0)
    assert "relief" in err.message
    spare = s.model_copy(update={"sticks": (s.sticks[0].model_copy(
        update={"after": ("spare",)}),)})
    codes = [p.code for p in check(spare) if p.severity == "warning"]
    assert "after-unscheduled" in codes


def test_located_error_in_a_file(tmp_path: object) -> None:
    """``accord validate`` points at the line of the bad ``after:`` id."""
    from typer.testing import CliRunner

    from accord.cli.app import app

    text = scenario_text("releif")
    path = __import__("pathlib").Path(str(tmp_path)) / "bad.yaml"
    path.write_text(text)
    res = CliRunner().invoke(app, ["validate", str(path)])
    assert res.exit_code == 2
    line = text.splitlines().index(next(t for t in text.splitlines() if "releif" in t)) + 1
    assert f"bad.yaml:{line}:" in res.output
    assert "sticks[0].after[0]" in res.output or "after" in res.output
