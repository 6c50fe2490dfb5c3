"""The dotted name of a number in a scenario, with ids for indices: ``steps.yongbyon.flow.US``.

Inputs of the Monte Carlo and the sensitivity analysis, and the numbers of a
report's bibliography, are named this way.
"""

from __future__ import annotations

import re
from typing import Any

from accord.model.problem import Path
from accord.model.scenario import Scenario

__all__ = ["entries", "name", "name_of"]


def name(s: Scenario, path: Path) -> str:
    """Dotted name of a number with ids for indices: ``steps.yongbyon.flow.US``.

    >>> import accord
    >>> s = accord.load_text('''
    ... accord: 1
    ... title: t
    ... parties: [{id: A, discount_rate: 0.1}]
    ... steps: [{id: s, actor: A, flow: {A: 1}}]
    ... roadmap: [{phase: P, duration: 1, moves: [[s]]}]
    ... ''')
    >>> name(s, ("steps", 0, "flow", "A")), name(s, ("roadmap", 0, "duration"))
    ('steps.s.flow.A', 'roadmap.P.duration')
    """
    out: list[str] = []
    section = path[0]
    for i, part in enumerate(path):
        if isinstance(part, int) and i == 1:
            if section == "parties":
                out.append(s.parties[part].id)
            elif section == "steps":
                out.append(s.steps[part].id)
            elif section == "sticks":
                out.append(s.sticks[part].id)
            elif section == "capabilities":
                out.append(s.capabilities[part].id)
            elif section == "roadmap":
                out.append(s.roadmap[part].phase)
            else:  # pragma: no cover - every indexed section is listed above
                out.append(str(part))
        else:
            out.append(str(part))
    return ".".join(out)


#: The lists whose entries carry a name, and the key that holds it.
KEYS = {"parties": "id", "steps": "id", "sticks": "id", "capabilities": "id",
        "roadmap": "phase"}
_INDEXED = re.compile(r"^(?P<section>[a-z_]+)\[(?P<index>\d+)\](?P<rest>.*)$")
_SAFE = re.compile(r"^[^\s.\[\]()]+$")


def name_of(field: str, data: Any) -> str:
    """``field`` with its first list position replaced by the entry's id ("" if none).

    >>> name_of("steps[1].flow.XX", {"steps": [{"id": "a"}, {"id": "relief"}]})
    'steps.relief.flow.XX'
    >>> name_of("roadmap[0].moves[1][0]", {"roadmap": [{"phase": "Freeze"}]})
    'roadmap.Freeze.moves[1][0]'
    >>> name_of("steps[3].lag", {"steps": []}), name_of("horizon", {})
    ('', '')
    """
    m = _INDEXED.match(field)
    if m is None or m["section"] not in KEYS or not isinstance(data, dict):
        return ""
    entries = data.get(m["section"])
    i = int(m["index"])
    if not isinstance(entries, list) or i >= len(entries) or not isinstance(entries[i], dict):
        return ""
    ident = entries[i].get(KEYS[m["section"]])
    if not isinstance(ident, str) or not _SAFE.match(ident):
        return ""
    return f"{m['section']}.{ident}{m['rest']}"


def entries(s: Scenario) -> dict[str, list[dict[str, str]]]:
    """The ids of a scenario's entries, shaped like its file, for :func:`name_of`."""
    return {"parties": [{"id": p.id} for p in s.parties],
            "steps": [{"id": st.id} for st in s.steps],
            "sticks": [{"id": k.id} for k in s.sticks],
            "capabilities": [{"id": c.id} for c in s.capabilities],
            "roadmap": [{"phase": ph.phase} for ph in s.roadmap]}
