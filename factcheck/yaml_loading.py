"""Claim files read with YAML 1.2 core-schema meaning, every value mapped back to line and column.

PyYAML's loaders implement YAML 1.1 (``no`` is False, ``2025-01-06`` is a date) and keep the last
of two duplicate keys silently, so we build values ourselves from the parser's events: they carry
anchors, explicit tags and exact marks, which the composed node graph no longer has.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Union

import yaml
from yaml import events as ev

from .diagnostics import Diagnostic, error
from .yaml_hints import explain

Path = tuple[Union[str, int], ...]

try:  # libyaml is an order of magnitude faster; the pure-Python parser gives the same events
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

UTF8_BOM = b"\xef\xbb\xbf"
# Where libyaml ends a line (CRLF once): every line:column we report or consume counts the same.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as libyaml numbers them (a final break leaves an empty last line)."""
    return LINE_BREAK.split(text)


def line_starts(text: str) -> list[int]:
    """The offset in ``text`` where each line starts, as libyaml numbers lines."""
    return [0] + [m.end() for m in LINE_BREAK.finditer(text)]

# YAML 1.2.2, section 10.3.2 (core schema tag resolution); anything else plain is a string.
_NULL = re.compile(r"(?:null|Null|NULL|~)?\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"[-+]?[0-9]+\Z")
_INT8 = re.compile(r"0o[0-7]+\Z")
_INT16 = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")


# Limits that keep every input cheap and every step free of deep recursion (the checker, jsonschema
# and the reporters all walk values recursively): YAML nested deeper than this is reported at the
# first value too deep, and a decimal integer with more digits than this is reported (Python
# refuses to convert more than 4,300 digits, or as few as 640 where the environment says so).
MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 600


class NumberTooLong(ValueError):
    """A plain scalar reads as a decimal integer with more than MAX_NUMBER_DIGITS digits."""


def resolve_plain_scalar(text: str) -> Any:
    """The value of an untagged plain scalar under the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        if len(text) > MAX_NUMBER_DIGITS and len(text.lstrip("+-")) > MAX_NUMBER_DIGITS:
            raise NumberTooLong(text)
        return int(text)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


@dataclass(frozen=True)
class Position:
    """Where a value sits: its key (for mapping entries) and the value itself, 1-based."""

    line: int
    column: int
    key_line: int | None = None
    key_column: int | None = None

    @property
    def key_or_value(self) -> tuple[int, int]:
        if self.key_line is not None and self.key_column is not None:
            return self.key_line, self.key_column
        return self.line, self.column


@dataclass
class YamlDocument:
    """A parsed file: plain JSON-like data plus the position of every value by its path."""

    file: str
    data: Any
    positions: dict[Path, Position] = field(default_factory=dict)

    def position(self, path: Path) -> Position:
        """The position of ``path``, or of its nearest located ancestor."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, Position(1, 1))


class _Problem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


_SCALAR, _ALIAS = ev.ScalarEvent, ev.AliasEvent
_SEQUENCE_START, _SEQUENCE_END = ev.SequenceStartEvent, ev.SequenceEndEvent
_MAPPING_START, _MAPPING_END = ev.MappingStartEvent, ev.MappingEndEvent


def _mark(event: ev.Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Builder:
    """Turns a stream of events into values; reports what the SPEC forbids, in document order."""

    def __init__(self, file: str, next_event: Callable[[], ev.Event]) -> None:
        self.file = file
        self.next = next_event  # the parser's own get_event: no generator in between
        self.positions: dict[Path, Position] = {}
        self.problems: list[Diagnostic] = []
        self.anchored: dict[str, Any] = {}  # so an alias (reported) does not cascade into "empty"

    def _check_node_properties(self, event: ev.NodeEvent) -> None:
        line, col = _mark(event)
        if isinstance(event, ev.AliasEvent):
            self.problems.append(error(
                self.file, line, col, "yaml-alias",
                f"'*{event.anchor}' (a YAML alias, which repeats a value written elsewhere) is not "
                "allowed in claim files",
                "write the value out in full: aliases hide what a citation says from reviewers"))
            return
        if event.anchor is not None:
            self.problems.append(error(
                self.file, line, col, "yaml-anchor",
                f"'&{event.anchor}' (a YAML anchor, which names a value to repeat) is not allowed in "
                "claim files",
                f"remove '&{event.anchor}'"))
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent))
                                    and event.implicit):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(error(
                self.file, line, col, "yaml-tag",
                f"'{shown}' (a YAML type tag) is not allowed in claim files",
                "remove it; put the value in quotes if it must be read as text"))

    # node() and mapping() run for every value of every claim: they dispatch on the exact event
    # class (the parser creates no subclasses) and look at anchors and tags only when present.

    def node(self, event: ev.Event, path: Path, key_mark: tuple[int, int] | None) -> Any:
        mark = event.start_mark
        if key_mark is None:
            self.positions[path] = Position(mark.line + 1, mark.column + 1)
        else:
            self.positions[path] = Position(mark.line + 1, mark.column + 1, *key_mark)
        kind = type(event)
        if kind is _ALIAS:
            self._check_node_properties(event)  # type: ignore[arg-type]
            return self.anchored.get(event.anchor)  # type: ignore[attr-defined]
        anchor, tag = event.anchor, event.tag  # type: ignore[attr-defined]
        if anchor is not None or tag is not None:
            self._check_node_properties(event)  # type: ignore[arg-type]
        value: Any
        if kind is _SCALAR:
            plain = tag is None and event.style in (None, "")  # type: ignore[attr-defined]
            try:
                value = resolve_plain_scalar(event.value) if plain else event.value  # type: ignore[attr-defined]
            except NumberTooLong:
                value = event.value  # type: ignore[attr-defined]
                self.problems.append(error(
                    self.file, mark.line + 1, mark.column + 1, "yaml-number-too-long",
                    f"a number of {len(value.lstrip('+-'))} digits is too long: numbers here have at "
                    f"most {MAX_NUMBER_DIGITS} digits", "put it in quotes if it is text"))
        elif len(path) >= MAX_DEPTH and kind in (_SEQUENCE_START, _MAPPING_START):
            # Checked here, as the builder descends, so that no step after it recurses deeply.
            self.problems.append(error(
                self.file, mark.line + 1, mark.column + 1, "yaml-too-deep",
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
                "a claim needs only a few levels: evidence, a citation, its keys"))
            self._skip(event)
            value = None
        elif kind is _SEQUENCE_START:
            value = []
            next_event = self.next
            while type(nxt := next_event()) is not _SEQUENCE_END:
                value.append(self.node(nxt, path + (len(value),), None))
        elif kind is _MAPPING_START:
            value = self.mapping(path)
        else:  # pragma: no cover - the parser only puts node events here
            raise AssertionError(f"unexpected YAML event {event!r}")
        if anchor is not None:
            self.anchored[anchor] = value
        return value

    def mapping(self, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        next_event = self.next
        while type(key_event := next_event()) is not _MAPPING_END:
            mark = key_event.start_mark
            key_line, key_col = mark.line + 1, mark.column + 1
            if type(key_event) is not _SCALAR:
                self.problems.append(error(
                    self.file, key_line, key_col, "yaml-complex-key",
                    "a key must be a plain word, not a list or a group of keys"))
                self._skip(key_event)
                self._skip(self.next())
                continue
            if key_event.anchor is not None or key_event.tag is not None:
                self._check_node_properties(key_event)
            key = key_event.value
            value_event = next_event()
            if key in first_seen:
                self.problems.append(error(
                    self.file, key_line, key_col, "duplicate-key",
                    f"duplicate key '{key}' (first given at line {first_seen[key]})",
                    f"keep one '{key}': other programs that read this file would silently keep only the last"))
                self._skip(value_event)
                continue
            first_seen[key] = key_line
            result[key] = self.node(value_event, path + (key,), (key_line, key_col))
        return result

    def _skip(self, event: ev.Event) -> None:
        depth = 1 if isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)) else 0
        while depth:
            nxt = self.next()
            if isinstance(nxt, (ev.MappingStartEvent, ev.SequenceStartEvent)):
                depth += 1
            elif isinstance(nxt, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                depth -= 1


def decode_utf8(file: str, data: bytes) -> tuple[str | None, Diagnostic | None]:
    """Strict UTF-8 without the BOM, or a diagnostic at the first bad byte."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        lines = split_lines(data[:exc.start].decode("utf-8"))  # valid up to the bad byte
        line = len(lines)
        column = len(lines[-1]) + 1
        return None, error(
            file, line, column, "encoding",
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "save the file as UTF-8")


def _inside(text: str, line: int, column: int) -> tuple[int, int]:
    """The position clamped to the text: at the end of a file without a final line break,
    libyaml reports a line past the last one, which no editor can go to."""
    lines = split_lines(text)
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, min(column, len(lines[line - 1]) + 1)


def _yaml_error_diagnostic(file: str, text: str, exc: yaml.YAMLError) -> Diagnostic:
    if isinstance(exc, yaml.reader.ReaderError):
        lines = split_lines(text[:exc.position])
        return error(file, len(lines), len(lines[-1]) + 1, "yaml-syntax",
                     f"the file contains a character YAML does not allow (U+{exc.character:04X})"
                     if isinstance(exc.character, int) else
                     "the file contains a character YAML does not allow",
                     "remove it, or copy the text again from the source file")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if "end of stream" in problem and getattr(exc, "context_mark", None) is not None:
        mark = exc.context_mark  # type: ignore[attr-defined]  # where the unclosed value starts
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    line, column = _inside(text, line, column)
    context_mark = getattr(exc, "context_mark", None)
    context = (context_mark.line + 1, context_mark.column + 1) if context_mark is not None else None
    hint = explain(text, line, column, problem, context if context != (line, column) else None)
    return error(file, hint.line, hint.column, "yaml-syntax", hint.message, hint.suggestion)


def load_yaml(file: str, data: bytes) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML file. A failure is a value: the document is None and diagnostics say why.

    Problems that do not stop us from reading on (duplicate keys, anchors, tags) come back with
    the document so that one run reports all of them.
    """
    text, problem = decode_utf8(file, data)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    parser = _Loader(text)
    builder = _Builder(file, parser.get_event)
    try:
        return _build_single_document(builder, file)
    except yaml.YAMLError as exc:
        return None, builder.problems + [_yaml_error_diagnostic(file, text, exc)]
    except _Problem as exc:
        return None, builder.problems + [exc.diagnostic]
    finally:
        parser.dispose()


def _build_single_document(builder: _Builder, file: str) -> tuple[YamlDocument, list[Diagnostic]]:
    builder.next()  # StreamStart
    start = builder.next()
    if isinstance(start, ev.StreamEndEvent):
        raise _Problem(error(file, 1, 1, "empty-file", "file is empty",
                             "a claim file holds the keys claim, claimant, verdict, summary and "
                             "evidence (see handbook/writing-claims.md); `python build.py new CLAIM-ID` "
                             "starts one from a template"))
    root_event = builder.next()
    data = builder.node(root_event, (), None)
    builder.next()  # DocumentEnd
    after = builder.next()
    if isinstance(after, ev.DocumentStartEvent):
        line, col = _mark(after)
        raise _Problem(error(file, line, col, "multiple-documents",
                             "this '---' line starts a second claim in the file; a claim file holds exactly one",
                             "move what follows it into a claim file of its own, or remove the line"))
    return YamlDocument(file, data, builder.positions), builder.problems
