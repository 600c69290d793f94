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
    """The passage ``body[start:end]`` with up to ``words`` words either side, within its paragraph.

    Only a window of the paragraph either side is read (``words`` words of up to 64 characters
    each): a source that is one long paragraph cited thousands of times otherwise cost the
    paragraph once per citation. A word longer than that is cut at the window's edge.
    """
    reach = 64 * words
    line_start = max(body.rfind("\n", max(0, start - reach), start) + 1, 0)
    window_start = max(line_start, start - reach)
    line_end = body.find("\n", end, end + reach)
    window_end = line_end if line_end != -1 else min(len(body), end + reach)
    head = body[window_start:start]
    head_words = list(_WORD.finditer(head))
    clipped_before = len(head_words) > words or (window_start > 0 and body[window_start - 1] != "\n")
    if len(head_words) > words:
        head = head[head_words[-words].start():]
    tail = body[end:window_end].rstrip("\r")
    tail_words = list(_WORD.finditer(tail))
    clipped_after = len(tail_words) > words or (window_end < len(body) and body[window_end] != "\n")
    if len(tail_words) > words:
        tail = tail[: tail_words[words - 1].end()]
    return Excerpt(head, body[start:end], tail, clipped_before, clipped_after)
