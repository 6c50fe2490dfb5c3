"""A generated two-party design pool for the optimizer benchmarks (docs/performance.md).

``pool(steps, phases, seed)``: ``steps`` steps alternating between a disarming party
``D`` (each step costs it, pays ``R``; some reversible, some verified, each cutting a
capability) and a relieving party ``R`` (relief tranches that pay ``D``, some reversible
by snapback), ``phases`` phases of one time unit, a committed stick against each party
and two scaled items.  Every step is in the pool; the objective is min-margin.

``random``: every third step's benefit and ``R``'s discount rate are distributions.
That pool is slack: the design at the means holds in every draw.  ``tight``: each
step costs its actor three times as much, every flow is uniform within 25% of it and
``D``'s discount rate is uniform in [0.04, 0.12], so the design at the means fails in
about a third of the draws and the robust design must differ.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def pool(steps: int, phases: int, seed: int = 0, *, random: bool = False,
         tight: bool = False) -> dict[str, Any]:
    """The scenario in file form; ``random``, ``tight``: some or all flows are
    distributions."""
    rng = np.random.default_rng(seed)
    out: list[dict[str, Any]] = []
    for j in range(steps):
        actor, other = ("D", "R") if j % 2 == 0 else ("R", "D")
        cost = round(float(rng.uniform(0.1, 0.6)), 3)
        gain = round(float(rng.uniform(0.8, 2.0)), 3)
        st: dict[str, Any] = {"id": f"{actor.lower()}{j}", "actor": actor,
                              "flow": {actor: -cost, other: gain}}
        if random and j % 3 == 0:
            st["flow"][other] = {"uniform": [round(gain * 0.7, 3), round(gain * 1.3, 3)]}
        if rng.random() < 0.5:
            st["reversal"] = {"lag": float(rng.choice([0.5, 1.0, 2.0])),
                              "cost": round(float(rng.uniform(0, 0.5)), 3)}
        if actor == "D" and rng.random() < 0.5:
            st["verification"] = {"detection": round(float(rng.uniform(0.6, 0.95)), 3),
                                  "delay": 0.5}
        if actor == "D":
            st["capability"] = {"weapons": -float(rng.integers(1, 4))}
        if rng.random() < 0.3:
            st["lag"] = 0.5
        if tight:
            st["flow"] = {actor: _spread(-3 * cost), other: _spread(gain)}
        out.append(st)
    per = -(-steps // phases)
    roadmap = [{"phase": f"P{k}", "duration": 1.0,
                "moves": [[out[j]["id"]] for j in range(k * per, min(steps, (k + 1) * per))]}
               for k in range(phases)]
    rates: list[Any] = [0.08, {"uniform": [0.02, 0.06]} if random or tight else 0.04]
    if tight:
        rates[0] = {"uniform": [0.04, 0.12]}
    return {
        "accord": 1, "title": f"benchmark pool {steps} steps {phases} phases",
        "parties": [{"id": "D", "discount_rate": rates[0]}, {"id": "R", "discount_rate": rates[1]}],
        "capabilities": [{"id": "weapons", "initial": float(steps)}],
        "steps": out, "roadmap": roadmap,
        "sticks": [{"id": "snapback", "actor": "R", "against": "D", "flow": {"D": -1.0},
                    "commitment": True},
                   {"id": "walkout", "actor": "D", "against": "R", "flow": {"R": -0.5},
                    "commitment": True}],
        "design": {"scale": {out[1]["id"]: [0.5, 3.0], "snapback": [1.0, 4.0]}},
    }


def _spread(v: float) -> dict[str, list[float]]:
    """Uniform within 25% of ``v``."""
    lo, hi = sorted((round(v * 0.75, 3), round(v * 1.25, 3)))
    return {"uniform": [lo, hi]}
