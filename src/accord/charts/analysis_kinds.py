"""The chart kinds of a deterministic analysis."""

from __future__ import annotations

from accord.charts.capability import capability
from accord.charts.exposure import exposure
from accord.charts.heatmap import heatmap
from accord.charts.registry import register
from accord.charts.timeline import timeline

register("Analysis", "timeline", "the road map on a time axis: phases, a lane per party, "
         "each move colored by the tightest margin before it, the root cause ringed")(timeline)
register("Analysis", "heatmap", "margins and cheat margins at every decision point, "
         "diverging at 0")(heatmap)
register("Analysis", "capability", "capability levels on the compliance path and the "
         "breakout band", applies=lambda a: bool(a.scenario.capabilities))(capability)
register("Analysis", "exposure", "what each party is left with if another walks away, "
         "by point", applies=lambda a: a.layout.n_parties > 1)(exposure)
