"""The sources index: every source article by name, with how the claims use it, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence

from ....sources import Source
from ...html.components import STANCE_LABELS, STANCES, table_wrap
from ...html.escaping import text
from ...plan.content import SiteContent
from ...plan.links import Links
from ...plan.naming import source_name
from ...plan.pages import Block, GeneratedPage, marker
from .pagination import PAGE_SIZE, Paging, page_links

SOURCES_INDEX = "sources/index.md"


def sources_table(content: SiteContent, links: Links, sources: Sequence[Source] | None = None) -> str:
    rows = []
    for s in content.sources if sources is None else sources:
        stances = content.stance_counts.get(s.id, {})
        share = content.share_cited(s)
        citing = len(content.claims_citing(s.id))
        rows.append(
            f'<tr><td class="fc-source-cell"><a href="{text(links.source(s.id))}">{text(source_name(s).name)}</a></td>'
            f'<td>{text(s.meta.get("outlet", "not named"))}</td>'
            f'<td class="fc-num" data-sort="{citing}">{citing}</td>'
            + "".join(f'<td class="fc-num" data-sort="{stances.get(k, 0)}">{stances.get(k, 0)}</td>' for k in STANCES)
            + f'<td class="fc-num" data-sort="{share:.4f}">{share:.0%}</td></tr>')
    heads = "".join(f'<th scope="col" data-sort-type="number">{text(STANCE_LABELS[k])}</th>' for k in STANCES)
    return table_wrap(
        '<table class="fc-sources fc-sortable"><caption>Source articles and how '
        'the claims use them</caption><thead><tr><th scope="col">Article</th><th scope="col">Outlet</th>'
        f'<th scope="col" data-sort-type="number">Claims</th>{heads}'
        '<th scope="col" data-sort-type="number">Text cited</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>')


def sources_pages(content: SiteContent, size: int = PAGE_SIZE) -> list[GeneratedPage]:
    paging = Paging(SOURCES_INDEX, len(content.sources), size)
    pages = []
    for number in range(1, paging.count + 1):
        on_page = paging.items(content.sources, number)

        def table(links: Links, on_page: Sequence[Source] = on_page, number: int = number) -> str:
            if not on_page:
                return '<p class="fc-muted">There are no source articles yet.</p>'
            nav = page_links(paging, number, links, "the source articles")
            return nav + sources_table(content, links, on_page) + nav

        blocks: dict[str, Block] = {
            "intro": ('<p>The evidence of this fact-check is these articles, nothing else. Each page shows the '
                      'full text with every passage a claim cites highlighted.</p>'),
            "table": table}
        suffix = f" (page {number} of {paging.count})" if number > 1 else ""
        pages.append(GeneratedPage(paging.src(number), "Sources" + suffix,
                                   "The source articles every claim is checked against" + suffix + ".",
                                   "\n\n".join([marker("intro"), marker("table")]), blocks, hide=("toc",),
                                   searchable=False, in_nav=number == 1))
    return pages
