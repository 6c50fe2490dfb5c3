"""The chart methods every result shares (``.chart``, ``.charts``, ``.save_chart``).

A result class inherits :class:`Charted`; the methods delegate to
:mod:`accord.charts.registry`, imported only when a chart is asked for (so
importing accord does not import altair).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class Charted:
    """Mixin: charts registered for the class name (see :mod:`accord.charts.registry`)."""

    __slots__ = ()

    def chart(self, kind: str | None = None) -> Any:
        """The altair chart ``kind`` (see :meth:`charts`); shows in Jupyter offline."""
        from accord.charts.registry import chart

        return chart(self, kind)

    def charts(self) -> dict[str, str]:
        """The chart kinds this result draws, each with what it shows."""
        from accord.charts.registry import kinds

        return kinds(self)

    def save_chart(self, kind: str | None, path: str | Path, *, scale: float = 2.0) -> Path:
        """Write chart ``kind`` to ``path`` (``.svg``, ``.png``, ``.pdf``, ``.json``, ``.html``)."""
        from accord.charts.registry import save_chart

        return save_chart(self, kind, path, scale=scale)
