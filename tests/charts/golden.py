"""The reference pictures the tests compare with, and how to regenerate them.

* ``tests/charts/golden/<kind>.json``: the Vega-Lite specification of every
  chart of the bundled ``halt-rollback-eliminate`` (Monte Carlo kinds with
  :data:`DRAWS` draws and seed :data:`SEED`; the tornado with
  :data:`SENS_DRAWS`);
* ``tests/charts/golden/{designed,bridge,frontier,compare}.json``: the design
  charts of ``yongbyon-inside-roadmap`` (the library file with a ``design:``
  block; the frontier of DPRK and US with :data:`FRONTIER_POINTS` points);
* ``docs/yongbyon-*.svg``: the README's pictures of ``yongbyon-inside-roadmap``.

Regenerate both after a deliberate change to a chart (or to the numbers)::

    PYTHONPATH=src python3 -m tests.charts.golden

and review the diff: every changed number in a golden file is a changed result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

GOLDEN_SCENARIO = "halt-rollback-eliminate"
DOCS_SCENARIO = "yongbyon-inside-roadmap"
DRAWS, SEED, SENS_DRAWS = 2000, 11, 256
FRONTIER_POINTS = 3
#: The README's pictures: file name under docs/ -> chart kind (of the analysis, or of
#: the design result that draws it).
DOCS = {"yongbyon-timeline.svg": "timeline", "yongbyon-heatmap.svg": "heatmap",
        "yongbyon-designed.svg": "designed", "yongbyon-frontier.svg": "frontier"}


def design_results() -> list[Any]:
    """The design results of the docs scenario: optimum, bridge, frontier, comparison."""
    import accord

    s = accord.load(DOCS_SCENARIO)
    return [accord.optimize(s), accord.bridge(s),
            accord.frontier(s, ("DPRK", "US"), FRONTIER_POINTS),
            accord.compare(s, doctrines=True)]


def golden_specs() -> dict[str, dict[str, Any]]:
    """Every chart of the golden scenario, by kind."""
    import accord

    s = accord.load(GOLDEN_SCENARIO)
    results = [accord.analyze(s), accord.simulate(s, draws=DRAWS, seed=SEED),
               accord.sensitivity(s, draws=SENS_DRAWS, seed=SEED), *design_results()]
    out: dict[str, dict[str, Any]] = {}
    for r in results:
        for kind in r.charts():
            out[kind] = r.chart(kind).to_dict()
    return out


def docs_svgs(specs: dict[str, dict[str, Any]] | None = None) -> dict[str, str]:
    """The README's SVG pictures, by file name (design kinds from ``specs`` when given)."""
    import accord
    from accord.charts.registry import render

    a = accord.analyze(accord.load(DOCS_SCENARIO))
    have = {kind: a.chart(kind).to_dict() for kind in a.charts()}
    if specs is None:
        specs = {k: r.chart(k).to_dict() for r in design_results() for k in r.charts()}
    have.update({k: v for k, v in specs.items() if k not in have})
    return {name: render(have[kind], "svg").decode() for name, kind in DOCS.items()}


def dumps(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=1, sort_keys=True, allow_nan=False) + "\n"


def main(root: Path) -> None:
    golden = root / "tests" / "charts" / "golden"
    golden.mkdir(parents=True, exist_ok=True)
    specs = golden_specs()
    for kind, spec in specs.items():
        (golden / f"{kind}.json").write_text(dumps(spec), encoding="utf-8")
    for name, svg in docs_svgs(specs).items():
        (root / "docs" / name).write_text(svg, encoding="utf-8")
    print(f"wrote {golden} and docs/{{{','.join(DOCS)}}}")


if __name__ == "__main__":  # pragma: no cover
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
