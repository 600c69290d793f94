"""What the site search finds: a source page by every word of its article (and nothing glued to
them), a claim page by its claim, claimant, summary, quotes and notes, and not by the words
around a quote, which belong to the source page."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from site_support import BuiltSite

from factcheck.site import analyst_markdown


def index_of(site: BuiltSite) -> list[dict[str, Any]]:
    return json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def words(indexed: str) -> list[str]:
    return html.unescape(re.sub(r"<[^>]+>", " ", indexed)).split()


def test_a_source_page_is_found_by_exactly_the_words_of_its_article(repo_site: BuiltSite) -> None:
    entries = {e["location"]: e for e in index_of(repo_site)}
    for source_id in repo_site.project.library.ids:
        body = repo_site.project.library.get(source_id).body
        entry = entries[f"sources/{source_id}/#full-text"]
        # No legend, and no passage number glued to the passage's last word ("Kursk2").
        assert words(entry["text"]) == body.split(), source_id
        assert entries[f"sources/{source_id}/#claims-citing-this-article"]["text"] == ""


def test_a_claim_page_is_found_by_its_own_words_and_its_quotes(repo_site: BuiltSite) -> None:
    entries = index_of(repo_site)
    for claim in repo_site.claims:
        page = [e for e in entries if e["location"].startswith(f"claims/{claim.id}/")]
        text = " ".join(words(" ".join(e["title"] + " " + e["text"] for e in page)))
        for part in (claim.claim, claim.claimant, analyst_markdown.plain_text(claim.summary),
                     *(c.quote for c in claim.evidence), *(c.note for c in claim.evidence if c.note)):
            assert " ".join(html.unescape(html.escape(part)).split()) in text, (claim.id, part)
        evidence = next(e for e in page if e["location"].endswith("#evidence"))
        assert "See this passage highlighted" not in evidence["text"]
        quotes = sum(len(c.quote.split()) for c in claim.evidence)
        notes = sum(len(c.note.split()) for c in claim.evidence if c.note)
        # Quotes, notes, stance and source names: not the dozen words either side of each quote.
        titles = sum(len(repo_site.project.library.get(c.source).display_title.split()) + 1 for c in claim.evidence)
        assert len(words(evidence["text"])) <= quotes + notes + titles + 8 + 4 * len(claim.evidence), claim.id
