"""Placeholders that keep checking going after a shape error.

The loader puts a neutral value in place of each value of the wrong shape
(:func:`patch`), validates again and runs the cross-field checks on the
result; :meth:`Shape.hides` then drops the problems the placeholders themselves
cause.
"""

from __future__ import annotations

import copy
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, RootModel

from accord.errors import Diagnostic
from accord.io.annotations import type_at, unwrap
from accord.model import Problem, Quantity
from accord.model.problem import Path

__all__ = ["SENTINEL", "Shape", "patch"]

#: Marks placeholder text the loader puts in place of a bad value.
SENTINEL = "\x00(invalid)"
#: Top-level sections whose replacement would make every reference to them fail.
_SECTIONS = ("parties", "steps", "capabilities", "sources", "roadmap", "sticks")
#: Sections whose items are referred to by id, and what a reference to one is called.
_REFERRED = {"parties": "party", "steps": "step", "capabilities": "capability"}


@dataclass
class Shape:
    """Shape errors of a file and what the placeholders standing in for them touch."""

    diagnostics: list[Diagnostic]
    patched: list[Path]

    def hides(self, p: Problem) -> bool:
        """True for a check problem caused by a placeholder rather than by the file."""
        if SENTINEL in p.message or SENTINEL in str(p.value):
            return True
        return any(_caused(p, q) for q in self.patched)


def _caused(p: Problem, q: Path) -> bool:
    """Whether the placeholder at ``q`` may have caused check problem ``p``."""
    if p.path[: len(q)] == q:
        return True
    if p.code == "after-horizon" and q[0] in ("horizon", "roadmap"):
        # a patched horizon, start or duration moves the horizon test
        return True
    if unwrap(type_at(q)) is int and p.path[: len(q) - 1] == q[:-1]:
        # whole numbers are compared with their siblings (sampling: sample <= population)
        return True
    if q[0] in _REFERRED and (len(q) == 2 or (len(q) == 3 and q[2] == "id")):
        # an entity lost its id: references to it cannot resolve
        return p.code == f"unknown-{_REFERRED[str(q[0])]}"
    if q[0] == "roadmap" and (len(q) < 3 or q[2] == "moves"):
        # a move lost a step: which steps run, and when, is unknown
        return p.code in ("unused-step", "requires-order", "after-unscheduled")
    if (p.code == "phase-order" and q[0] == "roadmap" and len(q) >= 3
            and isinstance(q[1], int) and isinstance(p.path[1], int)):
        # a patched start moves later phases; a patched duration, those after the next
        shift = {"start": 0, "duration": 1}.get(str(q[2]))
        return shift is not None and p.path[1] > q[1] + shift
    return False


class _NoPlaceholder(Exception):
    pass


def _placeholder(tp: Any) -> Any:
    """A value of type ``tp`` that validates and means nothing in particular."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        # a value of the first member: None would mean "omitted", which other checks read
        for member in typing.get_args(tp):
            if member is not type(None):
                try:
                    return _placeholder(member)
                except _NoPlaceholder:
                    continue
        return None
    if origin is typing.Literal:
        return typing.get_args(tp)[0]
    if tp is Quantity:
        return 1.0
    if tp is str:
        return SENTINEL
    if tp is bool:
        return False
    if tp is int:
        return 1
    if tp is float:
        return 1.0
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return []
        return [_placeholder(a) for a in args]
    if origin is dict:
        return {}
    if isinstance(tp, type) and issubclass(tp, RootModel):
        return _placeholder(tp.model_fields["root"].annotation)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return {n: _placeholder(f.annotation) for n, f in tp.model_fields.items()
                if f.is_required()}
    raise _NoPlaceholder(repr(tp))


def patch(data: dict[str, Any],
           errors: list[tuple[Path, str, str]]) -> tuple[dict[str, Any], list[Path]] | None:
    """``data`` with each bad value replaced by a placeholder, and the patched paths.

    ``None`` when a patch would mislead the checks (a whole section replaced).
    """
    fixed = copy.deepcopy(data)
    patched: list[Path] = []
    for path, kind, _ in errors:
        if not path:
            return None
        target = path
        tp = type_at(path)
        if tp is None and kind != "extra_forbidden":
            # inside a number (or unknown): replace the nearest typed parent
            while target and type_at(target) is None:
                target = target[:-1]
            if not target:
                return None
            tp = type_at(target)
        if len(target) == 1 and target[0] in _SECTIONS:
            return None
        parent = _get(fixed, target[:-1])
        last = target[-1]
        if kind == "extra_forbidden":
            if isinstance(parent, dict):
                parent.pop(str(last), None)
            continue
        try:
            value = _placeholder(tp)
        except _NoPlaceholder:
            return None
        if isinstance(parent, dict):
            parent[str(last)] = value
        elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
            parent[last] = value
        elif isinstance(parent, list) and isinstance(last, int) and last == len(parent):
            parent.append(value)  # a missing tuple item
        else:
            return None
        patched.append(target)
    return fixed, patched


def _get(data: Any, path: Path) -> Any:
    cur = data
    for part in path:
        if isinstance(cur, dict) and isinstance(part, str):
            cur = cur.get(part)
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        else:
            return None
    return cur
