"""The Monte Carlo kernel: from the tables of a sub-block to every aggregated number.

One entry point, :data:`run`, calls five stages named after MODEL.md, over the
sub-block's draws (innermost loops over draws, so they vectorize):

1. :func:`defections`: the compliance path (surplus) and, at every decision
   point, the PV to every party when one party defects (regular reversals as
   prefix sums, the irregular draws fixed up one by one, then the sticks);
2. :func:`cheats`: for every verified step, the path of a cheat (the later
   moves that run before detection, their reversals, the sticks), its expected
   PV, cheat margin, deterrence and required detection;
3. :func:`verdict`: margins, whether they hold (tie rule), self-enforcement and
   viability;
4. :func:`induction`: the subgame-perfect outcome by backward induction over
   the node chain, and its root cause;
5. :func:`~accord.engine.montecarlo.bottleneck.bottleneck`: the bottleneck (the
   root cause where a draw is not viable, else the tightest test).

It is compiled by numba (:mod:`accord.engine.montecarlo.jit`) or run as the same
source in Python; its helpers are in :mod:`accord.engine.montecarlo.reversals`.
Inputs and outputs span the whole block: their rows are taken as 1-D views of
the sub-block (``X[i, lo:hi]``) before each loop over draws, never indexed
``[lo + d]`` (see :mod:`~accord.engine.montecarlo.reversals`).  Compiled
without numba's runtime, the kernel allocates nothing: its scratch is carved
from the tables' work arrays (sizes in ``Tables.empty``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from accord.engine.montecarlo import jit
from accord.engine.montecarlo.bottleneck import bottleneck
from accord.engine.montecarlo.reversals import (
    at_least,
    fixup,
    reverse,
    sticks,
    tie,
    value_range,
)


@jit.entry()
def run(digest: str) -> Callable[[Any, Any, int, Any, Any], None]:
    """The kernel on draws ``lo .. lo + b`` (``b`` the tables' sub-block) into ``out``."""
    def run(st: Any, inp: Any, lo: int, tb: Any, out: Any) -> None:
        _ = digest  # numba's cache key (see jit)
        npar, b = tb.oo.shape[1:]
        n = tb.parts.shape[0]
        k = st.stick_actor.shape[0]
        work, iwork, bwork = tb.work, tb.iwork, tb.bwork
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
        o = -(-b // 8) * 8  # whole words of flags (fixup compacts them 8 at a time)
        idx, pick, box = iwork[:o], iwork[o:o + b], iwork[o + b:o + b + 2]
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
        # bounds[i] = (max theta, min lam, max rho) over the sub-block, xmin[i] = min x
        for i in range(n):
            bounds[i, 0] = value_range(tb.theta[i], box)[1]
            bounds[i, 1] = value_range(tb.lam[i], box)[0]
            bounds[i, 2] = value_range(tb.rho[i], box)[1]
            xmin[i] = value_range(inp.x[i, lo:lo + b], box)[0]
        defections(st, inp, lo, tb, out, acc, vals, imposed, later, bad, bounds, taulo, idx,
                   mask, box)
        cheats(st, inp, lo, tb, out, acc, und, vals, imposed, later, bad, bounds, xmin, taulo,
               idx, mask, code, box)
        verdict(st, lo, tb, out)
        induction(st, lo, tb, out, value, top, pick)
        bottleneck(st, lo, out, top, pick)
    return run


@jit.loop
def defections(st: Any, inp: Any, lo: int, tb: Any, out: Any, acc: Any, vals: Any,
               imposed: Any, later: Any, bad: Any, bounds: Any, taulo: Any, idx: Any,
               mask: Any, box: Any) -> None:
    """Surplus, and the PV to every party when each party defects at each point (MODEL.md §4).

    ``bad[k]`` is set where stick ``k`` is worth less than 0 to its actor at a breakdown.
    """
    nq, npar, b = tb.oo.shape
    hi = lo + b
    n = tb.parts.shape[0]
    k = st.stick_actor.shape[0]
    Hs = inp.H[lo:hi]
    comply = tb.base[nq - 1]
    step_move, step_actor, reversible = st.step_move, st.step_actor, st.reversible
    stick_actor, stick_against, stick_commit = st.stick_actor, st.stick_against, st.stick_commit
    t, rlag = inp.t, inp.rlag
    sonce, sflow, slag = inp.sonce, inp.sflow, inp.slag
    exps, a, oo, tau = tb.exps, tb.a, tb.oo, tb.tau
    LA, LB, LF, FC, base = tb.LA, tb.LB, tb.LF, tb.FC, tb.base
    salpha, sbeta, LAp, theta, lam = tb.salpha, tb.sbeta, tb.LAp, tb.theta, tb.lam
    rho, R, SA, SB = tb.rho, tb.R, tb.SA, tb.SB
    surplus, defection = out.surplus, out.defection

    for p in range(npar):
        sp, cp = surplus[p, lo:hi], comply[p]
        for d in range(b):
            sp[d] = cp[d]

    for q in range(nq):
        tlo, thi = value_range(t[q, lo:hi], box)
        for p in range(npar):
            taulo[p] = value_range(tau[q, p], box)[0]
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
                    fixup(acc, idx, mask, i, j, tq, eq, tau[q], Hs, rlag, lo, a, LA,
                                LB, LF, FC, LAp, theta, lam, rho, R)
        sticks(vals, imposed, later, tq, oo[q], tau[q], Hs, sonce, sflow, slag, lo, salpha,
                     sbeta, stick_actor, stick_commit, stick_against, -1)
        armed = st.stick_armed[q]  # after: a stick exists where its steps ran (static per q)
        for kk in range(k):
            if not armed[kk]:
                imp = imposed[kk]
                for d in range(b):
                    imp[d] = False
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
            if armed[kk]:  # non-credible only where the stick exists
                va, bk = vals[kk, stick_actor[kk]], bad[kk]
                for d in range(b):
                    bk[d] = bk[d] | (va[d] < 0.0)



@jit.loop
def cheats(st: Any, inp: Any, lo: int, tb: Any, out: Any, acc: Any, und: Any, vals: Any,
           imposed: Any, later: Any, bad: Any, bounds: Any, xmin: Any, taulo: Any, idx: Any,
           mask: Any, code: Any, box: Any) -> None:
    """Each verified step cheated on: expected PV, cheat margin, deterrence, required detection.

    Also the non-credible sticks (``bad``, from :func:`defections` and the cheat paths).
    """
    nq, npar, b = tb.oo.shape
    hi = lo + b
    n = tb.parts.shape[0]
    s = st.cheat_step.shape[0]
    k = st.stick_actor.shape[0]
    Hs = inp.H[lo:hi]
    comply = tb.base[nq - 1]
    step_actor, reversible = st.step_actor, st.reversible
    move_steps = st.move_steps
    cheat_step, cheat_move, cheat_actor = st.cheat_step, st.cheat_move, st.cheat_actor
    stick_actor, stick_against, stick_commit = st.stick_actor, st.stick_against, st.stick_commit
    x, rlag, det = inp.x, inp.rlag, inp.det
    sonce, sflow, slag = inp.sonce, inp.sflow, inp.slag
    exps, a, td, parts = tb.exps, tb.a, tb.td, tb.parts
    LA, LB, LF, FC, base, ootd, taud = tb.LA, tb.LB, tb.LF, tb.FC, tb.base, tb.ootd, tb.taud
    salpha, sbeta, LAp, theta, lam = tb.salpha, tb.sbeta, tb.LAp, tb.theta, tb.lam
    rho, R, SA, SB, expected = tb.rho, tb.R, tb.SA, tb.SB, tb.expected
    cheat_margin, deterred, required = out.cheat_margin, out.deterred, out.required
    non_credible = out.non_credible

    r_ed = tb.rows.ed
    at0 = tb.rows.at

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
        tlo, thi = value_range(tdc, box)
        for p in range(npar):
            taulo[p] = value_range(taud[c, p], box)[0]
        for i in range(n):
            if i == ns:
                continue
            if i < first:
                if reversible[i]:
                    j = step_actor[i]
                    if not (tlo >= bounds[i, 0] and thi < bounds[i, 1]
                            and taulo[j] >= bounds[i, 2]):
                        fixup(acc, idx, mask, i, j, tdc, edc, taud[c], Hs, rlag, lo,
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
                reverse(acc, code, later, i, step_actor[i], tdc, edc, taud[c], Hs,
                              rlag, lo, a, parts, LA, LB, LF, FC)
                continue
            for p in range(npar):
                accp, pp = acc[p], parts[i, p]
                for d in range(b):
                    v = accp[d]
                    w = v + pp[d]
                    accp[d] = w if later[d] else v
        sticks(vals, imposed, later, tdc, ootd[c], taud[c], Hs, sonce, sflow, slag, lo,
                     salpha, sbeta, stick_actor, stick_commit, stick_against, ic)
        for kk in range(k):
            if stick_against[kk] == ic:
                imp = imposed[kk]
                # after: the stick exists where its steps are executed at detection: the
                # moves up to the cheater's, later steps with x < td, never the cheated step
                arm0 = not (st.stick_never[kk] or st.stick_wait[kk, ns])
                for d in range(b):
                    later[d] = arm0
                for i in range(n):
                    if st.stick_wait[kk, i] and st.step_move[i] > ms:
                        xi = x[i, lo:hi]
                        for d in range(b):
                            later[d] = later[d] & (xi[d] < tdc[d])
                for d in range(b):
                    imp[d] = imp[d] & later[d]
                for p in range(npar):
                    accp, vk = acc[p], vals[kk, p]
                    for d in range(b):
                        v = vk[d]
                        accp[d] = accp[d] + (v if imp[d] else 0.0)
                va, bk = vals[kk, stick_actor[kk]], bad[kk]
                for d in range(b):
                    bk[d] = bk[d] | ((va[d] < 0.0) & later[d])
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
            dtr[d] = at_least(cc, ee)
            no_gain = uu <= cc  # exactly, as written (ties only for U - D)
            hopeless = at_least(dv, uu)
            ratio = (uu - cc) / (uu - dv)
            rq[d] = 0.0 if no_gain else (np.inf if hopeless else ratio)
    for kk in range(k):
        nc, bk = non_credible[kk, lo:hi], bad[kk]
        for d in range(b):
            nc[d] = bk[d]



@jit.loop
def verdict(st: Any, lo: int, tb: Any, out: Any) -> None:
    """Margins and whether they hold, self-enforcement and viability (MODEL.md §4).

    ``viable``: self-enforcing and every party's surplus (PV at 0 of the compliance
    path) at least 0, the tie rule against 0 (participation).
    """
    nq, npar, b = tb.oo.shape
    hi = lo + b
    s = st.cheat_step.shape[0]
    exps = tb.exps
    comply = tb.base[nq - 1]
    at0 = tb.rows.at

    defection, margin, holds = out.defection, out.margin, out.holds
    deterred = out.deterred
    self_enforcing, surplus = out.self_enforcing, out.surplus

    ok = self_enforcing[lo:hi]
    for d in range(b):
        ok[d] = True
    for q in range(nq):
        for i in range(npar):
            ex = exps[at0 + q * npar + i]
            ci, alti = comply[i], defection[q, i, i, lo:hi]
            mg, hd = margin[q, i, lo:hi], holds[q, i, lo:hi]
            for d in range(b):
                cc = ci[d]
                alt = alti[d]
                diff = cc - alt
                mg[d] = diff * ex[d]
                h = at_least(cc, alt)
                hd[d] = h
                ok[d] = ok[d] & h
    for c in range(s):
        dtr = deterred[c, lo:hi]
        for d in range(b):
            ok[d] = ok[d] & dtr[d]
    via = out.viable[lo:hi]
    for d in range(b):
        via[d] = ok[d]
    for i in range(npar):
        si = surplus[i, lo:hi]
        for d in range(b):
            via[d] = via[d] & at_least(si[d], 0.0)



@jit.loop
def induction(st: Any, lo: int, tb: Any, out: Any, value: Any, top: Any, pick: Any) -> None:
    """The subgame-perfect outcome: backward induction over the node chain (MODEL.md §4).

    ``outcome`` is the last deviation met working back (the first in play);
    ``cause`` the first one met (the root cause: every later node continues), in
    the same code.
    """
    nq, npar, b = tb.oo.shape
    hi = lo + b
    move_actor, move_cheats = st.move_actor, st.move_cheats
    expected, defection, outcome = tb.expected, out.defection, out.outcome
    comply = tb.base[nq - 1]
    for p in range(npar):
        vp, cp = value[p], comply[p]
        for d in range(b):
            vp[d] = cp[d]
    oc, cause = outcome[lo:hi], out.cause[lo:hi]
    for d in range(b):
        oc[d] = 0
        cause[d] = 0
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
                t0 = tie(v0, tp)
                t1 = tie(v1, tp)
                pick[d] = 0 if t0 else (1 if t1 else -1)
            for c in range(c0, c1):
                ec = expected[c, i]
                for d in range(b):
                    vc = ec[d]
                    tp = top[d]
                    tc = tie(vc, tp)
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
                cd = cause[d]
                cause[d] = o if (pk != 0) & (cd == 0) else cd
