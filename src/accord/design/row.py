"""One feasibility row of the design program: what it tests (DESIGN.md §2)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Test:
    """What one feasibility row tests: a margin, a cheat margin, completion or surplus."""

    kind: str  # "margin", "cheat", "completion", "surplus", "floor"
    party: int
    slot: int = -1  # slot (margin, cheat) or phase (completion)
    step: int = -1
    draw: int = 0


__all__ = ["Test"]
