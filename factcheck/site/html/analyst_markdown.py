"""Analyst Markdown (claim summaries) to HTML that shows raw HTML literally and runs nothing.

Python-Markdown passes raw HTML through, so its HTML block and inline HTML handlers are removed
(the text is then escaped like any other). Links keep only http(s), mailto and relative targets,
and images become their alt text: an image would make the reader's browser fetch another host.
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from ...markdown_limits import markdown_problem
from .escaping import safe_url


class _Neutralise(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    replacement = etree.Element("span", {"class": "fc-image-alt"})
                    replacement.text = child.get("alt") or ""
                    replacement.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, replacement)
        for link in root.iter("a"):
            href = link.get("href")
            if href is None or safe_url(href) is None:
                link.attrib.clear()
                link.tag = "span"
                link.set("class", "fc-unsafe-link")
            else:
                link.set("rel", "nofollow noopener")


# Python-Markdown looks for the end of a link's text from every '[' to the end of the paragraph,
# and for the end of its address from every '](' too, so 80 KB of '[x](' took a minute: each try
# read the rest of the text. Here a link's text is found through a table of matching brackets,
# made once per paragraph text (and only when a short look ahead does not find it), and its
# address is looked for in at most LINK_CHARS characters: a longer address is shown as typed.
LINK_CHARS = 1000
QUICK_LOOK = 64  # most link texts close within this: no table needed
_LINK_PATTERNS = ("reference", "link", "image_link", "image_reference", "short_reference",
                  "short_image_ref")
_BRACKET = re.compile(r"[\[\]]")


class _Brackets:
    """For one paragraph's text, where each '[' closes; shared by the link patterns, which all
    read the same text until one of them matches (and the text changes)."""

    def __init__(self) -> None:
        self.data: str | None = None
        self.close: dict[int, int] = {}

    def closing(self, data: str, opening: int) -> int | None:
        if data is not self.data:
            self.data, self.close = data, {}
            stack: list[int] = []
            for bracket in _BRACKET.finditer(data):
                if bracket.group() == "[":
                    stack.append(bracket.start())
                elif stack:
                    self.close[stack.pop()] = bracket.start()
        return self.close.get(opening)

    def get_text(self, data: str, index: int) -> tuple[str, int, bool]:
        """LinkInlineProcessor.getText (text up to the ']' that matches the '[' before ``index``),
        in time independent of what follows an unclosed '['."""
        close = data.find("]", index, index + QUICK_LOOK)  # the common case, found in C
        if close != -1 and data.find("[", index, close) == -1:
            return data[index:close], close + 1, True
        if index == 0 or data[index - 1] != "[":  # not called at a '[': scan as Python-Markdown does
            return _scan_text(data, index)
        close = self.closing(data, index - 1)
        if close is None:
            return "", len(data), False  # callers ignore the text of an unclosed link
        return data[index:close], close + 1, True


def _scan_text(data: str, index: int) -> tuple[str, int, bool]:
    depth = 1
    for pos in range(index, len(data)):
        c = data[pos]
        if c == "]":
            depth -= 1
            if depth == 0:
                return data[index:pos], pos + 1, True
        elif c == "[":
            depth += 1
    return "", len(data), False


def _bounded(processor: InlineProcessor, brackets: _Brackets) -> None:
    get_link = getattr(processor, "getLink", None)
    eval_id = getattr(processor, "evalId", None)
    processor.getText = brackets.get_text  # type: ignore[attr-defined]
    # Both look only forward from ``index``: each gets the window from there (a copy of at most
    # LINK_CHARS, not of the text before it) and its end offset is moved back into the text.
    if get_link is not None:
        def bounded_get_link(data: str, index: int) -> tuple[str, str | None, int, bool]:
            if data.find(")", index, index + LINK_CHARS) == -1:  # an address ends with ')'
                return "", None, index, False
            href, title, end, handled = get_link(data[index:index + LINK_CHARS], 0)
            return href, title, end + index, handled

        processor.getLink = bounded_get_link  # type: ignore[attr-defined]
    if eval_id is not None:
        def bounded_eval_id(data: str, index: int, text: str) -> tuple[str | None, int, bool]:
            found, end, handled = eval_id(data[index:index + LINK_CHARS], 0, text)
            return found, end + index, handled

        processor.evalId = bounded_eval_id  # type: ignore[attr-defined]


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Neutralise(md), "factcheck_neutralise", 0)
        brackets = _Brackets()
        for name in _LINK_PATTERNS:
            if name in md.inlinePatterns:
                processor = md.inlinePatterns[name]
                if isinstance(processor, InlineProcessor) and hasattr(processor, "getText"):
                    _bounded(processor, brackets)


_converters = threading.local()


def _converter() -> markdown.Markdown:
    """This thread's converter: making one (its extensions, parsers, patterns) costs more than
    converting a summary, so each thread makes one and resets it between summaries."""
    md = getattr(_converters, "md", None)
    if md is None:
        md = _converters.md = markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"], output_format="html")
    return md


@lru_cache(maxsize=4096)  # a summary is rendered for the page, its description and its ClaimReview
def render(source: str) -> str:
    """HTML for analyst Markdown; every character of raw HTML in it is shown, not interpreted."""
    problem = markdown_problem(source)  # the checker rejects such text first, with its line
    if problem is not None:
        raise ValueError(f"analyst Markdown {problem}")
    md = _converter()
    try:
        return md.convert(source)
    finally:
        md.reset()


def plain_text(source: str) -> str:
    """What a reader sees of analyst Markdown, as plain text (descriptions, ClaimReview body)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", render(source))).split())
