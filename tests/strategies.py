"""Hypothesis strategies for valid scenarios (MODEL.md §2, format version 1).

``scenario_dicts()`` draws scenarios in file form (plain dicts that
``Scenario.model_validate`` and, dumped as JSON, ``accord.load_text`` accept);
``scenarios()`` validates them into :class:`accord.Scenario`;
``scenario_texts()`` gives them as YAML (JSON) text.

Numbers stay "nice" so nothing overflows: discount rates in [0.01, 0.3],
horizons in [5, 80], values in [-5, 5] (zero about a fifth of the time), lags,
delays and durations in [0, 5], every time a multiple of 1/16 by default.
Every step is scheduled exactly once, every move has one actor and 1 to
``max_steps_per_move`` steps, explicit phase starts never decrease, and sticks
never target their own actor.
"""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import strategies as st

from accord import Scenario

Data = dict[str, Any]

#: Odd but valid ids, to exercise quoting in exports (spaces, quotes, non-ASCII).
ODD_NAMES = ("Dé", "a b", 'q"x', "x\\y", "%20", " lead", "двa", "t  2")


def _num(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def values(lo: float = -5.0, hi: float = 5.0) -> st.SearchStrategy[float]:
    """A value in ``[lo, hi]``: exactly 0 about a fifth of the time, else any float."""
    return st.one_of(st.just(0.0), _num(lo, hi), _num(lo, hi), _num(lo, hi), _num(lo, hi))


def times(lo: float = 0.0, hi: float = 5.0,
          grid: float | None = 1 / 16) -> st.SearchStrategy[float]:
    """A time in ``[lo, hi]``: a multiple of ``grid`` (exact sums), or any float if None."""
    if grid is None:
        return st.one_of(st.just(lo), _num(lo, hi))
    return st.integers(math.ceil(lo / grid), math.floor(hi / grid)).map(lambda n: n * grid)


def _party_values(draw: st.DrawFn, parties: list[str]) -> dict[str, float]:
    chosen = draw(st.lists(st.sampled_from(parties), unique=True, max_size=len(parties)))
    return {p: draw(values()) for p in chosen}


def _ids(draw: st.DrawFn, prefix: str, n: int, odd: bool) -> list[str]:
    if not odd:
        return [f"{prefix}{k}" for k in range(n)]
    pool = [f"{prefix}{k}" for k in range(n)] + [f"{prefix}{name}" for name in ODD_NAMES]
    return draw(st.lists(st.sampled_from(pool), unique=True, min_size=n, max_size=n))


@st.composite
def scenario_dicts(
    draw: st.DrawFn,
    *,
    min_parties: int = 1,
    max_parties: int = 4,
    max_phases: int = 4,
    min_moves: int = 1,
    max_moves: int = 3,
    max_steps_per_move: int = 2,
    max_sticks: int = 3,
    horizon: bool | None = None,
    explicit_starts: bool | None = None,
    reversal: bool = True,
    verification: bool = True,
    zero_rates: bool = False,
    odd_ids: bool = False,
    time_grid: float | None = 1 / 16,
    after: bool = False,
) -> Data:
    """A valid scenario in file form.

    ``min_moves`` 0 allows phases without moves (they only delay what follows).
    ``horizon``: True forces a finite horizon, False an infinite one, None either.
    ``explicit_starts``: True gives every phase a ``start``, False none, None
    a random mix.  ``zero_rates`` lets a discount rate be 0 under a finite
    horizon.  ``odd_ids`` draws ids with spaces, quotes and non-ASCII letters.
    ``time_grid``: times (horizon, starts, durations, lags, delays) are multiples
    of it, so sums of times are exact and shifting by a multiple keeps every
    comparison of times (``x < td``, ``t >= H``); None draws any float.
    ``after``: sticks may wait for up to two scheduled steps (``after:``).
    """

    def tm(lo: float = 0.0, hi: float = 5.0) -> st.SearchStrategy[float]:
        return times(lo, hi, time_grid)

    n_par = draw(st.integers(min_parties, max_parties))
    parties = _ids(draw, "P", n_par, odd_ids)
    finite = draw(st.booleans()) if horizon is None else horizon
    data: Data = {"accord": 1, "title": draw(st.sampled_from(["random", 'q"t', "Ünï \\ x"]))}
    if finite:
        data["horizon"] = draw(tm(5.0, 80.0))
    rates = _num(0.01, 0.3)
    if finite and zero_rates:
        rates = st.one_of(st.just(0.0), rates)
    data["parties"] = [{"id": p, "discount_rate": draw(rates)} for p in parties]

    steps: list[Data] = []
    roadmap: list[Data] = []
    prev_start = 0.0
    for k in range(draw(st.integers(1, max_phases))):
        phase: Data = {"phase": f"ph{k}", "duration": draw(tm())}
        use_start = draw(st.booleans()) if explicit_starts is None else explicit_starts
        if use_start:
            prev_start += draw(tm())
            phase["start"] = prev_start
        moves: list[list[str]] = []
        for _ in range(draw(st.integers(min_moves, max_moves))):
            actor = draw(st.sampled_from(parties))
            move = []
            for _ in range(draw(st.integers(1, max_steps_per_move))):
                sid = f"s{len(steps)}"
                step: Data = {"id": sid, "actor": actor,
                              "flow": _party_values(draw, parties),
                              "once": _party_values(draw, parties)}
                if draw(st.booleans()):
                    step["lag"] = draw(tm())
                if reversal and draw(st.booleans()):
                    step["reversal"] = {"lag": draw(tm()),
                                        "cost": draw(values(0.0, 5.0)),
                                        "feasible": draw(st.one_of(st.just(1.0), _num(0.0, 1.0)))}
                if verification and draw(st.booleans()):
                    step["verification"] = {"detection": draw(st.one_of(
                        st.sampled_from([0.0, 1.0]), _num(0.0, 1.0))),
                        "delay": draw(tm())}
                steps.append(step)
                move.append(sid)
            moves.append(move)
        phase["moves"] = moves
        roadmap.append(phase)
        if not use_start:  # the next explicit start must not precede this phase's start
            prev_start = max(prev_start, _start_of(roadmap))
    if odd_ids:
        renamed = dict(zip([s["id"] for s in steps],
                           _ids(draw, "s", len(steps), True), strict=True))
        for s in steps:
            s["id"] = renamed[s["id"]]
        for ph in roadmap:
            ph["moves"] = [[renamed[x] for x in mv] for mv in ph["moves"]]
    data["steps"] = steps
    data["roadmap"] = roadmap

    sticks: list[Data] = []
    if n_par >= 2:
        for j in range(draw(st.integers(0, max_sticks))):
            actor, against = draw(st.lists(st.sampled_from(parties), min_size=2, max_size=2,
                                           unique=True))
            stick: Data = {"id": f"k{j}", "actor": actor, "against": against,
                           "flow": _party_values(draw, parties),
                           "once": _party_values(draw, parties),
                           "commitment": draw(st.booleans())}
            if draw(st.booleans()):
                stick["lag"] = draw(tm())
            if after and steps and draw(st.booleans()):
                ids = [x["id"] for x in steps]
                stick["after"] = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2,
                                               unique=True))
            sticks.append(stick)
    data["sticks"] = sticks
    return data


def _start_of(roadmap: list[Data]) -> float:
    """Start of the last phase of ``roadmap`` (MODEL.md §3: previous start + duration)."""
    start = 0.0
    end = 0.0
    for ph in roadmap:
        start = float(ph.get("start", end))
        end = start + float(ph["duration"])
    return start


def scenarios(**knobs: Any) -> st.SearchStrategy[Scenario]:
    """Valid scenarios as :class:`accord.Scenario` (same knobs as :func:`scenario_dicts`)."""
    return scenario_dicts(**knobs).map(Scenario.model_validate)


def scenario_texts(**knobs: Any) -> st.SearchStrategy[str]:
    """Valid scenarios as YAML text (JSON is YAML) for ``accord.load_text``."""
    return scenario_dicts(**knobs).map(lambda d: json.dumps(d, ensure_ascii=False, indent=1))
