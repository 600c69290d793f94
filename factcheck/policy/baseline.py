"""The claims of a revision to compare with, and where citations resolve on either side.

Kept apart from the comparison (``corrections.py``) and from the view of a claim under the rules
(``claim.py``), which both use these types, so that imports point one way.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..anchoring import Anchor, Failure, anchor, occurrences
from ..citations import resolvable


def is_published(data: Mapping[str, Any]) -> bool:
    """Published, as the site decides it: no status, or status 'published' (a misspelt status is
    the schema's to report, and then neither published nor a draft here)."""
    return data.get("status", "published") == "published"


class Passages(Protocol):
    """Where citations resolve on one side of the comparison."""

    def body(self, source_id: str) -> str | None: ...

    def passage(self, citation: Mapping[str, Any]) -> int | None:
        """Which occurrence of its quote (0-based) the citation resolves to; None if it does not."""


class ResolvedPassages:
    """Passages through a resolver: the project's own (which has resolved the citations already
    while checking them) or one over the sources of a revision."""

    def __init__(self, body: Callable[[str], str | None],
                 resolve: Callable[[Mapping[str, Any]], Anchor | Failure]) -> None:
        self._body = body
        self._resolve = resolve
        self._occurrences: dict[tuple[str, str], list[int]] = {}

    def body(self, source_id: str) -> str | None:
        return self._body(source_id)

    def passage(self, citation: Mapping[str, Any]) -> int | None:
        if not resolvable(citation):
            return None
        body = self._body(citation["source"])
        if body is None:
            return None
        found = self._resolve(citation)
        if not isinstance(found, Anchor):
            return None
        key = (citation["source"], citation["quote"])
        starts = self._occurrences.get(key)
        if starts is None:
            starts = self._occurrences[key] = occurrences(body, citation["quote"])
        return bisect.bisect_left(starts, found.start)


def passages_of_sources(bodies: Mapping[str, str]) -> ResolvedPassages:
    """Passages resolved against source bodies given by id (a revision's sources)."""
    def resolve(citation: Mapping[str, Any]) -> Anchor | Failure:
        return anchor(bodies[citation["source"]], citation["quote"], citation.get("start"),
                      citation.get("end"), citation.get("prefix"), citation.get("suffix"))

    return ResolvedPassages(bodies.get, resolve)


@dataclass
class BaseClaim:
    """A claim as it was at the revision compared with."""

    id: str
    revision: str  # as the user named it, for messages
    data: dict[str, Any] | None  # None: the file was not a readable mapping there
    passages: Passages

    @property
    def published(self) -> bool:
        return self.data is not None and is_published(self.data)
