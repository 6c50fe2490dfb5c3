"""Streaming aggregation of Monte Carlo draws, exact and independent of how draws are split.

Every statistic is kept in a form whose merge does not depend on the order
or grouping of blocks, or is merged in block order:

* **counts** (self-enforcing draws, outcomes, margins that hold, ...) are
  integers: exact, merged by addition;
* **min / max** are exact and merged with ``min`` / ``max``;
* **quantiles** come from fixed-bin histograms (:mod:`accord.simulation.bins`;
  integer counts, merged by addition).  The reported quantile is interpolated
  linearly by rank inside the bin that holds the order statistic, then
  clamped to the exact sample min and max, so it lies in the same bin as the
  exact sample quantile: within ``2^-7 = 0.78 %`` relative of it (or
  ``9.4e-10`` absolute near zero, whichever is larger), and exact when all
  draws are equal;
* **mean and standard deviation** come from per-block ``(n, mean, M2)``
  (:mod:`accord.simulation.rowstats`), merged with Chan's formula *in block
  order*, so the float result is the same whatever the number of workers or
  chunk size.

The sample quantile at level ``p`` is the order statistic ``x_(k)`` with
``k = max(1, ceil(p n))`` (the inverse of the empirical CDF).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.engine.montecarlo.draws import Draws
from accord.simulation.bins import LEVELS, N_BINS, FloatArray, IntArray, bin_edges
from accord.simulation.rowstats import row_stats

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
    viable: int = 0
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
        self.bottleneck_at = z(r.points * r.parties + r.cheats + r.parties, np.int64)
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
    counts.viable += int(d.viable.sum())
    counts.outcome += np.bincount(d.outcome, minlength=rows.outcomes)
    counts.bottleneck_at += np.bincount(d.bottleneck_at, minlength=len(counts.bottleneck_at))
    counts.holds += d.holds.sum(axis=-1)
    counts.deterred += d.deterred.sum(axis=-1)
    counts.undeterrable += (~(d.required <= 1.0)).sum(axis=-1)
    counts.non_credible += d.non_credible.sum(axis=-1)
    mom = np.empty((rows.count, 3))
    fn = row_stats.function
    dest = 0
    c = counts
    for src, sel in rows.sources(d):
        fn(src, src.view(np.int64), sel.astype(np.int64), dest, c.hist, c.mins, c.maxs,
           c.negative, c.nan, mom)
        dest += len(sel)
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
        data = {k: getattr(c, k) for k in ("draws", "self_enforcing", "viable", "outcome",
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
            elif k in ("draws", "self_enforcing", "viable"):
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
