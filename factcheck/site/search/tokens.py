"""Words as search knows them, the same in the build (here) and in the reader's browser
(``assets/search.js``, function ``tokens``), so that a word typed finds the word written.

A text is folded: compatibility-decomposed (NFKD: ``ﬁ`` is ``fi``, ``²`` is ``2``), lowercased
(Unicode's default lowercasing, which a browser's ``toLowerCase`` applies too), ``ß`` made ``ss``
and a final ``ς`` a ``σ`` (what case folding adds to lowercasing for the scripts a fact-check
desk is likely to quote), and stripped of every combining mark (``é`` is ``e``, ``Erdoğan`` is
``erdogan``). Then it is split into words: runs of letters and digits. A number keeps its
separators' digits together: ``11,000`` and ``11.000`` are the word ``11000``, as typed either way
or as ``11000``; ``2.5`` is ``25``. A single letter is no word (``Russia’s`` is ``russia``); a
single digit is. A run of more than ``MAX_LENGTH`` letters is cut into words of that length.

The browser can only reproduce what it has: Python's ``str.casefold`` would also fold a few
scripts' letters that ``toLowerCase`` leaves (Cherokee), so it is not used."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

MAX_LENGTH = 40  # characters of a word; a longer run of letters is cut into words of this length
MIN_PREFIX = 2  # characters of the last word typed before it is looked up as the start of words

_SEPARATOR = re.compile(r"(\d)[.,](?=\d)")  # kept: the digit before (faster than a look-behind)
# A word: two to MAX_LENGTH letters or digits, or one digit (a lone letter is no word).
_WORD = re.compile(r"[^\W_]{2,%d}|\d" % MAX_LENGTH)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _marks() -> tuple[re.Pattern[str], dict[int, None]]:
    """Every combining mark (Unicode categories Mn, Mc, Me), what ``\\p{M}`` matches in the
    browser: a pattern of those in the Basic Multilingual Plane (which Python's regular
    expressions test in one step) and a table for the few beyond it, made once per process."""
    marks = [code for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code))[0] == "M"]
    basic = "".join(re.escape(chr(code)) for code in marks if code <= 0xFFFF)
    return re.compile(f"[{basic}]+"), {code: None for code in marks if code > 0xFFFF}


def fold(text: str) -> str:
    """The text as words are compared: decomposed, lowercased, without combining marks."""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKD", text).lower().replace("ß", "ss").replace("ς", "σ")
    if folded.isascii():
        return folded
    basic, beyond = _marks()
    folded = basic.sub("", folded)
    return folded.translate(beyond) if _ASTRAL.search(folded) else folded


def words(folded: str) -> list[str]:
    """The words of an already folded text, in order (repeats kept)."""
    return _WORD.findall(_SEPARATOR.sub(r"\1", folded))


def tokens(text: str) -> list[str]:
    """The words of ``text`` as search indexes and looks them up."""
    return words(fold(text))
