"""A cited passage with a few words of its surroundings, for reading a quote in context. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Excerpt:
    before: str
    quote: str
    after: str
    clipped_before: bool  # the paragraph goes on before ``before``
    clipped_after: bool


def excerpt(body: str, start: int, end: int, words: int = 12) -> Excerpt:
    """The passage ``body[start:end]`` with up to ``words`` words either side, within its paragraph."""
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    if line_end == -1:
        line_end = len(body)
    head = body[line_start:start]
    head_words = list(_WORD.finditer(head))
    clipped_before = len(head_words) > words
    if clipped_before:
        head = head[head_words[-words].start():]
    tail = body[end:line_end].rstrip("\r")
    tail_words = list(_WORD.finditer(tail))
    clipped_after = len(tail_words) > words
    if clipped_after:
        tail = tail[: tail_words[words - 1].end()]
    return Excerpt(head, body[start:end], tail, clipped_before, clipped_after)
