"""The type annotation of the value at a data path of a scenario (``Scenario`` fields)."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, RootModel

from accord.model import Quantity, Scenario
from accord.model.problem import Path

__all__ = ["type_at", "unwrap"]


def type_at(path: Path) -> Any:
    """The annotation of the value at data ``path`` (``None`` if unknown)."""
    tp: Any = Scenario
    for part in path:
        tp = unwrap(tp)
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


def unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return unwrap(args[0]) if len(args) == 1 else tp
    if isinstance(tp, type) and issubclass(tp, RootModel):
        return tp.model_fields["root"].annotation
    return tp
