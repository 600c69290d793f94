"""A generated page: a Markdown file MkDocs reads from memory (never from docs/), holding only
front matter, headings and markers; the HTML for each marker is made here, already escaped.

MkDocs never sees analyst text as Markdown: a marker ``<!-- factcheck:NAME -->`` survives
Markdown as raw HTML and the plugin replaces it with the block after rendering.

Making a page is cheap: what costs (blocks, a description drawn from the analyst's Markdown,
JSON-LD) may be given as functions, called only when the page is written, so that a build holds
no page's HTML longer than it takes to write it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..html.escaping import one_line, text
from .links import Links

MARKER = re.compile(r"<!-- factcheck:([a-z0-9-]+) -->")
DESCRIPTION_LIMIT = 160

# A block made for one page, or a function of the links from the page it lands on (for
# hand-written pages, whose URL is known only at build time; for generated pages, so that the
# block is made only when the page is written).
Block = str | Callable[[Links], str]
Lazy = str | Callable[[], str]  # text now, or a function that makes it when it is needed


def made(value: Lazy) -> str:
    return value() if callable(value) else value


def marker(name: str) -> str:
    return f"<!-- factcheck:{name} -->"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def heading_text(value: str) -> str:
    """Text for a Markdown heading, shown literally: no emphasis, link or attribute list in it."""
    return text(_MARKDOWN_SPECIAL.sub(r"\\\1", one_line(value)))


@dataclass
class GeneratedPage:
    src_uri: str
    title: str  # plain text; escaped here because Material prints page.meta.title raw
    description: Lazy
    body: str  # Markdown: headings and markers only
    blocks: dict[str, Block] = field(default_factory=dict)
    jsonld: Lazy | None = None  # already safe inside <script>
    template: str | None = None
    hide: tuple[str, ...] = ()
    date: str | None = None  # sitemap lastmod
    searchable: bool = True  # listings only repeat the claims: searching them finds duplicates
    in_nav: bool = False  # the navigation may name it (else it is reached by links only)

    def description_meta(self) -> str:
        """page.meta.description, escaped (Material prints it raw)."""
        return text(one_line(made(self.description), DESCRIPTION_LIMIT))

    def meta(self, description: bool = True) -> dict[str, Any]:
        """The page's front matter; without the description (which may need the analyst's
        Markdown rendered) when the plugin sets it as the page is written."""
        meta: dict[str, Any] = {"title": text(one_line(self.title))}
        if description:
            meta["description"] = self.description_meta()
        if self.template:
            meta["template"] = self.template
        if self.hide:
            meta["hide"] = list(self.hide)
        if not self.searchable:
            meta["search"] = {"exclude": True}
        return meta

    def markdown(self, description: bool = True) -> str:
        meta = self.meta(description)
        # JSON is YAML (a flow mapping), and much faster to write than PyYAML's emitter.
        front = json.dumps(meta, ensure_ascii=True, sort_keys=True)
        return f"---\n{front}\n---\n\n{self.body.strip()}\n"
