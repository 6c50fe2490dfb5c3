"""Read YAML keeping where each key and value sits in the file (ruamel.yaml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column


@dataclass
class Located:
    """Plain data plus the position of every key and value, by field path."""

    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

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
    """Parse YAML text; raises ruamel's YAMLError (with a mark) on bad syntax."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    root = yaml.load(text)
    out = Located(data=None)
    out.data = _walk(root, (), out)
    out.values.setdefault((), (1, 1))
    return out


def _walk(node: Any, path: Path, out: Located) -> Any:
    if isinstance(node, CommentedMap):
        out.values.setdefault(path, (node.lc.line + 1, node.lc.col + 1))
        result: dict[Any, Any] = {}
        for k in node:
            kp = (*path, str(k))
            kl, kc = node.lc.key(k)
            out.keys[kp] = (kl + 1, kc + 1)
            vl, vc = node.lc.value(k)
            out.values[kp] = (vl + 1, vc + 1)
            result[str(k) if not isinstance(k, str) else k] = _walk(node[k], kp, out)
        return result
    if isinstance(node, CommentedSeq):
        out.values.setdefault(path, (node.lc.line + 1, node.lc.col + 1))
        items = []
        for i, v in enumerate(node):
            il, ic = node.lc.item(i)
            out.values[(*path, i)] = (il + 1, ic + 1)
            items.append(_walk(v, (*path, i), out))
        return items
    if isinstance(node, dt.datetime | dt.date):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node
