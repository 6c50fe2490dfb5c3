"""Shape errors (pydantic) in plain words, and the placeholders that keep checking going.

When a value has the wrong shape, the loader reports it, puts a neutral
placeholder in its place, validates again and runs the cross-field checks on
the result; :meth:`Shape.hides` then drops the problems the placeholders
themselves cause.  So a typo in a key and an unknown party in the same file
are both reported.
"""

from __future__ import annotations

import copy
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from accord.errors import Diagnostic
from accord.io.positions import Located, Path, Position
from accord.model import Problem, Quantity, Scenario
from accord.model.checks import closest
from accord.model.quantity import FILE_CONTEXT, show_value

#: Marks placeholder text the loader puts in place of a bad value.
_SENTINEL = "\x00(invalid)"
#: Top-level sections whose replacement would make every reference to them fail.
_SECTIONS = ("parties", "steps", "capabilities", "sources", "roadmap", "sticks")
#: Sections whose items are referred to by id, and what a reference to one is called.
_REFERRED = {"parties": "party", "steps": "step", "capabilities": "capability"}


def diagnostic(name: str, pos: Position | None, path: Path, message: str,
               severity: typing.Literal["error", "warning"] = "error",
               code: str = "") -> Diagnostic:
    line, col = pos if pos else (None, None)
    return Diagnostic(name, line, col, Problem(path, "").field, _printable(message), severity,
                      code)


def _printable(text: str) -> str:
    """``text`` on one line: control characters (newlines in ids, ...) written as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def one_line(text: str) -> str:
    return " ".join(text.split())


# -- pydantic errors -----------------------------------------------------------
@dataclass
class Shape:
    """Shape errors of a file and what the placeholders standing in for them touch."""

    diagnostics: list[Diagnostic]
    patched: list[Path]

    def hides(self, p: Problem) -> bool:
        """True for a check problem caused by a placeholder rather than by the file."""
        if _SENTINEL in p.message or _SENTINEL in str(p.value):
            return True
        return any(_caused(p, q) for q in self.patched)


def _caused(p: Problem, q: Path) -> bool:
    """Whether the placeholder at ``q`` may have caused check problem ``p``."""
    if p.path[: len(q)] == q:
        return True
    if p.code == "after-horizon" and q[0] in ("horizon", "roadmap"):
        # a patched horizon, start or duration moves the horizon test
        return True
    if _unwrap(_type_at(q)) is int and p.path[: len(q) - 1] == q[:-1]:
        # whole numbers are compared with their siblings (sampling: sample <= population)
        return True
    if q[0] in _REFERRED and (len(q) == 2 or (len(q) == 3 and q[2] == "id")):
        # an entity lost its id: references to it cannot resolve
        return p.code == f"unknown-{_REFERRED[str(q[0])]}"
    if q[0] == "roadmap" and (len(q) < 3 or q[2] == "moves"):
        # a move lost a step: which steps run, and when, is unknown
        return p.code in ("unused-step", "requires-order")
    if (p.code == "phase-order" and q[0] == "roadmap" and len(q) >= 3
            and isinstance(q[1], int) and isinstance(p.path[1], int)):
        # a patched start moves later phases; a patched duration, those after the next
        shift = {"start": 0, "duration": 1}.get(str(q[2]))
        return shift is not None and p.path[1] > q[1] + shift
    return False


def validate(data: dict[str, Any], located: Located,
              name: str) -> tuple[Scenario | None, Shape]:
    errors = _booleans_for_numbers(data)
    try:
        scenario = Scenario.model_validate(data, context={FILE_CONTEXT: True})
    except ValidationError as exc:
        errors += _errors(exc, data)
    else:
        if not errors:
            return scenario, Shape([], [])
    shape = Shape([], [])
    seen: set[Path] = set()
    for path, kind, msg in errors:
        if path in seen or any(path[: len(o)] == o for o in located.opaque):
            continue
        seen.add(path)
        if kind == "missing":
            pos = located.position(path[:-1])
        else:
            pos = located.position(path, key=kind == "extra_forbidden")
        shape.diagnostics.append(diagnostic(name, pos, path, msg))
    patched = _patch(data, errors)
    if patched is None:
        return None, shape
    fixed, shape.patched = patched
    try:
        scenario = Scenario.model_validate(fixed, context={FILE_CONTEXT: True})
    except ValidationError:
        return None, shape
    return scenario, shape


def _booleans_for_numbers(data: Any, path: Path = ()) -> list[tuple[Path, str, str]]:
    """``true``/``false`` where a whole number is expected (pydantic would read 1/0)."""
    if isinstance(data, dict):
        return [e for k, v in data.items() for e in _booleans_for_numbers(v, (*path, k))]
    if isinstance(data, list):
        return [e for i, v in enumerate(data) for e in _booleans_for_numbers(v, (*path, i))]
    if isinstance(data, bool) and _unwrap(_type_at(path)) is int:
        return [(path, "int_type", f"expected a whole number, got {show_value(data)} "
                 "(a boolean, not a number)")]
    return []


def _errors(exc: ValidationError, data: Any) -> list[tuple[Path, str, str]]:
    """``(data path, error type, message)`` for each pydantic error, in plain words."""
    out: list[tuple[Path, str, str]] = []
    for err in exc.errors(include_url=False):
        kind = str(err["type"])
        path = _data_path(tuple(err["loc"]), data, keep_last=kind == "missing")
        out.append((path, kind, _message(err, path, kind)))
    return out


def _data_path(loc: tuple[Any, ...], data: Any, keep_last: bool) -> Path:
    """The part of a pydantic location that names places in the data.

    Union members (``'Quantity'``, ``'function-after[...]'``), internal fields
    of a number (``params``) and dict-key markers (``'[key]'``) are dropped.
    """
    out: list[str | int] = []
    cur = data
    for i, part in enumerate(loc):
        inside = ((isinstance(cur, dict) and isinstance(part, str) and part in cur)
                  or (isinstance(cur, list | tuple) and isinstance(part, int)
                      and 0 <= part < len(cur)))
        if inside:
            out.append(part)
            cur = cur[part]
        elif keep_last and i == len(loc) - 1 and isinstance(part, str | int):
            out.append(part)
        elif isinstance(cur, dict) and part in ("params", "kind"):
            break  # inside a number: report the number itself
    return tuple(out)


_TYPE_WORDS = {
    "float_type": "expected a number", "float_parsing": "expected a number",
    "int_type": "expected a whole number", "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "int_parsing_size": "expected a whole number of reasonable size",
    "bool_type": "expected true or false", "bool_parsing": "expected true or false",
    "string_type": "expected text", "tuple_type": "expected a list",
    "list_type": "expected a list", "dict_type": "expected a mapping",
    "model_type": "expected a mapping", "model_attributes_type": "expected a mapping",
    "none_required": "expected nothing (null)",
}


def _message(err: Any, path: Path, kind: str) -> str:
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        field = str(path[-1]) if path else "?"
        known = _fields_at(path[:-1])
        close = closest(field, known)
        return f"unknown key {field!r}" + (f" (did you mean {close!r}?)" if close else
                                            (f"; expected one of: {', '.join(known)}"
                                             if known else ""))
    if kind == "missing":
        if path and isinstance(path[-1], int):
            return f"missing item {path[-1] + 1} of the list"
        return f"missing required field {str(path[-1]) if path else '?'!r}"
    if kind == "literal_error" and path == ("accord",):
        return (f"unsupported format version {show_value(value)}; this accord reads "
                "version 1 (write `accord: 1`)")
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        got = ctx.get("actual_length")
        return (f"{'too few' if kind == 'too_short' else 'too many'} items: expected "
                f"{'at least' if kind == 'too_short' else 'at most'} {limit}, got {got}")
    if kind in _TYPE_WORDS:
        hint: str = ""
        if kind == "string_type" and isinstance(value, bool | int | float):
            hint = " (write it in quotes to make it text)"
        elif kind in ("int_type", "int_parsing", "float_type") and isinstance(value, str):
            hint = " (text, not a number)"
        elif kind in ("model_type", "dict_type") and isinstance(value, str):
            hint = " (a mapping is written {key: value, ...})"
        return f"{_TYPE_WORDS[kind]}, got {show_value(value)}{hint}"
    msg = one_line(str(err.get("msg", "invalid value")))
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if kind == "quantity":
        if path == ("horizon",) and "finite" in msg:
            msg += " (omit horizon for an infinite horizon)"
        return msg
    if msg.startswith("Input should be "):
        msg = "expected " + msg.removeprefix("Input should be ")
    if "input" in err and "got" not in msg:
        msg += f", got {show_value(value)}"
    return msg


def _fields_at(path: Path) -> list[str]:
    """Field names the model at ``path`` accepts (for "did you mean")."""
    tp = _type_at(path)
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and tp is not Quantity:
        return list(tp.model_fields)
    return []


def _type_at(path: Path) -> Any:
    """The annotation of the value at data ``path`` (``None`` if unknown)."""
    tp: Any = Scenario
    for part in path:
        tp = _unwrap(tp)
        if tp is Quantity:
            return None
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            info = tp.model_fields.get(str(part)) if isinstance(part, str) else None
            if info is None:
                return None
            tp = info.annotation
            continue
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is dict and len(args) == 2 and isinstance(part, str):
            tp = args[1]
        elif origin is tuple and isinstance(part, int):
            if len(args) == 2 and args[1] is Ellipsis:
                tp = args[0]
            elif 0 <= part < len(args):
                tp = args[part]
            else:
                return None
        else:
            return None
    return tp


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else tp
    if isinstance(tp, type) and issubclass(tp, RootModel):
        return tp.model_fields["root"].annotation
    return tp


# -- placeholders --------------------------------------------------------------
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
        return _SENTINEL
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


def _patch(data: dict[str, Any],
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
        tp = _type_at(path)
        if tp is None and kind != "extra_forbidden":
            # inside a number (or unknown): replace the nearest typed parent
            while target and _type_at(target) is None:
                target = target[:-1]
            if not target:
                return None
            tp = _type_at(target)
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
