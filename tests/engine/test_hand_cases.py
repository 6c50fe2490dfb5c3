"""Hand-derived cases: each docstring gives the arithmetic from MODEL.md §3-4.

Notation: ``F_r(a, b) = (e^{-ra} - e^{-rb}) / r`` (flow PV factor, ``F_r(a, inf) = e^{-ra}/r``),
``E_r(t) = e^{-rt}``; margins are in value at the decision point's time ``t0``
(multiply the PV difference by ``e^{r t0}``).
"""

from __future__ import annotations

from math import exp, inf

import pytest

import accord

REL = 1e-12


def run(text: str) -> accord.Analysis:
    return accord.analyze(accord.load_text(text))


def margins(a: accord.Analysis, party: str) -> list[float]:
    return a.margins[party]


def test_lagged_flow_infinite_horizon() -> None:
    """One step by A at t = 0 with lag 2, flow A -1, B +3; r_A = 0.1, r_B = 0.05, no horizon.

    PV_A = -1 * e^{-0.1*2} / 0.1 = -10 e^{-0.2} = -8.18730753...
    PV_B = 3 * e^{-0.05*2} / 0.05 = 60 e^{-0.1} = 54.2902451...
    Point 0 (t = 0): nothing executed, so defecting is worth 0: margins = PVs.
    Completion (t = 1): the step is executed and irreversible, so defecting
    changes nothing: margins 0.  A's margin at 0 is negative: A walks away at 0.
    """
    a = run("""
accord: 1
title: lagged
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.05}]
steps:
  - {id: s, actor: A, lag: 2, flow: {A: -1, B: 3}}
roadmap: [{phase: P, duration: 1, moves: [[s]]}]
""")
    assert margins(a, "A") == pytest.approx([-10 * exp(-0.2), 0.0], rel=REL, abs=1e-12)
    assert margins(a, "B") == pytest.approx([60 * exp(-0.1), 0.0], rel=REL, abs=1e-12)
    assert a.surplus == pytest.approx({"A": -10 * exp(-0.2), "B": 60 * exp(-0.1)}, rel=REL)
    assert a.outcome == {"kind": "breaks", "point": 0, "party": "A"}
    assert not a.self_enforcing
    assert a.times == [0.0, 1.0]


def test_finite_horizon_zero_rate_and_late_move() -> None:
    """Horizon 10.  Step s by A at 0, lag 4: once A +3, flow A -1, B +2; r_A = 0.1, r_B = 0.

    PV_A(s) = 3 - (e^{-0.4} - e^{-1.0}) / 0.1 = 3 - 3.0244060... = -0.0244060...
    PV_B(s) = 2 * (10 - 4) = 12 (r = 0 with a finite horizon: u (b - a)).
    Step ``late`` is executed at 12 > H: its once (0 if t >= H) and flow are worth 0,
    so the margins at points 1 and 2 are 0 and A walks away at point 0.
    """
    a = run("""
accord: 1
title: finite
horizon: 10
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0}]
steps:
  - {id: s, actor: A, lag: 4, flow: {A: -1, B: 2}, once: {A: 3}}
  - {id: late, actor: B, once: {A: 5, B: -1}, flow: {A: 1}}
roadmap: [{phase: P, duration: 12, moves: [[s]]}, {phase: Q, duration: 1, moves: [[late]]}]
""")
    pv_a = 3 - (exp(-0.4) - exp(-1.0)) / 0.1
    assert a.surplus["A"] == pytest.approx(pv_a, rel=REL)
    assert a.surplus["B"] == pytest.approx(12.0, rel=REL)
    assert margins(a, "A") == pytest.approx([pv_a, 0.0, 0.0], rel=REL, abs=1e-12)
    assert margins(a, "B") == pytest.approx([12.0, 0.0, 0.0], rel=REL, abs=1e-12)
    assert a.times == [0.0, 12.0, 13.0]
    assert a.outcome == {"kind": "breaks", "point": 0, "party": "A"}


REVERSAL = """
accord: 1
title: reversal
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.05}]
steps:
  - {id: s, actor: A, flow: {A: -1, B: 2}, reversal: {lag: 1, cost: COST, feasible: 0.6}}
  - {id: t, actor: B, flow: {A: 1.5, B: -0.5}}
roadmap: [{phase: P, duration: 1, moves: [[s]]}, {phase: Q, duration: 1, moves: [[t]]}]
"""


def test_reversal_with_cost_and_feasibility() -> None:
    """Step s by A at 0 (flow A -1, B +2), reversible: lag 1, cost 0.5, feasible 0.6;
    step t by B at 1 (flow A +1.5, B -0.5).  r_A = 0.1, r_B = 0.05, no horizon.

    Compliance: PV_A = -10 + 15 e^{-0.1} = 3.5725612...
    A defects at completion (t0 = 2): e = 3, G = 0.6 (1 * e^{-0.3}/0.1 - 0.5 e^{-0.2}) > 0,
    so A reverses s: its flow runs on [0, 3) w.p. 0.6 and forever w.p. 0.4, and A pays
    0.5 at 2 w.p. 0.6:
      PV_A(s) = -(0.6 (1 - e^{-0.3})/0.1 + 0.4 * 10) - 0.6 * 0.5 e^{-0.2} = -5.8007...
      PV_A(t) = 1.5 e^{-0.1}/0.1 = 13.5725...        -> breakdown 7.7718...
    margin_A(2) = (3.5726 - 7.7719) e^{0.2} = -5.1290...
    B's PV if A defects at 1 (t0 = 1, e = 2): s reversed, B gets
      2 (0.6 (1 - e^{-0.1})/0.05 + 0.4 * 20) = 18.2839...
    """
    a = run(REVERSAL.replace("COST", "0.5"))
    comply_a = -10 + 15 * exp(-0.1)
    brk_a = -(0.6 * (1 - exp(-0.3)) / 0.1 + 4) - 0.3 * exp(-0.2) + 15 * exp(-0.1)
    assert a.surplus["A"] == pytest.approx(comply_a, rel=REL)
    assert margins(a, "A")[2] == pytest.approx((comply_a - brk_a) * exp(0.2), rel=REL)
    b_if_a_quits_at_1 = 2 * (0.6 * (1 - exp(-0.1)) / 0.05 + 0.4 * 20)
    assert a.exposure["B"]["A"][1] == pytest.approx(b_if_a_quits_at_1, rel=REL)


def test_reversal_not_worth_its_cost_is_not_made() -> None:
    """Same, with cost 100: G = 0.6 (e^{-(0.1)3}/0.1 - 100 e^{-0.2}) < 0 at t0 = 2, so A keeps
    s running; the breakdown at completion equals compliance and A's margin there is 0.
    At t0 = 1 (e = 2): G = 0.6 (e^{-0.2}/0.1 - 100 e^{-0.1}) < 0 too: B keeps the full flow,
    2 * 20 = 40 = B's compliance value of s, and t never runs, so exposure_B = 40.
    """
    a = run(REVERSAL.replace("COST", "100"))
    assert margins(a, "A")[2] == pytest.approx(0.0, abs=1e-12)
    assert a.exposure["B"]["A"][1] == pytest.approx(40.0, rel=REL)


STICKS = """
accord: 1
title: sticks
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s, actor: A, flow: {A: -1, B: 2}}
  - {id: t, actor: B, flow: {A: 2, B: -1}}
roadmap: [{phase: P, duration: 1, moves: [[t]]}, {phase: Q, duration: 1, moves: [[s]]}]
sticks:
  - {id: costly, actor: B, against: A, flow: {A: -3, B: -0.5}, lag: 1COMMIT}
  - {id: cheap, actor: B, against: A, once: {A: -1, B: 0.2}}
"""


def test_non_credible_stick_is_not_imposed() -> None:
    """t by B at 0 (flow A +2, B -1), s by A at 1 (flow A -1, B +2); r = 0.1 for both.

    Compliance A: 2/0.1 - e^{-0.1}/0.1 = 20 - 10 e^{-0.1} = 10.9516...
    A defects at point 1 (t0 = 1): t executed (irreversible) -> 20.
      ``costly``: PV to B = -0.5 e^{-0.2}/0.1 < 0 and not committed -> not imposed.
      ``cheap``: PV to B = 0.2 e^{-0.1} >= 0 -> imposed: A pays e^{-0.1}.
    margin_A(1) = (20 - 10 e^{-0.1} - 20 + e^{-0.1}) e^{0.1} = -9.
    B at point 0: going on leads A to defect at 1, which leaves B with
    -10 + 0.2 e^{-0.1} < 0, so B walks away at 0.
    """
    a = run(STICKS.replace("COMMIT", ""))
    assert a.surplus["A"] == pytest.approx(20 - 10 * exp(-0.1), rel=REL)
    assert margins(a, "A")[1] == pytest.approx(-9.0, rel=REL)
    assert a.non_credible_sticks == ["costly"]
    assert a.outcome == {"kind": "breaks", "point": 0, "party": "B"}


def test_committed_stick_is_imposed() -> None:
    """The same stick with ``commitment: true`` is imposed at t0 = 1, flow from 2:
    A loses 3 e^{-0.2}/0.1 = 30 e^{-0.2} more, so
    margin_A(1) = -9 + 30 e^{-0.2} e^{0.1} = -9 + 30 e^{-0.1} = 18.1451...
    At completion (t0 = 2) both steps are executed and irreversible, so only the sticks
    differ: margin_A(2) = (30 e^{-0.3} + e^{-0.2}) e^{0.2} = 30 e^{-0.1} + 1 = 28.1451...
    Every margin is then >= 0 and the road map completes.  ``costly`` is still not
    credible (its PV to B, -0.5 e^{-0.2}/0.1 at t0 = 1, is < 0: MODEL.md §4 calls a
    stick credible when that PV is >= 0), so it is listed although it is imposed.
    """
    a = run(STICKS.replace("COMMIT", ", commitment: true"))
    assert margins(a, "A")[1] == pytest.approx(-9 + 30 * exp(-0.1), rel=REL)
    assert margins(a, "A")[2] == pytest.approx(
        30 * exp(-0.1) + 1, rel=REL)
    assert a.non_credible_sticks == ["costly"]
    assert a.self_enforcing
    assert a.outcome == {"kind": "completes"}
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None)
    console.print(a)
    shown = "Non-credible sticks (imposing them costs their actor): costly (committed: " \
            "imposed all the same)"
    assert shown in console.export_text()


def test_cheat_with_delay_executes_later_moves() -> None:
    """s by A at 0 is verified (detection 0.5, delay 1.5); t by B at 0; u by A at 1.
    Flows: s A -2 B +4; t A +3 B -1; u A -0.5 B +1; r = 0.1; committed stick on A, flow A -1.

    Cheating on s: detected at td = 1.5, and t (x = 0) and u (x = 1 < 1.5) are executed.
      C = -20 + 30 - 5 e^{-0.1} = 5.4758...
      U = 30 - 5 e^{-0.1} = 25.4758...          (s never runs)
      D = U - 10 e^{-0.15} = 16.8687...          (the stick from 1.5)
    cheat margin = C - (0.5 D + 0.5 U) = -15.6964...;  p* = (U - C)/(U - D) = 20/(10 e^{-0.15})
    = 2.3236...: no detection deters a cheat that pays even when caught (D > C).
    """
    a = run("""
accord: 1
title: cheat delay
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s, actor: A, flow: {A: -2, B: 4}, verification: {detection: 0.5, delay: 1.5}}
  - {id: t, actor: B, flow: {A: 3, B: -1}}
  - {id: u, actor: A, flow: {A: -0.5, B: 1}}
roadmap: [{phase: P, duration: 1, moves: [[s], [t]]}, {phase: Q, duration: 1, moves: [[u]]}]
sticks:
  - {id: snap, actor: B, against: A, flow: {A: -1}, commitment: true}
""")
    c = 10 - 5 * exp(-0.1)
    u = 30 - 5 * exp(-0.1)
    d = u - 10 * exp(-0.15)
    (cheat,) = a.cheats
    assert cheat["margin"] == pytest.approx(c - (0.5 * d + 0.5 * u), rel=REL)
    assert cheat["required_detection"] == pytest.approx((u - c) / (u - d), rel=REL)
    assert cheat["required_detection"] > 1
    assert a.outcome == {"kind": "cheats", "point": 0, "party": "A", "step": "s"}


def test_detection_that_helps_the_cheater_has_no_threshold() -> None:
    """A's reversible ``pay`` (flow A -1, B +1, reversal lag 0) and B's ``t`` (A +0.5, B +0.5)
    at 0; A's verified ``s`` (once A -0.1, flow B +1, detection 0.9, delay 0) at 1.  r = 0.1.

      C_A = -10 + 5 - 0.1 e^{-0.1} = -5.0905
      U_A = -10 + 5 = -5
      D_A: breakdown at td = 1, A stops ``pay`` at once: -(1 - e^{-0.1})/0.1 + 5 = 4.0484
    U - D < 0, so no detection probability deters: required detection is null;
    cheat margin = (C - 0.9 D - 0.1 U) e^{0.1} = -9.1 exactly.
    A's best plan is to go on until point 2 and defect there (worth D_A = 4.0484 > 0).
    """
    a = run("""
accord: 1
title: null detection
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: pay, actor: A, flow: {A: -1, B: 1}, reversal: {lag: 0}}
  - {id: t, actor: B, flow: {A: 0.5, B: 0.5}}
  - {id: s, actor: A, once: {A: -0.1}, flow: {B: 1}, verification: {detection: 0.9}}
roadmap: [{phase: P, duration: 1, moves: [[pay], [t]]}, {phase: Q, duration: 1, moves: [[s]]}]
""")
    (cheat,) = a.cheats
    assert cheat["required_detection"] is None
    assert cheat["margin"] == pytest.approx(-9.1, rel=REL)
    assert a.outcome == {"kind": "breaks", "point": 2, "party": "A"}
    d_a = -(1 - exp(-0.1)) / 0.1 + 5
    assert a.equilibrium_values["A"] == pytest.approx(d_a, rel=REL)



def test_tiny_real_gain_from_cheating_is_not_a_tie() -> None:
    """MODEL.md tests ``U <= C`` exactly (the tie rule covers induction and margins only).

    r_A = 1.  A's reversible ``w`` (flow A -1, reversal lag 0) and then A's verified ``a``
    (lag 27, flow A -1, detection 0.5, delay 0), both at t = 0.
      C_A = -1 - e^{-27},  U_A = -1 (``a`` never runs),  so U - C = e^{-27} = 1.9e-12 > 0;
      D_A: detected at td = 0, A reverses ``w`` at once (G = 1 > 0): D_A = 0.
    U - D = -1 <= 0: no detection deters, required detection is null (a tie rule on
    U <= C would have called the gain 0).  Cheat margin = C - (D + U)/2 = -0.5 - e^{-27}.
    """
    a = run("""
accord: 1
title: tiny gain
parties: [{id: A, discount_rate: 1.0}]
steps:
  - {id: w, actor: A, flow: {A: -1}, reversal: {lag: 0}}
  - {id: a, actor: A, lag: 27, flow: {A: -1}, verification: {detection: 0.5}}
roadmap: [{phase: one, duration: 1, moves: [[w], [a]]}]
""")
    (cheat,) = a.cheats
    assert cheat["required_detection"] is None
    assert cheat["margin"] == pytest.approx(-0.5 - exp(-27), rel=REL)


def test_negative_reversal_cost_after_the_horizon_is_worth_nothing() -> None:
    """``G = feasible (-flow F(max(e, a), H) - cost E(t0))`` uses ``E(t0) = e^{-r t0}`` as
    written, with no horizon cut, so A reverses; but the payment of the cost is a one-off
    at ``t0`` (MODEL.md §4: "the actor pays cost at t0"), and a one-off at or after the
    horizon is worth 0 (§3).

    H = 0.5, r_A = 0.1; A's ``s`` (flow A +1, reversal lag 0, cost -0.5) at 0; completion
    at t0 = 1 >= H.  C_A = (1 - e^{-0.05}) / 0.1 = 0.4877.  At completion the flow left
    is worth 0 (e = 1 >= H) and G = 0.5 e^{-0.1} > 0: A reverses, receiving nothing
    that counts, so the breakdown is worth C_A too and the margin is 0 (a tie: it holds).
    At point 0 (t0 = 0) walking away leaves A with 0: margin C_A > 0.  The road map is
    self-enforcing and completes.
    """
    a = run("""
accord: 1
title: negative cost
horizon: 0.5
parties: [{id: A, discount_rate: 0.1}]
steps: [{id: s, actor: A, flow: {A: 1.0}, reversal: {lag: 0, cost: -0.5}}]
roadmap: [{phase: one, duration: 1, moves: [[s]]}]
""")
    c = (1 - exp(-0.05)) / 0.1
    assert a.surplus["A"] == pytest.approx(c, rel=REL)
    assert margins(a, "A")[0] == pytest.approx(c, rel=REL)
    assert margins(a, "A")[1] == pytest.approx(0.0, abs=1e-12)
    assert a.self_enforcing and a.outcome == {"kind": "completes"}


def test_negative_reversal_cost_before_the_horizon_is_paid() -> None:
    """The same reversal decided before the horizon pays its actor ``0.5 e^{-r t0}``.

    H = 5; A's ``s`` (flow A -1, B +2; reversal lag 0, cost -0.5) at 0; r = 0.1; the
    road map completes at t0 = 1.  At completion A's gain from reversing is
    G = (e^{-0.1} - e^{-0.5}) / 0.1 + 0.5 e^{-0.1} > 0, so A reverses: its flow stops at 1
    and it is paid 0.5 e^{-0.1}.  C_A = -(1 - e^{-0.5}) / 0.1; breakdown
    D_A = -(1 - e^{-0.1}) / 0.1 + 0.5 e^{-0.1}; margin = (C_A - D_A) e^{0.1}
    = -(e^{-0.1} - e^{-0.5}) e^{0.1} / 0.1 - 0.5 = -(1 - e^{-0.4}) / 0.1 - 0.5.
    """
    a = run("""
accord: 1
title: negative cost before the horizon
horizon: 5
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps: [{id: s, actor: A, flow: {A: -1.0, B: 2.0}, reversal: {lag: 0, cost: -0.5}}]
roadmap: [{phase: one, duration: 1, moves: [[s]]}]
""")
    assert margins(a, "A")[1] == pytest.approx(-(1 - exp(-0.4)) / 0.1 - 0.5, rel=REL)


TIES = """
accord: 1
title: ties
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: gift, actor: A, flow: {B: 1}, verification: {detection: 1.0}}
roadmap: [{phase: P, duration: 1, moves: [[gift]]}]
"""


def test_zero_margin_ties_go_to_continue() -> None:
    """A's ``gift`` costs A nothing (flow B +1): complying, defecting and cheating all give
    A exactly 0, so every margin of A is 0 (a tie, which counts as >= 0) and A continues.
    B's margin at 0 is 1/0.1 = 10.  The road map is self-enforcing and completes.
    """
    a = run(TIES)
    assert margins(a, "A") == [0.0, 0.0]
    assert a.self_enforcing
    assert a.outcome == {"kind": "completes"}
    assert a.cheats[0]["required_detection"] == 0.0


def test_tie_between_defect_and_cheat_goes_to_defect() -> None:
    """Give ``gift`` a cost to A (flow A -1): at point 0 defecting gives A 0, and cheating
    with detection 1 and delay 0 is detected at once: the same breakdown, also 0.
    Both beat complying (-10); they tie, and the tie goes to defect.
    """
    a = run(TIES.replace("{B: 1}", "{A: -1, B: 1}"))
    assert a.outcome == {"kind": "breaks", "point": 0, "party": "A"}
    assert a.cheats[0]["margin"] == pytest.approx(-10.0, rel=REL)


def test_three_parties_file_order_and_ties() -> None:
    """A's a1 at 0 (flow A +0.5, B +2, C +2), C's reversible c1 at 1 (flow A +2, C -1.5);
    r_A = r_B = 0.1, r_C = 0.2.

    At completion (t0 = 2) C reverses c1 at once: margin_C(2) = -1.5 e^{-0.2}/0.2 * e^{0.4}
    ... = -7.5 e^{0.0}: the flow -1.5 from 2 on is worth -7.5 in value at 2.
    At point 1 the nodes run A, B, C.  C defects; B's own defection gives B the same
    breakdown (no sticks), a tie, so B continues, and so does A: the game breaks at (1, C),
    and no earlier party pre-empts (A and B keep a1's flows either way).
    """
    a = run("""
accord: 1
title: three
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}, {id: C, discount_rate: 0.2}]
steps:
  - {id: a1, actor: A, flow: {A: 0.5, B: 2, C: 2}}
  - {id: c1, actor: C, flow: {A: 2, C: -1.5}, reversal: {lag: 0}}
roadmap: [{phase: P, duration: 1, moves: [[a1]]}, {phase: Q, duration: 1, moves: [[c1]]}]
""")
    assert margins(a, "C")[2] == pytest.approx(-7.5, rel=REL)
    assert margins(a, "B")[1] == 0.0
    assert a.outcome == {"kind": "breaks", "point": 1, "party": "C"}
    assert a.equilibrium_values["C"] == pytest.approx(2 / 0.2, rel=REL)
    assert a.equilibrium_values["A"] == pytest.approx(0.5 / 0.1, rel=REL)


def test_worked_example_reproduces_model_md() -> None:
    """The contract's own worked example: every number of worked-example.json (rel 1e-9)."""
    import json
    from pathlib import Path

    here = Path(__file__).parent / "data"
    expected = json.loads((here / "worked-example.json").read_text())
    got = accord.analyze(accord.load(here / "worked-example.yaml")).to_dict()
    assert got["self_enforcing"] == expected["self_enforcing"]
    assert got["outcome"] == expected["outcome"]
    assert got["non_credible_sticks"] == expected["non_credible_sticks"]
    for g, e in zip(got["points"], expected["points"], strict=True):
        assert g["index"] == e["index"] and g["time"] == e["time"]
        assert g["margins"] == pytest.approx(e["margins"], rel=1e-9)
    for g, e in zip(got["cheats"], expected["cheats"], strict=True):
        for key in ("step", "point", "party"):
            assert g[key] == e[key]
        assert g["margin"] == pytest.approx(e["margin"], rel=1e-9)
        assert g["required_detection"] == pytest.approx(e["required_detection"], rel=1e-9)
    assert got["surplus"] == pytest.approx(expected["surplus"], rel=1e-9)
    assert inf not in got["surplus"].values()
