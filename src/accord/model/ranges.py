"""Ranges of a scenario's numbers, and the order of phase starts (MODEL.md §2).

Probabilities lie in [0, 1]; lags, delays and durations are never negative; the
horizon is positive; with no horizon every discount rate is positive.

* A plain value out of range is an error, and so is a bounded distribution
  (uniform, triangular; a beta lies in [0, 1]) whose bounds leave the range:
  the file says so in its own numbers.
* An unbounded distribution (normal, lognormal) is judged by its mean, the
  number the deterministic analysis uses: a mean out of range is an error; a
  mean in range is a warning with code :data:`SAMPLED_RANGE` when draws can
  leave the range (a normal lag), which Monte Carlo refuses as an error.
* An explicit phase start (its value or mean) may not come before the previous
  phase's start (an error); draws that can put it before are a
  :data:`SAMPLED_RANGE` warning.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator

from accord.model.problem import Path, Problem
from accord.model.quantity import Quantity
from accord.model.scenario import Scenario

#: Code of a warning about numbers whose draws can leave their range (or their order):
#: the deterministic analysis runs, Monte Carlo refuses it.
SAMPLED_RANGE = "sampled-range"

Test = Callable[[float, float, str], bool]


def _probability(lo: float, hi: float, kind: str) -> bool:
    return lo >= 0 and hi <= 1


def _non_negative(lo: float, hi: float, kind: str) -> bool:
    return lo >= 0


def _positive(lo: float, hi: float, kind: str) -> bool:
    # lognormal and beta draws are > 0 (their support's lower end is open)
    return lo > 0 or (kind in ("lognormal", "beta") and lo == 0)


#: Distributions whose bounds are written in the file (a beta's are 0 and 1).
_BOUNDED_KINDS = ("uniform", "triangular", "beta")
_BOUNDED = "use uniform, triangular or beta inside [0, 1]"
_ABOVE_ZERO = "use uniform, triangular, beta or lognormal above 0"
#: Field name -> (test on (low, high, kind), what must hold, what to use instead).
_RULES: dict[str, tuple[Test, str, str]] = {
    "detection": (_probability, "a probability must lie in [0, 1]", _BOUNDED),
    "feasible": (_probability, "a probability must lie in [0, 1]", _BOUNDED),
    "lag": (_non_negative, "lag must not be negative", _ABOVE_ZERO),
    "delay": (_non_negative, "delay must not be negative", _ABOVE_ZERO),
    "duration": (_non_negative, "duration must not be negative", _ABOVE_ZERO),
    "horizon": (_positive, "horizon must be positive", _ABOVE_ZERO),
    "discount_rate": (_positive, "discount rate must be positive when there is no horizon",
                      _ABOVE_ZERO + ", or give a horizon"),
}


def problems(s: Scenario, numbers: Iterable[tuple[Path, Quantity]]) -> list[Problem]:
    """The range problems of ``numbers`` (every number of ``s`` with its path), then
    the phase-order problems, in that order."""
    return [*_ranges(s, numbers), *_phase_starts(s)]


def _ranges(s: Scenario, numbers: Iterable[tuple[Path, Quantity]]) -> Iterator[Problem]:
    infinite = s.horizon is None
    in_roadmap = {sid for ph in s.roadmap for mv in ph.moves for sid in mv.steps}
    for path, q in numbers:
        name = path[-1]
        if len(path) >= 2 and path[-2] in ("flow", "once", "capability"):
            name = path[-2]
        rule = _RULES.get(str(name))
        if rule is None or (name == "discount_rate" and not infinite):
            continue
        ok, what, better = rule
        lo, hi = q.support
        if q.kind == "value":
            if not ok(lo, hi, q.kind):
                yield Problem(path, f"{what} (got {q.describe()})", q.describe())
        elif q.kind in _BOUNDED_KINDS:
            if not ok(lo, hi, q.kind):
                yield Problem(path, f"{what} (got {q.describe()}, which can draw values that "
                              f"are not; {better})", q.describe())
        elif not ok(q.mean, q.mean, "value"):
            yield Problem(path, f"{what} (got {q.describe()}, whose mean is {q.mean:.15g})",
                          q.describe())
        elif not ok(lo, hi, q.kind) and (
                path[0] != "steps" or s.steps[int(path[1])].id in in_roadmap):
            # (a step outside the roadmap is never evaluated, nor sampled)
            yield Problem(path, f"{what}, but {q.describe()} can draw values that are not: "
                          f"analyze uses its mean {q.mean:.15g}; simulate and sensitivity "
                          f"refuse it ({better})", q.describe(), "warning", SAMPLED_RANGE)


def _phase_starts(s: Scenario) -> Iterator[Problem]:
    """An explicit start may not come before the previous phase's start.

    Tested on the means (an error), and on the range of values a Monte Carlo draw
    can take (a :data:`SAMPLED_RANGE` warning when draws can be out of order); a
    phase that starts at or after the horizon is worth nothing (a warning).
    """
    prev_start: float | None = None
    prev_end = 0.0
    prev_hi = -math.inf  # largest value the previous phase's start can draw
    hi_end = 0.0  # ... and the previous phase's end
    for k, ph in enumerate(s.roadmap):
        start = ph.start.mean if ph.start is not None else prev_end
        lo, hi = ph.start.support if ph.start is not None else (math.nan, hi_end)
        where: Path = ("roadmap", k, "start")
        if ph.start is not None and prev_start is not None and start < prev_start:
            yield Problem(where, f"phase starts at {ph.start.describe()}, before the previous "
                          f"phase's start {prev_start:.15g}; phases run in order",
                          ph.start.describe(), code="phase-order")
        elif ph.start is not None and prev_start is not None and lo < prev_hi:
            yield Problem(where, f"phase starts at {ph.start.describe()}, and draws can put it "
                          f"before the previous phase's start (which can be up to "
                          f"{prev_hi:.15g}): analyze uses the means, which are in order; "
                          "simulate and sensitivity refuse it (phases run in order)",
                          ph.start.describe(), "warning", SAMPLED_RANGE)
        if s.horizon is not None and ph.moves and start >= s.horizon.mean:
            yield Problem(("roadmap", k, "start" if ph.start is not None else "phase"),
                          f"phase {ph.phase!r} starts at {start:g}, at or after the horizon "
                          f"{s.horizon.mean:g}: its steps are worth nothing",
                          start, "warning", "after-horizon")
        prev_start, prev_end = start, start + ph.duration.mean
        prev_hi, hi_end = hi, hi + ph.duration.support[1]
