"""Splitting a listing into pages of bounded size, and the links between those pages.

A listing's first page is its own address (``claims/``, ``verdicts/supported/``); page n after it
is ``<that address>page/<n>/``. Ids of claims, sources and tags may be ``page``, but a page of a
listing is one level deeper than such an item's page, so the two never share a file. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from ...html.escaping import text
from ...plan.links import Links

T = TypeVar("T")

PAGE_SIZE = 50  # claims (or sources) a listing page shows
LINKS_AROUND = 2  # numbered links either side of the current page


@dataclass(frozen=True)
class Paging:
    """The pages of one listing of ``total`` items, ``size`` a page; page 1 is at ``first_src``
    (a MkDocs src_uri such as ``claims/index.md`` or ``verdicts/supported.md``)."""

    first_src: str
    total: int
    size: int = PAGE_SIZE

    def __post_init__(self) -> None:
        if self.size < 1:
            raise ValueError(f"a listing page holds at least one item, not {self.size}")

    @property
    def count(self) -> int:
        """Pages in the listing: at least one (an empty listing still has its page)."""
        return max(1, -(-self.total // self.size))

    def src(self, number: int) -> str:
        if not 1 <= number <= self.count:
            raise ValueError(f"page {number} of {self.count}")
        if number == 1:
            return self.first_src
        stem = self.first_src.removesuffix(".md").removesuffix("index").rstrip("/")
        return f"{stem}/page/{number}.md"

    def items(self, items: Sequence[T], number: int) -> Sequence[T]:
        start = (number - 1) * self.size
        return items[start:start + self.size]

    def first_item(self, number: int) -> int:
        """1-based position of the first item on page ``number`` (0 for an empty listing)."""
        return min(self.total, (number - 1) * self.size + 1)

    def last_item(self, number: int) -> int:
        return min(self.total, number * self.size)


def _shown_numbers(current: int, count: int) -> list[int | None]:
    """Page numbers to link: the first, the last, and a few around the current; None is a gap."""
    wanted = {1, count, *range(current - LINKS_AROUND, current + LINKS_AROUND + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= count)
    shown: list[int | None] = []
    for n in numbers:
        if shown and n - (shown[-1] or 0) > 1:
            shown.append(None)
        shown.append(n)
    return shown


def page_links(paging: Paging, current: int, links: Links, what: str) -> str:
    """Links to the other pages of the listing (previous, next, and numbered pages); '' when the
    listing has one page. ``what`` names the listing for screen readers ("all claims")."""
    if paging.count == 1:
        return ""

    def href(n: int) -> str:
        return text(links.page(paging.src(n)))

    items = []
    if current > 1:
        items.append(f'<li><a class="fc-pages__step" href="{href(current - 1)}" rel="prev">← Previous</a></li>')
    for n in _shown_numbers(current, paging.count):
        if n is None:
            items.append('<li class="fc-pages__gap" aria-hidden="true">…</li>')
        elif n == current:
            items.append(f'<li><a class="fc-pages__current" href="{href(n)}" aria-current="page">'
                         f'<span class="fc-visually-hidden">Page </span>{n}</a></li>')
        else:
            items.append(f'<li><a href="{href(n)}"><span class="fc-visually-hidden">Page </span>{n}</a></li>')
    if current < paging.count:
        items.append(f'<li><a class="fc-pages__step" href="{href(current + 1)}" rel="next">Next →</a></li>')
    return (f'<nav class="fc-pages" aria-label="Pages of {text(what)}">'
            f'<p class="fc-pages__where">Page {current} of {paging.count}: '
            f'{paging.first_item(current):,}–{paging.last_item(current):,} of {paging.total:,}</p>'
            f'<ul>{"".join(items)}</ul></nav>')
