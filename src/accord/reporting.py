"""The report a reader opens offline: run what it shows, then render it.

:func:`accord.document.html.render` turns results into the HTML; this module
computes those results (an analysis, and a Monte Carlo, a sensitivity analysis
and a sweep when asked), so the rendering layer never runs a computation.
"""

from __future__ import annotations

from typing import Any

from accord.analysis import analyze
from accord.document.html import render
from accord.simulation import sensitivity, simulate
from accord.sweep import sweep

__all__ = ["report"]


def report(scenario: Any, *, draws: int | None = None, seed: int | None = None,
           sweep_x: str | None = None, sweep_y: str | None = None,
           design: bool = False, interactive: bool = True) -> str:
    """Analyze ``scenario`` (and simulate, run sensitivity, sweep, design when asked); the HTML.

    ``design``: the bridge, the optimum and the doctrines of the file's design block
    (``accord bridge``, ``optimize`` and ``compare --doctrines``, with its settings).
    """
    a = analyze(scenario)
    sim = sens = sw = None
    if draws is not None:
        sim = simulate(scenario, draws=draws, seed=seed)
        sens = sensitivity(scenario, draws=max(2, min(draws, 2048)), seed=seed)
    if sweep_x is not None:
        # with draws, P(viable) per cell too, on min(N, 2048) draws like the sensitivity
        n = None if draws is None else max(2, min(draws, 2048))
        sw = sweep(scenario, sweep_x, sweep_y, draws=n, seed=seed)
    part = None
    if design:
        from accord.design.bridge import bridge
        from accord.design.compare import compare
        from accord.design.optimize import optimize
        from accord.document.html import DesignResults

        part = DesignResults(bridge(scenario), optimize(scenario),
                             compare(scenario, doctrines=True))
    return render(a, sim, sens, sw, design=part, interactive=interactive)
