"""Record the proven optima of every objective (a regression record for the optimizer).

Run: ``PYTHONPATH=src python benchmarks/design_record.py OUT.json [--pool]``; writes one
entry per (instance, objective): status, the engine's value, the road map and scales.
Instances: every library file (its design block, or every step in the pool), and with
``--pool`` the generated pools of :mod:`design_pool` that prove in reasonable time.
Compare two records with ``--compare A.json B.json`` (values to 1e-9 relative).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import accord
from accord import Scenario

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from design_pool import pool

LIBRARY = Path(__file__).resolve().parents[1] / "src/accord/library/scenarios"
POOLS = ((10, 3, None), (14, 4, None), (20, 5, ("completion", "cost",
                                                "capability-years:weapons")),
         (30, 8, ("completion", "cost", "capability-years:weapons")))


def objectives(s: Scenario) -> list[str]:
    out = ["min-margin", "completion", "cost"]
    out += [f"surplus:{p}" for p in s.party_ids]
    out += [f"capability-years:{c.id}" for c in s.capabilities]
    return out


def entry(s: Scenario, obj: str, limit: float) -> dict[str, Any]:
    start = time.perf_counter()
    o = accord.optimize(s, objective=obj, time_limit=limit)
    sec = time.perf_counter() - start
    return {"status": o.status, "value": o.value, "seconds": round(sec, 2),
            "roadmap": [m["moves"] for m in o.roadmap], "scale": o.scale}


def record(out: Path, with_pool: bool, limit: float) -> None:
    res: dict[str, Any] = {}
    for f in sorted(LIBRARY.glob("*.yaml")) if "--pool-only" not in sys.argv else ():
        s = accord.load(f)
        for obj in objectives(s):
            key = f"{f.stem} {obj}"
            res[key] = entry(s, obj, limit)
            print(key, res[key]["status"], res[key]["value"], res[key]["seconds"], flush=True)
    if with_pool:
        for steps, phases, objs in POOLS:
            s = Scenario.model_validate(pool(steps, phases))
            for obj in objs or objectives(s):
                key = f"pool-{steps}x{phases} {obj}"
                res[key] = entry(s, obj, limit)
                print(key, res[key]["status"], res[key]["value"], res[key]["seconds"],
                      flush=True)
    out.write_text(json.dumps(res, indent=1))


def compare(a: Path, b: Path) -> int:
    ra, rb = json.loads(a.read_text()), json.loads(b.read_text())
    bad = 0
    for key, x in ra.items():
        y = rb.get(key)
        if y is None or x["status"] != "optimal":
            continue
        u, v = x["value"], y["value"]
        same = y["status"] == "optimal" and abs(u - v) <= 1e-9 * max(1.0, abs(u), abs(v))
        mark = "same" if same else "DIFFERENT"
        bad += not same
        print(f"{mark:9} {key}: {u!r} ({x['seconds']} s) -> {v!r} ({y['seconds']} s, "
              f"{y['status']})")
    return bad


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        sys.exit(1 if compare(Path(sys.argv[2]), Path(sys.argv[3])) else 0)
    record(Path(sys.argv[1]), "--pool" in sys.argv, 120.0)
