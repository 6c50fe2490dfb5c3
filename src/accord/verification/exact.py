"""Exact or inexact numbers of the verification formulas: one convention for every module.

Exact inputs (``int`` / ``Fraction``) give exact ``Fraction`` results; a float
input makes the result a float (computed exactly, then rounded once).

>>> fraction(0.1, "x"), is_exact(1, Fraction(1, 3)), result(Fraction(1, 4), exact=False)
(Fraction(1, 10), True, 0.25)
"""

from __future__ import annotations

import math
import numbers
import operator
from fractions import Fraction
from typing import TypeAlias

__all__ = ["Number", "count", "fraction", "is_exact", "result"]

Number: TypeAlias = int | Fraction | float
"""A real input: exact (``int`` / ``Fraction``) or inexact (``float``)."""


def count(value: object, name: str) -> int:
    """``value`` as a Python ``int``; ``TypeError`` unless it is an integer (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    return operator.index(value)


def is_exact(*values: object) -> bool:
    """True when every value is rational (int / Fraction), so results stay Fractions."""
    return all(isinstance(v, numbers.Rational) for v in values)


def fraction(value: object, name: str) -> Fraction:
    """``value`` as an exact Fraction; a float is read as its shortest decimal repr."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a real number, got {value!r} (bool)")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Integral):
        return Fraction(operator.index(value))
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, numbers.Real):
        x = float(value)
        if not math.isfinite(x):
            raise ValueError(f"{name} must be finite, got {x!r}")
        return Fraction(repr(x))
    raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")


def result(value: Fraction, exact: bool) -> Fraction | float:
    """``value`` unchanged when the inputs were exact, else rounded to a float."""
    return value if exact else float(value)
