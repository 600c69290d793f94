"""Listings stay small however large the archive grows: each is split into pages of a bounded
number of claims, newest first, every claim on exactly one page of each listing it belongs to,
with links between the pages. Boundaries: no claim, one, exactly a page, a page and one more."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from site_support import PageScan, copy_project, passing_check, write_claim

from factcheck.model import Citation, Claim
from factcheck.site.build import build_into
from factcheck.site.plan.content import SiteContent
from factcheck.site.plan.links import Links, page_url
from factcheck.site.pages.listings import Paging, archive_pages, evidence_map_pages, tag_pages, verdict_pages
from factcheck.sources import Source
from factcheck.verdicts import Verdict, VerdictScale

SCALE = VerdictScale((Verdict("supported", "Supported", "Agree.", 5, "#17663a"),
                      Verdict("disputed", "Disputed", "Conflict.", 3, "#8a5a00")))
SOURCES = [Source("s1", "seeds/s1.txt", "One body of text here."), Source("s2", "seeds/s2.txt", "Another body.")]
SIZE = 3


def claims(n: int) -> list[Claim]:
    """``n`` claims published on distinct days (claim 0 the oldest), alternating verdicts."""
    return [Claim(id=f"c{i:03}", file=f"claims/c{i:03}.yaml", claim=f"Claim number {i}.", claimant="X",
                  verdict=("supported", "disputed")[i % 2], summary="S.",
                  evidence=(Citation(n=1, source=f"s{1 + i % 2}", quote="body", start=4 + i % 2 * 4,
                                     end=8 + i % 2 * 4, stance="supports"),),
                  tags=("all",), published=f"2025-01-{1 + i:02d}") for i in range(n)]


def rendered(page) -> str:  # type: ignore[no-untyped-def]
    links = Links(page_url(page.src_uri))
    return "".join(block(links) if callable(block) else block for block in page.blocks.values())


def claim_ids(html: str) -> list[str]:
    """The claims a listing page lists, in order (each once, though a page may link it twice)."""
    return list(dict.fromkeys(re.findall(r'href="(?:\.\./)*(?:claims/)?(c[0-9]{3})/"', html)))


@pytest.mark.parametrize("total, pages", [(0, 1), (1, 1), (SIZE, 1), (SIZE + 1, 2), (2 * SIZE + 1, 3)])
def test_the_archive_is_split_into_pages_newest_first(total: int, pages: int) -> None:
    content = SiteContent(claims(total), SOURCES, SCALE)
    made = archive_pages(content, SIZE)
    assert [p.src_uri for p in made] == ["claims/index.md"] + [f"claims/page/{n}.md" for n in range(2, pages + 1)]
    assert [p.in_nav for p in made] == [True] + [False] * (pages - 1)
    listed = [claim_ids(rendered(p)) for p in made]
    expected = [f"c{i:03}" for i in reversed(range(total))]  # newest first
    assert sum(listed, []) == expected  # every claim once, in order
    assert all(1 <= len(ids) <= SIZE for ids in listed) or total == 0
    if total == 0:
        assert "No published claim here yet." in rendered(made[0])
    for number, page in enumerate(made, start=1):
        html = rendered(page)
        if pages == 1:
            assert "fc-pages" not in html  # a single page needs no page links
            continue
        assert f"Page {number} of {pages}" in html
        assert ('rel="prev"' in html) == (number > 1) and ('rel="next"' in html) == (number < pages)
        assert html.count('aria-current="page"') >= 1


def test_page_links_point_at_each_page_and_stay_few() -> None:
    paging = Paging("claims/index.md", 1000, 10)
    assert paging.count == 100 and paging.src(1) == "claims/index.md" and paging.src(100) == "claims/page/100.md"
    assert (paging.first_item(100), paging.last_item(100)) == (991, 1000)
    from factcheck.site.pages.listings import page_links

    html = page_links(paging, 50, Links("claims/page/50/"), "all claims")
    hrefs = re.findall(r'href="([^"]+)"', html)
    # previous, first, 48-52, last, next: bounded however many pages there are
    assert hrefs == ["../49/", "../../", "../48/", "../49/", "./", "../51/", "../52/", "../100/", "../51/"]
    assert html.count("…") == 2 and 'aria-current="page"' in html
    with pytest.raises(ValueError):
        paging.src(101)
    with pytest.raises(ValueError):
        Paging("claims/index.md", 5, 0)


def test_verdict_tag_and_map_listings_split_the_same_way() -> None:
    content = SiteContent(claims(SIZE + 1), SOURCES, SCALE)  # 2 supported, 2 disputed
    by_verdict = {p.src_uri: claim_ids(rendered(p)) for p in verdict_pages(content, 1)}
    assert by_verdict["verdicts/supported.md"] == ["c002"] and by_verdict["verdicts/supported/page/2.md"] == ["c000"]
    assert by_verdict["verdicts/disputed.md"] == ["c003"] and by_verdict["verdicts/disputed/page/2.md"] == ["c001"]
    by_tag = {p.src_uri: claim_ids(rendered(p)) for p in tag_pages(content, SIZE)}
    assert by_tag["tags/all.md"] == ["c003", "c002", "c001"] and by_tag["tags/all/page/2.md"] == ["c000"]
    maps = evidence_map_pages(content, 2 * SIZE - 1)  # half as many claims a page: SIZE
    assert [p.src_uri for p in maps] == ["evidence-map.md", "evidence-map/page/2.md"]
    assert [claim_ids(rendered(p)) for p in maps] == [["c003", "c002", "c001"], ["c000"]]
    last = rendered(maps[1])
    # Only the source the last page's one claim cites is a column there.
    heads = last[last.index("<thead>"):last.index("</thead>")]
    assert 'href="../../../sources/s1/"' in heads and "sources/s2/" not in heads


@pytest.fixture(scope="module")
def small_pages_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real build with two claims a page: three published claims make two pages."""
    root = copy_project(tmp_path_factory.mktemp("paged") / "project", with_claims=False)
    library = passing_check(root)[0].library
    seed = library.ids[0]
    quote = library.get(seed).body.split("\n")[0][:30].strip()
    cited = {"source": seed, "quote": quote, "start": 0, "end": len(quote), "stance": "supports"}
    for n in range(3):
        write_claim(root, f"paged-claim-{n}", {
            "claim": f"Paged claim {n}.", "claimant": "Someone", "verdict": "supported", "summary": "S.",
            "published": f"2025-01-0{n + 1}", "tags": ["paged"],
            "evidence": [cited]})
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "  - factcheck:\n", "  - factcheck:\n      page_size: 2\n", 1), encoding="utf-8")
    project, result = passing_check(root)
    assert len(result.checked) == 3, result.diagnostics
    return build_into(project, result, root / "site")


def test_a_real_build_writes_every_page_of_each_listing(small_pages_site: Path) -> None:
    site = small_pages_site
    first = (site / "claims" / "index.html").read_text(encoding="utf-8")
    second = (site / "claims" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"Paged claim ([0-9])\.", first)[:2] == ["2", "1"]
    assert "Paged claim 0." in second and "Paged claim 2." not in second
    assert ("a", "href", "../../") in PageScan(second).urls  # back to the first page
    for listing in ("verdicts/supported", "tags/paged", "evidence-map"):
        assert (site / listing / "index.html").is_file() and (site / listing / "page" / "2" / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "All 3 claims, newest first" in home


def corrected(n: int) -> list[Claim]:
    """``n`` claims, claim i corrected on day i+1 (twice, the second on the same day, when i is even)."""
    from factcheck.model import Correction

    made = []
    for claim in claims(n):
        i = int(claim.id[1:])
        notes = [Correction(f"2025-02-{1 + i:02d}", f"First note {i}.")]
        if i % 2 == 0:
            notes.append(Correction(f"2025-02-{1 + i:02d}", f"Second note {i}."))
        made.append(replace(claim, corrections=tuple(notes)))
    return made


def correction_links(html: str) -> list[str]:
    return re.findall(r'href="(?:\.\./)*claims/(c[0-9]{3}/#correction-[0-9])"', html)


@pytest.mark.parametrize("total, pages", [(0, 1), (2, 1), (3, 2), (5, 3)])  # 0, 3, 5 and 8 corrections
def test_the_corrections_list_is_split_into_pages_newest_first(total: int, pages: int) -> None:
    from factcheck.site.pages.corrections import corrections_list, later_corrections_pages

    content = SiteContent(corrected(total), SOURCES, SCALE)
    first = corrections_list(content, Links("corrections/"), SIZE)
    later = later_corrections_pages(content, SIZE)
    assert [p.src_uri for p in later] == [f"corrections/page/{n}.md" for n in range(2, pages + 1)]
    listed = [correction_links(first)] + [correction_links(rendered(p)) for p in later]
    expected = []
    for i in reversed(range(total)):  # newest first; a claim's later correction first
        expected += [f"c{i:03}/#correction-2"] * (i % 2 == 0) + [f"c{i:03}/#correction-1"]
    assert [link for links in listed for link in dict.fromkeys(links)] == expected
    assert all(len(dict.fromkeys(links)) <= SIZE for links in listed)
    if pages > 1:  # every page links the others, the first being the corrections page itself
        assert 'href="page/2/"' in first and "Page 1 of" in first
        for page in later:
            html = rendered(page)
            assert 'href="../../"' in html and f"Page {later.index(page) + 2} of {pages}" in html
            assert page.searchable is False  # it only repeats the claims' corrections
    else:
        assert "fc-pages" not in first
