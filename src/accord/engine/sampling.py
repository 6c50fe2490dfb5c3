"""Monte Carlo on the engine's arrays: sample the numbers, then a fused kernel over draws.

Three parts, all pure functions of arrays:

* :func:`draw` samples one scenario number ``n`` times from a
  ``numpy.random.Generator`` with numpy's parameter meanings
  (``uniform(low, high)``, ``triangular(left, mode, right)``,
  ``normal(loc, scale)``, ``lognormal(mean, sigma)``, ``beta(a, b)``).
* :class:`Builder` puts the sampled numbers of a scenario into
  :class:`Inputs`, the draws-last twin of :class:`~accord.engine.params.Params`
  (the same numbers, draws on the *last* axis; a test checks it against
  :func:`accord.engine.params.build`).
* :func:`evaluate` computes every number a Monte Carlo run aggregates:
  surplus, the PV of every defection path, margins, cheat margins, required
  detection, the subgame-perfect outcome, self-enforcement, the bottleneck
  margin and non-credible sticks.  These are the quantities of the reference
  engine (MODEL.md §3-4; tests check agreement to ``1e-12`` relative, with
  identical discrete results, on random draws), computed about 100x faster
  by *factoring the exponentials*.

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

Numba and the numpy fallback give the same bits
-----------------------------------------------
The kernel runs under numba when it is importable (and ``ACCORD_NUMBA`` is
not ``0``), else as numpy loops over the same operations.  Both take their
exponentials from the same numpy call and then do only IEEE ``+ - * /``,
comparisons and selects in the same order per draw, with no fused
multiply-add (numba does not contract without ``fastmath``).  The results are
bit-identical (tested), so they do not depend on whether numba is installed;
each draw is computed on its own, so they do not depend on how draws are
grouped either.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.engine.breakdown import point_times
from accord.engine.layout import Layout
from accord.engine.params import FloatArray, Params
from accord.engine.ties import TOLERANCE
from accord.model import Quantity, Scenario
from accord.model.checks import Path

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: Draws per kernel call (cache size); no number depends on it.
SUB_BLOCK = 512


# -- sampling -------------------------------------------------------------------------------


def draw(q: Quantity, gen: np.random.Generator, n: int) -> FloatArray:
    """``n`` samples of ``q`` from ``gen``; a plain value is repeated and draws nothing.

    Parameters follow ``numpy.random.Generator``: ``uniform(low, high)``,
    ``triangular(left, mode, right)``, ``normal(loc, scale)``,
    ``lognormal(mean, sigma)`` of the underlying normal, ``beta(a, b)``.

    >>> import numpy as np
    >>> from accord.model import Quantity
    >>> draw(Quantity.of(2.0), np.random.default_rng(0), 3)
    array([2., 2., 2.])
    """
    p = q.params
    if q.kind == "value":
        return np.full(n, p[0], dtype=np.float64)
    if q.kind == "uniform":
        return gen.uniform(p[0], p[1], n)
    if q.kind == "triangular":
        return gen.triangular(p[0], p[1], p[2], n)
    if q.kind == "normal":
        return gen.normal(p[0], p[1], n)
    if q.kind == "lognormal":
        return gen.lognormal(p[0], p[1], n)
    return gen.beta(p[0], p[1], n)


# -- inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """The numbers the Monte Carlo kernel reads, draws on the last axis (``B``).

    The same numbers as :class:`~accord.engine.params.Params` (time in time
    units, value in value units); steps are the scheduled steps in execution
    order, and ``t`` holds the decision point times (moves, then completion).
    """

    r: FloatArray  # (P, B) discount rate
    H: FloatArray  # (B,) horizon, inf when none
    t: FloatArray  # (Q, B) decision point times
    x: FloatArray  # (N, B) execution time
    lag: FloatArray  # (N, B)
    flow: FloatArray  # (N, P, B)
    once: FloatArray  # (N, P, B)
    rlag: FloatArray  # (N, B) reversal lag, 0 where irreversible
    cost: FloatArray  # (N, B)
    feas: FloatArray  # (N, B) reversal feasibility, 0 where irreversible
    det: FloatArray  # (N, B) detection, 0 where not verified
    delay: FloatArray  # (N, B)
    sflow: FloatArray  # (K, P, B)
    sonce: FloatArray  # (K, P, B)
    slag: FloatArray  # (K, B)

    @property
    def draws(self) -> int:
        return int(self.H.shape[0])

    @classmethod
    def of(cls, p: Params) -> Inputs:
        """The draws-last copy of engine parameters."""
        def last(a: FloatArray) -> FloatArray:
            return np.ascontiguousarray(np.moveaxis(a, 0, -1))

        return cls(r=last(p.r), H=np.ascontiguousarray(p.horizon, dtype=np.float64),
                   t=last(point_times(p)), x=last(p.x), lag=last(p.lag), flow=last(p.flow),
                   once=last(p.once), rlag=last(p.rev_lag), cost=last(p.rev_cost),
                   feas=last(p.rev_feasible), det=last(p.detection), delay=last(p.delay),
                   sflow=last(p.stick_flow), sonce=last(p.stick_once), slag=last(p.stick_lag))

    def arrays(self) -> list[FloatArray]:
        return [getattr(self, f.name) for f in fields(self)]


Values = Mapping[Path, "FloatArray | float"]

#: Inputs fields computed from the phases rather than copied from one number.
_TIME_FIELDS = ("t", "x")


class Builder:
    """Fills :class:`Inputs` from the numbers of a scenario, found by field path.

    The mapping is read off :func:`accord.engine.params.build` itself: it is
    called twice with a distinct tag for every number, and each input slot is
    found to hold one number's tag (copied from that number), or the same
    value in both calls (a constant, e.g. a default or a sampling-design
    detection), or neither.  Decision point times are recomputed from the
    phases as ``build`` does and checked against it.  When anything does not
    fit (``build`` transforms a number), :attr:`exact` is False and
    :meth:`fill` calls ``build`` for every block, which is slower but the same.
    """

    def __init__(self, s: Scenario, lay: Layout) -> None:
        from accord.engine.params import build
        from accord.model.checks import quantities

        self.scenario = s
        self.layout = lay
        self.has_horizon = s.horizon is not None
        self.phases: list[tuple[Path | None, Path]] = [
            (None if ph.start is None else ("roadmap", j, "start"), ("roadmap", j, "duration"))
            for j, ph in enumerate(s.roadmap)]
        paths = [p for p, _ in quantities(s)]
        probes: list[tuple[dict[Path, float], Inputs]] = []
        for salt in (0.3183098861837907, 0.7071067811865476):
            tag = {p: 7919.0 + 1024.0 * k + salt for k, p in enumerate(paths)}

            def value(path: Path, q: Quantity, tag: dict[Path, float] = tag) -> FloatArray:
                return np.array([tag[path]])

            probes.append((tag, Inputs.of(build(s, lay, value))))
        (tag1, x1), (tag2, x2) = probes
        back1 = {v: p for p, v in tag1.items()}
        rows: list[tuple[str, tuple[int, ...], Path]] = []
        consts: list[tuple[str, tuple[int, ...], float]] = []
        exact = True
        for f in fields(Inputs):
            if f.name in _TIME_FIELDS:
                continue
            a1, a2 = getattr(x1, f.name), getattr(x2, f.name)
            for idx in np.ndindex(a1.shape[:-1]):
                v1, v2 = float(a1[idx][0]), float(a2[idx][0])
                path = back1.get(v1)
                if path is not None and tag2[path] == v2:
                    rows.append((f.name, idx, path))
                elif v1 == v2 or (np.isnan(v1) and np.isnan(v2)):
                    consts.append((f.name, idx, v1))
                else:
                    exact = False
        for tag, xp in probes:
            mine = self._fill(tag, 1, rows, consts)
            exact = exact and all(np.array_equal(getattr(mine, k), getattr(xp, k))
                                  for k in _TIME_FIELDS)
        self.rows, self.consts, self.exact = rows, consts, exact
        self._buffers: dict[int, dict[str, FloatArray]] = {}

    @property
    def paths(self) -> list[Path]:
        """Every field path the kernel reads (capabilities and unused steps are not read)."""
        out = [row[2] for row in self.rows]
        for start, duration in self.phases:
            out += [duration] if start is None else [start, duration]
        return out

    def _fill(self, values: Values, n: int, rows: list[tuple[str, tuple[int, ...], Path]],
              consts: list[tuple[str, tuple[int, ...], float]],
              arr: dict[str, FloatArray] | None = None) -> Inputs:
        lay = self.layout
        npar, ns, k = lay.n_parties, lay.n_steps, len(lay.sticks)
        z = np.zeros
        if arr is None:
            arr = {"r": z((npar, n)), "H": z(n), "lag": z((ns, n)), "flow": z((ns, npar, n)),
                   "once": z((ns, npar, n)), "rlag": z((ns, n)), "cost": z((ns, n)),
                   "feas": z((ns, n)), "det": z((ns, n)), "delay": z((ns, n)),
                   "sflow": z((k, npar, n)), "sonce": z((k, npar, n)), "slag": z((k, n))}
            for name, idx, c in consts:
                arr[name][idx] = c
        for name, idx, path in rows:
            arr[name][idx] = values[path]
        starts = z((len(self.phases), n))
        end = z(n)
        for j, (start, duration) in enumerate(self.phases):
            starts[j] = end if start is None else values[start]
            end = starts[j] + values[duration]
        t = np.concatenate([starts[lay.move_phase], end[None]], axis=0)
        return Inputs(t=t, x=t[lay.step_move], **arr)

    def fill(self, values: Values, n: int, *, reuse: bool = False) -> Inputs:
        """Inputs for ``n`` draws; ``values[path]`` is an ``(n,)`` array or a constant.

        With ``reuse``, the arrays of the previous call with the same ``n`` are
        overwritten (the same slots are rewritten every time), which saves
        allocating them for each block.
        """
        if not self.exact:
            from accord.engine.params import build

            def value(path: Path, q: Quantity) -> FloatArray:
                return np.broadcast_to(np.asarray(values[path], dtype=np.float64), (n,))

            return Inputs.of(build(self.scenario, self.layout, value))
        arr = self._buffers.get(n) if reuse else None
        out = self._fill(values, n, self.rows, self.consts, arr)
        if reuse and arr is None:
            self._buffers = {n: {f.name: getattr(out, f.name) for f in fields(Inputs)
                                 if f.name not in _TIME_FIELDS}}
        return out


# -- structure, tables and outputs ------------------------------------------------------------


@dataclass(frozen=True)
class Structure:
    """The integer index arrays the kernel loops over (the same in every draw)."""

    step_move: IntArray  # (N,) steps are in execution order, so step_move is sorted
    step_actor: IntArray  # (N,)
    reversible: BoolArray  # (N,)
    move_steps: IntArray  # (M + 1,) steps of move m: move_steps[m]:move_steps[m + 1]
    cheat_step: IntArray  # (S,) step index of each verified step, roadmap order
    cheat_move: IntArray  # (S,)
    cheat_actor: IntArray  # (S,)
    move_cheats: IntArray  # (M + 1,) cheats of move m: move_cheats[m]:move_cheats[m + 1]
    move_actor: IntArray  # (M,)
    stick_actor: IntArray  # (K,)
    stick_against: IntArray  # (K,)
    stick_commit: BoolArray  # (K,)

    @classmethod
    def of(cls, lay: Layout) -> Structure:
        cs = np.array(lay.cheat_steps, dtype=np.int64)
        cm = lay.step_move[cs].astype(np.int64)
        moves = np.arange(lay.n_moves + 1)
        return cls(
            step_move=lay.step_move.astype(np.int64), step_actor=lay.step_actor.astype(np.int64),
            reversible=lay.reversible.astype(bool),
            move_steps=np.searchsorted(lay.step_move, moves, side="left").astype(np.int64),
            cheat_step=cs, cheat_move=cm, cheat_actor=lay.step_actor[cs].astype(np.int64),
            move_cheats=np.searchsorted(cm, moves, side="left").astype(np.int64),
            move_actor=lay.move_actor.astype(np.int64),
            stick_actor=lay.stick_actor.astype(np.int64),
            stick_against=lay.stick_against.astype(np.int64),
            stick_commit=lay.stick_commitment.astype(bool))

    def arrays(self) -> list[NDArray[Any]]:
        return [getattr(self, f.name) for f in fields(self)]


@dataclass(frozen=True)
class Tables:
    """Factors of a sub-block of ``b`` draws, contiguous, draws last.

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

    exps: FloatArray  # (E, b) every exponential, rows as in `_exp_rows`
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

    @staticmethod
    def empty(q: int, p: int, n: int, s: int, k: int, b: int) -> Tables:
        shapes = {"exps": (_n_exps(q, p, n, s, k), b), "a": (n, b), "td": (s, b),
                  "oo": (q, p, b), "tau": (q, p, b), "parts": (n, p, b), "LA": (n, p, b),
                  "LB": (n, p, b), "LF": (n, p, b), "FC": (n, b), "base": (q, p, b),
                  "ootd": (s, p, b), "taud": (s, p, b), "salpha": (k, p, b), "sbeta": (k, p, b),
                  "LAp": (n, p, b), "theta": (n, b), "lam": (n, b), "rho": (n, b), "R": (n, b),
                  "SA": (q, p, b), "SB": (q, p, b)}
        return Tables(**{name: np.empty(shape) for name, shape in shapes.items()})

    def arrays(self) -> list[FloatArray]:
        return [getattr(self, f.name) for f in fields(self)]


def _n_exps(q: int, p: int, n: int, s: int, k: int) -> int:
    return (2 * q + 2 * n + s + k + 1) * p


def _exp_rows(q: int, p: int, n: int, s: int, k: int) -> dict[str, tuple[int, int]]:
    """Row ranges of ``Tables.exps``: et, at (Q P), eh (P), ea, el (N P), ed (S P), es (K P)."""
    out: dict[str, tuple[int, int]] = {}
    lo = 0
    for name, size in (("et", q), ("at", q), ("eh", 1), ("ea", n), ("el", n), ("ed", s),
                       ("es", k)):
        out[name] = (lo, lo + size * p)
        lo += size * p
    return out


@dataclass(frozen=True)
class Draws:
    """What a Monte Carlo run aggregates, draws on the *last* axis (``B``).

    ``outcome`` codes the subgame-perfect outcome: 0 completes; ``1 + q P + i``
    party ``i`` breaks at point ``q``; ``1 + Q P + s`` the actor cheats on the
    ``s``-th verified step (``Layout.cheat_steps[s]``).  ``bottleneck`` is the
    smallest margin or cheat margin as a PV difference at time 0
    (``PV_comply - PV_alternative`` of the party concerned, value units), and
    ``bottleneck_at`` codes where: ``q P + i`` for a margin, ``Q P + s`` for a cheat.
    """

    surplus: FloatArray  # (P, B) PV at 0 of the compliance path
    defection: FloatArray  # (Q, Pdef, P, B) PV at 0 to P after Pdef defects at q
    margin: FloatArray  # (Q, P, B) value at the point's time
    holds: BoolArray  # (Q, P, B) margin >= 0 (tie rule)
    cheat_margin: FloatArray  # (S, B) value at the move's time
    deterred: BoolArray  # (S, B)
    required: FloatArray  # (S, B) required detection, inf where none deters
    outcome: IntArray  # (B,)
    self_enforcing: BoolArray  # (B,)
    bottleneck: FloatArray  # (B,)
    bottleneck_at: IntArray  # (B,)
    non_credible: BoolArray  # (K, B)

    @staticmethod
    def empty(q: int, p: int, s: int, k: int, b: int) -> Draws:
        e, f = np.empty, np.float64
        return Draws(
            surplus=e((p, b), f), defection=e((q, p, p, b), f), margin=e((q, p, b), f),
            holds=e((q, p, b), bool), cheat_margin=e((s, b), f), deterred=e((s, b), bool),
            required=e((s, b), f), outcome=e(b, np.int64), self_enforcing=e(b, bool),
            bottleneck=e(b, f), bottleneck_at=e(b, np.int64), non_credible=e((k, b), bool))

    def arrays(self) -> list[NDArray[Any]]:
        return [getattr(self, f.name) for f in fields(self)]


# -- numpy version (vectorized over draws; the same operations as the numba version) ----------


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


def _tie(x: FloatArray, y: FloatArray) -> BoolArray:
    """``|x - y| <= 1e-9 max(1, |x|, |y|)`` (MODEL.md §4 tie rule)."""
    return np.asarray(np.abs(x - y) <= TOLERANCE * np.maximum(1.0, np.maximum(np.abs(x),
                                                                               np.abs(y))))


def _at_least(x: FloatArray, y: FloatArray) -> BoolArray:
    """``x - y >= -1e-9 max(1, |x|, |y|)`` (a margin tested against 0)."""
    return np.asarray(x - y >= -(TOLERANCE * np.maximum(1.0, np.maximum(np.abs(x),
                                                                          np.abs(y)))))


def _np_reverse(acc: FloatArray, n: int, j: int, member: BoolArray | None, t: FloatArray,
                oo: FloatArray, tau: FloatArray, x: Inputs, lo: int, tb: Tables) -> None:
    """Subtract what reversing executed step ``n`` (actor ``j``) at time ``t`` costs, if done."""
    sl = slice(lo, lo + acc.shape[1])
    e = t + x.rlag[n, sl]
    early = e < tb.a[n]
    late = e >= x.H[sl]
    loss = np.where(early, tb.LF[n], np.where(late, 0.0, tau * tb.LA[n] - tb.LB[n]))
    paid = tb.FC[n] * oo[j]
    rev = -loss[j] - paid > 0.0
    if member is not None:
        rev &= member
    acc -= np.where(rev, loss, 0.0)
    acc[j] -= np.where(rev, paid, 0.0)


def _np_fixup(acc: FloatArray, n: int, j: int, t: FloatArray, oo: FloatArray, tau: FloatArray,
              x: Inputs, lo: int, tb: Tables) -> None:
    """Replace the regular-case change of step ``n`` by the exact one where it is not regular."""
    sl = slice(lo, lo + acc.shape[1])
    irr = (t < tb.theta[n]) | (t >= tb.lam[n]) | (tau[j] < tb.rho[n])
    e = t + x.rlag[n, sl]
    early = e < tb.a[n]
    late = e >= x.H[sl]
    loss = np.where(early, tb.LF[n], np.where(late, 0.0, tau * tb.LA[n] - tb.LB[n]))
    paid = tb.FC[n] * oo[j]
    rev = -loss[j] - paid > 0.0
    assumed = np.where(tb.R[n] > 0.0, tau * tb.LAp[n] - tb.LB[n], 0.0)
    v = acc + assumed
    v = v - np.where(rev, loss, 0.0)
    v[j] = v[j] - np.where(rev, paid, 0.0)
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
    comply = tb.base[nq - 1]
    out.surplus[:, sl] = comply
    bad = np.zeros((k, b), dtype=bool)
    for q in range(nq):
        acc = tb.base[q] - (tb.tau[q] * tb.SA[q] - tb.SB[q])
        for i in range(n):
            if st.step_move[i] < q and st.reversible[i]:
                _np_fixup(acc, i, int(st.step_actor[i]), x.t[q, sl], tb.oo[q], tb.tau[q], x,
                          lo, tb)
        vals, imposed = _np_sticks(st, x, lo, tb, x.t[q, sl], tb.oo[q], tb.tau[q])
        for dd in range(npar):
            row = acc.copy()
            for kk in range(k):
                if st.stick_against[kk] == dd:
                    row += np.where(imposed[kk], vals[kk], 0.0)
            out.defection[q, dd, :, sl] = row
        for kk in range(k):
            bad[kk] |= vals[kk, st.stick_actor[kk]] < 0.0

    expected = np.empty((s, npar, b))
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
        for i in range(n):
            if i == ns:
                continue
            j = int(st.step_actor[i])
            if i < first:
                if st.reversible[i]:
                    _np_fixup(acc, i, j, tb.td[c], tb.ootd[c], tb.taud[c], x, lo, tb)
                continue
            member = x.x[i, sl] < tb.td[c]  # a later move's step runs if it precedes detection
            acc = np.where(member, acc + tb.parts[i], acc)
            if st.reversible[i]:
                _np_reverse(acc, i, j, member, tb.td[c], tb.ootd[c], tb.taud[c], x, lo, tb)
        vals, imposed = _np_sticks(st, x, lo, tb, tb.td[c], tb.ootd[c], tb.taud[c])
        for kk in range(k):
            if st.stick_against[kk] == ic:
                acc += np.where(imposed[kk], vals[kk], 0.0)
                bad[kk] |= vals[kk, st.stick_actor[kk]] < 0.0
        det = x.det[ns, sl]
        expected[c] = det * acc + (1.0 - det) * und
        cc, uu, dv, ee = comply[ic], und[ic], acc[ic], expected[c, ic]
        out.cheat_margin[c, sl] = (cc - ee) * tb.exps[at0 + ms * npar + ic]
        out.deterred[c, sl] = _at_least(cc, ee)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = (uu - cc) / (uu - dv)
        out.required[c, sl] = np.where(_at_least(cc, uu), 0.0,
                                       np.where(_at_least(dv, uu), np.inf, ratio))
    out.non_credible[:, sl] = bad & ~st.stick_commit[:, None]

    ok = np.ones(b, dtype=bool)
    best = np.full(b, np.inf)
    where = np.zeros(b, dtype=np.int64)
    for q in range(nq):
        for i in range(npar):
            alt = out.defection[q, i, i, sl]
            out.margin[q, i, sl] = (comply[i] - alt) * tb.exps[at0 + q * npar + i]
            h = _at_least(comply[i], alt)
            out.holds[q, i, sl] = h
            ok &= h
            diff = comply[i] - alt
            lower = diff < best
            best = np.where(lower, diff, best)
            where = np.where(lower, q * npar + i, where)
    for c in range(s):
        ic = int(st.cheat_actor[c])
        ok &= out.deterred[c, sl]
        diff = comply[ic] - expected[c, ic]
        lower = diff < best
        best = np.where(lower, diff, best)
        where = np.where(lower, nq * npar + c, where)
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
            pick = np.argmax(_tie(mine, top[None]), axis=0)
            value = stacked[pick, :, cols].T.copy()
            code = np.where(pick > 0, np.asarray(codes, dtype=np.int64)[pick], code)
    out.outcome[sl] = code


# -- numba version (the same operations as loops over draws; see the module doc) ------------


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


def numba_enabled() -> bool:
    """True when the numba kernel runs (numba importable and ``ACCORD_NUMBA`` is not ``0``)."""
    if os.environ.get("ACCORD_NUMBA", "1").strip().lower() in ("0", "false", "no", "off"):
        return False
    return _compiled() is not None


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


# -- entry points -------------------------------------------------------------------------------


def _backend(backend: str) -> tuple[Callable[..., None], ...] | None:
    if backend == "numpy":
        return None
    if backend == "auto":
        return _compiled() if numba_enabled() else None
    if backend == "numba":
        fns = _compiled()
        if fns is None:
            raise RuntimeError("backend='numba' but numba is not installed")
        return fns
    raise ValueError(f"unknown backend {backend!r}; use auto, numba or numpy")


def evaluate_inputs(st: Structure, x: Inputs, *, backend: str = "auto",
                    sub_block: int = SUB_BLOCK, out: Draws | None = None) -> Draws:
    """Every aggregated Monte Carlo number for the draws of ``x`` (draws last).

    ``backend``: ``"auto"`` (numba when available), ``"numba"`` or ``"numpy"``;
    both give bit-identical results.  Draws are taken ``sub_block`` at a time
    (cache size; no number depends on it).  ``out`` may be a preallocated result.
    """
    fns = _backend(backend)
    nd = x.draws
    nq, npar = x.t.shape[0], x.r.shape[0]
    n, s, k = x.x.shape[0], len(st.cheat_step), x.slag.shape[0]
    if out is None:
        out = Draws.empty(nq, npar, s, k, nd)
    rows = _exp_rows(nq, npar, n, s, k)
    tables: dict[int, Tables] = {}
    for lo in range(0, nd, sub_block):
        hi = min(nd, lo + sub_block)
        if hi - lo not in tables:
            tables[hi - lo] = Tables.empty(nq, npar, n, s, k, hi - lo)
        tb = tables[hi - lo]
        if fns is None:
            _np_args(st, x, lo, hi, tb, rows)
        else:
            fns[0](st.cheat_step, st.cheat_move, x.r, x.H, x.t, x.x, x.lag, x.rlag, x.delay,
                   x.slag, lo, tb.exps, tb.a, tb.td)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            np.exp(tb.exps, out=tb.exps)
        if fns is None:
            _np_factors(st, x, lo, tb, rows)
            _np_kernel(st, x, lo, tb, out)
        else:
            fns[1](st.step_move, st.move_steps, x.r, x.H, x.t, x.once, x.flow, x.feas, x.cost,
                   x.rlag, x.slag, lo, *tb.arrays(), st.reversible, st.step_actor)
            fns[2](*st.arrays(), x.H, x.t, x.x, x.rlag, x.det, x.sonce, x.sflow, x.slag, lo,
                   *tb.arrays(), *out.arrays())
    return out


def evaluate(lay: Layout, p: Params, *, backend: str = "auto",
             sub_block: int = SUB_BLOCK) -> Draws:
    """:func:`evaluate_inputs` on engine parameters (see there)."""
    return evaluate_inputs(Structure.of(lay), Inputs.of(p), backend=backend, sub_block=sub_block)
