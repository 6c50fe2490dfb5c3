"""What every chart shares: names a reader understands, time on the calendar, colors.

* Steps are named by their ``label:`` where the file writes one, else by id
  (:mod:`accord.report.labels`).
* With ``years: [first, last]`` in the file (and time in years), time 0 is the
  start of ``first``: time ``t`` is drawn at year ``first + t``.
* Margins use one diverging scale centred on 0 (red: a party gains by leaving,
  blue: it prefers to go on), symmetric so that equal distances read equally.
* The root-cause point is found by :func:`root_cause`, the one place to switch
  if the analysis' definition changes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import altair as alt

from accord.report.labels import calendar

if TYPE_CHECKING:
    from accord.analysis import Analysis
    from accord.model import Scenario

#: The diverging color scheme of margins (Vega's ``redblue``: red < 0 < blue).
DIVERGING = "redblue"
#: "This helps the deal" / "this hurts the deal" (the ends of :data:`DIVERGING`).
HELPS, HURTS = "#2166ac", "#b2182b"
#: Neutral ink for rules and annotations.
INK, MUTED, BAND, BAND_LIGHT = "#222222", "#666666", "#e8e8e8", "#f6f6f6"
#: Width of a single chart, in pixels.
WIDTH = 640
#: Font stack: system fonts only (nothing is loaded from the web).
FONT = "Helvetica, Arial, 'Liberation Sans', sans-serif"


def root_cause(a: Analysis) -> dict[str, Any] | None:
    """The test that starts the unravelling: ``{kind, point, party, step, margin}`` or None.

    ``Analysis.root_cause``: the failing test met first working back from
    completion (None when the road map is viable).  Every chart marks the point
    this returns: it is the one switch for the definition.
    """
    cause = a.root_cause
    return dict(cause) if cause else None


def year0(s: Scenario) -> int | None:
    """Calendar year of time 0, or None (see :func:`accord.report.labels.calendar`)."""
    return calendar(s)


def at(s: Scenario, t: float) -> float:
    """Where time ``t`` is drawn: ``first + t`` on the calendar, else ``t``."""
    first = calendar(s)
    return t if first is None else first + t


def time_title(s: Scenario) -> str:
    """Axis title of the time axis."""
    if calendar(s) is not None:
        return "year (time 0 = start of the first year)"
    unit = s.units.time
    return f"time ({unit})" if unit else "time"


def value_unit(s: Scenario) -> str:
    """The value unit, for axis titles: ``USD bn (2019)`` or ``value units``."""
    return s.units.value or "value units"


def symmetric(values: Iterable[float], floor: float = 1e-9) -> list[float]:
    """A domain ``[-m, m]`` holding every finite value (at least ``floor`` wide)."""
    m = max([abs(v) for v in values if v is not None and math.isfinite(v)] + [floor])
    return [-m, m]


def margin_color(field: str, domain: list[float], title: str) -> alt.Color:
    """The diverging margin color: centred on 0, red below, blue above.

    The scale is symmetric-log (``symlog``, linear within 1 value unit of 0): a
    margin of -2 next to margins of +90 still reads red, not white.
    """
    scale = alt.Scale(type="symlog", constant=1, scheme=DIVERGING,  # type: ignore[arg-type]
                      domain=domain, domainMid=0)
    return alt.Color(f"{field}:Q", title=title, scale=scale,
                     legend=alt.Legend(orient="bottom", gradientLength=220, direction="horizontal",
                                       titleLimit=400))


#: What every chart function returns: a top-level altair chart.
Chart = alt.TopLevelMixin


def data(rows: list[dict[str, Any]], name: str) -> alt.Data:
    """Inline, named data: the spec carries the engine's numbers as they are."""
    return alt.Data(values=rows, name=name)  # type: ignore[no-untyped-call]


def finish(chart: Any, title: str, subtitle: str | list[str] | None = None) -> Chart:
    """Top-level title and the shared look (system fonts, no border)."""
    sub = [subtitle] if isinstance(subtitle, str) else (subtitle or [])
    return cast(Chart, chart.properties(title=alt.TitleParams(title, subtitle=sub, anchor="start",
                                                   fontSize=15, subtitleFontSize=11,
                                                   subtitleColor=MUTED))
            .configure(font=FONT, background="white")
            .configure_view(stroke=None)
            .configure_axis(labelFontSize=11, titleFontSize=11, labelColor=INK,
                            titleColor=INK)
            .configure_legend(labelFontSize=11, titleFontSize=11))


def num(x: float | None) -> float | None:
    """A JSON-safe number for a chart's data (None for inf and nan)."""
    if x is None:
        return None
    v = float(x)
    return v if math.isfinite(v) else None
