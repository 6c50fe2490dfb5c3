"""2x2 inspection game, leadership and statistical-test version (theory.md 3.1-3.2).

Expected values are transcribed from research/oracles/tables.md (T1, T1b); the
full-precision T1b values come from the same oracle run (oracle_values.json).
"""

from __future__ import annotations

import doctest
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from accord.verification import (
    InspectionEquilibrium,
    InspectionGame,
    StatisticalTestGame,
    inspector_leadership,
    normal_nondetection,
    payoff_table,
    solve_inspection_game,
    solve_statistical_test,
)
from accord.verification import inspection as inspection_module

F = Fraction

# ------------------------------------------------------------------------ oracle T1

# T1 in the table's column order: case, d, b, h | c, a, e, k | alpha, beta ->
#    p*, q*, u_inspectee, u_inspector, leader deters, u_leader
P = int | Fraction
T1Row = tuple[str, P, P, P, P, P, P, P, P, P, Fraction, Fraction, Fraction, Fraction, bool,
              Fraction]
T1_ROWS: list[T1Row] = [
    ("textbook", 1, 3, 0, 10, 0, 0, 1, 0, 0,
     F(1, 4), F(1, 10), F(0), F(-1), True, F(-1, 4)),
    ("imperfect", 5, 10, 1, 20, 2, 1, 2, F(1, 20), F(1, 5),
     F(100, 239), F(41, 289), F(-5, 239), F(-820, 289), True, F(-205, 239)),
    ("noisy", 2, 4, F(1, 2), 8, 1, 2, 1, F(1, 10), F(3, 10),
     F(40, 83), F(4, 17), F(-2, 83), F(-32, 17), True, F(-48, 83)),
    ("costly-alarms", 3, 4, 1, 5, 1, 4, F(1, 2), F(1, 5), F(1, 5),
     F(5, 9), F(13, 40), F(-1, 9), F(-13, 8), True, F(-13, 18)),
]
PARAM_NAMES = ("d", "b", "h", "c", "a", "e", "k", "alpha", "beta")
T1 = {row[0]: ({k: F(v) for k, v in zip(PARAM_NAMES, row[1:10], strict=True)}, *row[10:])
      for row in T1_ROWS}
T1_CASES = [pytest.param(*row, id=f"T1-{name}") for name, row in T1.items()]
T1_ARGS = ("params", "p", "q", "u_inspectee", "u_inspector", "deters", "u_leader")


@pytest.mark.parametrize(T1_ARGS, T1_CASES)
def test_mixed_equilibrium_t1(params: dict[str, Fraction], p: Fraction, q: Fraction,
                              u_inspectee: Fraction, u_inspector: Fraction, deters: bool,
                              u_leader: Fraction) -> None:
    eq = solve_inspection_game(InspectionGame(**params))
    assert eq == InspectionEquilibrium(
        p_inspect=p, q_violate=q, u_inspector=u_inspector, u_inspectee=u_inspectee,
        regime="mixed",
    )
    assert all(isinstance(v, Fraction) for v in (eq.p_inspect, eq.q_violate))


@pytest.mark.parametrize(T1_ARGS, T1_CASES)
def test_leadership_t1(params: dict[str, Fraction], p: Fraction, q: Fraction,
                       u_inspectee: Fraction, u_inspector: Fraction, deters: bool,
                       u_leader: Fraction) -> None:
    out = inspector_leadership(InspectionGame(**params))
    assert out.deters is deters
    assert out.p_announced == p  # the same p* as in the simultaneous game
    assert out.u_inspector == u_leader
    assert out.u_inspectee == u_inspectee  # indifferent at p*, acts legally
    assert out.u_inspector > u_inspector  # leadership beats the simultaneous payoff -q* c
    g = InspectionGame(**params)
    gain = (1 - g.beta) * (g.c - g.a)
    assert out.u_inspector_no_deterrence == -g.c + p * (gain - g.k)  # theory 3.2 supremum
    assert g.c >= p * (gain + g.alpha * g.e)  # theory 3.2 deterrence condition


@pytest.mark.parametrize(T1_ARGS, T1_CASES)
def test_float_inputs_give_floats_t1(params: dict[str, Fraction], p: Fraction, q: Fraction,
                                     u_inspectee: Fraction, u_inspector: Fraction,
                                     deters: bool, u_leader: Fraction) -> None:
    game = InspectionGame(**{k: float(v) for k, v in params.items()})
    assert not game.exact
    eq = solve_inspection_game(game)
    assert isinstance(eq.p_inspect, float)
    assert isinstance(eq.u_inspector, float)
    assert eq.p_inspect == pytest.approx(float(p), rel=1e-15)
    assert eq.q_violate == pytest.approx(float(q), rel=1e-15)
    assert eq.u_inspector == pytest.approx(float(u_inspector), rel=1e-15)
    out = inspector_leadership(game)
    assert isinstance(out.u_inspector, float)
    assert out.u_inspector == pytest.approx(float(u_leader), rel=1e-15)


def test_t1_rounded_columns() -> None:
    """The decimal columns of T1 (6 places)."""
    imperfect = solve_inspection_game(InspectionGame(**T1["imperfect"][0]))
    assert round(float(imperfect.p_inspect), 6) == 0.418410
    assert round(float(imperfect.q_violate), 6) == 0.141869
    assert round(float(imperfect.u_inspector), 6) == -2.837370
    lead = inspector_leadership(InspectionGame(**T1["costly-alarms"][0]))
    assert round(float(lead.u_inspector), 6) == -0.722222


def test_textbook_defaults() -> None:
    game = InspectionGame(d=1, b=3, c=10, k=1)
    assert (game.h, game.a, game.e, game.alpha, game.beta) == (0, 0, 0, 0, 0)
    eq = solve_inspection_game(game)
    assert (eq.p_inspect, eq.q_violate) == (F(1, 4), F(1, 10))


def test_payoff_table() -> None:
    game = InspectionGame(**T1["imperfect"][0])
    (il, iv), (nl, nv) = payoff_table(game)
    assert il == (F(-2) - F(1, 20), F(-1, 20))
    assert iv == (F(-2) - F(4, 5) * 2 - F(1, 5) * 20, -F(4, 5) * 10 + F(1, 5) * 5)
    assert nl == (0, 0)
    assert nv == (-20, 5)


# ------------------------------------------------------------------ pure regimes


def test_no_inspection_regime() -> None:
    """k >= (1-beta)(c-a): Not is dominant, the inspectee violates."""
    game = InspectionGame(d=1, b=3, c=10, a=2, k=4, beta=F(1, 2))  # gain = 4 = k
    eq = solve_inspection_game(game)
    assert eq == InspectionEquilibrium(F(0), F(1), F(-10), F(1), "no_inspection")


def test_no_deterrence_regime() -> None:
    """(1-beta) b - beta d <= alpha h: violating is dominant, the inspector inspects."""
    game = InspectionGame(d=2, b=1, h=3, c=10, k=1, alpha=F(1, 10), beta=F(1, 4))
    eq = solve_inspection_game(game)
    assert eq.regime == "no_deterrence"
    assert (eq.p_inspect, eq.q_violate) == (1, 1)
    assert eq.u_inspector == -1 - F(1, 4) * 10
    assert eq.u_inspectee == -F(3, 4) + F(1, 4) * 2
    out = inspector_leadership(game)
    assert not out.deters
    assert out.p_announced == 1
    assert out.u_inspector == eq.u_inspector
    assert out.u_inspectee == eq.u_inspectee


def test_leadership_deters_even_when_inspection_is_not_worth_it() -> None:
    """With commitment, costly inspections can still deter (k >= (1-beta)(c-a))."""
    game = InspectionGame(d=1, b=99, c=10, k=20)
    assert solve_inspection_game(game).regime == "no_inspection"
    out = inspector_leadership(game)
    assert out.deters
    assert out.p_announced == F(1, 100)
    assert out.u_inspector == F(-1, 5)
    assert out.u_inspector_no_deterrence == -10


def test_leadership_gives_up_when_deterrence_is_too_expensive() -> None:
    """c < p* ((1-beta)(c-a) + alpha e): the leader lets the inspectee violate."""
    game = InspectionGame(d=10, b=1, c=1, k=F(1, 2), e=10, alpha=F(1, 2))
    eq = solve_inspection_game(game)
    assert eq.regime == "mixed"
    p_star = F(10, 11)
    assert eq.p_inspect == p_star
    out = inspector_leadership(game)
    assert not out.deters
    assert out.p_announced == p_star  # supremum approached from below
    assert out.u_inspector == -1 + p_star * F(1, 2)
    assert out.u_inspector > -p_star * (F(1, 2) + 5)
    assert out.u_inspectee == 10 - p_star * 11


# ------------------------------------------------------------------ bad inputs


@pytest.mark.parametrize(
    ("override", "match"),
    [
        pytest.param({"d": 0}, r"d \(gain", id="d-zero"),
        pytest.param({"b": -1}, r"b \(penalty", id="b-negative"),
        pytest.param({"h": -1}, r"h \(inspectee's cost", id="h-negative"),
        pytest.param({"c": 0, "a": 0}, r"c \(inspector's loss", id="c-zero"),
        pytest.param({"a": 10}, r"a \(inspector's loss .* 0 <= a < c", id="a-equals-c"),
        pytest.param({"a": -1}, r"0 <= a < c", id="a-negative"),
        pytest.param({"e": -0.5}, r"e \(inspector's cost", id="e-negative"),
        pytest.param({"k": -1}, r"k \(cost of an inspection", id="k-negative"),
        pytest.param({"alpha": F(3, 2)}, r"alpha .* \[0, 1\]", id="alpha-above-1"),
        pytest.param({"beta": -0.1}, r"beta .* \[0, 1\]", id="beta-negative"),
        pytest.param({"d": math.nan}, "d must be finite", id="d-nan"),
    ],
)
def test_inspection_game_rejects_bad_parameters(override: dict[str, float],
                                                match: str) -> None:
    params: dict[str, float | Fraction] = {"d": 1, "b": 3, "c": 10, "k": 1}
    params.update(override)
    with pytest.raises(ValueError, match=match):
        InspectionGame(**params)


def test_inspection_game_rejects_non_numbers() -> None:
    with pytest.raises(TypeError, match="must be a real number"):
        InspectionGame(d="1", b=3, c=10, k=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be a real number"):
        InspectionGame(d=True, b=3, c=10, k=1)


# ------------------------------------------------------------------ properties

probabilities = st.fractions(min_value=0, max_value=1, max_denominator=20)
positive = st.fractions(min_value=F(1, 10), max_value=20, max_denominator=10)
nonnegative = st.fractions(min_value=0, max_value=20, max_denominator=10)


@st.composite
def games(draw: st.DrawFn) -> InspectionGame:
    c = draw(positive)
    a = draw(st.fractions(min_value=0, max_value=c, max_denominator=10).filter(lambda x: x < c))
    return InspectionGame(
        d=draw(positive), b=draw(positive), h=draw(nonnegative), c=c, a=a,
        e=draw(nonnegative), k=draw(nonnegative), alpha=draw(probabilities),
        beta=draw(probabilities),
    )


def _expected(table: tuple[tuple[tuple[Fraction, Fraction], ...], ...], p: Fraction,
              q: Fraction, player: int) -> Fraction:
    rows, cols = (p, 1 - p), (1 - q, q)
    return sum((rows[i] * cols[j] * table[i][j][player] for i in range(2) for j in range(2)),
               start=F(0))


@given(games())
def test_equilibrium_is_a_nash_equilibrium(game: InspectionGame) -> None:
    eq = solve_inspection_game(game)
    p, q = F(eq.p_inspect), F(eq.q_violate)
    assert 0 <= p <= 1
    assert 0 <= q <= 1
    table = payoff_table(game)
    exact = tuple(tuple((F(u), F(v)) for u, v in row) for row in table)
    u_inspector = _expected(exact, p, q, 0)
    u_inspectee = _expected(exact, p, q, 1)
    assert u_inspector == eq.u_inspector
    assert u_inspectee == eq.u_inspectee
    for pure in (F(0), F(1)):  # no profitable deviation
        assert _expected(exact, pure, q, 0) <= u_inspector
        assert _expected(exact, p, pure, 1) <= u_inspectee


@given(games())
def test_mixed_regime_conditions(game: InspectionGame) -> None:
    eq = solve_inspection_game(game)
    gain = (1 - F(game.beta)) * (F(game.c) - F(game.a))
    deterrence = (1 - F(game.beta)) * F(game.b) - F(game.beta) * F(game.d) - F(
        game.alpha) * F(game.h)
    assert (eq.regime == "mixed") == (game.k < gain and deterrence > 0)
    if eq.regime == "mixed":
        assert 0 < eq.p_inspect < 1
        assert 0 < eq.q_violate < 1 or game.k + game.alpha * game.e == 0


@given(d=positive, b=positive, c=positive, k=nonnegative)
def test_textbook_special_case(d: Fraction, b: Fraction, c: Fraction, k: Fraction) -> None:
    """alpha = beta = a = e = h = 0: p* = d/(b+d), q* = k/c (when k < c)."""
    eq = solve_inspection_game(InspectionGame(d=d, b=b, c=c, k=k))
    if k < c:
        assert (eq.p_inspect, eq.q_violate) == (d / (b + d), k / c)
    else:
        assert eq.regime == "no_inspection"


@given(games())
def test_penalty_lowers_inspection_not_violation(game: InspectionGame) -> None:
    """Mixed-equilibrium comparative statics: raising b lowers p*, leaves q*."""
    eq = solve_inspection_game(game)
    harsher = solve_inspection_game(InspectionGame(
        d=game.d, b=F(game.b) + 1, h=game.h, c=game.c, a=game.a, e=game.e, k=game.k,
        alpha=game.alpha, beta=game.beta,
    ))
    if eq.regime == harsher.regime == "mixed":
        assert harsher.p_inspect < eq.p_inspect
        assert harsher.q_violate == eq.q_violate


@given(games())
def test_leadership_is_optimal_commitment(game: InspectionGame) -> None:
    """Brute force over announced p (ties to the leader): nothing beats the reported value."""
    out = inspector_leadership(game)
    eq = solve_inspection_game(game)
    (il, iv), (nl, nv) = payoff_table(game)
    assert out.u_inspector >= eq.u_inspector  # commitment never hurts
    for i in range(101):
        p = F(i, 100)
        legal = (p * F(il[0]) + (1 - p) * F(nl[0]), p * F(il[1]) + (1 - p) * F(nl[1]))
        violate = (p * F(iv[0]) + (1 - p) * F(nv[0]), p * F(iv[1]) + (1 - p) * F(nv[1]))
        if legal[1] > violate[1]:
            leader = legal[0]
        elif violate[1] > legal[1]:
            leader = violate[0]
        else:
            leader = max(legal[0], violate[0])
        assert leader <= out.u_inspector
    p = F(out.p_announced)
    if out.deters:  # attained: at p the inspectee (weakly) prefers legal
        assert p * F(il[1]) + (1 - p) * F(nl[1]) >= p * F(iv[1]) + (1 - p) * F(nv[1])
        assert out.u_inspector == p * F(il[0]) + (1 - p) * F(nl[0])
    else:
        assert out.u_inspector == p * F(iv[0]) + (1 - p) * F(nv[0])


# ------------------------------------------------------------- T1b statistical test

# (mu, a, b, d, e, h) -> alpha*, 1-beta(alpha*), q*  (8 decimals, tables.md T1b)
# and full precision alpha*, 1-beta, q*, u_inspectee, u_inspector (oracle run)
T1B = [
    pytest.param(
        2.0, 0.5, 1.0, 1.0, 0.1, 0.1, 0.02290557, 0.50114528, 0.02650146,
        (0.02290557438358959, 0.5011452787191792, 0.026501464405094193,
         -0.002290557438358959, -0.022090776834153992),
        id="mu2-a0.5-b1-d1-e0.1-h0.1",
    ),
    pytest.param(
        3.0, 0.5, 1.0, 1.0, 0.1, 0.1, 0.00135065, 0.50006753, 0.00221800,
        (0.0013506484395980345, 0.5000675324219723, 0.0022179974555169763,
         -0.00013506484395980344, -0.0017981884687472533),
        id="mu3-a0.5-b1-d1-e0.1-h0.1",
    ),
    pytest.param(
        2.0, 0.2, 2.0, 1.0, 0.05, 0.5, 0.00760703, 0.33460117, 0.00358618,
        (0.007607030838140683, 0.33460117180635596, 0.003586181282455071,
         -0.0038035154190703413, -0.0030052164472461756),
        id="mu2-a0.2-b2-d1-e0.05-h0.5",
    ),
    pytest.param(
        1.0, 0.5, 1.0, 0.5, 0.1, 0.1, 0.07832782, 0.33855519, 0.07406593,
        (0.07832782167941849, 0.3385551881119613, 0.07406592835584377,
         -0.00783278216794185, -0.06878086608730805),
        id="mu1-a0.5-b1-d0.5-e0.1-h0.1",
    ),
]
T1B_ARGS = ("mu", "a", "b", "d", "e", "h", "alpha", "detect", "q", "full")


@pytest.mark.parametrize(T1B_ARGS, T1B)
def test_statistical_test_t1b(mu: float, a: float, b: float, d: float, e: float, h: float,
                              alpha: float, detect: float, q: float,
                              full: tuple[float, float, float, float, float]) -> None:
    eq = solve_statistical_test(StatisticalTestGame(a=a, b=b, d=d, e=e, h=h), mu)
    assert round(eq.alpha, 8) == alpha
    assert round(eq.detection_probability, 8) == detect
    assert round(eq.q_violate, 8) == q
    alpha_f, detect_f, q_f, u_ee, u_or = full
    assert eq.alpha == pytest.approx(alpha_f, rel=1e-9)
    assert eq.detection_probability == pytest.approx(detect_f, rel=1e-9)
    assert eq.beta == pytest.approx(1 - detect_f, rel=1e-9)
    assert eq.q_violate == pytest.approx(q_f, rel=1e-9)
    assert eq.u_inspectee == pytest.approx(u_ee, rel=1e-9)
    assert eq.u_inspector == pytest.approx(u_or, rel=1e-9)
    assert eq.u_inspector_leader == pytest.approx(-e * alpha_f, rel=1e-9)
    assert eq.u_inspector_leader > eq.u_inspector


@pytest.mark.parametrize(T1B_ARGS, T1B)
def test_statistical_test_equilibrium_conditions(
    mu: float, a: float, b: float, d: float, e: float, h: float, alpha: float,
    detect: float, q: float, full: tuple[float, float, float, float, float],
) -> None:
    """Inspectee indifferent; alpha* maximizes the inspector's payoff given q*."""
    eq = solve_statistical_test(StatisticalTestGame(a=a, b=b, d=d, e=e, h=h), mu)
    assert (b + d) * eq.beta + h * eq.alpha == pytest.approx(b, abs=1e-12)
    assert eq.beta == pytest.approx(normal_nondetection(eq.alpha, mu), rel=1e-12)
    assert eq.critical_value == pytest.approx(stats.norm.isf(eq.alpha), rel=1e-10)

    def inspector(x: float) -> float:
        beta = normal_nondetection(x, mu)
        return -(1 - eq.q_violate) * e * x - eq.q_violate * (a + (1 - a) * beta)

    best = inspector(eq.alpha)
    assert best == pytest.approx(eq.u_inspector, rel=1e-12)
    for factor in (0.5, 0.9, 0.99, 1.01, 1.1, 2.0):
        assert inspector(eq.alpha * factor) <= best + 1e-15


def test_statistical_test_b_equals_d_gives_half_detection() -> None:
    """theory 3.1 note: b = d forces beta(alpha*) ~ 1/2 when h alpha* is small."""
    eq = solve_statistical_test(StatisticalTestGame(a=0.5, b=1, d=1, e=0.1, h=0), 2.5)
    assert eq.beta == pytest.approx(0.5, abs=1e-12)


def test_statistical_test_extreme_shift() -> None:
    """A very informative test: alpha* far below 1e-300 is still handled."""
    eq = solve_statistical_test(StatisticalTestGame(a=0.5, b=1, d=1, e=0.1, h=0.1), 40.0)
    assert 0 <= eq.alpha < 1e-300
    assert eq.beta == pytest.approx(0.5, abs=1e-9)
    assert 0 <= eq.q_violate < 1


def test_normal_nondetection() -> None:
    assert normal_nondetection(0.05, 0.0) == pytest.approx(0.95, rel=1e-14)
    assert normal_nondetection(0.05, 2.0) == pytest.approx(
        stats.norm.cdf(stats.norm.ppf(0.95) - 2), rel=1e-14)
    assert normal_nondetection(1, 2.0) == 0.0
    assert normal_nondetection(0, 2.0) == 1.0


@pytest.mark.parametrize(
    ("params", "match"),
    [
        pytest.param({"a": 1.0}, "0 <= a < 1", id="a-one"),
        pytest.param({"a": -0.1}, "0 <= a < 1", id="a-negative"),
        pytest.param({"b": 0}, r"b \(penalty", id="b-zero"),
        pytest.param({"d": -1}, r"d \(gain", id="d-negative"),
        pytest.param({"e": -0.1}, r"e \(inspector's cost", id="e-negative"),
        pytest.param({"h": -0.1}, r"h \(inspectee's cost", id="h-negative"),
        pytest.param({"h": 1.0}, "h must be < b", id="h-equals-b"),
    ],
)
def test_statistical_test_game_rejects(params: dict[str, float], match: str) -> None:
    base: dict[str, float] = {"a": 0.5, "b": 1.0, "d": 1.0, "e": 0.1, "h": 0.1}
    base.update(params)
    with pytest.raises(ValueError, match=match):
        StatisticalTestGame(**base)


@pytest.mark.parametrize("mu", [0.0, -1.0, math.inf])
def test_statistical_test_rejects_bad_shift(mu: float) -> None:
    game = StatisticalTestGame(a=0.5, b=1, d=1, e=0.1, h=0.1)
    with pytest.raises(ValueError, match="mu"):
        solve_statistical_test(game, mu)


def test_normal_nondetection_rejects_bad_alpha() -> None:
    with pytest.raises(ValueError, match=r"alpha must lie in \[0, 1\]"):
        normal_nondetection(1.5, 2.0)


def test_doctests() -> None:
    assert doctest.testmod(inspection_module).failed == 0
