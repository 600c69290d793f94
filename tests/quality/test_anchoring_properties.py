"""Properties of anchoring, for any body and any span of it, checked against brute force.

A quote taken from a span resolves to that span when given its offsets, or when given enough
prefix (and the shortest such prefix the checker proposes does too); a bare quote resolves
exactly when it occurs once. Whatever the input, anchoring answers with an Anchor that really
points at the quote, or a Failure that explains itself; and the fixes a Failure proposes work.
`locate` (what analysts paste) always produces citations the checker accepts.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from factcheck.anchoring import Anchor, Failure, anchor, distinguishing_prefix, occurrences
from factcheck.checker import Project
from factcheck.cli import main
from factcheck.locate import MAX_SHOWN

from quality_support import EDGE_SOURCE_ID, make_project

# Pieces that make bodies hard: repeats (ambiguity, overlapping occurrences), line ends of every
# kind, typographic variants, characters outside the BMP, combining marks, odd spaces.
PIECES = ["the", "the ", " ", "a", "aa", "\n", "\r\n", "\r", "\u2019", "'", "\u201c", "\"",
          "\u2014", "-", "\U0001F600", "e\u0301", "\u00e9", "\u00a0", "\t", "Kursk", ".", "\u2028"]
BODIES = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join),
    st.text(min_size=1, max_size=80),
    st.text(alphabet="ab ", min_size=1, max_size=40),  # highly periodic: many overlaps
)
CODES = {"quote-not-found", "quote-ambiguous", "offsets-out-of-range", "offsets-mismatch",
         "prefix-mismatch", "suffix-mismatch", "context-mismatch"}
KEYS = {"quote", "start", "end", "prefix", "suffix"}


@st.composite
def body_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    body = draw(BODIES)
    start = draw(st.integers(0, len(body) - 1))
    end = draw(st.integers(start + 1, len(body)))
    return body, start, end


def distinguishes(body: str, found: list[int], at: int, prefix: str) -> bool:
    """Brute force: only the occurrence at ``at`` has ``prefix`` right before it."""
    return [o for o in found if body[max(0, o - len(prefix)):o] == prefix and o >= len(prefix)] == [at]


@settings(max_examples=200, deadline=None)
@given(body_and_span())
@example(("aaaa", 1, 3))
@example(("x\r\ny\r\nx\r\ny", 6, 7))
def test_a_span_resolves_to_itself_by_offsets(case: tuple[str, int, int]) -> None:
    body, start, end = case
    assert anchor(body, body[start:end], start, end) == Anchor(start, end)


@settings(max_examples=200, deadline=None)
@given(body_and_span(), st.data())
@example(("aaaa", 1, 3), None)
@example(("ab ab ab", 3, 5), None)
def test_a_span_resolves_to_itself_by_prefix(case: tuple[str, int, int], data: st.DataObject | None) -> None:
    body, start, end = case
    quote = body[start:end]
    found = occurrences(body, quote)
    assert start in found
    assert found == [i for i in range(len(body)) if body.startswith(quote, i)]  # overlaps counted

    # Bare: resolves exactly when the quote occurs once.
    bare = anchor(body, quote)
    if len(found) == 1:
        assert bare == Anchor(start, end)
    else:
        assert isinstance(bare, Failure) and bare.code == "quote-ambiguous"

    # The proposed prefix exists exactly when some prefix tells this occurrence apart (the longest
    # candidate, everything before it, does if any does), and it resolves to this span.
    proposed = distinguishing_prefix(body, found, start)
    can_be_told_apart = len(found) == 1 or distinguishes(body, found, start, body[:start])
    if start > 0 and can_be_told_apart:
        assert proposed is not None, "a distinguishing prefix exists but none was proposed"
    if proposed is not None:
        assert body[:start].endswith(proposed) and proposed
        assert distinguishes(body, found, start, proposed)
        assert anchor(body, quote, prefix=proposed) == Anchor(start, end)
        assert anchor(body, quote, start, end, prefix=proposed) == Anchor(start, end)

    # Any prefix taken from the body resolves iff brute force says it tells the span apart.
    if data is not None and start > 0:
        k = data.draw(st.integers(1, start), label="prefix length")
        prefix = body[start - k:start]
        result = anchor(body, quote, prefix=prefix)
        if distinguishes(body, found, start, prefix):
            assert result == Anchor(start, end)
        else:
            assert isinstance(result, Failure) and result.code == "quote-ambiguous"


@settings(max_examples=300, deadline=None)
@given(
    body=BODIES,
    quote=st.one_of(st.text(max_size=20), st.sampled_from(PIECES)),
    start=st.none() | st.integers(-3, 90),
    end=st.none() | st.integers(-3, 90),
    prefix=st.none() | st.text(min_size=1, max_size=4) | st.sampled_from(PIECES),
    suffix=st.none() | st.text(min_size=1, max_size=4) | st.sampled_from(PIECES),
)
def test_anything_resolves_soundly_or_fails_with_a_reason(
        body: str, quote: str, start: int | None, end: int | None, prefix: str | None,
        suffix: str | None) -> None:
    assume(quote != "")  # the schema rejects empty quotes before anchoring runs
    result = anchor(body, quote, start, end, prefix, suffix)
    if isinstance(result, Anchor):
        # Fuzzy matching never makes a citation pass: an anchor is the exact quote, with the
        # context and offsets that were given.
        assert body[result.start:result.end] == quote
        if start is not None and end is not None:
            assert (result.start, result.end) == (start, end)
        if prefix is not None:
            assert result.start >= len(prefix) and body[result.start - len(prefix):result.start] == prefix
        if suffix is not None:
            assert body[result.end:result.end + len(suffix)] == suffix
        return
    assert isinstance(result, Failure)
    assert result.code in CODES and result.key in KEYS and result.message.strip()
    if quote in body and start is None:
        assert result.code != "quote-not-found"
    assert_fix_works(body, quote, result, start, end)


TYPOGRAPHY = [("\u2019", "'"), ("'", "\u2019"), ("\u201c", '"'), ('"', "\u201c"), ("\u2014", "-"),
              ("-", "\u2014"), (" ", "  "), (" ", "\n"), ("\n", " "), ("\r\n", "\n"), ("\u00a0", " "),
              ("e\u0301", "\u00e9"), ("\u00e9", "e\u0301")]


@settings(max_examples=200, deadline=None)
@given(body_and_span(), st.data())
@example(("Kyiv\u2019s forces", 0, 6), None)
def test_a_quote_that_differs_from_the_text_never_resolves(
        case: tuple[str, int, int], data: st.DataObject | None) -> None:
    """Fuzzy matching only ever suggests: a quote re-punctuated, re-spaced, re-cased, normalised
    or cut short does not pass at the offsets of the passage it came from."""
    body, start, end = case
    quote = body[start:end]
    if data is None:
        changed = quote.replace("\u2019", "'")
    else:
        how = data.draw(st.sampled_from(["typography", "case", "trim", "extend"]), label="change")
        if how == "typography":
            old, new = data.draw(st.sampled_from([t for t in TYPOGRAPHY if t[0] in quote] or [("", "")]))
            changed = quote.replace(old, new, 1) if old else quote
        elif how == "case":
            changed = quote.swapcase()
        elif how == "trim":
            changed = quote[1:] or quote
        else:
            changed = quote + data.draw(st.sampled_from([" ", "\n", ".", "\u2019"]))
    assume(changed != quote and changed)
    at_offsets = anchor(body, changed, start, end)
    assert isinstance(at_offsets, Failure), (changed, at_offsets)
    bare = anchor(body, changed)
    if isinstance(bare, Anchor):
        assert body[bare.start:bare.end] == changed
    else:
        assert (bare.code == "quote-not-found") == (changed not in body)


def assert_fix_works(body: str, quote: str, failure: Failure, start: int | None = None,
                     end: int | None = None) -> None:
    """Every citation a suggestion spells out (quote/offsets, prefix, suffix, start/end) resolves,
    and every "quote not found" ends with lines to paste."""
    text = failure.suggestion or ""
    if failure.code == "quote-not-found" and "no passage of the source resembles it" not in failure.message:
        assert re.search(r"\nstart: \d+\nend: \d+\Z", text), text
    for m in re.finditer(r"(?:^|\n)((?:quote|prefix|suffix): .*(?:\n(?:prefix|suffix|start|end): .*)*)\Z", text):
        pasted = yaml.safe_load(m.group(1))
        s, e = pasted.get("start", start), pasted.get("end", end)
        if s is None or e is None:
            s = e = None  # offsets count only as a pair
        got = anchor(body, pasted.get("quote", quote), s, e, pasted.get("prefix"), pasted.get("suffix"))
        assert isinstance(got, Anchor), text
        if s is not None:
            assert (got.start, got.end) == (s, e), text
    string = r'"(?:[^"\\]|\\.)*"'
    for m in re.finditer(rf"at (\d+): (?:prefix: ({string}) or )?start: (\d+), end: (\d+)", text):
        s, e = int(m.group(3)), int(m.group(4))
        assert anchor(body, quote, s, e) == Anchor(s, e), text
        if m.group(2):
            assert anchor(body, quote, prefix=json.loads(m.group(2))) == Anchor(s, e), text
    for m in re.finditer(r"write:\nstart: (\d+)\nend: (\d+)\Z", text):
        s, e = int(m.group(1)), int(m.group(2))
        assert anchor(body, quote, s, e) == Anchor(s, e), text


# --- locate: what analysts paste ------------------------------------------------------------------

@pytest.fixture(scope="module")
def locate_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("locate-project")
    return root, make_project(root)


HEADER = ("claim: Generated by a property test.\nclaimant: Nobody\nverdict: unverifiable\n"
          "summary: Checks that pasted locate output is accepted.\nevidence:\n")


def locate_output(root: Path, source: str | None, text: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(["locate", *([source] if source else []), text], root=root)
    assert status in (0, 1)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_locate_output_always_checks(locate_project: tuple[Path, dict[str, str]],
                                     data: st.DataObject) -> None:
    """Text copied from a source (exactly, with its typography changed, or cut short): every
    citation `locate` prints, pasted under `evidence:`, passes the checker."""
    root, bodies = locate_project
    source = data.draw(st.sampled_from(sorted(bodies)), label="source")
    body = bodies[source]
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start + 1, min(len(body), start + 150)))
    text = body[start:end]
    how = data.draw(st.sampled_from(["exact", "straight quotes", "spaces", "edited"]), label="copy")
    if how == "straight quotes":
        text = text.translate({0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2014: "-"})
    elif how == "spaces":
        text = " " + re.sub(r"\s+", " ", text) + "\n"
    elif how == "edited":
        text = text[:len(text) // 2] + data.draw(st.text(max_size=5)) + text[len(text) // 2:]
    assume(text.strip() and not text.startswith("-"))  # '-' means stdin to the command

    everywhere = data.draw(st.booleans(), label="search every source")
    printed = locate_output(root, None if everywhere else source, text)
    blocks = printed.count("- source:")
    if how == "exact":
        assert blocks >= 1, printed
    if blocks == 0:
        return
    (root / "claims" / "located.yaml").write_text(HEADER + printed, encoding="utf-8")
    result = Project(root).check()
    assert result.diagnostics == [], printed + "\n" + "\n".join(map(str, result.diagnostics))
    evidence = result.checked["located"].evidence
    assert len(evidence) == blocks
    if how == "exact":
        assert all(c.quote == text for c in evidence)
        if len(occurrences(body, text)) <= MAX_SHOWN:  # beyond that locate lists the first ones
            assert (source, start, end) in [(c.source, c.start, c.end) for c in evidence]


def test_locate_at_the_start_of_a_repeating_body(locate_project: tuple[Path, dict[str, str]]) -> None:
    """The edge source repeats its first sentence: the occurrence at offset 0 has no prefix."""
    root, bodies = locate_project
    printed = locate_output(root, EDGE_SOURCE_ID, "The minister said")
    (root / "claims" / "located.yaml").write_text(HEADER + printed, encoding="utf-8")
    result = Project(root).check()
    assert result.ok, result.diagnostics
    assert [c.start for c in result.checked["located"].evidence] == [0, 37]
