"""Load a scenario file: YAML with positions -> pydantic models -> cross-field checks.

Every problem in the file is reported at once, each with file, line, column,
the field path and the offending value (:class:`ScenarioError`).

Shape errors (pydantic) do not hide the cross-field checks (:mod:`accord.io.shape`):
a typo in a key and an unknown party in the same file are both reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from accord.errors import Diagnostic, ScenarioError
from accord.io.field_names import named
from accord.io.positions import DocumentTooLarge, Located, parse
from accord.io.shape import diagnostic, one_line, validate
from accord.io.yaml_syntax import explain
from accord.model import Problem, Scenario, check
from accord.model.problem import diagnose
from accord.model.quantity import show_value
from accord.model.ranges import SAMPLED_RANGE

__all__ = ["Loaded", "diagnose", "for_sampling", "from_data", "read", "read_text"]


@dataclass(frozen=True)
class Loaded:
    """A valid scenario and the warnings its file raised (e.g. unused steps)."""

    scenario: Scenario
    warnings: tuple[Diagnostic, ...]
    path: str


def read(path: str | FsPath) -> Loaded:
    """Load and check a scenario file; raise :class:`ScenarioError` listing every problem."""
    name = str(path)

    def fail(message: str, line: int | None = None, col: int | None = None) -> ScenarioError:
        return ScenarioError([Diagnostic(name, line, col, "(file)", message)])

    try:
        raw = FsPath(path).read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a directory, not a scenario file") from None
    except PermissionError:
        raise fail("permission denied (cannot read the file)") from None
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. a NUL byte in the name
        raise fail(f"not a usable file name ({exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail(f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded "
                   "(save the file as UTF-8)", line, col) from None
    return read_text(text.removeprefix("\ufeff"), name)


def read_text(text: str, name: str = "<string>") -> Loaded:
    """Load and check scenario YAML given as text (``name`` labels the messages)."""
    try:
        located = parse(text)
    except MarkedYAMLError as exc:
        raise ScenarioError([_yaml_error(exc, name)]) from None
    except ReaderError as exc:
        line, col = _offset_position(text, exc.position)
        char = (f"#x{exc.character:04x}" if isinstance(exc.character, int)
                else repr(exc.character))
        raise ScenarioError([Diagnostic(name, line, col, "(yaml)",
                                        f"invalid YAML: character {char} is not allowed "
                                        f"({exc.reason})")]) from None
    except YAMLError as exc:
        raise ScenarioError([Diagnostic(name, None, None, "(yaml)",
                                        f"invalid YAML: {one_line(str(exc))}")]) from None
    except DocumentTooLarge as exc:
        at = exc.position
        raise ScenarioError([Diagnostic(name, at[0] if at else None, at[1] if at else None,
                                        "(yaml)", exc.message)]) from None
    return from_data(located, name)


def from_data(located: Located, name: str) -> Loaded:
    """Validate parsed data against format v1, then run the cross-field checks."""
    diags = [diagnostic(name, p.position, p.path, p.message) for p in located.problems]
    data = located.data
    if not isinstance(data, dict):
        got = "an empty file" if data is None else _kind_of(data)
        line, col = located.values.get((), (1, 1))
        diags.append(Diagnostic(name, line, col, "(file)",
                                f"a scenario is a YAML mapping (accord: 1, title, parties, "
                                f"steps, roadmap, ...); found {got}"))
        raise ScenarioError(diags)
    scenario, shape = validate(data, located, name)
    diags += shape.diagnostics
    if scenario is not None:
        for p in check(scenario):
            if not shape.hides(p):
                diags.append(_locate(p, located, name))
    diags = named(_sorted(diags), data)
    if scenario is None or any(d.severity == "error" for d in diags):
        raise ScenarioError(diags or [Diagnostic(name, None, None, "(file)",
                                                 "not a valid scenario")])
    return Loaded(scenario, tuple(diags), name)


def for_sampling(loaded: Loaded) -> Loaded:
    """``loaded``, if Monte Carlo may sample it; else ``ScenarioError``.

    A distribution whose draws can leave its field's range (warning code
    ``sampled-range``) is an error for sampling: the same diagnostics, with their
    file positions, reported as errors.
    """
    if not any(w.code == SAMPLED_RANGE for w in loaded.warnings):
        return loaded
    raise ScenarioError([w.as_error() if w.code == SAMPLED_RANGE else w
                         for w in loaded.warnings])


# -- helpers -------------------------------------------------------------------
def _locate(p: Problem, located: Located, name: str) -> Diagnostic:
    # an unknown party in ``flow: {XX: 1}`` is the key's fault, not the value's
    key = (p.code.startswith("unknown-") and len(p.path) >= 2
           and p.path[-2] in ("flow", "once", "capability"))
    return diagnostic(name, located.position(p.path, key=key), p.path, p.message, p.severity,
                      p.code)


def _sorted(diags: list[Diagnostic]) -> list[Diagnostic]:
    unique = list(dict.fromkeys(diags))
    return sorted(unique, key=lambda d: (d.line or 0, d.column or 0))


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _yaml_error(exc: MarkedYAMLError, name: str) -> Diagnostic:
    e = explain(exc)
    return Diagnostic(name, e.line, e.column, "(yaml)", e.message)


def _kind_of(x: object) -> str:
    if isinstance(x, list):
        return f"a list ({show_value(x, 40)})"
    if isinstance(x, str):
        return f"text ({show_value(x, 40)})"
    return f"a single value ({show_value(x, 40)})"
