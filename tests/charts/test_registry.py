"""The chart protocol: kinds per result, files in every format, offline rendering in Jupyter."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import pytest

import accord
from accord.charts.registry import FORMATS, registered

NO_CAPABILITY = """
accord: 1
title: no capability
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps: [{id: s, actor: A, flow: {A: -1, B: 2}}]
roadmap: [{phase: P, duration: 1, moves: [[s]]}]
"""


def test_kinds_per_result(hre: accord.Analysis, sim: accord.Simulation,
                          sens: accord.Sensitivity) -> None:
    assert list(hre.charts()) == ["timeline", "heatmap", "capability", "exposure"]
    assert list(sim.charts()) == ["outcome", "fan", "surplus", "probability"]
    assert list(sens.charts()) == ["tornado"]
    small = accord.analyze(accord.load_text(NO_CAPABILITY))
    assert "capability" not in small.charts()
    assert "capability" in registered("Analysis")
    with pytest.raises(ValueError, match="kinds: timeline, heatmap, exposure"):
        small.chart("capability")


def test_unknown_kind_names_the_kinds(hre: accord.Analysis) -> None:
    with pytest.raises(ValueError, match=r"unknown chart 'pie' for Analysis; kinds: timeline"):
        hre.chart("pie")
    assert isinstance(hre.chart(), alt.TopLevelMixin)  # the first kind: the timeline


MAGIC = {".svg": b"<svg", ".png": b"\x89PNG", ".pdf": b"%PDF", ".json": b"{",
         ".html": b"<!DOCTYPE html>"}


@pytest.mark.parametrize("suffix", FORMATS)
def test_save_chart_writes_each_format(hre: accord.Analysis, tmp_path: Path,
                                       suffix: str) -> None:
    out = hre.save_chart("heatmap", tmp_path / f"h{suffix}")
    data = out.read_bytes()
    assert data.lstrip()[: len(MAGIC[suffix])] == MAGIC[suffix]
    if suffix == ".html":  # vl-convert's bundled page: no script loads from anywhere
        srcs = _attrs(data.decode(), "src")
        assert srcs == []


def test_save_chart_refuses_an_unknown_format(hre: accord.Analysis, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown chart format '.gif'"):
        hre.save_chart("heatmap", tmp_path / "h.gif")
    assert not (tmp_path / "h.gif").exists()


class _Attrs(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.found = name, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v for k, v in attrs if k == self.name and v]


def _attrs(text: str, name: str) -> list[str]:
    p = _Attrs(name)
    p.feed(text)
    return p.found


def test_jupyter_output_loads_nothing_from_the_network(hre: accord.Analysis) -> None:
    """With altair's default renderer (CDN), accord switches to the inline template."""
    old = alt.renderers.active
    try:
        alt.renderers.enable("default")
        bundle = hre.chart("heatmap")._repr_mimebundle_()
        html = (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]
        assert _attrs(html, "src") == [] and _attrs(html, "href") == []
        assert "vegaEmbed" in html and "cdn.jsdelivr" not in html
    finally:
        alt.renderers.enable(old)


def test_a_renderer_the_user_chose_is_kept(hre: accord.Analysis) -> None:
    old = alt.renderers.active
    try:
        alt.renderers.enable("svg")
        hre.chart("timeline")
        assert alt.renderers.active == "svg"
    finally:
        alt.renderers.enable(old)


def test_user_text_is_data_in_every_chart() -> None:
    """Labels and titles with markup reach the SVG as text, never as elements."""
    evil = NO_CAPABILITY.replace("title: no capability", 'title: "<script>alert(1)</script>"')
    evil = evil.replace("{id: s, actor: A,", '{id: s, label: "<b>bold</b> & <i>x</i>", actor: A,')
    a = accord.analyze(accord.load_text(evil))
    from accord.charts.registry import render

    for kind in a.charts():
        svg = render(a.chart(kind).to_dict(), "svg").decode()
        tags = _Tags()
        tags.feed(svg)
        assert not tags.seen & {"script", "b", "i"}
        assert "&lt;script&gt;" in svg


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
