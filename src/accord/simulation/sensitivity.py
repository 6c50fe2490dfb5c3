"""Which uncertain inputs decide whether the road map holds.

The output studied is the draw's **bottleneck** ``f``, as everywhere in accord
(:mod:`accord.engine.bottleneck`): the root cause when the draw is not viable
(the failing test that starts the unravelling, else the surplus of the first
party that would not sign), else the tightest test (the smallest margin,
cheat margin or surplus); a margin or cheat margin in value at its point's
time, a surplus as PV at 0 (value units).  The road map is viable in a draw
iff ``f >= 0`` up to the tie rule, so what moves ``f`` across 0 is what decides
whether the road map holds and is signed.

For each random input ``x_i`` that the margins depend on (capabilities and
unused steps do not), named by its field path with ids
(``steps.yongbyon.flow.US``):

* **Spearman** ``rho_i``: rank correlation of ``x_i`` with ``f`` over the
  ``N`` draws of matrix ``A`` (average ranks for ties);
* **Sobol indices** by Saltelli's scheme with Jansen's estimators
  (:mod:`accord.simulation.sobol`).  ``A`` and
  ``B`` are two independent ``N x k`` samples; ``AB_i`` is ``A`` with column
  ``i`` taken from ``B``; ``V`` is the variance of ``f`` over ``A`` and ``B``
  together.  Then (Jansen 1999; Saltelli et al. 2010, Table 2)::

      S_i  = 1 - mean((f(B) - f(AB_i))^2) / (2 V)     first order
      ST_i = mean((f(A) - f(AB_i))^2) / (2 V)         total

  with standard errors ``sd(term) / sqrt(N) / V`` of the averaged terms.
  This costs ``N (k + 2)`` evaluations.  SALib 1.6 implements Saltelli
  sampling with Sobol' sequences and other estimators, but not the beta or
  numpy-parameterised distributions of MODEL.md §2 nor the Jansen
  first-order estimator, so the scheme is written with numpy
  (:func:`accord.simulation.sobol.jansen`).

``A`` is drawn from ``SFC64(SeedSequence(seed, spawn_key=(0,)))`` and ``B``
from ``spawn_key=(1,)``, each input in file order drawing ``N`` values, so
the result depends only on ``(scenario, draws, seed)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.charts.protocol import Charted
from accord.engine.montecarlo.distributions import Sampler
from accord.engine.montecarlo.evaluation import evaluate_inputs
from accord.engine.params import FloatArray
from accord.model import Scenario
from accord.model.checks import Path, ensure_valid
from accord.model.names import name
from accord.report.simulation import sensitivity_html, sensitivity_renderable
from accord.result import Provenance, dumps
from accord.result import json_number as _num
from accord.simulation.result import BOTTLENECK
from accord.simulation.run import check_count, new_seed, scenario_for_sampling
from accord.simulation.sampler import Model, generator
from accord.simulation.sobol import jansen
from accord.version import __version__

if TYPE_CHECKING:
    import pandas as pd

#: Draws per kernel call when evaluating the ``AB_i`` matrices.
BATCH = 8192


def _evaluate(model: Model, values: dict[Path, FloatArray | float], n: int) -> FloatArray:
    """Bottleneck margin of each of ``n`` draws."""
    d = evaluate_inputs(model.structure, model.inputs(values, n))
    return d.bottleneck.copy()


def _ranks(x: FloatArray) -> FloatArray:
    from scipy.stats import rankdata

    return np.asarray(rankdata(x, method="average"), dtype=np.float64)


def _spearman(x: FloatArray, fr: FloatArray) -> float | None:
    xr = _ranks(x)
    if np.ptp(xr) == 0 or np.ptp(fr) == 0:
        return None
    return float(np.corrcoef(xr, fr)[0, 1])


@dataclass(frozen=True, eq=False)
class Sensitivity(Charted):
    """Result of :func:`sensitivity`: one row per uncertain input, most important first."""

    scenario: Scenario = field(repr=False)
    provenance: Provenance
    data: dict[str, Any] = field(repr=False)

    @property
    def inputs(self) -> list[dict[str, Any]]:
        """Rows ``{name, distribution, spearman, first_order, first_order_se, total, total_se}``."""
        out: list[dict[str, Any]] = self.data["inputs"]
        return out

    @property
    def ranking(self) -> list[str]:
        """Input names, most important (largest total index) first."""
        return [r["name"] for r in self.inputs]

    def to_dict(self) -> dict[str, Any]:
        return {**self.data, "provenance": self.provenance.to_dict()}

    def to_json(self, indent: int | None = 1) -> str:
        return dumps(self.to_dict(), indent=indent)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.inputs)

    def __rich__(self) -> Any:
        return sensitivity_renderable(self)

    def _repr_html_(self) -> str:
        return sensitivity_html(self)

    def __repr__(self) -> str:
        top = ", ".join(self.ranking[:3])
        return f"Sensitivity({self.scenario.title!r}, draws={self.data['draws']}, top=[{top}])"


def sensitivity(scenario: Scenario | str | FilePath, draws: int = 2048,
                seed: int | None = None) -> Sensitivity:
    """Spearman correlations and Sobol indices of every uncertain input (see the module doc).

    ``draws`` is ``N``, the size of each of the samples ``A`` and ``B``; the
    kernel runs ``N (k + 2)`` times for ``k`` inputs.
    """
    n = check_count("draws", draws, 2)
    seed = new_seed(seed)
    s = scenario_for_sampling(scenario)
    ensure_valid(s, sampling=True)
    model = Model(s)
    inputs = [(p, q) for p, q in model.random if p in model.used]
    const: dict[Path, FloatArray | float] = {
        p: (q.params[0] if not q.is_random else q.mean) for p, q in model.quantities}
    ga, gb = generator(seed, 0), generator(seed, 1)
    sampler = Sampler.of([q for _, q in inputs])
    ma, mb = sampler.sample(ga, n), sampler.sample(gb, n)
    a = {p: ma[j] for j, (p, _) in enumerate(inputs)}
    b = {p: mb[j] for j, (p, _) in enumerate(inputs)}
    fa = _evaluate(model, {**const, **a}, n)
    fb = _evaluate(model, {**const, **b}, n)
    k = len(inputs)
    fab = np.empty((k, n))
    per = max(1, BATCH // n)
    for lo in range(0, k, per):
        idx = range(lo, min(k, lo + per))
        vals: dict[Path, FloatArray | float] = dict(const)
        for j, (p, _) in enumerate(inputs):
            vals[p] = np.concatenate([b[p] if i == j else a[p] for i in idx])
        out = _evaluate(model, vals, n * len(idx))
        fab[lo:lo + len(idx)] = out.reshape(len(idx), n)
    ix = jansen(fa, fb, fab)
    fr = _ranks(fa)
    rows: list[dict[str, Any]] = []
    for j, (p, q) in enumerate(inputs):
        rows.append({
            "name": name(s, p), "path": list(p), "distribution": q.describe(),
            "spearman": _spearman(a[p], fr),
            "first_order": _num(ix.first_order[j]),
            "first_order_se": _num(ix.first_order_se[j]),
            "total": _num(ix.total[j]),
            "total_se": _num(ix.total_se[j]),
        })

    def importance(j: int) -> tuple[float, float, int]:
        total, rho = rows[j]["total"], rows[j]["spearman"]
        return (-(total if isinstance(total, float) else 0.0),
                -abs(rho if isinstance(rho, float) else 0.0), j)

    order = sorted(range(k), key=importance)
    data = {
        "title": s.title,
        "output": "bottleneck_margin",
        "definition": BOTTLENECK,
        "draws": n,
        "evaluations": n * (k + 2),
        "mean": _num(ix.mean),
        "variance": _num(ix.variance),
        "inputs": [rows[j] for j in order],
        "method": "Saltelli sampling (A, B, AB_i), Jansen estimators; Spearman on A",
    }
    return Sensitivity(s, Provenance(s.digest, __version__, draws=n, seed=seed), data)
