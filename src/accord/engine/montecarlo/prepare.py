"""Filling the factored-exponential tables of a sub-block, as numpy and as numba.

Two stages per sub-block of draws, before the kernel runs:

1. *args*: effect starts ``a``, detection times ``td`` and every exponent into
   ``Tables.exps`` (rows as in :func:`~accord.engine.montecarlo.tables._exp_rows`);
   then the caller takes every exponential in one numpy ``exp`` call;
2. *factors*: the other tables from the exponentials (see
   :class:`~accord.engine.montecarlo.tables.Tables` for what each one is).

Each stage is written twice, as numpy vectorized over draws (``_np_*``) and as
loops over draws for numba (``_nb_*``, compiled by
:func:`accord.engine.montecarlo.kernel_numba._compiled`), with the same IEEE
operations in the same order, so both give the same bits (see
:mod:`accord.engine.montecarlo.evaluation`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from accord.engine.montecarlo.inputs import Inputs, Structure
from accord.engine.montecarlo.tables import Tables
from accord.engine.params import FloatArray

# -- numpy version (vectorized over draws) ---------------------------------------------------


def _np_args(st: Structure, x: Inputs, lo: int, hi: int, tb: Tables,
             rows: dict[str, tuple[int, int]]) -> None:
    """Effect starts, detection times, and every exponent into ``tb.exps``."""
    sl = slice(lo, hi)
    r, h, t = x.r[:, sl], x.H[sl], x.t[:, sl]
    tb.a[...] = x.x[:, sl] + x.lag[:, sl]
    tb.td[...] = t[st.cheat_move] + x.delay[st.cheat_step, sl]
    safe = np.where(r == 0, 1.0, r)
    b = hi - lo

    def put(name: str, val: FloatArray) -> None:
        i, j = rows[name]
        tb.exps[i:j] = val.reshape(j - i, b)

    put("et", -r[None] * t[:, None])
    put("at", r[None] * t[:, None])
    put("eh", -safe * h)
    put("ea", -safe[None] * np.minimum(tb.a, h)[:, None])
    put("el", -safe[None] * x.rlag[:, None, sl])
    put("ed", -r[None] * tb.td[:, None])
    put("es", -safe[None] * x.slag[:, None, sl])


def _np_factors(st: Structure, x: Inputs, lo: int, tb: Tables,
                rows: dict[str, tuple[int, int]]) -> None:
    """Factors from the exponentials (the operations of ``_nb_factors``)."""
    npar, b = tb.oo.shape[1:]
    sl = slice(lo, lo + b)

    def get(name: str) -> FloatArray:
        i, j = rows[name]
        return tb.exps[i:j].reshape(-1, npar, b)

    r, h, t = x.r[:, sl], x.H[sl], x.t[:, sl]
    zero = r == 0
    safe = np.where(zero, 1.0, r)
    et, ea, el, ed, es = (get(k) for k in ("et", "ea", "el", "ed", "es"))
    eh = get("eh")[0]
    tb.oo[...] = np.where(t[:, None] >= h, 0.0, et)
    tb.tau[...] = np.where(zero, t[:, None], et)
    lo_a = np.minimum(tb.a, h)[:, None]
    full = np.where(h > lo_a, np.where(zero, h - lo_a, (ea - eh) / safe), 0.0)
    flow = x.flow[:, :, sl]
    tb.parts[...] = x.once[:, :, sl] * tb.oo[st.step_move] + flow * full
    ff = x.feas[:, None, sl] * flow
    tb.LA[...] = ff * np.where(zero, -1.0, el / safe)
    tb.LB[...] = ff * np.where(zero, -(h - x.rlag[:, None, sl]), eh / safe)
    tb.LF[...] = ff * full
    tb.FC[...] = x.feas[:, sl] * x.cost[:, sl]
    tb.base[0] = 0.0
    for m in range(len(st.move_steps) - 1):
        cur = tb.base[m].copy()
        for i in range(int(st.move_steps[m]), int(st.move_steps[m + 1])):
            cur += tb.parts[i]
        tb.base[m + 1] = cur
    tb.ootd[...] = np.where(tb.td[:, None] >= h, 0.0, ed)
    tb.taud[...] = np.where(zero, tb.td[:, None], ed)
    tb.salpha[...] = np.where(zero, -1.0, es / safe)
    tb.sbeta[...] = np.where(zero, -(h - x.slag[:, None, sl]), eh / safe)
    rl = x.rlag[:, sl]
    tb.theta[...] = tb.a - rl
    tb.lam[...] = h - rl
    tb.LAp[...] = tb.LA
    for i in range(len(st.step_actor)):
        j = int(st.step_actor[i])
        tb.LAp[i, j] = tb.LA[i, j] + tb.FC[i]
        kappa = -tb.LA[i, j] - tb.FC[i]
        lbj = tb.LB[i, j]
        with np.errstate(divide="ignore", invalid="ignore"):
            rho = np.where(kappa > 0, np.where(lbj < 0, -lbj / kappa, 0.0),
                           np.where(kappa < 0, np.where(lbj > 0, lbj / -kappa, 0.0),
                                    np.where(lbj > 0, np.inf, 0.0)))
        tb.rho[i] = np.where(zero[j], np.inf, rho)
        tb.R[i] = np.where(kappa > 0, 1.0, 0.0)
    tb.SA[0] = 0.0
    tb.SB[0] = 0.0
    for m in range(len(st.move_steps) - 1):
        sa, sb = tb.SA[m].copy(), tb.SB[m].copy()
        for i in range(int(st.move_steps[m]), int(st.move_steps[m + 1])):
            if st.reversible[i]:
                rr = tb.R[i] > 0.0
                sa += np.where(rr, tb.LAp[i], 0.0)
                sb += np.where(rr, tb.LB[i], 0.0)
        tb.SA[m + 1] = sa
        tb.SB[m + 1] = sb


# -- numba version (the same operations as loops over draws) --------------------------------


def _nb_args(cheat_step: Any, cheat_move: Any, r: Any, H: Any, t: Any, x: Any, lag: Any,
             rlag: Any, delay: Any, slag: Any, lo: int, exps: Any, a: Any,
             td: Any) -> None:  # pragma: no cover - compiled
    # Inputs span the whole block: their rows are taken as 1-D views of the sub-block
    # (``X[i, lo:hi]``) before each loop over draws.  Indexing ``X[i, lo + d]`` instead
    # would keep LLVM from vectorizing (numba's wraparound test on a possibly negative
    # index makes the address non-affine).
    npar = r.shape[0]
    nq = t.shape[0]
    n, b = a.shape
    hi = lo + b
    s = td.shape[0]
    k = slag.shape[0]
    Hs = H[lo:hi]
    for i in range(n):
        ai, xi, li = a[i], x[i, lo:hi], lag[i, lo:hi]
        for d in range(b):
            ai[d] = xi[d] + li[d]
    for c in range(s):
        tdc, tc, dc = td[c], t[cheat_move[c], lo:hi], delay[cheat_step[c], lo:hi]
        for d in range(b):
            tdc[d] = tc[d] + dc[d]
    row = 0
    for q in range(nq):  # et
        tq = t[q, lo:hi]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                out[d] = -rp[d] * tq[d]
            row += 1
    for q in range(nq):  # at
        tq = t[q, lo:hi]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                out[d] = rp[d] * tq[d]
            row += 1
    for p in range(npar):  # eh
        rp, out = r[p, lo:hi], exps[row]
        for d in range(b):
            rr = rp[d]
            out[d] = -(1.0 if rr == 0 else rr) * Hs[d]
        row += 1
    for i in range(n):  # ea
        ai = a[i]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                rr = rp[d]
                out[d] = -(1.0 if rr == 0 else rr) * min(ai[d], Hs[d])
            row += 1
    for i in range(n):  # el
        rli = rlag[i, lo:hi]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                rr = rp[d]
                out[d] = -(1.0 if rr == 0 else rr) * rli[d]
            row += 1
    for c in range(s):  # ed
        tdc = td[c]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                out[d] = -rp[d] * tdc[d]
            row += 1
    for kk in range(k):  # es
        slk = slag[kk, lo:hi]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                rr = rp[d]
                out[d] = -(1.0 if rr == 0 else rr) * slk[d]
            row += 1


def _nb_factors(step_move: Any, move_steps: Any, r: Any, H: Any, t: Any, once: Any, flow: Any,
                feas: Any, cost: Any, rlag: Any, slag: Any, lo: int, exps: Any, a: Any, td: Any,
                oo: Any, tau: Any, parts: Any, LA: Any, LB: Any, LF: Any, FC: Any, base: Any,
                ootd: Any, taud: Any, salpha: Any, sbeta: Any, LAp: Any, theta: Any, lam: Any,
                rho: Any, R: Any, SA: Any, SB: Any, expected: Any, work: Any, iwork: Any,
                bwork: Any, reversible: Any,
                step_actor: Any) -> None:  # pragma: no cover - compiled
    # (``expected`` and the ``*work`` arrays are the kernel's scratch, unused here.)
    # Rows as 1-D views: see _nb_args.
    nq, npar, b = oo.shape
    hi = lo + b
    n = parts.shape[0]
    s = ootd.shape[0]
    k = salpha.shape[0]
    r_eh = 2 * nq * npar
    r_ea = r_eh + npar
    r_el = r_ea + n * npar
    r_ed = r_el + n * npar
    r_es = r_ed + s * npar
    Hs = H[lo:hi]
    for q in range(nq):
        tq = t[q, lo:hi]
        for p in range(npar):
            rp, et, ooq, tauq = r[p, lo:hi], exps[q * npar + p], oo[q, p], tau[q, p]
            for d in range(b):
                tv = tq[d]
                e = et[d]
                ooq[d] = 0.0 if tv >= Hs[d] else e
                tauq[d] = tv if rp[d] == 0 else e
    for i in range(n):
        mq = step_move[i]
        fe, co, fci, ai, rli = feas[i, lo:hi], cost[i, lo:hi], FC[i], a[i], rlag[i, lo:hi]
        for d in range(b):
            fci[d] = fe[d] * co[d]
        for p in range(npar):
            rp, eh, ea, el = r[p, lo:hi], exps[r_eh + p], exps[r_ea + i * npar + p], \
                exps[r_el + i * npar + p]
            fl_, on, oom = flow[i, p, lo:hi], once[i, p, lo:hi], oo[mq, p]
            pt, la, lb, lf = parts[i, p], LA[i, p], LB[i, p], LF[i, p]
            for d in range(b):
                rr = rp[d]
                zero = rr == 0
                safe = 1.0 if zero else rr
                h = Hs[d]
                ehd = eh[d]
                lo_a = min(ai[d], h)
                pz = h - lo_a
                pn = (ea[d] - ehd) / safe
                pv = pz if zero else pn
                full = pv if h > lo_a else 0.0
                fl = fl_[d]
                pt[d] = on[d] * oom[d] + fl * full
                ff = fe[d] * fl
                ql = el[d] / safe
                alpha = -1.0 if zero else ql
                bz = -(h - rli[d])
                bn = ehd / safe
                beta = bz if zero else bn
                la[d] = ff * alpha
                lb[d] = ff * beta
                lf[d] = ff * full
    base[0] = 0.0
    for m in range(move_steps.shape[0] - 1):
        for p in range(npar):
            cur, prev = base[m + 1, p], base[m, p]
            for d in range(b):
                cur[d] = prev[d]
            for i in range(move_steps[m], move_steps[m + 1]):
                pt = parts[i, p]
                for d in range(b):
                    cur[d] = cur[d] + pt[d]
    for i in range(n):
        j = step_actor[i]
        rli, ai, thi, lmi, fci = rlag[i, lo:hi], a[i], theta[i], lam[i], FC[i]
        for d in range(b):
            rl = rli[d]
            thi[d] = ai[d] - rl
            lmi[d] = Hs[d] - rl
        for p in range(npar):
            lpp, lap = LAp[i, p], LA[i, p]
            if p == j:
                for d in range(b):
                    lpp[d] = lap[d] + fci[d]
            else:
                for d in range(b):
                    lpp[d] = lap[d]
        rj, laj, lbj, rhi, Ri = r[j, lo:hi], LA[i, j], LB[i, j], rho[i], R[i]
        for d in range(b):
            kappa = -laj[d] - fci[d]
            lb = lbj[d]
            up = -lb / kappa
            down = lb / -kappa
            rh = ((up if lb < 0 else 0.0) if kappa > 0 else
                  ((down if lb > 0 else 0.0) if kappa < 0 else (np.inf if lb > 0 else 0.0)))
            rhi[d] = np.inf if rj[d] == 0 else rh
            Ri[d] = 1.0 if kappa > 0 else 0.0
    SA[0] = 0.0
    SB[0] = 0.0
    for m in range(move_steps.shape[0] - 1):
        for p in range(npar):
            sa, sb, psa, psb = SA[m + 1, p], SB[m + 1, p], SA[m, p], SB[m, p]
            for d in range(b):
                sa[d] = psa[d]
                sb[d] = psb[d]
            for i in range(move_steps[m], move_steps[m + 1]):
                if not reversible[i]:
                    continue
                Ri, la, lb = R[i], LAp[i, p], LB[i, p]
                for d in range(b):
                    on = Ri[d] > 0.0
                    lav = la[d]
                    lbv = lb[d]
                    sa[d] = sa[d] + (lav if on else 0.0)
                    sb[d] = sb[d] + (lbv if on else 0.0)
    for c in range(s):
        tdc = td[c]
        for p in range(npar):
            rp, ed, ooc, tauc = r[p, lo:hi], exps[r_ed + c * npar + p], ootd[c, p], taud[c, p]
            for d in range(b):
                tv = tdc[d]
                e = ed[d]
                ooc[d] = 0.0 if tv >= Hs[d] else e
                tauc[d] = tv if rp[d] == 0 else e
    eh_ = exps[r_eh:r_eh + npar]
    for kk in range(k):
        slk = slag[kk, lo:hi]
        for p in range(npar):
            rp, es, eh, sa, sb = r[p, lo:hi], exps[r_es + kk * npar + p], eh_[p], salpha[kk, p], \
                sbeta[kk, p]
            for d in range(b):
                rr = rp[d]
                zero = rr == 0
                safe = 1.0 if zero else rr
                qa = es[d] / safe
                qb = eh[d] / safe
                sa[d] = -1.0 if zero else qa
                sb[d] = -(Hs[d] - slk[d]) if zero else qb
