"""The self-contained report: parsed (html.parser), never grepped, for references and text."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import accord
from accord.document.html import render
from accord.document.pdf import PdfError, chromium, to_pdf
from accord.report.sources import bibliography, numbers
from accord.reporting import report

#: Attributes through which a page can make the browser fetch something.
FETCHING = {"src", "href", "xlink:href", "action", "formaction", "poster", "data", "srcset",
            "background", "ping", "manifest", "cite", "longdesc", "usemap", "codebase",
            "archive", "imagesrcset", "lowsrc", "dynsrc"}


class Page(HTMLParser):
    """Everything the tests look at: references, scripts, styles, text, figures."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.script_text: list[str] = []
        self.styles: list[str] = []
        self.style_attrs: list[str] = []
        self.text: list[str] = []
        self.figures: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        for k, v in attrs:
            if k in FETCHING and v is not None:
                self.refs.append((tag, k, v))
            if k == "style" and v:
                self.style_attrs.append(v)
        if tag == "script":
            self.scripts.append(a)
        if tag == "figure" and a.get("id"):
            self.figures.append(str(a["id"]))
        self._in.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in.pop()

    def handle_endtag(self, tag: str) -> None:
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        where = self._in[-1] if self._in else ""
        if where == "script":
            self.script_text.append(data)
        elif where == "style":
            self.styles.append(data)
        else:
            self.text.append(data)


def parse(text: str) -> Page:
    p = Page()
    p.feed(text)
    p.close()
    return p


def assert_no_external_reference(page: Page) -> None:
    for tag, attr, value in page.refs:
        assert value.startswith("#"), f"<{tag} {attr}={value!r}> leaves the file"
    assert not {"link", "iframe", "object", "embed", "img", "base", "frame"} & set(page.tags)
    for css in [*page.styles, *page.style_attrs]:
        assert "@import" not in css and not re.search(r"url\(\s*['\"]?(?!#)", css), css
    for s in page.scripts:
        assert "src" not in s
        assert s.get("type") in (None, "application/json")


@pytest.fixture(scope="module")
def full() -> str:
    return report(accord.load("yongbyon-inside-roadmap"), draws=400, seed=2,
                  sweep_x="scale.snapback=0:40:5", design=True)


def test_no_request_leaves_the_file(full: str) -> None:
    page = parse(full)
    assert_no_external_reference(page)
    assert any(s.get("type") is None for s in page.scripts)  # vega inlined, not loaded


def test_every_section_and_chart(full: str) -> None:
    page = parse(full)
    text = " ".join(page.text)
    for heading in ("Verdict", "The road map in pictures", "Margins, cheating and verification",
                    "Under uncertainty (Monte Carlo)", "What decides the verdict", "Sweep",
                    "What would make it hold", "Sources and every number's provenance",
                    "About this run"):
        assert heading in text
    kinds = [f.split("-", 1)[1] for f in page.figures]
    assert kinds == ["timeline", "heatmap", "capability", "exposure", "probability", "outcome",
                     "fan", "surplus", "tornado", "sweep", "p_viable", "bridge", "designed",
                     "compare"]
    s = accord.load("yongbyon-inside-roadmap")
    a = accord.analyze(s)
    assert a.sentence in text
    assert a.provenance.scenario_digest in text
    assert accord.bridge(s).sentence in text and accord.optimize(s).sentence in text


def test_every_source_and_every_number_is_listed(full: str) -> None:
    s = accord.load("yongbyon-inside-roadmap")
    text = " ".join(parse(full).text)
    for b in bibliography(s):
        assert f"[{b['key']}]" in text and b["title"] in text
        if b["url"]:
            assert b["url"] in text  # printed as text, not a link
    rows = numbers(s)
    assert len(rows) > 100
    for n in rows:
        assert n["field"] in text
        if n["assumption"]:
            assert n["assumption"] in text


def test_each_figure_carries_its_spec(full: str) -> None:
    page = parse(full)
    specs = [json.loads(t) for t in page.script_text if t.lstrip().startswith("{")]
    assert len(specs) == len(page.figures)
    a = accord.analyze(accord.load("yongbyon-inside-roadmap"))
    assert specs[1] == a.chart("heatmap").to_dict()


EVIL = """
accord: 1
title: "</script><script>alert(1)</script> & <b>bold</b>"
description: "a `code` span and <img src=x onerror=alert(2)>"
sources:
  k: {title: "<i>T</i>", url: "javascript:alert(3)"}
parties:
  - {id: A, discount_rate: 0.1}
  - {id: B, discount_rate: 0.1}
steps:
  - {id: s, label: "</script><!-- x", actor: A, flow: {A: -1, B: 2},
     verification: {detection: 0.5}, sources: [k]}
  - {id: t, actor: B, flow: {A: {value: 2, assumption: "<svg onload=alert(4)>"}}}
roadmap: [{phase: "<u>P</u>", duration: 1, moves: [[s], [t]]}]
"""


def test_user_text_is_escaped_everywhere() -> None:
    html = report(accord.load_text(EVIL), design=True)
    page = parse(html)
    assert "What would make it hold" in " ".join(page.text)
    assert_no_external_reference(page)
    assert not {"u", "img"} & set(page.tags)  # the template itself uses <b> and <i>
    assert "<i>T</i>" in " ".join(page.text)
    # our scripts only: the inlined bundle, one spec per figure, the loader
    assert len(page.scripts) == len(page.figures) + 2
    text = " ".join(page.text)
    assert "</script><script>alert(1)</script> & <b>bold</b>" in text
    assert "javascript:alert(3)" in text and "<svg onload=alert(4)>" in text
    assert "<code>" not in text and "code" in page.tags  # backticks became a code element


def test_static_report_has_no_javascript() -> None:
    page = parse(render(accord.analyze(accord.load("libya-2003")), interactive=False))
    assert all(s.get("type") == "application/json" for s in page.scripts)
    assert_no_external_reference(page)


@pytest.mark.skipif(shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists(),
                    reason="Chromium is not installed (the browser test in CI installs it)")
def test_pdf_by_chromium(tmp_path: Path) -> None:
    src = tmp_path / "r.html"
    src.write_text(render(accord.analyze(accord.load("libya-2003"))), encoding="utf-8")
    out = to_pdf(src, tmp_path / "r.pdf")
    data = out.read_bytes()
    assert data[:5] == b"%PDF-" and len(data) > 10_000


def test_pdf_without_chromium_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr("accord.document.pdf.CANDIDATES", ("no-such-chromium",))
    monkeypatch.delenv("ACCORD_CHROMIUM", raising=False)
    with pytest.raises(PdfError, match="needs Chromium"):
        chromium()
