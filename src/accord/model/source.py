"""A bibliography entry, cited by key from ``sources:`` lists."""

from __future__ import annotations

from accord.model.base import Entity


class Source(Entity):
    """One reference: ``{title, author, year, url, publisher, note}``."""

    title: str
    author: str | None = None
    year: int | None = None
    url: str | None = None
    publisher: str | None = None
    accessed: str | None = None
    note: str | None = None
