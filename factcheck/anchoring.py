"""Anchoring a quoted passage in a source body: exact resolution, and suggestions when it fails.

Pure functions on strings, no I/O. Offsets count code points (Python ``str`` indices), start
inclusive, end exclusive, as the W3C Web Annotation TextPositionSelector does. A citation
resolves only on an exact match; the folding and fuzzy search below exist only to explain a
failure and propose the fix, never to make a citation pass.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .yaml_strings import yaml_string

# Typographic variants an analyst's keyboard or word processor swaps in or out.
QUOTE_FOLD = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"}
QUOTE_FOLD.update({c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"})
DASH_FOLD = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
FOLD_CLASSES = ("quotes", "dashes", "white space")
CLASS_NAMES = {"quotes": "typographic quotes", "dashes": "dashes", "white space": "white space"}

CONTEXT_CHARS = 32  # how much surrounding text a suggestion shows
MIN_SIMILARITY = 0.6  # below this a "closest passage" is noise, not help
# Fuzzy comparison costs the product of the lengths compared: suggestions look at no more than
# this much of a quote (its beginning), so a 1 MB quote costs what a 1,000-character one does.
FUZZY_QUOTE_CHARS = 1000
DIFF_WINDOW_CHARS = 2000  # how much of a long quote and its passage "where it differs" compares


@dataclass(frozen=True)
class Anchor:
    """A resolved citation: ``body[start:end] == quote``."""

    start: int
    end: int


@dataclass(frozen=True)
class Failure:
    """Why a citation does not resolve, which key is at fault, and what to write instead."""

    code: str
    key: str
    message: str
    suggestion: str | None = None


def occurrences(body: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of ``quote`` in ``body``, overlapping ones included."""
    found: list[int] = []
    at = body.find(quote)
    while at != -1:
        found.append(at)
        at = body.find(quote, at + 1)
    return found


def context_matches(body: str, start: int, end: int, prefix: str | None, suffix: str | None) -> bool:
    if prefix is not None and (start < len(prefix) or body[start - len(prefix):start] != prefix):
        return False
    if suffix is not None and body[end:end + len(suffix)] != suffix:
        return False
    return True


def anchor(body: str, quote: str, start: int | None = None, end: int | None = None,
           prefix: str | None = None, suffix: str | None = None) -> Anchor | Failure:
    """Resolve a citation by the SPEC's rules; the first rule it breaks is the failure."""
    if start is not None and end is not None:
        return _anchor_by_offsets(body, quote, start, end, prefix, suffix)
    found = occurrences(body, quote)
    if not found:
        return not_found(body, quote)
    matching = [at for at in found if context_matches(body, at, at + len(quote), prefix, suffix)]
    if not matching:
        return _context_failure(body, quote, found, prefix, suffix)
    if len(matching) > 1:
        return _ambiguous(body, quote, matching, prefix, suffix)
    return Anchor(matching[0], matching[0] + len(quote))


def _anchor_by_offsets(body: str, quote: str, start: int, end: int,
                       prefix: str | None, suffix: str | None) -> Anchor | Failure:
    if 0 <= start < end <= len(body) and body[start:end] == quote:
        if not context_matches(body, start, end, prefix, None):
            return _prefix_mismatch(body, [start], prefix or "", quote)
        if not context_matches(body, start, end, None, suffix):
            return _suffix_mismatch(body, [end], suffix or "", quote)
        return Anchor(start, end)
    # Only a failure needs to know where the quote really is (searching costs on every citation).
    found = occurrences(body, quote)
    where = _where_it_is(body, quote, found, prefix, suffix)
    if not 0 <= start < end <= len(body):
        if end <= start:
            problem = f"start {start} is not before end {end}"
        else:
            problem = f"end {end} is past the end of the source's text ({len(body)} characters)"
        if where is None:
            where = not_found(body, quote).suggestion
        return Failure("offsets-out-of-range", "start" if end <= start or start < 0 else "end",
                       f"offsets out of range: {problem}", where)
    if not found:  # in range, but body[start:end] is not the quote
        failure = not_found(body, quote)
        return Failure(failure.code, failure.key,
                       failure.message + f"; offsets {start}-{end} point at {_show(body[start:end])}",
                       failure.suggestion)
    return Failure("offsets-mismatch", "start",
                   f"offsets {start}-{end} point at {_show(body[start:end])}, not at the quote",
                   where)


def _where_it_is(body: str, quote: str, found: Sequence[int], prefix: str | None,
                 suffix: str | None) -> str | None:
    matching = [at for at in found if context_matches(body, at, at + len(quote), prefix, suffix)]
    candidates = matching or list(found)
    if len(candidates) == 1:
        at = candidates[0]
        return (f"the quote is at {at}-{at + len(quote)}; write:\n"
                f"start: {at}\nend: {at + len(quote)}")
    if candidates:
        listed = ", ".join(f"{at}-{at + len(quote)}" for at in candidates[:10])
        return f"the quote occurs {len(candidates)} times, at {listed}; set start and end to the one you mean"
    return None


def _show(text: str, limit: int = 60) -> str:
    """A passage quoted for a message: JSON escapes make line breaks and odd spaces visible."""
    if len(text) > limit:
        text = text[:limit - 1] + "\u2026"
    return json.dumps(text, ensure_ascii=False)


def _yaml_quote_lines(quote: str, start: int, end: int, prefix: str | None = None) -> str:
    """The lines of a citation to paste in place of the ones written (any text loads back exact)."""
    lines = [f"quote: {yaml_string(quote)}"]
    if prefix:
        lines.append(f"prefix: {yaml_string(prefix)}")
    lines += [f"start: {start}", f"end: {end}"]
    return "\n".join(lines)


# --- when the quote is not in the body --------------------------------------------------------

def fold(text: str, classes: Sequence[str]) -> tuple[str, list[int]]:
    """``text`` with the given classes folded, and the original offset of each folded position.

    The returned index list has one extra entry (``len(text)``) so that a folded end offset maps
    back too. White space folds to a single space per run, so indices are not one-to-one.
    """
    quotes, dashes, spaces = ("quotes" in classes, "dashes" in classes, "white space" in classes)
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if spaces and ch.isspace():
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            out.append(" ")
            index.append(i)
            i = j
            continue
        if dashes and (ch == "-" or ch in DASH_FOLD):
            # "--" typed for an em dash folds like the dash itself
            j = i + 1
            while j < n and (text[j] == "-" or text[j] in DASH_FOLD):
                j += 1
            out.append("-")
            index.append(i)
            i = j
            continue
        if quotes:
            ch = QUOTE_FOLD.get(ch, ch)
        out.append(ch)
        index.append(i)
        i += 1
    index.append(n)
    return "".join(out), index


def _folded_match(body: str, quote: str, classes: Sequence[str]) -> tuple[int, int] | None:
    folded_body, index = fold(body, classes)
    folded_quote, _ = fold(quote, classes)
    at = folded_body.find(folded_quote)
    if at == -1 or not folded_quote.strip():
        return None
    return index[at], index[at + len(folded_quote)]


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix, by halving (string comparison runs in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _differences(quote: str, passage: str, limit: int = 3) -> list[str]:
    """What differs, word by word: `source has X where the quote has Y`."""
    if len(quote) > DIFF_WINDOW_CHARS or len(passage) > DIFF_WINDOW_CHARS:
        # Long texts: compare a window from just before the first difference (bounded cost).
        at = max(0, _common_prefix(quote, passage) - CONTEXT_CHARS)
        quote, passage = quote[at:at + DIFF_WINDOW_CHARS], passage[at:at + DIFF_WINDOW_CHARS]
    q_tokens, p_tokens = _TOKEN.findall(quote), _TOKEN.findall(passage)
    pairs: list[str] = []
    matcher = difflib.SequenceMatcher(None, q_tokens, p_tokens, autojunk=False)
    for op, q1, q2, p1, p2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pair = f"{_show(''.join(p_tokens[p1:p2]))} where the quote has {_show(''.join(q_tokens[q1:q2]))}"
        if pair not in pairs:
            pairs.append(pair)
    shown = pairs[:limit]
    if len(pairs) > limit:
        shown.append(f"and {len(pairs) - limit} more")
    return shown


def not_found(body: str, quote: str) -> Failure:
    """The quote does not occur exactly; explain the nearest thing that does."""
    if quote.strip() != quote and quote.strip() and quote.strip() in body:
        at = body.find(quote.strip())
        return Failure(
            "quote-not-found", "quote",
            "quote not found: it has white space at its start or end that the source does not have",
            f"the source has {_show(quote.strip())} at {at}-{at + len(quote.strip())}. A block "
            "written with '|' or '>' keeps its last line break: write '|-' or '>-' instead, or "
            "the quote on one line:\n" + _yaml_quote_lines(quote.strip(), at, at + len(quote.strip())))
    span = _folded_match(body, quote, FOLD_CLASSES)
    if span is not None:
        start, end = span
        needed = [c for c in FOLD_CLASSES
                  if _folded_match(body, quote, [k for k in FOLD_CLASSES if k != c]) is None]
        named = " and ".join(CLASS_NAMES[c] for c in needed) or "typographic characters"
        passage = body[start:end]
        diffs = "; ".join(_differences(quote, passage))
        return Failure(
            "quote-not-found", "quote",
            f"quote not found exactly: it differs from the source only in {named}",
            f"the source has {diffs}. Copy the passage exactly:\n"
            + _yaml_quote_lines(passage, start, end))
    lower = body.lower().find(quote.lower())
    if lower != -1 and len(body.lower()) == len(body):
        passage = body[lower:lower + len(quote)]
        return Failure(
            "quote-not-found", "quote",
            "quote not found exactly: it differs from the source only in letter case",
            "copy the passage exactly:\n" + _yaml_quote_lines(passage, lower, lower + len(quote)))
    hint = ""
    if "..." in quote or "\u2026" in quote or "[" in quote:
        hint = ("a quote must be one unbroken passage: cite each part as its own citation instead "
                "of joining them with '...' or editing in [brackets]\n")
    closest = closest_passage(body, quote)
    if closest is None:
        return Failure("quote-not-found", "quote",
                       "quote not found: no passage of the source resembles it",
                       hint + "check the source id: the text may come from another article")
    start, end, ratio = closest
    passage = body[start:end]
    return Failure(
        "quote-not-found", "quote",
        f"quote not found: the closest passage ({round(ratio * 100)}% alike) is at {start}-{end}",
        f"{hint}the source has {_show(passage, 200)}; where it differs: "
        + "; ".join(_differences(quote, passage))
        + ". If that passage says what you mean, cite it exactly:\n"
        + _yaml_quote_lines(passage, start, end))


def _word_start(body: str, at: int) -> int:
    while at > 0 and not body[at - 1].isspace():
        at -= 1
    return at


def _word_end(body: str, at: int) -> int:
    while 0 < at < len(body) and not body[at].isspace() and not body[at - 1].isspace():
        at += 1
    while at > 0 and body[at - 1].isspace():
        at -= 1
    return at


def _snaps(body: str, at: int, to_start: bool) -> set[int]:
    """Word boundaries next to ``at``: the one before and the one after."""
    at = max(0, min(len(body), at))
    if to_start:
        after = at
        while after < len(body) and (body[after].isspace() or (after > 0 and not body[after - 1].isspace())):
            after += 1
        return {_word_start(body, at), min(after, len(body))}
    before = at
    while before > 0 and not body[before - 1].isspace():
        before -= 1
    return {_word_end(body, at), _word_end(body, before)}


def closest_passage(body: str, quote: str) -> tuple[int, int, float] | None:
    """The passage of ``body`` most like ``quote``, snapped to words: (start, end, similarity).

    Candidate windows are aligned on the longest common runs between the quote and the body
    (three pieces of the quote, so that an error anywhere still leaves a run to align on), which
    keeps this cheap enough to run on every failing citation. A quote longer than
    FUZZY_QUOTE_CHARS is compared by its beginning: the cost stays linear in the body and bounded
    in the quote, whatever their lengths.
    """
    if not body or not quote:
        return None
    quote = quote[:FUZZY_QUOTE_CHARS]
    guesses: set[int] = set()
    piece = max(1, len(quote) // 3)
    for offset in range(0, len(quote), piece):
        fragment = quote[offset:offset + piece]
        matcher = difflib.SequenceMatcher(None, body, fragment, autojunk=False)
        match = matcher.find_longest_match(0, len(body), 0, len(fragment))
        if match.size >= 3:
            guesses.add(match.a - match.b - offset)
    best: tuple[int, int, float] | None = None
    for guess in guesses:
        for start in _snaps(body, guess, to_start=True):
            for end in _snaps(body, guess + len(quote), to_start=False):
                if end <= start:
                    continue
                similar = difflib.SequenceMatcher(None, quote, body[start:end], autojunk=False)
                # quick_ratio() bounds ratio() from above at a fraction of its cost.
                if best is not None and similar.quick_ratio() <= best[2]:
                    continue
                ratio = similar.ratio()
                if best is None or ratio > best[2]:
                    best = (start, end, ratio)
    if best is None or best[2] < MIN_SIMILARITY:
        return None
    return best


# --- when the quote occurs, but not once -------------------------------------------------------

def distinguishing_prefix(body: str, found: Sequence[int], at: int) -> str | None:
    """The shortest whole-word prefix that tells the occurrence at ``at`` from the others."""
    others = [o for o in found if o != at]
    length = 1
    while length <= at:
        start = _word_start(body, at - length) if at - length > 0 else 0
        prefix = body[start:at]
        if all(o < len(prefix) or body[o - len(prefix):o] != prefix for o in others):
            return prefix
        length = at - start + 1
    return None


def distinguishing_suffix(body: str, ends: Sequence[int], end: int) -> str | None:
    """The shortest whole-word suffix that tells the occurrence ending at ``end`` from the others.

    Mirrors ``distinguishing_prefix`` on the reversed text, for the occurrence at the very start
    of a body, which no prefix can pick.
    """
    reversed_body = body[::-1]
    prefix = distinguishing_prefix(reversed_body, [len(body) - e for e in ends], len(body) - end)
    return prefix[::-1] if prefix is not None else None


def _ambiguous(body: str, quote: str, found: Sequence[int], prefix: str | None,
               suffix: str | None) -> Failure:
    listed = ", ".join(str(at) for at in found[:10]) + (", ..." if len(found) > 10 else "")
    narrowed = " even with the given prefix/suffix" if prefix or suffix else ""
    options = []
    for at in found[:3]:
        distinct = distinguishing_prefix(body, found, at)
        how = (f"prefix: {json.dumps(distinct, ensure_ascii=False)}" if distinct and not prefix
               else "")
        offsets = f"start: {at}, end: {at + len(quote)}"
        options.append(f"  at {at}: {how + ' or ' if how else ''}{offsets}"
                       f"  (...{_show(body[max(0, at - CONTEXT_CHARS):at])[1:-1]}[quote])")
    return Failure(
        "quote-ambiguous", "quote",
        f"quote occurs {len(found)} times in the source{narrowed} (at {listed}); "
        "a citation must pick one",
        "add a prefix or start/end to say which:\n" + "\n".join(options))


def _context_failure(body: str, quote: str, found: Sequence[int], prefix: str | None,
                     suffix: str | None) -> Failure:
    if prefix is not None and not any(context_matches(body, at, at + len(quote), prefix, None)
                                      for at in found):
        return _prefix_mismatch(body, found, prefix, quote)
    if suffix is not None and not any(context_matches(body, at, at + len(quote), None, suffix)
                                      for at in found):
        return _suffix_mismatch(body, [at + len(quote) for at in found], suffix, quote)
    return Failure(
        "context-mismatch", "prefix",
        "no single occurrence of the quote has both the given prefix and suffix",
        "keep only the one of prefix and suffix that picks the passage you mean, or give start/end")


def _where(count: int, side: str) -> str:
    return f"{side} the quote" if count == 1 else f"{side} any of the {count} occurrences of the quote"


def _words_before(body: str, at: int, length: int) -> str:
    """At least ``length`` characters of the text before ``at``, from the start of a word."""
    start = _word_start(body, at - length) if at - length > 0 else 0
    return body[start:at]


def _words_after(body: str, at: int, length: int) -> str:
    """At least ``length`` characters of the text after ``at``, to the end of a word."""
    end = min(len(body), at + length)
    while 0 < end < len(body) and not body[end].isspace() and not body[end - 1].isspace():
        end += 1
    return body[at:end]


def _closest_context(options: Sequence[tuple[int, str]], given: str) -> tuple[int, str]:
    return max(options, key=lambda o: difflib.SequenceMatcher(None, given, o[1], autojunk=False).ratio())


def _prefix_mismatch(body: str, starts: Sequence[int], prefix: str, quote: str | None = None) -> Failure:
    actual = [f"{_show(body[max(0, at - len(prefix)):at])} before the quote at {at}" for at in starts[:3]]
    message = f"prefix {_show(prefix)} is not the text {_where(len(starts), 'right before')}"
    options = [(at, _words_before(body, at, len(prefix))) for at in starts[:10]]
    at, words = _closest_context(options, prefix)
    if len(starts) > 1 and quote is not None:
        distinct = distinguishing_prefix(body, starts, at)
        if distinct is not None and len(distinct) > len(words):
            words = distinct
    if not words:
        return Failure("prefix-mismatch", "prefix", message,
                       f"nothing comes before the quote at {at}: it starts the source's text; "
                       "remove the prefix")
    if quote is not None and anchor(body, quote, prefix=words) != Anchor(at, at + len(quote)):
        return Failure("prefix-mismatch", "prefix", message,
                       "the source has " + "; ".join(actual) + "; to cite the one at "
                       f"{at}, write:\nprefix: {yaml_string(words)}\nstart: {at}\nend: {at + len(quote)}")
    where = f" (the one at {at})" if len(starts) > 1 else ""
    return Failure("prefix-mismatch", "prefix", message,
                   f"the text right before the quote{where} is {_show(words)}; write:\n"
                   f"prefix: {yaml_string(words)}")


def _suffix_mismatch(body: str, ends: Sequence[int], suffix: str, quote: str | None = None) -> Failure:
    options = [(at, _words_after(body, at, len(suffix))) for at in ends[:10]]
    at, words = _closest_context(options, suffix)
    if len(ends) > 1 and quote is not None:
        distinct = distinguishing_suffix(body, ends, at)
        if distinct is not None and len(distinct) > len(words):
            words = distinct
    message = f"suffix {_show(suffix)} is not the text {_where(len(ends), 'right after')}"
    if not words:
        return Failure("suffix-mismatch", "suffix", message,
                       f"nothing comes after the quote ending at {at}: it ends the source's text; "
                       "remove the suffix")
    if quote is not None and anchor(body, quote, suffix=words) != Anchor(at - len(quote), at):
        return Failure("suffix-mismatch", "suffix", message,
                       f"the text right after the quote ending at {at} is {_show(words)}; to cite "
                       f"that one, write:\nsuffix: {yaml_string(words)}\nstart: {at - len(quote)}\n"
                       f"end: {at}")
    where = f" (the one ending at {at})" if len(ends) > 1 else ""
    return Failure("suffix-mismatch", "suffix", message,
                   f"the text right after the quote{where} is {_show(words)}; write:\n"
                   f"suffix: {yaml_string(words)}")
