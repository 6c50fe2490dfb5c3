"""Dresher's recursive inspection game against oracle table T2 (theory.md 3.3)."""

from __future__ import annotations

import doctest
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.verification import (
    DresherStage,
    dresher_stage,
    dresher_value,
    dresher_value_recursive,
)
from accord.verification import dresher as dresher_module

F = Fraction

# T2: v(n, m) for n = 1..8 (rows) and m = 0..5 (columns), value to the violator.
T2_B1 = """
1 | 0    | 0     | 0     | 0      | 0
1 | 1/3  | 0     | 0     | 0      | 0
1 | 1/2  | 1/7   | 0     | 0      | 0
1 | 3/5  | 3/11  | 1/15  | 0      | 0
1 | 2/3  | 3/8   | 2/13  | 1/31   | 0
1 | 5/7  | 5/11  | 5/21  | 5/57   | 1/63
1 | 3/4  | 15/29 | 5/16  | 5/33   | 1/20
1 | 7/9  | 21/37 | 35/93 | 35/163 | 7/73
"""

T2_B2 = """
1 | 0    | 0     | 0      | 0      | 0
1 | 1/4  | 0     | 0      | 0      | 0
1 | 2/5  | 1/13  | 0      | 0      | 0
1 | 1/2  | 1/6   | 1/40   | 0      | 0
1 | 4/7  | 1/4   | 2/29   | 1/121  | 0
1 | 5/8  | 10/31 | 5/41   | 5/179  | 1/364
1 | 2/3  | 5/13  | 20/113 | 5/87   | 2/181
1 | 7/10 | 7/16  | 35/152 | 35/374 | 7/268
"""

# T2 current-period equilibrium (b = 1): (n, m) -> (P(inspect now), P(violate now))
T2_STAGE = {
    (2, 1): (F(1, 3), F(1, 3)),
    (3, 1): (F(1, 4), F(1, 4)),
    (3, 2): (F(3, 7), F(1, 7)),
    (4, 1): (F(1, 5), F(1, 5)),
    (4, 2): (F(4, 11), F(5, 33)),
    (5, 2): (F(5, 16), F(9, 64)),
    (6, 3): (F(8, 21), F(23, 231)),
    (10, 3): (F(23, 88), F(133, 1628)),
}


def _cases(table: str, b: int) -> list[object]:
    cases: list[object] = []
    rows = [line for line in table.strip().splitlines() if line.strip()]
    for n, line in enumerate(rows, start=1):
        for m, cell in enumerate(line.split("|")):
            cases.append(pytest.param(n, m, b, F(cell.strip()), id=f"b{b}-n{n}-m{m}"))
    return cases


T2_CASES = _cases(T2_B1, 1) + _cases(T2_B2, 2)


def test_t2_tables_are_complete() -> None:
    assert len(T2_CASES) == 2 * 8 * 6


@pytest.mark.parametrize(("n", "m", "b", "expected"), T2_CASES)
def test_dresher_value_t2(n: int, m: int, b: int, expected: Fraction) -> None:
    value = dresher_value(n, m, b)
    assert isinstance(value, Fraction)
    assert value == expected


@pytest.mark.parametrize(("n", "m", "b", "expected"), T2_CASES)
def test_dresher_recursion_t2(n: int, m: int, b: int, expected: Fraction) -> None:
    assert dresher_value_recursive(n, m, b) == expected


@pytest.mark.parametrize(
    ("n", "m", "p", "q"),
    [pytest.param(n, m, p, q, id=f"stage-n{n}-m{m}") for (n, m), (p, q) in T2_STAGE.items()],
)
def test_dresher_stage_t2(n: int, m: int, p: Fraction, q: Fraction) -> None:
    stage = dresher_stage(n, m)
    assert (stage.p_inspect, stage.q_violate) == (p, q)
    assert stage.value == dresher_value(n, m)


@pytest.mark.parametrize(
    ("n", "m", "b", "expected"),
    [
        pytest.param(2, 1, 1, F(1, 3), id="v2-1"),
        pytest.param(3, 1, 1, F(1, 2), id="v3-1"),
        pytest.param(6, 3, 1, F(5, 21), id="v6-3"),
        pytest.param(8, 3, 1, F(35, 93), id="v8-3"),
        pytest.param(6, 3, 2, F(5, 41), id="v6-3-b2"),
        pytest.param(0, 0, 1, F(0), id="no-periods"),
        pytest.param(5, 9, 1, F(0), id="more-inspections-than-periods"),
        pytest.param(40, 0, F(1, 3), F(1), id="no-inspections"),
    ],
)
def test_theory_examples_and_boundaries(n: int, m: int, b: Fraction | int,
                                        expected: Fraction) -> None:
    assert dresher_value(n, m, b) == expected
    assert dresher_value_recursive(n, m, b) == expected


def test_stage_boundaries() -> None:
    assert dresher_stage(4, 0) == DresherStage(F(0), F(1), F(1))
    assert dresher_stage(4, 4) == DresherStage(F(1), F(0), F(0))
    assert dresher_stage(1, 3) == DresherStage(F(1), F(0), F(0))


def test_float_penalty_gives_floats() -> None:
    value = dresher_value(6, 3, 2.0)
    assert isinstance(value, float)
    assert value == pytest.approx(5 / 41, rel=1e-15)
    assert dresher_value_recursive(6, 3, 2.0) == pytest.approx(5 / 41, rel=1e-15)
    stage = dresher_stage(10, 3, 1.0)
    assert isinstance(stage.p_inspect, float)
    assert stage.q_violate == pytest.approx(133 / 1628, rel=1e-15)
    big = dresher_value(400, 150, 0.5)  # huge binomials: computed exactly, rounded once
    assert isinstance(big, float)
    assert 0 < big < 1


# --------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("func", [dresher_value, dresher_value_recursive, dresher_stage])
@pytest.mark.parametrize(
    ("args", "match"),
    [
        pytest.param((-1, 0, 1), r"n \(number of periods\) must be >= 0", id="negative-n"),
        pytest.param((3, -1, 1), r"m \(number of inspections\) must be >= 0", id="negative-m"),
        pytest.param((3, 1, 0), r"b \(violator's loss when caught\) must be > 0", id="b-zero"),
        pytest.param((3, 1, -2.5), r"b \(violator's loss", id="b-negative"),
        pytest.param((3, 1, math.nan), "b must be finite", id="b-nan"),
    ],
)
def test_rejects_bad_inputs(func: object, args: tuple[int, int, float], match: str) -> None:
    assert callable(func)
    with pytest.raises(ValueError, match=match):
        func(*args)


def test_stage_needs_a_period() -> None:
    with pytest.raises(ValueError, match="must be >= 1 for a current period"):
        dresher_stage(0, 0)


def test_rejects_non_integer_counts() -> None:
    with pytest.raises(TypeError, match="n must be an integer"):
        dresher_value(3.0, 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="m must be an integer"):
        dresher_stage(3, True)


# --------------------------------------------------------------------- properties

penalties = st.fractions(min_value=F(1, 10), max_value=10, max_denominator=12)
sizes = st.integers(min_value=1, max_value=30).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(min_value=0, max_value=n + 1))
)


@given(sizes, penalties)
def test_closed_form_equals_recursion(size: tuple[int, int], b: Fraction) -> None:
    n, m = size
    assert dresher_value(n, m, b) == dresher_value_recursive(n, m, b)


@given(sizes, penalties)
def test_value_in_unit_interval_and_monotone(size: tuple[int, int], b: Fraction) -> None:
    n, m = size
    v = dresher_value(n, m, b)
    assert 0 <= v <= 1
    assert dresher_value(n, m + 1, b) <= v  # more inspections help the inspector
    assert dresher_value(n + 1, m, b) >= v  # more periods help the violator
    assert dresher_value(n, m, b + 1) <= v  # a harsher penalty deters
    if 1 <= m < n:
        assert 0 < v < 1
        assert dresher_value(n, m + 1, b) < v


@given(sizes, penalties)
def test_stage_is_the_saddle_point_of_the_stage_game(size: tuple[int, int],
                                                     b: Fraction) -> None:
    n, m = size
    stage = dresher_stage(n, m, b)
    p, q, v = F(stage.p_inspect), F(stage.q_violate), F(stage.value)
    assert 0 <= p <= 1
    assert 0 <= q <= 1
    assert v == dresher_value(n, m, b)
    if m == 0:  # no inspection left: violating now is the pure best reply
        assert (p, q, v) == (0, 1, 1)
        return
    if m >= n:  # an inspection for every period: inspect now, nobody violates
        assert (p, q, v) == (1, 0, 0)
        return
    v0, v1 = F(dresher_value(n - 1, m, b)), F(dresher_value(n - 1, m - 1, b))
    # violator's payoff of each pure reply to p, and inspector's of each to q
    assert p * -b + (1 - p) * 1 == v  # violate now
    assert p * v1 + (1 - p) * v0 == v  # act legally now
    assert q * -b + (1 - q) * v1 == v  # inspect now
    assert q * 1 + (1 - q) * v0 == v  # wait
    assert 0 < p < 1
    assert 0 < q < 1


def test_doctests() -> None:
    assert doctest.testmod(dresher_module).failed == 0
