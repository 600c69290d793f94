"""What the build does to be fast and small, shown to give what the slow way gives: the search
index from each block's text alone, relative links worked out per page, the exports written a
claim at a time, one Markdown converter for every summary, an evidence map that grows with the
citations, and every page's blocks made only as the page is written."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path
from typing import Any

import markdown
import pytest
from material.plugins.search.plugin import Parser
from mkdocs.utils import get_relative_url
from site_support import HOSTILE_TEXT, BuiltSite

from factcheck.site import analyst_markdown
from factcheck.site.claim_page import claim_page
from factcheck.site.content import SiteContent
from factcheck.site.exports import write_json
from factcheck.site.links import Links, page_url
from factcheck.site.listings import (evidence_map_page, global_blocks, sources_index_page, tags_page,
                                     verdicts_page)
from factcheck.site.pages import MARKER, GeneratedPage
from factcheck.site.search_text import indexed_html
from factcheck.site.source_page import source_page


def search_entries(html: str, spaces: bool = True) -> list[tuple[str | None, str, str, bool]]:
    """The sections Material's search plugin makes of a page's HTML, as it indexes them (with
    each run of white space as one space unless ``spaces``)."""
    parser = Parser()
    parser.feed(html)
    parser.close()

    def joined(parts: list[str]) -> str:
        text = "".join(parts).strip()
        return text if spaces else " ".join(text.split())

    return [(s.id, joined(s.title), joined(s.text), s.is_excluded()) for s in parser.data]


def pages_of(site: BuiltSite) -> list[GeneratedPage]:
    content = SiteContent(site.result.checked.values(), site.project.library, site.project.scale)
    pages = [claim_page(c, content, None, "{}") for c in content.claims]
    pages += [source_page(s, content) for s in content.sources]
    pages += [verdicts_page(content), tags_page(content), evidence_map_page(content), sources_index_page(content)]
    hand_written = "\n\n".join(f"## {name}\n\n<!-- factcheck:{name} -->" for name in global_blocks(content))
    pages.append(GeneratedPage("index.md", "Home", "", hand_written, dict(global_blocks(content))))
    return pages


@pytest.mark.parametrize("which", ["repo_site", "hostile_site"])
def test_the_search_index_of_the_blocks_text_is_the_index_of_the_whole_page(
        which: str, request: pytest.FixtureRequest) -> None:
    site: BuiltSite = request.getfixturevalue(which)
    compared = 0
    for page in pages_of(site):
        # The page as MkDocs converts it: headings with their ids and permalinks, the markers.
        skeleton = markdown.markdown(page.body, extensions=["toc", "attr_list"],
                                     extension_configs={"toc": {"permalink": True}})
        links = Links(page_url(page.src_uri))
        blocks = {name: block(links) if callable(block) else block for name, block in page.blocks.items()}
        whole = MARKER.sub(lambda m: blocks[m.group(1)], skeleton)
        indexed = MARKER.sub(lambda m: indexed_html(blocks[m.group(1)]), skeleton)
        assert search_entries(indexed) == search_entries(whole), page.src_uri
        assert len(indexed) < len(whole) or not blocks, page.src_uri
        compared += 1
    assert compared > len(site.claims)


def test_excluded_parts_and_special_markup_are_indexed_as_before() -> None:
    """The same words in the same sections; white space between two tags the index leaves out
    may come out longer (the search plugin collapses it text by text, and such texts merge): it
    separates the same words, and search results show it as HTML, where it collapses again."""
    blocks = [
        '<div class="w"><p>kept <mark>words</mark></p><div class="t" data-search-exclude><table><tr><td>'
        '<div>hidden</div></td></tr></table></div><span title="data-search-exclude">shown</span></div>',
        '<div><p>a</p><div data-search-exclude><h2 id="inside">A heading inside</h2></div>  </div>',
        '<p>text <script>var x = "<b>";</script> after</p>',
        '<ul><li>one</li>\n\n<li>  <a href="#x">two</a>  </li></ul><pre><code>  keep\n  lines</code></pre>',
        '<P>capitals</P><Span>and</Span> <b>bold</b>',
        '<div data-search-exclude="yes"><p>gone</p></div><p>stays</p>',
        '<div data-search-exclude><p>only excluded</p></div>',
    ]
    for block in blocks:
        for around in ("{}", "<h2 id=\"h\">H</h2>\n\n{}\n\n<p>next</p>", "  {}  "):
            whole, indexed = around.format(block), around.format(indexed_html(block))
            assert search_entries(indexed, spaces=False) == search_entries(whole, spaces=False), block


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


def test_every_row_of_the_evidence_map_spans_every_source(repo_site: BuiltSite) -> None:
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.section = ""
            self.heads = 0
            self.rows: list[int] = []
            self.marks = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
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

    rows = Rows()
    rows.feed(repo_site.html("evidence-map"))
    sources = len(repo_site.project.library.ids)
    assert rows.heads == sources + 1  # the claims' column, then one per source
    assert len(rows.rows) == len(repo_site.claims) and set(rows.rows) == {sources}
    assert rows.marks == sum(len(c.evidence) for c in repo_site.claims)


def test_a_long_run_of_sources_a_claim_does_not_cite_is_one_cell() -> None:
    """Against many sources, a row is one cell per cited source and one per long gap between
    them, not one per source: the map grows with the citations."""
    from factcheck.model import Citation, Claim
    from factcheck.site.listings import EMPTY_CELLS_MAX, evidence_map
    from factcheck.sources import Source
    from factcheck.verdicts import Verdict, VerdictScale

    sources = [Source(f"s{i:03}", f"seeds/s{i:03}.txt", "A body of text.") for i in range(200)]
    cited = [0, 3, 3 + EMPTY_CELLS_MAX + 1, 150]
    claim = Claim(id="c", file="claims/c.yaml", claim="C.", claimant="X", verdict="supported", summary="S.",
                  evidence=tuple(Citation(n=n, source=f"s{i:03}", quote="A body", start=0, end=6,
                                          stance="supports") for n, i in enumerate(cited, start=1)))
    scale = VerdictScale((Verdict("supported", "Supported", "Agree.", 5, "#17663a"),))
    table = evidence_map(SiteContent([claim], sources, scale), Links("evidence-map/"))
    row = table[table.index("<tbody>"):table.index("</tbody>")]
    spans = [int(n) for n in re.findall(r'<td colspan="([0-9]+)"', row)]
    singles = row.count("<td></td>")
    assert row.count('class="fc-map__cell ') == len(cited)
    assert singles + sum(spans) + len(cited) == len(sources)
    assert spans == [150 - cited[2] - 1, 200 - 150 - 1]  # the long gaps
    assert singles == 2 + EMPTY_CELLS_MAX  # the short ones stay cells: between 0 and 3, 3 and 12
    assert row.count('href="../sources/s150/#cite-c-4"') == 1


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
