"""Entry points of the Monte Carlo kernel: run its stages over sub-blocks of draws.

Per sub-block: :data:`~accord.engine.montecarlo.prepare.exponents`, one numpy
``exp`` call over every exponent, :data:`~accord.engine.montecarlo.prepare.factors`,
then :data:`~accord.engine.montecarlo.kernel.run`.  Each is one source, compiled
by numba (:mod:`accord.engine.montecarlo.jit`) or run as plain Python: after the
exponentials they do only IEEE ``+ - * /``, comparisons and selects, in the
source's order, with no fused multiply-add (no ``fastmath``), so both runs give
the same bits (tested).  Each draw is computed on its own, so the results do not
depend on how draws are grouped either.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from accord.engine.layout import Layout
from accord.engine.montecarlo import jit, kernel, prepare
from accord.engine.montecarlo.draws import Draws
from accord.engine.montecarlo.inputs import Inputs, Structure
from accord.engine.montecarlo.tables import Tables
from accord.engine.params import Params

#: Draws per kernel call (cache size); no number depends on it.
SUB_BLOCK = 512

#: The stages, in order: exponents, (numpy's exp), factors, kernel.
STAGES = (prepare.exponents, prepare.factors, kernel.run)


def numba_enabled() -> bool:
    """True when the kernel is compiled by numba (see :mod:`accord.engine.montecarlo.jit`)."""
    return jit.enabled()


def _stages(backend: str) -> tuple[Callable[..., Any], ...]:
    if backend == "auto":
        return tuple(e.function for e in STAGES)
    if backend == "numba":
        if not jit.enabled():
            raise RuntimeError("backend='numba' but numba is not available (or ACCORD_JIT=0)")
        return tuple(e.function for e in STAGES)
    if backend == "python":
        return tuple(jit.plain(e) for e in STAGES)
    raise ValueError(f"unknown backend {backend!r}; use auto, numba or python")


def evaluate_inputs(st: Structure, x: Inputs, *, backend: str = "auto",
                    sub_block: int = SUB_BLOCK, out: Draws | None = None) -> Draws:
    """Every aggregated Monte Carlo number for the draws of ``x`` (draws last).

    ``backend``: ``"auto"`` (compiled when numba is available), ``"numba"`` or
    ``"python"`` (the same source, un-jitted); all give bit-identical results.
    Draws are taken ``sub_block`` at a time (cache size; no number depends on
    it).  ``out`` may be a preallocated result.
    """
    exponents, factors, run = _stages(backend)
    nd = x.draws
    nq, npar = x.t.shape[0], x.r.shape[0]
    n, s, k = x.x.shape[0], len(st.cheat_step), x.slag.shape[0]
    if out is None:
        out = Draws.empty(nq, npar, s, k, nd)
    with np.errstate(all="ignore"):  # numba's error model: inf and NaN, no warnings
        for lo in range(0, nd, sub_block):
            hi = min(nd, lo + sub_block)
            tb = _tables(nq, npar, n, s, k, hi - lo)
            exponents(st, x, lo, tb)
            np.exp(tb.exps, out=tb.exps)
            factors(st, x, lo, tb)
            run(st, x, lo, tb, out)
    return out


#: Tables kept between calls, per thread (a block's sub-blocks and every later block reuse
#: them): allocating 6 MiB of fresh pages per call cost ~0.45 us/draw in page faults.
_CACHE = threading.local()
_CACHE_SIZE = 4


def forget_tables() -> None:
    """Drop this thread's cached tables (a forked process then allocates its own pages).

    A forked child shares its parent's pages copy-on-write; the first write splits
    them (transparent huge pages into 4 KiB pages), and a kernel reading tables on
    split pages ran ~25 % slower than on pages of its own.
    """
    _CACHE.tables = {}


def _tables(*shape: int) -> Tables:
    cache: dict[tuple[int, ...], Tables] | None = getattr(_CACHE, "tables", None)
    if cache is None:
        cache = _CACHE.tables = {}
    tb = cache.get(shape)
    if tb is None:
        if len(cache) >= _CACHE_SIZE:  # another scenario's shapes: drop the oldest
            del cache[next(iter(cache))]
        tb = cache[shape] = Tables.empty(*shape)
    return tb


def evaluate(lay: Layout, p: Params, *, backend: str = "auto",
             sub_block: int = SUB_BLOCK) -> Draws:
    """:func:`evaluate_inputs` on engine parameters (see there)."""
    return evaluate_inputs(Structure.of(lay), Inputs.of(p), backend=backend, sub_block=sub_block)
