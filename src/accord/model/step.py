"""A step: one action by one party, with its flows, reversal and verification."""

from __future__ import annotations

from pydantic import Field

from accord.model.base import Entity, PartyValues
from accord.model.quantity import Quantity


def _zero() -> Quantity:
    return Quantity.of(0.0)


def _one() -> Quantity:
    return Quantity.of(1.0)


class Reversal(Entity):
    """How the actor can undo the step after a breakdown at ``t0``.

    The step's flow stops at ``t0 + lag`` with probability ``feasible``; the
    actor then pays ``cost`` (value units) at ``t0`` with probability ``feasible``.
    """

    lag: Quantity = Field(default_factory=_zero)
    cost: Quantity = Field(default_factory=_zero)
    feasible: Quantity = Field(default_factory=_one)


class Sampling(Entity):
    """Attribute sampling (extension): ``sample`` of ``population`` items are inspected,
    ``falsified`` of them were falsified; detection = 1 - C(N - r, n) / C(N, n)."""

    population: int
    sample: int
    falsified: int


class Verification(Entity):
    """Cheating on the step is detected with probability ``detection`` after ``delay``.

    Extension: instead of ``detection``, ``sampling`` gives an attribute-sampling
    design from which the detection probability is computed (hypergeometric).
    """

    detection: Quantity | None = None
    sampling: Sampling | None = None
    delay: Quantity = Field(default_factory=_zero)

    @property
    def detection_mean(self) -> float:
        """The detection probability a deterministic analysis uses."""
        if self.detection is not None:
            return self.detection.mean
        assert self.sampling is not None
        return self.sampling_detection()

    def sampling_detection(self) -> float:
        """``1 - C(N - r, n) / C(N, n)`` of the sampling design, as a float."""
        from fractions import Fraction
        from math import comb

        smp = self.sampling
        assert smp is not None
        n_all, n, r = smp.population, smp.sample, smp.falsified
        return float(1 - Fraction(comb(n_all - r, n), comb(n_all, n)))


class Step(Entity):
    """One action by ``actor``.

    Executed at ``x``, it pays ``once`` (value units) at ``x`` and ``flow``
    (value per time unit) from ``x + lag`` on, to every party listed.
    """

    id: str
    actor: str
    label: str | None = None
    description: str | None = None
    lag: Quantity = Field(default_factory=_zero)
    flow: PartyValues = Field(default_factory=dict)
    once: PartyValues = Field(default_factory=dict)
    reversal: Reversal | None = None
    verification: Verification | None = None
    capability: dict[str, Quantity] = Field(default_factory=dict)
    requires: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
