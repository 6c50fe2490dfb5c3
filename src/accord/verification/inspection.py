"""The 2x2 inspection game with imperfect detection and false alarms.

Players: the *inspector* (rows Inspect / Not) and the *inspectee* (columns
Legal / Violate).  Payoffs ``(inspector, inspectee)``, all in the same value unit::

                 Legal                  Violate
    Inspect   (-k - alpha e, -alpha h)   (-k - (1-beta) a - beta c, -(1-beta) b + beta d)
    Not       (0, 0)                     (-c, d)

with ``d > 0`` the inspectee's gain from an undetected violation, ``b > 0`` its
penalty when caught, ``h >= 0`` its cost of a false alarm; ``c > 0`` the
inspector's loss from an undetected violation, ``0 <= a < c`` from a detected
one, ``e >= 0`` its cost of a false alarm, ``k >= 0`` the cost of an inspection;
``alpha`` the false-alarm probability and ``1 - beta`` the detection probability.

Also: inspector leadership (the inspector commits to its inspection probability).
The statistical-test version, a different game, is in
:mod:`accord.verification.statistical_test`.

Exact inputs give exact Fractions, float inputs floats (see
:mod:`accord.verification.sampling` for the conventions).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeAlias

from accord.verification.exact import Number, fraction, is_exact, result

__all__ = [
    "InspectionEquilibrium",
    "InspectionGame",
    "LeadershipOutcome",
    "Regime",
    "inspector_leadership",
    "payoff_table",
    "solve_inspection_game",
]

Regime: TypeAlias = Literal["mixed", "no_inspection", "no_deterrence"]
"""Which equilibrium the simultaneous 2x2 game has.

* ``"mixed"``: the unique, completely mixed equilibrium
  (``k < (1-beta)(c-a)`` and ``(1-beta) b - beta d > alpha h``).
* ``"no_inspection"``: ``k >= (1-beta)(c-a)``: not inspecting is (weakly)
  dominant, the inspectee violates (``p = 0, q = 1``).
* ``"no_deterrence"``: ``(1-beta) b - beta d <= alpha h``: even sure inspection
  does not deter, the inspectee violates and the inspector inspects
  (``p = 1, q = 1``).
"""

Pair: TypeAlias = tuple[Fraction | float, Fraction | float]


@dataclass(frozen=True, kw_only=True)
class InspectionGame:
    """Parameters of the 2x2 inspection game (notation of theory.md section 3.1).

    Inspectee: ``d`` gain from an undetected violation, ``b`` penalty if caught,
    ``h`` cost of a false alarm.  Inspector: ``c`` loss from an undetected
    violation, ``a`` loss from a detected one, ``e`` cost of a false alarm, ``k``
    cost of an inspection.  ``alpha``: false-alarm probability, ``beta``:
    non-detection probability (detection is ``1 - beta``).

    >>> InspectionGame(d=1, b=3, c=10, k=1)  # the textbook case
    InspectionGame(d=1, b=3, h=0, c=10, a=0, e=0, k=1, alpha=0, beta=0)
    """

    d: Number
    b: Number
    h: Number = 0
    c: Number
    a: Number = 0
    e: Number = 0
    k: Number
    alpha: Number = 0
    beta: Number = 0

    def __post_init__(self) -> None:
        d, b, h, c, a, e, k, alpha, beta = self._exact()
        checks = [
            (d > 0, "d (gain from an undetected violation) must be > 0"),
            (b > 0, "b (penalty for a detected violation) must be > 0"),
            (h >= 0, "h (inspectee's cost of a false alarm) must be >= 0"),
            (c > 0, "c (inspector's loss from an undetected violation) must be > 0"),
            (0 <= a < c, "a (inspector's loss from a detected violation) must satisfy 0 <= a < c"),
            (e >= 0, "e (inspector's cost of a false alarm) must be >= 0"),
            (k >= 0, "k (cost of an inspection) must be >= 0"),
            (0 <= alpha <= 1, "alpha (false-alarm probability) must lie in [0, 1]"),
            (0 <= beta <= 1, "beta (non-detection probability) must lie in [0, 1]"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"{message}; got {self!r}")

    def _exact(self) -> tuple[Fraction, ...]:
        names = ("d", "b", "h", "c", "a", "e", "k", "alpha", "beta")
        return tuple(fraction(getattr(self, n), n) for n in names)

    @property
    def exact(self) -> bool:
        """True when every parameter is an int or Fraction (results are Fractions)."""
        return is_exact(self.d, self.b, self.h, self.c, self.a, self.e, self.k,
                         self.alpha, self.beta)


@dataclass(frozen=True)
class InspectionEquilibrium:
    """Equilibrium of the simultaneous game.

    ``p_inspect`` = P(Inspect), ``q_violate`` = P(Violate); expected payoffs in
    the game's value unit.  ``regime`` says which case applied (see :data:`Regime`).
    """

    p_inspect: Fraction | float
    q_violate: Fraction | float
    u_inspector: Fraction | float
    u_inspectee: Fraction | float
    regime: Regime


@dataclass(frozen=True)
class LeadershipOutcome:
    """Outcome when the inspector commits to (announces) an inspection probability.

    Attributes:
        p_announced: the announced P(Inspect).  When deterring, it is the smallest
            deterring probability ``p*`` (the inspectee, indifferent, acts legally:
            ties go to the leader).  When giving up on deterrence with
            ``0 < p_announced``, the leader's payoff is a supremum approached by
            announcing slightly less than ``p_announced``.
        deters: whether the inspectee acts legally.
        u_inspector: the leader's payoff.
        u_inspectee: the inspectee's payoff.
        u_inspector_no_deterrence: the best (supremum) the leader gets while
            letting the inspectee violate; deterrence is chosen iff
            ``u_inspector >= u_inspector_no_deterrence``.
    """

    p_announced: Fraction | float
    deters: bool
    u_inspector: Fraction | float
    u_inspectee: Fraction | float
    u_inspector_no_deterrence: Fraction | float


def payoff_table(game: InspectionGame) -> tuple[tuple[Pair, Pair], tuple[Pair, Pair]]:
    """The bimatrix: ``table[row][col] = (u_inspector, u_inspectee)``.

    Rows ``(Inspect, Not)``, columns ``(Legal, Violate)``.

    >>> payoff_table(InspectionGame(d=1, b=3, c=10, k=1))[0][1]
    (Fraction(-1, 1), Fraction(-3, 1))
    """
    d, b, h, c, a, e, k, alpha, beta = game._exact()
    x = game.exact
    inspect_legal = (result(-k - alpha * e, x), result(-alpha * h, x))
    inspect_violate = (
        result(-k - (1 - beta) * a - beta * c, x),
        result(-(1 - beta) * b + beta * d, x),
    )
    not_legal = (result(Fraction(0), x), result(Fraction(0), x))
    not_violate = (result(-c, x), result(d, x))
    return (inspect_legal, inspect_violate), (not_legal, not_violate)


def solve_inspection_game(game: InspectionGame) -> InspectionEquilibrium:
    """Equilibrium of the simultaneous 2x2 inspection game.

    Completely mixed (and then unique) iff ``k < (1-beta)(c-a)`` and
    ``(1-beta) b - beta d > alpha h``::

        p* = d / ((1-beta)(b+d) - alpha h)            (inspectee indifferent)
        q* = (k + alpha e) / (alpha e + (1-beta)(c-a))  (inspector indifferent)
        u_inspectee = -p* alpha h,   u_inspector = -q* c

    Otherwise a pure equilibrium (see :data:`Regime`): if ``k >= (1-beta)(c-a)``,
    ``p = 0, q = 1`` (checked first); else if ``(1-beta) b - beta d <= alpha h``,
    ``p = q = 1``.  On the boundaries the equilibrium is not unique and the pure
    one with a violating inspectee is reported.

    >>> eq = solve_inspection_game(InspectionGame(d=1, b=3, c=10, k=1))
    >>> eq.p_inspect, eq.q_violate, eq.u_inspector, eq.regime
    (Fraction(1, 4), Fraction(1, 10), Fraction(-1, 1), 'mixed')
    """
    d, b, h, c, a, e, k, alpha, beta = game._exact()
    x = game.exact
    gain = (1 - beta) * (c - a)  # inspector's gross gain from inspecting a sure violator
    deterrence = (1 - beta) * b - beta * d - alpha * h  # violator's loss under sure inspection
    if k >= gain:
        p, q = Fraction(0), Fraction(1)
        u_inspector, u_inspectee = -c, d
        regime: Regime = "no_inspection"
    elif deterrence <= 0:
        p, q = Fraction(1), Fraction(1)
        u_inspector = -k - (1 - beta) * a - beta * c
        u_inspectee = -(1 - beta) * b + beta * d
        regime = "no_deterrence"
    else:
        p = d / (d + deterrence)  # = d / ((1-beta)(b+d) - alpha h)
        q = (k + alpha * e) / (alpha * e + gain)
        u_inspector, u_inspectee = -q * c, -p * alpha * h
        regime = "mixed"
    return InspectionEquilibrium(
        p_inspect=result(p, x),
        q_violate=result(q, x),
        u_inspector=result(u_inspector, x),
        u_inspectee=result(u_inspectee, x),
        regime=regime,
    )


def inspector_leadership(game: InspectionGame) -> LeadershipOutcome:
    """Outcome when the inspector leads (commits to P(Inspect) = p first).

    The inspectee best responds, breaking ties in the leader's favour.  If
    deterrence is possible (``(1-beta) b - beta d >= alpha h``), the cheapest
    deterring announcement is the simultaneous-game ``p*`` and yields
    ``-p* (k + alpha e)``; giving up yields at best
    ``-c + max(0, p* ((1-beta)(c-a) - k))`` (with ``p -> p*`` from below).  The
    leader deters iff the former is at least the latter; when
    ``k < (1-beta)(c-a)`` this is ``c >= p* ((1-beta)(c-a) + alpha e)``.
    If deterrence is impossible the inspectee always violates and the leader
    inspects surely iff ``k < (1-beta)(c-a)``.

    Unlike the simultaneous game, leadership can deter even when
    ``k >= (1-beta)(c-a)`` (the commitment makes costly inspections credible).

    >>> out = inspector_leadership(InspectionGame(d=1, b=3, c=10, k=1))
    >>> out.p_announced, out.deters, out.u_inspector
    (Fraction(1, 4), True, Fraction(-1, 4))
    """
    d, b, h, c, a, e, k, alpha, beta = game._exact()
    x = game.exact
    gain = (1 - beta) * (c - a)
    deterrence = (1 - beta) * b - beta * d - alpha * h

    def violator_payoff(p: Fraction) -> Fraction:
        return d - p * (1 - beta) * (b + d)

    if deterrence >= 0:
        p_star = d / (d + deterrence)
        u_deter = -p_star * (k + alpha * e)
        p_give_up = p_star if gain > k else Fraction(0)
        u_give_up = -c + p_give_up * (gain - k)
        if u_deter >= u_give_up:
            return LeadershipOutcome(
                p_announced=result(p_star, x),
                deters=True,
                u_inspector=result(u_deter, x),
                u_inspectee=result(-p_star * alpha * h, x),
                u_inspector_no_deterrence=result(u_give_up, x),
            )
    else:
        p_give_up = Fraction(1) if gain > k else Fraction(0)
        u_give_up = -c + p_give_up * (gain - k)
    return LeadershipOutcome(
        p_announced=result(p_give_up, x),
        deters=False,
        u_inspector=result(u_give_up, x),
        u_inspectee=result(violator_payoff(p_give_up), x),
        u_inspector_no_deterrence=result(u_give_up, x),
    )
