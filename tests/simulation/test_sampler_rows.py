"""``Sampler`` draws exactly what numpy's own ``Generator`` methods draw, row after row.

The compiled loop (numba) must not change a bit: same values, same generator
state afterwards, for every kind, edge parameters and any mix of rows; and the
same loop run as plain Python gives the same bits.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.montecarlo.distributions import Sampler, draw
from accord.engine.montecarlo.distributions_numba import fill, sfc64_state
from accord.engine.montecarlo.jit import plain
from accord.model import Quantity

#: Parameters that take every branch of numpy's algorithms (and edge values).
EDGES = [
    ("uniform", (-1.0, 3.0)), ("uniform", (2.0, 2.0)), ("uniform", (-5.0, 1e9)),
    ("triangular", (0.0, 0.2, 1.0)), ("triangular", (0.0, 0.0, 1.0)),
    ("triangular", (0.0, 1.0, 1.0)), ("triangular", (-3.0, 2.0, 2.5)),
    ("normal", (2.0, 0.5)), ("normal", (-1.0, 0.0)), ("normal", (0.0, 1e6)),
    ("lognormal", (0.1, 0.4)), ("lognormal", (0.0, 0.0)), ("lognormal", (-20.0, 3.0)),
    ("beta", (2.0, 5.0)), ("beta", (1.0, 1.5)), ("beta", (1.5, 1.0)), ("beta", (1.0, 1.0)),
    ("beta", (0.5, 3.0)), ("beta", (4.0, 0.3)), ("beta", (0.5, 0.5)), ("beta", (1.0, 0.7)),
    ("beta", (0.02, 0.01)), ("beta", (1.0001, 1.0001)), ("beta", (300.0, 2.0)),
]


def _gen(key: int = 3) -> np.random.Generator:
    return np.random.Generator(np.random.SFC64(np.random.SeedSequence(7, spawn_key=(key,))))


def _same_state(a: np.random.Generator, b: np.random.Generator) -> bool:
    """Both generators at the same point of their stream (SFC64's state holds an array)."""
    sa, sb = a.bit_generator.state, b.bit_generator.state
    return bool(np.array_equal(sa.pop("state")["state"], sb.pop("state")["state"]) and sa == sb)


def _by_draw(qs: list[Quantity], gen: np.random.Generator, n: int) -> np.ndarray:
    return np.stack([draw(q, gen, n) for q in qs]) if qs else np.empty((0, n))


@pytest.mark.parametrize(("kind", "params"),
                         [pytest.param(k, p, id=f"{k}{list(p)}") for k, p in EDGES])
def test_compiled_rows_are_numpys_bits(kind: str, params: tuple[float, ...]) -> None:
    """One row of 20,000 draws: identical values and identical generator state after."""
    qs = [Quantity(kind=kind, params=params)]
    a, b = _gen(), _gen()
    got = Sampler.of(qs).sample(a, 20_000, compiled=True)
    want = _by_draw(qs, b, 20_000)
    assert np.array_equal(got, want, equal_nan=True)
    assert _same_state(a, b)


@pytest.mark.parametrize("compiled", [pytest.param(True, id="numba"),
                                      pytest.param(False, id="numpy")])
def test_all_edges_in_one_sampler(compiled: bool) -> None:
    """Every edge row in one sampler (compiled stretches and numpy rows interleaved)."""
    qs = [Quantity(kind=k, params=p) for k, p in EDGES]
    s = Sampler.of(qs)
    assert any(not fast for _, _, fast in s.runs)  # the Johnk rows go to numpy
    a, b = _gen(5), _gen(5)
    got = s.sample(a, 3000, compiled=compiled)
    assert np.array_equal(got, _by_draw(qs, b, 3000), equal_nan=True)
    assert a.random() == b.random()


def _quantity() -> st.SearchStrategy[Quantity]:
    pos = st.floats(0.05, 20.0)
    real = st.floats(-50.0, 50.0)
    return st.one_of(
        st.tuples(real, st.floats(0.0, 30.0)).map(
            lambda p: Quantity(kind="uniform", params=(p[0], p[0] + p[1]))),
        st.tuples(real, st.floats(0.0, 1.0), st.floats(0.01, 30.0)).map(
            lambda p: Quantity(kind="triangular", params=(p[0], p[0] + p[1] * p[2], p[0] + p[2]))),
        st.tuples(real, st.floats(0.0, 10.0)).map(lambda p: Quantity(kind="normal", params=p)),
        st.tuples(st.floats(-3.0, 3.0), st.floats(0.0, 2.0)).map(
            lambda p: Quantity(kind="lognormal", params=p)),
        st.tuples(pos, pos).map(lambda p: Quantity(kind="beta", params=p)))


@settings(max_examples=60, deadline=None)
@given(qs=st.lists(_quantity(), max_size=8), n=st.integers(1, 300),
       seed=st.integers(0, 2**32 - 1))
def test_any_mix_of_rows_matches_row_by_row_draws(qs: list[Quantity], n: int, seed: int) -> None:
    a = np.random.Generator(np.random.SFC64(seed))
    b = np.random.Generator(np.random.SFC64(seed))
    got = Sampler.of(qs).sample(a, n, compiled=True)
    assert np.array_equal(got, _by_draw(qs, b, n), equal_nan=True)
    assert _same_state(a, b)


def test_plain_values_are_refused() -> None:
    with pytest.raises(ValueError, match="random numbers only"):
        Sampler.of([Quantity.of(1.0)])


def test_the_loop_as_plain_python_gives_the_compiled_bits() -> None:
    """The sampler's loop run by the interpreter: the compiled loop's numbers and state,
    on every kind and edge row it draws (40 draws each)."""
    qs = [Quantity(kind=k, params=p) for k, p in EDGES]
    s = Sampler.of(qs)
    rows = np.arange(len(qs), dtype=np.int64)
    a, b = _gen(8), _gen(8)
    got, want = np.zeros((len(qs), 40)), np.zeros((len(qs), 40))
    for first, last, fast in s.runs:
        if fast:
            with np.errstate(over="ignore"):
                plain(fill)(sfc64_state(a.bit_generator), s.kind, s.par, first, last, rows, got)
            fill(sfc64_state(b.bit_generator), s.kind, s.par, first, last, rows, want)
    assert got.tobytes() == want.tobytes() and np.any(got != 0)
    assert _same_state(a, b)


def test_other_bit_generators_draw_with_numpy() -> None:
    """The compiled loop has SFC64 written out: a PCG64 generator gets numpy's methods."""
    qs = [Quantity(kind="normal", params=(0.0, 1.0)), Quantity(kind="beta", params=(2.0, 3.0))]
    a, b = (np.random.Generator(np.random.PCG64(11)) for _ in range(2))
    assert np.array_equal(Sampler.of(qs).sample(a, 500), _by_draw(qs, b, 500))
    assert a.bit_generator.state == b.bit_generator.state


def test_compiled_loop_refuses_other_bit_generators() -> None:
    qs = [Quantity(kind="normal", params=(0.0, 1.0))]
    with pytest.raises(ValueError, match="SFC64"):
        Sampler.of(qs).sample(np.random.Generator(np.random.PCG64(11)), 10, compiled=True)


def test_the_normal_tail_and_wedges_are_numpys() -> None:
    """2,000,000 normals: the ziggurat's rare branches (tail beyond r, wedges) are taken.

    About 0.7 % of draws leave the rectangles (~14,000 wedge tests) and one in
    ~3,500 of those is the base strip's tail: a few hundred tail draws here.
    """
    qs = [Quantity(kind="normal", params=(0.0, 1.0))]
    a, b = _gen(9), _gen(9)
    got = Sampler.of(qs).sample(a, 2_000_000, compiled=True)
    assert np.array_equal(got, _by_draw(qs, b, 2_000_000))
    assert np.abs(got).max() > 3.6541528853610088  # beyond the ziggurat's r: the tail ran
    assert _same_state(a, b)
