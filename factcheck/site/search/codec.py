"""The compact text the index stores lists of documents in (``assets/search.js`` reads it back).

Every character is one of 64 (``ALPHABET``: letters, digits, ``-`` and ``_``), so a list is a
plain JSON string needing no escapes. A whole number is written in base 32, most significant
digit first: every digit but the last is one of the first 32 characters, the last one of the
other 32, so a number below 32 is one character, below 1,024 two, below 32,768 three. A score is
one character (its level, 0 to 63).

- a list of documents with scores: for each document, the gap from the previous one (the
  document number itself for the first, less one for the others, so that neighbours cost 0),
  then its score level;
- a list of documents without scores (the documents a very common word is *not* in): the gaps
  alone;
- a ranked list (a word's best documents, best first): each document number in full, then its
  score level.

Score levels are logarithmic: level ``q`` stands for ``SCORE_BASE * SCORE_RATIO ** q``."""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Sequence

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
LEVELS = 64
SCORE_BASE = 0.02  # the score of level 0
SCORE_RATIO = 1.12  # from one level to the next: level 63 is about 25
_MORE = ALPHABET[:32]  # a digit followed by more digits
_LAST = ALPHABET[32:]  # the number's last digit
_SMALL = 32 * 32 * 32  # numbers below this are written from a table made once


def _encode(value: int) -> str:
    digits = _LAST[value & 31]
    value >>= 5
    while value:
        digits = _MORE[value & 31] + digits
        value >>= 5
    return digits


_TABLE = [_encode(v) for v in range(_SMALL)]


def number(value: int) -> str:
    return _TABLE[value] if value < _SMALL else _encode(value)


_PER_LEVEL = 1 / math.log(SCORE_RATIO)
_LEVEL_0 = math.log(SCORE_BASE) * _PER_LEVEL


def level(score: float) -> int:
    """The score level (0 to 63) of a score (the nearest; 0 for anything below level 0)."""
    return min(LEVELS - 1, max(0, int(math.log(score) * _PER_LEVEL - _LEVEL_0 + 0.5))) if score > 0 else 0


def levels(scores: Iterable[float]) -> list[int]:
    """``level`` of each score, in one pass (a build scores millions)."""
    log, per, zero, top = math.log, _PER_LEVEL, _LEVEL_0 - 0.5, LEVELS - 1
    return [min(top, max(0, int(log(s) * per - zero))) for s in scores]


def scored_pieces(docs: Sequence[int], levels: Sequence[int]) -> list[str]:
    """Each document of a list (in increasing order) with its score level, as ``scored`` writes
    it: the gap from the one before, then the level."""
    gaps = [b - a - 1 for a, b in zip(itertools.chain((-1,), docs), docs)]
    if gaps and max(gaps) >= _SMALL:
        return [number(g) + ALPHABET[q] for g, q in zip(gaps, levels)]
    return list(map(operator.add, map(_TABLE.__getitem__, gaps), map(ALPHABET.__getitem__, levels)))


def gap_pieces(docs: Sequence[int]) -> list[str]:
    """Each document of a list (in increasing order), as ``gaps`` writes it."""
    return [number(b - a - 1) for a, b in zip(itertools.chain((-1,), docs), docs)]


def scored(docs: Sequence[int], levels: Sequence[int]) -> str:
    """Documents in increasing order, each with its score level."""
    return "".join(scored_pieces(docs, levels))


def gaps(docs: Sequence[int]) -> str:
    """Documents in increasing order, without scores."""
    return "".join(gap_pieces(docs))


def ranked(pairs: Iterable[tuple[int, int]]) -> str:
    """(document, score level) pairs in the order given."""
    return "".join(number(doc) + ALPHABET[q] for doc, q in pairs)


# --- reading back (the browser's search.js does the same; the tests use these) ---------------------

def _numbers(text: str) -> Iterable[int]:
    value = 0
    for char in text:
        digit = ALPHABET.index(char)
        if digit >= 32:
            yield (value << 5) | (digit - 32)
            value = 0
        else:
            value = (value << 5) | digit


def read_scored(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    previous = -1
    value = 0
    expecting_score = False
    for char in text:
        digit = ALPHABET.index(char)
        if expecting_score:
            out.append((previous, digit))
            expecting_score = False
        elif digit >= 32:
            previous = previous + 1 + ((value << 5) | (digit - 32))
            value = 0
            expecting_score = True
        else:
            value = (value << 5) | digit
    return out


def read_gaps(text: str) -> list[int]:
    out: list[int] = []
    previous = -1
    for gap in _numbers(text):
        previous += gap + 1
        out.append(previous)
    return out


def read_ranked(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    value = 0
    doc: int | None = None
    for char in text:
        digit = ALPHABET.index(char)
        if doc is not None:
            out.append((doc, digit))
            doc = None
        elif digit >= 32:
            doc = (value << 5) | (digit - 32)
            value = 0
        else:
            value = (value << 5) | digit
    return out
