"""Marching squares against closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from accord.charts.contour import segments


def test_a_linear_function_gives_segments_on_its_zero_line() -> None:
    """f = 2x - y - 0.3: every segment end satisfies 2x - y = 0.3 (interpolation is exact)."""
    x = np.linspace(-1, 1, 9)
    y = np.linspace(-1, 1, 7)
    f = 2 * x[:, None] - y[None, :] - 0.3
    segs = segments(list(x), list(y), f, 0.0)
    assert segs
    for x1, y1, x2, y2 in segs:
        assert 2 * x1 - y1 == pytest.approx(0.3, abs=1e-12)
        assert 2 * x2 - y2 == pytest.approx(0.3, abs=1e-12)
    # the line y = 2x - 0.3 crosses y in [-1, 1] for x in [-0.35, 0.65]: its length
    length = sum(np.hypot(b - a, d - c) for a, c, b, d in segs)
    assert length == pytest.approx(np.hypot(1.0, 2.0), rel=1e-12)


def test_no_crossing_no_segment_and_a_level_other_than_zero() -> None:
    x, y = [0.0, 1.0, 2.0], [0.0, 1.0]
    f = np.ones((3, 2))
    assert segments(x, y, f, 0.0) == []
    (seg,) = segments([0.0, 1.0], [0.0, 1.0], np.array([[0.0, 0.0], [1.0, 1.0]]), 0.9)
    assert seg[0] == pytest.approx(0.9) and seg[2] == pytest.approx(0.9)


def test_a_saddle_gives_two_segments() -> None:
    f = np.array([[1.0, -1.0], [-1.0, 1.0]])
    segs = segments([0.0, 1.0], [0.0, 1.0], f, 0.0)
    assert len(segs) == 2
