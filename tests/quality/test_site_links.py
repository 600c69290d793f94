"""Links: no broken internal link or anchor anywhere in the built site, and every citation's
`cite-<claim>-<n>` anchor that a claim page links to exists on its source page."""

from __future__ import annotations

import shutil
from pathlib import Path

from site_gates import Site, check_site_links, citation_anchor_problems


def test_no_broken_internal_link_or_anchor(built_site: Site) -> None:
    report = check_site_links(built_site.site)
    assert report.problems == []
    assert report.checked > 1000  # the whole site was walked, not an empty directory


def test_every_citation_anchor_exists_on_its_source_page(built_site: Site) -> None:
    assert built_site.claims, "the site publishes no claims"
    assert citation_anchor_problems(built_site) == []


def test_the_gates_catch_a_broken_anchor_a_missing_page_and_a_duplicate_id(
        built_site: Site, tmp_path: Path) -> None:
    """The faults put into a copy of the site: each is reported, at its page."""
    broken = Site(built_site.root, tmp_path / "site")
    shutil.copytree(built_site.site, broken.site)
    claim = built_site.claims[0]
    first = claim["evidence"][0]
    source_page = broken.page(f"sources/{first['source']}")
    anchor = f'id="cite-{claim["id"]}-1"'
    html = source_page.read_text(encoding="utf-8")
    assert html.count(anchor) == 1
    source_page.write_text(html.replace(anchor, 'id="cite-renamed"'), encoding="utf-8")
    shutil.rmtree(broken.site / "methodology")
    index = broken.site / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "<article", '<p id="twice"></p><p id="twice"></p><article', 1), encoding="utf-8")

    problems = check_site_links(broken.site).problems
    assert any(f"no id 'cite-{claim['id']}-1'" in p and p.startswith(f"claims/{claim['id']}/") for p in problems)
    assert any("methodology/" in p and "no such file" in p for p in problems)
    assert any(p.startswith("index.html: duplicate ids ['twice']") for p in problems)
    assert any("no such file" in p and p.startswith("search/d/") and "/methodology/" in p for p in problems)
    anchors = citation_anchor_problems(broken)
    assert f"sources/{first['source']}/: no element id='cite-{claim['id']}-1'" in anchors
    assert f"sources/{first['source']}/: id='cite-renamed' belongs to no published citation" in anchors


def test_web_annotations_select_the_quoted_text_of_the_served_source(built_site: Site) -> None:
    """annotations.jsonld: each target's text file, sliced at its TextPositionSelector, is the
    TextQuoteSelector's exact text (offsets into the body as served, code points)."""
    import json

    collection = json.loads((built_site.site / "annotations.jsonld").read_text(encoding="utf-8"))
    items = collection["first"]["items"]
    assert len(items) == collection["total"] == sum(len(c["evidence"]) for c in built_site.claims)
    for item in items:
        target = item["target"]
        with open(built_site.site / target["source"], encoding="utf-8", newline="") as served:
            text = served.read()
        selectors = {s["type"]: s for s in target["selector"]}
        position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
        assert text[position["start"]:position["end"]] == quote["exact"], item["id"]
