"""A party to the agreement."""

from __future__ import annotations

from accord.model.base import Entity
from accord.model.quantity import Quantity


class Party(Entity):
    """A party with its continuous discount rate ``r`` (per time unit).

    A value ``v`` at time ``t`` is worth ``v * exp(-r t)`` to this party today.
    """

    id: str
    name: str | None = None
    discount_rate: Quantity
    description: str | None = None
    sources: tuple[str, ...] = ()
