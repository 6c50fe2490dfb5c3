"""Filling the factored-exponential tables of a sub-block, before the kernel runs.

Two stages per sub-block of draws (entry points of :mod:`accord.engine.montecarlo.jit`):

1. :data:`exponents`: effect starts ``a``, detection times ``td`` and every
   exponent into ``Tables.exps`` (rows as in
   :class:`~accord.engine.montecarlo.tables.ExpRows`); then the caller takes
   every exponential in one numpy ``exp`` call;
2. :data:`factors`: the other tables from the exponentials (see
   :class:`~accord.engine.montecarlo.tables.Tables` for what each one is).

Inputs span the whole block: their rows are taken as 1-D views of the sub-block
(``X[i, lo:hi]``) before each loop over draws.  Indexing ``X[i, lo + d]``
instead would keep LLVM from vectorizing (numba's wraparound test on a possibly
negative index makes the address non-affine).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from accord.engine.montecarlo import jit


@jit.entry()
def exponents(digest: str) -> Callable[[Any, Any, int, Any], None]:
    """Effect starts, detection times and every exponent of draws ``lo ..`` into ``tb``."""
    def exponents(st: Any, inp: Any, lo: int, tb: Any) -> None:
        _ = digest  # numba's cache key (see jit)
        _exponents(st.cheat_step, st.cheat_move, inp.r, inp.H, inp.t, inp.x, inp.lag,
                   inp.rlag, inp.delay, inp.slag, lo, tb.rows, tb.exps, tb.a, tb.td)
    return exponents


@jit.loop
def _exponents(cheat_step: Any, cheat_move: Any, r: Any, H: Any, t: Any, x: Any, lag: Any,
               rlag: Any, delay: Any, slag: Any, lo: int, rows: Any, exps: Any, a: Any,
               td: Any) -> None:
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
    row = rows.et
    for q in range(nq):  # et
        tq = t[q, lo:hi]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                out[d] = -rp[d] * tq[d]
            row += 1
    row = rows.at
    for q in range(nq):  # at
        tq = t[q, lo:hi]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                out[d] = rp[d] * tq[d]
            row += 1
    row = rows.eh
    for p in range(npar):  # eh
        rp, out = r[p, lo:hi], exps[row]
        for d in range(b):
            rr = rp[d]
            out[d] = -(1.0 if rr == 0 else rr) * Hs[d]
        row += 1
    row = rows.ea
    for i in range(n):  # ea
        ai = a[i]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                rr = rp[d]
                out[d] = -(1.0 if rr == 0 else rr) * min(ai[d], Hs[d])
            row += 1
    row = rows.el
    for i in range(n):  # el
        rli = rlag[i, lo:hi]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                rr = rp[d]
                out[d] = -(1.0 if rr == 0 else rr) * rli[d]
            row += 1
    row = rows.ed
    for c in range(s):  # ed
        tdc = td[c]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                out[d] = -rp[d] * tdc[d]
            row += 1
    row = rows.es
    for kk in range(k):  # es
        slk = slag[kk, lo:hi]
        for p in range(npar):
            rp, out = r[p, lo:hi], exps[row]
            for d in range(b):
                rr = rp[d]
                out[d] = -(1.0 if rr == 0 else rr) * slk[d]
            row += 1


@jit.entry()
def factors(digest: str) -> Callable[[Any, Any, int, Any], None]:
    """The factor tables of draws ``lo ..`` from the exponentials in ``tb.exps``."""
    def factors(st: Any, inp: Any, lo: int, tb: Any) -> None:
        _ = digest  # numba's cache key (see jit)
        _factors(st.step_move, st.move_steps, st.reversible, st.step_actor, inp.r, inp.H,
                 inp.t, inp.once, inp.flow, inp.feas, inp.cost, inp.rlag, inp.slag, lo, tb)
    return factors


@jit.loop
def _factors(step_move: Any, move_steps: Any, reversible: Any, step_actor: Any, r: Any,
             H: Any, t: Any, once: Any, flow: Any, feas: Any, cost: Any, rlag: Any, slag: Any,
             lo: int, tb: Any) -> None:
    exps, a, td, oo, tau, parts = tb.exps, tb.a, tb.td, tb.oo, tb.tau, tb.parts
    LA, LB, LF, FC, base, ootd, taud = tb.LA, tb.LB, tb.LF, tb.FC, tb.base, tb.ootd, tb.taud
    salpha, sbeta, LAp, theta, lam = tb.salpha, tb.sbeta, tb.LAp, tb.theta, tb.lam
    rho, R, SA, SB = tb.rho, tb.R, tb.SA, tb.SB
    nq, npar, b = oo.shape
    hi = lo + b
    n = parts.shape[0]
    s = ootd.shape[0]
    k = salpha.shape[0]
    r_eh, r_ea, r_el, r_ed, r_es = tb.rows.eh, tb.rows.ea, tb.rows.el, tb.rows.ed, tb.rows.es
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
