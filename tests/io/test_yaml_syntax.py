"""YAML syntax errors say what to fix, in the user's terms, at the line that holds the mistake.

Each case is a small file with one syntax mistake; the expected line is the one a
person would edit (for a line without a colon, that line, not the next one where
the parser stopped), and the message names the likely cause and keeps the
parser's words in parentheses.
"""

from __future__ import annotations

import pytest

from accord.errors import ScenarioError
from accord.io.loader import read_text

P = pytest.param
CASES = [
    P("accord: 1\ntitle: t\nparties:\n  - id: A\n    discount_rate: 0.1\n      extra: 2\n",
      6, "indented deeper than the key above it", "mapping values are not allowed here",
      id="indented-too-deep"),
    P("accord: 1\ntitle t\nparties: []\n", 2, "missing space after the colon",
      "could not find expected ':'", id="missing-colon"),
    P("accord: 1\nparties:\n  - id: A\n   discount_rate: 0.1\n", 4, "indentation",
      "expected <block end>", id="key-out-of-line"),
    P("accord: 1\nparties:\n  - id: A\n - id: B\n", 4, "indentation", "expected <block end>",
      id="list-item-out-of-line"),
    P("accord: 1\nparties:\n\t- id: A\n", 3, "spaces only", "found character",
      id="tab"),
    P("accord: 1\ntitle: 'abc\nparties: []\n", 2, "quote opened on this line is never closed",
      "found unexpected end of stream", id="unclosed-quote"),
    P("accord: 1\nparties: [{id: A, discount_rate: 0.1}\nsteps: []\n", 2,
      "list '[' opened on this line is not closed", "expected ',' or ']'", id="unclosed-list"),
    P("accord: 1\nunits: {a: 1\ntitle: t\n", 2, "mapping '{' opened on this line is not closed",
      "expected ',' or '}'", id="unclosed-mapping"),
    P("accord: 1\ntitle: *x\n", 2, "anchor (&name) that is not defined",
      "found undefined alias", id="undefined-alias"),
]


@pytest.mark.parametrize(("text", "line", "cause", "parser"), CASES)
def test_yaml_syntax_error_in_user_terms(text: str, line: int, cause: str, parser: str) -> None:
    with pytest.raises(ScenarioError) as info:
        read_text(text, "f.yaml")
    [d] = info.value.problems
    assert (d.file, d.line, d.field) == ("f.yaml", line, "(yaml)")
    assert d.message.startswith("invalid YAML: ")
    assert cause in d.message
    assert f"(the parser says: {parser}" in d.message
