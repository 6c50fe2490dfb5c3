"""Dresher's (1962) recursive inspection game, with a general penalty ``b``.

There are ``n`` periods and the inspector has ``m`` inspections.  The violator sees
past inspections (not the current one) and may violate in at most one period.
Zero-sum payoffs to the violator: ``+1`` for an undetected violation, ``-b`` if
caught (Dresher: ``b = 1``), ``0`` if it always acts legally.  Boundary values:
``v(n, 0) = 1`` for ``n >= 1`` (violate unobserved) and ``v(n, m) = 0`` for
``m >= n`` (every period can be inspected).  For ``1 <= m < n`` each period is the
2x2 zero-sum game (violator's payoff)::

                violate   legal
    inspect     -b        v(n-1, m-1)
    wait        +1        v(n-1, m)

which has no saddle point, so with ``v0 = v(n-1, m)``, ``v1 = v(n-1, m-1)``::

    v(n, m)          = (b v0 + v1) / (b + 1 + v1 - v0)
    P(inspect now)   = (1 - v0)    / (b + 1 + v1 - v0)
    P(violate now)   = (v1 - v0)   / (b + 1 + v1 - v0)

Closed form: ``v(n, m) = C(n-1, m) / sum_{i=0}^{m} C(n, i) b^(m-i)``.

Values are in the violator's payoff unit (one undetected violation = 1);
the inspector's value is ``-v``.  Exact ``b`` (int / Fraction) gives Fractions,
float ``b`` floats (see :mod:`accord.verification.sampling` for the conventions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from accord.verification.exact import Number, count, fraction, is_exact, result

__all__ = [
    "DresherStage",
    "dresher_stage",
    "dresher_value",
    "dresher_value_recursive",
]


@dataclass(frozen=True)
class DresherStage:
    """Current-period equilibrium of Dresher's game at ``(n, m)``.

    ``p_inspect`` = P(inspector uses an inspection now), ``q_violate`` =
    P(violator violates now), ``value`` = ``v(n, m)`` to the violator.
    """

    p_inspect: Fraction | float
    q_violate: Fraction | float
    value: Fraction | float


def _args(n: int, m: int, b: Number) -> tuple[int, int, Fraction]:
    periods = count(n, "n")
    inspections = count(m, "m")
    if periods < 0:
        raise ValueError(f"n (number of periods) must be >= 0, got {periods}")
    if inspections < 0:
        raise ValueError(f"m (number of inspections) must be >= 0, got {inspections}")
    penalty = fraction(b, "b")
    if penalty <= 0:
        raise ValueError(f"b (violator's loss when caught) must be > 0, got {b!r}")
    return periods, inspections, penalty


def _closed_form(n: int, m: int, b: Fraction) -> Fraction:
    if n == 0 or m >= n:
        return Fraction(0)
    # Horner: sum_{i=0}^{m} C(n, i) b^(m-i) = (((C(n,0)) b + C(n,1)) b + ...) b + C(n,m)
    denominator = Fraction(0)
    for i in range(m + 1):
        denominator = denominator * b + math.comb(n, i)
    return math.comb(n - 1, m) / denominator


def dresher_value(n: int, m: int, b: Number = 1) -> Fraction | float:
    """Value ``v(n, m)`` to the violator of Dresher's game, by the closed form.

    ``v(n, m) = C(n-1, m) / sum_{i=0}^{m} C(n, i) b^(m-i)`` for ``n >= 1``
    (this gives ``v(n, 0) = 1`` and ``v(n, m) = 0`` for ``m >= n``); ``v(0, m) = 0``.

    Args:
        n: number of periods, ``>= 0``.
        m: number of inspections, ``>= 0``.
        b: violator's loss when a violation is caught, ``> 0`` (Dresher: 1).

    Returns:
        The value in ``[0, 1]``: exact if ``b`` is exact, else a float.

    >>> dresher_value(6, 3)
    Fraction(5, 21)
    >>> dresher_value(6, 3, b=2)
    Fraction(5, 41)
    >>> dresher_value(3, 1, b=1.0)
    0.5
    """
    periods, inspections, penalty = _args(n, m, b)
    return result(_closed_form(periods, inspections, penalty), is_exact(b))


def _value_table(n: int, m: int, b: Fraction) -> list[list[Fraction]]:
    """``table[k][j] = v(k, j)`` for ``0 <= k <= n``, ``0 <= j <= m``, by the recursion."""
    table = [[Fraction(0)] * (m + 1)]  # v(0, j) = 0: no period left to violate in
    for k in range(1, n + 1):
        prev = table[-1]
        row = [Fraction(1)]  # v(k, 0) = 1
        for j in range(1, m + 1):
            if j >= k:
                row.append(Fraction(0))
                continue
            v0, v1 = prev[j], prev[j - 1]
            row.append((b * v0 + v1) / (b + 1 + v1 - v0))
        table.append(row)
    return table


def dresher_value_recursive(n: int, m: int, b: Number = 1) -> Fraction | float:
    """``v(n, m)`` by the stage-game recursion (dynamic programming, ``O(n m)``).

    ``v(n, m) = (b v(n-1, m) + v(n-1, m-1)) / (b + 1 + v(n-1, m-1) - v(n-1, m))``
    for ``1 <= m < n``, with the boundary values of :func:`dresher_value`; it
    agrees exactly with the closed form.

    >>> dresher_value_recursive(8, 3)
    Fraction(35, 93)
    """
    periods, inspections, penalty = _args(n, m, b)
    value = _value_table(periods, inspections, penalty)[periods][inspections]
    return result(value, is_exact(b))


def dresher_stage(n: int, m: int, b: Number = 1) -> DresherStage:
    """Current-period equilibrium ``(P(inspect now), P(violate now))`` at ``(n, m)``.

    For ``1 <= m < n`` (no saddle point), with ``v0 = v(n-1, m)``,
    ``v1 = v(n-1, m-1)`` and ``D = b + 1 + v1 - v0``::

        p = (1 - v0) / D,    q = (v1 - v0) / D,    v(n, m) = (b v0 + v1) / D

    Boundaries (pure): ``m = 0`` gives ``p = 0, q = 1`` (violating now is optimal,
    value 1); ``m >= n`` gives ``p = 1, q = 0`` (inspect every period, value 0).

    Raises:
        ValueError: ``n < 1`` (no current period), or invalid ``m`` / ``b``.

    >>> dresher_stage(3, 2)
    DresherStage(p_inspect=Fraction(3, 7), q_violate=Fraction(1, 7), value=Fraction(1, 7))
    """
    periods, inspections, penalty = _args(n, m, b)
    if periods < 1:
        raise ValueError(f"n (number of periods) must be >= 1 for a current period, got {periods}")
    x = is_exact(b)
    if inspections == 0:
        p, q, value = Fraction(0), Fraction(1), Fraction(1)
    elif inspections >= periods:
        p, q, value = Fraction(1), Fraction(0), Fraction(0)
    else:
        v0 = _closed_form(periods - 1, inspections, penalty)
        v1 = _closed_form(periods - 1, inspections - 1, penalty)
        denominator = penalty + 1 + v1 - v0
        p = (1 - v0) / denominator
        q = (v1 - v0) / denominator
        value = (penalty * v0 + v1) / denominator
    return DresherStage(p_inspect=result(p, x), q_violate=result(q, x), value=result(value, x))
