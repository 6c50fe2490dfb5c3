"""Attribute sampling: the chance that a random sample finds a falsified item.

An inspector draws ``n`` of ``N`` items *without replacement* and checks each
one for falsification.  If ``r`` items are falsified, at least one is found with
the hypergeometric probability::

    P_D(N, n, r) = 1 - C(N - r, n) / C(N, n) = 1 - prod_{i=0}^{n-1} (N - r - i) / (N - i)

All counts are dimensionless item counts; probabilities are in ``[0, 1]``.

Number handling shared by :mod:`accord.verification`
-----------------------------------------------------
* Exact inputs (``int``, :class:`fractions.Fraction`) give exact ``Fraction`` results.
* If any real-valued input is a ``float``, the result is a ``float``.  Floats are
  read as the shortest decimal that prints the same (``0.9`` means ``9/10``), the
  formula is evaluated exactly, and the result is rounded once.  Thresholds that
  hold with equality for the decimal the user wrote therefore behave as written
  (e.g. ``minimum_sample(100, 1, 0.9) == 90``).
* Counts (population, sample, periods, ...) must be integers: anything else raises
  ``TypeError``; out-of-range values raise ``ValueError``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

from accord.verification.exact import Number, count, fraction, is_exact, result

__all__ = [
    "Number",
    "binomial_detection_probability",
    "cumulative_detection",
    "detection_probability",
    "falsified_items_needed",
    "iaea_sample_size",
    "minimum_sample",
]


def _probability(value: Number, name: str) -> Fraction:
    x = fraction(value, name)
    if not 0 <= x <= 1:
        raise ValueError(f"{name} must lie in [0, 1], got {value!r}")
    return x


def _goal(population: int, falsified: int, target: Number) -> tuple[int, int, Fraction]:
    """Validate ``(N, r, target)`` of a sample-size question; a positive target needs
    ``r >= 1`` (nothing falsified cannot be detected)."""
    big_n, _, r = _design(population, None, falsified)
    goal = _probability(target, "target")
    if goal > 0 and r == 0:
        raise ValueError("falsified must be >= 1 for a positive target: nothing can be detected")
    return big_n, r, goal


def _design(population: int, sample: int | None, falsified: int) -> tuple[int, int, int]:
    """Validate ``(N, n, r)``; ``sample=None`` skips the sample (returned as 0)."""
    big_n = count(population, "population")
    if big_n < 0:
        raise ValueError(f"population must be >= 0, got {big_n}")
    n = 0
    if sample is not None:
        n = count(sample, "sample")
        if not 0 <= n <= big_n:
            raise ValueError(f"sample must satisfy 0 <= sample <= population={big_n}, got {n}")
    r = count(falsified, "falsified")
    if not 0 <= r <= big_n:
        raise ValueError(f"falsified must satisfy 0 <= falsified <= population={big_n}, got {r}")
    return big_n, n, r


def _miss(big_n: int, n: int, r: int) -> Fraction:
    """``C(N-r, n) / C(N, n)`` (no falsified item in the sample), via the shorter form.

    Uses the symmetry ``C(N-r, n)/C(N, n) = C(N-n, r)/C(N, r)``.
    """
    if r < n:
        n, r = r, n
    return Fraction(math.comb(big_n - r, n), math.comb(big_n, n))


# ------------------------------------------------------------------------ public API


def detection_probability(population: int, sample: int, falsified: int) -> Fraction:
    """Exact hypergeometric detection probability of attribute sampling.

    ``P_D = 1 - C(N - r, n) / C(N, n)``: the probability that a sample of ``n``
    items drawn without replacement from ``N`` contains at least one of the ``r``
    falsified items.

    Args:
        population: ``N >= 0``, number of items.
        sample: ``n`` with ``0 <= n <= N``, items inspected.
        falsified: ``r`` with ``0 <= r <= N``, items falsified.

    Returns:
        The probability as an exact Fraction in ``[0, 1]``.

    >>> detection_probability(10, 3, 2)
    Fraction(8, 15)
    >>> detection_probability(100, 5, 10) == detection_probability(100, 10, 5)
    True
    """
    big_n, n, r = _design(population, sample, falsified)
    return 1 - _miss(big_n, n, r)


def binomial_detection_probability(population: int, sample: int, falsified: int) -> Fraction:
    """Binomial (with-replacement) approximation ``1 - (1 - n/N)^r``, exact.

    Never exceeds :func:`detection_probability` (sampling without replacement
    finds more).  ``N = 0`` gives 0.

    >>> binomial_detection_probability(10, 3, 2)
    Fraction(51, 100)
    """
    big_n, n, r = _design(population, sample, falsified)
    if big_n == 0:
        return Fraction(0)
    return 1 - (1 - Fraction(n, big_n)) ** r


def minimum_sample(population: int, falsified: int, target: Number) -> int:
    """Smallest sample size ``n`` with ``P_D(N, n, r) >= target`` (exact).

    ``P_D`` is non-decreasing in ``n`` (and equals 1 for ``n > N - r``), so a
    binary search over ``0..N`` with exact rational comparisons finds it.

    Args:
        population: ``N``, number of items.
        falsified: ``r``, number of falsified items to be detected.
        target: required detection probability ``1 - beta`` in ``[0, 1]``.

    Raises:
        ValueError: out-of-range arguments, or ``target > 0`` with ``r = 0``.

    >>> minimum_sample(1000, 10, Fraction(9, 10))
    205
    >>> minimum_sample(100, 1, 0.9)
    90
    """
    big_n, r, goal = _goal(population, falsified, target)
    if goal == 0:
        return 0
    lo, hi = 0, big_n - r + 1  # P_D(lo) < goal <= P_D(hi) = 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if 1 - _miss(big_n, mid, r) >= goal:
            hi = mid
        else:
            lo = mid
    return hi


def iaea_sample_size(population: int, falsified: int, target: Number) -> int:
    """IAEA approximate sample size ``n = ceil(N (1 - beta^(1/r)))``, ``beta = 1 - target``.

    Equivalently (both sides are monotone) the smallest ``n`` whose *binomial*
    detection probability ``1 - (1 - n/N)^r`` reaches ``target``; that exact
    characterization is used to correct the floating-point root, so the ceiling
    never lands one off because of rounding.  It is at least
    :func:`minimum_sample` (the approximation is conservative).

    >>> iaea_sample_size(1000, 10, Fraction(9, 10))
    206
    >>> iaea_sample_size(100, 1, Fraction(9, 10))
    90
    """
    big_n, r, goal = _goal(population, falsified, target)
    if goal == 0:
        return 0
    beta = 1 - goal

    def reaches(n: int) -> bool:
        return (1 - Fraction(n, big_n)) ** r <= beta

    guess: float = big_n * (1.0 - float(beta) ** (1.0 / r))
    n = min(max(math.ceil(guess), 0), big_n)
    while n > 0 and reaches(n - 1):
        n -= 1
    while not reaches(n):
        n += 1
    return n


def falsified_items_needed(goal_quantity: Number, per_item: Number) -> int:
    """Number of items ``r = ceil(M / x)`` to falsify to divert a goal quantity.

    Args:
        goal_quantity: ``M > 0``, the significant / goal quantity (e.g. kg).
        per_item: ``x > 0``, the amount diverted per falsified item (same unit).

    >>> falsified_items_needed(8, 3)
    3
    >>> falsified_items_needed(8, 0.5)
    16
    """
    m = fraction(goal_quantity, "goal_quantity")
    x = fraction(per_item, "per_item")
    if m <= 0:
        raise ValueError(f"goal_quantity must be > 0, got {goal_quantity!r}")
    if x <= 0:
        raise ValueError(f"per_item must be > 0, got {per_item!r}")
    ratio = m / x
    return -(-ratio.numerator // ratio.denominator)  # exact ceiling


def cumulative_detection(probabilities: Iterable[Number]) -> Fraction | float:
    """Probability that independent phases catch a persistent violation at least once.

    ``1 - prod_t (1 - p_t)``; an empty sequence gives 0.  Exact unless some
    ``p_t`` is a float.

    >>> cumulative_detection([Fraction(1, 2), Fraction(1, 3)])
    Fraction(2, 3)
    """
    values = list(probabilities)
    miss = Fraction(1)
    for i, p in enumerate(values):
        miss *= 1 - _probability(p, f"probabilities[{i}]")
    return result(1 - miss, is_exact(*values))
