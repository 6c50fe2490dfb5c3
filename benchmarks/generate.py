"""Generate the benchmark scenario: 20 moves, 3 parties, 30 steps, every number uncertain.

Deterministic (no randomness): the same text every time, so benchmark runs compare.

Layout: 10 phases of 2 moves each; move ``m`` is made by party ``m % 3``; the
first 10 moves carry two steps, the last 10 one step (30 steps).  Every step
is reversible and verified; there are three sticks (one against each party)
and one capability.  Every number is a distribution, cycling through all five
kinds, and the horizon is uncertain too.

Run ``python benchmarks/generate.py > bench.yaml`` to see it.  ``uniform=True``
makes every distribution a uniform with the same mean and range (numbers are
cheaper to draw; the game is the same size), to show how much of a run's time
is drawing numbers.
"""

from __future__ import annotations

import accord
from accord.model import Scenario

PARTIES = ("A", "B", "C")
N_MOVES = 20
N_STEPS = 30


UNIFORM = False


def _u(lo: float, hi: float) -> str:
    return f"{{uniform: [{lo:g}, {hi:g}]}}"


def _n(mu: float, sd: float) -> str:
    return _u(mu - 2 * sd, mu + 2 * sd) if UNIFORM else f"{{normal: [{mu:g}, {sd:g}]}}"


def _t(lo: float, mode: float, hi: float) -> str:
    return _u(lo, hi) if UNIFORM else f"{{triangular: [{lo:g}, {mode:g}, {hi:g}]}}"


def _ln(mu: float, s: float) -> str:
    return _u(0.3, 2.0) if UNIFORM else f"{{lognormal: [{mu:g}, {s:g}]}}"


def _b(a: float, b: float) -> str:
    return _u(a / (a + b) - 0.15, a / (a + b) + 0.15) if UNIFORM else f"{{beta: [{a:g}, {b:g}]}}"


def scenario_text(n_moves: int = N_MOVES, n_steps: int = N_STEPS, *,
                  uniform: bool = False) -> str:
    """YAML text of the benchmark scenario (``n_steps`` between ``n_moves`` and ``2 n_moves``)."""
    global UNIFORM
    assert n_moves <= n_steps <= 2 * n_moves
    UNIFORM = uniform
    try:
        return _text(n_moves, n_steps)
    finally:
        UNIFORM = False


def _text(n_moves: int, n_steps: int) -> str:
    lines = [
        "accord: 1",
        f"title: Benchmark ({n_moves} moves, {len(PARTIES)} parties, {n_steps} steps)",
        f"horizon: {_u(60, 80)}",
        "parties:",
    ]
    for i, p in enumerate(PARTIES):
        lines.append(f"  - {{id: {p}, discount_rate: {_u(0.03 + 0.01 * i, 0.08 + 0.01 * i)}}}")
    lines += ["capabilities:", f"  - {{id: cap, initial: {_n(100, 5)}}}", "steps:"]
    moves: list[list[str]] = []
    k = 0
    for m in range(n_moves):
        actor = PARTIES[m % len(PARTIES)]
        size = 2 if m < n_steps - n_moves else 1
        ids = []
        for _ in range(size):
            sid = f"s{k:02d}"
            ids.append(sid)
            own = -0.4 - 0.02 * k
            others = {p: 0.3 + 0.01 * ((k + j) % 7) for j, p in enumerate(PARTIES) if p != actor}
            flow = ", ".join(
                f"{p}: {_n(own, 0.1) if p == actor else _n(others[p], 0.1)}" for p in PARTIES)
            once = ", ".join(f"{p}: {_t(-0.3, -0.1, 0.1)}" for p in PARTIES)
            lines += [
                f"  - id: {sid}",
                f"    actor: {actor}",
                f"    lag: {_u(0.0, 1.0)}",
                f"    flow: {{{flow}}}",
                f"    once: {{{once}}}",
                f"    reversal: {{lag: {_ln(0.0, 0.5)}, cost: {_u(0.0, 0.4)}, "
                f"feasible: {_b(8, 2)}}}",
                f"    verification: {{detection: {_b(6, 3)}, delay: {_u(0.1, 1.0)}}}",
                f"    capability: {{cap: {_n(-3, 0.5)}}}",
            ]
            k += 1
        moves.append(ids)
    lines.append("roadmap:")
    for ph in range(n_moves // 2):
        pair = moves[2 * ph: 2 * ph + 2]
        mv = ", ".join("[" + ", ".join(x) + "]" for x in pair)
        lines.append(f"  - {{phase: P{ph}, duration: {_t(0.5, 1.0, 1.5)}, moves: [{mv}]}}")
    lines.append("sticks:")
    for i, p in enumerate(PARTIES):
        actor = PARTIES[(i + 1) % len(PARTIES)]
        lines.append(
            f"  - {{id: k{i}, actor: {actor}, against: {p}, "
            f"flow: {{{p}: {_n(-0.5, 0.1)}, {actor}: {_n(-0.05, 0.02)}}}, "
            f"once: {{{p}: {_t(-1, -0.5, 0)}}}, lag: {_u(0.2, 1.0)}}}")
    return "\n".join(lines) + "\n"


def scenario(n_moves: int = N_MOVES, n_steps: int = N_STEPS, *,
             uniform: bool = False) -> Scenario:
    """The benchmark scenario as a checked :class:`~accord.model.Scenario`."""
    return accord.load_text(scenario_text(n_moves, n_steps, uniform=uniform), "benchmark.yaml")


if __name__ == "__main__":
    print(scenario_text(), end="")
