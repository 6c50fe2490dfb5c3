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
    npar = r.shape[0]
    nq = t.shape[0]
    n, b = a.shape
    s = td.shape[0]
    k = slag.shape[0]
    for i in range(n):
        for d in range(b):
            a[i, d] = x[i, lo + d] + lag[i, lo + d]
    for c in range(s):
        for d in range(b):
            td[c, d] = t[cheat_move[c], lo + d] + delay[cheat_step[c], lo + d]
    row = 0
    for q in range(nq):  # et
        for p in range(npar):
            for d in range(b):
                exps[row, d] = -r[p, lo + d] * t[q, lo + d]
            row += 1
    for q in range(nq):  # at
        for p in range(npar):
            for d in range(b):
                exps[row, d] = r[p, lo + d] * t[q, lo + d]
            row += 1
    for p in range(npar):  # eh
        for d in range(b):
            rr = r[p, lo + d]
            exps[row, d] = -(1.0 if rr == 0 else rr) * H[lo + d]
        row += 1
    for i in range(n):  # ea
        for p in range(npar):
            for d in range(b):
                rr = r[p, lo + d]
                exps[row, d] = -(1.0 if rr == 0 else rr) * min(a[i, d], H[lo + d])
            row += 1
    for i in range(n):  # el
        for p in range(npar):
            for d in range(b):
                rr = r[p, lo + d]
                exps[row, d] = -(1.0 if rr == 0 else rr) * rlag[i, lo + d]
            row += 1
    for c in range(s):  # ed
        for p in range(npar):
            for d in range(b):
                exps[row, d] = -r[p, lo + d] * td[c, d]
            row += 1
    for kk in range(k):  # es
        for p in range(npar):
            for d in range(b):
                rr = r[p, lo + d]
                exps[row, d] = -(1.0 if rr == 0 else rr) * slag[kk, lo + d]
            row += 1


def _nb_factors(step_move: Any, move_steps: Any, r: Any, H: Any, t: Any, once: Any, flow: Any,
                feas: Any, cost: Any, rlag: Any, slag: Any, lo: int, exps: Any, a: Any, td: Any,
                oo: Any, tau: Any, parts: Any, LA: Any, LB: Any, LF: Any, FC: Any, base: Any,
                ootd: Any, taud: Any, salpha: Any, sbeta: Any, LAp: Any, theta: Any, lam: Any,
                rho: Any, R: Any, SA: Any, SB: Any,
                reversible: Any, step_actor: Any) -> None:  # pragma: no cover - compiled
    nq, npar, b = oo.shape
    n = parts.shape[0]
    s = ootd.shape[0]
    k = salpha.shape[0]
    r_eh = 2 * nq * npar
    r_ea = r_eh + npar
    r_el = r_ea + n * npar
    r_ed = r_el + n * npar
    r_es = r_ed + s * npar
    for q in range(nq):
        for p in range(npar):
            for d in range(b):
                et = exps[q * npar + p, d]
                tq = t[q, lo + d]
                oo[q, p, d] = 0.0 if tq >= H[lo + d] else et
                tau[q, p, d] = tq if r[p, lo + d] == 0 else et
    for i in range(n):
        mq = step_move[i]
        for d in range(b):
            FC[i, d] = feas[i, lo + d] * cost[i, lo + d]
        for p in range(npar):
            for d in range(b):
                rr = r[p, lo + d]
                zero = rr == 0
                safe = 1.0 if zero else rr
                h = H[lo + d]
                eh = exps[r_eh + p, d]
                lo_a = min(a[i, d], h)
                pv = (h - lo_a) if zero else (exps[r_ea + i * npar + p, d] - eh) / safe
                full = pv if h > lo_a else 0.0
                fl = flow[i, p, lo + d]
                parts[i, p, d] = once[i, p, lo + d] * oo[mq, p, d] + fl * full
                ff = feas[i, lo + d] * fl
                alpha = -1.0 if zero else exps[r_el + i * npar + p, d] / safe
                beta = -(h - rlag[i, lo + d]) if zero else eh / safe
                LA[i, p, d] = ff * alpha
                LB[i, p, d] = ff * beta
                LF[i, p, d] = ff * full
    for p in range(npar):
        for d in range(b):
            base[0, p, d] = 0.0
    for m in range(move_steps.shape[0] - 1):
        for p in range(npar):
            for d in range(b):
                base[m + 1, p, d] = base[m, p, d]
            for i in range(move_steps[m], move_steps[m + 1]):
                for d in range(b):
                    base[m + 1, p, d] = base[m + 1, p, d] + parts[i, p, d]
    for c in range(s):
        for p in range(npar):
            for d in range(b):
                ed = exps[r_ed + c * npar + p, d]
                tdc = td[c, d]
                ootd[c, p, d] = 0.0 if tdc >= H[lo + d] else ed
                taud[c, p, d] = tdc if r[p, lo + d] == 0 else ed
    for kk in range(k):
        for p in range(npar):
            for d in range(b):
                rr = r[p, lo + d]
                zero = rr == 0
                safe = 1.0 if zero else rr
                salpha[kk, p, d] = -1.0 if zero else exps[r_es + kk * npar + p, d] / safe
                sbeta[kk, p, d] = (-(H[lo + d] - slag[kk, lo + d]) if zero
                                   else exps[r_eh + p, d] / safe)
    for i in range(n):
        j = step_actor[i]
        for d in range(b):
            rl = rlag[i, lo + d]
            theta[i, d] = a[i, d] - rl
            lam[i, d] = H[lo + d] - rl
        for p in range(npar):
            for d in range(b):
                LAp[i, p, d] = LA[i, p, d] + FC[i, d] if p == j else LA[i, p, d]
        for d in range(b):
            kappa = -LA[i, j, d] - FC[i, d]
            lbj = LB[i, j, d]
            up = -lbj / kappa
            down = lbj / -kappa
            rh = ((up if lbj < 0 else 0.0) if kappa > 0 else
                  ((down if lbj > 0 else 0.0) if kappa < 0 else (np.inf if lbj > 0 else 0.0)))
            rho[i, d] = np.inf if r[j, lo + d] == 0 else rh
            R[i, d] = 1.0 if kappa > 0 else 0.0
    for p in range(npar):
        for d in range(b):
            SA[0, p, d] = 0.0
            SB[0, p, d] = 0.0
    for m in range(move_steps.shape[0] - 1):
        for p in range(npar):
            for d in range(b):
                SA[m + 1, p, d] = SA[m, p, d]
                SB[m + 1, p, d] = SB[m, p, d]
            for i in range(move_steps[m], move_steps[m + 1]):
                if not reversible[i]:
                    continue
                for d in range(b):
                    on = R[i, d] > 0.0
                    la = LAp[i, p, d]
                    lb = LB[i, p, d]
                    SA[m + 1, p, d] = SA[m + 1, p, d] + (la if on else 0.0)
                    SB[m + 1, p, d] = SB[m + 1, p, d] + (lb if on else 0.0)
