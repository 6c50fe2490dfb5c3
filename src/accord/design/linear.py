"""A small builder of linear programs: sparse rows, interval bounds, big-M, McCormick.

An expression is a ``dict`` from variable index to coefficient; key :data:`ONE`
holds the constant.  Rows are ``lo <= expr <= hi``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

#: Key of the constant term of an expression.
ONE = -1

Lin = dict[int, float]


def axpy(out: Lin, a: float, x: Lin) -> Lin:
    """``out += a * x`` in place; returns ``out``."""
    if a == 0.0:
        return out
    for v, c in x.items():
        out[v] = out.get(v, 0.0) + a * c
    return out


def const(x: float) -> Lin:
    return {ONE: x} if x else {}


@dataclass
class Builder:
    """Columns (bounds, integrality, cost) and rows of one program."""

    lb: list[float] = field(default_factory=list)
    ub: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[tuple[Lin, float, float]] = field(default_factory=list)
    tags: list[object] = field(default_factory=list)

    def var(self, lb: float = 0.0, ub: float = 1.0, integer: bool = False) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(integer)
        return len(self.lb) - 1

    def row(self, expr: Lin, lo: float = -math.inf, hi: float = math.inf,
            tag: object = None) -> int:
        """Add ``lo <= expr <= hi`` (the constant of ``expr`` moved to the bounds)."""
        c = expr.get(ONE, 0.0)
        body = {v: a for v, a in expr.items() if v != ONE and a != 0.0}
        self.rows.append((body, lo - c, hi - c))
        self.tags.append(tag)
        return len(self.rows) - 1

    def low(self, expr: Lin) -> float:
        """The smallest value ``expr`` can take within the column bounds."""
        return sum(a if v == ONE else a * (self.lb[v] if a > 0 else self.ub[v])
                   for v, a in expr.items())

    def high(self, expr: Lin) -> float:
        return -self.low({v: -a for v, a in expr.items()})

    def at_least(self, expr: Lin, rhs: float, active: Lin | None = None,
                 tag: object = None, low: float | None = None) -> int:
        """``expr >= rhs`` where the 0/1 expression ``active`` is 1 (always if None).

        Off, the row is relaxed by the big-M ``rhs - low``, ``low`` a lower bound of
        ``expr`` at every integral point (default: from the column bounds).
        """
        if active is None:
            return self.row(expr, rhs, tag=tag)
        bound = self.low(expr) if low is None else max(low, self.low(expr))
        m = max(0.0, rhs - bound)
        # expr + m (1 - active) >= rhs
        e = dict(expr)
        axpy(e, -m, active)
        e[ONE] = e.get(ONE, 0.0) + m
        return self.row(e, rhs, tag=tag)

    def product(self, b: int, lam: int) -> int:
        """``w = lam * b`` for a 0/1 column ``b`` and ``lam`` in ``[lo, hi]``, ``lo >= 0``
        (McCormick; exact at integral ``b``)."""
        lo, hi = self.lb[lam], self.ub[lam]
        w = self.var(0.0, hi * self.ub[b])
        self.row({w: 1.0, b: -hi}, hi=0.0)  # w <= hi b
        self.row({w: 1.0, b: -lo}, lo=0.0)  # w >= lo b
        self.row({w: 1.0, lam: -1.0, b: -lo}, hi=-lo)  # w <= lam - lo (1 - b)
        self.row({w: 1.0, lam: -1.0, b: -hi}, lo=-hi)  # w >= lam - hi (1 - b)
        return w

    def conj(self, parts: list[Lin]) -> int:
        """A column equal to the AND of 0/1 expressions ``parts`` (at integral points)."""
        z = self.var()
        total: Lin = {z: 1.0}
        for p in parts:
            e = dict(p)
            axpy(e, -1.0, {z: 1.0})
            self.row(e, 0.0)  # z <= p
            axpy(total, -1.0, p)
        self.row(total, -(len(parts) - 1.0))  # z >= sum(p) - (n - 1)
        return z
