"""Listings of claims, each split into pages of bounded size, newest first: the whole archive
(``/claims/``), the claims of each verdict (``/verdicts/<id>/``) and of each tag
(``/tags/<tag>/``), with an overview page for verdicts and for tags."""

from __future__ import annotations

from collections.abc import Sequence

from ....model import Claim
from ....verdicts import Verdict
from ...html.components import claim_list, claims_table, verdict_badge
from ...html.escaping import text
from ...plan.content import SiteContent
from ...plan.links import Links
from ...plan.pages import Block, GeneratedPage, marker
from .pagination import PAGE_SIZE, Paging, page_links

ARCHIVE = "claims/index.md"
VERDICTS = "verdicts.md"
TAGS = "tags.md"
UNTAGGED = "untagged.md"
PREVIEW = 5  # claims shown for each verdict on the overview


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def verdict_src(verdict_id: str) -> str:
    return f"verdicts/{verdict_id}.md"


def tag_src(tag: str) -> str:
    return f"tags/{tag}.md"


def verdicts_of(content: SiteContent) -> dict[str, Verdict]:
    return {v.id: v for v in content.scale.verdicts}


def verdict_links(content: SiteContent, links: Links, current: str | None) -> str:
    """The archive narrowed by verdict: a link to each verdict's pages, with its count."""
    items = [f'<li><a href="{text(links.page(ARCHIVE))}"'
             + (' aria-current="page"' if current is None else "")
             + f'>All claims <span class="fc-muted">{len(content.claims):,}</span></a></li>']
    for v in content.scale.verdicts:
        n = len(content.by_verdict[v.id])
        items.append(f'<li><a href="{text(links.page(verdict_src(v.id)))}"'
                     + (' aria-current="page"' if current == v.id else "")
                     + f'>{text(v.label)} <span class="fc-muted">{n:,}</span></a></li>')
    return (f'<nav class="fc-facets" aria-label="Claims by verdict"><ul>{"".join(items)}</ul>'
            f'<p class="fc-muted">Or <a href="{text(links.page(TAGS))}">by tag</a>.</p></nav>')


def paged_listing(content: SiteContent, first_src: str, title: str, description: str, claims: Sequence[Claim],
                  intro: Block, what: str, size: int = PAGE_SIZE, table: bool = False,
                  facet: str | None = "", in_nav: bool = False) -> list[GeneratedPage]:
    """The pages of one listing of ``claims``: each with its intro, its share of the claims and
    links to the other pages. ``facet``: the verdict links, with the current verdict (None: the
    whole archive; '' for no verdict links)."""
    paging = Paging(first_src, len(claims), size)
    verdicts = verdicts_of(content)
    pages = []
    for number in range(1, paging.count + 1):
        on_page = paging.items(claims, number)

        def listing(links: Links, on_page: Sequence[Claim] = on_page, number: int = number) -> str:
            nav = page_links(paging, number, links, what)
            if not on_page:
                return '<p class="fc-muted">No published claim here yet.</p>'
            if table:
                shown = claims_table(on_page, verdicts, links, "fc-claims-page",
                                     f"{what[0].upper()}{what[1:]}, newest first: "
                                     f"{paging.first_item(number):,}–{paging.last_item(number):,} "
                                     f"of {paging.total:,}", filter_label="Filter this page")
            else:
                shown = claim_list(on_page, verdicts, links)
            return nav + shown + nav

        blocks: dict[str, Block] = {"intro": intro, "listing": listing}
        body = [marker("intro"), marker("listing")]
        if facet != "":
            blocks["facets"] = lambda links, facet=facet: verdict_links(content, links, facet)
            body.insert(1, marker("facets"))
        suffix = f" (page {number} of {paging.count})" if number > 1 else ""
        pages.append(GeneratedPage(paging.src(number), title + suffix, description + suffix, "\n\n".join(body),
                                   blocks, hide=("toc",), searchable=False, in_nav=in_nav and number == 1))
    return pages


def archive_pages(content: SiteContent, size: int = PAGE_SIZE) -> list[GeneratedPage]:
    def intro(links: Links) -> str:
        return (f'<p>Every published claim, {plural(len(content.claims), "claim")} in all, newest first '
                '(by the date the fact-check was published). Sort or filter the table to look through '
                'this page; to narrow the whole archive, choose a verdict or a tag.</p>')
    return paged_listing(content, ARCHIVE, "All claims", "Every checked claim, newest first.",
                         content.newest_first, intro, "all claims", size, table=True, facet=None, in_nav=True)


def verdict_pages(content: SiteContent, size: int = PAGE_SIZE) -> list[GeneratedPage]:
    """The overview (each verdict, its meaning and latest claims) and each verdict's pages."""

    def overview(links: Links) -> str:
        verdicts = verdicts_of(content)
        parts = ['<p>Every claim has one verdict. What each verdict means is explained in the '
                 f'<a href="{text(links.page("methodology.md", "verdicts"))}">methodology</a>.</p>']
        for v in content.scale.verdicts:
            claims = content.by_verdict[v.id]
            latest = (claim_list(claims[:PREVIEW], verdicts, links) if claims
                      else '<p class="fc-muted">No claim has this verdict.</p>')
            more = (f'<p><a href="{text(links.page(verdict_src(v.id)))}">All {plural(len(claims), "claim")} '
                    f'rated {text(v.label)}</a></p>' if claims else "")
            parts.append(f'<section class="fc-verdict-group" id="verdict-{text(v.id)}" aria-labelledby="verdict-{text(v.id)}-title">'
                         f'<h2 id="verdict-{text(v.id)}-title">{verdict_badge(v)}</h2><p>{text(v.description)} '
                         f'<span class="fc-muted">({plural(len(claims), "claim")})</span></p>{latest}{more}</section>')
        return "".join(parts)

    pages = [GeneratedPage(VERDICTS, "Claims by verdict", "Every checked claim, grouped by verdict.",
                           marker("overview"), {"overview": overview}, hide=("toc",), searchable=False, in_nav=True)]
    for v in content.scale.verdicts:
        def intro(links: Links, v: Verdict = v) -> str:
            return (f'<p>{verdict_badge(v)} {text(v.description)} '
                    f'<span class="fc-muted">({plural(len(content.by_verdict[v.id]), "claim")}, newest first)</span></p>')
        pages += paged_listing(content, verdict_src(v.id), f"Claims rated {v.label}",
                               f"Every claim rated {v.label}, newest first.", content.by_verdict[v.id], intro,
                               f"the claims rated {v.label}", size, facet=v.id)
    return pages


def tag_pages(content: SiteContent, size: int = PAGE_SIZE) -> list[GeneratedPage]:
    """The index of tags and each tag's pages (and the claims without a tag)."""

    def index(links: Links) -> str:
        # Each tag's entry keeps the id the tag had when all claims were on one page, so that a
        # link to #tag-<tag> still lands on it.
        items = "".join(f'<li id="tag-{text(tag)}"><a href="{text(links.page(tag_src(tag)))}">{text(tag)}</a> '
                        f'<span class="fc-muted">{len(claims):,}</span></li>'
                        for tag, claims in content.by_tag.items())
        listing = (f'<ul class="fc-tags fc-tags--index">{items}</ul>' if items
                   else '<p class="fc-muted">No claim has tags yet.</p>')
        untagged = content.untagged
        rest = (f'<p><a href="{text(links.page(UNTAGGED))}">{plural(len(untagged), "claim")} without a tag</a></p>'
                if untagged else "")
        return f"<p>Claims grouped by what they are about; each tag lists its claims newest first.</p>{listing}{rest}"

    pages = [GeneratedPage(TAGS, "Claims by tag", "Every checked claim, grouped by tag.", marker("index"),
                           {"index": index}, hide=("toc",), searchable=False, in_nav=True)]
    for tag, claims in content.by_tag.items():
        def intro(links: Links, tag: str = tag, n: int = len(claims)) -> str:
            return (f'<p>Claims tagged <strong>{text(tag)}</strong>: {plural(n, "claim")}, newest first. '
                    f'<a href="{text(links.page(TAGS))}">All tags</a>.</p>')
        pages += paged_listing(content, tag_src(tag), f"Claims tagged {tag}", f"Every claim tagged {tag}.",
                               claims, intro, f"the claims tagged {tag}", size)
    if content.untagged:
        def untagged_intro(links: Links) -> str:
            return (f'<p>Claims without a tag: {plural(len(content.untagged), "claim")}, newest first. '
                    f'<a href="{text(links.page(TAGS))}">All tags</a>.</p>')
        pages += paged_listing(content, UNTAGGED, "Claims without a tag", "Every claim that has no tag.",
                               content.untagged, untagged_intro, "the claims without a tag", size)
    return pages
