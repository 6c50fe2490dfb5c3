"""Monte Carlo on the engine's arrays: sample the numbers, then a fused kernel over draws.

Three parts, all pure functions of arrays:

* :func:`~accord.engine.montecarlo.distributions.draw` samples one scenario
  number ``n`` times from a ``numpy.random.Generator`` with numpy's parameter
  meanings (``uniform(low, high)``, ``triangular(left, mode, right)``,
  ``normal(loc, scale)``, ``lognormal(mean, sigma)``, ``beta(a, b)``).
* :class:`~accord.engine.montecarlo.inputs.Builder` puts the sampled numbers of
  a scenario into :class:`~accord.engine.montecarlo.inputs.Inputs`, the
  draws-last twin of :class:`~accord.engine.params.Params` (the same numbers,
  draws on the *last* axis; a test checks it against
  :func:`accord.engine.params.build`).
* :func:`~accord.engine.montecarlo.evaluation.evaluate` computes every number a
  Monte Carlo run aggregates (:class:`~accord.engine.montecarlo.draws.Draws`):
  surplus, the PV of every defection path, margins, cheat margins, required
  detection, the subgame-perfect outcome, self-enforcement, the bottleneck
  margin and non-credible sticks.  These are the quantities of the reference
  engine (MODEL.md §3-4; tests check agreement to ``1e-12`` relative, with
  identical discrete results, on random draws), computed over 100x faster
  by *factoring the exponentials*.

Modules, in the order the numbers flow:

* :mod:`~accord.engine.montecarlo.jit`: the one numba configuration point (and
  the un-jitted run of the same source, when numba cannot be imported);
* :mod:`~accord.engine.montecarlo.distributions`: sampling one number from a generator,
  and :class:`Sampler` (many numbers at once, numpy's bits), its loop in
  :mod:`~accord.engine.montecarlo.distributions_numba`;
* :mod:`~accord.engine.montecarlo.inputs`: :class:`Inputs` (what the kernel reads),
  :class:`Builder` (fills them from sampled numbers), :class:`Structure` (index arrays);
* :mod:`~accord.engine.montecarlo.slots`: the inputs as rows of one matrix, so that
  numbers are drawn straight into them;
* :mod:`~accord.engine.montecarlo.tables`: the factored-exponential tables of a
  sub-block of draws (how and why the exponentials are factored);
* :mod:`~accord.engine.montecarlo.prepare`: fills the tables (exponents, then factors);
* :mod:`~accord.engine.montecarlo.kernel`: from the tables to the outputs, in four
  stages named after MODEL.md (defections, cheats, verdict, induction), with
  :mod:`~accord.engine.montecarlo.reversals` (reversals, sticks, the tie rule);
* :mod:`~accord.engine.montecarlo.draws`: :class:`Draws`, the outputs;
* :mod:`~accord.engine.montecarlo.evaluation`: the entry points, which run the
  stages over sub-blocks (and why compiled and plain runs give the same bits).

Every rule is written once here (and once in the readable engine, which the tests
compare with it); the structures are NamedTuples of arrays, passed whole to the
compiled loops.
"""
