"""Charts as Vega-Lite specifications, built with altair, rendered offline by vl-convert.

One module per chart, each a pure function from a result to an altair chart;
:mod:`accord.charts.registry` lists them per result class.  Results have
``.chart(kind)``, ``.charts()`` and ``.save_chart(kind, path)``.
"""

from __future__ import annotations

from accord.charts.registry import chart, kinds, register, render, save_chart, spec

__all__ = ["chart", "kinds", "register", "render", "save_chart", "spec"]
