"""The report as PDF through Chromium's own print-to-PDF.

Why this route: Chromium lays out the very HTML the reader opens (the same
inline SVG charts, tables and fonts), so the PDF matches the report; Debian's
``chromium`` package is on these machines, and ``chromium --headless
--print-to-pdf`` needs no Python package and no network.  (Assembling the
chart SVGs with a PDF library would mean a second layout of the tables and
text.)  The print stylesheet of the report shows the static SVG charts, so
the PDF does not wait for JavaScript.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Where to look for Chromium, after ``$ACCORD_CHROMIUM``.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium")
#: Flags for a headless run that contacts nothing.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--no-pdf-header-footer")


class PdfError(RuntimeError):
    """No Chromium, or Chromium did not write the PDF."""


def chromium() -> str:
    """Path of the Chromium executable; :class:`PdfError` if there is none."""
    env = os.environ.get("ACCORD_CHROMIUM")
    for cand in ((env,) if env else ()) + CANDIDATES:
        found = shutil.which(cand)
        if found:
            return found
    raise PdfError("--pdf needs Chromium (Debian: apt-get install chromium; or set "
                   "ACCORD_CHROMIUM to its path)")


def to_pdf(html_file: Path, pdf_file: Path, timeout: float = 180.0) -> Path:
    """Print ``html_file`` to ``pdf_file`` with headless Chromium."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="accord-chromium-") as profile:
        cmd = [exe, *FLAGS, f"--user-data-dir={profile}",
               f"--print-to-pdf={pdf_file.resolve()}", html_file.resolve().as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not finish printing within {timeout:g} s") from None
    if not pdf_file.exists() or pdf_file.read_bytes()[:5] != b"%PDF-":
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise PdfError("Chromium did not write the PDF: " + " / ".join(tail))
    return pdf_file
