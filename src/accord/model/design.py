"""The design block (DESIGN.md §1): what ``accord optimize`` may change, and toward what.

``pool`` lists the steps the optimizer places (default: every step); ``optional``
pool steps may be left out; ``pin`` maps a step to the name of the phase that must
hold it; ``scale`` maps a step or stick id to the bounds ``[lo, hi]`` of its
multiplier ``λ`` (a pure number, no unit); every margin and cheat margin must be
``>= epsilon`` (value units at the point's time); ``objective`` is one of
``min-margin``, ``capability-years:CAP``, ``completion``, ``surplus:PARTY``, ``cost``.
"""

from __future__ import annotations

from pydantic import Field

from accord.model.base import Entity

#: The objectives of DESIGN.md §3 (``capability-years`` and ``surplus`` take ``:ID``).
OBJECTIVES = ("min-margin", "capability-years", "completion", "surplus", "cost")


class Design(Entity):
    """Search space, instruments and objective of a road-map design (DESIGN.md §1)."""

    pool: tuple[str, ...] | None = None
    optional: tuple[str, ...] = ()
    pin: dict[str, str] = Field(default_factory=dict)
    scale: dict[str, tuple[float, float]] = Field(default_factory=dict)
    epsilon: float = 0.0
    objective: str = "min-margin"
