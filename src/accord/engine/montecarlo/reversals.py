"""What a breakdown undoes: reversals, their irregular draws, sticks (kernel helpers).

Compiled into the kernel's entry point (:mod:`accord.engine.montecarlo.kernel`),
which is cached with a digest of this file (:mod:`accord.engine.montecarlo.jit`).
Rows are taken as 1-D views first (``tt``, ``Hs`` are the sub-block's rows
already): an index like ``rlag[n, lo + d]`` may be negative as far as LLVM knows,
so numba's wraparound select makes the address non-affine and the loop does not
vectorize.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from accord.engine import ties
from accord.engine.montecarlo import jit


@jit.loop
def reverse(acc: Any, code: Any, member: Any, n: int, j: int, tt: Any, ee: Any, tau: Any,
                Hs: Any, rlag: Any, lo: int, a: Any, parts: Any, LA: Any, LB: Any, LF: Any,
                FC: Any) -> None:
    """Executed step ``n`` of a later move joins the path where ``member`` (acc += parts)
    and may then be reversed; both in one pass over each party's row."""
    npar, b = acc.shape
    rl = rlag[n, lo:lo + b]
    # ee: E(t) = exp(-r t), not cut at the horizon: the reversal cost in MODEL.md's G;
    # the payment itself is a one-off at t, worth 0 from the horizon on
    an, fc, eej, tauj, accj = a[n], FC[n], ee[j], tau[j], acc[j]
    laj, lbj, lfj, ptj = LA[n, j], LB[n, j], LF[n, j], parts[n, j]
    for d in range(b):
        a0 = accj[d]
        a1 = a0 + ptj[d]
        on = member[d]
        e = tt[d] + rl[d]
        early = e < an[d]
        late = e >= Hs[d]
        mid = tauj[d] * laj[d] - lbj[d]
        lf = lfj[d]
        loss = lf if early else (0.0 if late else mid)
        paid = fc[d] * eej[d]
        rev = (-loss - paid > 0.0) & on
        # 0: not reversed; 1: loses LF; 2: loses tau LA - LB; 3: loses nothing
        c = 1 if early else (3 if late else 2)
        code[d] = c if rev else 0
        v = (a1 if on else a0) - (loss if rev else 0.0)
        pay = rev & (tt[d] < Hs[d])
        accj[d] = v - (paid if pay else 0.0)
    for p in range(npar):
        if p == j:
            continue
        taup, lap, lbp, lfp, accp = tau[p], LA[n, p], LB[n, p], LF[n, p], acc[p]
        ptp = parts[n, p]
        for d in range(b):
            a0 = accp[d]
            a1 = a0 + ptp[d]
            c = code[d]
            mid = taup[d] * lap[d] - lbp[d]
            lf = lfp[d]
            loss = lf if c == 1 else (mid if c == 2 else 0.0)
            accp[d] = (a1 if member[d] else a0) - loss


@jit.loop
def fixup(acc: Any, idx: Any, mask: Any, n: int, j: int, tt: Any, ee: Any, tau: Any,
              Hs: Any, rlag: Any, lo: int, a: Any, LA: Any, LB: Any, LF: Any, FC: Any, LAp: Any,
              theta: Any, lam: Any, rho: Any, R: Any) -> None:
    """Replace the regular-case change of step ``n`` by the exact one where it is irregular.

    The caller has checked the sub-block's bounds (not every draw is surely regular).
    Irregular draws are few (about 2 % of the draws of a call on the benchmark), so
    one vectorized test marks them in ``mask`` (zero past ``b``, to whole words), their
    indices are compacted into ``idx`` from its nonzero 8-byte words, and only they are
    recomputed, one draw at a time; the other draws keep ``acc`` as it is.
    """
    npar, b = acc.shape
    tauj, thn, lmn, rhn = tau[j], theta[n], lam[n], rho[n]
    some = False
    for d in range(b):
        tv = tt[d]
        bad = (tv < thn[d]) | (tv >= lmn[d]) | (tauj[d] < rhn[d])
        mask[d] = bad
        some = some | bad
    if not some:
        return
    m = np.int64(0)
    words = mask.view(np.uint64)
    for w in range(words.shape[0]):
        if words[w] != 0:
            for d in range(8 * w, 8 * w + 8):  # branch-free compaction
                idx[m] = d
                m += np.int64(mask[d])
    rl = rlag[n, lo:lo + b]
    an, fc, eej, Rn = a[n], FC[n], ee[j], R[n]  # ee: E(t), uncut (G); payment cut at H
    for u in range(m):
        d = idx[u]
        e = tt[d] + rl[d]
        early = e < an[d]
        late = e >= Hs[d]
        mid = tauj[d] * LA[n, j, d] - LB[n, j, d]
        lf = LF[n, j, d]
        loss = lf if early else (0.0 if late else mid)
        paid = fc[d] * eej[d]
        rev = -loss - paid > 0.0
        c = (1 if early else (3 if late else 2)) if rev else 0
        on = Rn[d] > 0.0
        for p in range(npar):
            tp = tau[p, d]
            mid = tp * LA[n, p, d] - LB[n, p, d]
            lf = LF[n, p, d]
            loss = lf if c == 1 else (mid if c == 2 else 0.0)
            assumed = tp * LAp[n, p, d] - LB[n, p, d]
            v = acc[p, d] + (assumed if on else 0.0)
            v = v - loss
            if p == j:  # the payment: a one-off at t, 0 from the horizon on
                v = v - (paid if (c != 0) & (tt[d] < Hs[d]) else 0.0)
            acc[p, d] = v


@jit.loop
def sticks(vals: Any, imposed: Any, live: Any, tt: Any, oo: Any, tau: Any, Hs: Any,
               sonce: Any, sflow: Any, slag: Any, lo: int, salpha: Any, sbeta: Any,
               stick_actor: Any, stick_commit: Any, stick_against: Any,
               target: int) -> None:
    k, npar, b = vals.shape
    for i in range(k):
        if target >= 0 and stick_against[i] != target:
            continue
        sli = slag[i, lo:lo + b]
        for d in range(b):  # once per stick, not per party: fewer streams in the loop below
            live[d] = tt[d] + sli[d] < Hs[d]
        for p in range(npar):
            so, sf = sonce[i, p, lo:lo + b], sflow[i, p, lo:lo + b]
            taup, oop, sa, sb, out = tau[p], oo[p], salpha[i, p], sbeta[i, p], vals[i, p]
            for d in range(b):
                mid = taup[d] * sa[d] - sb[d]
                out[d] = so[d] * oop[d] + sf[d] * (mid if live[d] else 0.0)
        va = vals[i, stick_actor[i]]
        com = stick_commit[i]
        imp = imposed[i]
        for d in range(b):
            imp[d] = (va[d] >= 0.0) | com


@jit.loop
def value_range(row: Any, box: Any) -> tuple[float, float]:
    """Exact ``(min, max)`` of a float row, taken on integer keys in the floats' order.

    A float min or max does not vectorize without fastmath, an integer one does (5x
    faster).  (-0.0 sorts below 0.0; NaN, sorting outside every bound, only prevents
    skipping.)
    """
    keys = row.view(np.int64)
    mn = np.int64(0x7FFFFFFFFFFFFFFF)
    mx = -mn
    for d in range(keys.shape[0]):
        k = keys[d]
        k = k ^ ((k >> 63) & 0x7FFFFFFFFFFFFFFF)
        mn = min(mn, k)
        mx = max(mx, k)
    box[0] = mn ^ ((mn >> 63) & 0x7FFFFFFFFFFFFFFF)
    box[1] = mx ^ ((mx >> 63) & 0x7FFFFFFFFFFFFFFF)
    f = box.view(np.float64)
    return f[0], f[1]


@jit.inline
def tie(x: float, y: float) -> bool:
    """The tie rule (MODEL.md §4): ``x == y``, or both finite and ``|x - y| <= TOLERANCE
    max(1, |x|, |y|)`` (an infinity ties only with itself); as ``engine.ties.equal``."""
    return bool((x == y) | ((abs(x) < np.inf) & (abs(y) < np.inf)
                            & (abs(x - y) <= ties.TOLERANCE * max(1.0, max(abs(x), abs(y))))))


@jit.inline
def at_least(x: float, y: float) -> bool:
    """``x >= y`` or the two tie (a margin tested against 0); as ``engine.ties.at_least``."""
    return bool((x >= y) | ((abs(x) < np.inf) & (abs(y) < np.inf)
                            & (x - y >= -(ties.TOLERANCE * max(1.0, max(abs(x), abs(y)))))))
