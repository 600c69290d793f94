"""A block as Material's search plugin indexes it, without the markup the index leaves out.

Material's search plugin (``material/plugins/search/plugin.py``, ``Parser``) reads each page's
HTML with ``html.parser`` and keeps its text, the tags ``p``, ``code``, ``pre``, ``li``, ``ol``,
``ul``, ``sub`` and ``sup``, and headings (a heading with an id starts a section); it skips
whatever is inside an element marked ``data-search-exclude``. Every other tag (links, highlight
marks, badges, icons, table cells) only costs parsing time, and the site's pages carry a great
deal of it. The plugin gives the search plugin the page with each block reduced to what the
index keeps, then puts the whole page back before it is written (``plugin.py``). The index comes
out the same (``tests/site/test_build_shortcuts.py`` compares the two), but for one thing: white
space between two left-out tags is collapsed by the search plugin text by text, and here those
texts merge, so two spaces may stay two where the plugin would have kept one (the same words,
shown as HTML in the results, where white space collapses anyway).

Every block is made by this package with each attribute value escaped, so a tag is exactly ``<``
to the next ``>``. A block with anything else the search plugin treats specially (a script, a
style, an object, a comment, line numbers, a heading inside an excluded element) is left whole.
"""

from __future__ import annotations

import re

_KEPT = r"p|code|pre|li|ol|ul|sub|sup|h[1-6]|fc-excluded"
_UNINDEXED_TAG = re.compile(rf"<(?!/?(?:{_KEPT})[\s/>])[^>]*>")
# Tags the search plugin treats specially, and any tag in capitals (the plugin reads tag names
# in any case; the expression above only in small letters). One expression starting with "<"
# is searched for far faster than several, or than the text made lower-case.
_SPECIAL = re.compile(r"<(?:/?[A-Z]|!--|[sS][cC][rR][iI][pP][tT]|[sS][tT][yY][lL][eE]|[oO][bB][jJ][eE][cC][tT])")
# A start tag with the attribute data-search-exclude (values are double-quoted here).
_EXCLUDED = re.compile(r'<([a-zA-Z][a-zA-Z0-9-]*)(?:\s+[^\s=>/"]+(?:="[^"]*")?)*?\s+data-search-exclude(?=[\s=/>])[^>]*>')
_HEADING_WITH_ID = re.compile(r"<h[1-6]\s[^>]*\bid=")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
# An element the search plugin skips whole stands in for an excluded one: it is parsed as the
# excluded element's start tag was (a first tag opens the page's first section) and holds nothing.
_EXCLUDED_STAND_IN = "<fc-excluded data-search-exclude></fc-excluded>"
# An end tag with no start: the search plugin ignores it, but it ends the text before it as the
# block's own first or last tag did (the plugin collapses white space text by text).
_EDGE = "</fc-edge>"


def _without_excluded(block: str) -> str | None:
    """``block`` with each element marked data-search-exclude replaced by a stand-in; None when
    one cannot be replaced safely."""
    parts: list[str] = []
    position = 0
    while (start := _EXCLUDED.search(block, position)) is not None:
        name = start.group(1).lower()
        if name in _VOID or start.group(0).endswith("/>"):
            return None
        depth, end = 1, None
        for tag in re.compile(rf"<(/?){re.escape(name)}[\s/>]").finditer(block, start.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = block.index(">", tag.start()) + 1
                break
        if end is None or _HEADING_WITH_ID.search(block, start.end(), end):
            return None
        parts += [block[position:start.start()], _EXCLUDED_STAND_IN]
        position = end
    parts.append(block[position:])
    reduced = "".join(parts)
    # The words elsewhere (in a text or an attribute's value): leave the block whole.
    return reduced if reduced.count("data-search-exclude") == reduced.count(_EXCLUDED_STAND_IN) else None


def indexed_html(block: str) -> str:
    """``block`` as the search plugin reads it: the tags it leaves out removed (their text
    stays), the elements it skips emptied."""
    if _SPECIAL.search(block) or "linenodiv" in block:
        return block
    if "data-search-exclude" in block:
        reduced = _without_excluded(block)
        if reduced is None:
            return block
        block = reduced
    indexed = _UNINDEXED_TAG.sub("", block)
    if block.startswith("<") and not indexed.startswith("<"):
        indexed = _EDGE + indexed
    if block.endswith(">") and not indexed.endswith(">"):
        indexed += _EDGE
    return indexed
