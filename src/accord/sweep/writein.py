"""A scenario with one number written in: what a sweep cell means, as a file.

``written_in(s, target, v)`` is the scenario whose file has ``v`` at the
target's path (a plain value: its distribution and provenance are replaced),
or, for ``scale.ID``, every ``flow`` and ``once`` value of ``ID`` multiplied by
``v`` (each number's mean; the exact analysis reads only means).  Sweeps use
it to check each axis' end values against the field's range, and tests to
compare a cell with ``analyze`` of that scenario.
"""

from __future__ import annotations

from typing import Any

from accord.model import Quantity, Scenario
from accord.sweep.axis import Target


def _set(data: Any, path: tuple[str | int, ...], value: float) -> None:
    node = data
    for key in path[:-1]:
        node = node[key] if isinstance(key, int) else node.setdefault(key, {})
    node[path[-1]] = value


def written_in(s: Scenario, target: Target, value: float) -> Scenario:
    """The scenario with ``value`` written at ``target`` (see the module docstring)."""
    data = s.to_data()
    if target.path is not None:
        _set(data, target.path, float(value))
    else:
        assert target.scale is not None
        section, i = target.scale
        item = (s.steps if section == "steps" else s.sticks)[i]
        for key in ("flow", "once"):
            entries: dict[str, Quantity] = getattr(item, key)
            if entries:
                data[section][i][key] = {p: q.mean * float(value) for p, q in entries.items()}
    return Scenario.model_validate(data)
