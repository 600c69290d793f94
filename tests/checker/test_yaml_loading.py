"""Claim files mean what YAML 1.2 editors show, and every value keeps its line and column."""

from __future__ import annotations

import pytest

from factcheck.yaml_loading import load_yaml, resolve_plain_scalar


@pytest.mark.parametrize("text,value", [
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("y", "y"),
    ("2025-01-06", "2025-01-06"), ("1:30", "1:30"), ("1_000", "1_000"), ("0b101", "0b101"),
    ("true", True), ("False", False), ("null", None), ("~", None), ("", None),
    ("12", 12), ("-3", -3), ("0o17", 15), ("0x1F", 31), ("1.5", 1.5), ("1e3", 1000.0),
])
def test_plain_scalars_resolve_by_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert resolve_plain_scalar(text) == value
    assert type(resolve_plain_scalar(text)) is type(value)


def test_quoted_scalars_are_always_strings() -> None:
    doc, problems = load_yaml("f.yaml", b'a: "12"\nb: \'true\'\nc: |\n  null\n')
    assert problems == [] and doc is not None
    assert doc.data == {"a": "12", "b": "true", "c": "null\n"}


def test_positions_of_keys_and_values_are_one_based() -> None:
    doc, _ = load_yaml("f.yaml", "# c\nclaim: x\nevidence:\n  - source: s\n    quote: “q”\n".encode())
    assert doc is not None
    assert doc.position(("claim",)).key_or_value == (2, 1)
    assert (doc.position(("claim",)).line, doc.position(("claim",)).column) == (2, 8)
    assert (doc.position(("evidence", 0)).line, doc.position(("evidence", 0)).column) == (4, 5)
    quote = doc.position(("evidence", 0, "quote"))
    assert (quote.key_line, quote.key_column, quote.line, quote.column) == (5, 5, 5, 12)
    # a missing path falls back to its nearest located ancestor
    assert doc.position(("evidence", 0, "stance")) == doc.position(("evidence", 0))


def test_columns_count_code_points() -> None:
    doc, _ = load_yaml("f.yaml", "é: ü\nk: [a, “b”, c]\n".encode())
    assert doc is not None
    assert doc.position(("k", 2)).column == 13  # 17 if the curly quotes counted as UTF-8 bytes


def test_duplicate_key_is_reported_at_its_second_occurrence_and_the_first_kept() -> None:
    doc, problems = load_yaml("f.yaml", b"a: 1\nb: 2\na: 3\n")
    assert doc is not None and doc.data == {"a": 1, "b": 2}
    assert [(p.line, p.column, p.code) for p in problems] == [(3, 1, "duplicate-key")]
    assert "line 1" in problems[0].message


def test_nested_duplicate_with_a_mapping_value_is_skipped_whole() -> None:
    doc, problems = load_yaml("f.yaml", b"a:\n  b: 1\n  b:\n    c: [1, {d: 2}]\n  e: 3\n")
    assert doc is not None and doc.data == {"a": {"b": 1, "e": 3}}
    assert [(p.line, p.code) for p in problems] == [(3, "duplicate-key")]


def test_anchors_aliases_and_tags_are_errors_that_do_not_stop_reading() -> None:
    doc, problems = load_yaml("f.yaml", b"a: &x 1\nb: *x\nc: !!int 3\nd: !local v\ne: 5\n")
    assert doc is not None and doc.data["e"] == 5
    assert [(p.line, p.column, p.code) for p in problems] == [
        (1, 4, "yaml-anchor"), (2, 4, "yaml-alias"), (3, 4, "yaml-tag"), (4, 4, "yaml-tag")]


def test_bom_and_crlf_are_accepted_and_columns_ignore_the_bom() -> None:
    doc, problems = load_yaml("f.yaml", b"\xef\xbb\xbfa: x\r\nb: y\r\n")
    assert problems == [] and doc is not None and doc.data == {"a": "x", "b": "y"}
    assert doc.position(("a",)).column == 4 and doc.position(("b",)).line == 2


def test_non_utf8_is_reported_at_the_bad_byte() -> None:
    doc, problems = load_yaml("f.yaml", b"a: ok\nb: caf\xe9\n")
    assert doc is None
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 7, "encoding")]


def test_utf16_is_not_utf8() -> None:
    doc, problems = load_yaml("f.yaml", "a: b\n".encode("utf-16"))
    assert doc is None and problems[0].code == "encoding"


@pytest.mark.parametrize("data,code", [
    (b"", "empty-file"), (b"# nothing\n", "empty-file"),
    (b"a: 1\n---\nb: 2\n", "multiple-documents"),
    (b"a: [1, 2\n", "yaml-syntax"), (b"a: b: c\n", "yaml-syntax"),
    (b"a: \x07\n", "yaml-syntax"),
])
def test_unreadable_documents_are_diagnostics_not_exceptions(data: bytes, code: str) -> None:
    doc, problems = load_yaml("f.yaml", data)
    assert doc is None and [p.code for p in problems][-1] == code
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


@pytest.mark.parametrize("line_break", [b"\n", b"\r\n", b"\r", "\u2028".encode(), "\x85".encode()])
def test_encoding_errors_count_lines_as_libyaml_does(line_break: bytes) -> None:
    doc, problems = load_yaml("f.yaml", b"a: x" + line_break + b"b: \xff\n")
    assert doc is None and [(p.line, p.column, p.code) for p in problems] == [(2, 4, "encoding")]
