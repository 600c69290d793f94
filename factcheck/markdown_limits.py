"""How deeply analyst Markdown nests lists and block quotes, measured on its lines.

Python-Markdown parses each nested list or quote by recursing: a summary of 600 nested lists
("- - - ... x") exhausts Python's stack while the site is built, after ``check`` has passed it.
The checker rejects any Markdown field nested deeper than ``MAX_MARKDOWN_DEPTH``, and the site
renders only what the checker passed, so both apply the same rule. The measure never counts
less than the parser nests: each ``>``, each list marker and each four columns of indentation
at the start of a line is one level.
"""

from __future__ import annotations

import re

MAX_MARKDOWN_DEPTH = 16

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
