"""The page of one source: its metadata, the claims citing it, and its full body with every
cited passage highlighted, overlapping and nested passages included."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from ...sources import Source
from ..html.components import STANCE_ICONS, STANCE_LABELS, date, icon, verdict_badge
from ..html.escaping import safe_url, text
from ..html.highlighting import Span, segments
from ..plan.content import CitedPassage, SiteContent
from ..plan.links import Links, source_src, source_text_path
from ..plan.naming import source_name
from ..plan.pages import Block, GeneratedPage, marker

TEMPLATE = "factcheck.html"
_LINE_BREAK = re.compile("\n")

# The title is the page heading already.
_META_LABELS = (("outlet", "Outlet"), ("published", "Published"),
                ("retrieved", "Retrieved"), ("language", "Language"), ("notes", "Notes"))


# A text directive names short runs of words: the quote whole when it is short, else its first
# and last words; with a few words either side to pick the right occurrence.
DIRECTIVE_WORDS = 8
EDGE_WORDS = 4
CONTEXT_WORDS = 3


def _directive_term(value: str) -> str:
    """A term of a text directive: white space as single spaces, percent-encoded, with '-', '&'
    and ',' (the directive's own syntax) encoded too (URL Fragment Text Directives, section 3.3)."""
    return quote(" ".join(value.split()), safe="").replace("-", "%2D")


def text_fragment_link(source: Source, start: int, end: int) -> str | None:
    """A link to the passage ``body[start:end]`` in the original article
    (``url#:~:text=prefix-,start,end,-suffix``), or None when the source has no safe ``url``.
    Browsers match a directive at word boundaries, so the passage is widened to whole words."""
    url = source.meta.get("url")
    if not url or safe_url(url) is None or not url.lower().startswith(("https://", "http://")):
        return None
    body = source.body
    while start > 0 and not body[start - 1].isspace():
        start -= 1
    while end < len(body) and not body[end].isspace():
        end += 1
    words = body[start:end].split()
    if not words:
        return None
    if len(words) <= DIRECTIVE_WORDS:
        terms = [_directive_term(" ".join(words))]
    else:
        terms = [_directive_term(" ".join(words[:EDGE_WORDS])), _directive_term(" ".join(words[-EDGE_WORDS:]))]
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    before = body[line_start:start].split()[-CONTEXT_WORDS:]
    after = body[end:len(body) if line_end == -1 else line_end].split()[:CONTEXT_WORDS]
    if before:
        terms.insert(0, _directive_term(" ".join(before)) + "-")
    if after:
        terms.append("-" + _directive_term(" ".join(after)))
    separator = ":~:text=" if "#" in url else "#:~:text="
    return url + separator + ",".join(terms)


def _stance_of(keys: tuple[str, ...], stance: dict[str, str]) -> str:
    found = {stance[k] for k in keys}
    return found.pop() if len(found) == 1 else "mixed"


def render_body(body: str, passages: list[CitedPassage], claim_numbers: dict[str, int],
                links: Links, original: Callable[[int, int], str | None] | None = None) -> str:
    """The body as paragraphs (one per line), each cited passage highlighted.

    Passages may overlap or nest, so the body is cut at every passage boundary and each piece
    is one ``<mark>`` listing every citation covering it (``data-cites``). Where a passage
    starts, an empty element carries its id ``cite-<claim>-<n>``; where it ends, a numbered
    link names the claim citing it, and, given ``original`` (the address of a passage in the
    original article), a link to the passage there.
    """
    spans = [Span(p.citation.start, p.citation.end, p.key) for p in passages]
    stance = {p.key: p.citation.stance for p in passages}
    owner = {p.key: p.claim.id for p in passages}
    starts: dict[int, list[CitedPassage]] = {}
    ends: dict[int, list[CitedPassage]] = {}
    for p in passages:
        starts.setdefault(p.citation.start, []).append(p)
        ends.setdefault(p.citation.end, []).append(p)
    breaks = [match.start() for match in _LINE_BREAK.finditer(body)]
    breaks += [i + 1 for i in breaks]
    paragraphs: list[str] = []
    current: list[str] = []
    line = [1]  # of the body: a paragraph's id is line-<n>, where a search result lands

    def close() -> None:
        if current:
            paragraphs.append(f'<p id="line-{line[0]}">' + "".join(current) + "</p>")
            current.clear()

    for seg in segments(len(body), spans, breaks):
        piece = body[seg.start:seg.end]
        for p in starts.get(seg.start, ()):
            current.append(f'<span class="fc-anchor" id="{text(p.anchor)}" data-cite="{text(p.key)}"></span>')
        if piece == "\n":
            close()
            line[0] += 1
        else:
            if piece.endswith("\r") and body.startswith("\n", seg.end):
                piece = piece[:-1]  # CRLF line end: the break is the paragraph, not text
            shown = text(piece)
            if seg.keys:
                cited_by = "; ".join(dict.fromkeys(
                    f"claim {claim_numbers[owner[k]]} ({stance[k]})" for k in seg.keys))
                current.append(
                    f'<mark class="fc-hl fc-hl--{_stance_of(seg.keys, stance)}" title="Cited by {text(cited_by)}" '
                    f'data-cites="{text(" ".join(seg.keys))}" data-depth="{min(seg.depth, 3)}">{shown}</mark>')
            else:
                current.append(shown)
        for p in ends.get(seg.end, ()):
            n = claim_numbers[p.claim.id]
            current.append(
                f'<a class="fc-ref fc-ref--{text(p.citation.stance)}" '
                f'href="{text(links.claim(p.claim.id, f"evidence-{p.citation.n}"))}" '
                f'title="{text(p.claim.claim)}" data-cite="{text(p.key)}" '
                f'aria-label="{text(f"Claim {n} ({p.citation.stance}): {p.claim.claim}")}">{n}</a>')
            there = original(p.citation.start, p.citation.end) if original else None
            if there:
                current.append(
                    f'<a class="fc-original" href="{text(there)}" rel="nofollow noopener" '
                    f'title="This passage in the original article" '
                    f'aria-label="Passage of claim {n} in the original article">↗</a>')
    close()
    return '<div class="fc-source-text">' + "\n".join(paragraphs) + "</div>"


def _metadata(source: Source, content: SiteContent, passages: list[CitedPassage], links: Links) -> str:
    rows = []
    for key, label in _META_LABELS:
        value = source.meta.get(key)
        if value:
            shown = date(value) if key in ("published", "retrieved") else text(value)
            rows.append(f"<dt>{label}</dt><dd>{shown}</dd>")
    url = source.meta.get("url")
    if url and safe_url(url):
        rows.append(f'<dt>Original</dt><dd><a href="{text(url)}" rel="nofollow noopener">{text(url)}</a></dd>')
    claims = content.claims_citing(source.id)
    share = content.share_cited(source)
    rows.append(f'<dt>File</dt><dd><code>{text(source.file)}</code> · '
                f'<a href="{text(links.to(source_text_path(source.id)))}">plain text</a> '
                f'({len(source.body):,} characters)</dd>')
    rows.append(
        f"<dt>Cited</dt><dd>{len(passages)} passage{'s' if len(passages) != 1 else ''} "
        f"by {len(claims)} claim{'s' if len(claims) != 1 else ''}; "
        f'<strong class="fc-share">{share:.0%}</strong> of the text is cited</dd>')
    return f'<dl class="fc-source-meta">{"".join(rows)}</dl>'


def _citing_claims(source: Source, content: SiteContent, passages: list[CitedPassage],
                   claim_numbers: dict[str, int], links: Links) -> str:
    if not passages:
        return '<p class="fc-muted">No published claim cites this article yet.</p>'
    items = []
    for claim in content.claims_citing(source.id):
        own = [p for p in passages if p.claim.id == claim.id]
        jumps = "".join(
            f'<a class="fc-jump fc-stance--{text(p.citation.stance)}" href="#{text(p.anchor)}" '
            f'data-cite="{text(p.key)}" title="{text(STANCE_LABELS.get(p.citation.stance, p.citation.stance))}">'
            f'{icon(STANCE_ICONS.get(p.citation.stance, "circle-outline"))}passage {p.citation.n}</a>' for p in own)
        items.append(
            f'<li value="{claim_numbers[claim.id]}">{verdict_badge(content.verdict(claim))} '
            f'<a href="{text(links.claim(claim.id))}">{text(claim.claim)}</a>'
            f'<span class="fc-jumps"><span class="fc-muted">In the text:</span> {jumps}</span></li>')
    return f'<ol class="fc-citing">{"".join(items)}</ol>'


LEGEND = (
    '<p class="fc-legend"><span class="fc-visually-hidden">Highlight key: </span>'
    '<mark class="fc-hl fc-hl--supports" data-depth="1">supports a claim</mark> '
    '<mark class="fc-hl fc-hl--refutes" data-depth="1">refutes a claim</mark> '
    '<mark class="fc-hl fc-hl--context" data-depth="1">context for a claim</mark> '
    '<mark class="fc-hl fc-hl--mixed" data-depth="2">cited by several, with different stances</mark> '
    '<span class="fc-muted">The number after a passage is the claim citing it, listed below the text; '
    'darker marks are cited by more than one claim.</span></p>')


def source_page(source: Source, content: SiteContent) -> GeneratedPage:
    """The page, cheap to make: its blocks are made when the page is written."""
    src = source_src(source.id)
    passages = content.passages_by_source.get(source.id, [])
    claims = content.claims_citing(source.id)

    def numbers() -> dict[str, int]:
        return {c.id: n for n, c in enumerate(claims, start=1)}

    name = source_name(source)

    def header(links: Links) -> str:
        explained = (f'<p class="fc-name-note">{text(name.explanation)}</p>' if name.explanation else "")
        return (f'<header><p class="fc-kicker">Source article</p>'
                f'<h1 class="fc-source-title">{text(name.name)}</h1>{explained}'
                f'{_metadata(source, content, passages, links)}</header>')

    blocks: dict[str, Block] = {
        "header": header,
        "claims": lambda links: _citing_claims(source, content, passages, numbers(), links),
        "body": lambda links: LEGEND + render_body(source.body, passages, numbers(), links,
                                                   lambda start, end: text_fragment_link(source, start, end)),
    }
    body = "\n\n".join([marker("header"), "## Full text", marker("body"),
                        "## Claims citing this article", marker("claims")])
    n_claims = len(claims)
    return GeneratedPage(
        src_uri=src, title=name.name,
        description=(f"The full text of {name.name}, with the passages "
                     f"{n_claims} fact-checked claim{'s' if n_claims != 1 else ''} cite highlighted."),
        body=body, blocks=blocks, template=TEMPLATE)
