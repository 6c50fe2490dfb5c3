"""Bad scenario files: one clear, located message per problem, and nothing but ScenarioError.

Each case edits a small valid scenario and names the field path, where the
message points (``at``: the text it points at, ``^`` marking the exact column
when the text is not itself the start) and a phrase the message must contain.
"""

from __future__ import annotations

import copy
import io
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import accord
from accord.errors import Diagnostic, ScenarioError
from accord.io.loader import Loaded, read, read_text

BASE = """\
accord: 1
title: Test scenario
horizon: 50
sources:
  ref1: {title: A report, year: 2018}
parties:
  - {id: A, discount_rate: 0.10}
  - {id: B, discount_rate: {uniform: [0.02, 0.04]}}
capabilities:
  - {id: cap, unit: kg, initial: 12}
steps:
  - id: freeze
    actor: A
    flow: {A: -0.2, B: 0.5}
    reversal: {lag: 0.1}
    sources: [ref1]
  - id: relief
    actor: B
    lag: 0.25
    flow: {A: 1.5, B: -0.3}
    reversal: {lag: 0.5, feasible: 0.4}
  - id: dismantle
    actor: A
    lag: 1.0
    flow: {A: -1.0, B: 2.0}
    once: {A: -0.2}
    reversal: {lag: 3.0, cost: 0.5}
    verification: {detection: 0.8, delay: 0.5}
    capability: {cap: -12}
    requires: [freeze]
  - id: normalize
    actor: B
    flow: {A: 1.0, B: 0.2}
roadmap:
  - phase: Halt
    duration: 1
    moves: [[freeze], [relief]]
  - phase: Roll back
    duration: 2
    moves: [[dismantle], [normalize]]
sticks:
  - {id: sanctions, actor: B, against: A, flow: {A: -0.5, B: -0.05}, lag: 0.5}
"""

#: Words that betray an unprocessed pydantic or Python message.
RAW = ("Input should be", "[type=", "pydantic", "Value error", "Traceback", "ordereddict",
       "NoneType", "function-", "validation error")


def edit(*pairs: tuple[str, str]) -> str:
    """BASE with each ``old`` (which must occur exactly once) replaced by ``new``."""
    text = BASE
    for old, new in pairs:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def position(text: str, at: str) -> tuple[int, int]:
    """1-based line and column of ``at`` in ``text`` (at its ``^`` if it has one)."""
    plain = at.replace("^", "")
    assert text.count(plain) == 1, f"{plain!r} occurs {text.count(plain)} times"
    offset = text.index(plain) + max(at.find("^"), 0)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def problems(text: str) -> list[Diagnostic]:
    with pytest.raises(ScenarioError) as info:
        read_text(text, "s.yaml")
    return info.value.problems


def assert_clean(d: Diagnostic, text: str = "") -> None:
    """One line, no raw internals, the ``file:line:col: severity: field: message`` shape.

    Words of ``text`` (the file) may be quoted back as the offending value.
    """
    line = str(d)
    assert "\n" not in line and "\r" not in line, line
    for word in RAW:
        assert word not in d.message or word in text, line
    assert d.message and d.field, line
    assert line.startswith(d.file)


def the_error(text: str, field: str) -> Diagnostic:
    found = problems(text)
    for d in found:
        assert_clean(d)
    errors = [d for d in found if d.severity == "error"]
    assert [d.field for d in errors] == [field], "\n".join(map(str, found))
    return errors[0]


def test_base_is_valid() -> None:
    loaded = read_text(BASE, "s.yaml")
    assert loaded.warnings == ()
    assert [p.id for p in loaded.scenario.parties] == ["A", "B"]


P = pytest.param
CASES = [
    # -- YAML ------------------------------------------------------------------------
    P(edit(("moves: [[freeze], [relief]]", "moves: [[freeze], [relief]")), "(yaml)",
      "moves: ^[[freeze], [relief]\n", "list '[' opened on this line is not closed",
      id="yaml-syntax-unclosed-list"),
    P(edit(("    flow: {A: 1.0, B: 0.2}", "    flow: {A: 1.0, B: 0.2}\n   bad: 1")), "(yaml)",
      "   ^bad: 1", "invalid YAML", id="yaml-syntax-bad-indent"),
    P(edit(("    lag: 1.0\n", "    lag: 1.0\n    lag: 2.0\n")), "steps[2].lag", "lag: 2.0",
      "duplicate key 'lag' (first at line 24); the first value is used", id="duplicate-key"),
    P(edit(("title: Test scenario\n", "title: Test scenario\ntitle: Again\n")), "title",
      "title: Again", "duplicate key 'title'", id="duplicate-key-top"),
    P(edit(("flow: {A: 1.0, B: 0.2}", "flow: {A: 1.0, A: 0.2}")), "steps[3].flow.A",
      "A: 0.2", "duplicate key 'A'", id="duplicate-key-flow-style"),
    P("", "(file)", "^", "found an empty file", id="empty-file"),
    P("# only a comment\n", "(file)", "^# only", "found an empty file", id="comment-only"),
    P("- accord: 1\n- title: x\n", "(file)", "^- accord", "found a list", id="top-level-list"),
    P("just some text\n", "(file)", "^just", "found text ('just some text')",
      id="top-level-text"),
    P("42\n", "(file)", "^42", "found a single value (42)", id="top-level-number"),
    P(edit(("horizon: 50", "horizon: !!binary aGVsbG8=")), "horizon", "!!binary",
      "unsupported YAML tag '!!binary'", id="unsupported-tag"),
    P(edit(("horizon: 50", "horizon: !custom 50")), "horizon", "!custom",
      "unsupported YAML tag '!custom'", id="unknown-local-tag"),
    P(edit(("horizon: 50\n", "horizon: 50\nunits: &u {x: *u}\n")), "units.x", "^&u {x",
      "recursive alias", id="recursive-alias"),
    P(edit(("flow: {A: 1.0, B: 0.2}", "flow: {A: 1.0, [B]: 0.2}")), "steps[3].flow", "[B]",
      "a key must be plain text, not a list", id="key-not-text"),
    # -- version and required fields -------------------------------------------------
    P(edit(("accord: 1", "accord: 2")), "accord", "accord: ^2",
      "unsupported format version 2", id="wrong-version"),
    P(edit(("accord: 1", "accord: '1'")), "accord", "'1'",
      "unsupported format version '1'", id="version-as-text"),
    P(edit(("accord: 1\n", "")), "accord", "^title: Test", "missing required field 'accord'",
      id="missing-accord"),
    P(edit(("title: Test scenario\n", "")), "title", "^accord",
      "missing required field 'title'", id="missing-title"),
    P(BASE[: BASE.index("roadmap:")] + BASE[BASE.index("sticks:"):], "roadmap", "^accord",
      "missing required field 'roadmap'", id="missing-roadmap"),
    P(BASE.replace("parties:\n", "").replace("  - {id: A, discount_rate: 0.10}\n", "")
      .replace("  - {id: B, discount_rate: {uniform: [0.02, 0.04]}}\n", ""), "parties",
      "^accord", "missing required field 'parties'", id="missing-parties"),
    P(edit(("    actor: B\n    lag: 0.25\n", "    lag: 0.25\n")), "steps[1].actor",
      "^id: relief", "missing required field 'actor'", id="missing-step-actor"),
    P(edit(("  - phase: Roll back\n    duration: 2\n", "  - phase: Roll back\n")),
      "roadmap[1].duration", "^phase: Roll back", "missing required field 'duration'",
      id="missing-phase-duration"),
    P(edit(("{id: A, discount_rate: 0.10}", "{id: A}")), "parties[0].discount_rate",
      "{id: A}", "missing required field 'discount_rate'", id="missing-discount-rate"),
    P(edit(("{id: sanctions, actor: B, against: A,", "{id: sanctions, actor: B,")),
      "sticks[0].against", "{id: sanctions", "missing required field 'against'",
      id="missing-stick-against"),
    P(edit(("{id: cap, unit: kg, initial: 12}", "{id: cap, unit: kg}")),
      "capabilities[0].initial", "{id: cap", "missing required field 'initial'",
      id="missing-capability-initial"),
    P(edit(("{title: A report, year: 2018}", "{year: 2018}")), "sources.ref1.title",
      "{year: 2018}", "missing required field 'title'", id="missing-source-title"),
    # -- wrong types -----------------------------------------------------------------
    P(edit(("horizon: 50", "horizon: fifty")), "horizon", "fifty",
      "expected a number or a distribution", id="string-for-number"),
    P(edit(("horizon: 50", "horizon: '50'")), "horizon", "'50'",
      "got '50' (quoted text; write the number without quotes)", id="quoted-number"),
    P(edit(("horizon: 50", "horizon: true")), "horizon", "true",
      "got true (a boolean, not a number)", id="boolean-for-number"),
    P(edit(("horizon: 50", "horizon: [50]")), "horizon", "[50]", "got [50]",
      id="list-for-number"),
    P(edit(("    lag: 1.0\n", "    lag:\n")), "steps[2].lag", "^lag:\n", "got null",
      id="empty-value-for-number"),
    P(edit(("    lag: 1.0\n", "    lag: null\n")), "steps[2].lag", "null", "got null",
      id="null-for-number"),
    P(edit(("    flow: {A: -0.2, B: 0.5}", "    flow: [-0.2, 0.5]")), "steps[0].flow",
      "[-0.2, 0.5]", "expected a mapping, got [-0.2, 0.5]", id="list-for-mapping"),
    P(edit(("reversal: {lag: 0.1}", "reversal: [0.1]")), "steps[0].reversal", "[0.1]",
      "expected a mapping, got [0.1]", id="list-for-reversal"),
    P(edit(("reversal: {lag: 0.1}", "reversal: soon")), "steps[0].reversal", "soon",
      "expected a mapping, got 'soon'", id="text-for-reversal"),
    P(edit(("  - {id: A, discount_rate: 0.10}", "  - A")), "parties[0]", "  - ^A\n",
      "expected a mapping, got 'A'", id="text-for-party"),
    P(edit(("title: Test scenario", "title: 2019")), "title", "2019",
      "expected text, got 2019 (write it in quotes to make it text)", id="number-for-text"),
    P(edit(("moves: [[dismantle], [normalize]]", "moves: {first: dismantle}")),
      "roadmap[1].moves", "{first", "expected a list", id="mapping-for-list"),
    P(edit(("moves: [[dismantle], [normalize]]", "moves: [dismantle, [normalize]]")),
      "roadmap[1].moves[0]", "[^dismantle, [", "expected a list, got 'dismantle'",
      id="move-not-a-list"),
    P(edit(("requires: [freeze]", "requires: freeze")), "steps[2].requires", "requires: ^freeze",
      "expected a list, got 'freeze'", id="text-for-requires"),
    P(edit(("lag: 0.5}", "lag: 0.5, commitment: maybe}")), "sticks[0].commitment", "maybe",
      "expected true or false, got 'maybe'", id="not-a-boolean"),
    P(edit(("{title: A report, year: 2018}", "{title: A report, year: 2018.5}")),
      "sources.ref1.year", "2018.5", "expected a whole number, got 2018.5",
      id="fraction-for-whole-number"),
    P(edit(("horizon: 50", "horizon: 50\nyears: [1994]")), "years[1]", "[1994]",
      "missing item 2", id="tuple-too-short"),
    P(edit(("horizon: 50", "horizon: 50\nyears: [1994, 2000, 2003]")), "years", "[1994, 2",
      "too many items: expected at most 2, got 3", id="tuple-too-long"),
    P(edit(("horizon: 50", "horizon: 50\nyears: [1994, later]")), "years[1]", "later",
      "expected a whole number, got 'later'", id="tuple-item-type"),
    P(edit(("horizon: 50", "horizon: 50\nunits: [USD]")), "units", "[USD]",
      "expected a mapping", id="list-for-units"),
    P(edit(("sources:\n  ref1: {title: A report, year: 2018}", "sources: [ref1]")), "sources",
      "sources: ^[ref1]\nparties", "expected a mapping", id="list-for-sources"),
    # -- unknown keys ----------------------------------------------------------------
    P(edit(("horizon: 50", "horizn: 50")), "horizn", "horizn",
      "unknown key 'horizn' (did you mean 'horizon'?)", id="unknown-key-top"),
    P(edit(("horizon: 50", "colour: blue")), "colour", "colour",
      "unknown key 'colour'; expected one of: accord, title", id="unknown-key-no-match"),
    P(edit(("    reversal: {lag: 0.1}", "    reversel: {lag: 0.1}")), "steps[0].reversel",
      "reversel", "unknown key 'reversel' (did you mean 'reversal'?)", id="unknown-key-step"),
    P(edit(("reversal: {lag: 3.0, cost: 0.5}", "reversal: {lagg: 3.0, cost: 0.5}")),
      "steps[2].reversal.lagg", "lagg", "(did you mean 'lag'?)", id="unknown-key-reversal"),
    P(edit(("delay: 0.5}", "dealy: 0.5}")), "steps[2].verification.dealy", "dealy",
      "(did you mean 'delay'?)", id="unknown-key-verification"),
    P(edit(("B: -0.05}, lag: 0.5}", "B: -0.05}, lagg: 0.5}")), "sticks[0].lagg", "lagg",
      "(did you mean 'lag'?)", id="unknown-key-stick"),
    P(edit(("{id: A, discount_rate: 0.10}", "{id: A, discount: 0.10, discount_rate: 0.1}")),
      "parties[0].discount", "discount:", "(did you mean 'discount_rate'?)",
      id="unknown-key-party"),
    P(edit(("{title: A report, year: 2018}", "{title: A report, yaer: 2018}")),
      "sources.ref1.yaer", "yaer", "(did you mean 'year'?)", id="unknown-key-source"),
    P(edit(("  - phase: Halt\n", "  - phase: Halt\n    durations: 1\n")),
      "roadmap[0].durations", "durations", "(did you mean 'duration'?)",
      id="unknown-key-phase"),
    # -- numbers and distributions ---------------------------------------------------
    P(edit(("{uniform: [0.02, 0.04]}", "{unifrom: [0.02, 0.04]}")),
      "parties[1].discount_rate", "{unifrom", "unknown key 'unifrom' in a number (did you "
      "mean 'uniform'?)", id="distribution-unknown-kind"),
    P(edit(("{uniform: [0.02, 0.04]}", "{gamma: [2, 1]}")), "parties[1].discount_rate",
      "{gamma", "unknown key 'gamma' in a number; a number is a value or one of uniform",
      id="distribution-unsupported-kind"),
    P(edit(("{uniform: [0.02, 0.04]}", "{uniform: [0.02]}")), "parties[1].discount_rate",
      "{uniform", "uniform takes 2 numbers [low, high], got 1: [0.02]",
      id="distribution-arity"),
    P(edit(("{uniform: [0.02, 0.04]}", "{triangular: [0.01, 0.02]}")),
      "parties[1].discount_rate", "{triangular", "triangular takes 3 numbers",
      id="distribution-arity-triangular"),
    P(edit(("{uniform: [0.02, 0.04]}", "{uniform: [0.04, 0.02]}")), "parties[1].discount_rate",
      "{uniform", "uniform needs low <= high, got [0.04, 0.02]", id="distribution-lo-gt-hi"),
    P(edit(("{uniform: [0.02, 0.04]}", "{triangular: [0.01, 0.05, 0.04]}")),
      "parties[1].discount_rate", "{triangular", "triangular needs left <= mode <= right",
      id="distribution-triangular-order"),
    P(edit(("flow: {A: -0.2, B: 0.5}", "flow: {A: -0.2, B: {normal: [0.5, -0.1]}}")),
      "steps[0].flow.B", "{normal", "normal needs sd >= 0, got -0.1",
      id="distribution-negative-sd"),
    P(edit(("flow: {A: -0.2, B: 0.5}", "flow: {A: -0.2, B: {lognormal: [0.5, -1]}}")),
      "steps[0].flow.B", "{lognormal", "lognormal needs sigma >= 0, got -1",
      id="distribution-negative-sigma"),
    P(edit(("detection: 0.8", "detection: {beta: [0, 2]}")),
      "steps[2].verification.detection", "{beta", "beta needs a > 0 and b > 0, got [0.0, 2.0]",
      id="distribution-beta-a-zero"),
    P(edit(("detection: 0.8", "detection: {beta: [2, -1]}")),
      "steps[2].verification.detection", "{beta", "beta needs a > 0 and b > 0",
      id="distribution-beta-b-negative"),
    P(edit(("{uniform: [0.02, 0.04]}", "{uniform: [0.02, .inf]}")), "parties[1].discount_rate",
      "{uniform", "uniform parameters must be finite numbers, got [0.02, .inf]",
      id="distribution-infinite"),
    P(edit(("{uniform: [0.02, 0.04]}", "{normal: [.nan, 0.01]}")), "parties[1].discount_rate",
      "{normal", "normal parameters must be finite numbers, got [.nan, 0.01]",
      id="distribution-nan"),
    P(edit(("horizon: 50", "horizon: .inf")), "horizon", ".inf",
      "expected a finite number, got .inf (omit horizon for an infinite horizon)",
      id="infinite-horizon"),
    P(edit(("lag: 1.0", "lag: .nan")), "steps[2].lag", ".nan",
      "expected a finite number, got .nan", id="nan-value"),
    P(edit(("{uniform: [0.02, 0.04]}", "{uniform: [0.02, high]}")), "parties[1].discount_rate",
      "{uniform", "uniform parameter 2 of [low, high] must be a number, got 'high'",
      id="distribution-param-text"),
    P(edit(("{uniform: [0.02, 0.04]}", "{uniform: [yes, 0.04]}")), "parties[1].discount_rate",
      "{uniform", "uniform parameter 1 of [low, high] must be a number, got 'yes'",
      id="distribution-param-yes"),
    P(edit(("{uniform: [0.02, 0.04]}", "{uniform: [true, 0.04]}")), "parties[1].discount_rate",
      "{uniform", "got true (a boolean, not a number)", id="distribution-param-boolean"),
    P(edit(("{uniform: [0.02, 0.04]}", "{uniform: [null, 0.04]}")), "parties[1].discount_rate",
      "{uniform", "uniform parameter 1 of [low, high] must be a number, got null",
      id="distribution-param-null"),
    P(edit(("{uniform: [0.02, 0.04]}", "{uniform: 0.03}")), "parties[1].discount_rate",
      "{uniform", "uniform takes a list of 2 numbers [low, high], got 0.03",
      id="distribution-params-not-a-list"),
    P(edit(("{uniform: [0.02, 0.04]}", "{}")), "parties[1].discount_rate", "{}",
      "a number needs exactly one of value, uniform", id="distribution-empty"),
    P(edit(("{uniform: [0.02, 0.04]}", "{value: 0.03, uniform: [0.02, 0.04]}")),
      "parties[1].discount_rate", "{value", "(found value and uniform)",
      id="distribution-two-kinds"),
    P(edit(("{uniform: [0.02, 0.04]}", "{value: yes}")), "parties[1].discount_rate",
      "{value", "value must be a number, got 'yes'", id="long-form-value-text"),
    P(edit(("{uniform: [0.02, 0.04]}", "{kind: value, params: [0.03]}")),
      "parties[1].discount_rate", "{kind", "unknown key 'kind' in a number",
      id="internal-form-rejected"),
    P(edit(("{uniform: [0.02, 0.04]}", "{value: 0.03, sources: ref1}")),
      "parties[1].discount_rate.sources", "sources: ^ref1", "expected a list, got 'ref1'",
      id="long-form-sources-not-a-list"),
    P(edit(("{uniform: [0.02, 0.04]}", "{value: 0.03, assumption: [a, b]}")),
      "parties[1].discount_rate.assumption", "[a, b]", "expected text, got ['a', 'b']",
      id="long-form-assumption-not-text"),
    P(edit(("horizon: 50", "horizon: " + "9" * 400)), "horizon", "horizon: ^999",
      "too large, got an integer of about", id="huge-integer"),
    P(edit(("{uniform: [0.02, 0.04]}", "{lognormal: [800, 1]}")), "parties[1].discount_rate",
      "{lognormal", "has an infinite mean", id="lognormal-overflow"),
    P(edit(("detection: 0.8, delay: 0.5", "sampling: {population: many, sample: 5, "
            "falsified: 1}, delay: 0.5")), "steps[2].verification.sampling.population", "many",
      "expected a whole number, got 'many'", id="sampling-population-text"),
    # -- references ------------------------------------------------------------------
    P(edit(("    actor: B\n    lag: 0.25", "    actor: C\n    lag: 0.25")), "steps[1].actor",
      "actor: ^C", "unknown party 'C'", id="unknown-party-actor"),
    P(edit(("    actor: B\n    lag: 0.25", "    actor: b\n    lag: 0.25")), "steps[1].actor",
      "actor: ^b", "unknown party 'b' (did you mean 'B'?)", id="unknown-party-did-you-mean"),
    P(edit(("flow: {A: 1.0, B: 0.2}", "flow: {A: 1.0, UK: 0.2}")), "steps[3].flow.UK", "UK",
      "unknown party 'UK'", id="unknown-party-flow-key"),
    P(edit(("once: {A: -0.2}", "once: {Z: -0.2}")), "steps[2].once.Z", "Z: -0.2",
      "unknown party 'Z'", id="unknown-party-once-key"),
    P(edit(("{id: sanctions, actor: B,", "{id: sanctions, actor: X,")), "sticks[0].actor",
      "actor: ^X", "unknown party 'X'", id="unknown-party-stick-actor"),
    P(edit(("against: A,", "against: Q,")), "sticks[0].against", "against: ^Q",
      "unknown party 'Q'", id="unknown-party-stick-against"),
    P(edit(("flow: {A: -0.5, B: -0.05}", "flow: {A: -0.5, C: -0.05}")), "sticks[0].flow.C",
      "C: -0.05", "unknown party 'C'", id="unknown-party-stick-flow"),
    P(edit(("actor: B, against: A,", "actor: B, against: B,")), "sticks[0].against",
      "against: ^B", "cannot impose it on itself ('B')", id="stick-against-itself"),
    P(edit(("capability: {cap: -12}", "capability: {cup: -12}")), "steps[2].capability.cup",
      "cup", "unknown capability 'cup' (did you mean 'cap'?)", id="unknown-capability"),
    P(edit(("    sources: [ref1]", "    sources: [ref2]")), "steps[0].sources[0]", "ref2",
      "unknown source 'ref2' (did you mean 'ref1'?)", id="unknown-source-entity"),
    P(edit(("{uniform: [0.02, 0.04]}", "{uniform: [0.02, 0.04], sources: [nobody]}")),
      "parties[1].discount_rate.sources[0]", "nobody", "unknown source 'nobody'",
      id="unknown-source-quantity"),
    # -- duplicate ids ---------------------------------------------------------------
    P(edit(("  - {id: B, discount_rate: {uniform: [0.02, 0.04]}}",
            "  - {id: B, discount_rate: {uniform: [0.02, 0.04]}}\n  - {id: B, discount_rate: 1}")),
      "parties[2].id", "B, discount_rate: 1", "duplicate id 'B' (first used at parties[1])",
      id="duplicate-party"),
    P(edit(("  - id: normalize\n    actor: B\n    flow: {A: 1.0, B: 0.2}\n",
            "  - id: normalize\n    actor: B\n    flow: {A: 1.0, B: 0.2}\n"
            "  - id: relief\n    actor: B\n")),
      "steps[4].id", "^relief\n    actor: B\nroadmap",
      "duplicate id 'relief' (first used at steps[1])", id="duplicate-step"),
    P(edit(("lag: 0.5}\n", "lag: 0.5}\n  - {id: sanctions, actor: B, against: A}\n")),
      "sticks[1].id", "sanctions, actor: B, against: A}", "duplicate id 'sanctions'",
      id="duplicate-stick"),
    P(edit(("  - {id: cap, unit: kg, initial: 12}",
            "  - {id: cap, unit: kg, initial: 12}\n  - {id: cap, initial: 1}")),
      "capabilities[1].id", "cap, initial: 1}", "duplicate id 'cap'", id="duplicate-capability"),
    # -- roadmap ---------------------------------------------------------------------
    P(edit(("[[dismantle], [normalize]]", "[[dismantle], [normalize], [freeze]]")),
      "roadmap[1].moves[2][0]", "[^freeze]]", "step 'freeze' is already in an earlier move "
      "(roadmap[0].moves[0][0])", id="step-in-two-moves"),
    P(edit(("[[dismantle], [normalize]]", "[[dismantle], [], [normalize]]")),
      "roadmap[1].moves[1]", "[]", "a move needs at least one step", id="empty-move"),
    P(edit(("[[dismantle], [normalize]]", "[[dismantle, normalize]]")), "roadmap[1].moves[0]",
      "[dismantle, normalize]", "mixes A (dismantle), B (normalize)", id="move-mixes-actors"),
    P(edit(("[[dismantle], [normalize]]", "[[dismantle], [normalise]]")),
      "roadmap[1].moves[1][0]", "normalise", "unknown step 'normalise' (did you mean "
      "'normalize'?)", id="unknown-step-in-move"),
    # -- ranges ----------------------------------------------------------------------
    P(edit(("detection: 0.8", "detection: 1.2")), "steps[2].verification.detection", "1.2",
      "a probability must lie in [0, 1] (got 1.2)", id="detection-above-one"),
    P(edit(("feasible: 0.4", "feasible: -0.4")), "steps[1].reversal.feasible", "-0.4",
      "a probability must lie in [0, 1] (got -0.4)", id="feasible-negative"),
    P(edit(("detection: 0.8", "detection: {uniform: [0.5, 1.5]}")),
      "steps[2].verification.detection", "{uniform: [0.5", "a probability must lie in [0, 1] "
      "(got uniform(0.5, 1.5), which can draw values that are not; use uniform, triangular "
      "or beta inside [0, 1])", id="detection-bounds-outside"),
    P(edit(("detection: 0.8", "detection: {normal: [1.3, 0.1]}")),
      "steps[2].verification.detection", "{normal", "a probability must lie in [0, 1] "
      "(got normal(1.3, 0.1), whose mean is 1.3)", id="detection-mean-above-one"),
    P(edit(("    lag: 1.0\n", "    lag: {triangular: [-1, 1, 2]}\n")), "steps[2].lag",
      "{triangular", "lag must not be negative (got triangular(-1, 1, 2), which can draw "
      "values that are not; use uniform, triangular, beta or lognormal above 0)",
      id="lag-bounds-below-zero"),
    P(edit(("    lag: 1.0\n", "    lag: -1.0\n")), "steps[2].lag", "lag: ^-1.0",
      "lag must not be negative (got -1)", id="negative-lag"),
    P(edit(("    lag: 1.0\n", "    lag: {normal: [-1, 0.5]}\n")), "steps[2].lag", "{normal",
      "lag must not be negative (got normal(-1, 0.5), whose mean is -1)",
      id="lag-mean-negative"),
    P(edit(("reversal: {lag: 3.0, cost: 0.5}", "reversal: {lag: -3.0, cost: 0.5}")),
      "steps[2].reversal.lag", "-3.0", "lag must not be negative (got -3)",
      id="negative-reversal-lag"),
    P(edit(("delay: 0.5", "delay: -0.5")), "steps[2].verification.delay", "delay: ^-0.5",
      "delay must not be negative (got -0.5)", id="negative-delay"),
    P(edit(("    duration: 2\n", "    duration: -2\n")), "roadmap[1].duration", "-2",
      "duration must not be negative (got -2)", id="negative-duration"),
    P(edit(("B: -0.05}, lag: 0.5}", "B: -0.05}, lag: -0.5}")), "sticks[0].lag", "-0.5}",
      "lag must not be negative (got -0.5)", id="negative-stick-lag"),
    P(edit(("horizon: 50", "horizon: 0")), "horizon", "horizon: ^0",
      "horizon must be positive (got 0)", id="zero-horizon"),
    P(edit(("horizon: 50", "horizon: -5")), "horizon", "-5", "horizon must be positive (got -5)",
      id="negative-horizon"),
    P(edit(("horizon: 50\n", ""), ("discount_rate: 0.10", "discount_rate: 0")),
      "parties[0].discount_rate", "discount_rate: ^0}",
      "discount rate must be positive when there is no horizon (got 0)",
      id="zero-discount-no-horizon"),
    P(edit(("horizon: 50\n", ""), ("discount_rate: 0.10", "discount_rate: -0.01")),
      "parties[0].discount_rate", "-0.01", "must be positive when there is no horizon",
      id="negative-discount-no-horizon"),
    P(edit(("horizon: 50\n", ""), ("{uniform: [0.02, 0.04]}", "{uniform: [0, 0.04]}")),
      "parties[1].discount_rate", "{uniform", "(got uniform(0, 0.04), which can draw values "
      "that are not; use uniform, triangular, beta or lognormal above 0, or give a horizon)",
      id="discount-bounds-reach-zero-no-horizon"),
    P(edit(("horizon: 50\n", ""), ("{uniform: [0.02, 0.04]}", "{normal: [-0.01, 0.01]}")),
      "parties[1].discount_rate", "{normal", "(got normal(-0.01, 0.01), whose mean is -0.01)",
      id="discount-mean-negative-no-horizon"),
    # -- requires --------------------------------------------------------------------
    P(edit(("    reversal: {lag: 0.1}\n", "    reversal: {lag: 0.1}\n    requires: [freeze]\n")),
      "steps[0].requires[0]", "requires: [^freeze]\n    sources", "step 'freeze' cannot "
      "require itself", id="self-require"),
    P(edit(("    reversal: {lag: 0.5, feasible: 0.4}\n",
            "    reversal: {lag: 0.5, feasible: 0.4}\n    requires: [dismantle]\n")),
      "steps[1].requires[0]", "requires: [^dismantle]", "'relief' requires 'dismantle', which "
      "must be executed in an earlier move (it is in a later move, roadmap[1].moves[0][0])",
      id="requires-later-move"),
    P(edit(("[[dismantle], [normalize]]", "[[dismantle, freeze2], [normalize]]"),
           ("  - id: normalize\n", "  - id: freeze2\n    actor: A\n    requires: [dismantle]\n"
            "  - id: normalize\n")),
      "steps[3].requires[0]", "requires: [^dismantle]", "(it is in the same move",
      id="requires-same-move"),
    P(edit(("    reversal: {lag: 0.5, feasible: 0.4}\n",
            "    reversal: {lag: 0.5, feasible: 0.4}\n    requires: [spare]\n"),
           ("  - id: normalize\n", "  - id: spare\n    actor: A\n  - id: normalize\n")),
      "steps[1].requires[0]", "[^spare]", "'relief' requires 'spare', which is not in the "
      "roadmap", id="requires-step-not-in-roadmap"),
    P(edit(("requires: [freeze]", "requires: [freez]")), "steps[2].requires[0]", "freez]",
      "unknown step 'freez' (did you mean 'freeze'?)", id="requires-unknown-step"),
    # -- phases and observed ---------------------------------------------------------
    P(edit(("  - phase: Halt\n", "  - phase: Halt\n    start: 1\n"),
           ("  - phase: Roll back\n", "  - phase: Roll back\n    start: 0.5\n")),
      "roadmap[1].start", "start: ^0.5", "phase starts at 0.5, before the previous phase's "
      "start 1; phases run in order", id="phase-start-before-previous"),
    P(edit(("lag: 0.5}\n", "lag: 0.5}\nobserved: {carried_out: [freeze, thaw]}\n")),
      "observed.carried_out[1]", "thaw", "unknown step 'thaw'", id="observed-unknown-step"),
    P(edit(("lag: 0.5}\n", "lag: 0.5}\nobserved: {breaking_step: relif}\n")),
      "observed.breaking_step", "relif", "unknown step 'relif' (did you mean 'relief'?)",
      id="observed-unknown-breaking-step"),
    P(edit(("lag: 0.5}\n", "lag: 0.5}\nobserved: {first_defector: C}\n")),
      "observed.first_defector", "defector: ^C", "unknown party 'C'",
      id="observed-unknown-party"),
    P(edit(("lag: 0.5}\n", "lag: 0.5}\nobserved: {source: [ref1]}\n")), "observed.source",
      "source:", "unknown key 'source' (did you mean 'sources'?)", id="observed-unknown-key"),
]


@pytest.mark.parametrize(("text", "field", "at", "phrase"), CASES)
def test_error_class(text: str, field: str, at: str, phrase: str) -> None:
    d = the_error(text, field)
    assert phrase in d.message, str(d)
    assert (d.line, d.column) == position(text, at), str(d)
    assert d.file == "s.yaml"


# -- files --------------------------------------------------------------------------
def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        read(tmp_path / "nope.yaml")
    [d] = info.value.problems
    assert (d.field, d.line, d.message) == ("(file)", None, "no such file")
    assert str(d) == f"{tmp_path / 'nope.yaml'}: error: (file): no such file"


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        read(tmp_path)
    [d] = info.value.problems
    assert d.field == "(file)" and "is a directory" in d.message


def test_non_utf8_file_points_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(BASE.replace("Test scenario", "Caf\u00e9").encode("latin-1"))
    with pytest.raises(ScenarioError) as info:
        read(path)
    [d] = info.value.problems
    assert d.field == "(file)" and "not UTF-8 text: byte 0xe9" in d.message
    assert (d.line, d.column) == (2, 11)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert read(path).scenario.title == "Test scenario"


def test_file_name_labels_every_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(edit(("horizon: 50", "horizon: -1")), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read(path)
    assert str(info.value.problems[0]).startswith(f"{path}:3:10: error: horizon: ")


def test_nul_byte_is_a_yaml_error() -> None:
    [d] = problems("accord: 1\ntitle: a\x00b\n")
    assert d.field == "(yaml)" and "#x0000" in d.message and (d.line, d.column) == (2, 9)


def test_deep_nesting_is_reported_not_crashed() -> None:
    [d] = problems("a: " + "[" * 300 + "]" * 300 + "\n")
    assert d.field == "(yaml)" and "levels deep" in d.message


def test_alias_bomb_is_reported_not_expanded() -> None:
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    [d] = problems("\n".join(lines) + "\n")
    assert d.field == "(yaml)" and "expands to more than" in d.message


def test_anchors_and_merge_keys_work() -> None:
    text = edit(("steps:\n", "defaults: &rev {lag: 0.1}\nsteps:\n"))
    # the extra key is reported, but the merge itself reads
    [d] = problems(text)
    assert d.field == "defaults"
    text = BASE.replace("reversal: {lag: 0.1}", "reversal: {<<: {lag: 0.7}, cost: 0.2}")
    s = read_text(text).scenario
    rev = s.steps[0].reversal
    assert rev is not None and rev.lag.mean == 0.7 and rev.cost.mean == 0.2


# -- several problems, warnings ---------------------------------------------------------
def test_all_problems_of_a_file_are_reported_in_line_order() -> None:
    text = edit(
        ("horizon: 50", "horizn: 50"),                                # unknown key
        ("{id: A, discount_rate: 0.10}", "{id: A, discount_rate: fast}"),  # wrong type
        ("    actor: B\n    lag: 0.25\n", "    lag: 0.25\n"),            # missing actor
        ("    lag: 1.0\n", "    lag: -1.0\n"),                           # negative lag
        ("detection: 0.8", "detection: 1.5"),                          # probability
        ("once: {A: -0.2}", "once: {Z: -0.2}"),                        # unknown party
        ("[[dismantle], [normalize]]", "[[dismantle, normalize]]"),    # mixed move
        ("against: A,", "against: B,"),                                # stick on itself
    )
    found = problems(text)
    for d in found:
        assert_clean(d)
    assert [d.field for d in found] == [
        "horizn", "parties[0].discount_rate", "steps[1].actor", "steps[2].lag",
        "steps[2].once.Z", "steps[2].verification.detection", "roadmap[1].moves[0]",
        "sticks[0].against",
    ]
    assert [d.line for d in found] == sorted(d.line or 0 for d in found)
    assert str(ScenarioError(found)).startswith("8 problems in the scenario:")


def test_placeholders_do_not_cause_follow_up_errors() -> None:
    # a party that is not a mapping: its id is unknown, so references to it are not blamed
    found = problems(edit(("  - {id: A, discount_rate: 0.10}", "  - A")))
    assert [d.field for d in found] == ["parties[0]"]
    # a move item that is not text: unused-step warnings would be noise
    found = problems(edit(("[[dismantle], [normalize]]", "[[dismantle], [7]]")))
    assert [d.field for d in found] == ["roadmap[1].moves[1][0]"]
    # a bad horizon does not make zero discount rates "infinite horizon" errors
    found = problems(edit(("horizon: 50", "horizon: long"), ("discount_rate: 0.10",
                                                             "discount_rate: 0")))
    assert [d.field for d in found] == ["horizon"]


def test_unused_step_is_a_warning_and_the_file_loads() -> None:
    text = edit(("  - id: normalize\n", "  - id: spare\n    actor: A\n  - id: normalize\n"))
    loaded = read_text(text, "s.yaml")
    [w] = loaded.warnings
    assert w.severity == "warning" and w.field == "steps[3].id"
    assert "'spare' is not in the roadmap (unused)" in w.message
    assert (w.line, w.column) == position(text, "^spare")
    assert str(w).startswith(f"s.yaml:{w.line}:{w.column}: warning: steps.spare.id (steps[3].id): ")


def test_warnings_come_with_errors() -> None:
    text = edit(("  - id: normalize\n", "  - id: spare\n    actor: A\n    requires: [ghost]\n"
                 "  - id: normalize\n"))
    found = problems(text)
    assert [(d.severity, d.field) for d in found] == [
        ("warning", "steps[3].id"), ("error", "steps[3].requires[0]")]
    assert str(ScenarioError(found)).startswith("1 problem in the scenario:")


def test_zero_discount_rate_is_fine_with_a_horizon() -> None:
    s = read_text(edit(("discount_rate: 0.10", "discount_rate: 0"))).scenario
    assert s.parties[0].discount_rate.mean == 0.0


def test_yes_is_a_boolean_only_where_one_is_expected() -> None:
    s = read_text(edit(("lag: 0.5}", "lag: 0.5, commitment: yes}"))).scenario
    assert s.sticks[0].commitment is True


def test_requires_cycle_is_reported_once() -> None:
    text = edit(("    reversal: {lag: 0.1}\n",
                 "    reversal: {lag: 0.1}\n    requires: [relief]\n"),
                ("    reversal: {lag: 0.5, feasible: 0.4}\n",
                 "    reversal: {lag: 0.5, feasible: 0.4}\n    requires: [freeze]\n"))
    found = problems(text)
    cycles = [d for d in found if "cycle" in d.message]
    assert len(cycles) == 1
    [c] = cycles
    assert c.field == "steps[1].requires[0]"
    assert "cycle in requires: 'freeze' -> 'relief' -> 'freeze'" in c.message
    # the order violation of the same requirement is a separate, true statement
    assert [d.field for d in found] == ["steps[0].requires[0]", "steps[1].requires[0]"]


def test_long_requires_chain_does_not_recurse() -> None:
    n = 1500  # deeper than Python's recursion limit
    steps = "".join(f"  - {{id: s{i}, actor: A, requires: [s{i + 1}]}}\n" for i in range(n))
    steps += f"  - {{id: s{n}, actor: A, requires: [s0]}}\n"
    text = (f"accord: 1\ntitle: t\nparties: [{{id: A, discount_rate: 0.1}}]\nsteps:\n{steps}"
            "roadmap: [{phase: P, duration: 1}]\n")
    found = problems(text)
    assert sum("cycle in requires" in d.message for d in found) == 1


# -- fuzzing: nothing but ScenarioError, ever -------------------------------------------------
def _data() -> Any:
    return YAML(typ="safe", pure=True).load(BASE)


def _dump(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*path, i))
    return out


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10 ** 30), 10 ** 30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
    st.sampled_from(["A", "B", "freeze", "relief", "ref1", "cap", "uniform", "value", "yes"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["value", "uniform", "normal", "beta", "lag", "id", "A", "x",
                                 "sources", "triangular", "lognormal", "assumption"]),
                                inner, max_size=3)),
    max_leaves=6,
)


def _outcome(text: str) -> Loaded | list[Diagnostic]:
    try:
        return read_text(text, "f.yaml")
    except ScenarioError as exc:
        assert exc.problems, "a ScenarioError lists its problems"
        for d in exc.problems:
            assert_clean(d, text)
        return exc.problems


#: ACCORD_FUZZ_EXAMPLES=5000 for a long run.
FUZZ = settings(max_examples=int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.data())
def test_mutated_worked_example_gives_scenario_error_or_loads(data: st.DataObject) -> None:
    doc = _data()
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        path = data.draw(st.sampled_from(paths))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["delete", "replace", "duplicate", "rename"]))
        last = path[-1]
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = data.draw(values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        elif action == "rename" and isinstance(parent, dict):
            parent[data.draw(st.text(min_size=1, max_size=6))] = parent.pop(last)
    result = _outcome(_dump(doc))
    if isinstance(result, list):
        # a problem of the data (not of the YAML) is always located
        assert all(d.line is not None for d in result), result


@FUZZ
@given(st.data())
def test_edited_text_gives_scenario_error_or_loads(data: st.DataObject) -> None:
    text = BASE
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 6)))
        text = text[:i] + data.draw(st.sampled_from(
            ["", "-", ":", "{", "}", "[", "]", "\n", "  ", "'", '"', "&a ", "*a", "!!", "<<: ",
             "#", "?", "|", ">", "\t", "yes", ".inf", "-1", "null", "A", "x"])) + text[j:]
    _outcome(text)


@FUZZ
@given(st.text(alphabet=st.sampled_from([*"ab:-[]{},'\"&*!|>#?\n 0.1e", "\t", "\x85"]),
               max_size=60))
def test_random_yamlish_text_gives_scenario_error(text: str) -> None:
    _outcome(text)


@FUZZ
@given(st.text(max_size=40))
def test_random_unicode_text_gives_scenario_error(text: str) -> None:
    _outcome(text)


def test_fuzz_helpers_round_trip() -> None:
    assert read_text(_dump(_data())).scenario == read_text(BASE).scenario


def test_pydantic_locations_of_unions_and_dict_keys_are_data_paths() -> None:
    """Guard for future fields: union members and '[key]' markers never reach a message."""
    from typing import Annotated

    from pydantic import BaseModel, StringConstraints, ValidationError

    from accord.io import shape

    class Probe(BaseModel):
        a: int | list[int]
        d: dict[Annotated[str, StringConstraints(min_length=2)], int]
        t: tuple[int, int]

    data = {"a": "x", "d": {"k": 1}, "t": [1, 2, 3]}
    with pytest.raises(ValidationError) as info:
        Probe.model_validate(data)
    found = shape._errors(info.value, data)
    assert sorted({path for path, _, _ in found}) == [("a",), ("d", "k"), ("t",)]
    for _, _, msg in found:
        assert not any(word in msg for word in RAW), msg
        assert "got" in msg, msg


def test_booleans_are_not_whole_numbers() -> None:
    text = edit(("{title: A report, year: 2018}", "{title: A report, year: true}"))
    d = the_error(text, "sources.ref1.year")
    assert d.message == "expected a whole number, got true (a boolean, not a number)"


@pytest.mark.parametrize(("rate", "horizon"), [
    pytest.param("{lognormal: [-3, 0.2]}", "", id="lognormal-no-horizon"),
    pytest.param("{beta: [2, 30]}", "", id="beta-no-horizon"),
    pytest.param("{uniform: [0.01, 0.05]}", "", id="uniform-above-zero-no-horizon"),
    pytest.param("{normal: [0.05, 0.01]}", "horizon: 50\n", id="normal-with-horizon"),
    pytest.param("-0.02", "horizon: 50\n", id="negative-with-horizon"),
])
def test_discount_rates_the_contract_allows(rate: str, horizon: str) -> None:
    """MODEL.md rejects only a rate that can be non-positive when there is no horizon."""
    s = accord.load_text(f"""accord: 1
title: rates
{horizon}parties: [{{id: A, discount_rate: {rate}}}, {{id: B, discount_rate: 0.1}}]
steps: [{{id: s, actor: A, flow: {{B: 1}}}}]
roadmap: [{{phase: P, duration: 1, moves: [[s]]}}]
""")
    assert s.parties[0].discount_rate.kind in ("value", "lognormal", "beta", "uniform", "normal")


# -- distributions whose draws can leave their range --------------------------------------
SAMPLED = [
    P(edit(("detection: 0.8", "detection: {lognormal: [-1, 0.5]}")),
      "steps[2].verification.detection", "{lognormal", "a probability must lie in [0, 1], "
      "but lognormal(-1, 0.5) can draw values that are not: analyze uses its mean "
      "0.416862019678508", id="detection-lognormal"),  # exp(-1 + 0.5^2 / 2) = exp(-0.875)
    P(edit(("feasible: 0.4", "feasible: {normal: [0.4, 0.1]}")), "steps[1].reversal.feasible",
      "{normal", "but normal(0.4, 0.1) can draw values that are not: analyze uses its mean 0.4",
      id="feasible-normal-unbounded"),
    P(edit(("    lag: 1.0\n", "    lag: {normal: [1, 0.5]}\n")), "steps[2].lag", "{normal",
      "lag must not be negative, but normal(1, 0.5) can draw values that are not",
      id="lag-normal"),
    P(edit(("horizon: 50\n", ""), ("{uniform: [0.02, 0.04]}", "{normal: [0.03, 0.01]}")),
      "parties[1].discount_rate", "{normal", "or give a horizon)",
      id="discount-normal-no-horizon"),
    # Halt starts at 0; Roll back (mean 1.5 >= 0) can draw 0.5 .. 2.5: fine.  A third
    # phase at 2 (after Roll back's mean start 1.5) may come before a draw of 2.5
    P(edit(("  - phase: Roll back\n    duration: 2\n",
            "  - phase: Roll back\n    start: {uniform: [0.5, 2.5]}\n    duration: 2\n"),
           ("    moves: [[dismantle], [normalize]]\n",
            "    moves: [[dismantle]]\n  - phase: Last\n    start: 2\n    duration: 1\n"
            "    moves: [[normalize]]\n")),
      "roadmap[2].start", "start: ^2\n    duration: 1", "phase starts at 2, and draws can put "
      "it before the previous phase's start (which can be up to 2.5)", id="phase-start-order"),
]


@pytest.mark.parametrize(("text", "field", "at", "phrase"), SAMPLED)
def test_a_distribution_that_can_leave_its_range_is_a_warning(text: str, field: str, at: str,
                                                              phrase: str) -> None:
    """The deterministic analysis uses the mean, which is in range: the file loads."""
    loaded = read_text(text, "s.yaml")
    [w] = loaded.warnings
    assert_clean(w, text)
    assert (w.severity, w.code, w.field) == ("warning", "sampled-range", field)
    assert phrase in w.message, str(w)
    assert (w.line, w.column) == position(text, at), str(w)
    assert w.as_error().severity == "error"


def test_a_step_outside_the_roadmap_is_not_checked_for_sampling() -> None:
    """Never evaluated nor sampled: only the unused-step warning."""
    text = edit(("    flow: {A: 1.0, B: 0.2}\n",
                 "    flow: {A: 1.0, B: 0.2}\n  - id: spare\n    actor: A\n"
                 "    lag: {normal: [1, 0.5]}\n"))
    [w] = read_text(text, "s.yaml").warnings
    assert (w.code, w.field) == ("unused-step", "steps[4].id")


def test_numbers_in_messages_keep_their_digits() -> None:
    """1.0000001 is not shown as 1: the message must not contradict itself."""
    d = the_error(edit(("detection: 0.8", "detection: 1.0000001")),
                  "steps[2].verification.detection")
    assert d.message == "a probability must lie in [0, 1] (got 1.0000001)"
    d = the_error(edit(("detection: 0.8", "detection: {normal: [1.0000001, 0.1]}")),
                  "steps[2].verification.detection")
    assert d.message.endswith("(got normal(1.0000001, 0.1), whose mean is 1.0000001)")
