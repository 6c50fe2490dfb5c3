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

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationInfo,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from accord.model.families import ARITY, FAMILIES, SIGNATURE
from accord.model.show import show_value
from accord.model.suggest import closest

__all__ = ["ARITY", "FILE_CONTEXT", "SIGNATURE", "Kind", "Quantity", "show_value"]

Kind = Literal["value", "uniform", "triangular", "normal", "lognormal", "beta"]

_PROVENANCE = ("sources", "assumption")
_KEYS = ("value", *ARITY, *_PROVENANCE)
#: Validation context key set by the file loader: only the file form is accepted.
FILE_CONTEXT = "accord_file"


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _number_hint(x: object) -> str:
    """Why a value that is not a number was probably written, if we can tell."""
    if isinstance(x, str):
        try:
            float(x)
        except ValueError:
            return ""
        return " (quoted text; write the number without quotes)"
    if isinstance(x, bool):
        return " (a boolean, not a number)"
    return ""


def _float(x: float | int, what: str) -> float:
    try:
        return float(x)
    except OverflowError:
        raise PydanticCustomError(
            "quantity", "{what} is too large, got {value}",
            {"what": what, "value": show_value(x)}) from None


def _fail(message: str) -> PydanticCustomError:
    # message is passed as context so that braces in values are not template fields
    return PydanticCustomError("quantity", "{message}", {"message": message})


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
    def _parse(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, Quantity):
            return data
        if _is_number(data):
            return {"kind": "value", "params": (_float(data, "the number"),)}
        from_file = bool(info.context and info.context.get(FILE_CONTEXT))
        if (isinstance(data, dict) and "kind" in data and "params" in data
                and not from_file):
            return data
        if not isinstance(data, dict):
            raise _fail("expected a number or a distribution such as {uniform: [low, high]}, "
                        f"got {show_value(data)}{_number_hint(data)}")
        unknown = [k for k in data if k not in _KEYS]
        if unknown:
            name = str(unknown[0])
            close = closest(name, _KEYS)
            hint = (f" (did you mean {close!r}?)" if close else
                    "; a number is a value or one of uniform, triangular, normal, lognormal, "
                    "beta, with optional sources and assumption")
            raise _fail(f"unknown key {name!r} in a number{hint}")
        kinds = [k for k in data if k in ARITY or k == "value"]
        if len(kinds) != 1:
            found = "none" if not kinds else " and ".join(str(k) for k in kinds)
            raise _fail("a number needs exactly one of value, uniform, triangular, normal, "
                        f"lognormal, beta (found {found})")
        kind = str(kinds[0])
        raw = data[kind]
        if kind == "value":
            if not _is_number(raw):
                raise _fail(f"value must be a number, got {show_value(raw)}{_number_hint(raw)}")
            params: tuple[float, ...] = (_float(raw, "value"),)
        else:
            sig = SIGNATURE[kind]
            if not isinstance(raw, list | tuple):
                raise _fail(f"{kind} takes a list of {ARITY[kind]} numbers {sig}, "
                            f"got {show_value(raw)}")
            if len(raw) != ARITY[kind]:
                raise _fail(f"{kind} takes {ARITY[kind]} numbers {sig}, got {len(raw)}: "
                            f"{show_value(raw)}")
            for i, v in enumerate(raw):
                if not _is_number(v):
                    raise _fail(f"{kind} parameter {i + 1} of {sig} must be a number, got "
                                f"{show_value(v)}{_number_hint(v)}")
            params = tuple(_float(v, f"{kind} parameter") for v in raw)
        out: dict[str, Any] = {"kind": kind, "params": params}
        if "sources" in data:
            out["sources"] = data["sources"]
        if "assumption" in data:
            out["assumption"] = data["assumption"]
        return out

    @model_validator(mode="after")
    def _check(self) -> Quantity:
        p = self.params
        k = self.kind
        n = 1 if k == "value" else ARITY[k]
        if len(p) != n:
            raise _fail(f"{k} takes {n} number{'s' if n != 1 else ''}, got {len(p)}")
        if not all(math.isfinite(v) for v in p):
            if k == "value":
                raise _fail(f"expected a finite number, got {show_value(p[0])}")
            raise _fail(f"{k} parameters must be finite numbers, got {show_value(list(p))}")
        problem = FAMILIES[k].problem(p)
        if problem is not None:
            raise _fail(problem)
        if not math.isfinite(self.mean):
            raise _fail(f"{k} {show_value(list(p))} has no finite mean")
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
        return FAMILIES[self.kind].mean(self.params)

    @property
    def support(self) -> tuple[float, float]:
        """Smallest interval holding every value this number can take."""
        return FAMILIES[self.kind].support(self.params)

    def describe(self) -> str:
        """Short human form, e.g. ``0.1`` or ``uniform(0.02, 0.05)``."""
        if self.kind == "value":
            return f"{self.params[0]:.15g}"
        return f"{self.kind}({', '.join(f'{v:.15g}' for v in self.params)})"

    @classmethod
    def of(cls, value: float | Quantity) -> Quantity:
        """Wrap a plain number (API convenience)."""
        return value if isinstance(value, Quantity) else cls(kind="value", params=(float(value),))
