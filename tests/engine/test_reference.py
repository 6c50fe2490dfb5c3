"""The engine against an independent scalar implementation of MODEL.md (tests/reference.py)
on seeded random scenarios that exercise every feature, ties included."""

from __future__ import annotations

import numpy as np
import pytest

import accord
from tests.reference import Ref

SEEDS = range(400)


def random_scenario(seed: int) -> str:
    """A valid scenario with random features (deterministic in ``seed``)."""
    rng = np.random.default_rng(seed)
    n_par = int(rng.integers(1, 5))
    parties = [f"P{i}" for i in range(n_par)]
    finite = rng.random() < 0.5
    lines = ["accord: 1", f"title: random {seed}"]
    if finite:
        lines.append(f"horizon: {rng.uniform(2, 40):.3f}")
    lines.append("parties:")
    for p in parties:
        rate = "0" if finite and rng.random() < 0.15 else f"{rng.uniform(0.01, 0.3):.4f}"
        lines.append(f"  - {{id: {p}, discount_rate: {rate}}}")

    def values() -> str:
        out = []
        for p in parties:
            roll = rng.random()
            if roll < 0.3:
                continue
            v = 0.0 if roll < 0.4 else round(float(rng.uniform(-3, 3)), 3)
            out.append(f"{p}: {v}")
        return "{" + ", ".join(out) + "}"

    steps, roadmap = [], []
    n_phases = int(rng.integers(1, 5))
    k = 0
    start = 0.0
    for ph in range(n_phases):
        dur = round(float(rng.choice([0.0, rng.uniform(0.2, 4)])), 3)
        moves = []
        for _ in range(int(rng.integers(0 if ph else 1, 4))):
            actor = parties[int(rng.integers(n_par))]
            ids = []
            for _ in range(int(rng.integers(1, 3))):
                sid = f"s{k}"
                k += 1
                ids.append(sid)
                parts = [f"id: {sid}", f"actor: {actor}", f"flow: {values()}"]
                if rng.random() < 0.4:
                    parts.append(f"once: {values()}")
                if rng.random() < 0.5:
                    parts.append(f"lag: {rng.choice([0, round(float(rng.uniform(0, 3)), 3)])}")
                if rng.random() < 0.6:
                    parts.append(
                        f"reversal: {{lag: {round(float(rng.uniform(0, 3)), 3)}, "
                        f"cost: {round(float(rng.uniform(-0.5, 2)), 3)}, "
                        f"feasible: {rng.choice([1.0, 0.0, round(float(rng.random()), 3)])}}}")
                if rng.random() < 0.5:
                    parts.append(
                        f"verification: {{detection: "
                        f"{rng.choice([0.0, 1.0, round(float(rng.random()), 3)])}, "
                        f"delay: {rng.choice([0, round(float(rng.uniform(0, 3)), 3)])}}}")
                steps.append("  - {" + ", ".join(parts) + "}")
            moves.append("[" + ", ".join(ids) + "]")
        explicit = rng.random() < 0.3
        if explicit:
            start = round(start + float(rng.uniform(0, 3)), 3)
            head = f"{{phase: F{ph}, start: {start}, duration: {dur}"
        else:
            head = f"{{phase: F{ph}, duration: {dur}"
        start = start + dur
        roadmap.append(f"  - {head}, moves: [{', '.join(moves)}]}}")
    lines += ["steps:", *steps, "roadmap:", *roadmap]
    if n_par > 1 and rng.random() < 0.8:
        lines.append("sticks:")
        for j in range(int(rng.integers(1, 4))):
            a, b = rng.choice(n_par, size=2, replace=False)
            lines.append(
                f"  - {{id: k{j}, actor: {parties[a]}, against: {parties[b]}, "
                f"flow: {values()}, once: {values()}, "
                f"lag: {round(float(rng.uniform(0, 2)), 3)}, "
                f"commitment: {'true' if rng.random() < 0.3 else 'false'}"
                f"{_after(seed, j, k)}}}")
    return "\n".join(lines) + "\n"


def _after(seed: int, j: int, n_steps: int) -> str:
    """A stick's ``after:`` (MODEL.md §2), from a stream of its own so that the rest
    of each scenario is the one drawn before ``after:`` existed: none, one or two
    scheduled steps."""
    rng = np.random.default_rng([seed, j, 7])
    roll = rng.random()
    if roll < 0.4 or n_steps == 0:
        return ""
    picks = rng.choice(n_steps, size=min(n_steps, 1 if roll < 0.8 else 2), replace=False)
    return ", after: [" + ", ".join(f"s{int(q)}" for q in sorted(picks)) + "]"


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


@pytest.mark.parametrize("seed", SEEDS)
def test_engine_matches_reference(seed: int) -> None:
    text = random_scenario(seed)
    s = accord.load_text(text)
    got = accord.analyze(s)
    ref = Ref(s)
    n_points = len(ref.moves) + 1
    for p in range(n_points):
        for i in ref.parties:
            assert close(got.margins[i][p], ref.margin(p, i)), (p, i, text)
    cheats = [(p, sid) for p, (_, ids) in enumerate(ref.moves) for sid in ids
              if ref.steps[sid].verification is not None]
    assert [(c["point"], c["step"]) for c in got.cheats] == cheats
    for c, (p, sid) in zip(got.cheats, cheats, strict=True):
        margin, req = ref.cheat(p, sid)
        assert close(c["margin"], margin), (sid, text)
        if req is None:
            assert c["required_detection"] is None
        else:
            assert c["required_detection"] is not None
            assert close(c["required_detection"], req)
    for i in ref.parties:
        assert close(got.surplus[i], ref.compliance(i))
    outcome, values = ref.equilibrium()
    assert got.outcome == outcome, text
    for i in ref.parties:
        assert close(got.equilibrium_values[i], values[i])
    assert got.self_enforcing == ref.self_enforcing()
    assert got.participation == {i: ref.takes_part(i) for i in ref.parties}
    assert got.viable == ref.viable()
    assert got.non_credible_sticks == ref.non_credible(), text
    assert got.self_enforcing == (outcome["kind"] == "completes")
