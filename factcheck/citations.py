"""Resolving citations against the project's sources, with the cross-source hints anchoring can't give."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .anchoring import Anchor, Failure, anchor, occurrences
from .sources import SOURCE_ID, SourceLibrary
from .spelling import did_you_mean

_CitationKey = tuple[str, str, Any, Any, Any, Any]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _optional_text(value: object) -> bool:
    return value is None or (isinstance(value, str) and value != "")


def resolvable(citation: Mapping[str, Any]) -> bool:
    """Whether the citation is well-formed enough to resolve; if not, the schema reports why."""
    start, end = citation.get("start"), citation.get("end")
    offsets_ok = (start is None and end is None) or (_is_int(start) and _is_int(end) and start >= 0)
    return (isinstance(citation.get("source"), str) and SOURCE_ID.match(citation["source"]) is not None
            and isinstance(citation.get("quote"), str) and citation["quote"] != ""
            and offsets_ok
            and _optional_text(citation.get("prefix")) and _optional_text(citation.get("suffix")))


class CitationResolver:
    """Resolves citations, remembering each answer so the site reuses the checker's work."""

    def __init__(self, library: SourceLibrary) -> None:
        self.library = library
        self._cache: dict[_CitationKey, Anchor | Failure] = {}

    def resolve(self, citation: Mapping[str, Any]) -> Anchor | Failure:
        key: _CitationKey = (citation["source"], citation["quote"], citation.get("start"),
                             citation.get("end"), citation.get("prefix"), citation.get("suffix"))
        if key not in self._cache:
            self._cache[key] = self._resolve(*key)
        return self._cache[key]

    def _resolve(self, source_id: str, quote: str, start: int | None, end: int | None,
                 prefix: str | None, suffix: str | None) -> Anchor | Failure:
        if source_id not in self.library:
            return self._unknown_source(source_id, quote)
        source = self.library.get(source_id)
        if source is None:
            return Failure("source-unreadable", "source",
                           f"source '{source_id}' could not be read",
                           "fix the problems reported for its file in seeds/")
        result = anchor(source.body, quote, start, end, prefix, suffix)
        if isinstance(result, Failure) and result.code == "quote-not-found":
            elsewhere = self._found_elsewhere(quote, exclude=source_id)
            if elsewhere:
                hint = f"the quote occurs exactly in {elsewhere}: is the source id right?" + self._block(quote)
                keep = result.suggestion if result.suggestion and "resembles" not in result.message else None
                result = Failure(result.code, result.key, result.message,
                                 f"{hint}\n{keep}" if keep else hint)
        return result

    def _found_elsewhere(self, quote: str, exclude: str) -> str | None:
        hits = []
        for source in self.library:
            if source.id == exclude:
                continue
            found = occurrences(source.body, quote)
            if found:
                where = ", ".join(f"{at}-{at + len(quote)}" for at in found[:3])
                hits.append(f"source '{source.id}' (at {where})")
        return " and ".join(hits[:3]) if hits else None

    def _block(self, quote: str) -> str:
        """Where the quote occurs exactly once in all the sources: the lines that cite it there."""
        found = [(source.id, at) for source in self.library for at in occurrences(source.body, quote)[:2]]
        if len(found) != 1:
            return ""
        source_id, at = found[0]
        return f"\nif that is the source you mean, write:\nsource: {source_id}\nstart: {at}\nend: {at + len(quote)}"

    def _unknown_source(self, source_id: str, quote: str) -> Failure:
        ids = self.library.ids
        hints = []
        close = did_you_mean(source_id, ids)
        if close:
            hints.append(close)
        elsewhere = self._found_elsewhere(quote, exclude=source_id)
        if elsewhere:
            hints.append(f"the quote occurs exactly in {elsewhere}" + self._block(quote))
        if not hints:
            hints.append("known sources: " + (", ".join(ids) if ids else "none (seeds/ is empty)"))
        return Failure("unknown-source", "source", f"unknown source '{source_id}'", "\n".join(hints))
