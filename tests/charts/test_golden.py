"""Golden specs of halt-rollback-eliminate's charts, and the README's SVGs.

Regenerate after a deliberate change (then review the diff):
``PYTHONPATH=src python3 -m tests.charts.golden``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.charts.golden import DOCS, docs_svgs, dumps, golden_specs

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "charts" / "golden"
HOW = "regenerate with: PYTHONPATH=src python3 -m tests.charts.golden (and review the diff)"


@pytest.fixture(scope="module")
def specs() -> dict[str, dict[str, object]]:
    return golden_specs()


def test_every_kind_has_a_golden_file(specs: dict[str, dict[str, object]]) -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(specs), HOW


@pytest.mark.parametrize("kind", sorted(p.stem for p in GOLDEN.glob("*.json")))
def test_spec_matches_golden(kind: str, specs: dict[str, dict[str, object]]) -> None:
    want = json.loads((GOLDEN / f"{kind}.json").read_text(encoding="utf-8"))
    got = json.loads(dumps(specs[kind]))
    assert got == want, f"the {kind} chart changed; {HOW}"


def test_readme_svgs_are_current(specs: dict[str, dict[str, object]]) -> None:
    for name, svg in docs_svgs(specs).items():
        path = ROOT / "docs" / name
        assert path.read_text(encoding="utf-8") == svg, f"docs/{name} is stale; {HOW}"


def test_readme_shows_the_svgs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in DOCS:
        assert f"(docs/{name})" in readme
