"""The chart kinds of the design results (``optimize``, ``bridge``, ``frontier``, ``compare``)."""

from __future__ import annotations

from accord.charts.bridge import bridge
from accord.charts.comparison import compare
from accord.charts.frontier import frontier
from accord.charts.optimum import designed
from accord.charts.registry import register

register("Optimum", "designed", "the designed road map beside the one as written, on one "
         "time axis, and the designed scales", applies=lambda o: o.analysis is not None)(designed)
register("Bridge", "bridge", "the expectation gap per party and the cheapest scales that "
         "make the road map as written hold")(bridge)
register("Frontier", "frontier", "the bargaining frontier of two surpluses over viable road "
         "maps, with the road map as written and each side's position",
         applies=lambda f: bool(f.points or f.marks))(frontier)
register("Comparison", "compare", "road maps side by side: each party's surplus and the "
         "capability-years of each, by verdict",
         applies=lambda c: any(r.analysis is not None for r in c.rows))(compare)
