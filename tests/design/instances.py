"""Seeded generator of small design instances that brute force can enumerate.

Two parties ``A`` and ``B``; 3 to 5 steps, 2 or 3 phases; 0 to 2 scaled items (steps
or sticks); sometimes a step outside the pool (a fixed move), an optional step, a pin,
``requires:``, verified and reversible steps, sticks with ``after:``, a finite horizon.
Values are drawn so that roughly half the instances have a viable road map.
"""

from __future__ import annotations

from typing import Any

import numpy as np

OBJECTIVES = ("min-margin", "capability-years:cap", "completion", "surplus:A", "surplus:B",
              "cost")


def instance(seed: int, *, big: bool = False) -> dict[str, Any]:
    """The scenario (file form, with a design block) of instance ``seed``.

    3 steps in 2 or 3 phases, or 4 steps in 2 phases; ``big``: up to 5 steps (4 in up
    to 3 phases, 5 in 2), some 2,000 candidates at most.
    """
    rng = np.random.default_rng(seed)
    n_steps = int(rng.integers(3, 6 if big else 5))
    n_phases = int(rng.integers(2, 4)) if n_steps <= (4 if big else 3) else 2
    parties = ["A", "B"]
    data: dict[str, Any] = {
        "accord": 1, "title": f"instance {seed}",
        "parties": [{"id": p, "discount_rate": round(float(rng.uniform(0.02, 0.08)), 3)}
                    for p in parties],
        "capabilities": [{"id": "cap", "initial": 10.0}],
    }
    if rng.random() < 0.3:
        data["horizon"] = float(rng.integers(8, 30))
    steps = []
    for j in range(n_steps):
        actor = parties[j % 2] if rng.random() < 0.8 else parties[int(rng.integers(2))]
        other = "B" if actor == "A" else "A"
        st: dict[str, Any] = {
            "id": f"s{j}", "actor": actor,
            "flow": {actor: round(float(-rng.uniform(0.1, 1.0)), 3),
                     other: round(float(rng.uniform(0.5, 2.5)), 3)},
        }
        if rng.random() < 0.3:
            st["once"] = {actor: round(float(rng.uniform(-1.0, 0.5)), 3)}
        if rng.random() < 0.4:
            st["lag"] = float(rng.choice([0.5, 1.0, 2.0]))
        if rng.random() < 0.5:
            st["reversal"] = {"lag": float(rng.choice([0.5, 1.0, 3.0])),
                              "cost": round(float(rng.uniform(0, 1)), 3),
                              "feasible": float(rng.choice([1.0, 0.7]))}
        if rng.random() < 0.4:
            st["verification"] = {"detection": round(float(rng.uniform(0.3, 1.0)), 3),
                                  "delay": float(rng.choice([0.0, 0.5, 1.5]))}
        if rng.random() < 0.6:
            st["capability"] = {"cap": float(-rng.integers(1, 5))}
        if j > 0 and rng.random() < 0.25:
            st["requires"] = [f"s{int(rng.integers(j))}"]
        steps.append(st)
    data["steps"] = steps
    # the written road map: each step its own move, in index order, spread over the phases
    cut = sorted(int(c) for c in rng.integers(0, n_steps + 1, size=n_phases - 1))
    bounds = [0, *cut, n_steps]
    data["roadmap"] = [{"phase": f"P{k}", "duration": float(rng.choice([1.0, 2.0, 3.0])),
                        "moves": [[f"s{j}"] for j in range(bounds[k], bounds[k + 1])]}
                       for k in range(n_phases)]
    sticks = []
    for kk in range(int(rng.integers(0, 3))):
        actor = parties[int(rng.integers(2))]
        against = "B" if actor == "A" else "A"
        sk: dict[str, Any] = {"id": f"k{kk}", "actor": actor, "against": against,
                              "flow": {against: round(float(-rng.uniform(0.2, 1.5)), 3),
                                       actor: round(float(rng.uniform(-0.3, 0.1)), 3)},
                              "commitment": bool(rng.random() < 0.4)}
        if rng.random() < 0.4:
            sk["lag"] = 0.5
        if rng.random() < 0.4:
            sk["after"] = [f"s{int(rng.integers(n_steps))}"]
        sticks.append(sk)
    if sticks:
        data["sticks"] = sticks
    design: dict[str, Any] = {}
    ids = [s["id"] for s in steps]
    pool = list(ids)
    if rng.random() < 0.2:
        # one step keeps its written move (only if nothing in the pool requires it)
        needed = {r for s in steps for r in s.get("requires", [])}
        free = [x for x in ids if x not in needed
                and not any(r in ids for r in next(s for s in steps if s["id"] == x)
                            .get("requires", []))]
        if free:
            pool.remove(str(rng.choice(free)))
            design["pool"] = pool
    if rng.random() < 0.3:
        design["optional"] = [str(rng.choice(pool))]
    if rng.random() < 0.3:
        design["pin"] = {str(rng.choice(pool)): f"P{int(rng.integers(n_phases))}"}
    items = ids + [k["id"] for k in sticks]
    n_scale = int(rng.choice([0, 1, 1, 2]))
    scale = {}
    for x in rng.choice(items, size=min(n_scale, len(items)), replace=False):
        lo = float(rng.choice([0.0, 0.5, 1.0]))
        scale[str(x)] = [lo, lo + float(rng.choice([1.0, 2.0, 3.0]))]
    if scale:
        design["scale"] = scale
    if rng.random() < 0.2:
        design["epsilon"] = 0.1
    design["objective"] = str(rng.choice(OBJECTIVES))
    data["design"] = design
    return data


#: Two steps in one phase, s2 (B) then s1 (A), and a stick against B: only this order
#: holds (test_optimize.py and the frontier chart tests derive its numbers).
ONE_ROAD_MAP = """\
accord: 1
title: one road map
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s1, actor: A, flow: {A: -1, B: 2}}
  - {id: s2, actor: B, flow: {A: 1.5, B: -0.5}}
roadmap: [{phase: P1, duration: 1, moves: [[s2], [s1]]}]
sticks:
  - {id: k, actor: A, against: B, flow: {B: -1}, commitment: true}
"""
