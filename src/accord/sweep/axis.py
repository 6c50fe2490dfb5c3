"""What a sweep varies: a number of the file by its dotted path, or a step's or stick's scale.

Paths name numbers with ids for indices, as the sensitivity report does
(:func:`accord.model.names.name`): ``steps.yongbyon.verification.detection``,
``sticks.snapback.flow.DPRK``, ``parties.US.discount_rate``,
``roadmap.Halt.duration``, ``horizon``.  A ``flow`` or ``once`` entry the file
leaves out (worth 0) may be swept too.  ``scale.ID`` multiplies every
``flow`` and ``once`` value of step or stick ``ID`` (its means in the exact
analysis, its draws in Monte Carlo).

An axis is written ``PATH=lo:hi:n``: ``n`` evenly spaced values from ``lo``
to ``hi`` inclusive (``numpy.linspace``).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.model import Scenario
from accord.model.checks import Path, quantities
from accord.model.names import name
from accord.model.step import Step
from accord.model.stick import Stick

#: Largest number of values on one axis.
MAX_VALUES = 1000


class SweepError(ValueError):
    """A sweep that cannot run: unknown path, bad range, value out of the field's range."""


@dataclass(frozen=True)
class Target:
    """Where an axis' values go: a field ``path``, or the ``scale`` of a step or stick."""

    text: str
    path: Path | None = None  # a number of the file
    scale: tuple[str, int] | None = None  # ("steps" | "sticks", index in the file)
    written: bool = True  # False: a flow/once entry the file leaves out (worth 0)


@dataclass(frozen=True)
class Axis:
    """One swept input: its target and its values (``numpy.linspace(lo, hi, n)``)."""

    target: Target
    values: NDArray[np.float64]

    @property
    def path(self) -> str:
        return self.target.text

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "values": [float(v) for v in self.values]}


def _optional_entries(s: Scenario) -> dict[str, Path]:
    """``flow``/``once`` entries of steps and sticks that the file leaves out."""
    out: dict[str, Path] = {}
    items: list[tuple[str, int, Step | Stick]] = [
        *(("steps", i, st) for i, st in enumerate(s.steps)),
        *(("sticks", i, sk) for i, sk in enumerate(s.sticks))]
    for section, i, it in items:
        for key in ("flow", "once"):
            for p in s.party_ids:
                if p not in getattr(it, key):
                    out[f"{section}.{it.id}.{key}.{p}"] = (section, i, key, p)
    return out


def resolve(s: Scenario, text: str) -> Target:
    """The target of a dotted path; :class:`SweepError` with the closest names if unknown."""
    text = text.strip()
    if text.startswith("scale."):
        ident = text.removeprefix("scale.")
        for i, st in enumerate(s.steps):
            if st.id == ident:
                return Target(text, scale=("steps", i))
        for i, sk in enumerate(s.sticks):
            if sk.id == ident:
                return Target(text, scale=("sticks", i))
        ids = [st.id for st in s.steps] + [sk.id for sk in s.sticks]
        close = difflib.get_close_matches(ident, ids, n=3)
        hint = f" (did you mean {', '.join('scale.' + c for c in close)}?)" if close else ""
        raise SweepError(f"{text}: no step or stick {ident!r} to scale{hint}")
    known = {name(s, p): p for p, _ in quantities(s)}
    if text in known:
        return Target(text, path=known[text])
    extra = _optional_entries(s)
    if text in extra:
        return Target(text, path=extra[text], written=False)
    close = difflib.get_close_matches(text, [*known, *extra], n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise SweepError(f"{text}: no number at this path in the scenario{hint} (paths look like "
                     "steps.ID.verification.detection, sticks.ID.flow.PARTY, "
                     "parties.ID.discount_rate, roadmap.PHASE.duration, horizon, scale.ID)")


def parse(s: Scenario, spec: str) -> Axis:
    """``PATH=lo:hi:n`` as an axis; :class:`SweepError` with what is wrong otherwise."""
    if "=" not in spec:
        raise SweepError(f"{spec!r}: write PATH=lo:hi:n, e.g. "
                         "steps.yongbyon.verification.detection=0:1:11")
    path, _, rng = spec.partition("=")
    parts = rng.split(":")
    if len(parts) != 3:
        raise SweepError(f"{spec!r}: the range must be lo:hi:n (three numbers), got {rng!r}")
    try:
        lo, hi = float(parts[0]), float(parts[1])
    except ValueError:
        raise SweepError(f"{spec!r}: lo and hi must be numbers, got {parts[0]!r} and "
                         f"{parts[1]!r}") from None
    try:
        n = int(parts[2])
    except ValueError:
        raise SweepError(f"{spec!r}: n must be a whole number, got {parts[2]!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise SweepError(f"{spec!r}: lo and hi must be finite")
    if not 1 <= n <= MAX_VALUES:
        raise SweepError(f"{spec!r}: n must be between 1 and {MAX_VALUES}, got {n}")
    if n == 1 and lo != hi:
        raise SweepError(f"{spec!r}: one value (n = 1) needs lo = hi")
    return Axis(resolve(s, path), np.linspace(lo, hi, n))
