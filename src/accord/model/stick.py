"""A stick: a penalty one party imposes on a defector."""

from __future__ import annotations

from pydantic import Field

from accord.model.base import Entity, PartyValues
from accord.model.quantity import Quantity


def _zero() -> Quantity:
    return Quantity.of(0.0)


class Stick(Entity):
    """Imposed by ``actor`` when ``against`` defects at ``t0``.

    Its ``once`` is paid at ``t0`` and its ``flow`` runs from ``t0 + lag``.
    A committed stick is always imposed; otherwise only when its present
    value to its own actor is ``>= 0`` (credible).  A stick with ``after:``
    exists only once every step listed there has been executed (a snapback
    of relief waits for the relief): at a breakdown whose executed steps do
    not include them all, it is not imposed.
    """

    id: str
    actor: str
    against: str
    label: str | None = None
    description: str | None = None
    flow: PartyValues = Field(default_factory=dict)
    once: PartyValues = Field(default_factory=dict)
    lag: Quantity = Field(default_factory=_zero)
    commitment: bool = False
    after: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
