"""The baseline the Monte Carlo kernel is compared with: one game tree per draw.

For each draw: compute the draw's terminal payoffs with the reference engine
(``accord.engine.analyze`` on that one draw), build the node chain of
MODEL.md §4 as a ``pygambit`` extensive-form tree (decision nodes for
continue / defect / cheat, chance nodes for detected / undetected, one
outcome per terminal), and solve it by backward induction, walking the tree.
This is what "solve the game once per draw" costs without vectorizing.
"""

from __future__ import annotations

from dataclasses import fields
from fractions import Fraction
from typing import Any

import numpy as np
import pygambit as gbt

from accord.engine import Layout, Params, analyze


def one_draw(p: Params, d: int) -> Params:
    """Draw ``d`` of ``p`` as a one-draw ``Params``."""
    return Params(**{f.name: getattr(p, f.name)[d:d + 1] for f in fields(p)})


def build_tree(lay: Layout, p: Params) -> gbt.Game:
    """The pygambit tree of one draw (``p`` has one draw)."""
    sol = analyze(lay, p)
    brk = sol.breakdowns.values[0]
    ch = sol.cheats
    g = gbt.Game.new_tree(players=list(lay.parties), title="draw")
    n = 0

    def outcome(values: Any) -> Any:
        nonlocal n
        n += 1
        return g.add_outcome(f"o{n}", [float(v) for v in values])

    node = g.root
    for q in range(lay.n_points):
        for i in range(lay.n_parties):
            cheats = [k for k, s in enumerate(ch.steps) if int(ch.points[k]) == q
                      and q < lay.n_moves and int(lay.move_actor[q]) == i]
            g.append_move(node, lay.parties[i],
                          ["continue", "defect", *(f"cheat{k}" for k in cheats)])
            kids = list(node.children)
            g.set_outcome(kids[1], outcome(brk[q, i]))
            for j, k in enumerate(cheats):
                c = kids[2 + j]
                g.append_move(c, g.players.chance, ["detected", "undetected"])
                det = Fraction(float(p.detection[0, int(ch.steps[k])]))  # exact: sums to 1
                g.set_chance_probs(c.infoset, [det, 1 - det])
                detected, undetected = list(c.children)
                g.set_outcome(detected, outcome(ch.detected[0, k]))
                g.set_outcome(undetected, outcome(ch.undetected[0, k]))
            node = kids[0]
    g.set_outcome(node, outcome(sol.surplus[0]))
    return g


def solve(g: gbt.Game) -> tuple[list[float], str]:
    """Backward induction by walking the tree: payoffs and the path's last action."""
    players = list(g.players)

    def walk(node: Any) -> tuple[list[float], str]:
        if node.is_terminal:
            return [float(node.outcome[pl]) for pl in players], "completes"
        kids = list(node.children)
        if node.player.is_chance:
            probs = [float(a.prob) for a in node.infoset.actions]
            vals = [walk(c)[0] for c in kids]
            return [sum(pr * v[j] for pr, v in zip(probs, vals, strict=True))
                    for j in range(len(players))], "chance"
        i = players.index(node.player)
        results = [walk(c) for c in kids]
        best = max(v[i] for v, _ in results)
        for k, (v, how) in enumerate(results):
            if abs(v[i] - best) <= 1e-9 * max(1.0, abs(v[i]), abs(best)):
                return v, how if k == 0 else list(node.infoset.actions)[k].label
        raise AssertionError("no option ties with the best")  # pragma: no cover

    return walk(g.root)


def solve_draws(lay: Layout, p: Params, draws: int) -> list[str]:
    """Build and solve the tree of each of the first ``draws`` draws of ``p``."""
    out = []
    for d in range(draws):
        q = one_draw(p, d)
        out.append(solve(build_tree(lay, q))[1])
    return out


if __name__ == "__main__":  # pragma: no cover - manual check
    import time

    from generate import scenario

    from accord.engine import build
    from accord.engine.montecarlo.distributions import draw

    s = scenario()
    lay = Layout.of(s)
    gen = np.random.default_rng(0)
    p = build(s, lay, lambda path, q: draw(q, gen, 3))
    t = time.perf_counter()
    print(solve_draws(lay, p, 3), (time.perf_counter() - t) / 3, "s per draw")
