"""A number in a scenario: a plain value or a distribution, with its provenance.

Format v1 (MODEL.md §2) lets any number be a distribution::

    discount_rate: 0.10
    discount_rate: {uniform: [0.02, 0.05]}

accord extends this with an optional provenance, written in long form::

    discount_rate: {value: 0.10, sources: [hecker2018]}
    discount_rate: {uniform: [0.02, 0.05], assumption: "range spans ..."}

Parameters follow ``numpy.random.Generator``: ``uniform: [low, high]``,
``triangular: [left, mode, right]``, ``normal: [loc, scale]``,
``lognormal: [mean, sigma]`` (of the underlying normal), ``beta: [a, b]``.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_serializer, model_validator
from pydantic_core import PydanticCustomError

Kind = Literal["value", "uniform", "triangular", "normal", "lognormal", "beta"]

#: Number of parameters each distribution takes.
ARITY: dict[str, int] = {"uniform": 2, "triangular": 3, "normal": 2, "lognormal": 2, "beta": 2}
_PROVENANCE = ("sources", "assumption")


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


class Quantity(BaseModel):
    """One scenario number: ``kind`` is ``value`` or a distribution name.

    ``params`` holds the single value, or the distribution's parameters in
    ``numpy.random.Generator`` order.  ``sources`` and ``assumption`` say
    where the number comes from.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Kind
    params: tuple[float, ...]
    sources: tuple[str, ...] = ()
    assumption: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, data: Any) -> Any:
        if isinstance(data, Quantity):
            return data
        if _is_number(data):
            return {"kind": "value", "params": (float(data),)}
        if isinstance(data, dict) and "kind" in data and "params" in data:
            return data
        if not isinstance(data, dict):
            raise PydanticCustomError(
                "quantity",
                f"expected a number or a distribution such as {{uniform: [lo, hi]}}, got {data!r}",
            )
        kinds = [k for k in data if k in ARITY or k == "value"]
        unknown = [k for k in data if k not in ARITY and k != "value" and k not in _PROVENANCE]
        if unknown:
            raise PydanticCustomError(
                "quantity",
                f"unknown key {unknown[0]!r} in a number; use value, one of "
                "uniform/triangular/normal/lognormal/beta, sources, assumption",
            )
        if len(kinds) != 1:
            raise PydanticCustomError(
                "quantity",
                "a number needs exactly one of value, uniform, triangular, normal, "
                f"lognormal, beta (found {len(kinds)})",
            )
        kind = kinds[0]
        raw = data[kind]
        if kind == "value":
            if not _is_number(raw):
                raise PydanticCustomError("quantity", f"value must be a number, got {raw!r}")
            params: tuple[float, ...] = (float(raw),)
        else:
            if not isinstance(raw, list | tuple) or not all(_is_number(v) for v in raw):
                raise PydanticCustomError(
                    "quantity", f"{kind} takes a list of {ARITY[kind]} numbers, got {raw!r}")
            if len(raw) != ARITY[kind]:
                raise PydanticCustomError(
                    "quantity", f"{kind} takes {ARITY[kind]} numbers, got {len(raw)}")
            params = tuple(float(v) for v in raw)
        out: dict[str, Any] = {"kind": kind, "params": params}
        if "sources" in data:
            out["sources"] = data["sources"]
        if "assumption" in data:
            out["assumption"] = data["assumption"]
        return out

    @model_validator(mode="after")
    def _check(self) -> Quantity:
        p = self.params
        if not all(math.isfinite(v) for v in p):
            raise ValueError(f"{self.kind} parameters must be finite numbers, got {list(p)}")
        if self.kind == "uniform" and not p[0] <= p[1]:
            raise ValueError(f"uniform needs low <= high, got {list(p)}")
        if self.kind == "triangular" and not (p[0] <= p[1] <= p[2] and p[0] < p[2]):
            raise ValueError(f"triangular needs left <= mode <= right and left < right, got {list(p)}")
        if self.kind in ("normal", "lognormal") and p[1] < 0:
            raise ValueError(f"{self.kind} needs a non-negative spread, got {p[1]}")
        if self.kind == "beta" and not (p[0] > 0 and p[1] > 0):
            raise ValueError(f"beta needs a > 0 and b > 0, got {list(p)}")
        return self

    @model_serializer(mode="plain")
    def _dump(self) -> Any:
        body: Any = self.params[0] if self.kind == "value" else list(self.params)
        if not self.sources and self.assumption is None:
            return body if self.kind == "value" else {self.kind: body}
        out: dict[str, Any] = {self.kind: body}
        if self.sources:
            out["sources"] = list(self.sources)
        if self.assumption is not None:
            out["assumption"] = self.assumption
        return out

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        """The file form: a number, or a one-key distribution with provenance."""
        prov: dict[str, Any] = {
            "sources": {"type": "array", "items": {"type": "string"}},
            "assumption": {"type": "string"},
        }

        def form(key: str, n: int | None) -> dict[str, Any]:
            body: dict[str, Any] = (
                {"type": "number"} if n is None else
                {"type": "array", "items": {"type": "number"}, "minItems": n, "maxItems": n})
            return {"type": "object", "properties": {key: body, **prov}, "required": [key],
                    "additionalProperties": False}

        return {
            "title": "Quantity",
            "description": "A number, or a distribution ({uniform: [lo, hi]}, ...), "
                           "optionally with sources and an assumption note.",
            "anyOf": [{"type": "number"}, form("value", None),
                      *(form(k, n) for k, n in ARITY.items())],
        }

    @property
    def is_random(self) -> bool:
        """True for a distribution (Monte Carlo samples it)."""
        return self.kind != "value"

    @property
    def mean(self) -> float:
        """The value used by a deterministic analysis: the distribution's mean."""
        p = self.params
        if self.kind == "value":
            return p[0]
        if self.kind == "uniform":
            return (p[0] + p[1]) / 2.0
        if self.kind == "triangular":
            return (p[0] + p[1] + p[2]) / 3.0
        if self.kind == "normal":
            return p[0]
        if self.kind == "lognormal":
            return math.exp(p[0] + p[1] ** 2 / 2.0)
        return p[0] / (p[0] + p[1])  # beta

    @property
    def support(self) -> tuple[float, float]:
        """Smallest interval holding every value this number can take."""
        p = self.params
        if self.kind == "value":
            return (p[0], p[0])
        if self.kind == "uniform":
            return (p[0], p[1])
        if self.kind == "triangular":
            return (p[0], p[2])
        if self.kind == "normal":
            return (p[0], p[0]) if p[1] == 0 else (-math.inf, math.inf)
        if self.kind == "lognormal":
            return (math.exp(p[0]), math.exp(p[0])) if p[1] == 0 else (0.0, math.inf)
        return (0.0, 1.0)

    def describe(self) -> str:
        """Short human form, e.g. ``0.1`` or ``uniform(0.02, 0.05)``."""
        if self.kind == "value":
            return f"{self.params[0]:g}"
        return f"{self.kind}({', '.join(f'{v:g}' for v in self.params)})"

    @classmethod
    def of(cls, value: float | Quantity) -> Quantity:
        """Wrap a plain number (API convenience)."""
        return value if isinstance(value, Quantity) else cls(kind="value", params=(float(value),))
