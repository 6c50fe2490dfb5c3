"""Where every number of a scenario comes from: the bibliography and each number's notes.

* ``numbers(s)``: one row per number of the file (dotted path with ids, as in
  sweeps and sensitivity), what it is (``0.1``, ``uniform(0.02, 0.05)``) and
  its mean, the ``sources:`` it cites and its ``assumption:`` note;
* ``bibliography(s)``: one entry per source of ``sources:``, with everything
  that cites it: steps, sticks, phases, parties and capabilities (their own
  ``sources:`` lists) and numbers.
"""

from __future__ import annotations

from typing import Any

from accord.model import Scenario
from accord.model.checks import quantities
from accord.model.names import name


def _written(data: Any, path: tuple[str | int, ...]) -> bool:
    node = data
    for key in path:
        if isinstance(key, int):
            if not isinstance(node, list) or key >= len(node):
                return False
        elif not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def numbers(s: Scenario) -> list[dict[str, Any]]:
    """Every number the file writes, with its provenance (see the module docstring).

    ``group`` is what the number belongs to (``steps.yongbyon``; ``scenario`` for
    the horizon) and ``field`` the rest of its path (``flow.DPRK``); defaults the
    file leaves out (a lag of 0, say) are not listed.
    """
    data = s.to_data()
    labels = {**{f"steps.{st.id}": st.label for st in s.steps},
              **{f"sticks.{k.id}": k.label for k in s.sticks},
              **{f"capabilities.{c.id}": c.label for c in s.capabilities},
              **{f"parties.{p.id}": p.name for p in s.parties}}
    out = []
    for p, q in quantities(s):
        if not _written(data, p):
            continue
        dotted = name(s, p)
        parts = dotted.split(".")
        group, field = (".".join(parts[:2]), ".".join(parts[2:])) if len(parts) > 2 else (
            "scenario", dotted)
        out.append({"path": dotted, "group": group, "label": labels.get(group) or "",
                    "field": field, "value": q.describe(),
                    "mean": q.mean, "random": q.is_random, "sources": list(q.sources),
                    "assumption": q.assumption})
    return out


def _citers(s: Scenario) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    items: list[tuple[str, str, tuple[str, ...]]] = [
        *((f"party {p.id}", p.id, p.sources) for p in s.parties),
        *((f"capability {c.id}", c.id, c.sources) for c in s.capabilities),
        *((f"step {st.id}", st.id, st.sources) for st in s.steps),
        *((f"phase {ph.phase}", ph.phase, ph.sources) for ph in s.roadmap),
        *((f"stick {k.id}", k.id, k.sources) for k in s.sticks),
    ]
    for what, _, keys in items:
        for key in keys:
            out.setdefault(key, []).append(what)
    for row in numbers(s):
        for key in row["sources"]:
            out.setdefault(key, []).append(row["path"])
    return out


def bibliography(s: Scenario) -> list[dict[str, Any]]:
    """Each source in file order, with what cites it."""
    cites = _citers(s)
    return [{"key": key, "title": src.title, "author": src.author, "year": src.year,
             "publisher": src.publisher, "url": src.url, "accessed": src.accessed,
             "note": src.note, "cited_by": cites.get(key, [])}
            for key, src in s.sources.items()]
