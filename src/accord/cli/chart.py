"""``accord chart FILE KIND -o x.svg``: one chart of a scenario as an image or a spec."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.cli.shell import FileArg, error, load, out, say

#: Which result draws each kind; kinds of results that need more (sweeps, designs)
#: have their own commands.
SOURCES = ("Analysis", "Simulation", "Sensitivity")


def _kinds() -> dict[str, tuple[str, str]]:
    """Every kind the command can draw: ``{kind: (result class, description)}``."""
    from accord.charts.registry import registered

    return {k: (src, v.description) for src in SOURCES for k, v in registered(src).items()}


def result_for(source: str, scenario: Any, draws: int | None, seed: int | None) -> Any:
    """The result of ``source`` for ``scenario`` (Monte Carlo with ``draws`` and ``seed``)."""
    import accord

    if source == "Analysis":
        return accord.analyze(scenario)
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
) -> None:
    """Draw one chart of a scenario (timeline, heatmap, capability, exposure, outcome, ...)."""
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
    source = table[kind][0]
    loaded = load(file, sampling=source != "Analysis")
    try:
        result = result_for(source, loaded.scenario, draws, seed)
        if kind not in result.charts():
            raise error(f"{loaded.path}: no {kind} chart for this scenario "
                         f"({table[kind][1]}); it has: {', '.join(result.charts())}")
        spec = result.chart(kind).to_dict()
    except ValueError as exc:
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
