"""The Monte Carlo kernel as loops over draws, compiled by numba (optional).

The same operations as :mod:`accord.engine.montecarlo.kernel_numpy`, in the
same order per draw, so the two give the same bits (see
:mod:`accord.engine.montecarlo.evaluation`).  :func:`_compiled` compiles it,
with the two table stages of :mod:`accord.engine.montecarlo.prepare`, or loads
it from numba's on-disk cache.

The kernel's three jitted helpers (``_nb_reverse``, ``_nb_fixup``,
``_nb_sticks``) stay in this file: numba's cache is invalidated by the source
file of the cached function only, so a helper edited in another file would
leave a stale compiled kernel in the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from accord.engine.montecarlo.prepare import _nb_args, _nb_factors


def _nb_reverse(acc: Any, code: Any, member: Any, n: int, j: int, tt: Any, oo: Any, tau: Any,
                Hs: Any, rlag: Any, lo: int, a: Any, LA: Any, LB: Any, LF: Any,
                FC: Any) -> None:  # pragma: no cover - compiled
    # Rows are taken as 1-D views first (``tt``, ``Hs`` are the sub-block's rows already):
    # an index like ``rlag[n, lo + d]`` may be negative as far as LLVM knows, so numba's
    # wraparound select makes the address non-affine and the loop does not vectorize.
    npar, b = acc.shape
    rl = rlag[n, lo:lo + b]
    an, fc, ooj, tauj, accj = a[n], FC[n], oo[j], tau[j], acc[j]
    laj, lbj, lfj = LA[n, j], LB[n, j], LF[n, j]
    for d in range(b):
        e = tt[d] + rl[d]
        early = e < an[d]
        late = e >= Hs[d]
        mid = tauj[d] * laj[d] - lbj[d]
        lf = lfj[d]
        loss = lf if early else (0.0 if late else mid)
        paid = fc[d] * ooj[d]
        rev = (-loss - paid > 0.0) & member[d]
        # 0: not reversed; 1: loses LF; 2: loses tau LA - LB; 3: loses nothing
        c = 1 if early else (3 if late else 2)
        code[d] = c if rev else 0
        v = accj[d] - (loss if rev else 0.0)
        accj[d] = v - (paid if rev else 0.0)
    for p in range(npar):
        if p == j:
            continue
        taup, lap, lbp, lfp, accp = tau[p], LA[n, p], LB[n, p], LF[n, p], acc[p]
        for d in range(b):
            c = code[d]
            mid = taup[d] * lap[d] - lbp[d]
            lf = lfp[d]
            loss = lf if c == 1 else (mid if c == 2 else 0.0)
            accp[d] = accp[d] - loss


def _nb_fixup(acc: Any, idx: Any, n: int, j: int, tt: Any, oo: Any, tau: Any, Hs: Any,
              rlag: Any, lo: int, a: Any, LA: Any, LB: Any, LF: Any, FC: Any, LAp: Any,
              theta: Any, lam: Any, rho: Any, R: Any) -> None:  # pragma: no cover - compiled
    # The caller has checked the sub-block's bounds (not every draw is surely regular).
    # Irregular draws are few (about 2 % of the draws of a call on the benchmark), so
    # after one vectorized test their indices are compacted into ``idx`` and only they
    # are recomputed, one draw at a time, with the numpy fallback's formula; the other
    # draws keep ``acc`` as it is, as ``where(irr, v, acc)`` does there.
    npar, b = acc.shape
    tauj, thn, lmn, rhn = tau[j], theta[n], lam[n], rho[n]
    some = False
    for d in range(b):
        tv = tt[d]
        bad = (tv < thn[d]) | (tv >= lmn[d]) | (tauj[d] < rhn[d])
        some = some | bad
    if not some:
        return
    m = 0
    for d in range(b):  # branch-free compaction
        tv = tt[d]
        idx[m] = d
        m += (tv < thn[d]) | (tv >= lmn[d]) | (tauj[d] < rhn[d])
    rl = rlag[n, lo:lo + b]
    an, fc, ooj, Rn = a[n], FC[n], oo[j], R[n]
    for u in range(m):
        d = idx[u]
        e = tt[d] + rl[d]
        early = e < an[d]
        late = e >= Hs[d]
        mid = tauj[d] * LA[n, j, d] - LB[n, j, d]
        lf = LF[n, j, d]
        loss = lf if early else (0.0 if late else mid)
        paid = fc[d] * ooj[d]
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
            if p == j:
                v = v - (paid if c != 0 else 0.0)
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


def _nb_kernel(step_move: Any, step_actor: Any, reversible: Any, move_steps: Any,
               cheat_step: Any, cheat_move: Any, cheat_actor: Any, move_cheats: Any,
               move_actor: Any, stick_actor: Any, stick_against: Any, stick_commit: Any,
               H: Any, t: Any, x: Any, rlag: Any, det: Any, sonce: Any, sflow: Any, slag: Any,
               lo: int, exps: Any, a: Any, td: Any, oo: Any, tau: Any, parts: Any, LA: Any,
               LB: Any, LF: Any, FC: Any, base: Any, ootd: Any, taud: Any, salpha: Any,
               sbeta: Any, LAp: Any, theta: Any, lam: Any, rho: Any, R: Any, SA: Any, SB: Any,
               expected: Any, surplus: Any, defection: Any, margin: Any, holds: Any,
               cheat_margin: Any, deterred: Any, required: Any, outcome: Any,
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
    tol = 1e-9
    at0 = nq * npar
    Hs = H[lo:hi]
    comply = base[nq - 1]
    for p in range(npar):
        surplus[p, lo:hi] = comply[p]
    acc = np.empty((npar, b))
    code = np.zeros(b, dtype=np.int8)
    vals = np.empty((k, npar, b))
    imposed = np.empty((k, b), dtype=np.bool_)
    bad = np.zeros((k, b), dtype=np.bool_)
    idx = np.empty(b, dtype=np.int64)
    later = np.empty(b, dtype=np.bool_)  # also the sticks' scratch
    bounds = np.empty((n, 3))
    xmin = np.empty(n)
    for i in range(n):
        th = -np.inf
        lm = np.inf
        rh = -np.inf
        xm = np.inf
        thi_, lmi, rhi, xi = theta[i], lam[i], rho[i], x[i, lo:hi]
        for d in range(b):
            th = max(th, thi_[d])
            lm = min(lm, lmi[d])
            rh = max(rh, rhi[d])
            xm = min(xm, xi[d])
        bounds[i, 0] = th
        bounds[i, 1] = lm
        bounds[i, 2] = rh
        xmin[i] = xm
    taulo = np.empty(npar)
    for q in range(nq):
        tq = t[q, lo:hi]
        tlo = np.inf
        thi = -np.inf
        for d in range(b):
            tlo = min(tlo, tq[d])
            thi = max(thi, tq[d])
        for p in range(npar):
            m_ = np.inf
            taup = tau[q, p]
            for d in range(b):
                m_ = min(m_, taup[d])
            taulo[p] = m_
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
                    _nb_fixup_j(acc, idx, i, j, tq, oo[q], tau[q], Hs, rlag, lo, a, LA, LB,
                                LF, FC, LAp, theta, lam, rho, R)
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

    und = np.empty((npar, b))
    for c in range(s):
        ns = cheat_step[c]
        ms = cheat_move[c]
        ic = cheat_actor[c]
        rns = reversible[ns]
        tdc = td[c]
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
        tlo = np.inf
        thi = -np.inf
        for d in range(b):
            tlo = min(tlo, tdc[d])
            thi = max(thi, tdc[d])
        for p in range(npar):
            m_ = np.inf
            taup = taud[c, p]
            for d in range(b):
                m_ = min(m_, taup[d])
            taulo[p] = m_
        for i in range(n):
            if i == ns:
                continue
            if i < first:
                if reversible[i]:
                    j = step_actor[i]
                    if not (tlo >= bounds[i, 0] and thi < bounds[i, 1]
                            and taulo[j] >= bounds[i, 2]):
                        _nb_fixup_j(acc, idx, i, j, tdc, ootd[c], taud[c], Hs, rlag, lo, a,
                                    LA, LB, LF, FC, LAp, theta, lam, rho, R)
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
            for p in range(npar):
                accp, pp = acc[p], parts[i, p]
                for d in range(b):
                    v = accp[d]
                    w = v + pp[d]
                    accp[d] = w if later[d] else v
            if reversible[i]:
                _nb_reverse_j(acc, code, later, i, step_actor[i], tdc, ootd[c], taud[c], Hs,
                              rlag, lo, a, LA, LB, LF, FC)
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
            dtr[d] = cc - ee >= -(tol * max(1.0, max(abs(cc), abs(ee))))
            no_gain = cc - uu >= -(tol * max(1.0, max(abs(cc), abs(uu))))
            hopeless = dv - uu >= -(tol * max(1.0, max(abs(dv), abs(uu))))
            ratio = (uu - cc) / (uu - dv)
            rq[d] = 0.0 if no_gain else (np.inf if hopeless else ratio)
    for kk in range(k):
        nc, bk, com = non_credible[kk, lo:hi], bad[kk], stick_commit[kk]
        for d in range(b):
            nc[d] = bk[d] & (not com)

    # margins, self-enforcement and the bottleneck, vectorized over draws
    ok = np.ones(b, dtype=np.bool_)
    best = np.full(b, np.inf)
    where = np.zeros(b, dtype=np.int64)
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
                h = diff >= -(tol * max(1.0, max(abs(cc), abs(alt))))
                hd[d] = h
                ok[d] = ok[d] & h
                lower = diff < best[d]
                bd, wd = best[d], where[d]
                best[d] = diff if lower else bd
                where[d] = code_qi if lower else wd
    for c in range(s):
        ic = cheat_actor[c]
        code_c = nq * npar + c
        dtr, ci, ei = deterred[c, lo:hi], comply[ic], expected[c, ic]
        for d in range(b):
            ok[d] = ok[d] & dtr[d]
            diff = ci[d] - ei[d]
            lower = diff < best[d]
            bd, wd = best[d], where[d]
            best[d] = diff if lower else bd
            where[d] = code_c if lower else wd
    self_enforcing[lo:hi] = ok
    bottleneck[lo:hi] = best
    bottleneck_at[lo:hi] = where

    # backward induction over the node chain, vectorized over draws
    value = np.empty((npar, b))
    for p in range(npar):
        value[p] = comply[p]
    oc = np.zeros(b, dtype=np.int64)
    top = np.empty(b)
    pick = np.empty(b, dtype=np.int64)
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
                t0 = abs(v0 - tp) <= tol * max(1.0, max(abs(v0), abs(tp)))
                t1 = abs(v1 - tp) <= tol * max(1.0, max(abs(v1), abs(tp)))
                pick[d] = 0 if t0 else (1 if t1 else -1)
            for c in range(c0, c1):
                ec = expected[c, i]
                for d in range(b):
                    vc = ec[d]
                    tp = top[d]
                    tc = abs(vc - tp) <= tol * max(1.0, max(abs(vc), abs(tp)))
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
    outcome[lo:hi] = oc


# The compiled helpers are bound here by _compiled() before the kernel is compiled.
_nb_reverse_j: Callable[..., None] = _nb_reverse
_nb_fixup_j: Callable[..., None] = _nb_fixup
_nb_sticks_j: Callable[..., None] = _nb_sticks


@cache
def _compiled() -> tuple[Callable[..., None], ...] | None:
    """Compile (or load from numba's on-disk cache) the three stages; ``None`` without numba."""
    global _nb_reverse_j, _nb_fixup_j, _nb_sticks_j
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is optional
        return None
    jit = numba.njit(cache=True, nogil=True, error_model="numpy")
    _nb_reverse_j = jit(_nb_reverse)
    _nb_fixup_j = jit(_nb_fixup)
    _nb_sticks_j = jit(_nb_sticks)
    return jit(_nb_args), jit(_nb_factors), jit(_nb_kernel)
