"""Charts in Jupyter with no network.

altair's default renderer writes HTML that loads vega from a CDN.  When the
user has not chosen a renderer, accord switches altair to its ``html``
renderer with the ``inline`` template: vega, vega-lite and vega-embed are
inlined from ``vl-convert-python`` (about 0.9 MB per chart; ``alt.renderers.
enable("svg")`` gives static, lighter output).  A renderer the user enabled
is left alone.
"""

from __future__ import annotations

import altair as alt


def ensure_offline_renderer() -> None:
    """Switch altair from its CDN-loading default to the inline HTML renderer (once)."""
    if alt.renderers.active == "default" and not alt.renderers.options:
        alt.renderers.enable("html", template="inline")
