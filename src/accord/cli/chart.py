"""``accord chart FILE KIND -o x.svg``: one chart of a scenario as an image or a spec."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.cli.shell import FileArg, error, load, out, say
from accord.errors import AccordError

#: Which result draws each kind (sweep charts need a grid: ``accord sweep ... -o FILE``).
SOURCES = ("Analysis", "Simulation", "Sensitivity", "Optimum", "Bridge", "Frontier",
           "Comparison")
#: The results of the design commands (no Monte Carlo draws).
DESIGNS = ("Optimum", "Bridge", "Frontier", "Comparison")


def _kinds() -> dict[str, tuple[str, str]]:
    """Every kind the command can draw: ``{kind: (result class, description)}``."""
    from accord.charts.registry import registered

    return {k: (src, v.description) for src in SOURCES for k, v in registered(src).items()}


def result_for(source: str, scenario: Any, draws: int | None, seed: int | None,
               parties: tuple[str, str] | None = None) -> Any:
    """The result of ``source`` for ``scenario`` (Monte Carlo with ``draws`` and ``seed``).

    The design results are those of ``accord optimize``, ``bridge``, ``frontier`` (of
    ``parties``, default the file's first two) and ``compare --doctrines``, with the
    design block's settings.
    """
    import accord

    if source == "Analysis":
        return accord.analyze(scenario)
    if source == "Optimum":
        return accord.optimize(scenario)
    if source == "Bridge":
        return accord.bridge(scenario)
    if source == "Comparison":
        return accord.compare(scenario, doctrines=True)
    if source == "Frontier":
        ids = scenario.party_ids
        if parties is None and len(ids) < 2:
            raise ValueError("the frontier needs two parties; the file has one")
        return accord.frontier(scenario, parties or (ids[0], ids[1]))
    if source == "Simulation":
        return accord.simulate(scenario, draws=draws or 10_000, seed=seed)
    return accord.sensitivity(scenario, draws=draws or 1024, seed=seed)


def chart(
    file: FileArg,
    kind: Annotated[str, typer.Argument(help="Chart kind (accord chart FILE list: the kinds).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write here: .svg, .png, .pdf, .json (Vega-Lite) or .html; "
        "omitted: the Vega-Lite JSON on stdout.")] = None,
    draws: Annotated[int | None, typer.Option(
        "--draws", "-n", help="Monte Carlo draws (outcome, fan, surplus, probability: default "
        "10000; tornado: base sample, default 1024).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", "-s", help="Seed (>= 0).")] = None,
    scale: Annotated[float, typer.Option(help="PNG pixels per SVG pixel.")] = 2.0,
    parties: Annotated[str | None, typer.Option(
        "--parties", help="frontier: the two party ids A,B (default: the file's first two).")]
    = None,
) -> None:
    """Draw one chart of a scenario (timeline, heatmap, ..., designed, bridge, frontier)."""
    from accord.charts.registry import FORMATS, render

    table = _kinds()
    if kind == "list":
        for k, (src, desc) in table.items():
            say(out, f"{k:12s} {desc} ({src.lower()})")
        return
    if kind not in table:
        raise error(f"unknown chart kind {kind!r}; kinds: {', '.join(table)} "
                     "(sweep charts: accord sweep ... -o FILE)")
    if output is not None and output.suffix.lower() not in FORMATS:
        raise error(f"{output}: unknown chart format {output.suffix or '(no suffix)'!r}; "
                     f"use {', '.join(FORMATS)}")
    if draws is not None and draws < 2:
        raise error(f"--draws must be at least 2, got {draws}")
    if seed is not None and seed < 0:
        raise error(f"--seed must be at least 0, got {seed}")
    if not scale > 0:
        raise error(f"--scale must be positive, got {scale}")
    pair = None
    if parties is not None:
        names = [p.strip() for p in parties.split(",")]
        if len(names) != 2 or not all(names):
            raise error(f"--parties takes two party ids, A,B (got {parties!r})")
        pair = (names[0], names[1])
    source = table[kind][0]
    if parties is not None and source != "Frontier":
        raise error(f"--parties is for the frontier chart, not {kind}")
    if source in DESIGNS and (draws is not None or seed is not None):
        raise error(f"the {kind} chart is deterministic: it takes no --draws or --seed")
    loaded = load(file, sampling=source not in ("Analysis", *DESIGNS))
    try:
        result = result_for(source, loaded.scenario, draws, seed, pair)
        if kind not in result.charts():
            raise error(f"{loaded.path}: no {kind} chart for this scenario "
                         f"({table[kind][1]}); it has: {', '.join(result.charts())}")
        spec = result.chart(kind).to_dict()
    except (ValueError, AccordError) as exc:
        raise error(f"{loaded.path}: {exc}") from None
    if output is None:
        sys.stdout.buffer.write(render(spec, "json"))
        return
    data = render(spec, output.suffix.lower().lstrip("."), scale=scale)
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise error(f"{output}: cannot write: {exc.strerror or exc}") from None
    say(out, f"wrote {output}")
