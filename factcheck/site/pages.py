"""A generated page: a Markdown file MkDocs reads from memory (never from docs/), holding only
front matter, headings and markers; the HTML for each marker is made here, already escaped.

MkDocs never sees analyst text as Markdown: a marker ``<!-- factcheck:NAME -->`` survives
Markdown as raw HTML and the plugin replaces it with the block after rendering.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .escaping import one_line, text
from .links import Links

MARKER = re.compile(r"<!-- factcheck:([a-z0-9-]+) -->")
DESCRIPTION_LIMIT = 160

# A block made for one page, or (for hand-written pages, whose URL is known only at build time)
# a function of the links from the page it lands on.
Block = str | Callable[[Links], str]


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
    description: str
    body: str  # Markdown: headings and markers only
    blocks: dict[str, Block] = field(default_factory=dict)
    jsonld: str | None = None  # already safe inside <script>
    template: str | None = None
    hide: tuple[str, ...] = ()
    date: str | None = None  # sitemap lastmod
    searchable: bool = True  # listings only repeat the claims: searching them finds duplicates

    def markdown(self) -> str:
        meta: dict[str, Any] = {
            "title": text(one_line(self.title)),
            "description": text(one_line(self.description, DESCRIPTION_LIMIT)),
        }
        if self.template:
            meta["template"] = self.template
        if self.hide:
            meta["hide"] = list(self.hide)
        if not self.searchable:
            meta["search"] = {"exclude": True}
        # JSON is YAML (a flow mapping), and much faster to write than PyYAML's emitter.
        front = json.dumps(meta, ensure_ascii=True, sort_keys=True)
        return f"---\n{front}\n---\n\n{self.body.strip()}\n"
