"""Level lines of a function sampled on a grid (marching squares), as line segments.

For values ``f[i, j]`` at ``(x[i], y[j])`` and a level ``c``, each grid
square whose corners are not all on one side of ``c`` (a corner is *inside*
when ``f >= c``) holds one or two segments.  A segment's ends lie on the
square's edges where ``f`` crosses ``c`` by linear interpolation along the
edge.  A saddle (inside corners diagonal to each other) is resolved by the
mean of the four corners.  For ``f`` linear in ``x`` and ``y`` the segments
lie exactly on the line ``f = c``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

Segment = tuple[float, float, float, float]


def _cross(p: tuple[float, float], q: tuple[float, float], fp: float, fq: float,
           c: float) -> tuple[float, float]:
    t = (c - fp) / (fq - fp)
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def segments(x: Sequence[float], y: Sequence[float], f: ArrayLike, c: float = 0.0
             ) -> list[Segment]:
    """Segments ``(x1, y1, x2, y2)`` of the level line ``f = c`` (``f`` shaped (len x, len y))."""
    v = np.asarray(f, dtype=np.float64)
    out: list[Segment] = []
    for i in range(len(x) - 1):
        for j in range(len(y) - 1):
            corners = [((x[i], y[j]), v[i, j]), ((x[i + 1], y[j]), v[i + 1, j]),
                       ((x[i + 1], y[j + 1]), v[i + 1, j + 1]), ((x[i], y[j + 1]), v[i, j + 1])]
            if any(not np.isfinite(fv) for _, fv in corners):
                continue
            inside = [fv >= c for _, fv in corners]
            if all(inside) or not any(inside):
                continue
            pts = []
            edges = []
            for k in range(4):
                (p, fp), (q, fq) = corners[k], corners[(k + 1) % 4]
                if inside[k] != inside[(k + 1) % 4]:
                    pts.append(_cross(p, q, fp, fq, c))
                    edges.append(k)
            if len(pts) == 2:
                out.append((*pts[0], *pts[1]))
            else:  # saddle: four crossings, edges 0..3 in order
                centre_in = float(np.mean([fv for _, fv in corners])) >= c
                # pair crossings around the corners on the side the centre is not on
                if inside[0] == centre_in:
                    out += [(*pts[0], *pts[1]), (*pts[2], *pts[3])]
                else:
                    out += [(*pts[3], *pts[0]), (*pts[1], *pts[2])]
    return out
