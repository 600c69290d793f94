"""What search finds, made from what the site already knows rather than read back from the
written pages: a claim by its own words, a source by each passage of its text, a hand-written
page by each of its sections.

A record has the texts search looks words up in, each with a weight (a word of the claim counts
more than a word of its summary), and what a result shows: a title, a link from the site's root,
and short texts to quote the words found from (``shown``). Listings are not records: they only
repeat the claims."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from ...model import Claim
from ...sources import Source
from ..html import analyst_markdown
from ..plan.content import SiteContent
from ..plan.links import Links
from ..plan.naming import source_name

# Kinds of record: what a result says it is, and which records are compared for length.
CLAIM, SOURCE, PASSAGE, PAGE = 0, 1, 2, 3
KIND_NAMES = {CLAIM: "claim", SOURCE: "source", PASSAGE: "source", PAGE: "page"}

# How much a word counts where it is found: the claim itself above its quotes above its summary.
CLAIM_WEIGHTS = {"claim": 4.0, "claimant": 3.0, "quote": 2.0, "note": 1.5, "verdict": 1.0, "tags": 1.0,
                 "summary": 1.0, "correction": 1.0, "outlet": 0.5}
SOURCE_WEIGHTS = {"name": 4.0, "outlet": 3.0, "notes": 1.0}
PAGE_WEIGHTS = {"heading": 3.0, "text": 1.0}
# And how much a record of each kind counts against the others: the fact-checks first, the
# articles' text next, the desk's own pages (methodology, about) after them.
KIND_WEIGHTS = {CLAIM: 1.0, SOURCE: 1.0, PASSAGE: 0.9, PAGE: 0.6}

PASSAGE_CHARS = 480  # a longer paragraph is several records (each lands on the paragraph)
SHOWN_CHARS = {"claim": 300, "claimant": 120, "summary": 240, "quote": 200, "note": 160, "title": 200}
LINE = "line-"  # a source page's paragraph ids: line-<n>, the line of the text it is


@dataclass(frozen=True)
class Record:
    kind: int
    fields: tuple[tuple[str, float], ...]  # (text, weight) searched
    shown: dict[str, Any]  # what a result shows (compact keys, read by search.js)


def clip(value: str, limit: int) -> str:
    """``value`` on one line, cut at a word boundary to at most ``limit`` characters (and '…')."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value.rfind(" ", 0, limit)
    return value[:cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


def chunks(value: str, limit: int = PASSAGE_CHARS) -> list[str]:
    """``value`` on one line, in pieces of at most about ``limit`` characters, cut between words."""
    words = value.split()
    out: list[str] = []
    current: list[str] = []
    size = 0
    for word in words:
        if len(word) > limit:  # one "word" longer than a piece: cut it (by offsets: linear)
            if current:
                out.append(" ".join(current))
                current, size = [], 0
            whole = len(word) // limit * limit
            out.extend(word[at:at + limit] for at in range(0, whole, limit))
            word = word[whole:]
            if not word:
                continue
        if size and size + 1 + len(word) > limit:
            out.append(" ".join(current))
            current, size = [], 0
        current.append(word)
        size += len(word) + (1 if size else 0)
    if current:
        out.append(" ".join(current))
    return out


def claim_record(claim: Claim, content: SiteContent, links: Links) -> Record:
    verdict = content.verdict(claim)
    summary = analyst_markdown.plain_text(claim.summary)
    w = CLAIM_WEIGHTS
    fields: list[tuple[str, float]] = [
        (claim.claim, w["claim"]), (claim.claimant, w["claimant"]), (verdict.label, w["verdict"]),
        (" ".join(claim.tags), w["tags"]), (summary, w["summary"])]
    shown_texts = [clip(summary, SHOWN_CHARS["summary"])]
    if claim.single_source:  # shown with the summary on the claim's page
        single = analyst_markdown.plain_text(claim.single_source)
        fields.append((single, w["summary"]))
        shown_texts.append(clip(single, SHOWN_CHARS["note"]))
    outlets: dict[str, None] = {}
    for citation in claim.evidence:
        fields.append((citation.quote, w["quote"]))
        shown_texts.append(clip(citation.quote, SHOWN_CHARS["quote"]))
        if citation.note:
            fields.append((citation.note, w["note"]))
            shown_texts.append(clip(citation.note, SHOWN_CHARS["note"]))
        source = content.source_by_id.get(citation.source)
        outlet = source.meta.get("outlet") if source is not None else None
        if outlet:
            outlets[outlet] = None
    for correction in claim.corrections:
        note = analyst_markdown.plain_text(correction.note)
        fields.append((note, w["correction"]))
        shown_texts.append(clip(note, SHOWN_CHARS["note"]))
    fields.extend((outlet, w["outlet"]) for outlet in outlets)
    shown = {"k": "claim" if claim.is_published else "draft", "t": clip(claim.claim, SHOWN_CHARS["claim"]),
             "u": links.claim(claim.id), "v": verdict.id, "c": clip(claim.claimant, SHOWN_CHARS["claimant"]),
             "x": [t for t in shown_texts if t]}
    return Record(CLAIM, tuple(fields), shown)


def source_records(source: Source, links: Links) -> Iterator[Record]:
    """The source by its name and metadata (landing on its page), then each paragraph of its
    text (landing on the paragraph), a long paragraph in several pieces."""
    name = source_name(source).name
    outlet = source.meta.get("outlet")
    about = {"t": name, **({"o": clip(outlet, SHOWN_CHARS["claimant"])} if outlet else {})}
    fields = [(name, SOURCE_WEIGHTS["name"])]
    if outlet:
        fields.append((outlet, SOURCE_WEIGHTS["outlet"]))
    notes = source.meta.get("notes")
    if notes:
        fields.append((notes, SOURCE_WEIGHTS["notes"]))
    first = next((line for line in source.body.split("\n") if line.strip()), "")
    yield Record(SOURCE, tuple(fields), {"k": "source", **about, "u": links.source(source.id),
                                         "x": [clip(t, SHOWN_CHARS["title"]) for t in (notes or "", first) if t.strip()]})
    for number, line in enumerate(source.body.split("\n"), start=1):
        url = links.source(source.id, f"{LINE}{number}")
        for piece in chunks(line):
            yield Record(PASSAGE, ((piece, 1.0),), {"k": "source", **about, "u": url, "x": [piece]})


# --- hand-written pages ----------------------------------------------------------------------------

_HEADING = re.compile(r"h[1-6]")
_SKIPPED = {"script", "style", "template"}


class _Sections(HTMLParser):
    """A page's text cut at its second- and third-level headings that have ids: (heading id or
    None, heading text, text). Permalink signs after headings are not text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str | None, list[str], list[str]]] = [(None, [], [])]
        self._skip: list[str] = []  # open elements whose text is left out
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _SKIPPED or (tag == "a" and "headerlink" in (values.get("class") or "").split()):
            self._skip.append(tag)
            return
        if _HEADING.fullmatch(tag):
            self._heading = tag
            if tag in ("h2", "h3") and values.get("id"):
                self.sections.append((values["id"], [], []))

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag == self._skip[-1]:
            self._skip.pop()
        elif tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        _, heading, body = self.sections[-1]
        (heading if self._heading else body).append(data)


def page_records(title: str, url: str, html: str) -> Iterator[Record]:
    """A hand-written page's sections, from its converted Markdown (the blocks the plugin fills in,
    such as a table of the latest claims, are not there yet: they repeat the claims)."""
    parser = _Sections()
    parser.feed(html)
    parser.close()
    for anchor, heading_parts, body_parts in parser.sections:
        heading = " ".join(" ".join(heading_parts).split())
        body = " ".join(" ".join(body_parts).split())
        if not heading and not body:
            continue
        shown_title = f"{title} › {heading}" if anchor and heading else title
        target = f"{url}#{anchor}" if anchor else url
        heading_field = heading if anchor else " ".join(filter(None, (title, heading)))
        for n, piece in enumerate(chunks(body) or [""]):
            fields = ((heading_field, PAGE_WEIGHTS["heading"]), (piece, PAGE_WEIGHTS["text"])) if n == 0 \
                else ((piece, PAGE_WEIGHTS["text"]),)
            yield Record(PAGE, fields, {"k": "page", "t": shown_title, "u": target,
                                        "x": [piece] if piece else []})
