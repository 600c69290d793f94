"""What analyst Markdown the site can render: how deeply it nests, and how long it is.

Python-Markdown parses each nested list or quote by recursing: a summary of 600 nested lists
("- - - ... x") exhausts Python's stack while the site is built, after ``check`` has passed it.
And each inline element it finds (a link, an emphasis) makes it copy the rest of the paragraph,
so its time grows with the square of a paragraph's length. The checker rejects any Markdown
field nested deeper than ``MAX_MARKDOWN_DEPTH`` or longer than ``MAX_MARKDOWN_CHARS``, and the
renderer refuses the same, so both apply one rule. The depth measure never counts less than the
parser nests: each ``>``, each list marker and each four columns of indentation at the start of
a line is one level.
"""

from __future__ import annotations

import re

MAX_MARKDOWN_DEPTH = 16
MAX_MARKDOWN_CHARS = 100_000  # about 15,000 words: far more than any summary or note

# One container at the start of what is left of a line: a quote marker, a list marker, or four
# columns of indentation (a tab counts as four).
_LEVEL = re.compile(r" {0,3}(?:>|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))[ \t]?|(?: {4}|\t)")


def markdown_depth(text: str) -> int:
    """The deepest nesting of lists, quotes and indented blocks on any line of ``text``."""
    deepest = 0
    for line in text.splitlines():
        depth, at = 0, 0
        while (level := _LEVEL.match(line, at)) is not None and level.end() > at:
            depth += 1
            at = level.end()
        deepest = max(deepest, depth)
    return deepest


def markdown_problem(text: str) -> str | None:
    """Why the site cannot render ``text`` (for a message), or None when it can."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return f"is {len(text):,} characters long; the site publishes at most {MAX_MARKDOWN_CHARS:,}"
    depth = markdown_depth(text)
    if depth > MAX_MARKDOWN_DEPTH:
        return f"nests lists or quotes {depth} levels deep; the site publishes at most {MAX_MARKDOWN_DEPTH}"
    return None
