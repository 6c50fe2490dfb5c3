"""The Monte Carlo kernel as numpy loops over the structure, vectorized over draws.

From the tables of a sub-block (:mod:`accord.engine.montecarlo.tables`) to its
outputs (:class:`~accord.engine.montecarlo.draws.Draws`): the defection paths
at every decision point (regular reversals as prefix sums, the others fixed up
one by one), the cheats, margins, self-enforcement, the bottleneck and the
subgame-perfect outcome by backward induction.  The same operations, in the
same order per draw, as :mod:`accord.engine.montecarlo.kernel_numba`, so the
two give the same bits (see :mod:`accord.engine.montecarlo.evaluation`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from accord.engine.montecarlo.draws import Draws
from accord.engine.montecarlo.inputs import Inputs, Structure
from accord.engine.montecarlo.tables import Tables
from accord.engine.params import FloatArray
from accord.engine.ties import at_least, equal

BoolArray = NDArray[np.bool_]


def _np_reverse(acc: FloatArray, n: int, j: int, member: BoolArray | None, t: FloatArray,
                ee: FloatArray, tau: FloatArray, x: Inputs, lo: int, tb: Tables) -> None:
    """Subtract what reversing executed step ``n`` (actor ``j``) at time ``t`` costs, if done.

    ``ee`` is ``E(t) = exp(-r t)`` per party, not cut at the horizon: the reversal
    cost in the decision ``G``; the payment itself is a one-off at ``t`` (0 if ``t >= H``).
    """
    sl = slice(lo, lo + acc.shape[1])
    e, h = t + x.rlag[n, sl], x.H[sl]
    early = e < tb.a[n]
    late = e >= h
    loss = np.where(early, tb.LF[n], np.where(late, 0.0, tau * tb.LA[n] - tb.LB[n]))
    paid = tb.FC[n] * ee[j]
    rev = -loss[j] - paid > 0.0
    if member is not None:
        rev &= member
    acc -= np.where(rev, loss, 0.0)
    acc[j] -= np.where(rev & (t < h), paid, 0.0)


def _np_fixup(acc: FloatArray, n: int, j: int, t: FloatArray, ee: FloatArray, tau: FloatArray,
              x: Inputs, lo: int, tb: Tables) -> None:
    """Replace the regular-case change of step ``n`` by the exact one where it is not regular."""
    sl = slice(lo, lo + acc.shape[1])
    irr = (t < tb.theta[n]) | (t >= tb.lam[n]) | (tau[j] < tb.rho[n])
    e, h = t + x.rlag[n, sl], x.H[sl]
    early = e < tb.a[n]
    late = e >= h
    loss = np.where(early, tb.LF[n], np.where(late, 0.0, tau * tb.LA[n] - tb.LB[n]))
    paid = tb.FC[n] * ee[j]
    rev = -loss[j] - paid > 0.0
    assumed = np.where(tb.R[n] > 0.0, tau * tb.LAp[n] - tb.LB[n], 0.0)
    v = acc + assumed
    v = v - np.where(rev, loss, 0.0)
    v[j] = v[j] - np.where(rev & (t < h), paid, 0.0)  # a one-off: 0 from the horizon
    acc[...] = np.where(irr, v, acc)


def _np_sticks(st: Structure, x: Inputs, lo: int, tb: Tables, t: FloatArray, oo: FloatArray,
               tau: FloatArray) -> tuple[FloatArray, BoolArray]:
    """Stick PVs ``(K, P, b)`` at breakdown time ``t`` and whether each is imposed ``(K, b)``."""
    k = len(st.stick_actor)
    b = oo.shape[1]
    sl = slice(lo, lo + b)
    vals = np.empty((k, *oo.shape))
    imposed = np.empty((k, b), dtype=bool)
    for i in range(k):
        live = t + x.slag[i, sl] < x.H[sl]
        vals[i] = x.sonce[i, :, sl] * oo + x.sflow[i, :, sl] * np.where(
            live, tau * tb.salpha[i] - tb.sbeta[i], 0.0)
        imposed[i] = (vals[i, st.stick_actor[i]] >= 0.0) | st.stick_commit[i]
    return vals, imposed


def _np_kernel(st: Structure, x: Inputs, lo: int, tb: Tables, out: Draws) -> None:
    """The kernel as numpy loops over the structure, vectorized over draws."""
    nq, npar, b = tb.oo.shape
    sl = slice(lo, lo + b)
    n = tb.parts.shape[0]
    s = len(st.cheat_step)
    k = len(st.stick_actor)
    at0 = nq * npar  # first row of exp(r t) in tb.exps
    r_ed = (2 * nq + 1 + 2 * n) * npar  # first row of exp(-r td) in tb.exps
    comply = tb.base[nq - 1]
    out.surplus[:, sl] = comply
    bad = np.zeros((k, b), dtype=bool)
    for q in range(nq):
        acc = tb.base[q] - (tb.tau[q] * tb.SA[q] - tb.SB[q])
        for i in range(n):
            if st.step_move[i] < q and st.reversible[i]:
                _np_fixup(acc, i, int(st.step_actor[i]), x.t[q, sl],
                          tb.exps[q * npar:(q + 1) * npar], tb.tau[q], x, lo, tb)
        vals, imposed = _np_sticks(st, x, lo, tb, x.t[q, sl], tb.oo[q], tb.tau[q])
        for dd in range(npar):
            row = acc.copy()
            for kk in range(k):
                if st.stick_against[kk] == dd:
                    row += np.where(imposed[kk], vals[kk], 0.0)
            out.defection[q, dd, :, sl] = row
        for kk in range(k):
            bad[kk] |= vals[kk, st.stick_actor[kk]] < 0.0

    expected = tb.expected
    for c in range(s):
        ns, ms, ic = int(st.cheat_step[c]), int(st.cheat_move[c]), int(st.cheat_actor[c])
        sa, sb = tb.SA[ms + 1], tb.SB[ms + 1]
        if st.reversible[ns]:
            rr = tb.R[ns] > 0.0
            sa = sa - np.where(rr, tb.LAp[ns], 0.0)
            sb = sb - np.where(rr, tb.LB[ns], 0.0)
        acc = (tb.base[ms + 1] - tb.parts[ns]) - (tb.taud[c] * sa - sb)
        und = comply - tb.parts[ns]
        first = int(st.move_steps[ms + 1])
        edc = tb.exps[r_ed + c * npar:r_ed + (c + 1) * npar]  # E(td), uncut
        for i in range(n):
            if i == ns:
                continue
            j = int(st.step_actor[i])
            if i < first:
                if st.reversible[i]:
                    _np_fixup(acc, i, j, tb.td[c], edc, tb.taud[c], x, lo, tb)
                continue
            member = x.x[i, sl] < tb.td[c]  # a later move's step runs if it precedes detection
            acc = np.where(member, acc + tb.parts[i], acc)
            if st.reversible[i]:
                _np_reverse(acc, i, j, member, tb.td[c], edc, tb.taud[c], x, lo, tb)
        vals, imposed = _np_sticks(st, x, lo, tb, tb.td[c], tb.ootd[c], tb.taud[c])
        for kk in range(k):
            if st.stick_against[kk] == ic:
                acc += np.where(imposed[kk], vals[kk], 0.0)
                bad[kk] |= vals[kk, st.stick_actor[kk]] < 0.0
        det = x.det[ns, sl]
        expected[c] = det * acc + (1.0 - det) * und
        cc, uu, dv, ee = comply[ic], und[ic], acc[ic], expected[c, ic]
        out.cheat_margin[c, sl] = (cc - ee) * tb.exps[at0 + ms * npar + ic]
        out.deterred[c, sl] = at_least(cc, ee)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = (uu - cc) / (uu - dv)
        out.required[c, sl] = np.where(uu <= cc, 0.0,  # U <= C exactly, as written
                                       np.where(at_least(dv, uu), np.inf, ratio))
    out.non_credible[:, sl] = bad

    ok = np.ones(b, dtype=bool)
    best = np.full(b, np.inf)
    for q in range(nq):
        for i in range(npar):
            alt = out.defection[q, i, i, sl]
            out.margin[q, i, sl] = (comply[i] - alt) * tb.exps[at0 + q * npar + i]
            h = at_least(comply[i], alt)
            out.holds[q, i, sl] = h
            ok &= h
            diff = comply[i] - alt
            best = np.where(diff < best, diff, best)
    for c in range(s):
        ic = int(st.cheat_actor[c])
        ok &= out.deterred[c, sl]
        diff = comply[ic] - expected[c, ic]
        best = np.where(diff < best, diff, best)
    # the first test that ties with the smallest (tie rule): see the numba kernel
    where = np.full(b, -1, dtype=np.int64)
    tests = [(q * npar + i, comply[i] - out.defection[q, i, i, sl])
             for q in range(nq) for i in range(npar)]
    tests += [(nq * npar + c, comply[int(st.cheat_actor[c])] - expected[c, int(st.cheat_actor[c])])
              for c in range(s)]
    for code_t, diff in tests:
        where = np.where((where < 0) & equal(diff, best), code_t, where)
    where = np.where(where < 0, 0, where)
    out.self_enforcing[sl] = ok
    out.bottleneck[sl] = best
    out.bottleneck_at[sl] = where

    value = comply.copy()
    code = np.zeros(b, dtype=np.int64)
    cols = np.arange(b)
    for q in range(nq - 1, -1, -1):
        for i in range(npar - 1, -1, -1):
            opts = [value, out.defection[q, i, :, sl]]
            codes = [0, 1 + q * npar + i]
            if q < nq - 1 and st.move_actor[q] == i:
                for c in range(int(st.move_cheats[q]), int(st.move_cheats[q + 1])):
                    opts.append(expected[c])
                    codes.append(1 + nq * npar + c)
            stacked = np.stack(opts)  # (O, P, b)
            mine = stacked[:, i]
            top = mine.max(axis=0)
            pick = np.argmax(equal(mine, top[None]), axis=0)
            value = stacked[pick, :, cols].T.copy()
            code = np.where(pick > 0, np.asarray(codes, dtype=np.int64)[pick], code)
    out.outcome[sl] = code
