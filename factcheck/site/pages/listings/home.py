"""Blocks a hand-written page (docs/*.md) may place with ``<!-- factcheck:NAME -->``, each of a
bounded size however large the archive grows: the summary, the verdict chart, the latest claims,
the verdict scale and the sources (their first page, with a link to the rest)."""

from __future__ import annotations

from ...html.charts import verdict_chart
from ...html.components import claims_table, verdict_badge
from ...html.escaping import text
from ...plan.content import SiteContent
from ...plan.links import Links
from ...plan.naming import source_name
from ...plan.pages import Block, GeneratedPage, marker
from .claims import ARCHIVE, VERDICTS, plural, verdict_src, verdicts_of
from .pagination import PAGE_SIZE
from .sources import SOURCES_INDEX, sources_table

LATEST = 20  # claims on the home page


def global_blocks(content: SiteContent, size: int = PAGE_SIZE) -> dict[str, Block]:
    verdicts = verdicts_of(content)

    def summary(links: Links) -> str:
        counts = ", ".join(f"{len(content.by_verdict[v.id]):,} {v.label.lower()}"
                           for v in content.scale.verdicts if content.by_verdict[v.id])
        cited = sum(1 for passages in content.passages_by_source.values() if passages)
        return (f'<p class="fc-lead">{plural(len(content.claims), "claim")} checked against '
                f'<a href="{text(links.page(SOURCES_INDEX))}">{plural(len(content.sources), "source article")}</a>'
                f' ({cited:,} cited){": " + text(counts) if counts else ""}.</p>')

    def chart(links: Links) -> str:
        return (f'<figure class="fc-figure">{verdict_chart([(v, len(content.by_verdict[v.id])) for v in content.scale.verdicts])}'
                f'<figcaption>Number of claims by verdict. '
                f'<a href="{text(links.page(VERDICTS))}">See the claims grouped by verdict</a>.'
                f'</figcaption></figure>')

    def latest(links: Links) -> str:
        shown = content.newest_first[:LATEST]
        more = (f'<p class="fc-more"><a href="{text(links.page(ARCHIVE))}">All {plural(len(content.claims), "claim")}, '
                'newest first</a></p>')
        caption = (f"The latest {len(shown)} of {plural(len(content.claims), 'claim')}"
                   if len(shown) < len(content.claims) else f"All {plural(len(content.claims), 'claim')}, newest first")
        return claims_table(shown, verdicts, links, "fc-all-claims", caption) + more

    def scale(links: Links) -> str:
        rows = "".join(
            f'<tr><td>{verdict_badge(v)}</td><td>{text(v.description)}</td>'
            f'<td class="fc-num">{"—" if v.rating is None else v.rating}</td>'
            f'<td class="fc-num"><a href="{text(links.page(verdict_src(v.id)))}">'
            f'{len(content.by_verdict[v.id]):,}<span class="fc-visually-hidden"> claims rated {text(v.label)}</span></a></td></tr>'
            for v in content.scale.verdicts)
        return ('<div class="fc-table-wrap"><table class="fc-scale"><caption>The verdict scale</caption>'
                '<thead><tr><th scope="col">Verdict</th><th scope="col">Meaning</th>'
                '<th scope="col">Rating</th><th scope="col">Claims</th></tr></thead>'
                f'<tbody>{rows}</tbody></table></div>')

    def more_sources(links: Links) -> str:
        if len(content.sources) <= size:
            return ""
        return (f'<p class="fc-more"><a href="{text(links.page(SOURCES_INDEX))}">All '
                f'{plural(len(content.sources), "source article")}</a></p>')

    def sources(links: Links) -> str:
        return sources_table(content, links, content.sources[:size]) + more_sources(links)

    def source_ids(links: Links) -> str:
        items = "".join(
            f'<li><code>{text(s.id)}</code> — <a href="{text(links.source(s.id))}">{text(source_name(s).name)}</a></li>'
            for s in content.sources[:size])
        return f'<ul class="fc-source-ids">{items}</ul>' + more_sources(links)

    return {"summary": summary, "verdict-chart": chart, "claims-table": latest, "latest-claims": latest,
            "verdict-scale": scale, "sources-table": sources, "source-ids": source_ids}


def default_home_page(site_name: str, site_description: str | None) -> GeneratedPage:
    """The home page when docs/ has no index.md of its own."""
    intro = f'<p class="fc-lead">{text(site_description)}</p>' if site_description else ""
    return GeneratedPage("index.md", site_name, site_description or site_name,
                         "\n\n".join([marker("intro"), marker("summary"), "## Verdicts", marker("verdict-chart"),
                                      "## Latest claims", marker("latest-claims")]),
                         {"intro": f"<h1>{text(site_name)}</h1>{intro}"}, in_nav=True)
