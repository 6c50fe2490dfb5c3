"""The pages in headless Chromium against a real ``accord serve`` on 127.0.0.1.

The walk an analyst takes: library -> scenario (every chart drawn by vega-embed)
-> editor (an error shown at its line with the CLI's message) -> fix -> save ->
Monte Carlo (the progress bar moves, then done) -> history -> run again (the same
result, byte for byte).  And user text that tries to run script: nothing runs.
Every request must go to the server (anything else is aborted and counted); no
console error, warning or page error is allowed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accord import library
from accord.errors import ScenarioError
from accord.io.loader import read_text

from .browser import ARGS, CHROMIUM, Watch, need_browser, shots_dir
from .server import Server, running

#: Elements a chart's marks draw inside vega's SVG (groups excluded).
MARKS = "svg .role-mark:not(.mark-group) > *"

NASTY = '<script>alert("t")</script>"><img src=x onerror=alert("i")>{{7*7}}'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store = tmp_path_factory.mktemp("store") / "runs.sqlite"
    with running(store, "--max-draws", "50000000") as srv:
        yield srv


@pytest.fixture
def page(server: Server) -> Iterator[tuple[Any, Watch]]:
    sync_playwright = need_browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1280, "height": 900})
            pg.set_default_timeout(30_000)
            yield pg, Watch(pg, server.url)
        finally:
            browser.close()


def _charts_drawn(pg: Any) -> int:
    """Wait until every chart on the page is drawn with marks; how many there are."""
    n: int = pg.locator("figure.chart").count()
    pg.wait_for_function(
        "n => document.querySelectorAll('div.vega[data-rendered]').length === n "
        "|| document.querySelector('div.vega[data-failed]')", arg=n)
    assert pg.locator("div.vega[data-failed]").count() == 0
    for i in range(n):
        chart = pg.locator("div.vega").nth(i)
        assert chart.locator(MARKS).count() > 0, f"chart {i} has no marks"
    return n


def test_the_analysts_walk(server: Server, page: tuple[Any, Watch], tmp_path: Path) -> None:
    pg, watch = page
    shots = shots_dir(tmp_path)
    name = "hanoi-2019-dprk-offer"
    title = library.load(name).title
    pg.goto(server.url + "/")
    assert pg.locator("#library tbody tr").count() >= len(library.names())
    pg.screenshot(path=str(shots / "web-library.png"), full_page=True)
    pg.get_by_role("link", name=title, exact=True).click()
    pg.wait_for_url(f"**/library/{name}")
    assert pg.locator("#scenario-title").text_content() == title
    assert pg.locator("#verdict").text_content() == "viable"
    kinds = [pg.locator("figure.chart").nth(i).get_attribute("data-kind")
             for i in range(pg.locator("figure.chart").count())]
    assert kinds == ["timeline", "heatmap", "capability", "exposure"]
    assert _charts_drawn(pg) == 4
    assert pg.locator(".sources li").count() == len(library.load(name).sources)
    pg.screenshot(path=str(shots / "web-scenario.png"), full_page=True)

    # the editor: break the file, see the error at its line, fix it, save it
    pg.get_by_role("link", name="Edit", exact=True).click()
    pg.wait_for_url("**/edit?ref=*")
    text = pg.input_value("#yaml")
    assert text == library.path(name).read_text()
    broken = text.replace("actor: DPRK", "actor: DPRKK", 1)
    with pytest.raises(ScenarioError) as exc:
        read_text(broken, "scenario.yaml")
    want = [p for p in exc.value.problems if p.severity == "error"]
    line = broken[:broken.index("actor: DPRKK")].count("\n") + 1
    assert want[0].line == line
    pg.fill("#yaml", broken)
    pg.wait_for_selector("#problems li[data-line]")
    items = pg.locator("#problems li")
    assert [items.nth(i).text_content() for i in range(items.count())] == [str(p) for p in want]
    assert pg.locator(f"#gutter span.bad >> text='{line}'").count() == 1
    items.first.click()  # jumps to the line: the message shows beside it
    note = pg.locator(f".inline-error[data-line='{line}']")
    note.wait_for(state="visible")
    assert want[0].message in (note.text_content() or "")
    pg.screenshot(path=str(shots / "web-editor-error.png"))
    pg.fill("#yaml", text)
    pg.wait_for_selector("#problems p.ok")
    pg.click("#save-new")
    pg.wait_for_url(re.compile(r".*/scenarios/[0-9a-f]+\?version=1$"))
    assert pg.locator("#scenario-title").text_content() == title

    # a Monte Carlo with a live progress bar
    pg.fill("#mc-form input[name=draws]", "6000000")
    pg.fill("#mc-form input[name=seed]", "9")
    pg.click("#mc-form button")
    pg.wait_for_url("**/runs/*")
    seen: list[tuple[str, float]] = []
    end = time.monotonic() + 120
    while time.monotonic() < end:
        status = pg.locator("#run-status").text_content() or ""
        value = float(pg.locator("#run-progress").get_attribute("aria-valuenow") or 0)
        seen.append((status, value))
        if status == "done":
            break
        time.sleep(0.05)
    assert seen[-1] == ("done", 1.0), seen[-5:]
    assert any(s == "running" and 0 < v < 1 for s, v in seen), seen
    assert _charts_drawn(pg) >= 3
    assert pg.locator("#probability").text_content()
    sha = pg.locator("#result-sha256").text_content()
    run_url = pg.url
    pg.screenshot(path=str(shots / "web-run.png"), full_page=True)

    # the history lists it; re-running gives the same result, byte for byte
    pg.goto(server.url + "/runs")
    rid = run_url.rsplit("/", 1)[1]
    row = pg.locator(f"tr[data-run='{rid}']")
    assert row.get_attribute("data-status") == "done"
    pg.screenshot(path=str(shots / "web-runs.png"), full_page=True)
    row.get_by_role("link", name=rid).click()
    pg.click("#rerun")
    pg.wait_for_url(lambda u: u != run_url and "/runs/" in u)
    pg.wait_for_selector("#run-status.done", timeout=120_000)
    assert pg.locator("#result-sha256").text_content() == sha
    with server.client() as c:
        again = pg.url.rsplit("/", 1)[1]
        assert c.get(f"/api/runs/{again}/result").content == \
            c.get(f"/api/runs/{rid}/result").content
    assert watch.errors == []
    assert watch.blocked == []


def test_design_and_compare_views(server: Server, page: tuple[Any, Watch],
                                  tmp_path: Path) -> None:
    pg, watch = page
    shots = shots_dir(tmp_path)
    pg.goto(server.url + "/design?ref=library:yongbyon-inside-roadmap")
    pg.select_option("#design-form select[name=kind]", "bridge")
    pg.click("#design-form button")
    pg.wait_for_selector("#run-status.done", timeout=120_000)
    assert "DPRK" in (pg.locator("#bridge-sentence").text_content() or "")
    kinds = [pg.locator("figure.chart").nth(i).get_attribute("data-kind")
             for i in range(pg.locator("figure.chart").count())]
    assert kinds[0] == "bridge" and "timeline" in kinds  # the bridge, then the road map's
    _charts_drawn(pg)
    pg.screenshot(path=str(shots / "web-design.png"), full_page=True)
    pg.goto(server.url + "/compare")
    for ref in ("library:libya-2003", "library:jcpoa-2015"):
        pg.check(f"input[value='{ref}']")
    pg.click("#compare-form button")
    pg.wait_for_selector("#comparison table")
    assert "libya-2003" in (pg.locator("#comparison").text_content() or "")
    pg.screenshot(path=str(shots / "web-compare.png"), full_page=True)
    assert watch.errors == []
    assert watch.blocked == []


def test_user_text_never_runs_as_script(server: Server, page: tuple[Any, Watch]) -> None:
    """Titles, labels, names, phase names and ids that try to run script or templates."""
    q = NASTY.replace("'", "''")
    text = f"""accord: 1
title: '{q}'
parties:
  - {{id: '{q}A', name: '{q}', discount_rate: 0.1}}
  - {{id: B, discount_rate: 0.1}}
sources:
  src: {{title: '{q}', url: 'javascript:alert(1)'}}
steps:
  - {{id: '{q}s', actor: '{q}A', label: '{q}', sources: [src],
     flow: {{'{q}A': {{uniform: [-1, 3]}}, B: 1}}}}
roadmap: [{{phase: '{q}', duration: 1, moves: [['{q}s']]}}]
"""
    read_text(text)  # valid
    pg, watch = page
    with server.client() as c:
        saved = c.post("/api/scenarios", content=text)
        assert saved.status_code == 201, saved.text
        rid = c.post("/api/runs", json={"saved": saved.json()["id"], "draws": 500,
                                        "seed": 1}).json()["id"]
        end = time.monotonic() + 60
        while c.get(f"/api/runs/{rid}").json()["status"] != "done":
            assert time.monotonic() < end
            time.sleep(0.05)
    broken = text.replace("actor: '", "actor: 'x", 1)
    for path in ("/", saved.json()["url"], f"/edit?ref=scenario:{saved.json()['id']}",
                 f"/runs/{rid}", "/runs", "/design", "/compare?ref=scenario:"
                 + saved.json()["id"]):
        pg.goto(server.url + path)
        pg.wait_for_load_state("networkidle")
        if path.startswith("/edit"):
            pg.fill("#yaml", broken)  # the error messages quote the bad id
            pg.wait_for_selector("#problems li")
        if pg.locator("figure.chart").count():
            _charts_drawn(pg)
        assert pg.evaluate("window.__calls") == [], path
        assert pg.locator("img[src=x]").count() == 0, path
        assert pg.locator("main script:not([type='application/json'])").count() == 0, path
        assert pg.locator("a[href^='javascript:']").count() == 0, path
        body = pg.locator("main").text_content() or ""
        assert NASTY in body or "{{7*7}}" in body, path
        assert "{{7*7}}" in body and ">49<" not in pg.content(), path
    pg.goto(server.url + saved.json()["url"])
    assert pg.locator("#scenario-title").text_content() == NASTY
    assert watch.errors == []
    assert watch.blocked == []
