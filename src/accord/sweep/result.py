"""The result of a sweep: a frozen grid of cells with provenance that renders itself."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from accord.charts.protocol import Charted
from accord.model import Scenario
from accord.result import Provenance

if TYPE_CHECKING:
    import pandas as pd

    from accord.sweep.axis import Axis

#: Columns of :meth:`Sweep.to_frame`, in order.
COLUMNS = ("x", "y", "viable", "self_enforcing", "bottleneck", "bottleneck_kind",
           "bottleneck_point", "bottleneck_party", "bottleneck_step", "p_viable", "p_viable_se")


@dataclass(frozen=True, eq=False)
class Sweep(Charted):
    """Result of :func:`accord.sweep.sweep`: one cell per grid point (x outer, y inner).

    Each cell: ``x``, ``y`` (None for one input), ``viable``, ``self_enforcing``,
    ``bottleneck`` (value units; see :mod:`accord.sweep.run`), ``bottleneck_at``
    and, with draws, ``p_viable`` and ``p_viable_se``.
    """

    scenario: Scenario = field(repr=False)
    provenance: Provenance
    x: Axis
    y: Axis | None
    cells: tuple[dict[str, Any], ...] = field(repr=False)
    draws: int | None = None
    block_size: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"title", "x": {path, values}, "y": {...} | None, "draws", "cells", "provenance"}``."""
        prov = self.provenance.to_dict()
        if self.draws is not None:
            prov.update(block_size=self.block_size, bit_generator="SFC64",
                        streams="block b draws from SFC64(SeedSequence(seed, spawn_key=(b,))); "
                                "the same draws in every cell")
        return {"title": self.scenario.title, "x": self.x.to_dict(),
                "y": None if self.y is None else self.y.to_dict(), "draws": self.draws,
                "cells": [dict(c) for c in self.cells], "provenance": prov}

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    def to_frame(self) -> pd.DataFrame:
        """The cells as rows (``bottleneck_at`` spread over four columns)."""
        import pandas as pd

        rows = []
        for c in self.cells:
            at = c["bottleneck_at"]
            rows.append({"x": c["x"], "y": c["y"], "viable": c["viable"],
                         "self_enforcing": c["self_enforcing"], "bottleneck": c["bottleneck"],
                         "bottleneck_kind": at["kind"], "bottleneck_point": at["point"],
                         "bottleneck_party": at["party"], "bottleneck_step": at["step"],
                         "p_viable": c.get("p_viable"), "p_viable_se": c.get("p_viable_se")})
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        frame["bottleneck_point"] = frame["bottleneck_point"].astype("Int64")
        return frame

    def __rich__(self) -> Any:
        from accord.sweep.render import sweep_table

        return sweep_table(self)

    def _repr_html_(self) -> str:
        from accord.sweep.render import sweep_html

        return sweep_html(self)

    def __repr__(self) -> str:
        ys = "" if self.y is None else f", y={self.y.path!r} ({len(self.y.values)})"
        return (f"Sweep({self.scenario.title!r}, x={self.x.path!r} ({len(self.x.values)}){ys}, "
                f"draws={self.draws})")
