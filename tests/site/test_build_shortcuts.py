"""What the build does to be fast and small, shown to give what the slow way gives: relative
links worked out per page, the exports written a claim at a time, one Markdown converter for
every summary, an evidence map that grows with the citations, and every page's blocks made only
as the page is written. (The search index is Pagefind's, made from the written pages themselves:
tests/site/test_search_index.py.)"""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path
from typing import Any

import markdown
from mkdocs.utils import get_relative_url
from site_support import HOSTILE_TEXT, BuiltSite

from factcheck.site.html import analyst_markdown
from factcheck.site.pages.claim import claim_page
from factcheck.site.plan.content import SiteContent
from factcheck.site.data.exports import write_json
from factcheck.site.plan.links import Links, page_url


def test_links_are_the_relative_urls_mkdocs_makes() -> None:
    segments = ["", ".", "..", "a", "claims", "x.y", "index.html", "c-d"]
    paths = sorted({prefix + "/".join(combo) + suffix for n in range(4)
                    for combo in itertools.product(segments, repeat=n)
                    for prefix, suffix in (("", ""), ("", "/"), ("/", ""))})
    chooser = random.Random(6)
    for here in chooser.sample(paths, 150) + ["", "claims/x/", "sources/s/", "claims/x.html", "index.html"]:
        links = Links(here)
        for url in chooser.sample(paths, 150) + ["claims/y/", "sources/s.txt", "claims.json"]:
            expected = get_relative_url(url or ".", here)
            if (url.endswith("/") or not url) and not expected.endswith("/"):
                expected += "/"
            assert links.to(url) == expected, (here, url)


def test_the_exports_are_the_pretty_printed_json_written_a_claim_at_a_time(
        repo_site: BuiltSite, hostile_site: BuiltSite, tmp_path: Path) -> None:
    for site in (repo_site, hostile_site):
        for name in ("claims.json", "annotations.jsonld"):
            text = (site.site / name).read_text(encoding="utf-8")
            assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n", name
    value: Any = {"a": [], "b": iter([]), "c": {"d": iter([{"e": [1, {"f": "x\ny"}]}, 2, "</script>"])},
                  "g": {}, "h": iter([[], {}, [3]])}
    materialised: Any = {"a": [], "b": [], "c": {"d": [{"e": [1, {"f": "x\ny"}]}, 2, "</script>"]},
                         "g": {}, "h": [[], {}, [3]]}
    with open(tmp_path / "out.json", "w", encoding="utf-8") as out:
        write_json(out, value)
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == json.dumps(materialised, ensure_ascii=False, indent=2)


def test_one_converter_renders_every_summary_as_a_fresh_one_would() -> None:
    summaries = [
        "It is **so**.", HOSTILE_TEXT, "1. one\n2. two\n\n> quoted\n\n    code", "a  \nb *c* `d` <http://x.org>",
        "text[^1]\n\n[^1]: a footnote", "# heading\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        "[link][ref]\n\n[ref]: https://example.org", "[ref]",  # the reference must not outlive its summary
        "![pixel](https://tracker.invalid/p.png) and &amp; &copy;",
    ]
    for order in (summaries, list(reversed(summaries))):
        analyst_markdown.render.cache_clear()
        for summary in order:
            fresh = markdown.Markdown(extensions=[analyst_markdown._NoRawHtml(), "sane_lists"], output_format="html")
            assert analyst_markdown.render(summary) == fresh.convert(summary), summary


def test_every_row_of_the_evidence_map_spans_every_source_its_page_shows(repo_site: BuiltSite) -> None:
    """Each page of the map has a column for each source its claims cite (and no other), and
    every row spans them all; across the pages, every citation is one mark."""
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.section = ""
            self.heads = 0
            self.rows: list[int] = []
            self.marks = 0
            self.in_table = False
            self.sources: list[str] = []
            self.claims: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            if tag == "table":
                self.in_table = "fc-map" in (values.get("class") or "")
            if not self.in_table:
                return
            if tag in ("thead", "tbody", "tfoot"):
                self.section = tag
            elif tag == "th" and self.section == "thead":
                self.heads += 1
            elif tag == "tr" and self.section == "tbody":
                self.rows.append(0)
            elif tag == "td" and self.section == "tbody":
                self.rows[-1] += int(values.get("colspan") or 1)
            elif tag == "a" and "fc-map__mark" in (values.get("class") or ""):
                self.marks += 1
            elif tag == "a" and self.section == "thead":
                self.sources.append((values.get("href") or "").rstrip("/").rsplit("/", 1)[-1])
            elif tag == "a" and self.section == "tbody":
                self.claims.append((values.get("href") or "").rstrip("/").rsplit("/", 1)[-1])

        def handle_endtag(self, tag: str) -> None:
            if tag == "table":
                self.in_table = False

    claims = {c.id: c for c in repo_site.claims}
    pages = sorted(repo_site.site.glob("evidence-map/**/index.html"))
    rows_seen = marks = 0
    for page in pages:
        rows = Rows()
        rows.feed(page.read_text(encoding="utf-8"))
        columns = rows.heads - 1  # the claims' column, then one per source
        assert columns >= 1 and set(rows.rows) == {columns}, page
        cited = {source for claim_id in rows.claims for source in claims[claim_id].sources}
        assert sorted(rows.sources) == sorted(cited), page  # the page's sources, each once
        rows_seen += len(rows.rows)
        marks += rows.marks
    assert rows_seen == len(repo_site.claims)
    assert marks == sum(len(c.evidence) for c in repo_site.claims)


def test_a_long_run_of_sources_a_claim_does_not_cite_is_one_cell() -> None:
    """Against many sources on one page of the map, a row is one cell per cited source and one
    per long gap between them, not one per source: the map grows with the citations."""
    from factcheck.model import Citation, Claim
    from factcheck.site.pages.listings import EMPTY_CELLS_MAX, evidence_map
    from factcheck.sources import Source
    from factcheck.verdicts import Verdict, VerdictScale

    sources = [Source(f"s{i:03}", f"seeds/s{i:03}.txt", "A body of text.") for i in range(200)]

    def claim(claim_id: str, cited: list[int]) -> Claim:
        return Claim(id=claim_id, file=f"claims/{claim_id}.yaml", claim="C.", claimant="X", verdict="supported",
                     summary="S.", evidence=tuple(Citation(n=n, source=f"s{i:03}", quote="A body", start=0, end=6,
                                                           stance="supports") for n, i in enumerate(cited, start=1)))

    cited = [0, 3, 3 + EMPTY_CELLS_MAX + 1, 150]
    sparse, dense = claim("c", cited), claim("d", list(range(200)))  # the second makes every column
    scale = VerdictScale((Verdict("supported", "Supported", "Agree.", 5, "#17663a"),))
    content = SiteContent([sparse, dense], sources, scale)
    table = evidence_map(content, Links("evidence-map/"), [sparse, dense])
    row = table[table.index("<tbody>"):table.index("</tbody>")].split("</tr>")[0]
    spans = [int(n) for n in re.findall(r'<td colspan="([0-9]+)"', row)]
    singles = row.count("<td></td>")
    assert row.count('class="fc-map__cell ') == len(cited)
    assert singles + sum(spans) + len(cited) == len(sources)
    assert spans == [150 - cited[2] - 1, 200 - 150 - 1]  # the long gaps
    assert singles == 2 + EMPTY_CELLS_MAX  # the short ones stay cells: between 0 and 3, 3 and 12
    assert row.count('href="../sources/s150/#cite-c-4"') == 1
    # A page whose claims cite few sources has only those columns.
    alone = evidence_map(content, Links("evidence-map/"), [sparse])
    assert alone[alone.index("<thead>"):alone.index("</thead>")].count('class="fc-map__source"') == len(cited)


def test_pages_are_cheap_to_make_and_make_their_blocks_only_when_asked(repo_site: BuiltSite) -> None:
    """A claim page's Markdown (what MkDocs holds for every page to the end of the build) is made
    without rendering the summary; the summary is rendered when the page is written."""
    content = SiteContent(repo_site.result.checked.values(), repo_site.project.library, repo_site.project.scale)
    analyst_markdown.render.cache_clear()
    pages = [claim_page(claim, content, None, "{}") for claim in content.claims]
    for page in pages:
        assert "description" not in page.meta(description=False)
        page.markdown(description=False)
    assert analyst_markdown.render.cache_info().misses == 0, "a summary was rendered to make a page's Markdown"
    links = Links(page_url(pages[0].src_uri))
    summary = pages[0].blocks["summary"]
    assert callable(summary) and analyst_markdown.render(content.claims[0].summary) in summary(links)
    assert pages[0].description_meta().startswith(content.verdict(content.claims[0]).label)
