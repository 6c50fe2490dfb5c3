"""The fused Monte Carlo kernel (accord.engine.montecarlo) against the reference engine.

The kernel factors the exponentials (``exp(-r (t + L)) = exp(-r t) exp(-r L)``) and
sums in a different order, so its PVs agree with the engine's to rounding
(``1e-9`` relative here, the contract's precision; typically ``1e-14``), and
every discrete result (margins holding, deterrence, outcome, self-enforcement,
non-credible sticks) is identical.  The kernel compiled by numba and the same source
run as plain Python are bit-identical (on every run: numba is a dependency).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import accord
from accord.engine import Layout, analyze, build
from accord.engine.bottleneck import bottleneck
from accord.engine.montecarlo.draws import Draws
from accord.engine.montecarlo.evaluation import evaluate, evaluate_inputs
from accord.engine.montecarlo.inputs import Builder, Inputs, Structure
from accord.simulation.sampler import Model, generator
from tests.simulation.conftest import FIXED, RICH
from tests.strategies import scenarios

REL = 1e-9
WORKED = Path(__file__).parent.parent / "engine" / "data" / "worked-example.yaml"

EDGES = {
    "zero-and-negative-rates": """
accord: 1
title: zero rate
horizon: {uniform: [8, 12]}
parties:
  - {id: A, discount_rate: 0}
  - {id: B, discount_rate: {uniform: [-0.02, 0.05]}}
steps:
  - {id: s, actor: A, lag: 1, flow: {A: -1, B: 2}, reversal: {lag: {uniform: [0, 4]}, cost: 0.5},
     verification: {detection: 0.5, delay: 1}}
  - {id: t, actor: B, flow: {A: 1.5, B: -0.5}, reversal: {lag: 2}}
roadmap:
  - {phase: P, duration: 3, moves: [[s], [t]]}
  - {phase: Q, duration: {uniform: [1, 9]}, moves: []}
sticks: [{id: k, actor: B, against: A, flow: {A: -1, B: -0.1}, lag: {uniform: [0, 12]}}]
""",
    "negative-reversal-cost-after-the-horizon": """
accord: 1
title: a reversal that pays, decided after the horizon (decided on E(t0) uncut, paid as a one-off)
horizon: {uniform: [0.3, 1.5]}
parties: [{id: A, discount_rate: {uniform: [0, 0.2]}}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s, actor: A, flow: {A: 1.0, B: -0.2}, reversal: {lag: 0, cost: {uniform: [-0.6, 0.2]}},
     verification: {detection: 0.5, delay: {uniform: [0, 2]}}}
  - {id: t, actor: B, flow: {A: 0.3}, reversal: {lag: 0.2, cost: -0.1}}
roadmap: [{phase: one, duration: 1, moves: [[s], [t]]}, {phase: two, duration: 1, moves: []}]
""",
    "tiny-gain-from-cheating": """
accord: 1
title: U - C = e^-27 > 0 is a gain (U <= C is tested exactly); U == D ties
parties: [{id: A, discount_rate: 1.0}, {id: B, discount_rate: 0.1}]
steps:
  - {id: w, actor: A, flow: {A: -1}, reversal: {lag: 0}}
  - {id: a, actor: A, lag: 27, flow: {A: -1, B: 1}, verification: {detection: 0.5}}
  - {id: z, actor: B, flow: {B: 1}, verification: {detection: {uniform: [0, 1]}, delay: 2}}
roadmap: [{phase: one, duration: 1, moves: [[w], [a], [z]]}]
""",
    "moves-after-the-horizon": """
accord: 1
title: late
horizon: 4
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.2}]
steps:
  - {id: s, actor: A, flow: {A: -1, B: 2}, once: {A: 0.5}, reversal: {lag: {uniform: [0, 6]}},
     verification: {detection: {uniform: [0, 1]}, delay: {uniform: [0, 5]}}}
  - {id: t, actor: B, flow: {A: 2, B: -1}, once: {B: -0.5}, reversal: {lag: 1, cost: 1}}
  - {id: u, actor: A, lag: 1, flow: {A: -1, B: 1}, verification: {detection: 0.9}}
roadmap:
  - {phase: P, duration: {uniform: [1, 3]}, moves: [[s], [t]]}
  - {phase: Q, duration: 2, moves: [[u]]}
sticks:
  - {id: k, actor: B, against: A, flow: {A: -3}, once: {B: {uniform: [-1, 1]}}, lag: 0.5}
  - {id: m, actor: A, against: B, flow: {B: -1, A: -0.01}, commitment: true}
""",
    # after: (MODEL.md §2, §4). snap waits for t, granted at the end of phase P (random):
    # at a detected cheat on s it exists in the draws where t ran before detection
    # (x_t < td); own waits for s, so it never exists when s is the step cheated on;
    # never waits for a step outside the road map; m waits for u (the last move).
    "after-waits-for-relief": """
accord: 1
title: sticks that wait for the steps that carry them
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: {uniform: [0.02, 0.2]}}]
steps:
  - {id: s, actor: A, flow: {A: -1, B: 2}, reversal: {lag: {uniform: [0, 3]}},
     verification: {detection: {uniform: [0.2, 0.9]}, delay: {uniform: [0, 3]}}}
  - {id: t, actor: B, flow: {A: 1.5, B: -0.5}, reversal: {lag: 0.5}}
  - {id: u, actor: A, flow: {A: -0.5, B: 1}, verification: {detection: 0.6, delay: 0.5}}
  - {id: spare, actor: B, flow: {A: 1}}
roadmap:
  - {phase: P, duration: {uniform: [0.5, 2]}, moves: [[s]]}
  - {phase: Q, duration: 1, moves: [[t], [u]]}
sticks:
  - {id: snap, actor: B, against: A, flow: {A: -2, B: {uniform: [-0.2, 0.1]}}, lag: 0.2,
     after: [t]}
  - {id: own, actor: B, against: A, flow: {A: -1, B: -0.05}, after: [s]}
  - {id: never, actor: A, against: B, flow: {B: -1}, after: [spare], commitment: true}
  - {id: m, actor: A, against: B, flow: {B: -1, A: {uniform: [-0.1, 0.05]}}, after: [u],
     commitment: true}
""",
}


def _code(sol: object, lay: Layout, o: object = None) -> np.ndarray:
    """The kernel's code of the engine's outcome (or of ``o``, its root cause)."""
    o = sol.outcome if o is None else o  # type: ignore[attr-defined]
    q, p = lay.n_points, lay.n_parties
    code = np.where(o.kind == 0, 0, 1 + o.point * p + o.party)
    cs = list(lay.cheat_steps)
    for d in np.flatnonzero(o.kind == 2):
        code[d] = 1 + q * p + cs.index(int(o.step[d]))
    return code


def _close(x: np.ndarray, y: np.ndarray) -> None:
    """``|x - y| <= 1e-9 max(1, |x|, |y|)`` elementwise (inf where both are inf)."""
    fin = np.isfinite(y)
    assert np.array_equal(np.isfinite(x), fin)
    a, b = x[fin], y[fin]
    assert np.all(np.abs(a - b) <= REL * np.maximum(1, np.maximum(np.abs(a), np.abs(b))))


def _same_bottleneck(d: Draws, sol: object, lay: Layout) -> None:
    """The kernel's root cause and bottleneck are the engine's (:mod:`accord.engine.bottleneck`):
    the same test in every draw, its value to 1e-9."""
    b = bottleneck(sol)  # type: ignore[arg-type]
    assert np.array_equal(d.cause, _code(sol, lay, sol.outcome.cause))  # type: ignore[attr-defined]
    assert np.array_equal(d.bottleneck_at, b.code)
    _close(d.bottleneck, b.value)


def _same(a: Draws, b: Draws) -> None:
    """Every array of ``a`` and ``b`` has the same bytes."""
    for x, y in zip(a.arrays(), b.arrays(), strict=True):
        assert x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()


def _head(x: Inputs, n: int) -> Inputs:
    """The first ``n`` draws of ``x`` (so that the plain-Python run stays quick)."""
    return Inputs(*(np.ascontiguousarray(a[..., :n]) for a in x))


def _head_draws(d: Draws, n: int) -> Draws:
    return Draws(*(np.ascontiguousarray(a[..., :n]) for a in d))


def check_against_engine(s: accord.Scenario, draws: int, seed: int) -> Draws:
    """Kernel == engine on ``draws`` sampled draws; compiled == plain Python bit for bit."""
    model = Model(s)
    lay = model.layout
    values = model.sample(generator(seed, 0), draws)
    p = build(s, lay, lambda path, q: np.broadcast_to(np.asarray(values[path], float),
                                                      (draws,)).copy())
    sol = analyze(lay, p)
    x = model.inputs(values, draws)
    ref = Inputs.of(p)
    for name, a, b in zip(("r", "H", "t", "x"), x.arrays(), ref.arrays(), strict=False):
        assert np.array_equal(a, b), name
    assert all(np.array_equal(a, b) for a, b in zip(x.arrays(), ref.arrays(), strict=True))
    st = Structure.of(lay)
    fast = evaluate_inputs(st, x, backend="numba")
    py = evaluate_inputs(st, _head(x, 150), backend="python",
                         sub_block=37)
    _same(py, _head_draws(fast, 150))
    last = np.moveaxis
    _close(last(fast.surplus, -1, 0), sol.surplus)
    _close(last(fast.defection, -1, 0), sol.breakdowns.values)
    _close(last(fast.margin, -1, 0), sol.margins)
    _close(fast.cheat_margin.T, sol.cheats.margin)
    _close(fast.required.T, sol.cheats.required)
    assert np.array_equal(last(fast.holds, -1, 0), sol.margin_ok)
    assert np.array_equal(fast.deterred.T, sol.cheats.deterred)
    assert np.array_equal(fast.self_enforcing, sol.self_enforcing)
    assert np.array_equal(fast.viable, sol.viable)
    assert np.array_equal(fast.non_credible.T, sol.non_credible)
    assert np.array_equal(fast.outcome, _code(sol, lay))
    _same_bottleneck(fast, sol, lay)
    return fast


@pytest.mark.parametrize("text", [pytest.param(RICH, id="rich"), pytest.param(FIXED, id="fixed"),
                                  *(pytest.param(t, id=k) for k, t in EDGES.items())])
def test_kernel_matches_engine(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = accord.load_text(text)
    d = check_against_engine(s, 3000, seed=7)
    assert d.surplus.shape[-1] == 3000


def test_worked_example_at_means_and_sampled() -> None:
    s = accord.load(WORKED)
    lay = Layout.of(s)
    sol = analyze(lay, build(s, lay))
    d = evaluate(lay, build(s, lay))
    assert float(d.margin[4, 0, 0]) == pytest.approx(float(sol.margins[0, 4, 0]), rel=1e-13)
    check_against_engine(s, 2000, seed=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(zero_rates=True, time_grid=None, after=True))
def test_random_scenarios_at_their_means(s: accord.Scenario) -> None:
    """Property: on any valid scenario, one draw at the means agrees with the engine."""
    lay = Layout.of(s)
    p = build(s, lay)
    sol = analyze(lay, p)
    d = evaluate(lay, p, backend="python")
    _same(d, evaluate(lay, p, backend="numba"))
    assert np.array_equal(d.self_enforcing, sol.self_enforcing)
    assert np.array_equal(d.viable, sol.viable)
    assert np.array_equal(d.outcome, _code(sol, lay))
    _same_bottleneck(d, sol, lay)
    _close(np.moveaxis(d.defection, -1, 0), sol.breakdowns.values)
    _close(np.moveaxis(d.margin, -1, 0), sol.margins)


def test_builder_reads_the_mapping_off_build(rich: accord.Scenario) -> None:
    b = Builder(rich, Layout.of(rich))
    assert b.exact
    names = {row[2] for row in b.rows}
    assert ("steps", 0, "flow", "A") in names and ("horizon",) in names
    assert not any(p[0] == "capabilities" for p in b.paths)
    assert ("steps", 5, "flow", "C") not in b.paths  # the unused step


@pytest.mark.parametrize("text", [pytest.param(RICH, id="rich"),
                                  *(pytest.param(t, id=k) for k, t in EDGES.items())])
def test_numba_bits_do_not_depend_on_sub_blocks(text: str) -> None:
    """The kernel's shortcuts (sub-block bounds, compacted irregular draws, reused
    tables) give the same bits for any grouping of the draws, compiled or not."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = accord.load_text(text)
    model = Model(s)
    x = model.inputs(model.sample(generator(11, 0), 700), 700)
    ref = evaluate_inputs(model.structure, x, backend="numba", sub_block=100)
    _same(evaluate_inputs(model.structure, _head(x, 70), backend="python", sub_block=9),
          _head_draws(ref, 70))
    for sb in (1, 5, 64, 512, 700):
        _same(evaluate_inputs(model.structure, x, backend="numba", sub_block=sb), ref)
    _same(evaluate_inputs(model.structure, x, backend="numba"), ref)  # tables reused


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(zero_rates=True, time_grid=None, after=True))
def test_random_scenarios_compiled_equals_plain_python(s: accord.Scenario) -> None:
    """Property: on any valid scenario and sampled draws, the compiled kernel and its
    source run as plain Python give the same bits."""
    model = Model(s)
    x = model.inputs(model.sample(generator(5, 0), 40), 40)
    _same(evaluate_inputs(model.structure, x, backend="numba", sub_block=16),
          evaluate_inputs(model.structure, x, backend="python", sub_block=40))


def test_numba_row_range_is_exact() -> None:
    """The kernel's integer-key min/max of a row equals numpy's, signs and infinities included
    (compiled and as plain Python)."""
    from accord.engine.montecarlo.jit import plain
    from accord.engine.montecarlo.reversals import value_range

    rng = np.random.default_rng(3)
    box = np.empty(2, dtype=np.int64)
    rows = [rng.normal(size=n) * 10.0 ** rng.integers(-300, 300) for n in (1, 7, 8, 64, 513)]
    rows += [np.array([0.0, -0.0, 1e-310, -1e-310]), np.array([np.inf, -np.inf, 2.5]),
             -np.abs(rng.normal(size=33)), np.abs(rng.normal(size=33))]
    for row in rows:
        for fn in (value_range, plain(value_range)):
            lo, hi = fn(row, box)
            assert lo == row.min() and hi == row.max()
            assert np.signbit(lo) == np.signbit(row.min())


TIED = """
accord: 1
title: tie
parties:
  - {id: A, discount_rate: 0.13}
  - {id: B, discount_rate: 0.13}
steps:
  - {id: a1, actor: A, flow: {A: -0.3, B: 0.6}, reversal: {lag: 2.0, cost: 0.9}}
  - {id: b1, actor: B, flow: {A: 0.6, B: -0.3}, reversal: {lag: 2.0, cost: 0.9}}
  - {id: a2, actor: A, flow: {A: 0.34, B: 1.62}}
roadmap:
  - {phase: one, duration: 2.64, moves: [[a1], [b1]]}
  - {phase: two, duration: 2.98, moves: [[a2]]}
"""


@pytest.mark.parametrize("backend", ["numba", "python"])
def test_the_bottleneck_is_the_first_test_tied_with_the_smallest(backend: str) -> None:
    """A and B are mirror images, so their margins at completion are equal; the kernel's
    rounding makes B's smaller (2.6793498133928435 against ...53), and the road map is
    viable with both the smallest test.  The tie rule makes them equal: A, first in file
    order, is named (code ``3 P + 0 = 6``), and the bottleneck is A's margin."""
    s = accord.load_text(TIED)
    lay = Layout.of(s)
    d = evaluate(lay, build(s, lay), backend=backend)
    a, b = d.margin[3, 0, 0], d.margin[3, 1, 0]
    assert b < a and abs(a - b) <= 1e-9 * abs(a)  # a rounding tie (the test discriminates)
    assert bool(d.viable[0])
    assert int(d.bottleneck_at[0]) == 6 and d.bottleneck[0] == a
    r = accord.simulate(s, draws=10, seed=0).to_dict()
    assert r["bottleneck"]["at"] == [{"kind": "margin", "point": 3, "party": "A", "step": None,
                                      "probability": 1.0}]
    assert accord.analyze(s).bottleneck["party"] == "A"


ROOT = """
accord: 1
title: both fail at completion
parties:
  - {id: A, discount_rate: 0.122}
  - {id: B, discount_rate: 0.122}
steps:
  - {id: a1, actor: A, flow: {A: -0.6, B: 0.34}, reversal: {lag: 2.0, cost: 0.9}}
  - {id: b1, actor: B, flow: {A: 0.34, B: -0.6}, reversal: {lag: 2.0, cost: 0.9}}
  - {id: a2, actor: A, flow: {A: 0.34, B: 1.62}}
roadmap:
  - {phase: one, duration: 2.64, moves: [[a1], [b1]]}
  - {phase: two, duration: 2.98, moves: [[a2]]}
"""


@pytest.mark.parametrize("backend", ["numba", "python"])
def test_when_not_viable_the_bottleneck_is_the_root_cause(backend: str) -> None:
    """Both margins at completion are -0.7697 (mirror images, a rounding tie), so the road
    map is not viable.  Working back from completion the induction meets B first (the
    last node of point 3): B walks away there, and every earlier node's test is then
    against that play.  The root cause is B's margin at point 3 (code ``3 P + 1 = 7``),
    not A's, which the tightest-test rule would name (first in node order)."""
    s = accord.load_text(ROOT)
    lay = Layout.of(s)
    d = evaluate(lay, build(s, lay), backend=backend)
    assert not bool(d.viable[0])
    assert int(d.cause[0]) == 1 + 7  # breaks: 1 + q P + i
    assert int(d.bottleneck_at[0]) == 7 and d.bottleneck[0] == d.margin[3, 1, 0] < 0
    a = accord.analyze(s).bottleneck
    assert (a["kind"], a["point"], a["party"]) == ("margin", 3, "B")


INFINITE = {
    # A's flow of 1e308 a year makes A's margins and surplus +inf (and nan): they tie with
    # nothing; the road map is viable and B's margin at completion, 0, is the smallest
    "plus-infinity": ("""
accord: 1
title: inf
horizon: 80
parties:
  - {id: A, discount_rate: 0.1}
  - {id: B, discount_rate: 0.1}
steps:
  - {id: a1, actor: A, flow: {A: 1e308, B: 0.5}}
  - {id: b1, actor: B, flow: {A: 0.5, B: 0.1}}
roadmap:
  - {phase: one, duration: 1, moves: [[a1], [b1]]}
""", "finite-minimum"),
    # B's flow of -1e308 makes B's margin at point 1 -inf: the root cause (not viable)
    "minus-infinity": ("""
accord: 1
title: inf
horizon: 80
parties:
  - {id: A, discount_rate: 0.1}
  - {id: B, discount_rate: 0.1}
steps:
  - {id: a1, actor: A, flow: {A: 1, B: 0.5}}
  - {id: b1, actor: B, flow: {A: 1, B: -1e308}}
roadmap:
  - {phase: one, duration: 1, moves: [[a1], [b1]]}
""", "minus-infinity"),
}


@pytest.mark.parametrize("backend", ["numba", "python"])
@pytest.mark.parametrize("name", list(INFINITE))
def test_an_infinite_test_ties_only_with_itself(name: str, backend: str) -> None:
    """The bottleneck with infinite tests: the tie rule's tolerance (1e-9 x inf) must not
    make a finite and an infinite value equal.  Viable (``plus-infinity``): the first
    test equal to the finite minimum (B's margin at completion, 0: code ``2 P + 1 = 5``);
    not viable (``minus-infinity``): the root cause, B's margin of -inf at point 1
    (code ``1 P + 1 = 3``).  Both as the engine names them."""
    text, kind = INFINITE[name]
    s = accord.load_text(text)
    lay = Layout.of(s)
    with np.errstate(all="ignore"):
        d = evaluate(lay, build(s, lay), backend=backend)
        sol = analyze(lay, build(s, lay))
    at, value = int(d.bottleneck_at[0]), float(d.bottleneck[0])
    if kind == "finite-minimum":
        assert bool(d.viable[0]) and (at, value) == (5, 0.0)
    else:
        assert not bool(d.viable[0]) and (at, value) == (3, -np.inf)
    _same_bottleneck(d, sol, lay)


@pytest.mark.parametrize("name", list(INFINITE))
def test_kernel_matches_engine_with_infinite_values(name: str) -> None:
    """Margins of +-inf: every discrete result (holds, self-enforcing, outcome) is the
    engine's, in both kernels (an infinity ties only with itself)."""
    s = accord.load_text(INFINITE[name][0])
    lay = Layout.of(s)
    p = build(s, lay)
    with np.errstate(all="ignore"):
        sol = analyze(lay, p)
        got = [evaluate(lay, p, backend=b) for b in ("numba", "python")]
    for d in got:
        assert np.array_equal(np.moveaxis(d.holds, -1, 0), sol.margin_ok)
        assert np.array_equal(d.self_enforcing, sol.self_enforcing)
        assert np.array_equal(d.viable, sol.viable)
        assert np.array_equal(d.outcome, _code(sol, lay))
    assert [a.tobytes() for a in got[0].arrays()] == [a.tobytes() for a in got[1].arrays()]
