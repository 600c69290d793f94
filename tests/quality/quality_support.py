"""Shared pieces of the quality gates: a scratch fact-check project, a YAML writer, claim strategies.

The YAML writer is written here, independently of the checker's loader, so that a round trip
(write with this, read with the checker) tests the loader instead of agreeing with itself.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]

# A source that the five articles do not exercise: a BOM, CRLF line ends, characters outside the
# BMP, combining marks, typographic punctuation and phrases repeated so that quotes are ambiguous.
EDGE_SOURCE_ID = "zz-edge_case"
EDGE_SOURCE = (
    "\ufeff---\r\ntitle: Edge case\r\nlanguage: en\r\n---\r\n"
    "The minister said \u201cthe line holds\u201d.\r\nThe minister said \u201cthe line holds\u201d again.\r\n"
    "Caf\u00e9 vs cafe\u0301 \u2014 na\u00efve\u00a0spacing\ttabs.\r\n"
    "\U0001F600 emoji \U0001F600 emoji \U0001F600\r\n"
    "aaaa aaaa aaaa\r\n"
    "Kyiv\u2019s forces; Kyiv's forces; Kyiv\u2019s forces.\r\n"
    "\r\n"
    "end of article"
)

# Codes of citation resolution (textual) and of checks across claim files: everything else the
# checker reports about a claim file is structure.
TEXTUAL_CODES = frozenset({
    "quote-not-found", "offsets-mismatch", "offsets-out-of-range", "prefix-mismatch",
    "suffix-mismatch", "context-mismatch", "quote-ambiguous", "source-unreadable"})
CROSS_FILE_CODES = frozenset({"unknown-related", "bad-related", "related-draft"})
# What YAML itself forbids in claim files (SPEC "YAML rules"); not expressible in JSON Schema.
YAML_CODES = frozenset({"duplicate-key", "yaml-alias", "yaml-anchor", "yaml-tag", "yaml-syntax",
                        "yaml-complex-key", "encoding", "empty-file", "not-a-mapping",
                        "multiple-documents"})


class Bodies(dict[str, str]):
    """Source bodies by id; short to print, since Hypothesis prints a failing example's inputs."""

    def __repr__(self) -> str:
        return f"<bodies of {', '.join(self)}>"


def make_project(root: Path) -> Bodies:
    """A scratch project with the repository's schema and seeds plus the edge-case source.

    Returns the source bodies by id, read independently of the checker (front matter split by
    hand as the SPEC words it).
    """
    shutil.copytree(REPO / "schema", root / "schema")
    # The properties are about structure and citations; the house rules have their own tests
    # (tests/checker/test_policy.py), so the generated claims need no editorial record.
    (root / "schema" / "policy.yaml").write_text(
        "review: off\npublished-date: off\nsingle-source: off\ncorrections: off\n", encoding="utf-8")
    shutil.copytree(REPO / "seeds", root / "seeds")
    (root / "seeds" / f"{EDGE_SOURCE_ID}.md").write_bytes(EDGE_SOURCE.encode("utf-8"))
    (root / "claims").mkdir()
    from factcheck.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["schema"], root=root) == 0  # the editor schema lists the extra source too
    return read_bodies(root / "seeds")


def read_bodies(seeds: Path) -> Bodies:
    bodies = Bodies()
    for path in sorted(seeds.iterdir()):
        text = path.read_bytes().decode("utf-8")
        text = text.removeprefix("\ufeff")
        lines = text.splitlines(keepends=True)
        if lines and lines[0].rstrip("\r\n") == "---":
            closing = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == "---")
            text = "".join(lines[closing + 1:])
        bodies[path.stem] = text
    return bodies


# --- a YAML writer ---------------------------------------------------------------------------

Pairs = list[tuple[str, Any]]  # a mapping as written: keys may repeat


def _escape(ch: str) -> str:
    o = ord(ch)
    named = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}
    if ch in named:
        return named[ch]
    if 0x20 <= o <= 0x7E or (0xA0 <= o <= 0xFFFD and o not in (0x2028, 0x2029, 0xFEFF)
                              and not 0xD800 <= o <= 0xDFFF) or o > 0xFFFF:
        return ch
    return f"\\x{o:02x}" if o <= 0xFF else f"\\u{o:04x}"


def double_quoted(text: str) -> str:
    return '"' + "".join(_escape(ch) for ch in text) + '"'


def _printable_line(text: str) -> bool:
    """Whether every character may stand as itself in a single-quoted or block scalar."""
    return all(ch in '\\"' or _escape(ch) == ch for ch in text)


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()'\u2019-]*[A-Za-z0-9.)]\Z|[A-Za-z]\Z")


_NOT_STRINGS = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"}


def scalar_styles(value: Any) -> list[str]:
    """The styles that write ``value`` so that a YAML 1.2 core-schema reader gets it back."""
    if not isinstance(value, str):
        return ["plain"]
    styles = ["double"]
    if "\n" not in value and "\r" not in value and _printable_line(value):
        styles.append("single")
    # YAML 1.2 core schema: of the plain scalars starting with a letter only these are not strings;
    # a date is a string (an editor's yaml-language-server reads it so too).
    if (_PLAIN.match(value) and "  " not in value and value not in _NOT_STRINGS) \
            or re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        styles.append("plain")
    if ("\n" in value and "\r" not in value and value[0] not in " \n\t"
            and _printable_line(value.replace("\n", ""))
            and "\t" not in value and not value.endswith(" ")
            and all(not line.endswith(" ") for line in value.split("\n"))):
        styles.append("literal")
    return styles


def write_scalar(value: Any, style: str, indent: int) -> tuple[str, list[str]]:
    """The text after 'key: ' (or '- ') and any block lines that follow."""
    if value is None:
        return "null", []
    if value is True or value is False:
        return ("true" if value else "false"), []
    if isinstance(value, int):
        return str(value), []
    if isinstance(value, float):
        if value != value:
            return ".nan", []
        if value in (float("inf"), float("-inf")):
            return ("-.inf" if value < 0 else ".inf"), []
        return repr(value), []
    assert isinstance(value, str)
    if style == "single":
        return "'" + value.replace("'", "''") + "'", []
    if style == "plain":
        return value, []
    if style == "literal":
        lines = value.split("\n")
        if value.endswith("\n"):
            lines = lines[:-1]
        chomp = "-" if not value.endswith("\n") else ("+" if value.endswith("\n\n") else "")
        return "|" + chomp, [(" " * indent + line) if line else "" for line in lines]
    return double_quoted(value), []


Chooser = Callable[[Any], str]


def write_mapping(pairs: Pairs, indent: int, step: int, choose: Chooser) -> list[str]:
    lines: list[str] = []
    for key, value in pairs:
        written = key if re.fullmatch(r"[a-z_]+", key) else double_quoted(key)
        head = " " * indent + written
        lines.extend(_write_entry(head + ":", value, indent, step, choose))
    return lines


def _write_entry(head: str, value: Any, indent: int, step: int, choose: Chooser) -> list[str]:
    if isinstance(value, Mapping_):
        if not value.pairs:
            return [head + " {}"]
        return [head] + write_mapping(value.pairs, indent + step, step, choose)
    if isinstance(value, list):
        if not value:
            return [head + " []"]
        lines = [head]
        dash = " " * (indent + step) + "- "
        for item in value:
            if isinstance(item, Mapping_) and item.pairs:
                sub = write_mapping(item.pairs, indent + step + 2, step, choose)
                sub[0] = dash + sub[0].lstrip(" ")
                lines.extend(sub)
            elif isinstance(item, (list, Mapping_)):
                lines.append(dash + flow(item))
            else:
                text, block = write_scalar(item, choose(item), indent + step + 2)
                lines.append(dash + text)
                lines.extend(block)
        return lines
    text, block = write_scalar(value, choose(value), indent + step)
    return [head + " " + text] + block


def flow(value: Any) -> str:
    """A value in flow style ([...], {...}), every string double-quoted."""
    if isinstance(value, Mapping_):
        return "{" + ", ".join(f"{double_quoted(k)}: {flow(v)}" for k, v in value.pairs) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return write_scalar(value, "double", 0)[0]


class Mapping_:
    """A mapping as written, key order and repeated keys kept."""

    def __init__(self, pairs: Pairs) -> None:
        self.pairs = pairs


def to_pairs(value: Any) -> Any:
    """Plain data to the writer's form (dicts become Mapping_)."""
    if isinstance(value, dict):
        return Mapping_([(k, to_pairs(v)) for k, v in value.items()])
    if isinstance(value, list):
        return [to_pairs(v) for v in value]
    return value


def from_pairs(value: Any) -> Any:
    """What a reader that keeps the first of repeated keys gets back."""
    if isinstance(value, Mapping_):
        out: dict[str, Any] = {}
        for k, v in value.pairs:
            out.setdefault(k, from_pairs(v))
        return out
    if isinstance(value, list):
        return [from_pairs(v) for v in value]
    return value


def write_claim(claim: Mapping_, step: int = 2, choose: Chooser | None = None) -> str:
    pick = choose or (lambda v: "double" if isinstance(v, str) else "plain")
    return "\n".join(write_mapping(claim.pairs, 0, step, pick)) + "\n"


# --- strategies --------------------------------------------------------------------------------

def non_blank_text(max_size: int = 60) -> st.SearchStrategy[str]:
    return st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=max_size) \
        .filter(lambda s: re.search(r"\S", s) is not None)


TAG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
DATE = st.dates().map(lambda d: d.isoformat()).filter(lambda s: len(s) == 10)


@st.composite
def span(draw: st.DrawFn, body: str, max_len: int = 160) -> tuple[int, int]:
    start = draw(st.integers(0, len(body) - 1))
    end = draw(st.integers(start + 1, min(len(body), start + max_len)))
    return start, end


@st.composite
def valid_citation(draw: st.DrawFn, bodies: dict[str, str]) -> tuple[dict[str, Any], tuple[int, int]]:
    """A citation of a real passage that resolves by the SPEC's rules, and where it resolves to."""
    from factcheck.anchoring import distinguishing_prefix, occurrences

    source = draw(st.sampled_from(sorted(bodies)))
    body = bodies[source]
    start, end = draw(span(body))
    quote = body[start:end]
    citation: dict[str, Any] = {"source": source, "quote": quote}
    found = occurrences(body, quote)
    mode = draw(st.sampled_from(["offsets", "context"]))
    prefix = distinguishing_prefix(body, found, start) if len(found) > 1 else None
    if mode == "offsets" or (len(found) > 1 and prefix is None):
        citation["start"], citation["end"] = start, end
        if start > 0 and draw(st.booleans()):
            citation["prefix"] = body[start - draw(st.integers(1, min(start, 20))):start]
    elif prefix is not None:
        citation["prefix"] = prefix
    if end < len(body) and draw(st.booleans()):
        citation["suffix"] = body[end:end + draw(st.integers(1, min(len(body) - end, 20)))]
    citation["stance"] = draw(st.sampled_from(["supports", "refutes", "context"]))
    if draw(st.booleans()):
        citation["note"] = draw(st.text(max_size=40))
    keys = draw(st.permutations(list(citation)))
    return {k: citation[k] for k in keys}, (start, end)


@st.composite
def valid_claim(draw: st.DrawFn, bodies: dict[str, str], verdicts: Sequence[str]
                ) -> tuple[dict[str, Any], list[tuple[int, int]]]:
    cited = draw(st.lists(valid_citation(bodies), min_size=1, max_size=3))
    claim: dict[str, Any] = {
        "claim": draw(non_blank_text()), "claimant": draw(non_blank_text(30)),
        "verdict": draw(st.sampled_from(list(verdicts))), "summary": draw(non_blank_text(200)),
        "evidence": [c for c, _ in cited]}
    optional = {
        "claim_date": DATE, "tags": st.lists(TAG, unique=True, max_size=3),
        "status": st.sampled_from(["published", "draft"]), "analyst": non_blank_text(20),
        "reviewers": st.lists(non_blank_text(20), unique=True, max_size=2), "updated": DATE}
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        claim[key] = draw(optional[key])
    keys = draw(st.permutations(list(claim)))
    return {k: claim[k] for k in keys}, [where for _, where in cited]


def style_chooser(draw: st.DrawFn) -> Chooser:
    """Picks, per scalar, one of the styles that keep its value (drawn, so it shrinks)."""
    def choose(value: Any) -> str:
        return draw(st.sampled_from(scalar_styles(value)))
    return choose


def file_lines(data: bytes) -> list[str]:
    """The lines of a file as an editor shows them (LF, CRLF or lone CR end a line)."""
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    return re.split(r"\r\n|\r|\n", text)
