"""Attribute sampling against oracle table T3 (theory.md 3.4), plus properties.

Expected values are transcribed from research/oracles/tables.md (T3); the
P(detect) column is exact, the binomial column is given to 6 decimals.
"""

from __future__ import annotations

import doctest
import math
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from accord import verification
from accord.verification import (
    binomial_detection_probability,
    cumulative_detection,
    detection_probability,
    falsified_items_needed,
    iaea_sample_size,
    minimum_sample,
)
from accord.verification import sampling as sampling_module

F = Fraction

# T3: (N, r, n, P(detect) exact, 1-(1-n/N)^r to 6 decimals)
T3_DETECTION = [
    (100, 1, 10, F(1, 10), 0.100000),
    (100, 5, 10, F(79137, 190120), 0.409510),
    (100, 10, 10, F(1053605815867, 1573664496040), 0.651322),
    (100, 10, 20, F(144127874, 159277783), 0.892626),
    (100, 20, 10, F(144127874, 159277783), 0.878423),
    (500, 10, 50, F(36417663206076521, 55613255385043235), 0.651322),
    (1000, 8, 250, F(232646946102898, 258260567868267), 0.899887),
    (
        1000, 20, 100,
        F(15403232934312618701003925253721, 17483843901816799110400497459635),
        0.878423,
    ),
    (50, 3, 25, F(173, 196), 0.875000),
    (10, 2, 3, F(8, 15), 0.510000),
]

# T3 rounded column "P(detect) exact (=0.xxxxxx)"
T3_DETECTION_ROUNDED = {
    (100, 1, 10): 0.100000, (100, 5, 10): 0.416248, (100, 10, 10): 0.669524,
    (100, 10, 20): 0.904884, (100, 20, 10): 0.904884, (500, 10, 50): 0.654838,
    (1000, 8, 250): 0.900823, (1000, 20, 100): 0.880998, (50, 3, 25): 0.882653,
    (10, 2, 3): 0.533333,
}

# T3 sample sizes: (N, r, 1-beta, n approx (IAEA), n exact)
T3_SAMPLE_SIZES = [
    (100, 1, F(9, 10), 90, 90), (100, 1, F(1, 2), 50, 50), (100, 1, F(1, 5), 20, 20),
    (100, 5, F(9, 10), 37, 37), (100, 5, F(1, 2), 13, 13), (100, 5, F(1, 5), 5, 5),
    (100, 10, F(9, 10), 21, 20), (100, 10, F(1, 2), 7, 7), (100, 10, F(1, 5), 3, 3),
    (100, 20, F(9, 10), 11, 10), (100, 20, F(1, 2), 4, 4), (100, 20, F(1, 5), 2, 1),
    (500, 1, F(9, 10), 450, 450), (500, 1, F(1, 2), 250, 250), (500, 1, F(1, 5), 100, 100),
    (500, 5, F(9, 10), 185, 184), (500, 5, F(1, 2), 65, 65), (500, 5, F(1, 5), 22, 22),
    (500, 10, F(9, 10), 103, 102), (500, 10, F(1, 2), 34, 34), (500, 10, F(1, 5), 12, 11),
    (500, 20, F(9, 10), 55, 54), (500, 20, F(1, 2), 18, 17), (500, 20, F(1, 5), 6, 6),
    (1000, 1, F(9, 10), 900, 900), (1000, 1, F(1, 2), 500, 500),
    (1000, 1, F(1, 5), 200, 200),
    (1000, 5, F(9, 10), 370, 369), (1000, 5, F(1, 2), 130, 130), (1000, 5, F(1, 5), 44, 44),
    (1000, 10, F(9, 10), 206, 205), (1000, 10, F(1, 2), 67, 67), (1000, 10, F(1, 5), 23, 22),
    (1000, 20, F(9, 10), 109, 108), (1000, 20, F(1, 2), 35, 34), (1000, 20, F(1, 5), 12, 11),
]


def _detection_id(row: tuple[int, int, int, Fraction, float]) -> str:
    return f"N{row[0]}-r{row[1]}-n{row[2]}"


def _size_id(row: tuple[int, int, Fraction, int, int]) -> str:
    return f"N{row[0]}-r{row[1]}-detect{row[2].numerator}_{row[2].denominator}"


DETECTION_CASES = [pytest.param(*row, id=_detection_id(row)) for row in T3_DETECTION]
SIZE_CASES = [pytest.param(*row, id=_size_id(row)) for row in T3_SAMPLE_SIZES]


# ----------------------------------------------------------------------- oracle T3


@pytest.mark.parametrize(("big_n", "r", "n", "exact", "binomial"), DETECTION_CASES)
def test_detection_probability_t3(
    big_n: int, r: int, n: int, exact: Fraction, binomial: float
) -> None:
    result = detection_probability(big_n, n, r)
    assert isinstance(result, Fraction)
    assert result == exact
    assert round(float(result), 6) == T3_DETECTION_ROUNDED[(big_n, r, n)]


@pytest.mark.parametrize(("big_n", "r", "n", "exact", "binomial"), DETECTION_CASES)
def test_binomial_approximation_t3(
    big_n: int, r: int, n: int, exact: Fraction, binomial: float
) -> None:
    approx = binomial_detection_probability(big_n, n, r)
    assert approx == 1 - (1 - F(n, big_n)) ** r
    assert float(approx) == pytest.approx(binomial, abs=5e-7)
    assert approx <= exact  # sampling without replacement finds more


@pytest.mark.parametrize(("big_n", "r", "target", "n_approx", "n_exact"), SIZE_CASES)
def test_minimum_sample_t3(big_n: int, r: int, target: Fraction, n_approx: int,
                           n_exact: int) -> None:
    assert minimum_sample(big_n, r, target) == n_exact
    assert minimum_sample(big_n, r, float(target)) == n_exact  # 0.9 read as 9/10


@pytest.mark.parametrize(("big_n", "r", "target", "n_approx", "n_exact"), SIZE_CASES)
def test_iaea_sample_size_t3(big_n: int, r: int, target: Fraction, n_approx: int,
                             n_exact: int) -> None:
    assert iaea_sample_size(big_n, r, target) == n_approx
    assert iaea_sample_size(big_n, r, float(target)) == n_approx
    # [Q] INMM: the exact minimum lies in {n_IAEA - 3, ..., n_IAEA}
    assert n_approx - 3 <= n_exact <= n_approx


def test_theory_spot_values() -> None:
    """theory.md 3.4 spot table and the symmetry remark."""
    assert round(float(detection_probability(100, 10, 10)), 6) == 0.669524
    assert detection_probability(100, 20, 10) == detection_probability(100, 10, 20)
    assert iaea_sample_size(1000, 10, F(9, 10)) == 206
    assert minimum_sample(1000, 10, F(9, 10)) == 205


# ------------------------------------------------------------------ small / edges


@pytest.mark.parametrize(
    ("big_n", "n", "r", "expected"),
    [
        pytest.param(10, 0, 3, F(0), id="empty-sample"),
        pytest.param(10, 4, 0, F(0), id="nothing-falsified"),
        pytest.param(10, 10, 1, F(1), id="census"),
        pytest.param(10, 8, 3, F(1), id="sample-exceeds-clean-items"),
        pytest.param(0, 0, 0, F(0), id="empty-population"),
        pytest.param(5, 1, 1, F(1, 5), id="one-of-five"),
    ],
)
def test_detection_edges(big_n: int, n: int, r: int, expected: Fraction) -> None:
    assert detection_probability(big_n, n, r) == expected


def test_minimum_sample_edges() -> None:
    assert minimum_sample(100, 5, 0) == 0
    assert minimum_sample(100, 0, 0) == 0
    assert minimum_sample(100, 5, 1) == 96  # P_D = 1 needs n > N - r
    assert minimum_sample(100, 100, 1) == 1
    assert iaea_sample_size(100, 5, 0) == 0
    assert iaea_sample_size(100, 5, 1) == 100
    assert iaea_sample_size(100, 5, 1.0) == 100


def test_falsified_items_needed() -> None:
    assert falsified_items_needed(8, 3) == 3
    assert falsified_items_needed(9, 3) == 3
    assert falsified_items_needed(F(8), F(1, 2)) == 16
    assert falsified_items_needed(8.0, 0.1) == 80  # 0.1 read as 1/10, not rounded up to 81


def test_cumulative_detection() -> None:
    assert cumulative_detection([]) == 0
    assert cumulative_detection([F(1, 2), F(1, 3)]) == F(2, 3)
    got = cumulative_detection([0.5, F(1, 3)])
    assert isinstance(got, float)
    assert got == pytest.approx(2 / 3, rel=1e-15)
    p = detection_probability(100, 10, 5)
    assert cumulative_detection([p, p, p]) == 1 - (1 - p) ** 3


# --------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    ("args", "match"),
    [
        pytest.param((-1, 0, 0), "population must be >= 0", id="negative-population"),
        pytest.param((10, 11, 1), "sample must satisfy", id="sample-above-population"),
        pytest.param((10, -1, 1), "sample must satisfy", id="negative-sample"),
        pytest.param((10, 2, 11), "falsified must satisfy", id="falsified-above-population"),
        pytest.param((10, 2, -1), "falsified must satisfy", id="negative-falsified"),
    ],
)
def test_detection_rejects_out_of_range(args: tuple[int, int, int], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        detection_probability(*args)
    with pytest.raises(ValueError, match=match):
        binomial_detection_probability(*args)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param((10.0, 2, 1), id="float-population"),
        pytest.param((10, 2.5, 1), id="float-sample"),
        pytest.param((10, 2, True), id="bool-falsified"),
        pytest.param((10, "2", 1), id="str-sample"),
    ],
)
def test_detection_rejects_non_integers(args: tuple[object, object, object]) -> None:
    with pytest.raises(TypeError, match="must be an integer"):
        detection_probability(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize("func", [minimum_sample, iaea_sample_size])
@pytest.mark.parametrize(
    ("args", "match"),
    [
        pytest.param((100, 5, F(3, 2)), r"target must lie in \[0, 1\]", id="target-above-1"),
        pytest.param((100, 5, -0.1), r"target must lie in \[0, 1\]", id="negative-target"),
        pytest.param((100, 5, math.nan), "target must be finite", id="nan-target"),
        pytest.param((100, 0, F(1, 2)), "falsified must be >= 1", id="nothing-to-detect"),
        pytest.param((100, 101, F(1, 2)), "falsified must satisfy", id="falsified-too-big"),
        pytest.param((-5, 1, F(1, 2)), "population must be >= 0", id="negative-population"),
    ],
)
def test_sample_size_rejects_bad_inputs(
    func: object, args: tuple[int, int, float | Fraction], match: str
) -> None:
    assert callable(func)
    with pytest.raises(ValueError, match=match):
        func(*args)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        pytest.param((0, 1), "goal_quantity must be > 0", id="zero-goal"),
        pytest.param((8, 0), "per_item must be > 0", id="zero-per-item"),
        pytest.param((8, -1.5), "per_item must be > 0", id="negative-per-item"),
        pytest.param((math.inf, 1), "goal_quantity must be finite", id="infinite-goal"),
    ],
)
def test_falsified_items_needed_rejects(args: tuple[float, float], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        falsified_items_needed(*args)


def test_cumulative_detection_rejects() -> None:
    with pytest.raises(ValueError, match=r"probabilities\[1\] must lie in \[0, 1\]"):
        cumulative_detection([F(1, 2), F(3, 2)])


# --------------------------------------------------------------------- properties

designs = st.integers(min_value=1, max_value=300).flatmap(
    lambda big_n: st.tuples(
        st.just(big_n),
        st.integers(min_value=0, max_value=big_n),
        st.integers(min_value=0, max_value=big_n),
    )
)
targets = st.fractions(min_value=0, max_value=1, max_denominator=1000)


@given(designs)
def test_product_form_equals_binomial_form(design: tuple[int, int, int]) -> None:
    big_n, n, r = design
    miss = F(1)
    for i in range(n):
        miss *= F(big_n - r - i, big_n - i)
    assert detection_probability(big_n, n, r) == 1 - miss
    assert detection_probability(big_n, n, r) == 1 - F(math.comb(big_n - r, n),
                                                        math.comb(big_n, n))


@given(designs)
def test_detection_symmetric_in_sample_and_falsified(design: tuple[int, int, int]) -> None:
    big_n, n, r = design
    assert detection_probability(big_n, n, r) == detection_probability(big_n, r, n)


@given(designs)
def test_detection_monotone_in_sample_and_falsified(design: tuple[int, int, int]) -> None:
    big_n, n, r = design
    p = detection_probability(big_n, n, r)
    assert 0 <= p <= 1
    if n < big_n:
        assert detection_probability(big_n, n + 1, r) >= p
        if r >= 1 and n + r <= big_n:
            assert detection_probability(big_n, n + 1, r) > p  # strictly, until P_D = 1
    if r < big_n:
        assert detection_probability(big_n, n, r + 1) >= p


@given(designs)
def test_binomial_approximation_is_conservative(design: tuple[int, int, int]) -> None:
    big_n, n, r = design
    assert binomial_detection_probability(big_n, n, r) <= detection_probability(big_n, n, r)


@given(designs, targets)
def test_minimum_sample_is_minimal(design: tuple[int, int, int], target: Fraction) -> None:
    big_n, _, r = design
    assume(r >= 1 or target == 0)
    n = minimum_sample(big_n, r, target)
    assert 0 <= n <= big_n
    assert detection_probability(big_n, n, r) >= target
    if n > 0:
        assert detection_probability(big_n, n - 1, r) < target


@given(designs, targets)
def test_iaea_size_matches_formula_and_is_conservative(
    design: tuple[int, int, int], target: Fraction
) -> None:
    big_n, _, r = design
    assume(r >= 1)
    n = iaea_sample_size(big_n, r, target)
    assert n >= minimum_sample(big_n, r, target)
    # it is the exact minimum for the binomial approximation ...
    assert binomial_detection_probability(big_n, n, r) >= target
    if n > 0:
        assert binomial_detection_probability(big_n, n - 1, r) < target
    # ... i.e. ceil(N (1 - beta^(1/r))) wherever floating point is unambiguous
    raw = big_n * (1 - float(1 - target) ** (1 / r))
    if abs(raw - round(raw)) > 1e-9:
        assert n == math.ceil(raw)


def test_doctests() -> None:
    for module in (sampling_module, verification):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0
