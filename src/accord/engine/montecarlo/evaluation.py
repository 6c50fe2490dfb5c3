"""Entry points of the Monte Carlo kernel: pick numba or numpy, run over sub-blocks of draws.

Numba and the numpy fallback give the same bits
-----------------------------------------------
The kernel runs under numba when it is importable (and ``ACCORD_NUMBA`` is
not ``0``), else as numpy loops over the same operations.  Both take their
exponentials from the same numpy call and then do only IEEE ``+ - * /``,
comparisons and selects in the same order per draw, with no fused
multiply-add (numba does not contract without ``fastmath``).  The results are
bit-identical (tested), so they do not depend on whether numba is installed;
each draw is computed on its own, so they do not depend on how draws are
grouped either.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from accord.engine.layout import Layout
from accord.engine.montecarlo.backend import numba_requested
from accord.engine.montecarlo.draws import Draws
from accord.engine.montecarlo.inputs import Inputs, Structure
from accord.engine.montecarlo.kernel_numba import _compiled
from accord.engine.montecarlo.kernel_numpy import _np_kernel
from accord.engine.montecarlo.prepare import _np_args, _np_factors
from accord.engine.montecarlo.tables import Tables, _exp_rows
from accord.engine.params import Params

#: Draws per kernel call (cache size); no number depends on it.
SUB_BLOCK = 512


def numba_enabled() -> bool:
    """True when the numba kernel runs (numba importable and ``ACCORD_NUMBA`` is not ``0``)."""
    return numba_requested() and _compiled() is not None


def _backend(backend: str) -> tuple[Callable[..., None], ...] | None:
    if backend == "numpy":
        return None
    if backend == "auto":
        return _compiled() if numba_enabled() else None
    if backend == "numba":
        fns = _compiled()
        if fns is None:
            raise RuntimeError("backend='numba' but numba is not installed")
        return fns
    raise ValueError(f"unknown backend {backend!r}; use auto, numba or numpy")


def evaluate_inputs(st: Structure, x: Inputs, *, backend: str = "auto",
                    sub_block: int = SUB_BLOCK, out: Draws | None = None) -> Draws:
    """Every aggregated Monte Carlo number for the draws of ``x`` (draws last).

    ``backend``: ``"auto"`` (numba when available), ``"numba"`` or ``"numpy"``;
    both give bit-identical results.  Draws are taken ``sub_block`` at a time
    (cache size; no number depends on it).  ``out`` may be a preallocated result.
    """
    fns = _backend(backend)
    nd = x.draws
    nq, npar = x.t.shape[0], x.r.shape[0]
    n, s, k = x.x.shape[0], len(st.cheat_step), x.slag.shape[0]
    if out is None:
        out = Draws.empty(nq, npar, s, k, nd)
    rows = _exp_rows(nq, npar, n, s, k)
    for lo in range(0, nd, sub_block):
        hi = min(nd, lo + sub_block)
        tb = _tables(nq, npar, n, s, k, hi - lo)
        if fns is None:
            _np_args(st, x, lo, hi, tb, rows)
        else:
            fns[0](st.cheat_step, st.cheat_move, x.r, x.H, x.t, x.x, x.lag, x.rlag, x.delay,
                   x.slag, lo, tb.exps, tb.a, tb.td)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            np.exp(tb.exps, out=tb.exps)
        if fns is None:
            _np_factors(st, x, lo, tb, rows)
            _np_kernel(st, x, lo, tb, out)
        else:
            fns[1](st.step_move, st.move_steps, x.r, x.H, x.t, x.once, x.flow, x.feas, x.cost,
                   x.rlag, x.slag, lo, *tb.arrays(), st.reversible, st.step_actor)
            fns[2](*st.arrays(), x.H, x.t, x.x, x.rlag, x.det, x.sonce, x.sflow, x.slag, lo,
                   *tb.arrays(), *out.arrays())
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
