"""Streaming aggregation: quantile accuracy, exact counts, order-independent merges."""

from __future__ import annotations

import numpy as np
import pytest

from accord.engine.montecarlo.jit import plain
from accord.simulation.aggregate import Accumulator, Chunk, Counts, Moments, Rows
from accord.simulation.bins import LEVELS, RELATIVE_ACCURACY, WIDTH, bin_edges, bins
from accord.simulation.rowstats import row_stats

ROWS = Rows(points=0, parties=1, cheats=0, sticks=0)  # one surplus row, one bottleneck row


def _chunk(values: np.ndarray, first: int, block: int = 1000) -> Chunk:
    c = Counts(ROWS)
    moments = []
    for b, lo in enumerate(range(0, len(values), block)):
        v = values[lo:lo + block]
        rows = np.stack([v, -v])
        mom = np.empty((2, 3))
        c.draws += len(v)
        row_stats(rows, rows.view(np.int64), np.arange(2), 0, c.hist, c.mins, c.maxs,
                  c.negative, c.nan, mom)
        moments.append(Moments(first + b, mom))
    return Chunk.of(first, c, moments)


def test_bins_are_monotone_and_edges_bracket_values() -> None:
    x = np.sort(np.concatenate([np.random.default_rng(0).standard_cauchy(20_000),
                                [0.0, -0.0, 1e-300, -1e-12, 3e20, -3e20]]))
    b = bins(x)
    assert np.all(np.diff(b) >= 0)
    for v, k in zip(x[::97], b[::97], strict=True):
        lo, hi = bin_edges(int(k))
        if k == WIDTH:
            assert abs(v) < 2.0 ** -30
        elif abs(v) < 2.0 ** 50:
            assert lo <= v <= hi and (hi - lo) <= RELATIVE_ACCURACY * max(abs(lo), abs(hi))


@pytest.mark.parametrize("dist", ["normal", "lognormal", "mixed"])
def test_quantiles_are_within_the_documented_accuracy(dist: str) -> None:
    g = np.random.default_rng(1)
    n = 10_000
    x = {"normal": g.normal(3, 2, n), "lognormal": g.lognormal(0, 2, n),
         "mixed": np.concatenate([np.zeros(n // 2), g.normal(-1, 0.1, n - n // 2)])}[dist]
    acc = Accumulator(ROWS)
    acc.add(_chunk(x, 0))
    got = acc.quantiles(0)
    exact = np.sort(x)
    for p, q in zip(LEVELS, got, strict=True):
        k = max(1, -(-n * p // 100))
        want = exact[k - 1]
        assert q is not None
        assert abs(q - want) <= RELATIVE_ACCURACY * abs(want) + 2.0 ** -30, (p, q, want)
    n_, mean, m2 = acc.moments[0]
    assert n_ == n and mean == pytest.approx(x.mean(), rel=1e-12)
    assert np.sqrt(m2 / (n - 1)) == pytest.approx(x.std(ddof=1), rel=1e-9)
    assert acc.counts.negative[0] == int((x < 0).sum())
    assert acc.counts.mins[0] == x.min() and acc.counts.maxs[0] == x.max()


def test_merge_order_does_not_matter() -> None:
    x = np.random.default_rng(2).normal(size=7_000)
    chunks = [_chunk(x[:3000], 0), _chunk(x[3000:5000], 3), _chunk(x[5000:], 5)]
    a, b = Accumulator(ROWS), Accumulator(ROWS)
    for c in chunks:
        a.add(c)
    for c in reversed(chunks):
        b.add(c)
    assert np.array_equal(a.counts.hist, b.counts.hist)
    assert a.moments.tobytes() == b.moments.tobytes()
    assert a.quantiles(0) == b.quantiles(0) and a.next_block == b.next_block == 7


def test_constant_values_give_exact_quantiles() -> None:
    acc = Accumulator(ROWS)
    acc.add(_chunk(np.full(5000, 2.718281828), 0))
    assert acc.quantiles(0) == [2.718281828] * len(LEVELS)
    assert acc.moments[0, 1] == 2.718281828 and acc.moments[0, 2] == 0.0


EDGE_ROWS = {
    "one-draw": [[2.5]],
    "seven-draws-no-full-lane": [[1.0, -2.0, 3.0, np.nan, 0.0, -0.0, 7.0]],
    "nan-first-and-signed-zeros": [[np.nan, 0.0, -0.0, 1e-300, -1e-300, 5.0, -5.0, 0.0, 3.0]],
    "infinities": [[1.0, np.inf, -np.inf, 2.0, 0.5, 8.0, 9.0, -1.0, 4.0, 3.0]],
    "all-nan": [[np.nan] * 11],
    "huge-and-tiny": [[1e300, -1e300, 1e-320, 3.0, 1e15, -7.0, 2.0, 8.0, 1.0, 0.1, 2e300, 5.0,
                       6.0]],
    "no-rows": np.empty((0, 9)),
}


def _stats(rows: np.ndarray, compiled: bool) -> tuple[np.ndarray, ...]:
    from accord.simulation.bins import N_BINS

    nr = rows.shape[0]
    hist = np.zeros((nr, N_BINS), np.int64)
    mins, maxs = np.full(nr, np.inf), np.full(nr, -np.inf)
    negs, nans, mom = np.zeros(nr, np.int64), np.zeros(nr, np.int64), np.zeros((nr, 3))
    fn = row_stats.function if compiled else plain(row_stats)
    fn(rows, rows.view(np.int64), np.arange(nr, dtype=np.int64), 0, hist, mins, maxs, negs,
       nans, mom)
    return hist, mins, maxs, negs, nans, mom


def _rows(case: object) -> np.ndarray:
    rows = np.array(case, dtype=np.float64)
    rng = np.random.default_rng(len(rows.reshape(-1)))
    return np.concatenate([rows, rng.normal(size=(2, rows.shape[1]))]) if rows.size else rows


@pytest.mark.parametrize("name", list(EDGE_ROWS))
def test_compiled_and_plain_row_statistics_are_bit_identical(name: str) -> None:
    """Same bits compiled and as plain Python: lanes and tail of the moments, signed zeros,
    NaN, infinities; and the same counts, extremes and moments as numpy's."""
    rows = _rows(EDGE_ROWS[name])
    with np.errstate(invalid="ignore", over="ignore"):
        got = _stats(rows, compiled=True)
        want = _stats(rows, compiled=False)
    for g, w in zip(got, want, strict=True):
        assert np.array_equal(g.view(np.int64) if g.dtype == np.float64 else g,
                              w.view(np.int64) if w.dtype == np.float64 else w)
    hist, mins, maxs, negs, nans, mom = got
    for r, row in enumerate(rows):
        ok = row[~np.isnan(row)]
        assert negs[r] == (ok < 0).sum() and nans[r] == len(row) - len(ok)
        assert hist[r].sum() == len(ok) and mom[r, 0] == len(ok)
        if len(ok):
            assert mins[r] == ok.min() and maxs[r] == ok.max()
            if np.isfinite(ok).all() and np.abs(ok).max() < 1e100:
                assert mom[r, 1] == pytest.approx(ok.mean(), rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("compiled", [pytest.param(True, id="numba"),
                                      pytest.param(False, id="python")])
def test_row_statistics_by_hand(compiled: bool) -> None:
    """Draws 1..13 and 13 NaN-free copies of -0.0 / 0.0.

    1..13: shift 1, dx = 0..12; lanes 0..7 take dx 0..7, the tail dx 8..12
    (sum 50); s1 = 28 + 50 = 78, mean = 1 + 78/13 = 7; s2 = sum dx^2 = 650,
    M2 = 650 - 78^2/13 = 182 (= sum (x - 7)^2).  The zeros: min is -0.0
    (keys order -0.0 below 0.0), max 0.0, none negative (-0.0 < 0 is false).
    """
    rows = np.array([np.arange(1.0, 14.0), [-0.0, 0.0] * 6 + [0.0]])
    hist, mins, maxs, negs, nans, mom = _stats(rows, compiled)
    assert mom[0].tolist() == [13.0, 7.0, 182.0]
    assert mins[0] == 1.0 and maxs[0] == 13.0 and negs.tolist() == [0, 0]
    assert np.signbit(mins[1]) and not np.signbit(maxs[1])
    assert hist[0].sum() == 13 and nans.tolist() == [0, 0]


def test_doctests() -> None:
    import doctest

    import accord.simulation.bins as module

    assert doctest.testmod(module).failed == 0
