"""The editorial record on the published site: who signed a fact-check off and when, its
corrections by the verdict, /corrections/, /feed.xml, the About page and the footer links,
ClaimReview dates and author types, and annotations.jsonld against the W3C MUSTs.

Two builds of one small project, once per module: without a site address, and as the deploy
builds it (FACTCHECK_SITE_URL and FACTCHECK_REPOSITORY_URL set).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import extruct
import feedparser
import pytest

from factcheck.checker import Project
from factcheck.site.build import build_into
from factcheck.site.data.feed import FEED_ENTRIES
from site_support import HOSTILE, PageScan, copy_project, html_pages, passing_check, write_claim
from web_annotation_musts import is_iri, web_annotation_problems

A, B = "001_75946adb643c8dc9", "000_a2aed372d15f7cc4"
QUOTE_A, QUOTE_B = "Ukraine reported on Tuesday", "Ukraine was in control of 493 square kilometers"
SITE_URL = "https://desk.example.org/kursk/"
REPOSITORY = "https://github.com/example/desk"
EPOCH = "1736294400"  # 2025-01-08: the site's date, for a claim that gives none
# Text no page, feed or export may let run or break out of its element.
NASTY = (HOSTILE["close"] + " " + HOSTILE["img"] + " ]]> <![CDATA[ x ]]> \x07\x1b[31m "
         "'single' \"double\" & &amp; " + HOSTILE["marker"])
FILLERS = FEED_ENTRIES + 5  # more fact-checks than the feed carries


def evidence(stance: str = "supports") -> list[dict[str, str]]:
    return [{"source": A, "quote": QUOTE_A, "stance": stance},
            {"source": B, "quote": QUOTE_B, "stance": stance}]


def claim(text: str, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {"claim": text, "claimant": "Ukrainian officials", "verdict": "supported",
                               "summary": f"Summary of {text}", "evidence": evidence()}
    data.update(extra)
    return data


def write_project(root: Path) -> None:
    copy_project(root, with_claims=False)
    write_claim(root, "corrected", claim(
        "A claim corrected twice.", claimant="Volodymyr Zelensky", claimant_type="person",
        verdict="mostly-supported", analyst="Desk analyst", reviewers=["Desk editor"],
        published="2025-01-07", updated="2025-01-08", single_source="Rests on *one* account. " + NASTY,
        corrections=[
            {"date": "2025-01-08", "note": "The verdict was changed from *Supported* to Mostly supported."},
            {"date": "2025-01-20", "note": "Note " + NASTY}]))
    write_claim(root, "published-early", claim("A claim published early.", published="2025-01-02",
                                               analyst="Desk analyst", reviewers=["Desk editor"]))
    write_claim(root, "undated", claim("A claim with no publication date."))
    write_claim(root, "a-draft", claim("A draft with a correction.", status="draft", published="2025-01-19",
                                       corrections=[{"date": "2025-01-21", "note": "Draft note."}]))
    for n in range(FILLERS):
        write_claim(root, f"filler-{n:02d}", claim(f"Filler claim {n}.", published=f"2024-{1 + n % 12:02d}-{1 + n // 12:02d}"))


@contextmanager
def environment(**values: str) -> Iterator[None]:
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dataclass
class Sites:
    project: Project
    plain: Path  # built without a site address or a repository
    deployed: Path  # built as the deploy workflow builds it

    def html(self, site: Path, path: str) -> str:
        return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    root = tmp_path_factory.mktemp("editorial") / "project"
    write_project(root)
    project, result = passing_check(root)
    assert {"corrected", "undated", "a-draft"} <= set(result.checked)
    with environment(SOURCE_DATE_EPOCH=EPOCH, FACTCHECK_REPOSITORY_URL=""):
        plain = build_into(project, result, root / "plain")
    with environment(SOURCE_DATE_EPOCH=EPOCH, FACTCHECK_REPOSITORY_URL=REPOSITORY):
        deployed = build_into(project, result, root / "deployed", site_url=SITE_URL)
    return Sites(project, plain, deployed)


# --- the claim page ---------------------------------------------------------------------------------

def test_a_claim_page_names_who_signed_it_off_and_when(sites: Sites) -> None:
    page = sites.html(sites.plain, "claims/corrected")
    byline = re.search(r'<p class="fc-byline">(.*?)</p>', page).group(1)  # type: ignore[union-attr]
    text = re.sub(r"<[^>]+>", "", byline)
    assert text == ("Checked by Desk analyst; reviewed by Desk editor; published 7 January 2025; "
                    "last updated 20 January 2025.")
    assert '<time datetime="2025-01-07">' in byline and '<time datetime="2025-01-20">' in byline


def test_every_correction_is_shown_by_the_verdict_with_an_id(sites: Sites) -> None:
    page = sites.html(sites.plain, "claims/corrected")
    verdict_end = page.index("</section>", page.index('class="fc-verdict"'))
    notice = page.index('<section class="fc-corrections"')
    assessment = page.index('id="our-assessment"')
    assert verdict_end < notice < assessment  # right below the verdict, not at the bottom
    section = page[notice:page.index("</section>", notice)]
    assert 'aria-labelledby="fc-corrections-title"' in section and ">2 corrections</h2>" in section
    first, second = section.split('<li class="fc-correction" id="correction-')[1:]
    assert first.startswith('1"') and '<time datetime="2025-01-08">8 January 2025</time>' in first
    assert second.startswith('2"') and '<time datetime="2025-01-20">' in second
    # the note is Markdown rendered as text: emphasis yes, markup from the note never
    assert "from <em>Supported</em> to Mostly supported" in first
    assert "&lt;/script&gt;&lt;script&gt;" in second and "<img" not in second
    assert 'href="../../corrections/"' in section
    assert "fc-corrections" not in sites.html(sites.plain, "claims/published-early")


# --- /corrections/ ----------------------------------------------------------------------------------

def test_the_corrections_page_states_the_policy_and_lists_every_correction_newest_first(sites: Sites) -> None:
    page = sites.html(sites.plain, "corrections")
    assert "How to ask for a correction" in page and "How corrections are shown" in page
    assert "open an issue or a pull request in the desk\u2019s public repository." in page
    listing = page[page.index('class="fc-corrections-index"'):]
    links = re.findall(r'<a href="(\.\./claims/[^"]+)">', listing)
    assert links == ["../claims/corrected/#correction-2", "../claims/corrected/#correction-1"]
    assert "a-draft" not in page  # a draft is not published, nor its corrections
    for link in links:  # each lands on its correction
        path, fragment = link.removeprefix("../").split("#")
        assert f'id="{fragment}"' in sites.html(sites.plain, path.rstrip("/"))
    dates = re.findall(r'<time datetime="([0-9-]+)"', listing)
    assert dates == sorted(dates, reverse=True) == ["2025-01-20", "2025-01-08"]


def test_the_repository_is_linked_only_where_its_address_is_given(sites: Sites) -> None:
    deployed = sites.html(sites.deployed, "corrections")
    assert f'open an issue or a pull request in the desk\u2019s public repository, <a href="{REPOSITORY}"' in deployed
    for site in (sites.plain, sites.deployed):
        for path in ("", "about", "claims/corrected"):
            scan = PageScan(sites.html(site, path))
            linked = ("a", "href", REPOSITORY) in scan.urls
            assert linked is (site == sites.deployed), (site, path)


def test_an_empty_list_says_so() -> None:
    from factcheck.site.plan.content import SiteContent
    from factcheck.site.pages.corrections import corrections_list
    from factcheck.site.plan.links import Links
    from factcheck.verdicts import load_verdict_scale
    from site_support import REPO

    empty = SiteContent([], [], load_verdict_scale(REPO))
    assert "No published fact-check has been corrected yet." in corrections_list(empty, Links("corrections/"))


def test_a_project_without_its_own_corrections_page_gets_one() -> None:
    """Without docs/corrections.md, /corrections/ is generated: how corrections are shown (all
    it can truthfully say of another desk), and the list."""
    from factcheck.site.plan.content import SiteContent
    from factcheck.site.pages.corrections import default_corrections_page
    from factcheck.site.plan.links import Links
    from factcheck.verdicts import load_verdict_scale
    from site_support import REPO

    page = default_corrections_page(SiteContent([], [], load_verdict_scale(REPO)))
    assert page.src_uri == "corrections.md" and "<!-- factcheck:corrections-list -->" in page.markdown()
    listing = page.blocks["corrections-list"]
    assert callable(listing) and "No published fact-check has been corrected yet." in listing(Links("corrections/"))
    assert "right below the verdict" in str(page.blocks["intro"])


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "github.com/o/r", " ", ""])
def test_no_address_that_is_not_http_is_ever_linked(address: str) -> None:
    from factcheck.site.pages.corrections import repository_link

    assert "href" not in str(repository_link(address))


# --- the About page and every page's head and footer ----------------------------------------------

def test_the_about_page_says_who_publishes_owns_and_funds_the_desk(sites: Sites) -> None:
    page = sites.html(sites.deployed, "about")
    article = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[page.index("<article"):page.index("</article>")]))
    for heading in ("Who publishes it", "Ownership and funding", "Non-partisanship", "Corrections"):
        assert heading in article
    assert "no funding" in article and "no owner beyond its contributors" in article
    assert '"Desk analyst"' in article and '"Desk editor"' in article  # sign-off by role
    assert not re.search(r"\b(TBD|TODO|lorem|placeholder|example\.com)\b", article, re.IGNORECASE)
    assert 'href="../corrections/"' in page and 'href="../methodology/"' in page


def test_every_page_announces_the_feed_and_links_about_and_corrections(sites: Sites) -> None:
    for site, base in ((sites.plain, "https://host.test/"), (sites.deployed, SITE_URL)):
        pages = html_pages(site)
        assert len(pages) > FILLERS
        for page in pages:
            html = page.read_text(encoding="utf-8")
            here = base + page.relative_to(site).as_posix()
            feeds = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)"', html)
            assert [urljoin(here, f) for f in feeds] == [base + "feed.xml"], page
            footer = html[html.index('<nav class="fc-footer-links"'):]
            footer = footer[:footer.index("</nav>")]
            targets = {urljoin(here, href) for href in re.findall(r'href="([^"]+)"', footer)}
            assert {base + "about/", base + "corrections/", base + "feed.xml"} <= targets, page
        assert (site / "about" / "index.html").is_file() and (site / "corrections" / "index.html").is_file()


def test_a_project_custom_dir_still_overrides_our_templates(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from factcheck.site.pages.transparency import OVERRIDES, insert_overrides

    (tmp_path / "docs").mkdir()
    (tmp_path / "custom").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n  custom_dir: custom\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    insert_overrides(config)
    insert_overrides(config)  # once only
    dirs = [Path(d).resolve() for d in config.theme.dirs]
    assert dirs[0] == (tmp_path / "custom").resolve() and dirs[1] == OVERRIDES.resolve()
    assert "material" in str(dirs[2]) and dirs.count(OVERRIDES.resolve()) == 1


# --- /feed.xml -------------------------------------------------------------------------------------

def parsed_feed(site: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_feed_is_atom_of_the_newest_published_and_corrected_fact_checks(sites: Sites) -> None:
    feed = parsed_feed(sites.plain)
    entries = feed.entries
    assert len(entries) == FEED_ENTRIES  # bounded: more fact-checks exist
    assert [e.updated for e in entries] == sorted((e.updated for e in entries), reverse=True)
    assert entries[0].link == "claims/corrected/"  # corrected last, on 20 January
    assert feed.feed.updated == "2025-01-20T00:00:00Z"
    for entry in entries:
        assert entry.id and entry.title and entry.link and entry.updated and entry.summary
        label = entry.title.split(":", 1)[0]
        assert f"Verdict: {label}." in entry.summary
    corrected = entries[0]
    assert corrected.title == "Mostly supported: A claim corrected twice."
    assert corrected.published == "2025-01-07T00:00:00Z"
    assert corrected.summary.startswith("Corrected 2025-01-20 (2 corrections): Note ")
    assert [t.term for t in corrected.tags] == ["corrected"]
    links = {e.link for e in entries}
    assert "claims/a-draft/" not in links
    # a claim with no publication date takes the site's date (SOURCE_DATE_EPOCH), without <published>
    undated = next(e for e in entries if e.link == "claims/undated/")
    assert undated.updated == "2025-01-08T00:00:00Z" and "published" not in undated


def test_feed_ids_are_iris_with_or_without_a_site_address(sites: Sites) -> None:
    plain, deployed = parsed_feed(sites.plain), parsed_feed(sites.deployed)
    for feed in (plain, deployed):
        ids = [feed.feed.id] + [e.id for e in feed.entries]
        assert len(set(ids)) == len(ids) and all(is_iri(i) for i in ids), ids
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", e.id) for e in plain.entries)
    assert all(e.id == e.link and e.link.startswith(SITE_URL + "claims/") for e in deployed.entries)
    assert deployed.feed.id == SITE_URL + "feed.xml"
    assert {link.rel: link.href for link in deployed.feed.links} == {"alternate": SITE_URL,
                                                                     "self": SITE_URL + "feed.xml"}
    # the same claim keeps its id from build to build
    first = (sites.plain / "feed.xml").read_text(encoding="utf-8")
    assert plain.entries[0].id in first


def test_why_a_verdict_rests_on_one_source_is_shown_with_the_assessment(sites: Sites) -> None:
    page = sites.html(sites.plain, "claims/corrected")
    note = page.index('<aside class="fc-single-source"')
    assert page.index('id="our-assessment"') < note < page.index('id="evidence"')
    aside = page[note:page.index("</aside>", note)]
    assert "Resting on one source" in aside and 'href="../../methodology/#single-source"' in aside
    assert "Rests on <em>one</em> account." in aside  # Markdown rendered as text
    assert "&lt;/script&gt;&lt;script&gt;" in aside and "<img" not in aside
    assert "fc-single-source" not in sites.html(sites.plain, "claims/published-early")


def test_hostile_correction_notes_are_escaped_everywhere_they_land(sites: Sites) -> None:
    xml = (sites.plain / "feed.xml").read_text(encoding="utf-8")
    assert "<script" not in xml and "<img" not in xml and "<![CDATA[" not in xml
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", xml)  # XML cannot carry them at all
    # ...and reads back as the text the analyst wrote, less what XML cannot carry
    summary = parsed_feed(sites.plain).entries[0].summary
    assert HOSTILE["close"] in summary and HOSTILE["img"] in summary and "]]> <![CDATA[ x ]]>" in summary
    # (Markdown reads "&amp;" as the entity: a reader sees "&", as on the page)
    assert "'single' \"double\" & & <!-- factcheck:claims-table -->" in summary and "\x07" not in summary
    for site in (sites.plain, sites.deployed):
        for path in ("claims/corrected", "corrections"):
            html = sites.html(site, path)
            scan = PageScan(html)
            assert scan.event_handlers == [], path
            assert "window.__pwned" not in "".join(text for _, text in scan.scripts), path
            assert HOSTILE["close"] not in html and HOSTILE["img"] not in html, path
            assert HOSTILE["marker"] not in html  # a marker in a note is text, not a block
            assert "&lt;!-- factcheck:claims-table --&gt;" in html
    exported = json.loads((sites.plain / "claims.json").read_text(encoding="utf-8"))
    [corrected] = [c for c in exported["claims"] if c["id"] == "corrected"]
    assert corrected["corrections"][1]["note"] == "Note " + NASTY  # data, exactly as written


# --- ClaimReview, read back as a crawler reads it ------------------------------------------------

def claim_review(site: Path, claim_id: str, base: str) -> dict[str, object]:
    html = (site / "claims" / claim_id / "index.html").read_text(encoding="utf-8")
    data = extruct.extract(html, base_url=base + f"claims/{claim_id}/", syntaxes=["json-ld"])["json-ld"]
    [review] = [d for d in data if d.get("@type") == "ClaimReview"]
    return review


def test_claim_review_dates_and_author_types(sites: Sites) -> None:
    corrected = claim_review(sites.deployed, "corrected", SITE_URL)
    assert corrected["datePublished"] == "2025-01-07"  # when the fact-check was published
    assert corrected["dateModified"] == "2025-01-20"  # its newest correction
    assert corrected["itemReviewed"]["author"] == {"@type": "Person", "name": "Volodymyr Zelensky"}
    assert corrected["url"] == SITE_URL + "claims/corrected/"
    early = claim_review(sites.deployed, "published-early", SITE_URL)
    assert early["datePublished"] == "2025-01-02" and "dateModified" not in early
    assert early["itemReviewed"]["author"] == {"@type": "Organization", "name": "Ukrainian officials"}
    # a claim that does not say when it was published: the site's date, never the claim's
    assert claim_review(sites.plain, "undated", "https://host.test/")["datePublished"] == "2025-01-08"


# --- annotations.jsonld and the W3C test suite's MUSTs ------------------------------------------

def annotations(site: Path) -> dict[str, object]:
    return json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))


def test_annotations_pass_the_w3c_musts_when_the_site_has_its_address(sites: Sites) -> None:
    doc = annotations(sites.deployed)
    assert web_annotation_problems(doc) == []
    page = doc["first"]
    assert page["id"] == SITE_URL + "annotations.jsonld#page-1" and page["partOf"] == doc["id"]
    for item in page["items"]:
        target = item["target"]
        assert target["type"] == "SpecificResource"  # a SHOULD of the model, kept
        assert urlsplit(target["source"]).netloc == "desk.example.org" and is_iri(target["scope"])
        assert all(is_iri(b["source"]) for b in item["body"] if b["type"] == "SpecificResource")


def test_the_must_checks_catch_what_the_suite_catches(sites: Sites) -> None:
    """The checks above can fail: relative ids (a build without the site's address), a page
    without its id (as annotations.jsonld was), a target that is no resource."""
    relative = web_annotation_problems(annotations(sites.plain))
    assert any("an Annotation MUST have one id that is an IRI" in p for p in relative)
    assert any("a Specific Resource MUST have one source that is an IRI" in p for p in relative)
    doc = annotations(sites.deployed)
    del doc["first"]["id"]
    assert "collection.first: an AnnotationPage MUST have one id that is an IRI" in web_annotation_problems(doc)
    doc = annotations(sites.deployed)
    item = doc["first"]["items"][0]
    item["target"] = {"type": "TextualBody", "value": "x"}
    item["bodyValue"] = "also"
    problems = web_annotation_problems(doc)
    assert any("target[0]: a target MUST be exactly one of" in p for p in problems)
    assert any("MUST NOT have both body and bodyValue" in p for p in problems)
    doc = annotations(sites.deployed)
    doc["first"]["items"][0]["target"]["selector"][1]["start"] = -1
    assert any("start MUST be one non-negative integer" in p for p in web_annotation_problems(doc))
