"""Fixtures of the web tests: an app on a fresh store, driven by FastAPI's test client."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.web.app import create_app
from accord.web.manager import Limits

#: A valid scenario with one uncertain flow (P(self-enforcing) = 3/4, see simulation docs).
SMALL = """\
accord: 1
title: one uncertain flow
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps: [{id: s, actor: A, flow: {A: {uniform: [-1, 3]}, B: 1}}]
roadmap: [{phase: P, duration: 1, moves: [[s]]}]
"""


def wait(client: TestClient, rid: str, until: tuple[str, ...] = ("done", "failed"),
         timeout: float = 60.0, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """Poll ``GET /api/runs/{rid}`` until its status is one of ``until``."""
    end = time.monotonic() + timeout
    while True:
        r = client.get(f"/api/runs/{rid}", headers=headers)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        if body["status"] in until:
            return body
        if time.monotonic() > end:
            raise AssertionError(f"run {rid} still {body['status']} after {timeout} s")
        time.sleep(0.02)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(tmp_path / "runs.sqlite", limits=Limits(slots=2, max_draws=50_000_000))
    with TestClient(app) as c:
        yield c
