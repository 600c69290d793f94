"""What the site search (Pagefind's index, read here from its fragment files) finds: a source page
by every word of its article (and nothing glued to them), a claim page by its claim, claimant,
summary, quotes and notes, and not by the words around a quote, which belong to the source page;
listings, which only repeat the claims, are not indexed; each result carries what it shows."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path
from typing import Any

from site_support import BuiltSite

from factcheck.site.html import analyst_markdown
from factcheck.site.plan.content import SiteContent

SIGNATURE = b"pagefind_dcd"


def fragments(site: Path) -> dict[str, dict[str, Any]]:
    """Every page Pagefind indexed, by its URL: the fragment a search result is made from."""
    found = {}
    for path in sorted((site / "search" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw.removeprefix(SIGNATURE))
        found[data["url"]] = data
    return found


def words(value: str) -> list[str]:
    """Words as search finds them (Pagefind indexes words, not punctuation; it ends a block with
    '.' and may part a word from a quotation mark before it)."""
    return re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", value)))


def contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def test_a_source_page_is_found_by_exactly_the_words_of_its_article(repo_site: BuiltSite) -> None:
    pages = fragments(repo_site.site)
    for source_id in repo_site.project.library.ids:
        body = repo_site.project.library.get(source_id).body
        page = pages[f"/sources/{source_id}/"]
        anchors = {a["id"]: a["location"] for a in page["anchors"] if a["element"].startswith("h")}
        text = page["content"].split()
        # From the "Full text" heading to the next: the article, word for word; no legend, no
        # passage number glued to the passage's last word ("Kursk2"), no link signs.
        shown = text[anchors["full-text"] + 2:anchors["claims-citing-this-article"]]
        assert words(" ".join(shown)) == words(body), source_id
        assert words(" ".join(text[anchors["claims-citing-this-article"]:])) == ["Claims", "citing", "this", "article"]
        assert page["meta"]["kind"] == "Source article"


def test_a_claim_page_is_found_by_its_own_words_and_its_quotes(repo_site: BuiltSite) -> None:
    pages = fragments(repo_site.site)
    scale = repo_site.project.scale
    content = SiteContent(repo_site.result.checked.values(), repo_site.project.library, scale)
    for claim in repo_site.claims:
        page = pages[f"/claims/{claim.id}/"]
        text = words(page["content"])
        for part in (claim.claim, claim.claimant, analyst_markdown.plain_text(claim.summary),
                     *(c.quote for c in claim.evidence), *(c.note for c in claim.evidence if c.note)):
            assert contains(text, words(html.escape(part, quote=False)) or words(part)), (claim.id, part)
        assert "highlighted in the full article" not in page["content"]
        quotes = sum(len(c.quote.split()) for c in claim.evidence)
        notes = sum(len(c.note.split()) for c in claim.evidence if c.note)
        own = (len(claim.claim.split()) + len(claim.claimant.split())
               + len(analyst_markdown.plain_text(claim.summary).split())
               + sum(len(analyst_markdown.plain_text(c.note).split()) + 8 for c in claim.corrections))
        sources = sum(len(repo_site.project.library.get(s).meta.get("title", "x " * 12).split()) + 2
                      for s in claim.sources)
        # Quotes, notes, the page's own text and the sources' names: not the dozen words either
        # side of each quote, nor the related claims' texts.
        assert len(text) <= own + quotes + notes + 3 * sources + 12 * len(claim.evidence) + 60, claim.id
        verdict = scale[claim.verdict]
        wording = " ".join(claim.claim.split())
        # In quotation marks only when the claim's words stand in an article it cites.
        title = f"“{wording}”" if content.is_quotation(claim) else wording
        assert page["meta"] == {"kind": "Claim", "title": title,
                                "verdict": verdict.label, "verdict_id": verdict.id,
                                "verdict_color": verdict.color, "claimant": claim.claimant}, claim.id


def test_listings_are_not_indexed(repo_site: BuiltSite) -> None:
    indexed = set(fragments(repo_site.site))
    claims = {f"/claims/{c.id}/" for c in repo_site.claims}
    sources = {f"/sources/{s}/" for s in repo_site.project.library.ids}
    assert claims | sources <= indexed
    # Besides claims and sources, only hand-written pages: home, methodology, about, corrections.
    assert indexed - claims - sources == {"/", "/methodology/", "/about/", "/corrections/"}
