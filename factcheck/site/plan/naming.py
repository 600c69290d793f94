"""What a reader calls a source: its title and outlet from the front matter, or, for a stored text
with no headline, a short name made of what the source does say (its outlet, if its metadata names
one, and the first words of its text). Nothing is invented: the source's own page says how an
untitled source got its name. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...sources import Source
from ..html.escaping import one_line

FIRST_WORDS = 8  # of an untitled text, in its name
NAME_LIMIT = 90  # characters of a name made from the text
SHORT_LIMIT = 40  # characters of a name where room is short (evidence-map column heads)
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True)
class SourceName:
    name: str  # what the reader sees, everywhere: "Title (Outlet)", or "Outlet: “First words…”"
    short: str  # the same, cut shorter, for narrow places
    titled: bool  # the front matter gives a title
    explanation: str | None  # for an untitled source: how its name was made (its own page says so)


def _first_words(body: str, count: int = FIRST_WORDS) -> tuple[str, bool]:
    """The first ``count`` words of the text (from its first non-empty line), and whether it goes on."""
    line = next((candidate for candidate in body.splitlines() if candidate.strip()), "")
    words = [m.group(0) for m in _WORDS.finditer(line, 0, min(len(line), 600))]
    cut = words[:count]
    more = len(words) > count or len(line.split()) > count or body.strip() != line.strip()
    return " ".join(cut).rstrip(".,;:"), more


@lru_cache(maxsize=8192)
def _name(source_id: str, title: str | None, outlet: str | None, opening: str) -> SourceName:
    if title:
        name = f"{one_line(title)} ({one_line(outlet)})" if outlet else one_line(title)
        return SourceName(name, one_line(title, SHORT_LIMIT), True, None)
    words, more = _first_words(opening)
    if not words:  # an empty text: all there is to name it by is its outlet, or its file
        name = f"{one_line(outlet)} article {source_id}" if outlet else f"Article {source_id}"
        why = ("The stored text has no headline and no words of its own, so this page names it by "
               + ("its outlet and " if outlet else "") + "its file name.")
        return SourceName(name, one_line(name, SHORT_LIMIT), False, why)
    quoted = f"“{one_line(words, NAME_LIMIT)}{'…' if more else ''}”"
    name = f"{one_line(outlet)}: {quoted}" if outlet else quoted
    why = ("The stored text has no headline, so this page names it by "
           + ("its outlet and " if outlet else "") + "its first words.")
    prefix = f"{one_line(outlet, SHORT_LIMIT // 2)}: " if outlet else ""
    room = max(12, SHORT_LIMIT - len(prefix))
    opening_words = one_line(words, room)
    cut = opening_words != one_line(words) or more
    short = f"{prefix}“{opening_words.removesuffix('…')}{'…' if cut else ''}”"
    return SourceName(name, short, False, why)


def source_name(source: Source) -> SourceName:
    """The name a reader sees for ``source``."""
    title = source.meta.get("title")
    opening = "" if title else source.body[:2000]
    return _name(source.id, title, source.meta.get("outlet"), opening)
