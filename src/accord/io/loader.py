"""Load a scenario file: YAML with positions -> pydantic models -> cross-field checks.

Every problem in the file is reported at once, each with file, line, column,
the field path and the offending value (:class:`ScenarioError`).
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from accord.io.errors import Diagnostic, ScenarioError
from accord.io.positions import Located, Path, parse
from accord.model import Problem, Quantity, Scenario, check


@dataclass(frozen=True)
class Loaded:
    """A valid scenario and the warnings its file raised (e.g. unused steps)."""

    scenario: Scenario
    warnings: tuple[Diagnostic, ...]
    path: str


def read(path: str | FsPath) -> Loaded:
    """Load and check a scenario file; raise :class:`ScenarioError` listing every problem."""
    name = str(path)
    try:
        text = FsPath(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Diagnostic(name, None, None, "(file)", "no such file")]) from None
    except IsADirectoryError:
        raise ScenarioError([Diagnostic(name, None, None, "(file)", "is a directory")]) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError([Diagnostic(name, None, None, "(file)",
                                        f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise ScenarioError([Diagnostic(name, None, None, "(file)",
                                        exc.strerror or str(exc))]) from None
    return read_text(text, name)


def read_text(text: str, name: str = "<string>") -> Loaded:
    """Load and check scenario YAML given as text (``name`` labels the messages)."""
    try:
        located = parse(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        msg = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        raise ScenarioError([Diagnostic(name, line, col, "(yaml)",
                                        f"invalid YAML: {msg}")]) from None
    except YAMLError as exc:
        raise ScenarioError([Diagnostic(name, None, None, "(yaml)",
                                        f"invalid YAML: {exc}")]) from None
    return from_data(located, name)


def from_data(located: Located, name: str) -> Loaded:
    """Validate parsed data against format v1, then run the cross-field checks."""
    data = located.data
    if not isinstance(data, dict):
        got = "an empty file" if data is None else f"a {type(data).__name__}"
        raise ScenarioError([Diagnostic(name, 1, 1, "(file)",
                                        f"a scenario is a YAML mapping (accord: 1, title, "
                                        f"parties, steps, roadmap, ...); found {got}")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_pydantic(exc, located, name)) from None
    problems = [_locate(p, located, name) for p in check(scenario)]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ScenarioError(problems)
    return Loaded(scenario, tuple(problems), name)


def diagnose(problems: Iterable[Problem], name: str = "<scenario>") -> list[Diagnostic]:
    """Diagnostics for problems of an in-memory scenario (no file positions)."""
    return [Diagnostic(name, None, None, p.field, p.message, p.severity) for p in problems]


def _locate(p: Problem, located: Located, name: str) -> Diagnostic:
    pos = located.position(p.path)
    line, col = pos if pos else (None, None)
    return Diagnostic(name, line, col, p.field, p.message, p.severity)


# -- pydantic errors -----------------------------------------------------------
def _pydantic(exc: ValidationError, located: Located, name: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[Path, str]] = set()
    for err in exc.errors(include_url=False):
        loc: Path = tuple(err["loc"])
        kind = err["type"]
        msg = str(err["msg"]).removeprefix("Value error, ")
        key = False
        if kind == "extra_forbidden":
            field = str(loc[-1])
            known = _fields_at(loc[:-1])
            hint = difflib.get_close_matches(field, known, n=1, cutoff=0.6)
            msg = f"unknown key {field!r}" + (f" (did you mean {hint[0]!r}?)" if hint else
                                                (f"; expected one of: {', '.join(known)}"
                                                 if known else ""))
            key = True
        elif kind == "missing":
            msg = f"missing required field {str(loc[-1])!r}"
            loc = loc[:-1] + (loc[-1],)
        elif kind == "literal_error" and loc == ("accord",):
            msg = (f"unsupported format version {err.get('input')!r}; this accord reads "
                   "version 1 (write `accord: 1`)")
        elif kind in ("float_type", "float_parsing", "int_type", "int_parsing", "bool_type",
                      "bool_parsing", "string_type", "tuple_type", "list_type", "dict_type",
                      "model_type", "model_attributes_type"):
            msg = f"{_kind_word(kind)}, got {err.get('input')!r}"
        if (loc, msg) in seen:
            continue
        seen.add((loc, msg))
        field = Problem(loc, "").field
        pos = located.position(loc, key=key) if kind != "missing" else located.position(loc[:-1])
        line, col = pos if pos else (None, None)
        out.append(Diagnostic(name, line, col, field, msg))
    return out


def _kind_word(kind: str) -> str:
    return {
        "float_type": "expected a number", "float_parsing": "expected a number",
        "int_type": "expected a whole number", "int_parsing": "expected a whole number",
        "bool_type": "expected true or false", "bool_parsing": "expected true or false",
        "string_type": "expected text", "tuple_type": "expected a list",
        "list_type": "expected a list", "dict_type": "expected a mapping",
        "model_type": "expected a mapping", "model_attributes_type": "expected a mapping",
    }[kind]


def _fields_at(loc: Path) -> list[str]:
    """Field names the model at ``loc`` accepts (for "did you mean")."""
    tp: Any = Scenario
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            info = tp.model_fields.get(part)
            if info is None:
                return []
            tp = info.annotation
        else:
            args = typing.get_args(_unwrap(tp))
            if not args:
                return []
            tp = args[-1] if typing.get_origin(tp) is dict else args[0]
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and tp is not Quantity:
        return list(tp.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else tp
    if isinstance(tp, type) and issubclass(tp, RootModel):
        return tp.model_fields["root"].annotation
    return tp
