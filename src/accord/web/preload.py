"""Imported once by the run processes' forkserver: load what every run needs.

Importing this module loads accord, altair and the Monte Carlo kernels (numba's
compiled code, from its cache) with one tiny simulation and one chart, so that
each run process, forked from the forkserver, starts with them loaded instead of
loading them again (about a second per run).  Nothing else imports it.
"""

from __future__ import annotations

import accord
from accord.web.worker import Job, execute

TINY = """\
accord: 1
title: warm-up
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps: [{id: s, actor: A, flow: {A: {uniform: [0, 1]}, B: 1}}]
roadmap: [{phase: P, duration: 1, moves: [[s]]}]
"""


def warm() -> None:
    """One tiny simulation with its charts (results discarded)."""
    execute(Job("simulate", TINY, "warm-up.yaml", {"draws": 16}, 0))
    accord.analyze(accord.load_text(TINY)).chart("heatmap").to_dict()


warm()
