"""Benchmarks (pytest-benchmark), outside the test suite: see docs/performance.md.

Run: ``python -m pytest benchmarks --benchmark-only`` (add ``-m "not slow"`` to skip
the 10^7-draw memory run).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
