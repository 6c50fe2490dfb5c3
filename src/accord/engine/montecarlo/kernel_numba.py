"""The Monte Carlo kernel as loops over draws, compiled by numba (optional).

The same operations as :mod:`accord.engine.montecarlo.kernel_numpy`, in the
same order per draw, so the two give the same bits (see
:mod:`accord.engine.montecarlo.evaluation`).  :func:`_compiled` compiles it,
with the two table stages of :mod:`accord.engine.montecarlo.prepare`, or loads
it from numba's on-disk cache.

The kernel's jitted helpers (``_nb_reverse``, ``_nb_fixup``, ``_nb_sticks``,
``_nb_range``) stay in this file: numba's cache is invalidated by the source
file of the cached function only, so a helper edited in another file would
leave a stale compiled kernel in the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from accord.engine.montecarlo.prepare import _nb_args, _nb_factors


def _nb_reverse(acc: Any, code: Any, member: Any, n: int, j: int, tt: Any, ee: Any, tau: Any,
                Hs: Any, rlag: Any, lo: int, a: Any, parts: Any, LA: Any, LB: Any, LF: Any,
                FC: Any) -> None:  # pragma: no cover - compiled
    # Executed step ``n`` of a later move joins the path where ``member`` (acc += parts)
    # and may then be reversed; both in one pass over each party's row.
    # Rows are taken as 1-D views first (``tt``, ``Hs`` are the sub-block's rows already):
    # an index like ``rlag[n, lo + d]`` may be negative as far as LLVM knows, so numba's
    # wraparound select makes the address non-affine and the loop does not vectorize.
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


def _nb_fixup(acc: Any, idx: Any, mask: Any, n: int, j: int, tt: Any, ee: Any, tau: Any,
              Hs: Any, rlag: Any, lo: int, a: Any, LA: Any, LB: Any, LF: Any, FC: Any, LAp: Any,
              theta: Any, lam: Any, rho: Any, R: Any) -> None:  # pragma: no cover - compiled
    # The caller has checked the sub-block's bounds (not every draw is surely regular).
    # Irregular draws are few (about 2 % of the draws of a call on the benchmark), so
    # one vectorized test marks them in ``mask`` (zero past ``b``, to whole words), their
    # indices are compacted into ``idx`` from its nonzero 8-byte words, and only they are
    # recomputed, one draw at a time, with the numpy fallback's formula; the other
    # draws keep ``acc`` as it is, as ``where(irr, v, acc)`` does there.
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
    m = 0
    words = mask.view(np.uint64)
    for w in range(words.shape[0]):
        if words[w] != 0:
            for d in range(8 * w, 8 * w + 8):  # branch-free compaction
                idx[m] = d
                m += mask[d]
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


def _nb_sticks(vals: Any, imposed: Any, live: Any, tt: Any, oo: Any, tau: Any, Hs: Any,
               sonce: Any, sflow: Any, slag: Any, lo: int, salpha: Any, sbeta: Any,
               stick_actor: Any, stick_commit: Any, stick_against: Any,
               target: int) -> None:  # pragma: no cover - compiled
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


def _nb_range(row: Any, box: Any) -> tuple[float, float]:  # pragma: no cover - compiled
    # Exact (min, max) of a float row, taken on integer keys in the floats' order: a float
    # min or max does not vectorize without fastmath, an integer one does (5x faster).
    # (-0.0 sorts below 0.0; NaN, sorting outside every bound, only prevents skipping.)
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


def _nb_tie(x: float, y: float) -> bool:  # pragma: no cover - compiled
    """The tie rule (MODEL.md §4): ``x == y``, or both finite and ``|x - y| <= 1e-9
    max(1, |x|, |y|)`` (an infinity ties only with itself); as ``engine.ties.equal``."""
    return bool((x == y) | ((abs(x) < np.inf) & (abs(y) < np.inf)
                            & (abs(x - y) <= 1e-9 * max(1.0, max(abs(x), abs(y))))))


def _nb_at_least(x: float, y: float) -> bool:  # pragma: no cover - compiled
    """``x >= y`` or the two tie (a margin tested against 0); as ``engine.ties.at_least``."""
    return bool((x >= y) | ((abs(x) < np.inf) & (abs(y) < np.inf)
                            & (x - y >= -(1e-9 * max(1.0, max(abs(x), abs(y)))))))


def _nb_kernel(step_move: Any, step_actor: Any, reversible: Any, move_steps: Any,
               cheat_step: Any, cheat_move: Any, cheat_actor: Any, move_cheats: Any,
               move_actor: Any, stick_actor: Any, stick_against: Any, stick_commit: Any,
               H: Any, t: Any, x: Any, rlag: Any, det: Any, sonce: Any, sflow: Any, slag: Any,
               lo: int, exps: Any, a: Any, td: Any, oo: Any, tau: Any, parts: Any, LA: Any,
               LB: Any, LF: Any, FC: Any, base: Any, ootd: Any, taud: Any, salpha: Any,
               sbeta: Any, LAp: Any, theta: Any, lam: Any, rho: Any, R: Any, SA: Any, SB: Any,
               expected: Any, work: Any, iwork: Any, bwork: Any, surplus: Any,
               defection: Any, margin: Any, holds: Any, cheat_margin: Any, deterred: Any,
               required: Any, outcome: Any,
               self_enforcing: Any, bottleneck: Any, bottleneck_at: Any,
               non_credible: Any) -> None:  # pragma: no cover - compiled
    # Inputs and outputs span the whole block: their rows are taken as 1-D views of the
    # sub-block (``X[i, lo:hi]``) before each loop over draws, never indexed ``[lo + d]``
    # (see _nb_reverse).  ``expected`` is scratch (part of the tables, reused).
    nq, npar, b = oo.shape
    hi = lo + b
    n = parts.shape[0]
    s = cheat_step.shape[0]
    k = stick_actor.shape[0]
    at0 = nq * npar
    r_ed = (2 * nq + 1 + 2 * n) * npar  # rows of exps: et, at, eh, ea, el, then ed
    Hs = H[lo:hi]
    comply = base[nq - 1]
    for p in range(npar):
        sp, cp = surplus[p, lo:hi], comply[p]
        for d in range(b):
            sp[d] = cp[d]
    # scratch, carved from the tables' work arrays (sizes in Tables.empty): compiled
    # without numba's runtime, the kernel allocates nothing and counts no references
    pb = npar * b
    acc = work[:pb].reshape((npar, b))
    und = work[pb:2 * pb].reshape((npar, b))
    value = work[2 * pb:3 * pb].reshape((npar, b))
    o = 3 * pb + k * pb
    vals = work[3 * pb:o].reshape((k, npar, b))
    top = work[o:o + b]
    bounds = work[o + b:o + b + 3 * n].reshape((n, 3))
    xmin = work[o + b + 3 * n:o + b + 4 * n]
    taulo = work[o + b + 4 * n:o + b + 4 * n + npar]
    idx, pick, box = iwork[:b], iwork[b:2 * b], iwork[2 * b:2 * b + 2]
    o = -(-b // 8) * 8
    mask = bwork[:o]
    for d in range(b, o):
        mask[d] = 0  # whole words
    code = bwork[o:o + b]
    later = bwork[o + b:o + 2 * b].view(np.bool_)  # also the sticks' scratch
    imposed = bwork[o + 2 * b:o + (2 + k) * b].view(np.bool_).reshape((k, b))
    bad = bwork[o + (2 + k) * b:o + (2 + 2 * k) * b].view(np.bool_).reshape((k, b))
    for kk in range(k):
        bk = bad[kk]
        for d in range(b):
            bk[d] = False
    for i in range(n):
        bounds[i, 0] = _nb_range_j(theta[i], box)[1]
        bounds[i, 1] = _nb_range_j(lam[i], box)[0]
        bounds[i, 2] = _nb_range_j(rho[i], box)[1]
        xmin[i] = _nb_range_j(x[i, lo:hi], box)[0]
    for q in range(nq):
        tlo, thi = _nb_range_j(t[q, lo:hi], box)
        for p in range(npar):
            taulo[p] = _nb_range_j(tau[q, p], box)[0]
        tq = t[q, lo:hi]
        eq = exps[q * npar:(q + 1) * npar]  # E(t) uncut, for reversal costs
        for p in range(npar):
            bq, tqp, saq, sbq, accp = base[q, p], tau[q, p], SA[q, p], SB[q, p], acc[p]
            for d in range(b):
                accp[d] = bq[d] - (tqp[d] * saq[d] - sbq[d])
        for i in range(n):
            if step_move[i] < q and reversible[i]:
                j = step_actor[i]
                # bounds[i] = (max theta, min lam, max rho) over the sub-block: unless
                # every draw is surely regular, fix up the irregular ones
                if not (tlo >= bounds[i, 0] and thi < bounds[i, 1] and taulo[j] >= bounds[i, 2]):
                    _nb_fixup_j(acc, idx, mask, i, j, tq, eq, tau[q], Hs, rlag, lo, a, LA,
                                LB, LF, FC, LAp, theta, lam, rho, R)
        _nb_sticks_j(vals, imposed, later, tq, oo[q], tau[q], Hs, sonce, sflow, slag, lo, salpha,
                     sbeta, stick_actor, stick_commit, stick_against, -1)
        for dd in range(npar):
            # defection = acc, plus each imposed stick against dd in turn; the first
            # stick is added in the same pass as the copy (the same sums, one pass less)
            k0 = -1
            for kk in range(k):
                if stick_against[kk] == dd:
                    k0 = kk
                    break
            for p in range(npar):
                row = defection[q, dd, p, lo:hi]
                accp = acc[p]
                if k0 < 0:
                    for d in range(b):
                        row[d] = accp[d]
                else:
                    imp, vk = imposed[k0], vals[k0, p]
                    for d in range(b):
                        v = vk[d]
                        row[d] = accp[d] + (v if imp[d] else 0.0)
            for kk in range(k0 + 1, k):
                if k0 >= 0 and stick_against[kk] == dd:
                    imp = imposed[kk]
                    for p in range(npar):
                        row = defection[q, dd, p, lo:hi]
                        vk = vals[kk, p]
                        for d in range(b):
                            v = vk[d]
                            row[d] = row[d] + (v if imp[d] else 0.0)
        for kk in range(k):
            va, bk = vals[kk, stick_actor[kk]], bad[kk]
            for d in range(b):
                bk[d] = bk[d] | (va[d] < 0.0)

    for c in range(s):
        ns = cheat_step[c]
        ms = cheat_move[c]
        ic = cheat_actor[c]
        rns = reversible[ns]
        tdc = td[c]
        edc = exps[r_ed + c * npar:r_ed + (c + 1) * npar]  # E(td) uncut, for reversal costs
        for p in range(npar):
            sap, sbp, bp, pp = SA[ms + 1, p], SB[ms + 1, p], base[ms + 1, p], parts[ns, p]
            tdp, Rn, lap, lbp = taud[c, p], R[ns], LAp[ns, p], LB[ns, p]
            accp, undp, cp = acc[p], und[p], comply[p]
            for d in range(b):
                sa = sap[d]
                sb = sbp[d]
                if rns:
                    on = Rn[d] > 0.0
                    la = lap[d]
                    lb = lbp[d]
                    sa = sa - (la if on else 0.0)
                    sb = sb - (lb if on else 0.0)
                accp[d] = (bp[d] - pp[d]) - (tdp[d] * sa - sb)
                undp[d] = cp[d] - pp[d]
        first = move_steps[ms + 1]
        tlo, thi = _nb_range_j(tdc, box)
        for p in range(npar):
            taulo[p] = _nb_range_j(taud[c, p], box)[0]
        for i in range(n):
            if i == ns:
                continue
            if i < first:
                if reversible[i]:
                    j = step_actor[i]
                    if not (tlo >= bounds[i, 0] and thi < bounds[i, 1]
                            and taulo[j] >= bounds[i, 2]):
                        _nb_fixup_j(acc, idx, mask, i, j, tdc, edc, taud[c], Hs, rlag, lo,
                                    a, LA, LB, LF, FC, LAp, theta, lam, rho, R)
                continue
            if xmin[i] >= thi:  # no draw runs this later step before detection
                continue
            # a step of a later move is executed where it comes before detection
            xi = x[i, lo:hi]
            some = False
            for d in range(b):
                m = xi[d] < tdc[d]
                later[d] = m
                some = some | m
            if not some:
                continue
            if reversible[i]:
                _nb_reverse_j(acc, code, later, i, step_actor[i], tdc, edc, taud[c], Hs,
                              rlag, lo, a, parts, LA, LB, LF, FC)
                continue
            for p in range(npar):
                accp, pp = acc[p], parts[i, p]
                for d in range(b):
                    v = accp[d]
                    w = v + pp[d]
                    accp[d] = w if later[d] else v
        _nb_sticks_j(vals, imposed, later, tdc, ootd[c], taud[c], Hs, sonce, sflow, slag, lo,
                     salpha, sbeta, stick_actor, stick_commit, stick_against, ic)
        for kk in range(k):
            if stick_against[kk] == ic:
                imp = imposed[kk]
                for p in range(npar):
                    accp, vk = acc[p], vals[kk, p]
                    for d in range(b):
                        v = vk[d]
                        accp[d] = accp[d] + (v if imp[d] else 0.0)
                va, bk = vals[kk, stick_actor[kk]], bad[kk]
                for d in range(b):
                    bk[d] = bk[d] | (va[d] < 0.0)
        dt = det[ns, lo:hi]
        for p in range(npar):
            ep, accp, undp = expected[c, p], acc[p], und[p]
            for d in range(b):
                ep[d] = dt[d] * accp[d] + (1.0 - dt[d]) * undp[d]
        cm, dtr, rq = cheat_margin[c, lo:hi], deterred[c, lo:hi], required[c, lo:hi]
        cpi, upi, api, epi = comply[ic], und[ic], acc[ic], expected[c, ic]
        ex = exps[at0 + ms * npar + ic]
        for d in range(b):
            cc = cpi[d]
            uu = upi[d]
            dv = api[d]
            ee = epi[d]
            cm[d] = (cc - ee) * ex[d]
            dtr[d] = _nb_at_least_j(cc, ee)
            no_gain = uu <= cc  # exactly, as written (ties only for U - D)
            hopeless = _nb_at_least_j(dv, uu)
            ratio = (uu - cc) / (uu - dv)
            rq[d] = 0.0 if no_gain else (np.inf if hopeless else ratio)
    for kk in range(k):
        nc, bk = non_credible[kk, lo:hi], bad[kk]
        for d in range(b):
            nc[d] = bk[d]

    # margins, self-enforcement and the bottleneck, vectorized over draws
    ok, best, where = self_enforcing[lo:hi], bottleneck[lo:hi], bottleneck_at[lo:hi]
    for d in range(b):
        ok[d] = True
        best[d] = np.inf
        where[d] = -1
    for q in range(nq):
        for i in range(npar):
            ex = exps[at0 + q * npar + i]
            code_qi = q * npar + i
            ci, alti = comply[i], defection[q, i, i, lo:hi]
            mg, hd = margin[q, i, lo:hi], holds[q, i, lo:hi]
            for d in range(b):
                cc = ci[d]
                alt = alti[d]
                diff = cc - alt
                mg[d] = diff * ex[d]
                h = _nb_at_least_j(cc, alt)
                hd[d] = h
                ok[d] = ok[d] & h
                bd = best[d]
                best[d] = diff if diff < bd else bd
    for c in range(s):
        dtr, ci, ei = deterred[c, lo:hi], comply[cheat_actor[c]], expected[c, cheat_actor[c]]
        for d in range(b):
            ok[d] = ok[d] & dtr[d]
            diff = ci[d] - ei[d]
            bd = best[d]
            best[d] = diff if diff < bd else bd
    # where: the first test (margins by point and party, then cheats) that ties with the
    # smallest by the tie rule, so rounding does not choose among equal tests (an
    # infinite value ties only with itself)
    for q in range(nq):
        for i in range(npar):
            code_qi = q * npar + i
            ci, alti = comply[i], defection[q, i, i, lo:hi]
            for d in range(b):
                diff = ci[d] - alti[d]
                bd, wd = best[d], where[d]
                where[d] = code_qi if (wd < 0) & _nb_tie_j(diff, bd) else wd
    for c in range(s):
        code_c = nq * npar + c
        ci, ei = comply[cheat_actor[c]], expected[c, cheat_actor[c]]
        for d in range(b):
            diff = ci[d] - ei[d]
            bd, wd = best[d], where[d]
            where[d] = code_c if (wd < 0) & _nb_tie_j(diff, bd) else wd
    for d in range(b):
        wd = where[d]
        where[d] = 0 if wd < 0 else wd  # no test is a number

    # backward induction over the node chain, vectorized over draws
    for p in range(npar):
        vp, cp = value[p], comply[p]
        for d in range(b):
            vp[d] = cp[d]
    oc = outcome[lo:hi]
    for d in range(b):
        oc[d] = 0
    for q in range(nq - 1, -1, -1):
        for i in range(npar - 1, -1, -1):
            c0 = 0
            c1 = 0
            if q < nq - 1 and move_actor[q] == i:
                c0 = move_cheats[q]
                c1 = move_cheats[q + 1]
            vi, di = value[i], defection[q, i, i, lo:hi]
            for d in range(b):
                top[d] = max(vi[d], di[d])
            for c in range(c0, c1):
                ec = expected[c, i]
                for d in range(b):
                    top[d] = max(top[d], ec[d])
            for d in range(b):
                v0 = vi[d]
                v1 = di[d]
                tp = top[d]
                t0 = _nb_tie_j(v0, tp)
                t1 = _nb_tie_j(v1, tp)
                pick[d] = 0 if t0 else (1 if t1 else -1)
            for c in range(c0, c1):
                ec = expected[c, i]
                for d in range(b):
                    vc = ec[d]
                    tp = top[d]
                    tc = _nb_tie_j(vc, tp)
                    pk = pick[d]
                    pick[d] = 2 + c - c0 if (pk == -1) & tc else pk
            brk = 1 + q * npar + i
            for p in range(npar):
                vp, dp = value[p], defection[q, i, p, lo:hi]
                for d in range(b):
                    v = dp[d]
                    old = vp[d]
                    vp[d] = v if pick[d] == 1 else old
            for c in range(c0, c1):
                for p in range(npar):
                    vp, ep = value[p], expected[c, p]
                    for d in range(b):
                        v = ep[d]
                        old = vp[d]
                        vp[d] = v if pick[d] == 2 + c - c0 else old
            for d in range(b):
                pk = pick[d]
                o = brk if pk == 1 else 1 + nq * npar + c0 + pk - 2
                od = oc[d]
                oc[d] = od if pk == 0 else o


# The compiled helpers are bound here by _compiled() before the kernel is compiled.
_nb_reverse_j: Callable[..., None] = _nb_reverse
_nb_fixup_j: Callable[..., None] = _nb_fixup
_nb_sticks_j: Callable[..., None] = _nb_sticks
_nb_range_j: Callable[..., tuple[float, float]] = _nb_range
_nb_tie_j: Callable[[float, float], bool] = _nb_tie
_nb_at_least_j: Callable[[float, float], bool] = _nb_at_least


@cache
def _compiled() -> tuple[Callable[..., None], ...] | None:
    """Compile (or load from numba's on-disk cache) the three stages; ``None`` without numba."""
    global _nb_reverse_j, _nb_fixup_j, _nb_sticks_j, _nb_range_j, _nb_tie_j, _nb_at_least_j
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is optional
        return None
    # Without numba's runtime (``_nrt=False``): the functions allocate nothing, and every
    # row view would otherwise cost an atomic reference count (~5 % of the kernel's time).
    no_runtime: dict[str, Any] = {"_nrt": False}  # (not in numba's type stubs)
    jit = numba.njit(cache=True, nogil=True, error_model="numpy", **no_runtime)
    _nb_reverse_j = jit(_nb_reverse)
    _nb_fixup_j = jit(_nb_fixup)
    _nb_sticks_j = jit(_nb_sticks)
    _nb_range_j = jit(_nb_range)
    _nb_tie_j = numba.njit(cache=True, nogil=True, inline="always", **no_runtime)(_nb_tie)
    _nb_at_least_j = numba.njit(cache=True, nogil=True, inline="always",
                                **no_runtime)(_nb_at_least)
    return jit(_nb_args), jit(_nb_factors), jit(_nb_kernel)
