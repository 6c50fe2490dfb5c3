"""The statistical-test inspection game (Avenhaus, von Stengel and Zamir 2002).

The inspector always inspects and chooses the false-alarm probability ``alpha``
of a test whose non-detection probability is ``beta(alpha)``; for a normal test
statistic with shift ``mu``, ``beta(alpha) = Phi(Phi^-1(1 - alpha) - mu)``.

Exact inputs give exact Fractions where the formulas allow, float inputs floats
(see :mod:`accord.verification.exact`).  Split out of
:mod:`accord.verification.inspection` (a different game) in 0.3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import optimize, special, stats

from accord.verification.exact import Number, fraction

__all__ = ["StatisticalTestEquilibrium", "StatisticalTestGame", "normal_nondetection",
           "solve_statistical_test"]


@dataclass(frozen=True, kw_only=True)
class StatisticalTestGame:
    """Normalized payoffs of the statistical-test inspection game (AvSZ 2002).

    The inspector always inspects and picks the false-alarm probability ``alpha``
    of a test; ``beta(alpha)`` is its non-detection probability.  Payoffs, with
    the inspector's loss from an undetected violation normalized to 1:

    ==========  ===============  ============  ==================  ====================
    outcome     legal, no alarm  legal, alarm  violation detected  violation undetected
    ==========  ===============  ============  ==================  ====================
    inspector   0                -e            -a                  -1
    inspectee   0                -h            -b                  d
    ==========  ===============  ============  ==================  ====================

    Requires ``0 <= a < 1``, ``b > 0``, ``d > 0``, ``e >= 0`` and ``0 <= h < b``
    (otherwise no test deters and there is no interior equilibrium).
    """

    a: Number
    b: Number
    d: Number
    e: Number
    h: Number

    def __post_init__(self) -> None:
        a, b, d, e, h = (fraction(getattr(self, n), n) for n in ("a", "b", "d", "e", "h"))
        checks = [
            (0 <= a < 1, "a (inspector's loss from a detected violation) must satisfy 0 <= a < 1"),
            (b > 0, "b (penalty for a detected violation) must be > 0"),
            (d > 0, "d (gain from an undetected violation) must be > 0"),
            (e >= 0, "e (inspector's cost of a false alarm) must be >= 0"),
            (h >= 0, "h (inspectee's cost of a false alarm) must be >= 0"),
            (h < b, ("h must be < b (a false alarm must cost less than being caught), "
                     "otherwise no test deters")),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"{message}; got {self!r}")


@dataclass(frozen=True)
class StatisticalTestEquilibrium:
    """Equilibrium of the statistical-test game (floats).

    Attributes:
        alpha: equilibrium false-alarm probability ``alpha*``.
        beta: non-detection probability ``beta(alpha*)``.
        detection_probability: ``1 - beta(alpha*)``.
        q_violate: the inspectee's violation probability ``q*``.
        critical_value: the test's threshold ``U_{1-alpha*}`` (alarm iff statistic > it).
        u_inspector: inspector's equilibrium payoff
            ``-(1-q*) e alpha* - q* (a + (1-a) beta(alpha*))``.
        u_inspectee: inspectee's payoff ``-h alpha*`` (indifferent, so as if legal).
        u_inspector_leader: inspector's payoff as leader, ``-e alpha*`` (it
            announces the same ``alpha*`` and the inspectee acts legally).
    """

    alpha: float
    beta: float
    detection_probability: float
    q_violate: float
    critical_value: float
    u_inspector: float
    u_inspectee: float
    u_inspector_leader: float


def _positive_shift(mu: Number) -> float:
    m = float(fraction(mu, "mu"))
    if not m > 0:
        raise ValueError(
            f"mu (shift of the test statistic under violation) must be > 0, got {mu!r}"
        )
    return m


def normal_nondetection(alpha: Number, mu: Number) -> float:
    """Non-detection probability ``beta(alpha) = Phi(U_{1-alpha} - mu)``.

    One-sided test of an N(0, 1) statistic that is shifted by ``mu`` (in
    standard deviations) under a violation; ``U_{1-alpha}`` is the standard normal
    ``(1 - alpha)``-quantile.

    >>> round(normal_nondetection(0.05, 0.0), 12)
    0.95
    >>> round(normal_nondetection(0.05, 2.0), 6)
    0.36124
    """
    a = float(fraction(alpha, "alpha"))
    if not 0 <= a <= 1:
        raise ValueError(f"alpha must lie in [0, 1], got {alpha!r}")
    m = float(fraction(mu, "mu"))
    return float(stats.norm.cdf(stats.norm.isf(a) - m))


def solve_statistical_test(game: StatisticalTestGame, mu: Number) -> StatisticalTestEquilibrium:
    """Equilibrium of the statistical-test game for a one-sided normal test with shift ``mu``.

    Solves (floats, via ``scipy.optimize.brentq``)::

        (b + d) beta(alpha*) + h alpha* = b           (inspectee indifferent)
        q* = e / (e - (1 - a) beta'(alpha*))          (inspector's first-order condition)

    with ``beta(alpha) = Phi(U - mu)``, ``alpha = 1 - Phi(U)`` and
    ``beta'(alpha) = -phi(U - mu) / phi(U) = -exp(mu U - mu^2 / 2)``.  The root is
    found in the threshold ``U``, which keeps tiny ``alpha*`` accurate.  Since
    ``beta`` is convex the left side minus ``b`` is convex in ``alpha``, positive at
    0 and negative at 1, so the root is unique.

    >>> eq = solve_statistical_test(StatisticalTestGame(a=0.5, b=1, d=1, e=0.1, h=0.1), 2.0)
    >>> round(eq.alpha, 8), round(eq.detection_probability, 8), round(eq.q_violate, 8)
    (0.02290557, 0.50114528, 0.02650146)
    """
    m = _positive_shift(mu)
    a, b, d, e, h = (float(fraction(getattr(game, n), n)) for n in ("a", "b", "d", "e", "h"))

    def indifference(u: float) -> float:
        return float((b + d) * stats.norm.cdf(u - m) + h * stats.norm.sf(u) - b)

    lo, hi = -10.0, m + 10.0
    while indifference(lo) >= 0:  # -> h - b < 0 as u -> -inf
        lo *= 2
    while indifference(hi) <= 0:  # -> d > 0 as u -> +inf
        hi = m + 2 * (hi - m)
    u_star = float(optimize.brentq(indifference, lo, hi, xtol=1e-15, rtol=4 * 2.0**-52))
    alpha = float(stats.norm.sf(u_star))
    beta = float(stats.norm.cdf(u_star - m))
    # q* = e / (e + (1 - a) exp(log_slope)) with beta'(alpha*) = -exp(log_slope);
    # evaluated as a logistic function so that huge slopes cannot overflow
    log_slope = m * u_star - m * m / 2
    q = float(special.expit(math.log(e / (1 - a)) - log_slope)) if e > 0 else 0.0
    return StatisticalTestEquilibrium(
        alpha=alpha,
        beta=beta,
        detection_probability=float(stats.norm.sf(u_star - m)),
        q_violate=q,
        critical_value=u_star,
        u_inspector=-(1 - q) * e * alpha - q * (a + (1 - a) * beta),
        u_inspectee=-h * alpha,
        u_inspector_leader=-e * alpha,
    )
