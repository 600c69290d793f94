"""Cutting a text into segments at every passage boundary, so overlapping and nested passages
can be highlighted with flat, non-overlapping elements. Pure: no I/O, no HTML.

Each segment knows every passage that covers it; a passage that spans several segments is
found again by its key (the renderer puts it in each segment's ``data-cites``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int  # inclusive, code points
    end: int  # exclusive
    key: str


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    keys: tuple[str, ...]  # the spans covering the whole segment, in the order they were given

    @property
    def depth(self) -> int:
        return len(self.keys)


def segments(length: int, spans: Sequence[Span], breaks: Iterable[int] = ()) -> list[Segment]:
    """Split ``[0, length)`` at every span start and end and at every break.

    The segments are contiguous, non-empty and cover the whole text; a span covers a segment
    entirely or not at all. Spans must lie within the text and be non-empty.
    """
    for span in spans:
        if not 0 <= span.start < span.end <= length:
            raise ValueError(f"span {span.key!r} [{span.start}, {span.end}) is outside [0, {length})")
    cuts = {0, length}
    cuts.update(b for b in breaks if 0 < b < length)
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for index, span in enumerate(spans):
        cuts.update((span.start, span.end))
        starting.setdefault(span.start, []).append(index)
        ending.setdefault(span.end, []).append(index)
    ordered = sorted(cuts)
    active: set[int] = set()
    found: list[Segment] = []
    for left, right in zip(ordered, ordered[1:]):
        active.difference_update(ending.get(left, ()))
        active.update(starting.get(left, ()))
        found.append(Segment(left, right, tuple(spans[i].key for i in sorted(active))))
    return found


def covered(length: int, spans: Iterable[Span]) -> int:
    """How many code points of the text at least one span covers."""
    total = 0
    reach = 0
    for span in sorted(spans, key=lambda s: s.start):
        start = max(span.start, reach)
        if span.end > start:
            total += span.end - start
        reach = max(reach, span.end)
    return min(total, length)
