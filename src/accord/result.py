"""The protocol every result shares: provenance, and JSON numbers written one way.

Every result (:class:`~accord.analysis.Analysis`,
:class:`~accord.simulation.Simulation`, :class:`~accord.simulation.Sensitivity`)
is a frozen object that carries a :class:`Provenance` and offers ``to_dict()``,
``to_json()``, ``to_frame()``, ``__rich__`` and ``_repr_html_``.

Numbers in JSON go through :func:`json_number`, the one place that decides how
a float is written:

* ``nan`` and ``±inf`` are written ``null`` (JSON has no such numbers; a
  required detection that no probability reaches is ``null``, for example);
* ``-0.0`` is written ``0.0``: a margin of ``-0.0`` holds (it is not below 0),
  and ``-0.0`` and ``0.0`` are the same number to every reader of the result;
* every other float is written at full precision (``repr``, which round-trips).

>>> json_number(-0.0), json_number(float("inf")), json_number(0.1)
(0.0, None, 0.1)
>>> dumps({"a": [-0.0, float("nan")], "b": 2}, indent=None)
'{"a": [0.0, null], "b": 2}'
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any


def json_number(x: float) -> float | None:
    """``x`` as a JSON number: ``None`` for nan and inf, ``-0.0`` as ``0.0``."""
    v = float(x)
    return v + 0.0 if math.isfinite(v) else None


def jsonable(data: Any) -> Any:
    """``data`` with every float written by :func:`json_number` (dicts, lists, tuples)."""
    if isinstance(data, bool | int | str) or data is None:
        return data
    if isinstance(data, float):
        return json_number(data)
    if isinstance(data, dict):
        return {k: jsonable(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [jsonable(v) for v in data]
    return data


def dumps(data: Any, indent: int | None = 1) -> str:
    """JSON text of a result dictionary, every float through :func:`json_number`."""
    return json.dumps(jsonable(data), indent=indent, allow_nan=False)


@dataclass(frozen=True)
class Provenance:
    """Where a result comes from: scenario digest, accord version, seed and draws."""

    scenario_digest: str
    accord_version: str
    draws: int = 1
    seed: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"scenario_digest": self.scenario_digest, "accord_version": self.accord_version,
                "draws": self.draws, "seed": self.seed}
