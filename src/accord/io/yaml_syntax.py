"""YAML syntax errors in the user's terms: what is wrong, the likely cause, the line.

The parser's own words (``mapping values are not allowed here``) describe its
state, not the file.  :func:`explain` turns the common ones into what an analyst
can fix (an indentation, a missing space after a colon, a tab, an unclosed
quote or bracket) and points at the line that holds the mistake, which is
sometimes the line the parser names as its context rather than where it
stopped.  The parser's words follow in parentheses, so the message can still be
searched for.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruamel.yaml.error import MarkedYAMLError

from accord.io.shape import one_line

__all__ = ["Explained", "explain"]

INDENT = ("likely cause: indentation (the keys of one mapping, and the '-' of one "
          "list, start in the same column; indent with spaces)")

#: (words of the parser's problem, whether the mistake is at the context mark, what to say)
RULES: tuple[tuple[str, bool, str], ...] = (
    ("mapping values are not allowed here", False,
     "a ':' here cannot start a value; likely cause: this line is indented deeper than "
     "the key above it, or a value contains ': ' (put such a value in quotes)"),
    ("could not find expected ':'", True,
     "this line is not 'key: value'; likely cause: a missing colon, or a missing space "
     "after the colon (write 'key: value', not 'key:value')"),
    ("expected <block end>", False, f"this line does not line up with the lines above it; "
     f"{INDENT}"),
    ("did not find expected key", False, f"this line does not line up with the keys above it; "
     f"{INDENT}"),
    ("did not find expected '-' indicator", False,
     f"this line does not line up with the list items above it; {INDENT}"),
    ("that cannot start any token", False,
     "a tab or another character that cannot start a line; YAML indents with spaces only "
     "(replace tabs with spaces)"),
    ("found unexpected end of stream", True,
     "a quote opened on this line is never closed"),
    ("found undefined alias", False,
     "an alias (*name) refers to an anchor (&name) that is not defined before it"),
    ("expected ',' or ']'", True,
     "a list '[' opened on this line is not closed with ']', or two of its items lack a ',' "
     "between them"),
    ("expected ',' or '}'", True,
     "a mapping '{' opened on this line is not closed with '}', or two of its entries lack "
     "a ',' between them"),
)


@dataclass(frozen=True)
class Explained:
    """Where the mistake is (1-based, ``None`` when unknown) and what to tell the user."""

    line: int | None
    column: int | None
    message: str


def _at(mark: object) -> tuple[int | None, int | None]:
    line, column = getattr(mark, "line", None), getattr(mark, "column", None)
    return (None if line is None else line + 1, None if column is None else column + 1)


def explain(exc: MarkedYAMLError) -> Explained:
    """The user's-terms message for a YAML syntax error, at the line to fix.

    >>> from ruamel.yaml import YAML
    >>> try:
    ...     YAML(typ="rt").load("accord: 1\\ntitle t\\nparties: []\\n")
    ... except MarkedYAMLError as exc:
    ...     e = explain(exc)
    >>> e.line, e.message.split(";")[0]
    (2, "invalid YAML: this line is not 'key: value'")
    """
    problem = one_line(str(exc.problem or exc.context or "syntax error"))
    at_problem = _at(exc.problem_mark or exc.context_mark)
    for words, at_context, text in RULES:
        if words in problem:
            line, column = at_problem
            if at_context and exc.context_mark is not None:
                line, column = _at(exc.context_mark)
            return Explained(line, column, f"invalid YAML: {text} (the parser says: {problem})")
    message = problem
    if exc.context and exc.problem:
        where = exc.context_mark
        same = where is None or where is exc.problem_mark
        extra = "" if same else f" at line {where.line + 1}"
        message += f" ({one_line(str(exc.context))}{extra})"
    return Explained(*at_problem, f"invalid YAML: {message}")
