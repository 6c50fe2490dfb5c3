"""How results name things for a reader: step labels, decision points, calendar years.

The JSON keeps ids; tables and sentences use a step's ``label:`` where the
file writes one.  With ``years: [first, last]`` in the file and time in years,
time 0 is the start of ``first``, so time ``t`` reads as year ``first + t``.
"""

from __future__ import annotations

from accord.engine import Layout
from accord.model import Scenario


def step_name(s: Scenario, sid: str) -> str:
    """The step's ``label:`` if written, else its id."""
    label = s.step(sid).label
    return label if label else sid


def point_name(s: Scenario, lay: Layout, q: int) -> str:
    """``"Phase: label, label"`` for the point before a move; ``"completion"`` for the last."""
    if q == lay.n_moves:
        return "completion"
    names = ", ".join(step_name(s, lay.steps[i]) for i in lay.move_steps[q])
    return f"{lay.phases[lay.move_phase[q]]}: {names}"


def calendar(s: Scenario) -> int | None:
    """The calendar year of time 0, when the file has ``years:`` and time runs in years."""
    unit = (s.units.time or "year").lower()
    if s.years is None or unit not in ("year", "years", "yr"):
        return None
    return s.years[0]


def when(s: Scenario, t: float) -> str:
    """A time as the reader should see it: ``year 2020.5`` with ``years:``, else ``t = 1.5``."""
    first = calendar(s)
    if first is None:
        return f"t = {t:g}"
    return f"year {round(first + t, 2):g}"


def time_cell(s: Scenario, t: float) -> str:
    """A time for a table cell: the calendar year, or the time as written."""
    first = calendar(s)
    return f"{t:g}" if first is None else f"{round(first + t, 2):g}"
