"""Debian's Chromium under Playwright for the web tests, with the network cut.

Chromium: ``/usr/bin/chromium`` (``$ACCORD_CHROMIUM`` overrides).  Without it (or
without the playwright package) the tests skip with the reason, except in CI
(``CI=true``), where they fail: ``.ci/run`` installs Debian's ``chromium``.
Screenshots land in ``$ACCORD_SCREENSHOTS`` when set, else in the test's tmp dir.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]

#: Installed before any page script: records every alert/confirm/prompt and console message.
HOOKS = """
window.__calls = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__calls.push([name, String(args[0])]); };
}
"""


def need_browser() -> Any:
    """``sync_playwright``, or skip (fail in CI) with the reason it cannot run."""
    why = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        why = "the Python package playwright is not installed (pip install -e '.[test]')"
    if why is None and not Path(CHROMIUM).exists():
        why = f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    if why is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests must run in CI: {why}")
        pytest.skip(why)
    return sync_playwright


def shots_dir(tmp_path: Path) -> Path:
    d = Path(os.environ.get("ACCORD_SCREENSHOTS", tmp_path))
    d.mkdir(parents=True, exist_ok=True)
    return d


class Watch:
    """A page's console errors and warnings, page errors and off-server requests."""

    def __init__(self, page: Any, base: str) -> None:
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.requests = 0

        def route(r: Any) -> None:
            self.requests += 1
            if r.request.url.startswith(base + "/"):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.add_init_script(HOOKS)
