"""A bounded load test of a real server on 127.0.0.1: 32 clients x 20 analyze requests.

Every request must succeed (200, the ``accord analyze --json`` result of the body)
within the time bound; the latencies' p50 and p99 are printed (``-s``) and kept in
docs/performance.md.  All traffic goes to 127.0.0.1; 640 requests in all.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from pathlib import Path

import accord
from tests.web.conftest import SMALL
from tests.web.server import running

CLIENTS, REQUESTS, BOUND = 32, 20, 240.0


def test_32_clients_x_20_analyze_requests(tmp_path: Path) -> None:
    expected = json.loads(accord.analyze(accord.load_text(SMALL)).to_json())
    expected.pop("provenance")
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    with running(tmp_path / "runs.sqlite") as server:
        def client() -> None:
            with server.client(timeout=60.0) as c:
                for _ in range(REQUESTS):
                    t0 = time.perf_counter()
                    r = c.post("/api/analyze", content=SMALL,
                               headers={"Content-Type": "application/yaml"})
                    dt = time.perf_counter() - t0
                    body = r.json() if r.status_code == 200 else None
                    ok = body is not None and {k: v for k, v in body.items()
                                               if k != "provenance"} == expected
                    with lock:
                        latencies.append(dt)
                        if not ok:
                            errors.append(f"{r.status_code}: {r.text[:200]}")
        start = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(BOUND)
        elapsed = time.monotonic() - start
    assert not any(t.is_alive() for t in threads), f"not done in {BOUND} s"
    assert errors == []
    assert len(latencies) == CLIENTS * REQUESTS
    q = statistics.quantiles(latencies, n=100)
    print(f"\n{len(latencies)} requests in {elapsed:.1f} s: p50 {1000 * q[49]:.0f} ms, "
          f"p99 {1000 * q[98]:.0f} ms")
