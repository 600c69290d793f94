"""The evidence map: claims (rows) against the source articles they cite (columns), a page of
claims at a time, newest first. Each page's columns are only the sources its claims cite, so a
page grows with its claims' citations, never with the archive. On a narrow screen the same page
reads as a list: each claim with the articles it cites and how."""

from __future__ import annotations

from collections.abc import Sequence

from ....model import Citation, Claim
from ....sources import Source
from ...html.components import (
    STANCE_ICONS,
    STANCE_LABELS,
    STANCES,
    icon,
    table_wrap,
    verdict_badge,
)
from ...html.escaping import one_line, text
from ...plan.content import SiteContent
from ...plan.links import Links
from ...plan.naming import source_name
from ...plan.pages import GeneratedPage, marker
from .pagination import PAGE_SIZE, Paging, page_links

MAP = "evidence-map.md"

# Up to this many sources a claim does not cite in a row are empty cells, as any other; a longer
# run is one cell spanning them, so that a row grows with its citations, not with the columns.
EMPTY_CELLS_MAX = 8


def _map_cells(claim: Claim, columns: dict[str, int], links: Links) -> str:
    """The row's cells: one per source, but a single cell for a long run of sources not cited."""
    by_column: dict[int, list[Citation]] = {}
    for c in claim.evidence:
        by_column.setdefault(columns[c.source], []).append(c)
    cells = []
    done = 0  # columns filled so far
    for column in sorted(by_column):
        cells.append(_empty_cells(column - done))
        cells.append(_map_cell(claim, by_column[column], links))
        done = column + 1
    cells.append(_empty_cells(len(columns) - done))
    return "".join(cells)


def _empty_cells(n: int) -> str:
    return "<td></td>" * n if n <= EMPTY_CELLS_MAX else f'<td colspan="{n}"></td>'


def _marks(claim: Claim, cites: Sequence[Citation], links: Links) -> str:
    # The title names the link (its only content is an icon) and shows on hover.
    return "".join(
        f'<a class="fc-map__mark fc-stance--{text(c.stance)}" '
        f'href="{text(links.source(c.source, f"cite-{claim.id}-{c.n}"))}" '
        f'title="{text(STANCE_LABELS.get(c.stance, c.stance))}: passage {c.n}">'
        f'{icon(STANCE_ICONS.get(c.stance, "circle-outline"))}</a>' for c in cites)


def _map_cell(claim: Claim, cites: list[Citation], links: Links) -> str:
    stances = {c.stance for c in cites}
    kind = stances.pop() if len(stances) == 1 else "mixed"
    return f'<td class="fc-map__cell fc-map__cell--{kind}">{_marks(claim, cites, links)}</td>'


def _legend() -> str:
    legend = " ".join(f'<span class="fc-stance fc-stance--{k}">{icon(STANCE_ICONS[k])}{STANCE_LABELS[k]}</span>'
                      for k in STANCES)
    return (f'<p class="fc-legend">Each mark is one cited passage: {legend}. Follow a mark to the passage '
            'highlighted in the article. An empty cell: the claim does not cite that article.</p>')


def evidence_map(content: SiteContent, links: Links, claims: Sequence[Claim] | None = None) -> str:
    """The map of ``claims`` (default: all, newest first) against the sources they cite."""
    claims = content.newest_first if claims is None else claims
    cited = {c.source for claim in claims for c in claim.evidence}
    sources: list[Source] = [s for s in content.sources if s.id in cited]
    columns = {s.id: i for i, s in enumerate(sources)}
    heads = "".join(
        f'<th scope="col" class="fc-map__source"><a href="{text(links.source(s.id))}" title="{text(source_name(s).name)}">'
        f'{text(source_name(s).short)}</a></th>' for s in sources)
    rows = []
    for claim in claims:
        verdict = content.verdict(claim)
        rows.append(
            f'<tr data-verdict="{text(verdict.id)}"><th scope="row" class="fc-map__claim">'
            f'{verdict_badge(verdict)} <a href="{text(links.claim(claim.id))}">{text(one_line(claim.claim, 110))}</a></th>'
            + _map_cells(claim, columns, links) + "</tr>")
    # (How often each source is cited, by stance, is on the sources' index and their own pages: a
    # row of totals here cost more than the rest of the table.)
    table = table_wrap(
        '<table class="fc-map"><caption>Claims against the source articles they cite</caption>'
        f'<thead><tr><th scope="col">Claim</th>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table>',
        ' data-fc-map')
    return _legend() + table + _map_list(content, claims, links)


def _map_list(content: SiteContent, claims: Sequence[Claim], links: Links) -> str:
    """The same map as a list, for narrow screens: each claim, then each article it cites by
    name with its marks."""
    items = []
    for claim in claims:
        by_source: dict[str, list[Citation]] = {}
        for c in claim.evidence:
            by_source.setdefault(c.source, []).append(c)
        cited = "".join(
            f'<li><a href="{text(links.source(source_id))}">{text(source_name(content.source_by_id[source_id]).name)}</a> '
            f'<span class="fc-map-list__marks">' + _marks(claim, cites, links)
            + "</span></li>" for source_id, cites in by_source.items())
        items.append(f'<li data-verdict="{text(content.verdict(claim).id)}">{verdict_badge(content.verdict(claim))} '
                     f'<a href="{text(links.claim(claim.id))}">{text(one_line(claim.claim, 160))}</a>'
                     f'<ul class="fc-map-list__sources" aria-label="Articles cited">{cited}</ul></li>')
    return f'<ol class="fc-map-list">{"".join(items)}</ol>'


def evidence_map_pages(content: SiteContent, size: int = PAGE_SIZE) -> list[GeneratedPage]:
    """The map's pages: half as many claims a page as the other listings (each row holds a mark
    per citation, each column a source), so that a page stays as small as theirs."""
    claims = content.newest_first
    paging = Paging(MAP, len(claims), max(1, -(-size // 2)))
    pages = []
    for number in range(1, paging.count + 1):
        on_page = paging.items(claims, number)

        def block(links: Links, on_page: Sequence[Claim] = on_page, number: int = number) -> str:
            if not on_page:
                return '<p class="fc-muted">No published claim yet.</p>'
            nav = page_links(paging, number, links, "the evidence map")
            return nav + evidence_map(content, links, on_page) + nav

        suffix = f" (page {number} of {paging.count})" if number > 1 else ""
        pages.append(GeneratedPage(
            paging.src(number), "Evidence map" + suffix,
            "Which source articles support, refute or give context to each claim" + suffix + ".",
            marker("map"), {"map": block}, hide=("navigation", "toc"), searchable=False, in_nav=number == 1))
    return pages
