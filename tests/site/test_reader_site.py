"""What a reader meets: sources by name (never an invented one), links to a passage in the
original article, and nothing of a draft anywhere in what is published."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from site_support import HOSTILE, BuiltSite, PageScan, copy_project, passing_check, write_claim

from factcheck.site.build import build_into
from factcheck.site.plan.content import SiteContent
from factcheck.site.plan.links import Links
from factcheck.site.pages.listings import evidence_map
from factcheck.site.plan.naming import source_name
from factcheck.site.pages.source import text_fragment_link
from factcheck.sources import Source

from test_listings import SCALE, claims  # noqa: I001 - the same synthetic claims

DRAFT = "zz-unpublished-draft-7q"


def html_text(value: str) -> str:
    from factcheck.site.html.escaping import text

    return text(value)


def published_text(site: Path) -> dict[str, str]:
    """Every file of the site as text, gzip-compressed ones (the search index, the sitemap)
    decompressed: what anyone can fetch from the published site."""
    found = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        found[path.relative_to(site).as_posix()] = data.decode("utf-8", "replace")
    return found


@pytest.fixture(scope="module")
def draft_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("drafts") / "project", with_claims=False)
    library = passing_check(root)[0].library
    seed = library.ids[0]
    quote = library.get(seed).body.split("\n")[0][:40].strip()
    cited = [{"source": seed, "quote": quote, "start": 0, "end": len(quote), "stance": "supports"}]
    write_claim(root, "published-one", {"claim": "A published claim.", "claimant": "Someone", "verdict": "supported",
                                        "summary": "Yes.", "related": [DRAFT], "evidence": cited})
    write_claim(root, DRAFT, {"claim": "Still a draft.", "claimant": "Someone", "verdict": "disputed",
                              "summary": "Not yet.", "status": "draft", "related": ["published-one"],
                              "evidence": cited})
    assert len(passing_check(root)[1].checked) == 2
    return root


def test_a_drafts_id_appears_nowhere_in_the_published_site(draft_project: Path, tmp_path: Path) -> None:
    """Issue 13, item 13: not in a page, claims.json, annotations.jsonld, the search index or the
    sitemap (no claim's raw YAML is published at all)."""
    project, result = passing_check(draft_project)
    address = "https://desk.example/"  # so that the sitemap lists every page's address
    site = build_into(project, result, tmp_path / "site", site_url=address)
    files = published_text(site)
    assert {"claims.json", "annotations.jsonld", "sitemap.xml", "sitemap.xml.gz"} <= set(files)
    assert any(name.startswith("search/d/") for name in files)  # the search index's records
    assert [name for name, text in files.items() if DRAFT in text] == []
    assert not [name for name in files if name.endswith((".yaml", ".yml"))]
    # The same build with drafts shows it everywhere, so the search above could find it.
    with_drafts = published_text(build_into(project, result, tmp_path / "drafts", drafts=True,
                                                        site_url=address))
    assert {"claims.json", "sitemap.xml"} <= {n for n, t in with_drafts.items() if DRAFT in t}
    assert any(n.startswith("search/d/") and DRAFT in t for n, t in with_drafts.items())


# --- sources by name -----------------------------------------------------------------------------

def test_a_source_is_named_by_its_title_and_outlet() -> None:
    named = source_name(Source("abc_123", "seeds/abc_123.txt", "Body.", {"title": "A  headline", "outlet": "The Post"}))
    assert (named.name, named.titled, named.explanation) == ("A headline (The Post)", True, None)


def test_an_untitled_source_is_named_by_what_it_says_without_inventing_anything() -> None:
    body = "Ukraine launched a surprise new offensive in Russia’s Kursk region on Sunday, aiming to strike.\nMore."
    with_outlet = source_name(Source("004_d7", "seeds/004_d7.txt", body, {"outlet": "NBC News"}))
    assert with_outlet.name == "NBC News: “Ukraine launched a surprise new offensive in Russia’s…”"
    assert with_outlet.explanation == ("The stored text has no headline, so this page names it by its outlet "
                                       "and its first words.")
    bare = source_name(Source("001_75", "seeds/001_75.txt", body))
    assert bare.name == "“Ukraine launched a surprise new offensive in Russia’s…”" and "004_d7" not in bare.name
    assert "outlet" not in (bare.explanation or "")
    assert len(bare.short) <= 45 and bare.short.endswith("…”")
    empty = source_name(Source("e1", "seeds/e1.txt", "\n\n"))
    assert empty.name == "Article e1" and "file name" in (empty.explanation or "")


def test_the_source_page_says_how_an_untitled_source_got_its_name(repo_site: BuiltSite) -> None:
    for source in repo_site.project.library:
        name = source_name(source)
        scan = PageScan(repo_site.html(f"sources/{source.id}"))
        page = repo_site.html(f"sources/{source.id}")
        assert scan.title.startswith(name.name)
        if name.titled:
            assert "fc-name-note" not in page
        else:
            assert name.explanation and name.explanation in page
            first_words = re.search(r"“(.*?)…?”", name.name)
            assert first_words and source.body.startswith(first_words.group(1))  # its own words, not invented


def test_readers_see_sources_by_name_on_claim_pages_and_the_map(repo_site: BuiltSite) -> None:
    for claim in repo_site.claims:
        html = repo_site.html(f"claims/{claim.id}")
        for source_id in claim.sources:
            shown = source_name(repo_site.project.library.get(source_id)).name
            linked = re.findall(r'<a href="\.\./\.\./sources/' + re.escape(source_id) + r'/">([^<]+)</a>', html)
            assert linked and set(linked) == {html_text(shown)}, (claim.id, source_id)
    heads = re.findall(r'<th scope="col" class="fc-map__source"><a [^>]*>([^<]+)</a>', repo_site.html("evidence-map"))
    assert heads and not set(heads) & set(repo_site.project.library.ids)


def test_hostile_text_in_source_names_stays_text(hostile_site: BuiltSite) -> None:
    titled = hostile_site.html("sources/zz-hostile")
    assert "<script>window.__pwned" not in titled and "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt; title" in titled
    map_page = hostile_site.html("evidence-map")
    assert "<script>window.__pwned" not in map_page and "onerror=\"window" not in map_page
    # An untitled source named by hostile first words and outlet.
    source = Source("zz", "seeds/zz.txt", HOSTILE["script"] + " then " + HOSTILE["img"] + "\n", {"outlet": HOSTILE["svg"]})
    claim = claims(1)[0].__class__(**{**claims(1)[0].__dict__, "evidence": (
        claims(1)[0].evidence[0].__class__(n=1, source="zz", quote="then", start=source.body.index("then"),
                                           end=source.body.index("then") + 4, stance="supports"),)})
    table = evidence_map(SiteContent([claim], [source], SCALE), Links("evidence-map/"))
    assert "<script>" not in table and "<img" not in table and "<svg onload" not in table
    assert "&lt;script&gt;" in table


# --- links to the passage in the original ------------------------------------------------------------

def fragment_terms(link: str) -> list[str]:
    directive = link.split(":~:text=", 1)[1]
    return [unquote(term) for term in directive.split(",")]


def test_a_passage_links_to_its_words_in_the_original_article() -> None:
    body = "First line.\nBefore the words, then the cited passage here - with a dash & more, after it ends.\n"
    source = Source("s", "seeds/s.txt", body, {"url": "https://news.example/a?b=1"})
    start = body.index("the cited")
    link = text_fragment_link(source, start, start + len("the cited passage here - with a dash & more"))
    assert link is not None and link.startswith("https://news.example/a?b=1#:~:text=")
    directive = link.split(":~:text=", 1)[1]
    # '-', '&' and ',' inside a term are percent-encoded: they are the directive's own syntax.
    assert "&" not in directive and " " not in directive
    terms = directive.split(",")
    assert terms[0].endswith("-") and terms[-1].startswith("-")
    assert all("-" not in t.strip("-") for t in terms)
    assert fragment_terms(link) == ["the words, then-", "the cited passage here", "a dash & more,", "-after it ends."]


def test_a_short_passage_is_one_term_and_words_are_never_cut() -> None:
    body = "They said Kursk was taken."
    source = Source("s", "seeds/s.txt", body, {"url": "https://news.example/a#top"})
    link = text_fragment_link(source, body.index("urs"), body.index("urs") + 3)  # inside "Kursk"
    assert link == "https://news.example/a#top:~:text=They%20said-,Kursk,-was%20taken."


@pytest.mark.parametrize("meta", [{}, {"url": "javascript:alert(1)"}, {"url": "/relative/page"}])
def test_no_link_to_the_original_without_a_web_address(meta: dict[str, str]) -> None:
    assert text_fragment_link(Source("s", "seeds/s.txt", "Some words here.", meta), 0, 4) is None


def test_the_pages_offer_the_link_when_the_source_has_an_address(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", with_claims=False)
    seed = sorted((root / "seeds").glob("*"))[0]
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("---\n", "---\nurl: https://news.example/story?id=7&x=\"1\"\n", 1), encoding="utf-8")
    body = passing_check(root)[0].library.get(seed.stem).body
    quote = body.split("\n")[0][:40].strip()
    write_claim(root, "with-original", {"claim": "A claim.", "claimant": "Someone", "verdict": "supported",
                                        "summary": "Yes.", "evidence": [{"source": seed.stem, "quote": quote, "start": 0,
                                                                         "end": len(quote), "stance": "supports"}]})
    project, result = passing_check(root)
    site = build_into(project, result, root / "site")
    claim_page = PageScan((site / "claims" / "with-original" / "index.html").read_text(encoding="utf-8"))
    source_page = PageScan((site / "sources" / seed.stem / "index.html").read_text(encoding="utf-8"))
    expected = text_fragment_link(project.library.get(seed.stem), 0, len(quote))
    assert expected is not None and ("a", "href", expected) in claim_page.urls and ("a", "href", expected) in source_page.urls
    assert "&amp;x=&quot;1&quot;" in (site / "claims" / "with-original" / "index.html").read_text(encoding="utf-8")


# --- a claim's heading in quotation marks only when it quotes its claimant ----------------------

@pytest.mark.parametrize("claimant, quoted", [
    ("Article “The desk ran a check on the…”", True),  # the article itself, by its site name's start
    ("The Post", True),  # the article's outlet
    ("The Post, as reported", False),
    ("A think tank, as reported in the article “The desk ran a check on the…”", False),  # its paraphrase
    ("Article “The desk”", False),  # too little of the name to tell the article apart
])
def test_an_articles_own_words_are_a_quotation_only_of_the_article(claimant: str, quoted: bool) -> None:
    from factcheck.model import Citation, Claim

    body = "The desk ran a check on the figures today, and it held.\nA minister said “the figures are wrong” twice."
    outlet = Source("s", "seeds/s.txt", body, {"outlet": "The Post"})
    untitled = Source("u", "seeds/u.txt", body, {})
    for source in (outlet, untitled):
        sentence = "The desk ran a check on the figures today"
        citation = Citation(n=1, source=source.id, quote=sentence, start=0, end=len(sentence), stance="supports")
        claim = Claim(id="c", file="claims/c.yaml", claim=sentence + ".", claimant=claimant, verdict="supported",
                      summary="S.", evidence=(citation,))
        content = SiteContent([claim], [source], SCALE)
        expected = quoted and not (claimant == "The Post" and source is untitled)
        assert content.is_quotation(claim) is expected, (claimant, source.id)
        # Words the article puts in quotation marks are a quotation whoever the claimant is.
        words = body.index("the figures are wrong")
        inner = Citation(n=1, source=source.id, quote="the figures are wrong", start=words, end=words + 21,
                         stance="supports")
        minister = Claim(id="m", file="claims/m.yaml", claim="The figures are wrong.", claimant=claimant,
                         verdict="supported", summary="S.", evidence=(inner,))
        assert SiteContent([minister], [source], SCALE).is_quotation(minister)
