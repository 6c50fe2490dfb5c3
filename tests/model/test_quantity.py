"""Numbers and distributions: parsing, validation messages, mean and support."""

from __future__ import annotations

import math
from typing import Any

import pytest
from pydantic import ValidationError

from accord.model import Quantity
from accord.model.quantity import FILE_CONTEXT, show_value

P = pytest.param


def message(data: Any, **context: Any) -> str:
    with pytest.raises(ValidationError) as info:
        Quantity.model_validate(data, context=context or None)
    [err] = info.value.errors()
    assert err["type"] == "quantity"
    return str(err["msg"])


@pytest.mark.parametrize(("data", "kind", "params", "mean"), [
    P(3, "value", (3.0,), 3.0, id="int"),
    P(-0.5, "value", (-0.5,), -0.5, id="float"),
    P({"value": 2}, "value", (2.0,), 2.0, id="long-form"),
    P({"uniform": [1, 3]}, "uniform", (1.0, 3.0), 2.0, id="uniform"),
    P({"uniform": [2, 2]}, "uniform", (2.0, 2.0), 2.0, id="uniform-point"),
    P({"triangular": [0, 1, 5]}, "triangular", (0.0, 1.0, 5.0), 2.0, id="triangular"),
    P({"normal": [1, 0]}, "normal", (1.0, 0.0), 1.0, id="normal-zero-sd"),
    P({"lognormal": [0, 1]}, "lognormal", (0.0, 1.0), math.exp(0.5), id="lognormal"),
    P({"beta": [1, 3]}, "beta", (1.0, 3.0), 0.25, id="beta"),
])
def test_valid(data: Any, kind: str, params: tuple[float, ...], mean: float) -> None:
    q = Quantity.model_validate(data, context={FILE_CONTEXT: True})
    assert (q.kind, q.params) == (kind, params)
    assert q.mean == pytest.approx(mean)


def test_provenance_long_form() -> None:
    q = Quantity.model_validate({"uniform": [1, 2], "sources": ["k"], "assumption": "why"})
    assert (q.sources, q.assumption) == (("k",), "why")
    assert q.model_dump() == {"uniform": [1.0, 2.0], "sources": ["k"], "assumption": "why"}


@pytest.mark.parametrize(("data", "phrase"), [
    P("ten", "expected a number or a distribution such as {uniform: [low, high]}, got 'ten'",
      id="text"),
    P("0.5", "got '0.5' (quoted text; write the number without quotes)", id="quoted-number"),
    P(True, "got true (a boolean, not a number)", id="boolean"),
    P(None, "got null", id="null"),
    P([1, 2], "got [1, 2]", id="list"),
    P({}, "exactly one of value, uniform, triangular, normal, lognormal, beta (found none)",
      id="empty-mapping"),
    P({"value": 1, "beta": [1, 1]}, "(found value and beta)", id="two-kinds"),
    P({"uniform": [1, 2], "soruces": []}, "unknown key 'soruces' in a number (did you mean "
      "'sources'?)", id="unknown-key-close"),
    P({"Uniform": [1, 2]}, "unknown key 'Uniform' in a number (did you mean 'uniform'?)",
      id="unknown-key-case"),
    P({"poisson": [1]}, "unknown key 'poisson' in a number; a number is a value or one of",
      id="unknown-kind"),
    P({"value": "1"}, "value must be a number, got '1' (quoted text", id="value-text"),
    P({"value": False}, "value must be a number, got false", id="value-bool"),
    P({"uniform": 1}, "uniform takes a list of 2 numbers [low, high], got 1",
      id="params-not-list"),
    P({"uniform": {"low": 1}}, "uniform takes a list of 2 numbers [low, high], got {low: 1}",
      id="params-mapping"),
    P({"uniform": [1]}, "uniform takes 2 numbers [low, high], got 1: [1]", id="too-few"),
    P({"triangular": [1, 2, 3, 4]}, "triangular takes 3 numbers [left, mode, right], got 4",
      id="too-many"),
    P({"normal": [0, "1"]}, "normal parameter 2 of [mean, sd] must be a number, got '1' "
      "(quoted text", id="param-text"),
    P({"beta": [None, 1]}, "beta parameter 1 of [a, b] must be a number, got null",
      id="param-null"),
    P({"lognormal": [True, 1]}, "got true (a boolean, not a number)", id="param-bool"),
    P({"uniform": [2, 1]}, "uniform needs low <= high, got [2.0, 1.0]", id="uniform-order"),
    P({"triangular": [0, 3, 2]}, "triangular needs left <= mode <= right and left < right",
      id="triangular-order"),
    P({"triangular": [1, 1, 1]}, "left < right, got [1.0, 1.0, 1.0]", id="triangular-point"),
    P({"normal": [0, -1]}, "normal needs sd >= 0, got -1.0", id="normal-sd"),
    P({"lognormal": [0, -1]}, "lognormal needs sigma >= 0, got -1.0", id="lognormal-sigma"),
    P({"beta": [0, 1]}, "beta needs a > 0 and b > 0, got [0.0, 1.0]", id="beta-a"),
    P({"beta": [1, -2]}, "beta needs a > 0 and b > 0, got [1.0, -2.0]", id="beta-b"),
    P(math.inf, "expected a finite number, got .inf", id="inf"),
    P(-math.inf, "expected a finite number, got -.inf", id="minus-inf"),
    P(math.nan, "expected a finite number, got .nan", id="nan"),
    P({"uniform": [0, math.inf]}, "uniform parameters must be finite numbers, got [0.0, .inf]",
      id="param-inf"),
    P(10 ** 400, "too large, got an integer of about 400 digits", id="huge-int"),
    P({"normal": [10 ** 400, 1]}, "too large", id="huge-int-param"),
    P({"lognormal": [710, 0]}, "lognormal [710.0, 0.0] has an infinite mean", id="lognormal-inf"),
    P({"uniform": [1e308, 1.5e308]}, "has no finite mean", id="uniform-mean-overflow"),
])
def test_invalid(data: Any, phrase: str) -> None:
    msg = message(data)
    assert phrase in msg
    assert "\n" not in msg


def test_internal_form_is_for_the_api_only() -> None:
    q = Quantity(kind="uniform", params=(1.0, 2.0))
    assert q.mean == 1.5
    assert "unknown key 'kind' in a number" in message(
        {"kind": "value", "params": [1.0]}, **{FILE_CONTEXT: True})
    assert message({"kind": "value", "params": [1.0, 2.0]}) == "value takes 1 number, got 2"


def test_braces_in_values_are_not_format_fields() -> None:
    assert "got '{x}'" in message("{x}")


@pytest.mark.parametrize(("data", "support"), [
    P(2, (2.0, 2.0), id="value"),
    P({"uniform": [1, 3]}, (1.0, 3.0), id="uniform"),
    P({"triangular": [0, 1, 5]}, (0.0, 5.0), id="triangular"),
    P({"normal": [1, 2]}, (-math.inf, math.inf), id="normal"),
    P({"normal": [1, 0]}, (1.0, 1.0), id="normal-point"),
    P({"lognormal": [0, 1]}, (0.0, math.inf), id="lognormal"),
    P({"lognormal": [0, 0]}, (1.0, 1.0), id="lognormal-point"),
    P({"beta": [2, 2]}, (0.0, 1.0), id="beta"),
])
def test_support(data: Any, support: tuple[float, float]) -> None:
    assert Quantity.model_validate(data).support == support


@pytest.mark.parametrize(("value", "shown"), [
    P(None, "null", id="null"), P(True, "true", id="true"), P(False, "false", id="false"),
    P(1.5, "1.5", id="float"), P(math.inf, ".inf", id="inf"), P(-math.inf, "-.inf", id="-inf"),
    P(math.nan, ".nan", id="nan"), P("a b", "'a b'", id="text"), P("a\nb", "'a\\nb'", id="newline"),
    P([1, "x", None], "[1, 'x', null]", id="list"), P({"a": [True]}, "{a: [true]}", id="mapping"),
    P("x" * 100, "'" + "x" * 56 + "...", id="long"), P(10 ** 40, "an integer of about 40 digits",
                                                       id="huge"),
])
def test_show_value(value: object, shown: str) -> None:
    assert show_value(value) == shown
