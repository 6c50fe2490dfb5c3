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


def _nb_reverse(acc: Any, code: Any, member: Any, use_member: bool, n: int, j: int, t: Any,
                toff: int, oo: Any, tau: Any, H: Any, rlag: Any, lo: int, a: Any, LA: Any,
                LB: Any, LF: Any, FC: Any) -> None:  # pragma: no cover - compiled
    npar, b = acc.shape
    for d in range(b):
        e = t[toff + d] + rlag[n, lo + d]
        early = e < a[n, d]
        late = e >= H[lo + d]
        mid = tau[j, d] * LA[n, j, d] - LB[n, j, d]
        lf = LF[n, j, d]
        loss = lf if early else (0.0 if late else mid)
        paid = FC[n, d] * oo[j, d]
        rev = -loss - paid > 0.0
        if use_member:
            rev = rev & member[d]
        # 0: not reversed; 1: loses LF; 2: loses tau LA - LB; 3: loses nothing
        c = 1 if early else (3 if late else 2)
        code[d] = c if rev else 0
        acc[j, d] = acc[j, d] - (loss if rev else 0.0)
        acc[j, d] = acc[j, d] - (paid if rev else 0.0)
    for p in range(npar):
        if p == j:
            continue
        for d in range(b):
            c = code[d]
            mid = tau[p, d] * LA[n, p, d] - LB[n, p, d]
            lf = LF[n, p, d]
            loss = lf if c == 1 else (mid if c == 2 else 0.0)
            acc[p, d] = acc[p, d] - loss


def _nb_fixup(acc: Any, code: Any, irr: Any, n: int, j: int, t: Any, toff: int, oo: Any,
              tau: Any, H: Any, rlag: Any, lo: int, a: Any, LA: Any, LB: Any, LF: Any, FC: Any,
              LAp: Any, theta: Any, lam: Any, rho: Any, R: Any, tlo: float, thi: float,
              taulo: float, bounds: Any) -> None:  # pragma: no cover - compiled
    npar, b = acc.shape
    # bounds[n] = (max theta, min lam, max rho) over the sub-block: every draw is regular
    if tlo >= bounds[n, 0] and thi < bounds[n, 1] and taulo >= bounds[n, 2]:
        return
    some = False
    for d in range(b):
        tt = t[toff + d]
        bad = (tt < theta[n, d]) | (tt >= lam[n, d]) | (tau[j, d] < rho[n, d])
        irr[d] = bad
        some = some | bad
    if not some:
        return
    for d in range(b):
        e = t[toff + d] + rlag[n, lo + d]
        early = e < a[n, d]
        late = e >= H[lo + d]
        mid = tau[j, d] * LA[n, j, d] - LB[n, j, d]
        lf = LF[n, j, d]
        loss = lf if early else (0.0 if late else mid)
        paid = FC[n, d] * oo[j, d]
        rev = -loss - paid > 0.0
        c = 1 if early else (3 if late else 2)
        code[d] = c if rev else 0
    for p in range(npar):
        for d in range(b):
            c = code[d]
            mid = tau[p, d] * LA[n, p, d] - LB[n, p, d]
            lf = LF[n, p, d]
            loss = lf if c == 1 else (mid if c == 2 else 0.0)
            assumed = tau[p, d] * LAp[n, p, d] - LB[n, p, d]
            v = acc[p, d] + (assumed if R[n, d] > 0.0 else 0.0)
            v = v - loss
            if p == j:
                paid = FC[n, d] * oo[p, d]
                v = v - (paid if c != 0 else 0.0)
            acc[p, d] = v if irr[d] else acc[p, d]


def _nb_sticks(vals: Any, imposed: Any, t: Any, toff: int, oo: Any, tau: Any, H: Any,
               sonce: Any, sflow: Any, slag: Any, lo: int, salpha: Any, sbeta: Any,
               stick_actor: Any, stick_commit: Any, stick_against: Any,
               target: int) -> None:  # pragma: no cover - compiled
    k, npar, b = vals.shape
    for i in range(k):
        if target >= 0 and stick_against[i] != target:
            continue
        for p in range(npar):
            for d in range(b):
                mid = tau[p, d] * salpha[i, p, d] - sbeta[i, p, d]
                live = t[toff + d] + slag[i, lo + d] < H[lo + d]
                vals[i, p, d] = sonce[i, p, lo + d] * oo[p, d] + sflow[i, p, lo + d] * (
                    mid if live else 0.0)
        ja = stick_actor[i]
        com = stick_commit[i]
        for d in range(b):
            imposed[i, d] = (vals[i, ja, d] >= 0.0) | com


def _nb_kernel(step_move: Any, step_actor: Any, reversible: Any, move_steps: Any,
               cheat_step: Any, cheat_move: Any, cheat_actor: Any, move_cheats: Any,
               move_actor: Any, stick_actor: Any, stick_against: Any, stick_commit: Any,
               H: Any, t: Any, x: Any, rlag: Any, det: Any, sonce: Any, sflow: Any, slag: Any,
               lo: int, exps: Any, a: Any, td: Any, oo: Any, tau: Any, parts: Any, LA: Any,
               LB: Any, LF: Any, FC: Any, base: Any, ootd: Any, taud: Any, salpha: Any,
               sbeta: Any, LAp: Any, theta: Any, lam: Any, rho: Any, R: Any, SA: Any, SB: Any,
               surplus: Any, defection: Any, margin: Any, holds: Any,
               cheat_margin: Any, deterred: Any, required: Any, outcome: Any,
               self_enforcing: Any, bottleneck: Any, bottleneck_at: Any,
               non_credible: Any) -> None:  # pragma: no cover - compiled
    nq, npar, b = oo.shape
    n = parts.shape[0]
    s = cheat_step.shape[0]
    k = stick_actor.shape[0]
    tol = 1e-9
    at0 = nq * npar
    comply = base[nq - 1]
    for p in range(npar):
        for d in range(b):
            surplus[p, lo + d] = comply[p, d]
    acc = np.empty((npar, b))
    code = np.zeros(b, dtype=np.int8)
    vals = np.empty((k, npar, b))
    imposed = np.empty((k, b), dtype=np.bool_)
    bad = np.zeros((k, b), dtype=np.bool_)
    irr = np.zeros(b, dtype=np.bool_)
    bounds = np.empty((n, 3))
    xmin = np.empty(n)
    for i in range(n):
        th = -np.inf
        lm = np.inf
        rh = -np.inf
        xm = np.inf
        for d in range(b):
            th = max(th, theta[i, d])
            lm = min(lm, lam[i, d])
            rh = max(rh, rho[i, d])
            xm = min(xm, x[i, lo + d])
        bounds[i, 0] = th
        bounds[i, 1] = lm
        bounds[i, 2] = rh
        xmin[i] = xm
    taulo = np.empty(npar)
    for q in range(nq):
        tlo = np.inf
        thi = -np.inf
        for d in range(b):
            tlo = min(tlo, t[q, lo + d])
            thi = max(thi, t[q, lo + d])
        for p in range(npar):
            m_ = np.inf
            for d in range(b):
                m_ = min(m_, tau[q, p, d])
            taulo[p] = m_
        for p in range(npar):
            for d in range(b):
                acc[p, d] = base[q, p, d] - (tau[q, p, d] * SA[q, p, d] - SB[q, p, d])
        for i in range(n):
            if step_move[i] < q and reversible[i]:
                j = step_actor[i]
                _nb_fixup_j(acc, code, irr, i, j, t[q], lo, oo[q], tau[q], H, rlag, lo, a, LA,
                            LB, LF, FC, LAp, theta, lam, rho, R, tlo, thi, taulo[j], bounds)
        _nb_sticks_j(vals, imposed, t[q], lo, oo[q], tau[q], H, sonce, sflow, slag, lo, salpha,
                     sbeta, stick_actor, stick_commit, stick_against, -1)
        for dd in range(npar):
            for p in range(npar):
                for d in range(b):
                    defection[q, dd, p, lo + d] = acc[p, d]
            for kk in range(k):
                if stick_against[kk] == dd:
                    for p in range(npar):
                        for d in range(b):
                            v = vals[kk, p, d]
                            defection[q, dd, p, lo + d] = defection[q, dd, p, lo + d] + (
                                v if imposed[kk, d] else 0.0)
        for kk in range(k):
            ja = stick_actor[kk]
            for d in range(b):
                bad[kk, d] = bad[kk, d] | (vals[kk, ja, d] < 0.0)

    expected = np.empty((s, npar, b))
    und = np.empty((npar, b))
    later = np.empty(b, dtype=np.bool_)
    for c in range(s):
        ns = cheat_step[c]
        ms = cheat_move[c]
        ic = cheat_actor[c]
        rns = reversible[ns]
        for p in range(npar):
            for d in range(b):
                sa = SA[ms + 1, p, d]
                sb = SB[ms + 1, p, d]
                if rns:
                    on = R[ns, d] > 0.0
                    la = LAp[ns, p, d]
                    lb = LB[ns, p, d]
                    sa = sa - (la if on else 0.0)
                    sb = sb - (lb if on else 0.0)
                acc[p, d] = (base[ms + 1, p, d] - parts[ns, p, d]) - (taud[c, p, d] * sa - sb)
                und[p, d] = comply[p, d] - parts[ns, p, d]
        first = move_steps[ms + 1]
        tlo = np.inf
        thi = -np.inf
        for d in range(b):
            tlo = min(tlo, td[c, d])
            thi = max(thi, td[c, d])
        for p in range(npar):
            m_ = np.inf
            for d in range(b):
                m_ = min(m_, taud[c, p, d])
            taulo[p] = m_
        for i in range(n):
            if i == ns:
                continue
            if i < first:
                if reversible[i]:
                    j = step_actor[i]
                    _nb_fixup_j(acc, code, irr, i, j, td[c], 0, ootd[c], taud[c], H, rlag, lo, a,
                                LA, LB, LF, FC, LAp, theta, lam, rho, R, tlo, thi, taulo[j],
                                bounds)
                continue
            if xmin[i] >= thi:  # no draw runs this later step before detection
                continue
            # a step of a later move is executed where it comes before detection
            some = False
            for d in range(b):
                m = x[i, lo + d] < td[c, d]
                later[d] = m
                some = some | m
            if not some:
                continue
            for p in range(npar):
                for d in range(b):
                    v = acc[p, d]
                    acc[p, d] = v + parts[i, p, d] if later[d] else v
            if reversible[i]:
                _nb_reverse_j(acc, code, later, True, i, step_actor[i], td[c], 0, ootd[c],
                              taud[c], H, rlag, lo, a, LA, LB, LF, FC)
        _nb_sticks_j(vals, imposed, td[c], 0, ootd[c], taud[c], H, sonce, sflow, slag, lo,
                     salpha, sbeta, stick_actor, stick_commit, stick_against, ic)
        for kk in range(k):
            if stick_against[kk] == ic:
                ja = stick_actor[kk]
                for p in range(npar):
                    for d in range(b):
                        v = vals[kk, p, d]
                        acc[p, d] = acc[p, d] + (v if imposed[kk, d] else 0.0)
                for d in range(b):
                    bad[kk, d] = bad[kk, d] | (vals[kk, ja, d] < 0.0)
        for p in range(npar):
            for d in range(b):
                dt = det[ns, lo + d]
                expected[c, p, d] = dt * acc[p, d] + (1.0 - dt) * und[p, d]
        for d in range(b):
            cc = comply[ic, d]
            uu = und[ic, d]
            dv = acc[ic, d]
            ee = expected[c, ic, d]
            cheat_margin[c, lo + d] = (cc - ee) * exps[at0 + ms * npar + ic, d]
            deterred[c, lo + d] = cc - ee >= -(tol * max(1.0, max(abs(cc), abs(ee))))
            no_gain = cc - uu >= -(tol * max(1.0, max(abs(cc), abs(uu))))
            hopeless = dv - uu >= -(tol * max(1.0, max(abs(dv), abs(uu))))
            ratio = (uu - cc) / (uu - dv)
            required[c, lo + d] = 0.0 if no_gain else (np.inf if hopeless else ratio)
    for kk in range(k):
        for d in range(b):
            non_credible[kk, lo + d] = bad[kk, d] & (not stick_commit[kk])

    # margins, self-enforcement and the bottleneck, vectorized over draws
    ok = np.ones(b, dtype=np.bool_)
    best = np.full(b, np.inf)
    where = np.zeros(b, dtype=np.int64)
    for q in range(nq):
        for i in range(npar):
            row = at0 + q * npar + i
            code_qi = q * npar + i
            for d in range(b):
                cc = comply[i, d]
                alt = defection[q, i, i, lo + d]
                diff = cc - alt
                margin[q, i, lo + d] = diff * exps[row, d]
                h = diff >= -(tol * max(1.0, max(abs(cc), abs(alt))))
                holds[q, i, lo + d] = h
                ok[d] = ok[d] & h
                lower = diff < best[d]
                best[d] = diff if lower else best[d]
                where[d] = code_qi if lower else where[d]
    for c in range(s):
        ic = cheat_actor[c]
        code_c = nq * npar + c
        for d in range(b):
            ok[d] = ok[d] & deterred[c, lo + d]
            diff = comply[ic, d] - expected[c, ic, d]
            lower = diff < best[d]
            best[d] = diff if lower else best[d]
            where[d] = code_c if lower else where[d]
    for d in range(b):
        self_enforcing[lo + d] = ok[d]
        bottleneck[lo + d] = best[d]
        bottleneck_at[lo + d] = where[d]

    # backward induction over the node chain, vectorized over draws
    value = np.empty((npar, b))
    for p in range(npar):
        for d in range(b):
            value[p, d] = comply[p, d]
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
            for d in range(b):
                top[d] = max(value[i, d], defection[q, i, i, lo + d])
            for c in range(c0, c1):
                for d in range(b):
                    top[d] = max(top[d], expected[c, i, d])
            for d in range(b):
                v0 = value[i, d]
                v1 = defection[q, i, i, lo + d]
                tp = top[d]
                t0 = abs(v0 - tp) <= tol * max(1.0, max(abs(v0), abs(tp)))
                t1 = abs(v1 - tp) <= tol * max(1.0, max(abs(v1), abs(tp)))
                pick[d] = 0 if t0 else (1 if t1 else -1)
            for c in range(c0, c1):
                for d in range(b):
                    vc = expected[c, i, d]
                    tp = top[d]
                    tc = abs(vc - tp) <= tol * max(1.0, max(abs(vc), abs(tp)))
                    pick[d] = 2 + c - c0 if (pick[d] == -1) & tc else pick[d]
            brk = 1 + q * npar + i
            for p in range(npar):
                for d in range(b):
                    v = defection[q, i, p, lo + d]
                    value[p, d] = v if pick[d] == 1 else value[p, d]
            for c in range(c0, c1):
                for p in range(npar):
                    for d in range(b):
                        v = expected[c, p, d]
                        value[p, d] = v if pick[d] == 2 + c - c0 else value[p, d]
            for d in range(b):
                pk = pick[d]
                o = brk if pk == 1 else 1 + nq * npar + c0 + pk - 2
                oc[d] = oc[d] if pk == 0 else o
    for d in range(b):
        outcome[lo + d] = oc[d]


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
