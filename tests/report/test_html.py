"""The notebook rendering: every section, units and labels, user text escaped."""

from __future__ import annotations

import warnings
from html.parser import HTMLParser

import accord
from tests.engine.test_after_participation import scenario_text


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Text:
    p = _Text()
    p.feed(html)
    return p


def test_sections_units_and_labels() -> None:
    a = accord.analyze(accord.load("halt-rollback-eliminate"))
    p = parse(a._repr_html_())
    text = " ".join(p.text)
    for needle in ("Verdict: not self-enforcing.", "Root cause: DPRK", "USD bn (2019)",
                   "would not sign", "Exposure", "Capabilities", "year",
                   "Hand over nuclear weapons and fissile material for removal",
                   "Plutonium production capacity (kg/yr)", "-17.06 *"):
        assert needle in text, needle
    assert p.tags.count("table") == 5


def test_user_text_is_escaped() -> None:
    """A title and a step label with markup come out as text, never as tags."""
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    text = scenario_text().replace("title: after and participation", f"title: '{evil}'")
    text = text.replace("{id: relief, actor: B,", "{id: relief, label: '<b>relief</b>', actor: B,")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = accord.analyze(accord.load_text(text))
    p = parse(a._repr_html_())
    assert "script" not in p.tags and "img" not in p.tags
    assert p.tags.count("b") == 1  # the verdict's own, not the label's
    assert evil in " ".join(p.text)
    assert "<b>relief</b>" in "".join(p.text)
