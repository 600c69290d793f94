"""Pages and blocks that list many claims or sources: the home page's chart and table, claims by
verdict and by tag, the sources, the verdict scale, and the evidence map (claims against sources)."""

from __future__ import annotations

from ..model import Citation, Claim
from ..verdicts import Verdict
from .charts import verdict_chart
from .components import STANCE_ICONS, STANCE_LABELS, STANCES, claim_list, claims_table, icon, verdict_badge
from .content import SiteContent
from .escaping import one_line, text
from .links import Links
from .pages import Block, GeneratedPage, heading_text, marker


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def short_label(source_title: str | None, outlet: str | None, limit: int = 28) -> str:
    """A column heading for a source; its id is shown beneath it."""
    return one_line(source_title or outlet or "Article", limit)


def global_blocks(content: SiteContent) -> dict[str, Block]:
    """Blocks a hand-written page (docs/*.md) may place with ``<!-- factcheck:NAME -->``."""
    verdicts = {v.id: v for v in content.scale.verdicts}

    def summary(links: Links) -> str:
        counts = ", ".join(f"{len(content.by_verdict[v.id])} {v.label.lower()}"
                           for v in content.scale.verdicts if content.by_verdict[v.id])
        cited = {p.citation.source for ps in content.passages_by_source.values() for p in ps}
        return (f'<p class="fc-lead">{_plural(len(content.claims), "claim")} checked against '
                f'<a href="{text(links.page("sources/index.md"))}">{_plural(len(content.sources), "source article")}</a>'
                f' ({len(cited)} cited){": " + text(counts) if counts else ""}.</p>')

    def chart(links: Links) -> str:
        return (f'<figure class="fc-figure">{verdict_chart([(v, len(content.by_verdict[v.id])) for v in content.scale.verdicts])}'
                f'<figcaption>Number of claims by verdict. '
                f'<a href="{text(links.page("verdicts.md"))}">See the claims grouped by verdict</a>.'
                f'</figcaption></figure>')

    def table(links: Links) -> str:
        return claims_table(content.newest_first, verdicts, links, "fc-all-claims",
                            f"All {_plural(len(content.claims), 'claim')}, newest first")

    def scale(links: Links) -> str:
        rows = "".join(
            f'<tr><td>{verdict_badge(v)}</td><td>{text(v.description)}</td>'
            f'<td class="fc-num">{"—" if v.rating is None else v.rating}</td>'
            f'<td class="fc-num"><a href="{text(links.page("verdicts.md", "verdict-" + v.id))}">'
            f'{len(content.by_verdict[v.id])}</a></td></tr>'
            for v in content.scale.verdicts)
        return ('<div class="fc-table-wrap"><table class="fc-scale"><caption>The verdict scale</caption>'
                '<thead><tr><th scope="col">Verdict</th><th scope="col">Meaning</th>'
                '<th scope="col">Rating</th><th scope="col">Claims</th></tr></thead>'
                f'<tbody>{rows}</tbody></table></div>')

    def sources(links: Links) -> str:
        return sources_table(content, links)

    def source_ids(links: Links) -> str:
        items = "".join(
            f'<li><code>{text(s.id)}</code> — <a href="{text(links.source(s.id))}">{text(s.display_title)}</a></li>'
            for s in content.sources)
        return f'<ul class="fc-source-ids">{items}</ul>'

    return {"summary": summary, "verdict-chart": chart, "claims-table": table,
            "verdict-scale": scale, "sources-table": sources, "source-ids": source_ids}


def sources_table(content: SiteContent, links: Links) -> str:
    rows = []
    for s in content.sources:
        passages = content.passages_by_source.get(s.id, [])
        stances = {k: sum(1 for p in passages if p.citation.stance == k) for k in STANCES}
        share = content.share_cited(s)
        rows.append(
            f'<tr><td class="fc-source-cell"><a href="{text(links.source(s.id))}">{text(s.display_title)}</a>'
            + ("" if s.id in s.display_title else f'<br><code class="fc-muted">{text(s.id)}</code>')
            + '</td>'
            f'<td>{text(s.meta.get("outlet", "not named"))}</td>'
            f'<td class="fc-num" data-sort="{len(content.claims_citing(s.id))}">{len(content.claims_citing(s.id))}</td>'
            + "".join(f'<td class="fc-num" data-sort="{stances[k]}">{stances[k]}</td>' for k in STANCES)
            + f'<td class="fc-num" data-sort="{share:.4f}">{share:.0%}</td></tr>')
    heads = "".join(f'<th scope="col" data-sort-type="number">{text(STANCE_LABELS[k])}</th>' for k in STANCES)
    return ('<div class="fc-table-wrap"><table class="fc-sources fc-sortable"><caption>Source articles and how '
            'the claims use them</caption><thead><tr><th scope="col">Article</th><th scope="col">Outlet</th>'
            f'<th scope="col" data-sort-type="number">Claims</th>{heads}'
            '<th scope="col" data-sort-type="number">Text cited</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def verdicts_page(content: SiteContent) -> GeneratedPage:
    """Every claim grouped by verdict; the blocks are made when the page is written."""
    verdicts = {v.id: v for v in content.scale.verdicts}
    body = [marker("intro")]
    blocks: dict[str, Block] = {
        "intro": lambda links: (
            '<p>Every claim, grouped by its verdict. What each verdict means is explained in '
            f'the <a href="{text(links.page("methodology.md", "verdicts"))}">methodology</a>.</p>')}

    def group(v: Verdict) -> Block:
        def block(links: Links) -> str:
            claims = content.by_verdict[v.id]
            listing = (claim_list(claims, verdicts, links) if claims
                       else '<p class="fc-muted">No claim has this verdict.</p>')
            return (f'<p>{verdict_badge(v)} {text(v.description)} '
                    f'<span class="fc-muted">({_plural(len(claims), "claim")})</span></p>{listing}')
        return block

    for v in content.scale.verdicts:
        body += [f"## {heading_text(v.label)} {{#verdict-{v.id}}}", marker(f"verdict-{v.id}")]
        blocks[f"verdict-{v.id}"] = group(v)
    return GeneratedPage("verdicts.md", "Claims by verdict", "Every checked claim, grouped by verdict.",
                         "\n\n".join(body), blocks, searchable=False)


def tags_page(content: SiteContent) -> GeneratedPage:
    """Every claim grouped by tag; the blocks are made when the page is written."""
    verdicts = {v.id: v for v in content.scale.verdicts}

    def index(links: Links) -> str:
        items = "".join(f'<li><a href="#tag-{text(tag)}">{text(tag)}</a> <span class="fc-muted">{len(claims)}</span></li>'
                        for tag, claims in content.by_tag.items())
        return (f'<ul class="fc-tags fc-tags--index">{items}</ul>' if items
                else '<p class="fc-muted">No claim has tags yet.</p>')

    def listing(claims: list[Claim]) -> Block:
        return lambda links: claim_list(claims, verdicts, links)

    blocks: dict[str, Block] = {"index": index}
    untagged = [c for c in content.newest_first if not c.tags]
    body = [marker("index")]
    for tag, claims in content.by_tag.items():
        body += [f"## {heading_text(tag)} {{#tag-{tag}}}", marker(f"tag-{tag}")]
        blocks[f"tag-{tag}"] = listing(claims)
    if untagged:
        body += ["## Without a tag {#untagged}", marker("untagged")]
        blocks["untagged"] = listing(untagged)
    return GeneratedPage("tags.md", "Claims by tag", "Every checked claim, grouped by tag.", "\n\n".join(body), blocks,
                         searchable=False)


def sources_index_page(content: SiteContent) -> GeneratedPage:
    blocks: dict[str, Block] = {
        "intro": ('<p>The evidence of this fact-check is these articles, nothing else. Each page shows the '
                  'full text with every passage a claim cites highlighted.</p>'),
        "table": lambda links: sources_table(content, links)}
    return GeneratedPage("sources/index.md", "Sources", "The source articles every claim is checked against.",
                         "\n\n".join([marker("intro"), marker("table")]), blocks, hide=("toc",),
                         searchable=False)


# Up to this many sources a claim does not cite in a row are empty cells, as any other; a longer
# run is one cell spanning them, so that the map grows with the citations, not with claims times
# sources (10,000 claims against 1,000 sources made a page of 100 MB).
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
    # Not cited (a thousand claims against a hundred sources: keep it small).
    return "<td></td>" * n if n <= EMPTY_CELLS_MAX else f'<td colspan="{n}"></td>'


def _map_cell(claim: Claim, cites: list[Citation], links: Links) -> str:
    source_id = cites[0].source
    stances = {c.stance for c in cites}
    kind = stances.pop() if len(stances) == 1 else "mixed"
    marks = "".join(
        f'<a class="fc-map__mark fc-stance--{text(c.stance)}" '
        f'href="{text(links.source(source_id, f"cite-{claim.id}-{c.n}"))}" '
        f'title="{text(STANCE_LABELS.get(c.stance, c.stance))}: passage {c.n}" '
        f'aria-label="{text(STANCE_LABELS.get(c.stance, c.stance))}, passage {c.n}">'
        f'{icon(STANCE_ICONS.get(c.stance, "circle-outline"))}</a>' for c in cites)
    return f'<td class="fc-map__cell fc-map__cell--{kind}">{marks}</td>'


def evidence_map(content: SiteContent, links: Links) -> str:
    """Claims (rows) against sources (columns): each cell shows how that source bears on that claim."""
    sources = content.sources
    columns = {s.id: i for i, s in enumerate(sources)}
    heads = "".join(
        f'<th scope="col" class="fc-map__source"><a href="{text(links.source(s.id))}" title="{text(s.display_title)}">'
        f'{text(short_label(s.meta.get("title"), s.meta.get("outlet")))}</a>'
        f'<br><code class="fc-muted" title="{text(s.id)}">{text(one_line(s.id, 12))}</code></th>' for s in sources)
    rows = []
    for claim in content.newest_first:
        verdict = content.verdict(claim)
        rows.append(
            f'<tr data-verdict="{text(verdict.id)}"><th scope="row" class="fc-map__claim">'
            f'{verdict_badge(verdict)} <a href="{text(links.claim(claim.id))}">{text(one_line(claim.claim, 110))}</a></th>'
            + _map_cells(claim, columns, links) + "</tr>")
    totals = []
    for s in sources:
        passages = content.passages_by_source.get(s.id, [])
        counts = " ".join(
            f'<span class="fc-stance fc-stance--{k}" title="{STANCE_LABELS[k]}">{icon(STANCE_ICONS[k])}'
            f'{sum(1 for p in passages if p.citation.stance == k)}'
            f'<span class="fc-visually-hidden"> {STANCE_LABELS[k].lower()}</span></span>'
            for k in STANCES)
        totals.append(f'<td class="fc-map__totals">{counts}</td>')
    legend = " ".join(f'<span class="fc-stance fc-stance--{k}">{icon(STANCE_ICONS[k])}{STANCE_LABELS[k]}</span>'
                      for k in STANCES)
    return (
        f'<p class="fc-legend">Each mark is one cited passage: {legend}. Follow a mark to the passage '
        'highlighted in the article. An empty cell: the claim does not cite that article.</p>'
        '<div class="fc-table-wrap"><table class="fc-map"><caption>Claims against source articles</caption>'
        f'<thead><tr><th scope="col">Claim</th>{heads}</tr></thead><tbody>{"".join(rows)}</tbody>'
        f'<tfoot><tr><th scope="row">Passages cited, by stance</th>{"".join(totals)}</tr></tfoot></table></div>')


def evidence_map_page(content: SiteContent) -> GeneratedPage:
    return GeneratedPage("evidence-map.md", "Evidence map",
                         "Which source articles support, refute or give context to each claim.",
                         marker("map"), {"map": lambda links: evidence_map(content, links)},
                         hide=("navigation", "toc"), searchable=False)


def default_home_page(site_name: str, site_description: str | None) -> GeneratedPage:
    """The home page when docs/ has no index.md of its own."""
    intro = f'<p class="fc-lead">{text(site_description)}</p>' if site_description else ""
    return GeneratedPage("index.md", site_name, site_description or site_name,
                         "\n\n".join([marker("intro"), marker("summary"), "## Verdicts", marker("verdict-chart"),
                                      "## All claims", marker("claims-table")]),
                         {"intro": f"<h1>{text(site_name)}</h1>{intro}"})
