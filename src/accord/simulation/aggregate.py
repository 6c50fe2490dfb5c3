"""Streaming aggregation of Monte Carlo draws, exact and independent of how draws are split.

Every statistic is kept in a form whose merge does not depend on the order
or grouping of blocks, or is merged in block order:

* **counts** (self-enforcing draws, outcomes, margins that hold, ...) are
  integers: exact, merged by addition;
* **min / max** are exact and merged with ``min`` / ``max``;
* **quantiles** come from fixed-bin histograms (integer counts, merged by
  addition).  A value's bin is read off its IEEE-754 bits: the sign, the
  exponent and the top ``K_BITS = 7`` mantissa bits, for magnitudes in
  ``[2^-30, 2^50)`` (about ``9.3e-10`` to ``1.1e15`` value units); smaller
  magnitudes share one zero bin, larger ones the last bin.  A bin spans a
  relative width of at most ``2^-7``.  The reported quantile is interpolated
  linearly by rank inside the bin that holds the order statistic, then
  clamped to the exact sample min and max, so it lies in the same bin as the
  exact sample quantile: within ``2^-7 = 0.78 %`` relative of it (or
  ``9.4e-10`` absolute near zero, whichever is larger), and exact when all
  draws are equal;
* **mean and standard deviation** come from per-block ``(n, mean, M2)``
  (shifted sums taken in eight interleaved running sums in draw order, combined
  in a fixed tree: see ``_np_rows``),
  merged with Chan's formula *in block order*, so the float result is the
  same whatever the number of workers or chunk size.

The sample quantile at level ``p`` is the order statistic ``x_(k)`` with
``k = max(1, ceil(p n))`` (the inverse of the empirical CDF).

Each block's rows are aggregated by a numba loop when numba is available,
else by numpy; both do the same integer and float operations in the same
order, so the results are identical.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.engine.montecarlo.draws import Draws
from accord.engine.montecarlo.evaluation import numba_enabled

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Mantissa bits kept per bin: a bin spans a relative width of at most ``2^-K_BITS``.
K_BITS = 7
#: Magnitudes below ``2^E_MIN`` fall in the zero bin.
E_MIN = -30
#: Magnitudes of ``2^E_MAX`` and above fall in the last bin.
E_MAX = 50
#: Bins per sign.
WIDTH = (E_MAX - E_MIN) << K_BITS
#: Bins in one histogram: negative magnitudes (descending), zero, positive (ascending).
N_BINS = 2 * WIDTH + 1
_SHIFT = 52 - K_BITS
_LOW = (E_MIN + 1023) << K_BITS
_ABS = 0x7FFF_FFFF_FFFF_FFFF
_EXP_ALL = 0x7FF0_0000_0000_0000

#: Quantile levels reported, in percent.
LEVELS = (5, 25, 50, 75, 95)

#: Relative accuracy of every reported quantile (a bin's largest relative width).
RELATIVE_ACCURACY = 2.0 ** -K_BITS
#: Absolute accuracy near zero (the zero bin's half-width).
ABSOLUTE_ACCURACY = 2.0 ** E_MIN


def bins(values: FloatArray) -> IntArray:
    """Histogram bin of each value (see the module doc); NaN gives -1.

    >>> import numpy as np
    >>> [int(b) for b in bins(np.array([0.0, 1e-12, 1.0, -1.0]))] == [WIDTH, WIDTH,
    ...     WIDTH + 1 + (30 << K_BITS), WIDTH - 1 - (30 << K_BITS)]
    True
    >>> bin_edges(int(bins(np.array([1.0]))[0]))
    (1.0, 1.0078125)
    """
    v = np.ascontiguousarray(values, dtype=np.float64)
    raw = v.view(np.int64)
    mag = raw & _ABS
    j = np.minimum(mag >> _SHIFT, ((E_MAX + 1023) << K_BITS) - 1) - _LOW
    out = np.where(j < 0, WIDTH, np.where(raw < 0, WIDTH - 1 - j, WIDTH + 1 + j))
    return np.where(mag > _EXP_ALL, -1, out).astype(np.int64)


def bin_edges(index: int) -> tuple[float, float]:
    """``(low, high)`` values of histogram bin ``index``, increasing (``(0, 0)`` for zero)."""
    if index == WIDTH:
        return 0.0, 0.0
    j = abs(index - WIDTH) - 1
    u = _LOW + j
    lo, hi = (float(v) for v in
              np.array([u << _SHIFT, (u + 1) << _SHIFT], dtype=np.int64).view(np.float64))
    return (lo, hi) if index > WIDTH else (-hi, -lo)


# -- per-block statistics of rows ----------------------------------------------------------


#: Partial sums per row for the moments: draw ``d`` of a block goes to lane ``d % LANES``.
LANES = 8
_MAX_KEY = 0x7FFF_FFFF_FFFF_FFFF


def _keys(raw: IntArray) -> IntArray:
    """Integer keys in the order of the floats whose bits are ``raw`` (-0.0 below 0.0).

    The map is its own inverse: ``_keys(_keys(raw)) == raw``.
    """
    out: IntArray = raw ^ ((raw >> 63) & _MAX_KEY)
    return out


def _np_rows(rows: FloatArray, hist: IntArray, mins: FloatArray, maxs: FloatArray,
             negs: IntArray, nans: IntArray, moments: FloatArray) -> None:
    """Per-row statistics of one block (the operations of ``_nb_rows``, in the same order).

    Moments use sums shifted by the row's first value ``c``: ``dx = x - c``
    (0 for NaN), summed in :data:`LANES` = 8 running sums from 0 (draw ``d`` of the
    first ``b8 = b - b % 8`` into lane ``d % 8``, in draw order) and one running
    sum of the last ``b % 8``; then ``s = ((l0 + l1) + (l2 + l3)) + ((l4 + l5) +
    (l6 + l7)) + tail``, ``mean = c + s1 / n`` and ``M2 = s2 - s1^2 / n``.  Eight
    independent sums keep the compiled loop from waiting on one chain of additions.
    Min and max are taken on integer keys (:func:`_keys`): exact, with -0.0 below 0.0.
    """
    nr, b = rows.shape
    if nr == 0:
        return
    nan = np.isnan(rows)
    cnt = (~nan).sum(axis=1)
    negs += (rows < 0).sum(axis=1)
    nans += nan.sum(axis=1)
    first = np.argmax(~nan, axis=1)
    shift = rows[np.arange(nr), first]
    b8 = b - b % LANES
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        dx = np.where(nan, 0.0, rows - shift[:, None])
        zero = np.zeros((nr, 1, LANES))

        def running(v: FloatArray) -> tuple[FloatArray, FloatArray]:
            lanes = np.concatenate([zero, v[:, :b8].reshape(nr, -1, LANES)], axis=1)
            tail = np.concatenate([zero[:, 0, :1], v[:, b8:]], axis=1)
            ls = np.cumsum(lanes, axis=1)[:, -1]
            return ls, np.cumsum(tail, axis=1)[:, -1]

        def total(ls: FloatArray, tail: FloatArray) -> FloatArray:
            out: FloatArray = (((ls[:, 0] + ls[:, 1]) + (ls[:, 2] + ls[:, 3]))
                               + ((ls[:, 4] + ls[:, 5]) + (ls[:, 6] + ls[:, 7]))) + tail
            return out

        s1 = total(*running(dx))
        s2 = total(*running(dx * dx))
        moments[:, 0] = cnt
        moments[:, 1] = np.where(cnt > 0, shift + s1 / cnt, np.nan)
        moments[:, 2] = np.where(cnt > 0, s2 - s1 * s1 / cnt, np.nan)
    keys = _keys(rows.view(np.int64))
    lo = np.minimum(_keys(mins.view(np.int64)), np.where(nan, _MAX_KEY, keys).min(axis=1))
    hi = np.maximum(_keys(maxs.view(np.int64)), np.where(nan, -_MAX_KEY - 1, keys).max(axis=1))
    mins[...] = _keys(lo).view(np.float64)
    maxs[...] = _keys(hi).view(np.float64)
    idx = bins(rows)
    for r in range(nr):
        ok = idx[r] >= 0
        hist[r] += np.bincount(idx[r][ok], minlength=N_BINS)


def _nb_rows(src: Any, raw: Any, sel: Any, dest: int, hist: Any, mins: Any, maxs: Any,
             negs: Any, nans: Any, moments: Any) -> None:  # pragma: no cover - compiled
    # Rows are taken as 1-D views first (see kernel_numba._nb_reverse).  The eight lanes
    # are written out so that the additions of one lane do not wait on another's.
    b = src.shape[1]
    k = np.empty(b, dtype=np.int64)
    b8 = b - b % 8
    mi = mins.view(np.int64)
    ma = maxs.view(np.int64)
    for ii in range(sel.shape[0]):
        s_ = sel[ii]
        r = dest + ii
        row = src[s_]
        wrow = raw[s_]
        hrow = hist[r]
        shift = np.nan
        for d in range(b):
            if row[d] == row[d]:
                shift = row[d]
                break
        a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = 0.0
        q0 = q1 = q2 = q3 = q4 = q5 = q6 = q7 = 0.0
        for c in range(0, b8, 8):
            x0, x1, x2, x3 = row[c], row[c + 1], row[c + 2], row[c + 3]
            x4, x5, x6, x7 = row[c + 4], row[c + 5], row[c + 6], row[c + 7]
            d0 = (x0 - shift) if x0 == x0 else 0.0
            d1 = (x1 - shift) if x1 == x1 else 0.0
            d2 = (x2 - shift) if x2 == x2 else 0.0
            d3 = (x3 - shift) if x3 == x3 else 0.0
            d4 = (x4 - shift) if x4 == x4 else 0.0
            d5 = (x5 - shift) if x5 == x5 else 0.0
            d6 = (x6 - shift) if x6 == x6 else 0.0
            d7 = (x7 - shift) if x7 == x7 else 0.0
            a0, a1, a2, a3 = a0 + d0, a1 + d1, a2 + d2, a3 + d3
            a4, a5, a6, a7 = a4 + d4, a5 + d5, a6 + d6, a7 + d7
            q0, q1, q2, q3 = q0 + d0 * d0, q1 + d1 * d1, q2 + d2 * d2, q3 + d3 * d3
            q4, q5, q6, q7 = q4 + d4 * d4, q5 + d5 * d5, q6 + d6 * d6, q7 + d7 * d7
        t1 = 0.0
        t2 = 0.0
        for d in range(b8, b):
            x = row[d]
            dx = (x - shift) if x == x else 0.0
            t1 = t1 + dx
            t2 = t2 + dx * dx
        s1 = (((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))) + t1
        s2 = (((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7))) + t2
        # counts, and min / max on integer keys (a float min does not vectorize)
        cnt = 0
        neg = 0
        w0 = mi[r]
        klo = w0 ^ ((w0 >> 63) & 0x7FFF_FFFF_FFFF_FFFF)
        w0 = ma[r]
        khi = w0 ^ ((w0 >> 63) & 0x7FFF_FFFF_FFFF_FFFF)
        for d in range(b):
            w = wrow[d]
            ok = (w & 0x7FFF_FFFF_FFFF_FFFF) <= 0x7FF0_0000_0000_0000
            cnt += 1 if ok else 0
            neg += 1 if row[d] < 0.0 else 0
            key = w ^ ((w >> 63) & 0x7FFF_FFFF_FFFF_FFFF)
            klo = min(klo, key if ok else 0x7FFF_FFFF_FFFF_FFFF)
            khi = max(khi, key if ok else -0x7FFF_FFFF_FFFF_FFFF - 1)
        for d in range(b):
            w = wrow[d]
            mag = w & 0x7FFF_FFFF_FFFF_FFFF
            j = min(mag >> 45, ((50 + 1023) << 7) - 1) - ((-30 + 1023) << 7)
            kk = 10240 if j < 0 else (10240 - 1 - j if w < 0 else 10240 + 1 + j)
            k[d] = -1 if mag > 0x7FF0_0000_0000_0000 else kk
        for d in range(b):
            if k[d] >= 0:
                hrow[k[d]] += 1
        mi[r] = klo ^ ((klo >> 63) & 0x7FFF_FFFF_FFFF_FFFF)
        ma[r] = khi ^ ((khi >> 63) & 0x7FFF_FFFF_FFFF_FFFF)
        negs[r] += neg
        nans[r] += b - cnt
        moments[r, 0] = cnt
        moments[r, 1] = shift + s1 / cnt if cnt > 0 else np.nan
        moments[r, 2] = s2 - s1 * s1 / cnt if cnt > 0 else np.nan


@cache
def _compiled_rows() -> Callable[..., None] | None:
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is optional
        return None
    fn: Callable[..., None] = numba.njit(cache=True, nogil=True, error_model="numpy")(_nb_rows)
    return fn


assert WIDTH == 10240 and _SHIFT == 45 and LANES == 8  # constants written out in _nb_rows


# -- the layout of aggregated rows -------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """Which histogrammed rows a block has, in order.

    ``Q`` points, ``P`` parties, ``S`` verified steps: margins ``(Q, P)``,
    exposure ``(Q, Pdef, P)`` for ``Pdef != P`` (the PV to ``P`` when another
    party defects), surplus ``(P,)``, cheat margins ``(S,)``, the bottleneck
    margin ``(1,)``.
    """

    points: int
    parties: int
    cheats: int
    sticks: int

    @property
    def margin(self) -> slice:
        return slice(0, self.points * self.parties)

    @property
    def exposure(self) -> slice:
        a = self.margin.stop
        return slice(a, a + self.points * self.parties * (self.parties - 1))

    def exposure_row(self, q: int, d: int, p: int) -> int:
        """Row of the PV to ``p`` when ``d != p`` defects at point ``q``."""
        start: int = self.exposure.start
        return start + (q * self.parties + d) * (self.parties - 1) + (p if p < d else p - 1)

    @property
    def _others(self) -> IntArray:
        """Flat ``(d, p)`` indices with ``d != p``, in the order of ``exposure_row``."""
        pp = self.parties
        return np.array([d * pp + p for d in range(pp) for p in range(pp) if p != d],
                        dtype=np.int64)

    @property
    def surplus(self) -> slice:
        a = self.exposure.stop
        return slice(a, a + self.parties)

    @property
    def cheat(self) -> slice:
        a = self.surplus.stop
        return slice(a, a + self.cheats)

    @property
    def bottleneck(self) -> int:
        return int(self.cheat.stop)

    @property
    def count(self) -> int:
        return self.bottleneck + 1

    @property
    def outcomes(self) -> int:
        """Outcome codes: 0 completes, then breaks (Q P), then cheats (S)."""
        return 1 + self.points * self.parties + self.cheats

    def sources(self, d: Draws) -> list[tuple[FloatArray, IntArray]]:
        """``(array, rows)`` pairs (views, no copies): the histogrammed rows, in order."""
        b = d.surplus.shape[-1]
        q, pp = self.points, self.parties
        expo = (np.arange(q)[:, None] * pp * pp + self._others[None, :]).reshape(-1)
        return [(d.margin.reshape(-1, b), np.arange(q * pp)),
                (d.defection.reshape(-1, b), expo.astype(np.int64)),
                (d.surplus, np.arange(pp)), (d.cheat_margin, np.arange(self.cheats)),
                (d.bottleneck[None], np.zeros(1, dtype=np.int64))]

    def stack(self, d: Draws) -> FloatArray:
        """``(rows, B)``: every histogrammed value of the block's draws (a copy)."""
        return np.concatenate([a[r] for a, r in self.sources(d)], axis=0)


# -- block and chunk statistics ------------------------------------------------------------------


@dataclass
class Counts:
    """The exact (integer) statistics and exact min/max: merged in any order."""

    rows: Rows
    draws: int = 0
    self_enforcing: int = 0
    outcome: IntArray = field(init=False)
    bottleneck_at: IntArray = field(init=False)
    holds: IntArray = field(init=False)  # (Q, P)
    deterred: IntArray = field(init=False)  # (S,)
    undeterrable: IntArray = field(init=False)  # (S,) required detection > 1 (or none)
    non_credible: IntArray = field(init=False)  # (K,)
    negative: IntArray = field(init=False)  # (rows,)
    nan: IntArray = field(init=False)  # (rows,)
    mins: FloatArray = field(init=False)
    maxs: FloatArray = field(init=False)
    hist: IntArray = field(init=False)  # (rows, N_BINS)

    def __post_init__(self) -> None:
        r = self.rows
        z = np.zeros
        self.outcome = z(r.outcomes, np.int64)
        self.bottleneck_at = z(r.points * r.parties + r.cheats, np.int64)
        self.holds = z((r.points, r.parties), np.int64)
        self.deterred = z(r.cheats, np.int64)
        self.undeterrable = z(r.cheats, np.int64)
        self.non_credible = z(r.sticks, np.int64)
        self.negative = z(r.count, np.int64)
        self.nan = z(r.count, np.int64)
        self.mins = np.full(r.count, np.inf)
        self.maxs = np.full(r.count, -np.inf)
        self.hist = z((r.count, N_BINS), np.int64)


@dataclass(frozen=True)
class Moments:
    """``(n, mean, M2)`` of each row over one block (``M2`` = sum of squared deviations)."""

    block: int
    values: FloatArray  # (rows, 3)


def block_stats(d: Draws, rows: Rows, counts: Counts, block: int) -> Moments:
    """Add one block's draws to ``counts``; return the block's moments (merged in order)."""
    b = d.surplus.shape[-1]
    counts.draws += b
    counts.self_enforcing += int(d.self_enforcing.sum())
    counts.outcome += np.bincount(d.outcome, minlength=rows.outcomes)
    counts.bottleneck_at += np.bincount(d.bottleneck_at, minlength=len(counts.bottleneck_at))
    counts.holds += d.holds.sum(axis=-1)
    counts.deterred += d.deterred.sum(axis=-1)
    counts.undeterrable += (~(d.required <= 1.0)).sum(axis=-1)
    counts.non_credible += d.non_credible.sum(axis=-1)
    mom = np.empty((rows.count, 3))
    fn = _compiled_rows() if numba_enabled() else None
    dest = 0
    for src, sel in rows.sources(d):
        end = dest + len(sel)
        c = counts
        if fn is None:
            _np_rows(src[sel], c.hist[dest:end], c.mins[dest:end], c.maxs[dest:end],
                     c.negative[dest:end], c.nan[dest:end], mom[dest:end])
        else:
            fn(src, src.view(np.int64), sel.astype(np.int64), dest, c.hist, c.mins, c.maxs,
               c.negative, c.nan, mom)
        dest = end
    return Moments(block, mom)


@dataclass(frozen=True)
class Chunk:
    """What one task returns: its counts (histograms sparse) and each block's moments."""

    first_block: int
    counts: dict[str, Any]
    hist_index: IntArray
    hist_count: IntArray
    moments: tuple[Moments, ...]

    @staticmethod
    def of(first_block: int, c: Counts, moments: list[Moments]) -> Chunk:
        flat = c.hist.reshape(-1)
        idx = np.flatnonzero(flat).astype(np.int64)
        data = {k: getattr(c, k) for k in ("draws", "self_enforcing", "outcome",
                                            "bottleneck_at", "holds", "deterred",
                                            "undeterrable", "non_credible", "negative", "nan",
                                            "mins", "maxs")}
        return Chunk(first_block, data, idx, flat[idx], tuple(moments))


def _chan(a: FloatArray, b: FloatArray) -> FloatArray:
    """Merge rows of ``(n, mean, M2)``: Chan, Golub and LeVeque's pairwise update."""
    na, nb = a[:, 0], b[:, 0]
    n = na + nb
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # huge values: inf
        delta = b[:, 1] - a[:, 1]
        mean = np.where(na == 0, b[:, 1], np.where(nb == 0, a[:, 1], a[:, 1] + delta * nb / n))
        m2 = np.where(na == 0, b[:, 2], np.where(nb == 0, a[:, 2],
                                                 a[:, 2] + b[:, 2] + delta * delta * na * nb / n))
    return np.stack([n, mean, m2], axis=1)


class Accumulator:
    """Merges chunks into the totals; moments are folded strictly in block order.

    Memory is constant in the number of draws: the histograms are dense and
    fixed, and at most the blocks of the chunks in flight wait to be folded.
    """

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self.counts = Counts(rows)
        self.moments = np.zeros((rows.count, 3))
        self.next_block = 0
        self.pending: dict[int, FloatArray] = {}

    def add(self, chunk: Chunk) -> None:
        c = self.counts
        for k, v in chunk.counts.items():
            if k == "mins":
                np.minimum(c.mins, v, out=c.mins)
            elif k == "maxs":
                np.maximum(c.maxs, v, out=c.maxs)
            elif k in ("draws", "self_enforcing"):
                setattr(c, k, getattr(c, k) + int(v))
            else:
                getattr(c, k)[...] += v
        flat = c.hist.reshape(-1)
        flat[chunk.hist_index] += chunk.hist_count  # indices are unique within a chunk
        for m in chunk.moments:
            self.pending[m.block] = m.values
        while self.next_block in self.pending:
            self.moments = _chan(self.moments, self.pending.pop(self.next_block))
            self.next_block += 1

    def quantiles(self, row: int) -> list[float | None]:
        """The ``LEVELS`` quantiles of ``row`` (``None`` when it has no values)."""
        h = self.counts.hist[row]
        n = int(h.sum())
        if n == 0:
            return [None] * len(LEVELS)
        cum = np.cumsum(h)
        lo, hi = float(self.counts.mins[row]), float(self.counts.maxs[row])
        out: list[float | None] = []
        for p in LEVELS:
            k = max(1, -(-n * p // 100))
            idx = int(np.searchsorted(cum, k, side="left"))
            below = int(cum[idx - 1]) if idx else 0
            a, b = bin_edges(idx)
            frac = (k - below - 0.5) / int(h[idx])
            out.append(min(max(a + (b - a) * frac, lo), hi))
        return out
