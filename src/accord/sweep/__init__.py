"""Sweeps: the road map over a grid of one or two inputs, the grid on the engine's draws axis.

>>> import accord
>>> from accord.sweep import sweep
>>> s = accord.load_text('''
... accord: 1
... title: one cheat
... parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
... steps: [{id: s, actor: A, flow: {A: -1, B: 2}, verification: {detection: 0.5}}]
... roadmap: [{phase: P, duration: 1, moves: [[s]]}]
... ''')
>>> r = sweep(s, "steps.s.flow.A=-1:1:3")
>>> [c["viable"] for c in r.cells]
[False, True, True]
"""

from accord.sweep.axis import Axis, SweepError, parse, resolve
from accord.sweep.result import Sweep
from accord.sweep.run import sweep

__all__ = ["Axis", "Sweep", "SweepError", "parse", "resolve", "sweep"]
