"""The base every scenario entity shares: frozen, no unknown keys."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from accord.model.quantity import Quantity

#: Value per party, e.g. ``{DPRK: -1.0, US: 2.0}``; missing parties get 0.
PartyValues = dict[str, Quantity]


class Entity(BaseModel):
    """A frozen scenario record that rejects unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")
