"""Drawing straight into the kernel's inputs (``Slots``) gives the bits of the copy path.

``Model.block_inputs`` draws every random number into its ``Inputs`` row (or a
scratch row, copied); it must equal ``Model.inputs(Model.sample(...))``, which
copies each sampled number into its slot, field by field, on any scenario.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import accord
from accord import library
from accord.engine.montecarlo.inputs import Inputs
from accord.engine.montecarlo.slots import Slots
from accord.simulation.sampler import Model, generator
from tests.simulation.conftest import FIXED, RICH
from tests.strategies import scenarios

BENCH = Path(__file__).parents[2] / "benchmarks"


def _equal(a: Inputs, b: Inputs) -> None:
    for name in Inputs._fields:
        x, y = getattr(a, name), getattr(b, name)
        assert x.shape == y.shape, name
        assert np.array_equal(x, y, equal_nan=True), name


def _check(s: accord.Scenario, n: int = 257, seed: int = 3, block: int = 2) -> Model:
    m = Model(s)
    assert m.slots is not None
    want = m.inputs(m.sample(generator(seed, block), n), n)
    _equal(m.block_inputs(seed, block, n), want)
    # reused matrix: a second block overwrites the first one's numbers completely
    m.block_inputs(seed, block + 1, n, reuse=True)
    _equal(m.block_inputs(seed, block, n, reuse=True), want)
    return m


def _benchmark() -> accord.Scenario:
    sys.path.insert(0, str(BENCH))
    try:
        from generate import scenario
    finally:
        sys.path.remove(str(BENCH))
    s: accord.Scenario = scenario()
    return s


@pytest.mark.parametrize("text", [pytest.param(RICH, id="rich"), pytest.param(FIXED, id="fixed")])
def test_slots_equal_copies(text: str) -> None:
    _check(accord.load_text(text))


def test_benchmark_scenario() -> None:
    """417 uncertain numbers, every step reversible and verified."""
    m = _check(_benchmark(), n=1000)
    sl = m.slots
    assert sl is not None and len(sl.dest) == len(m.random)
    # most numbers go straight to their slot: only phases (and unused numbers) use scratch
    assert sl.n_rows - sl.n_slots < 0.1 * len(m.random)


@pytest.mark.parametrize("name", library.names())
def test_library_scenarios(name: str) -> None:
    _check(library.load(name), n=64)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(zero_rates=True, time_grid=None))
def test_random_scenarios(s: accord.Scenario) -> None:
    if Model(s).slots is not None:
        _check(s, n=33)


def test_rows_are_views_of_one_matrix() -> None:
    m = Model(accord.load_text(RICH))
    sl = m.slots
    assert isinstance(sl, Slots)
    mat = sl.matrix(5)
    x = sl.inputs(mat)
    for name in Inputs._fields:
        if name not in ("t", "x"):
            assert np.shares_memory(getattr(x, name), mat), name


def test_a_number_in_two_slots_is_copied() -> None:
    """No scenario maps one number to two slots today; a builder that does is still served.

    One constant slot of RICH is re-pointed at a random number (so that number
    feeds two slots): the number is drawn into a scratch row and copied to both.
    """
    m = Model(accord.load_text(RICH))
    b = m.builder
    _, idx, path = next(r for r in b.rows if r[0] == "flow" and
                           dict(m.random).get(r[2]) is not None)
    cname, cidx, _ = next(c for c in b.consts if c[0] == "flow")
    b.consts = [c for c in b.consts if (c[0], c[1]) != (cname, cidx)]
    b.rows = [*b.rows, (cname, cidx, path)]
    sl = m.slots
    assert sl is not None and len(sl.copies) == 2
    want = m.inputs(m.sample(generator(1, 0), 40), 40)
    got = m.block_inputs(1, 0, 40)
    _equal(got, want)
    assert np.array_equal(got.flow[cidx], got.flow[idx])
