"""Read YAML keeping where each key and value sits in the file (ruamel.yaml).

The text is composed into YAML nodes (which carry their line and column) and
turned into plain data here, so that every key and value keeps its position
and problems the YAML layer can see are reported with their field path, all at
once, instead of stopping at the first: duplicate keys, keys that are not
plain text, unsupported tags (``!!binary``, ``!foo``), recursive aliases.
Merge keys (``<<: *defaults``) and anchors work as in YAML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from accord.model.problem import Path

Position = tuple[int, int]  # 1-based line and column

#: Deepest nesting accepted (a scenario needs about 8 levels).
MAX_DEPTH = 64
#: Most values one document may expand to (guards against alias bombs).
MAX_NODES = 200_000

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("null", "bool", "int", "float", "str", "timestamp")}


@dataclass(frozen=True)
class YamlProblem:
    """A problem seen while reading the YAML (not the scenario) at ``path``."""

    path: Path
    position: Position | None
    message: str


class DocumentTooLarge(Exception):
    """The document nests too deeply or expands to too many values."""

    def __init__(self, message: str, position: Position | None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass
class Located:
    """Plain data plus the position of every key and value, by field path.

    ``problems`` lists what the YAML layer found (duplicate keys, ...); the data
    is still complete (a duplicate key keeps its first value).  ``opaque`` holds
    paths whose value was replaced (e.g. an unsupported tag) and should not be
    reported again by later validation.
    """

    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)
    opaque: set[Path] = field(default_factory=set)

    def position(self, path: Path, key: bool = False) -> Position | None:
        """Position of ``path`` (its key if ``key``), else of its closest known parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


def parse(text: str) -> Located:
    """Parse YAML text into :class:`Located`.

    Raises ruamel's ``YAMLError`` on bad syntax and :class:`DocumentTooLarge`
    for absurd nesting or alias expansion.
    """
    yaml = YAML(typ="safe", pure=True)
    out = Located(data=None)
    try:
        root = yaml.compose(text)
        if root is not None:
            out.values[()] = _pos(root)
            out.data = _Walker(yaml, out).walk(root, (), 0, ())
    except RecursionError:
        raise DocumentTooLarge(f"the document nests more than {MAX_DEPTH} levels deep",
                               None) from None
    out.values.setdefault((), (1, 1))
    return out


def _pos(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _tag(node: Node) -> str:
    return str(node.tag) if node.tag is not None else ""


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_STD) if tag.startswith(_STD) else tag


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and _tag(node) == f"{_STD}null" and node.value == ""


class _Walker:
    def __init__(self, yaml: YAML, out: Located) -> None:
        self.constructor = yaml.constructor
        self.out = out
        self.count = 0

    def problem(self, path: Path, pos: Position | None, message: str) -> None:
        self.out.problems.append(YamlProblem(path, pos, message))

    def walk(self, node: Node, path: Path, depth: int, stack: tuple[int, ...]) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise DocumentTooLarge(f"the document expands to more than {MAX_NODES} values "
                                   "(aliases repeated too often?)", _pos(node))
        if depth > MAX_DEPTH:
            raise DocumentTooLarge(f"the document nests more than {MAX_DEPTH} levels deep",
                                   _pos(node))
        if id(node) in stack:
            self.problem(path, _pos(node), "an alias refers to a mapping or list that "
                         "contains it (recursive alias)")
            self.out.opaque.add(path)
            return None
        tag = _tag(node)
        if isinstance(node, ScalarNode):
            return self.scalar(node, path, tag)
        inner = (*stack, id(node))
        if isinstance(node, SequenceNode):
            self.check_tag(node, path, tag, "seq")
            items: list[Any] = []
            for i, item in enumerate(node.value):
                self.out.values[(*path, i)] = _pos(item)
                items.append(self.walk(item, (*path, i), depth + 1, inner))
            return items
        if isinstance(node, MappingNode):
            self.check_tag(node, path, tag, "map")
            return self.mapping(node, path, depth, inner)
        return None  # pragma: no cover - ruamel has no other node kinds

    def check_tag(self, node: Node, path: Path, tag: str, plain: str) -> None:
        if tag != f"{_STD}{plain}":
            what = "list" if plain == "seq" else "mapping"
            self.problem(path, _pos(node), f"unsupported YAML tag {_short_tag(tag)!r} "
                         f"(read as a plain {what})")
            self.out.opaque.add(path)

    def scalar(self, node: ScalarNode, path: Path, tag: str) -> Any:
        if tag not in _SCALAR_TAGS:
            self.problem(path, _pos(node), f"unsupported YAML tag {_short_tag(tag)!r} on "
                         f"{str(node.value)!r}")
            self.out.opaque.add(path)
            return str(node.value)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except Exception as exc:  # any constructor failure is a problem of the file
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.problem(path, _pos(node), f"cannot read {str(node.value)!r} as "
                         f"{_short_tag(tag)}: {problem}")
            self.out.opaque.add(path)
            return str(node.value)
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        if isinstance(value, bool | int | float | str) or value is None:
            return value
        return str(value)  # pragma: no cover - the safe constructor makes no other scalars

    def key_text(self, key: Node, path: Path) -> str | None:
        if isinstance(key, ScalarNode):
            return str(key.value)
        what = "a list" if isinstance(key, SequenceNode) else "a mapping"
        self.problem(path, _pos(key), f"a key must be plain text, not {what}")
        return None

    def mapping(self, node: MappingNode, path: Path, depth: int, stack: tuple[int, ...]) -> Any:
        result: dict[str, Any] = {}
        for name, key, value in self.pairs(node, path, stack, report=True):
            kp = (*path, name)
            kpos = _pos(key)
            self.out.keys[kp] = kpos
            self.out.values[kp] = kpos if _is_empty(value) else _pos(value)
            result[name] = self.walk(value, kp, depth + 1, stack)
        return result

    def pairs(self, node: MappingNode, path: Path, stack: tuple[int, ...],
              report: bool) -> list[tuple[str, Node, Node]]:
        """The mapping's entries: its own keys, then those merged in with ``<<``."""
        own: list[tuple[str, Node, Node]] = []
        first: dict[str, Position] = {}
        merges: list[tuple[Node, Node]] = []
        for key, value in node.value:
            if _tag(key) == f"{_STD}merge":
                merges.append((key, value))
                continue
            name = self.key_text(key, path) if report else (
                str(key.value) if isinstance(key, ScalarNode) else None)
            if name is None:
                continue
            if name in first:
                if report:
                    self.problem((*path, name), _pos(key), f"duplicate key {name!r} (first at "
                                 f"line {first[name][0]}); the first value is used")
                continue
            first[name] = _pos(key)
            own.append((name, key, value))
        for key, value in merges:
            sources = value.value if isinstance(value, SequenceNode) else [value]
            for src in sources:
                if not isinstance(src, MappingNode):
                    self.problem(path, _pos(key), "a merge key (<<) needs a mapping or a "
                                 "list of mappings")
                    continue
                if id(src) in stack or src is node:
                    self.problem(path, _pos(key), "a merge key (<<) refers to a mapping "
                                 "that contains it")
                    continue
                for name, k, v in self.pairs(src, path, (*stack, id(src)), report=False):
                    if name not in first:
                        first[name] = _pos(k)
                        own.append((name, k, v))
        return own
