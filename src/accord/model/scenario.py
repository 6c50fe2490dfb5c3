"""The scenario: a whole road map in format v1 (MODEL.md §2)."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import Field

from accord.model.base import Entity
from accord.model.capability import Capability
from accord.model.design import Design
from accord.model.observed import Observed
from accord.model.party import Party
from accord.model.phase import Phase
from accord.model.quantity import Quantity
from accord.model.source import Source
from accord.model.step import Step
from accord.model.stick import Stick


class Units(Entity):
    """Labels only: ``{value: "USD bn (2019)", time: year}``."""

    value: str | None = None
    time: str | None = None


class Scenario(Entity):
    """A phased agreement: parties, steps, the roadmap that orders them, sticks.

    ``horizon`` is in time units; ``None`` means an infinite horizon.
    """

    accord: Literal[1]
    title: str
    description: str | None = None
    years: tuple[int, int] | None = None
    horizon: Quantity | None = None
    units: Units = Field(default_factory=Units)
    sources: dict[str, Source] = Field(default_factory=dict)
    parties: tuple[Party, ...]
    capabilities: tuple[Capability, ...] = ()
    steps: tuple[Step, ...] = ()
    roadmap: tuple[Phase, ...]
    sticks: tuple[Stick, ...] = ()
    observed: Observed | None = None
    design: Design | None = None

    # -- lookups -----------------------------------------------------------
    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parties)

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if none)."""
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    @property
    def moves(self) -> tuple[tuple[int, tuple[str, ...]], ...]:
        """Every move in roadmap order as ``(phase index, step ids)``."""
        return tuple((k, m.steps) for k, ph in enumerate(self.roadmap) for m in ph.moves)

    @property
    def scheduled_steps(self) -> tuple[str, ...]:
        """Step ids in the roadmap, in execution order."""
        return tuple(s for _, m in self.moves for s in m)

    @property
    def unused_steps(self) -> tuple[str, ...]:
        """Steps defined but not in any move."""
        used = set(self.scheduled_steps)
        return tuple(s.id for s in self.steps if s.id not in used)

    def to_data(self) -> dict[str, Any]:
        """The scenario as plain data in file form (defaults left out)."""
        data: dict[str, Any] = self.model_dump(mode="json", exclude_defaults=True)
        data["accord"] = 1
        return data

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON form: identifies the scenario in results."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


#: A point mass is a degenerate distribution: every number is a ``Quantity``.
Distribution = Quantity
