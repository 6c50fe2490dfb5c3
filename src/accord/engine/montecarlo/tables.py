"""The factored-exponential tables of a sub-block of draws (what the kernels read besides inputs).

Factoring the exponentials
--------------------------
The reference engine evaluates ``exp(-r_p e)`` for every breakdown time
``t``, executed step ``n`` and party ``p`` (``e = t + reversal.lag_n``):
``(Q + S) N P`` exponentials per draw (``Q`` decision points, ``S`` verified
steps, ``N`` steps, ``P`` parties).  Here a flow that starts at ``e = t + L``
uses ``exp(-r (t + L)) = exp(-r t) exp(-r L)``:

* ``tail_p = F_p(max(e, a), H)`` (the flow a reversal removes) is
  ``tau_p(t) alpha_np - beta_np`` for ``a <= e < H``, with
  ``tau_p(t) = exp(-r_p t)``, ``alpha = exp(-r_p L) / r_p``,
  ``beta = exp(-r_p H) / r_p`` (for ``r_p = 0``: ``tau = t``, ``alpha = -1``,
  ``beta = -(H - L)``, which gives ``H - e``); it is ``F_p(a, H)`` (the step's
  whole flow factor) for ``e < a``, and 0 for ``e >= H``;
* a reversed step then changes party ``p``'s PV by ``-feasible flow_np tail_p``
  (since ``feasible cut + (1 - feasible) full = full - feasible tail``), and its
  actor pays ``feasible cost exp(-r t)``; it is reversed iff
  ``feasible (-flow_nj tail_j - cost exp(-r_j t)) > 0`` (``j`` its actor);
* a stick's flow from ``t + lag_k`` uses the same identity.

So only ``(2Q + 2N + S + K + 1) P`` exponentials are taken per draw, by
numpy, in one call.  Moreover, when ``a <= e < H`` (and ``r_j != 0``) a
reversal's effect is linear in ``tau_p(t)`` and its decision does not depend
on ``t`` while ``tau_j(t)`` stays above a threshold (see :class:`Tables`), so
the effects of all such *regular* reversals are prefix sums over the moves,
computed once per sub-block; only the few (step, breakdown) pairs that are
not regular in some draw are corrected one by one.  Compared with the
engine the results differ by rounding only (``~1e-14`` relative; the tie
rule of MODEL.md §4 makes the discrete results agree).

:mod:`accord.engine.montecarlo.prepare` fills these tables;
:mod:`~accord.engine.montecarlo.kernel` reads them.  They are NamedTuples of
arrays (numba passes and caches them as one argument).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from accord.engine.params import FloatArray


class ExpRows(NamedTuple):
    """First rows of each block of ``Tables.exps`` (``P`` rows per item, draws along a row).

    ``et``, ``at``: ``-r t``, ``r t`` per decision point (``Q P``); ``eh``: ``-r H``
    (``P``); ``ea``: ``-r min(a, H)`` and ``el``: ``-r L`` per step (``N P``); ``ed``:
    ``-r td`` per verified step (``S P``); ``es``: ``-r lag`` per stick (``K P``);
    ``end``: the number of rows.  (``r`` is replaced by 1 where it is 0 in ``eh``,
    ``ea``, ``el`` and ``es``: those factors are not used there.)
    """

    et: int
    at: int
    eh: int
    ea: int
    el: int
    ed: int
    es: int
    end: int

    @staticmethod
    def of(q: int, p: int, n: int, s: int, k: int) -> ExpRows:
        starts = [0]
        for size in (q, q, 1, n, n, s, k):
            starts.append(starts[-1] + size * p)
        return ExpRows(*starts)


class Tables(NamedTuple):
    """Factors of a sub-block of ``b`` draws, contiguous, draws last (and scratch).

    ``ff = feasible * flow``; a reversed step's loss to party ``p`` at time
    ``t`` is ``LF = ff F(a, H)`` (``e < a``), ``tau(t) LA - LB`` with
    ``LA = ff alpha``, ``LB = ff beta`` (``a <= e < H``), or 0 (``e >= H``);
    its actor pays ``FC oo(t)`` with ``FC = feasible * cost`` (see the module doc).

    *Regular* reversals: when ``a <= e < H`` and ``r_j != 0``, the actor's gain
    is ``tau_j(t) kappa + LB_j`` with ``kappa = -LA_j - FC``, so the decision is
    ``R = kappa > 0`` for every ``t`` with ``tau_j(t) >= rho`` (``rho`` = 0 when
    the sign of ``LB_j`` cannot flip it, else ``|LB_j| / |kappa|``), and the
    step then changes party ``p``'s PV by ``-(tau_p(t) LAp_p - LB_p)``: linear in
    ``tau_p(t)``.  The kernel sums these over the executed steps once
    (``SA``, ``SB``: prefix sums by move) and corrects only the draws where a
    step is not regular at the breakdown time (``t < theta``, ``t >= lam`` or
    ``tau_j(t) < rho``), with the exact case-by-case formula.
    """

    rows: ExpRows  # where each block of rows of `exps` starts
    exps: FloatArray  # (E, b) every exponential, rows as in `rows`
    a: FloatArray  # (N, b) effect start x + lag
    td: FloatArray  # (S, b) detection time
    oo: FloatArray  # (Q, P, b) exp(-r t), 0 if t >= H
    tau: FloatArray  # (Q, P, b) exp(-r t), or t where r = 0
    parts: FloatArray  # (N, P, b) each step's PV at 0 on the compliance path
    LA: FloatArray  # (N, P, b)
    LB: FloatArray  # (N, P, b)
    LF: FloatArray  # (N, P, b)
    FC: FloatArray  # (N, b)
    base: FloatArray  # (Q, P, b) PV at 0 of the steps of the moves before each point
    ootd: FloatArray  # (S, P, b)
    taud: FloatArray  # (S, P, b)
    salpha: FloatArray  # (K, P, b)
    sbeta: FloatArray  # (K, P, b)
    LAp: FloatArray  # (N, P, b) LA, plus FC for the step's actor
    theta: FloatArray  # (N, b) a - L: reversal at t < theta removes the whole flow
    lam: FloatArray  # (N, b) H - L: reversal at t >= lam removes nothing
    rho: FloatArray  # (N, b) the reversal decision is R while tau_j(t) >= rho
    R: FloatArray  # (N, b) 1.0 if the actor reverses (a <= t + L < H, tau_j(t) >= rho)
    SA: FloatArray  # (Q, P, b) sum of R LAp over the steps before each point
    SB: FloatArray  # (Q, P, b) sum of R LB over the steps before each point
    expected: FloatArray  # (S, P, b) scratch: the kernels' expected PV of each cheat
    work: FloatArray  # the kernel's scratch (1-D, carved there): floats,
    iwork: NDArray[np.int64]  # indices,
    bwork: NDArray[np.uint8]  # and flags

    @staticmethod
    def empty(q: int, p: int, n: int, s: int, k: int, b: int) -> Tables:
        rows = ExpRows.of(q, p, n, s, k)
        shapes = {"exps": (rows.end, b), "a": (n, b), "td": (s, b),
                  "oo": (q, p, b), "tau": (q, p, b), "parts": (n, p, b), "LA": (n, p, b),
                  "LB": (n, p, b), "LF": (n, p, b), "FC": (n, b), "base": (q, p, b),
                  "ootd": (s, p, b), "taud": (s, p, b), "salpha": (k, p, b), "sbeta": (k, p, b),
                  "LAp": (n, p, b), "theta": (n, b), "lam": (n, b), "rho": (n, b), "R": (n, b),
                  "SA": (q, p, b), "SB": (q, p, b), "expected": (s, p, b),
                  "work": ((3 * p + k * p + 1) * b + 4 * n + p,)}
        words = -(-b // 8) * 8
        return Tables(rows=rows, **_carve(list(shapes.items())),
                      iwork=np.empty(words + b + 2, dtype=np.int64),
                      bwork=np.empty(words + (2 + 2 * k) * b, dtype=np.uint8))


#: Tables start on cache lines (AVX-512 loads of a row never straddle two lines) and at
#: different offsets modulo 4 KiB (the rows a loop streams together fall in different L1
#: sets).  ``np.empty`` gave 16-byte aligned arrays, at nearly one offset: ~0.15 us/draw more.
_LINE = 64
_STAGGER = 11 * _LINE


def _carve(shapes: list[tuple[str, tuple[int, ...]]]) -> dict[str, FloatArray]:
    """Arrays of ``shapes`` in one buffer, each 64-byte aligned, staggered modulo 4 KiB."""
    sizes = [int(np.prod(shape)) * 8 for _, shape in shapes]
    pages = [-(-size // 4096) + 1 for size in sizes]
    buf = np.empty(4096 * (sum(pages) + 1), dtype=np.uint8)
    off = -buf.ctypes.data % 4096
    out: dict[str, FloatArray] = {}
    for i, ((name, shape), size, n) in enumerate(zip(shapes, sizes, pages, strict=True)):
        lo = off + i * _STAGGER % 4096
        out[name] = buf[lo:lo + size].view(np.float64).reshape(shape)
        off += 4096 * n
    return out
