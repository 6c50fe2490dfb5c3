"""The report in Debian's headless Chromium, driven by Playwright, with the network cut.

Every request is intercepted and counted (the report's own file is the only one
allowed through), console errors and page errors are collected, and every chart
must be redrawn live by vega-embed with SVG marks in it (console warnings count as
errors: vega warns about charts it draws wrongly).  Screenshots land in
``$ACCORD_SCREENSHOTS`` when set (to look at them), else in the test's tmp dir.

Chromium: ``/usr/bin/chromium`` (``$ACCORD_CHROMIUM`` overrides).  Without it the test
skips with the reason, except in CI (``CI=true``), where it fails: ``.ci/run``
installs Debian's ``chromium`` when it is missing.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import pytest

import accord
from accord.reporting import report
from tests.web.browser import ARGS, CHROMIUM
from tests.web.browser import need_browser as _need_browser

#: Elements a chart's marks draw inside vega's SVG (groups excluded).
MARKS = ".live svg .role-mark:not(.mark-group) > *"


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(report(accord.load("yongbyon-inside-roadmap"), draws=400, seed=3,
                           sweep_x="steps.remove_weapons_and_material.verification.detection"
                                   "=0:1:6", sweep_y="sticks.snapback.flow.DPRK=-30:0:4",
                           design=True),
                    encoding="utf-8")
    return path


def test_report_renders_offline_in_chromium(report_file: Path, tmp_path: Path) -> None:
    sync_playwright = _need_browser()
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    shots = Path(os.environ.get("ACCORD_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    url = report_file.as_uri()
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})

            def route(r: Any) -> None:
                requests.append(r.request.url)
                if r.request.url == url:
                    r.continue_()
                else:
                    r.abort()

            page.route("**/*", route)
            page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}")
                    if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
            page.goto(url)
            # on a timeout the per-figure assertions below say which chart stayed static
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_function(
                    "[...document.querySelectorAll('figure.chart')].every("
                    "f => f.classList.contains('interactive'))", timeout=30_000)
            figures = page.eval_on_selector_all(
                "figure.chart", f"""els => els.map(f => ({{
                    id: f.id, marks: f.querySelectorAll({MARKS!r}).length,
                    live: f.classList.contains('interactive'),
                    static: getComputedStyle(f.querySelector('.static')).display }}))""")
            page.screenshot(path=str(shots / "report.png"), full_page=True)
            for f in figures:
                page.locator(f"#{f['id']}").screenshot(path=str(shots / f"{f['id']}.png"))
            pdf = page.pdf()
        finally:
            browser.close()
    assert requests == [url], f"requests left the file: {requests[1:]}"
    assert errors == []
    kinds = [f["id"].split("-", 1)[1] for f in figures]
    assert kinds == ["timeline", "heatmap", "capability", "exposure", "probability", "outcome",
                     "fan", "surplus", "tornado", "sweep", "p_viable", "bridge", "designed",
                     "compare"]
    for f in figures:
        assert f["live"], f"{f['id']}: vega-embed did not draw it"
        assert f["marks"] > 0, f"{f['id']}: no SVG marks"
        assert f["static"] == "none"  # the live chart replaced the static picture
    assert pdf[:5] == b"%PDF-"
