"""The page of one claim: verdict with its label and meaning, who claimed it and when, the
analyst's summary, and every citation as its quote in context with a link to the passage
highlighted in the full source."""

from __future__ import annotations

from ...model import Claim
from ..html import analyst_markdown
from ..html.components import claim_list, date, stance_label, verdict_badge
from ..html.escaping import text
from ..html.excerpts import excerpt
from ..plan.content import CitedPassage, SiteContent
from ..plan.links import Links, claim_src
from ..plan.naming import source_name
from ..plan.pages import Block, GeneratedPage, Lazy, marker
from .corrections import CORRECTIONS_PAGE, correction_anchor
from .source import text_fragment_link

TEMPLATE = "factcheck.html"


def _multiline(value: str) -> str:
    return text(value).replace("\r\n", "\n").replace("\n", "<br>")


def _people(claim: Claim) -> str:
    """Who wrote and who approved the fact-check, when it was published and last changed."""
    parts = []
    if claim.analyst:
        parts.append(f"Checked by <strong>{text(claim.analyst)}</strong>")
    if claim.reviewers:
        parts.append("reviewed by " + ", ".join(f"<strong>{text(r)}</strong>" for r in claim.reviewers))
    if claim.published:
        parts.append(f"published {date(claim.published)}")
    modified = claim.modified
    if modified and modified != claim.published:
        parts.append(f"last updated {date(modified)}")
    if not parts:
        return ""
    sentence = "; ".join(parts)
    return f'<p class="fc-byline">{sentence[0].upper()}{sentence[1:]}.</p>'


def _corrections(claim: Claim, links: Links) -> str:
    """Every correction, oldest first as recorded, each with an id that /corrections/ links to;
    right below the verdict, which is what a correction most often changes."""
    if not claim.corrections:
        return ""
    items = "".join(
        f'<li class="fc-correction" id="{correction_anchor(n)}"><p class="fc-correction__date">'
        f'Corrected {date(c.date)}</p><div class="fc-correction__note">{analyst_markdown.render(c.note)}</div></li>'
        for n, c in enumerate(claim.corrections, start=1))
    count = len(claim.corrections)
    title = "Correction" if count == 1 else f"{count} corrections"
    return (f'<section class="fc-corrections" id="corrections" aria-labelledby="fc-corrections-title">'
            f'<h2 class="fc-corrections__title" id="fc-corrections-title">{title}</h2>'
            f'<p class="fc-corrections__intro">This fact-check was changed after it was published:</p>'
            f'<ol class="fc-corrections__list">{items}</ol>'
            f'<p class="fc-corrections__policy"><a href="{text(links.page(CORRECTIONS_PAGE))}">'
            'All corrections, and how we correct</a></p></section>')


def _title(claim: Claim, content: SiteContent) -> str:
    """The claim as the page's heading: in quotation marks only when it is a quotation of its
    claimant (``SiteContent.is_quotation``); otherwise it is the desk's wording, and says so
    (words it quotes inside carry their own quotation marks)."""
    if content.is_quotation(claim):
        return f'<h1 class="fc-claim-title">“{_multiline(claim.claim)}”</h1>'
    return (f'<h1 class="fc-claim-title">{_multiline(claim.claim)}</h1>'
            '<p class="fc-claim-wording fc-muted">Worded by the desk, not a verbatim quotation of the claimant.</p>')


def _header(claim: Claim, content: SiteContent, links: Links) -> str:
    verdict = content.verdict(claim)
    when = f" on {date(claim.claim_date)}" if claim.claim_date else ""
    tags = ""
    if claim.tags:
        tags = '<ul class="fc-tags" aria-label="Tags">' + "".join(
            f'<li><a href="{text(links.page("tags.md", "tag-" + tag))}">{text(tag)}</a></li>'
            for tag in claim.tags) + "</ul>"
    draft = ('<p class="fc-draft-banner" role="note">Draft: this claim is not published yet; '
             'it appears because the site was built with --drafts.</p>') if not claim.is_published else ""
    return (
        f'{draft}<header class="fc-claim-header"><p class="fc-kicker">Claim</p>'
        f'{_title(claim, content)}'
        f'<p class="fc-claimant">Claimed by <strong>{text(claim.claimant)}</strong>{when}</p>'
        f'<section class="fc-verdict" style="--fc-verdict:{text(verdict.color)}" aria-label="Verdict">'
        f'<p class="fc-verdict__kicker">Our verdict</p>{verdict_badge(verdict, large=True)}'
        f'<p class="fc-verdict__description">{text(verdict.description)} '
        f'<a href="{text(links.page("methodology.md", "verdicts"))}">How we rate claims</a></p></section>'
        f'{_corrections(claim, links)}{tags}{_people(claim)}</header>')


def _citation(passage: CitedPassage, content: SiteContent, links: Links) -> str:
    c = passage.citation
    source = content.source_by_id[c.source]
    part = excerpt(source.body, c.start, c.end)
    before = ("…" if part.clipped_before else "") + part.before
    after = part.after + ("…" if part.clipped_after else "")
    note = f'<p class="fc-note"><strong>Why it matters:</strong> {_multiline(c.note)}</p>' if c.note else ""
    target = links.source(c.source, passage.anchor)
    original = text_fragment_link(source, c.start, c.end)
    original_link = (f' · <a class="fc-original-link" href="{text(original)}" rel="nofollow noopener">'
                     'this passage in the original article</a>' if original else "")
    return (
        f'<li class="fc-citation fc-citation--{text(c.stance)}" id="evidence-{c.n}">'
        f'<p class="fc-citation__head">{stance_label(c.stance)} '
        f'<a href="{text(links.source(c.source))}">{text(source_name(source).name)}</a></p>'
        f'<blockquote class="fc-excerpt"><p><span class="fc-excerpt__context">{_multiline(before)}</span>'
        f'<mark class="fc-excerpt__quote">{_multiline(part.quote)}</mark>'
        f'<span class="fc-excerpt__context">{_multiline(after)}</span></p></blockquote>{note}'
        f'<p class="fc-citation__link"><a class="fc-cite-link" href="{text(target)}" '
        f'data-cite="{text(passage.key)}">See this passage highlighted in the full article</a>'
        f'{original_link}</p></li>')


def _single_source(claim: Claim, links: Links) -> str:
    """Why the verdict may rest on one source, where the analyst says so: part of the assessment
    a reader weighs (the house rules ask for it), so shown with it, not only in the data."""
    if not claim.single_source:
        return ""
    return (f'<aside class="fc-single-source" aria-labelledby="fc-single-source-title">'
            f'<p class="fc-single-source__title" id="fc-single-source-title"><strong>Resting on one source</strong> '
            f'<a class="fc-muted" href="{text(links.page("methodology.md", "single-source"))}">(our rule)</a></p>'
            f'<div class="fc-single-source__note">{analyst_markdown.render(claim.single_source)}</div></aside>')


def _footer(claim: Claim, edit_url: str | None, links: Links) -> str:
    # "Edit this claim" only where the site is configured with the repository's edit address:
    # a reader is never handed a YAML file to download.
    edit = (f'<a class="md-button" href="{text(edit_url)}" rel="nofollow noopener">Edit this claim</a> '
            if edit_url else "")
    return (f'<p class="fc-claim-footer">{edit}<span class="fc-muted">'
            f'<a href="{text(links.to("claims.json"))}">All claims as data (JSON)</a></span></p>')


def claim_page(claim: Claim, content: SiteContent, edit_url: str | None, jsonld: Lazy) -> GeneratedPage:
    """The page, cheap to make: its blocks and description are made when the page is written."""
    src = claim_src(claim.id)
    verdict = content.verdict(claim)

    def evidence(links: Links) -> str:
        passages = [CitedPassage(claim, c) for c in claim.evidence]
        sources = claim.sources
        return (f'<p class="fc-muted">{len(passages)} passage{"s" if len(passages) != 1 else ""} '
                f'from {len(sources)} source{"s" if len(sources) != 1 else ""}.</p>'
                f'<ol class="fc-evidence">{"".join(_citation(p, content, links) for p in passages)}</ol>')

    blocks: dict[str, Block] = {
        "header": lambda links: _header(claim, content, links),
        "summary": lambda links: (f'<div class="fc-summary">{analyst_markdown.render(claim.summary)}</div>'
                                  f'{_single_source(claim, links)}'),
        "evidence": evidence,
        "footer": lambda links: _footer(claim, edit_url, links),
    }
    body = [marker("header"), "## Our assessment", marker("summary"), "## Evidence", marker("evidence")]
    related = content.related(claim)
    if related:
        blocks["related"] = lambda links: claim_list(related, {v.id: v for v in content.scale.verdicts}, links)
        body += ["## Related claims", marker("related")]
    body.append(marker("footer"))
    return GeneratedPage(
        src_uri=src, title=f"{verdict.label}: {claim.claim}",
        description=lambda: f"{verdict.label}. {analyst_markdown.plain_text(claim.summary)}",
        body="\n\n".join(body), blocks=blocks, jsonld=jsonld, template=TEMPLATE,
        date=claim.updated or claim.claim_date)
