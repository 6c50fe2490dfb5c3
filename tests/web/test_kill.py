"""``kill -9`` of a real server loses nothing: completed runs intact, runs in flight marked.

A short run completes and a long one is running when the server's process group
gets SIGKILL (no shutdown code runs).  A new server on the same store shows the
completed run with the same bytes of result, the long run as ``interrupted``
(never silently lost, never ``running`` forever), and the saved scenario.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import httpx

from tests.web.conftest import SMALL
from tests.web.server import running, start, stop


def _wait(c: httpx.Client, rid: str, until: tuple[str, ...], timeout: float = 120.0) -> Any:
    end = time.monotonic() + timeout
    while True:
        body = c.get(f"/api/runs/{rid}").json()
        if body["status"] in until:
            return body
        assert time.monotonic() < end, f"run {rid} still {body['status']}"
        time.sleep(0.05)


def test_kill_9_keeps_completed_runs_and_marks_the_ones_in_flight(tmp_path: Path) -> None:
    store = tmp_path / "runs.sqlite"
    server = start(store, "--max-draws", "50000000")
    try:
        with server.client() as c:
            saved = c.post("/api/scenarios", content=SMALL,
                           headers={"Content-Type": "application/yaml"})
            assert saved.status_code == 201, saved.text
            short = c.post("/api/runs", json={"scenario": SMALL, "kind": "simulate",
                                              "draws": 4000, "seed": 3}).json()["id"]
            done = _wait(c, short, ("done",))
            long = c.post("/api/runs", json={"library": "halt-rollback-eliminate",
                                             "kind": "simulate", "draws": 40_000_000,
                                             "seed": 1}).json()["id"]
            _wait(c, long, ("running",))
    finally:
        os.killpg(server.proc.pid, signal.SIGKILL)
        server.proc.wait(10)
        stop(server)
    with running(store) as again, again.client() as c:
        after = c.get(f"/api/runs/{short}").json()
        assert after["status"] == "done"
        assert after["result"] == done["result"]
        assert c.get(f"/api/runs/{long}").json()["status"] == "interrupted"
        ids = [s["id"] for s in c.get("/api/scenarios").json()]
        assert saved.json()["id"] in ids
