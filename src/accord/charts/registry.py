"""Which charts each result draws, and how a chart becomes a file.

A chart *kind* is a pure function from a result to an altair chart,
registered for the result's class name::

    @register("Analysis", "timeline", "phases, lanes per party, moves colored by margin")
    def timeline(a: Analysis) -> alt.VConcatChart: ...

Results (``Analysis``, ``Simulation``, ``Sensitivity``, ``Sweep``) get
``.chart(kind)``, ``.charts()`` and ``.save_chart(kind, path)`` from
:class:`accord.charts.protocol.Charted`, which delegates here.

**Extension point for the design results.**  The design commands (``accord
optimize``, ``bridge``, ``frontier``) register their kinds the same way, for
their own result classes, from their own module: ``register("Design",
"bridge", ...)(bridge_chart)``; modules named in :data:`PROVIDERS` are
imported before a lookup, so ``.chart()``, ``accord chart`` and the report
find them with no other change.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Modules that register chart kinds when imported.
PROVIDERS: tuple[str, ...] = (
    "accord.charts.analysis_kinds",
    "accord.charts.montecarlo",
    "accord.charts.tornado",
    "accord.charts.sweep",
    "accord.charts.design_kinds",
)

#: File formats :func:`save_chart` writes, by suffix.
FORMATS = (".svg", ".png", ".pdf", ".json", ".html")


@dataclass(frozen=True)
class Kind:
    """One registered chart: its name, what it shows, how to build it, when it applies."""

    name: str
    description: str
    build: Callable[[Any], Any]
    applies: Callable[[Any], bool]


_KINDS: dict[str, dict[str, Kind]] = {}


def register(result: str, name: str, description: str,
             applies: Callable[[Any], bool] | None = None
             ) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    """Register ``fn`` as chart ``name`` of results of class ``result``."""
    def deco(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        _KINDS.setdefault(result, {})[name] = Kind(name, description, fn,
                                                   applies or (lambda _r: True))
        return fn
    return deco


def _load() -> None:
    for module in PROVIDERS:
        importlib.import_module(module)


def _table(result: Any) -> dict[str, Kind]:
    _load()
    for cls in type(result).__mro__:
        if cls.__name__ in _KINDS:
            return _KINDS[cls.__name__]
    return {}


def registered(result: str) -> dict[str, Kind]:
    """Every kind registered for results of class ``result`` (whether or not it applies)."""
    _load()
    return dict(_KINDS.get(result, {}))


def kinds(result: Any) -> dict[str, str]:
    """The chart kinds ``result`` can draw, in order, with what each shows."""
    return {k.name: k.description for k in _table(result).values() if k.applies(result)}


def chart(result: Any, kind: str | None = None) -> Any:
    """The altair chart ``kind`` of ``result`` (the first kind when ``None``).

    ``ValueError`` names the kinds this result has when ``kind`` is unknown.
    """
    table = {k: v for k, v in _table(result).items() if v.applies(result)}
    if not table:
        raise ValueError(f"{type(result).__name__} results draw no chart")
    name = next(iter(table)) if kind is None else kind
    if name not in table:
        raise ValueError(f"unknown chart {name!r} for {type(result).__name__}; "
                         f"kinds: {', '.join(table)}")
    from accord.charts.offline import ensure_offline_renderer

    ensure_offline_renderer()
    return table[name].build(result)


def spec(result: Any, kind: str | None = None) -> dict[str, Any]:
    """The chart's Vega-Lite specification as a dict."""
    out: dict[str, Any] = chart(result, kind).to_dict()
    return out


def stable_ids(svg: str) -> str:
    """Renumber an SVG's ids in order of appearance (``gradient_7`` -> ``id0``).

    vl-convert numbers gradients with a counter that lives as long as the process,
    so the same chart would otherwise come out with other ids after other charts.
    """
    names = list(dict.fromkeys(re.findall(r'\bid="([^"]+)"', svg)))
    for i, name in enumerate(names):
        svg = svg.replace(f'id="{name}"', f'id="\0{i}"')
        svg = svg.replace(f"url(#{name})", f"url(#\0{i})")
        svg = svg.replace(f'href="#{name}"', f'href="#\0{i}"')
    return svg.replace("\0", "id")


def render(vl_spec: dict[str, Any], fmt: str, *, scale: float = 2.0) -> bytes:
    """A Vega-Lite spec as ``svg``, ``png``, ``pdf``, ``json`` or ``html`` bytes (no network).

    ``html`` is a whole page with vega, vega-lite and vega-embed inlined.
    """
    import vl_convert as vlc

    if fmt == "svg":
        return stable_ids(str(vlc.vegalite_to_svg(vl_spec))).encode()
    if fmt == "png":
        return bytes(vlc.vegalite_to_png(vl_spec, scale=scale))
    if fmt == "pdf":
        return bytes(vlc.vegalite_to_pdf(vl_spec))
    if fmt == "json":
        return (json.dumps(vl_spec, indent=1, allow_nan=False) + "\n").encode()
    if fmt == "html":
        return str(vlc.vegalite_to_html(vl_spec, bundle=True)).encode()
    raise ValueError(f"unknown chart format {fmt!r}; use one of "
                     f"{', '.join(f.lstrip('.') for f in FORMATS)}")


def save_chart(result: Any, kind: str | None, path: str | Path, *,
               scale: float = 2.0) -> Path:
    """Write chart ``kind`` of ``result`` to ``path``; the format is the file's suffix."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{out}: unknown chart format {suffix or '(no suffix)'!r}; use "
                         f"{', '.join(FORMATS)}")
    data = render(spec(result, kind), suffix.lstrip("."), scale=scale)
    out.write_bytes(data)
    return out
