"""The self-contained HTML report: one file a reader opens offline.

Contents: title and description, the verdict, the road map timeline, the
margins heat map, capability and exposure charts, the cheat and verification
tables, Monte Carlo and sensitivity (when asked: ``draws``), a sweep (when
asked), what would make it hold (when asked: ``design``; the bridge, the designed
road map and the doctrines), the sources as a bibliography with every number's provenance, and the
provenance of the run (scenario digest, accord version, seed, draws).

Nothing leaves the file.  Charts are inline SVG (rendered by ``vl-convert``,
the same pictures as ``accord chart``) with their Vega-Lite specifications
beside them; vega, vega-lite and vega-embed are inlined from
``vl-convert-python`` so that, with JavaScript on, each chart is redrawn
live with tooltips.  Styles are inline, fonts are the system's, URLs in the
bibliography are text, not links.  All user text is escaped (Jinja2
autoescape; JSON in script elements has every ``<`` escaped).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from accord.report.labels import point_name, step_name, when
from accord.report.sources import bibliography, numbers
from accord.version import __version__

if TYPE_CHECKING:
    from markupsafe import Markup

    from accord.analysis import Analysis
    from accord.design.bridge import Bridge
    from accord.design.compare import Comparison
    from accord.design.optimize import Optimum
    from accord.simulation import Sensitivity, Simulation
    from accord.sweep import Sweep


@dataclass(frozen=True)
class Figure:
    """One chart of the report: its anchor, title, caption, static SVG and spec."""

    id: str
    kind: str
    caption: str
    svg: str
    spec: str


def _prefix_ids(svg: str, prefix: str) -> str:
    """Make an SVG's ids unique in the page (``gradient_0`` -> ``fig3-gradient_0``)."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for name in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}-{name}"')
        svg = svg.replace(f"url(#{name})", f"url(#{prefix}-{name})")
        svg = svg.replace(f'href="#{name}"', f'href="#{prefix}-{name}"')
    return re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">`` (every ``<``, ``>``, ``&`` escaped)."""
    text = json.dumps(data, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def figure(result: Any, kind: str, caption: str, index: int) -> Figure:
    """Chart ``kind`` of ``result`` as a report figure."""
    from accord.charts.registry import render as render_chart

    spec = result.chart(kind).to_dict()
    fid = f"fig{index}-{kind}"
    svg = _prefix_ids(render_chart(spec, "svg").decode(), fid)
    return Figure(fid, kind, caption, svg, script_json(spec))


@cache
def javascript() -> str:
    """vega, vega-lite and vega-embed in one script (from vl-convert-python, offline)."""
    import vl_convert as vlc

    bundle = vlc.javascript_bundle()  # type: ignore[call-arg]
    return str(bundle).replace("</script", "<\\/script")


def _cheat_rows(a: Analysis) -> list[dict[str, Any]]:
    from accord.report.verification import plan

    rows = []
    for r in plan(a):
        req = r["required_detection"]
        design = r["design"]
        need = r["smallest_sample"] if design else r["repetitions"]
        rows.append({
            "step": step_name(a.scenario, r["step"]), "id": r["step"], "point": r["point"],
            "when": when(a.scenario, a.times[r["point"]]), "party": r["party"],
            "margin": r["margin"], "required": "never" if req is None else f"{req:.3f}",
            "planned": f"{r['detection']:.3f}", "deterred": r["deterred"],
            "design": (f"sample {design['sample']} of {design['population']}, "
                       f"{design['falsified']} falsified") if design else "detection as given",
            "to_deter": "impossible" if need is None else (
                f"sample >= {need}" if design else f"{need} repeat{'' if need == 1 else 's'}"),
        })
    return rows


def _margin_rows(a: Analysis) -> list[dict[str, Any]]:
    s, lay = a.scenario, a.layout
    return [{"point": q, "label": point_name(s, lay, q), "when": when(s, a.times[q]),
             "margins": [a.margins[p][q] for p in a.parties]} for q in range(lay.n_points)]


def _provenance(a: Analysis, sim: Simulation | None, sens: Sensitivity | None,
                sw: Sweep | None, design: DesignResults | None = None
                ) -> list[tuple[str, str]]:
    import altair as alt
    import vl_convert as vlc

    rows = [("scenario digest (SHA-256)", a.provenance.scenario_digest),
            ("accord version", __version__)]
    if sim is not None:
        rows += [("Monte Carlo draws", f"{sim.draws:,}"), ("Monte Carlo seed",
                                                          str(sim.provenance.seed))]
    if sens is not None:
        rows += [("sensitivity draws per sample", f"{sens.to_dict()['draws']:,}"),
                 ("sensitivity seed", str(sens.provenance.seed))]
    if sw is not None:
        rows.append(("sweep", f"{sw.x.path}" + (f" x {sw.y.path}" if sw.y else "")
                     + (f", {sw.draws:,} draws per cell, seed {sw.provenance.seed}"
                        if sw.draws else "")))
    if design is not None:
        opts = design.optimum.provenance.options
        rows.append(("design", f"objective {opts['objective']}, epsilon {opts['epsilon']:g}, "
                               f"status {design.optimum.status}; bridge objective "
                               f"{design.bridge.provenance.options['objective']}"))
    rows += [("charts", f"altair {alt.__version__}, Vega-Lite {alt.SCHEMA_VERSION.lstrip('v')}, "
                        f"vl-convert {getattr(vlc, '__version__', '')}".rstrip(", "))]
    return rows


@dataclass(frozen=True)
class DesignResults:
    """What the report's design section shows: the bridge, the optimum, the doctrines."""

    bridge: Bridge
    optimum: Optimum
    comparison: Comparison


def render(a: Analysis, sim: Simulation | None = None, sens: Sensitivity | None = None,
           sw: Sweep | None = None, *, design: DesignResults | None = None,
           interactive: bool = True) -> str:
    """The report of these results as one HTML document (see the module docstring)."""
    from jinja2 import Environment, FunctionLoader, select_autoescape

    s = a.scenario
    figs: list[Figure] = []

    def add(result: Any, kind: str, caption: str) -> None:
        if kind in result.charts():
            figs.append(figure(result, kind, caption, len(figs) + 1))

    add(a, "timeline", "The road map: each move in its actor's lane, colored by the tightest "
        "margin just before it; the root cause ringed.")
    add(a, "heatmap", "Every party's margin, and the cheat margins, at every decision point.")
    add(a, "capability", "Capabilities on the compliance path, and what a break could restore.")
    add(a, "exposure", "What each party is left with if another walks away.")
    analysis_figs = list(figs)
    mc_figs: list[Figure] = []
    if sim is not None:
        for kind, cap in (("probability", "How likely the road map holds."),
                          ("outcome", "The equilibrium outcome over the draws."),
                          ("fan", "Margin quantiles at every decision point."),
                          ("surplus", "Each party's surplus over no agreement.")):
            add(sim, kind, cap)
        mc_figs = figs[len(analysis_figs):]
    sens_figs: list[Figure] = []
    if sens is not None:
        before = len(figs)
        add(sens, "tornado", "Which uncertain inputs decide the verdict.")
        sens_figs = figs[before:]
    sweep_figs: list[Figure] = []
    if sw is not None:
        before = len(figs)
        add(sw, "sweep", "The bottleneck margin over the swept inputs.")
        add(sw, "p_viable", "P(viable) over the swept inputs.")
        sweep_figs = figs[before:]
    design_part: dict[str, Any] | None = None
    if design is not None:
        part: dict[str, Any] = {"bridge": design.bridge, "optimum": design.optimum}
        for key, result, kind, cap in (
                ("bridge_figs", design.bridge, "bridge", "What each party is short by, and "
                 "the cheapest scales that make the road map as written hold (or where the best "
                 "ones still miss)."),
                ("optimum_figs", design.optimum, "designed", "The road map as written above "
                 "the designed one, on one time axis."),
                ("compare_figs", design.comparison, "compare", "The doctrines of the 2019 "
                 "debate and the designed road map, built from the same steps.")):
            before = len(figs)
            add(result, kind, cap)
            part[key] = figs[before:]
        design_part = part
    env = Environment(loader=FunctionLoader(_template), autoescape=select_autoescape(
        default=True, default_for_string=True), trim_blocks=True, lstrip_blocks=True)
    env.filters["ticks"] = ticks
    tpl = env.get_template("report.html.j2")
    from accord.report.sentence import verdict

    return tpl.render(
        s=s, a=a, verdict=verdict(a), sentence=a.sentence, parties=list(a.parties),
        margins=_margin_rows(a), cheats=_cheat_rows(a), sticks=a.non_credible_sticks,
        surplus=a.surplus, participation=a.participation, unit=s.units.value or "value units",
        analysis_figs=analysis_figs, mc_figs=mc_figs, sens_figs=sens_figs,
        sweep_figs=sweep_figs, sim=sim, sens=sens, sw=sw, design=design_part,
        sens_rows=(sens.inputs[:15] if sens is not None else []),
        bibliography=bibliography(s), numbers=_grouped(numbers(s)),
        provenance=_provenance(a, sim, sens, sw, design),
        javascript=javascript() if interactive else "",
    )


def _grouped(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Rows grouped by ``group``, in file order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["group"], []).append(r)
    return list(out.items())


def ticks(text: str) -> Markup:
    """User text escaped, with ``code`` spans between backticks shown as code."""
    from markupsafe import Markup, escape

    safe = str(escape(text))
    return Markup(re.sub(r"`([^`<>]+)`", r"<code>\1</code>", safe))


def _template(name: str) -> str:
    return resources.files("accord.document").joinpath("templates", name).read_text("utf-8")
