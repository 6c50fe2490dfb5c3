"""What actually happened to a historical agreement (format extension)."""

from __future__ import annotations

from accord.model.base import Entity


class Observed(Entity):
    """The historical record, for backtests: steps carried out and who broke it."""

    carried_out: tuple[str, ...] = ()
    breaking_step: str | None = None
    broke_on: str | None = None
    first_defector: str | None = None
    contested: bool = False
    account: str | None = None
    sources: tuple[str, ...] = ()
