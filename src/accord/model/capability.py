"""A tracked capability (e.g. plutonium production in kg/yr)."""

from __future__ import annotations

from accord.model.base import Entity
from accord.model.quantity import Quantity


class Capability(Entity):
    """A capability level that steps change; ``initial`` is its level at time 0."""

    id: str
    unit: str | None = None
    initial: Quantity
    label: str | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()
