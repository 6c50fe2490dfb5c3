"""The distribution families a scenario number may follow, each written once.

One :class:`Family` per kind of MODEL.md §2 (and ``value``, a fixed number):
how many parameters it takes and how they are written, what it requires of
them, its mean (what a deterministic analysis uses) and its support.  The
parameters follow ``numpy.random.Generator``.

>>> FAMILIES["triangular"].mean((0.0, 1.0, 5.0))
2.0
>>> FAMILIES["lognormal"].support((0.0, 0.5))
(0.0, inf)
>>> FAMILIES["uniform"].problem((2.0, 1.0))
'uniform needs low <= high, got [2.0, 1.0]'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from accord.model.show import show_value

__all__ = ["ARITY", "FAMILIES", "SIGNATURE", "Family", "exp"]

Params = tuple[float, ...]


def exp(x: float) -> float:
    """``exp(x)``, ``inf`` on overflow (never raises)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _show(p: Params) -> str:
    return show_value(list(p))


@dataclass(frozen=True)
class Family:
    """A kind of number: parameter count and form, requirement, mean, support."""

    name: str
    signature: str
    mean: Callable[[Params], float]
    support: Callable[[Params], tuple[float, float]]
    #: The message for parameters the family refuses (``None``: they are fine).
    problem: Callable[[Params], str | None]

    @property
    def arity(self) -> int:
        return self.signature.count(",") + 1


def _uniform(p: Params) -> str | None:
    return None if p[0] <= p[1] else f"uniform needs low <= high, got {_show(p)}"


def _triangular(p: Params) -> str | None:
    if p[0] <= p[1] <= p[2] and p[0] < p[2]:
        return None
    return f"triangular needs left <= mode <= right and left < right, got {_show(p)}"


def _scale(what: str, kind: str) -> Callable[[Params], str | None]:
    def problem(p: Params) -> str | None:
        return None if p[1] >= 0 else f"{kind} needs {what} >= 0, got {show_value(p[1])}"
    return problem


def _lognormal(p: Params) -> str | None:
    scale = _scale("sigma", "lognormal")(p)
    if scale is not None:
        return scale
    if not math.isfinite(exp(p[0] + p[1] ** 2 / 2.0)):
        return (f"lognormal {_show(p)} has an infinite mean "
                "(exp(mu + sigma^2 / 2) overflows)")
    return None


def _beta(p: Params) -> str | None:
    return None if p[0] > 0 and p[1] > 0 else f"beta needs a > 0 and b > 0, got {_show(p)}"


FAMILIES: dict[str, Family] = {f.name: f for f in (
    Family("value", "[value]", lambda p: p[0], lambda p: (p[0], p[0]), lambda p: None),
    Family("uniform", "[low, high]", lambda p: (p[0] + p[1]) / 2.0,
           lambda p: (p[0], p[1]), _uniform),
    Family("triangular", "[left, mode, right]", lambda p: (p[0] + p[1] + p[2]) / 3.0,
           lambda p: (p[0], p[2]), _triangular),
    Family("normal", "[mean, sd]", lambda p: p[0],
           lambda p: (p[0], p[0]) if p[1] == 0 else (-math.inf, math.inf),
           _scale("sd", "normal")),
    Family("lognormal", "[mu, sigma]", lambda p: exp(p[0] + p[1] ** 2 / 2.0),
           lambda p: (exp(p[0]), exp(p[0])) if p[1] == 0 else (0.0, math.inf), _lognormal),
    Family("beta", "[a, b]", lambda p: p[0] / (p[0] + p[1]), lambda p: (0.0, 1.0), _beta),
)}

#: Number of parameters each distribution takes.
ARITY: dict[str, int] = {k: f.arity for k, f in FAMILIES.items() if k != "value"}
#: How each distribution's parameter list is written.
SIGNATURE: dict[str, str] = {k: f.signature for k, f in FAMILIES.items() if k != "value"}
