"""YAML with positions: every key and value keeps its line and column; YAML-level problems."""

from __future__ import annotations

import pytest
from ruamel.yaml.error import YAMLError

from accord.io.positions import MAX_DEPTH, DocumentTooLarge, parse

TEXT = """\
accord: 1
title: "Quoted: title"
parties:
  - {id: A, discount_rate: 0.1}
  - id: B
    discount_rate:
      uniform: [0.02, 0.04]
empty:
when: 2001-12-14
"""


def test_plain_data() -> None:
    data = parse(TEXT).data
    assert data == {
        "accord": 1, "title": "Quoted: title",
        "parties": [{"id": "A", "discount_rate": 0.1},
                    {"id": "B", "discount_rate": {"uniform": [0.02, 0.04]}}],
        "empty": None, "when": "2001-12-14",
    }


@pytest.mark.parametrize(("path", "value", "key"), [
    pytest.param(("accord",), (1, 9), (1, 1), id="top-level"),
    pytest.param(("title",), (2, 8), (2, 1), id="quoted"),
    pytest.param(("parties",), (4, 3), (3, 1), id="block-list"),
    pytest.param(("parties", 0), (4, 5), None, id="list-item-flow-mapping"),
    pytest.param(("parties", 0, "discount_rate"), (4, 28), (4, 13), id="flow-mapping-value"),
    pytest.param(("parties", 1), (5, 5), None, id="list-item-block-mapping"),
    pytest.param(("parties", 1, "discount_rate"), (7, 7), (6, 5), id="nested-block"),
    pytest.param(("parties", 1, "discount_rate", "uniform", 1), (7, 23), None,
                 id="flow-list-item"),
    pytest.param(("empty",), (8, 1), (8, 1), id="empty-value-at-its-key"),
])
def test_positions(path: tuple[str | int, ...], value: tuple[int, int],
                   key: tuple[int, int] | None) -> None:
    located = parse(TEXT)
    assert located.values[path] == value
    assert located.keys.get(path) == key
    assert located.position(path) == value
    if key is not None:
        assert located.position(path, key=True) == key


def test_position_falls_back_to_the_closest_parent() -> None:
    located = parse(TEXT)
    assert located.position(("parties", 1, "missing")) == (5, 5)
    assert located.position(("nowhere", 3)) == (1, 1)
    assert located.position(()) == (1, 1)


def test_yes_no_on_off_are_text_in_yaml_1_2() -> None:
    assert parse("a: yes\nb: off\nc: true\nd: 0x10\ne: .inf\n").data == {
        "a": "yes", "b": "off", "c": True, "d": 16, "e": float("inf")}


def test_keys_are_the_text_written() -> None:
    assert parse("{1: a, null: b, true: c, 1.50: d}").data == {
        "1": "a", "null": "b", "true": "c", "1.50": "d"}


def test_duplicate_keys_are_all_reported_and_the_first_kept() -> None:
    located = parse("a: 1\nb: {x: 1, x: 2}\na: 3\n")
    assert located.data == {"a": 1, "b": {"x": 1}}
    assert sorted((p.path, p.position) for p in located.problems) == [
        (("a",), (3, 1)), (("b", "x"), (2, 11))]
    assert any("duplicate key 'a' (first at line 1)" in p.message for p in located.problems)


def test_merge_keys() -> None:
    located = parse("base: &b {lag: 1, cost: 2}\nrev: {<<: *b, cost: 5}\n")
    assert located.data["rev"] == {"cost": 5, "lag": 1}
    assert located.problems == []
    assert located.keys[("rev", "cost")] == (2, 15)  # the explicit key wins, with its place


def test_merge_of_a_list_of_mappings_and_a_bad_merge() -> None:
    assert parse("a: &a {x: 1}\nb: &b {y: 2}\nc: {<<: [*a, *b]}\n").data["c"] == {"x": 1,
                                                                                 "y": 2}
    located = parse("c: {<<: 3, z: 1}\n")
    assert located.data == {"c": {"z": 1}}
    assert "merge key (<<) needs a mapping" in located.problems[0].message


def test_aliases_are_copied_with_positions_of_the_anchor() -> None:
    located = parse("a: &x {lag: 1}\nb: *x\n")
    assert located.data == {"a": {"lag": 1}, "b": {"lag": 1}}
    assert located.values[("b", "lag")] == (1, 13)


@pytest.mark.parametrize(("text", "path", "phrase"), [
    pytest.param("a: &a [1, *a]\n", ("a", 1), "recursive alias", id="recursive-alias"),
    pytest.param("a: !!binary aGk=\n", ("a",), "unsupported YAML tag '!!binary'", id="binary"),
    pytest.param("a: !!set {x, y}\n", ("a",), "unsupported YAML tag '!!set'", id="set"),
    pytest.param("a: !!python/name:os.system x\n", ("a",),
                 "unsupported YAML tag '!!python/name:os.system'", id="python-tag"),
    pytest.param("a: !!int 12x\n", ("a",), "cannot read '12x' as !!int", id="bad-int"),
    pytest.param("? [a]\n: 1\n", (), "a key must be plain text, not a list", id="list-key"),
    pytest.param("? {a: 1}\n: 1\n", (), "not a mapping", id="mapping-key"),
])
def test_yaml_level_problems(text: str, path: tuple[str | int, ...], phrase: str) -> None:
    located = parse(text)
    [p] = located.problems
    assert p.path == path and phrase in p.message and p.position is not None


def test_syntax_error_is_ruamels() -> None:
    with pytest.raises(YAMLError):
        parse("a: [1,\n")


def test_nesting_and_expansion_limits() -> None:
    parse("a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2))
    with pytest.raises(DocumentTooLarge, match="levels deep"):
        parse("a: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2))
    with pytest.raises(DocumentTooLarge, match="levels deep"):
        parse("[" * 1200 + "]" * 1200)  # deep enough for ruamel itself to give up
    bomb = "a: &a [" + ", ".join(["1"] * 100) + "]\n"
    bomb += "b: &b [" + ", ".join(["*a"] * 100) + "]\n"
    bomb += "c: [" + ", ".join(["*b"] * 100) + "]\n"
    with pytest.raises(DocumentTooLarge, match="expands to more than"):
        parse(bomb)


def test_empty_text() -> None:
    located = parse("")
    assert located.data is None and located.position(("a",)) == (1, 1)
