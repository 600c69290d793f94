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
from markdown.treeprocessors import Treeprocessor

from ..markdown_limits import MAX_MARKDOWN_DEPTH, markdown_depth
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


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Neutralise(md), "factcheck_neutralise", 0)


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
    if markdown_depth(source) > MAX_MARKDOWN_DEPTH:  # the checker rejects it first
        raise ValueError(f"analyst Markdown nested more than {MAX_MARKDOWN_DEPTH} levels deep")
    md = _converter()
    try:
        return md.convert(source)
    finally:
        md.reset()


def plain_text(source: str) -> str:
    """What a reader sees of analyst Markdown, as plain text (descriptions, ClaimReview body)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", render(source))).split())
