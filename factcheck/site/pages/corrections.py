"""``/corrections/``: every correction of every published fact-check, newest first, each linking
to the correction on its claim's page; and the blocks the hand-written transparency pages place.

The page is ``docs/corrections.md``, written by the desk (its corrections policy: how to ask for
a correction, how corrections are shown), with the list placed by the block
``<!-- factcheck:corrections-list -->``. A project without that page gets a generated one that
says only how corrections are shown, and lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Claim, Correction
from ..html import analyst_markdown
from ..html.components import date, verdict_badge
from ..html.escaping import one_line, safe_url, text
from ..plan.content import SiteContent
from ..plan.links import Links
from ..plan.pages import Block, GeneratedPage, marker
from .listings.pagination import PAGE_SIZE, Paging, page_links

CORRECTIONS_PAGE = "corrections.md"
LIST_BLOCK = "corrections-list"
REPOSITORY_BLOCK = "repository"


def correction_anchor(n: int) -> str:
    """The id of a claim's n-th correction (1-based, in the order the claim lists them)."""
    return f"correction-{n}"


@dataclass(frozen=True)
class ListedCorrection:
    claim: Claim
    n: int  # 1-based position in the claim's corrections
    correction: Correction


def newest_first(content: SiteContent) -> list[ListedCorrection]:
    """Every correction of the claims the site publishes: newest date first; on one date, by
    claim, the claim's later corrections first."""
    listed = [ListedCorrection(claim, n, c) for claim in content.claims
              for n, c in enumerate(claim.corrections, start=1)]
    listed.sort(key=lambda item: (item.claim.id, -item.n))
    listed.sort(key=lambda item: item.correction.date, reverse=True)
    return listed


def corrections_paging(listed: Sequence[ListedCorrection], size: int) -> Paging:
    """The list's pages: the first on /corrections/ itself (under the desk's policy), the rest at
    /corrections/page/<n>/, so that no page grows with the archive."""
    return Paging(CORRECTIONS_PAGE, len(listed), size)


def corrections_list(content: SiteContent, links: Links, size: int = PAGE_SIZE, number: int = 1,
                     listed: Sequence[ListedCorrection] | None = None) -> str:
    """Page ``number`` of the list of every correction, newest first (``listed``, when the caller
    already has it), with links to its other pages."""
    if listed is None:
        listed = newest_first(content)
    if not listed:
        return ('<p class="fc-corrections-empty">No published fact-check has been corrected yet. '
                'Each correction will be listed here, newest first, as soon as it is published.</p>')
    paging = corrections_paging(listed, size)
    nav = page_links(paging, number, links, "all corrections")
    items = []
    for item in paging.items(listed, number):
        verdict = content.verdict(item.claim)
        target = links.claim(item.claim.id, correction_anchor(item.n))
        items.append(
            f'<li class="fc-corrections-index__item"><p class="fc-corrections-index__head">'
            f'{date(item.correction.date)} \u2014 <a href="{text(target)}">{text(one_line(item.claim.claim))}</a> '
            f'{verdict_badge(verdict)}</p>'
            f'<div class="fc-correction__note">{analyst_markdown.render(item.correction.note)}</div></li>')
    count = len(listed)
    claims = len({item.claim.id for item in listed})
    return (f'<p class="fc-muted">{count:,} correction{"s" if count != 1 else ""} of {claims:,} '
            f'fact-check{"s" if claims != 1 else ""}, newest first.</p>'
            f'{nav}<ul class="fc-corrections-index">{"".join(items)}</ul>{nav}')


def later_corrections_pages(content: SiteContent, size: int = PAGE_SIZE) -> list[GeneratedPage]:
    """Pages 2 and after of the list (the first is on the corrections page itself)."""
    listed = newest_first(content)  # once for all the pages, not once a page
    paging = corrections_paging(listed, size)
    pages = []

    def intro(links: Links) -> str:  # the same on every page
        return (f'<p>Every correction made to a published fact-check, newest first. How we correct, '
                f'and how to ask for a correction: <a href="{text(links.page(CORRECTIONS_PAGE))}">'
                'Corrections</a>.</p>')

    for number in range(2, paging.count + 1):
        def listing(links: Links, number: int = number) -> str:
            return corrections_list(content, links, size, number, listed)

        suffix = f" (page {number} of {paging.count})"
        pages.append(GeneratedPage(paging.src(number), "Corrections" + suffix,
                                   "Every correction made to a published fact-check, newest first" + suffix + ".",
                                   "\n\n".join([marker("intro"), marker(LIST_BLOCK)]),
                                   {"intro": intro, LIST_BLOCK: listing}, hide=("toc",), searchable=False))
    return pages


def repository_address(url: str) -> str | None:
    """The repository's address if it is one a reader can follow (http or https), else None."""
    url = url.strip()
    return url if url.startswith(("https://", "http://")) and safe_url(url) is not None else None


def repository_link(repository_url: str) -> Block:
    """"the desk's public repository", with its address linked when the address is configured
    (the deploy workflow passes it), never one made up here."""
    url = repository_address(repository_url)
    if url:
        return f'the desk\u2019s public repository, <a href="{text(url)}" rel="noopener">{text(url)}</a>'
    return "the desk\u2019s public repository"


def transparency_blocks(content: SiteContent, repository_url: str, size: int = PAGE_SIZE) -> dict[str, Block]:
    """Blocks hand-written pages (docs/corrections.md, docs/about.md) may place."""
    return {LIST_BLOCK: lambda links: corrections_list(content, links, size),
            REPOSITORY_BLOCK: repository_link(repository_url)}


def default_corrections_page(content: SiteContent, size: int = PAGE_SIZE) -> GeneratedPage:
    """/corrections/ for a project whose docs/ has no corrections.md of its own."""
    intro = ('<p>When a published fact-check is changed (its claim, its verdict or its evidence), '
             'the change is recorded as a correction: its date and what changed are shown on the '
             'fact-check\u2019s own page, right below the verdict, and listed here.</p>')
    return GeneratedPage(
        CORRECTIONS_PAGE, "Corrections", "Every correction made to a published fact-check, newest first.",
        "\n\n".join([marker("intro"), marker(LIST_BLOCK)]),
        {"intro": intro, LIST_BLOCK: lambda links: corrections_list(content, links, size)})
