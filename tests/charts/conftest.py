"""Results shared by the chart tests (computed once per session)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import accord


def nodes(spec: Any) -> Iterator[dict[str, Any]]:
    """Every object of a Vega-Lite spec, depth first (layers, concats, encodings)."""
    if isinstance(spec, dict):
        yield spec
        for v in spec.values():
            yield from nodes(v)
    elif isinstance(spec, list):
        for v in spec:
            yield from nodes(v)


def datasets(spec: Any) -> dict[str, list[dict[str, Any]]]:
    """Every named inline dataset of a Vega-Lite spec, wherever it sits (layers, concats)."""
    return {n["name"]: n["values"] for n in nodes(spec)
            if "values" in n and "name" in n and isinstance(n["values"], list)}


@pytest.fixture(scope="session")
def hre() -> accord.Analysis:
    return accord.analyze(accord.load("halt-rollback-eliminate"))


@pytest.fixture(scope="session")
def yongbyon() -> accord.Analysis:
    return accord.analyze(accord.load("yongbyon-inside-roadmap"))


@pytest.fixture(scope="session")
def sim() -> accord.Simulation:
    return accord.simulate("halt-rollback-eliminate", draws=3000, seed=7)


@pytest.fixture(scope="session")
def sens() -> accord.Sensitivity:
    return accord.sensitivity("halt-rollback-eliminate", draws=256, seed=7)
