"""A step: one action by one party, with its flows, reversal and verification."""

from __future__ import annotations

from pydantic import Field

from accord.model.base import Entity, PartyValues
from accord.model.quantity import Quantity


def _zero() -> Quantity:
    return Quantity.of(0.0)


def _one() -> Quantity:
    return Quantity.of(1.0)


class Reversal(Entity):
    """How the actor can undo the step after a breakdown at ``t0``.

    The step's flow stops at ``t0 + lag`` with probability ``feasible``; the
    actor then pays ``cost`` (value units) at ``t0`` with probability ``feasible``.
    """

    lag: Quantity = Field(default_factory=_zero)
    cost: Quantity = Field(default_factory=_zero)
    feasible: Quantity = Field(default_factory=_one)


class Verification(Entity):
    """Cheating on the step is detected with probability ``detection`` after ``delay``."""

    detection: Quantity
    delay: Quantity = Field(default_factory=_zero)


class Step(Entity):
    """One action by ``actor``.

    Executed at ``x``, it pays ``once`` (value units) at ``x`` and ``flow``
    (value per time unit) from ``x + lag`` on, to every party listed.
    """

    id: str
    actor: str
    label: str | None = None
    description: str | None = None
    lag: Quantity = Field(default_factory=_zero)
    flow: PartyValues = Field(default_factory=dict)
    once: PartyValues = Field(default_factory=dict)
    reversal: Reversal | None = None
    verification: Verification | None = None
    capability: dict[str, Quantity] = Field(default_factory=dict)
    requires: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
