"""Whether the compiled (numba) versions of the Monte Carlo loops may be used.

Every compiled loop has a numpy twin that gives the same bits, so this choice
changes speed only.  ``ACCORD_NUMBA=0`` (or ``false``, ``no``, ``off``) asks
for numpy everywhere, for instance to check the claim or to avoid numba's
first compilation.
"""

from __future__ import annotations

import os


def numba_requested() -> bool:
    """False when ``ACCORD_NUMBA`` is set to ``0``, ``false``, ``no`` or ``off``."""
    return os.environ.get("ACCORD_NUMBA", "1").strip().lower() not in ("0", "false", "no", "off")
