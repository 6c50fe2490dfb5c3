"""``accord report FILE -o report.html``: one self-contained file a reader opens offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.shell import FileArg, error, load, out, say


def report(
    file: FileArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    draws: Annotated[int | None, typer.Option(
        "--draws", "-n", help="Add Monte Carlo (this many draws) and sensitivity.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", "-s", help="Seed (>= 0).")] = None,
    sweep: Annotated[list[str] | None, typer.Option(
        "--sweep", help="Add a sweep: PATH=lo:hi:n (give it twice for two inputs).")] = None,
    design: Annotated[bool, typer.Option(
        "--design", help="Add what would make it hold: the bridge, the designed road map "
        "and the doctrines (the file's design: block).")] = False,
    pdf: Annotated[bool, typer.Option(
        "--pdf", help="Also print it to PDF beside the HTML (needs Chromium).")] = False,
    static: Annotated[bool, typer.Option(
        "--static", help="Leave out the JavaScript (static SVG charts, no tooltips).")] = False,
) -> None:
    """Write the report: verdict, charts, tables, sources; Monte Carlo with --draws."""
    from accord.errors import AccordError
    from accord.reporting import report as build
    from accord.sweep import SweepError

    if draws is not None and draws < 2:
        raise error(f"--draws must be at least 2, got {draws}")
    if seed is not None and seed < 0:
        raise error(f"--seed must be at least 0, got {seed}")
    sweeps = list(sweep or [])
    if len(sweeps) > 2:
        raise error(f"--sweep takes one or two inputs, got {len(sweeps)}")
    if output.is_dir():
        raise error(f"{output}: is a directory; give a file name")
    loaded = load(file, sampling=draws is not None)
    try:
        text = build(loaded.scenario, draws=draws, seed=seed,
                     sweep_x=sweeps[0] if sweeps else None,
                     sweep_y=sweeps[1] if len(sweeps) > 1 else None, design=design,
                     interactive=not static)
    except (SweepError, ValueError, AccordError) as exc:
        raise error(f"{loaded.path}: {exc}") from None
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise error(f"{output}: cannot write: {exc.strerror or exc}") from None
    say(out, f"wrote {output}")
    if pdf:
        from accord.document.pdf import PdfError, to_pdf

        target = output.with_suffix(".pdf")
        try:
            to_pdf(output, target)
        except PdfError as exc:
            raise error(f"{target}: {exc}") from None
        say(out, f"wrote {target}")
