"""The compiled cache a wheel ships serves every scenario (accord.simulation.precompile).

The wheel build compiles each Monte Carlo entry point once, for the argument types
of one bundled scenario.  That cache serves every later run only if those types
do not depend on the scenario (array ranks, dtypes, layouts, the NamedTuples'
field types): otherwise numba would compile a second specialization on the
user's first run.  So: run scenarios of every shape (sticks or none, cheats or
none, ``after:``, zero rates, infinite horizons, sensitivity), then each entry
point has exactly one signature.
"""

from __future__ import annotations

import warnings

import pytest

import accord
from accord.engine.montecarlo import jit
from accord.simulation import precompile
from tests.simulation.conftest import FIXED, RICH
from tests.simulation.test_kernel import EDGES

LIBRARY = ("halt-rollback-eliminate", "yongbyon-inside-roadmap")


@pytest.mark.skipif(not jit.enabled(), reason="numba is off: nothing is compiled")
def test_one_signature_per_entry_point_whatever_the_scenario(capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    assert precompile.main() == 0
    assert "compiled" in capsys.readouterr().out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        files = [accord.load_text(t) for t in (RICH, FIXED, *EDGES.values())]
    for s in [*files, *(accord.load(n) for n in LIBRARY)]:
        accord.simulate(s, draws=40, seed=1)
        accord.sensitivity(s, draws=8, seed=1)
    names = {e.__name__ for e in jit.ENTRIES}
    assert names >= {"run", "fill", "exponents", "factors", "row_stats"}
    for e in jit.ENTRIES:
        assert len(e.function.signatures) == 1, e.__name__  # type: ignore[attr-defined]


@pytest.mark.skipif(not jit.enabled(), reason="numba is off: nothing is compiled")
def test_the_cache_is_accords_own_folder() -> None:
    """Where ``NUMBA_CACHE_DIR`` is unset, the entry points cache in ``accord/_jit``
    (the folder the wheel ships), not in ``__pycache__``."""
    import os

    e = jit.ENTRIES[0]
    path = e.function._cache.cache_path  # type: ignore[attr-defined]
    if os.environ.get("NUMBA_CACHE_DIR"):
        assert not path.startswith(str(jit.CACHE))
    else:
        assert path == str(jit.CACHE)
