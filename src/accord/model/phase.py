"""A roadmap phase and its ordered moves."""

from __future__ import annotations

from pydantic import Field, RootModel

from accord.model.base import Entity
from accord.model.quantity import Quantity


class Move(RootModel[tuple[str, ...]]):
    """The step ids one actor executes together, e.g. ``[yongbyon, ban_tests]``."""

    model_config = {"frozen": True}

    @property
    def steps(self) -> tuple[str, ...]:
        return self.root


class Phase(Entity):
    """Phase ``k`` starts at ``start`` (default: the previous phase's end; 0 first).

    All its moves execute at its start, in list order.
    """

    phase: str
    start: Quantity | None = None
    duration: Quantity
    moves: tuple[Move, ...] = Field(default_factory=tuple)
    description: str | None = None
    sources: tuple[str, ...] = ()
