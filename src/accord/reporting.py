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
           interactive: bool = True) -> str:
    """Analyze ``scenario`` (and simulate, run sensitivity, sweep when asked); the HTML."""
    a = analyze(scenario)
    sim = sens = sw = None
    if draws is not None:
        sim = simulate(scenario, draws=draws, seed=seed)
        sens = sensitivity(scenario, draws=max(2, min(draws, 2048)), seed=seed)
    if sweep_x is not None:
        # with draws, P(viable) per cell too, on min(N, 2048) draws like the sensitivity
        n = None if draws is None else max(2, min(draws, 2048))
        sw = sweep(scenario, sweep_x, sweep_y, draws=n, seed=seed)
    return render(a, sim, sens, sw, interactive=interactive)
