"""What the site search finds (its index, read back from its files as the browser reads them): a
claim by exactly its own words (claim, claimant, verdict, tags, summary, quotes, notes,
corrections, its sources' outlets), not by the words around a quote nor by related claims; a
source by its name and by each paragraph of its text, landing on that paragraph; a hand-written
page by each section, landing on its heading. Listings are not indexed. Each result carries what
it shows."""

from __future__ import annotations

import html
import re
from collections import defaultdict

import pytest
from search_support import ReadIndex
from site_support import BuiltSite, PageScan

from factcheck.site.html import analyst_markdown
from factcheck.site.search.records import chunks, clip
from factcheck.site.search.tokens import tokens

HAND_WRITTEN = {"", "methodology/", "about/", "corrections/"}


@pytest.fixture(scope="module")
def index(repo_site: BuiltSite) -> ReadIndex:
    return ReadIndex(repo_site.site)


def words_by_record(index: ReadIndex) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for word in index.entries:
        for doc in index.scores(word):
            found[doc].add(word)
    return found


def claim_texts(site: BuiltSite, claim) -> list[str]:  # type: ignore[no-untyped-def]
    verdict = site.project.scale[claim.verdict]
    outlets = [site.project.library.get(s).meta.get("outlet") or "" for s in claim.sources]
    return [claim.claim, claim.claimant, verdict.label, " ".join(claim.tags),
            analyst_markdown.plain_text(claim.summary), analyst_markdown.plain_text(claim.single_source or ""),
            *(c.quote for c in claim.evidence),
            *(c.note or "" for c in claim.evidence),
            *(analyst_markdown.plain_text(c.note) for c in claim.corrections), *outlets]


def test_a_claim_is_found_by_exactly_its_own_words(repo_site: BuiltSite, index: ReadIndex) -> None:
    held = words_by_record(index)
    by_url = {r["u"]: n for n, r in enumerate(index.records)}
    scale = repo_site.project.scale
    for claim in repo_site.claims:
        doc = by_url[f"claims/{claim.id}/"]
        expected = {w for text in claim_texts(repo_site, claim) for w in tokens(text)}
        # Every word it shows finds it, and nothing else does: not the dozen words either side of
        # each quote (the source page has them), not its related claims, not the page's wording.
        assert held[doc] == expected, claim.id
        record = index.records[doc]
        assert record["k"] == "claim" and record["v"] == claim.verdict
        assert (record["t"], record["c"]) == (clip(claim.claim, 300), clip(claim.claimant, 120))
        assert index.manifest["verdicts"][claim.verdict] == [scale[claim.verdict].label, scale[claim.verdict].color]
        # Found by a query of its claim's words and a quote's, among the results.
        quote = claim.evidence[0].quote
        assert f"claims/{claim.id}/" in index.urls(" ".join(tokens(claim.claim)[:6] + tokens(quote)[:3])), claim.id


def test_a_source_is_found_by_each_paragraph_and_lands_on_it(repo_site: BuiltSite, index: ReadIndex) -> None:
    held = words_by_record(index)
    for source_id in repo_site.project.library.ids:
        body = repo_site.project.library.get(source_id).body
        page = repo_site.html(f"sources/{source_id}")
        paragraphs = dict(re.findall(r'<p id="(line-\d+)">(.*?)</p>', page, re.S))
        records = [(n, r) for n, r in enumerate(index.records) if r["u"].startswith(f"sources/{source_id}/#")]
        for number, line in enumerate(body.split("\n"), start=1):
            anchor = f"line-{number}"
            mine = [n for n, r in records if r["u"] == f"sources/{source_id}/#{anchor}"]
            if not tokens(line):
                assert mine == [], (source_id, number)
                continue
            # The paragraph's words, every one of them, in its records (a long one is several),
            # and each record shows its piece of the paragraph.
            assert set(tokens(line)) == set().union(*(held[n] for n in mine)), (source_id, number)
            assert [index.records[n]["x"] for n in mine] == [[piece] for piece in chunks(line)]
            # The page has the paragraph under that id: the result lands on it.
            shown = html.unescape(re.sub(r"<[^>]+>", " ", paragraphs[anchor]))
            assert set(tokens(line)) <= set(tokens(shown)), (source_id, number)
        # Its name finds the source itself.
        name = index.records[records[0][0] - 1]
        assert name["u"] == f"sources/{source_id}/" and name["k"] == "source"
        assert f"sources/{source_id}/" in index.urls(name["t"])


def test_hand_written_pages_are_found_by_each_section(repo_site: BuiltSite, index: ReadIndex) -> None:
    pages = [r for r in index.records if r["k"] == "page"]
    for page in HAND_WRITTEN:
        scan = PageScan(repo_site.html(page))
        sections = {r["u"].partition("#")[2] for r in pages if r["u"].partition("#")[0] == page}
        article = re.search(r"<article.*?</article>", repo_site.html(page), re.S).group(0)
        headings = set(re.findall(r'<h[23] id="([^"]+)"', article))
        assert sections - {""} == headings, page  # every section heading, and only those, lands a result
        assert sections - {""} <= scan.ids
    methodology = repo_site.html("methodology")
    first = re.search(r'<h2 id="([^"]+)">(.*?)<a', methodology).groups()
    assert f"methodology/#{first[0]}" in index.urls(html.unescape(first[1]))


def test_listings_are_not_indexed(repo_site: BuiltSite, index: ReadIndex) -> None:
    pages = {r["u"].partition("#")[0] for r in index.records}
    claims = {f"claims/{c.id}/" for c in repo_site.claims}
    sources = {f"sources/{s}/" for s in repo_site.project.library.ids}
    assert pages == claims | sources | HAND_WRITTEN
    assert all(r["k"] in ("claim", "source", "page") for r in index.records)


def test_every_file_of_the_index_is_small_and_the_manifest_tiny(index: ReadIndex) -> None:
    from factcheck.site.search.writer import PAGE_BYTES, TERM_FILE_BYTES

    assert (index.root / "index.json").stat().st_size < 2048
    for path in index.root.rglob("*"):
        if path.parent.name == "t":
            assert path.stat().st_size <= TERM_FILE_BYTES, path
        elif path.parent.name == "p":
            assert path.stat().st_size <= PAGE_BYTES, path
