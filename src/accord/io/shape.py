"""Shape errors (pydantic) in plain words.

When a value has the wrong shape, :func:`validate` reports it in the user's
terms, then lets :mod:`accord.io.placeholders` put a neutral value in its place
and validates again, so that the cross-field checks still run: a typo in a key
and an unknown party in the same file are both reported.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from accord.errors import Diagnostic
from accord.io.annotations import type_at, unwrap
from accord.io.placeholders import Shape, patch
from accord.io.positions import Located, Position
from accord.model import Problem, Quantity, Scenario
from accord.model.checks import closest
from accord.model.problem import Path
from accord.model.quantity import FILE_CONTEXT, show_value


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
    patched = patch(data, errors)
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
    if isinstance(data, bool) and unwrap(type_at(path)) is int:
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
    tp = type_at(path)
    tp = unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and tp is not Quantity:
        return list(tp.model_fields)
    return []
