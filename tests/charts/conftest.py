"""Results shared by the chart tests (computed once per session)."""

from __future__ import annotations

from typing import Any

import pytest

import accord


def datasets(spec: Any) -> dict[str, list[dict[str, Any]]]:
    """Every named inline dataset of a Vega-Lite spec, wherever it sits (layers, concats)."""
    out: dict[str, list[dict[str, Any]]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "values" in node and "name" in node and isinstance(node["values"], list):
                out[node["name"]] = node["values"]
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return out


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
