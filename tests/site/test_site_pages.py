"""The built site of the repository's own fact-check: every claim and source has its page,
anchors and data, every link lands, and nothing is requested from another host.

Expectations come from the check result, never from the number of bundled claims."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from site_support import BuiltSite, PageScan, html_pages

from factcheck.site.plan.links import page_url


def test_every_published_claim_and_every_source_has_its_page(repo_site: BuiltSite) -> None:
    assert repo_site.claims, "the repository should publish at least one claim"
    for claim in repo_site.claims:
        assert (repo_site.site / "claims" / claim.id / "index.html").is_file()
    for source_id in repo_site.project.library.ids:
        assert (repo_site.site / "sources" / source_id / "index.html").is_file()
    for page in ("index.html", "claims/index.html", "verdicts/index.html", "tags/index.html",
                 "evidence-map/index.html", "sources/index.html", "methodology/index.html"):
        assert (repo_site.site / page).is_file(), page
    for verdict in repo_site.project.scale.ids:
        assert (repo_site.site / "verdicts" / verdict / "index.html").is_file(), verdict
    for tag in {t for c in repo_site.claims for t in c.tags}:
        assert (repo_site.site / "tags" / tag / "index.html").is_file(), tag


def test_the_desks_own_documentation_is_not_published(repo_site: BuiltSite) -> None:
    """Writing claims, the review workflow and the benchmarks are for the desk (handbook/, linked
    from the README), not pages beside the fact-check."""
    for page in ("writing-claims", "workflow", "performance"):
        assert not (repo_site.site / page).exists(), page
    from site_support import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for page in ("writing-claims", "workflow", "performance"):
        assert (REPO / "handbook" / f"{page}.md").is_file() and f"(handbook/{page}.md)" in readme, page
    home = PageScan(repo_site.html(""))
    tabs = [url for tag, _, url in home.urls if tag == "a"]
    assert not any(name in url for url in tabs for name in ("writing-claims", "workflow", "performance"))


def test_every_citation_has_its_anchor_where_its_passage_starts(repo_site: BuiltSite) -> None:
    for claim in repo_site.claims:
        claim_page = PageScan(repo_site.html(f"claims/{claim.id}"))
        for citation in claim.evidence:
            anchor = f"cite-{claim.id}-{citation.n}"
            source_page = PageScan(repo_site.html(f"sources/{citation.source}"))
            assert anchor in source_page.ids
            assert ("a", "href", f"../../sources/{citation.source}/#{anchor}") in claim_page.urls
            assert f"evidence-{citation.n}" in claim_page.ids


def test_highlighted_passages_are_exactly_the_quotes(repo_site: BuiltSite) -> None:
    """Reassembling every mark of a citation on the source page gives back its quote."""
    from html.parser import HTMLParser

    class Marks(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[list[str]] = []
            self.text: dict[str, str] = {}

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "mark":
                self.stack.append((dict(attrs).get("data-cites") or "").split())
            elif tag == "p" and self.stack == []:
                for key in self.text:
                    self.text[key] += "\n"  # a quote across lines spans paragraphs

        def handle_endtag(self, tag: str) -> None:
            if tag == "mark":
                self.stack.pop()

        def handle_data(self, data: str) -> None:
            for key in self.stack[-1] if self.stack else ():
                self.text[key] = self.text.get(key, "") + data

    for source_id in repo_site.project.library.ids:
        marks = Marks()
        marks.feed(repo_site.html(f"sources/{source_id}"))
        for claim in repo_site.claims:
            for c in claim.evidence:
                if c.source == source_id:
                    shown = marks.text[f"{claim.id}-{c.n}"]
                    assert shown.replace("\n", "") == c.quote.replace("\r", "").replace("\n", "")


def test_exactly_one_claim_review_per_claim_page_and_none_elsewhere(repo_site: BuiltSite) -> None:
    scale = repo_site.project.scale
    claims = {c.id: c for c in repo_site.claims}
    for page in html_pages(repo_site.site):
        relative = page.parent.relative_to(repo_site.site).as_posix()
        found = PageScan(page.read_text(encoding="utf-8")).json_ld()
        claim_id = relative.removeprefix("claims/")
        if relative.startswith("claims/") and claim_id in claims:
            claim = claims[claim_id]
            assert len(found) == 1, relative
            review = found[0]
            verdict = scale[claim.verdict]
            assert review["@type"] == "ClaimReview"
            assert review["claimReviewed"] == claim.claim
            assert review["reviewRating"]["alternateName"] == verdict.label
            assert review["reviewRating"].get("ratingValue") == verdict.rating
            assert review["itemReviewed"]["@type"] == "Claim"
            assert review["itemReviewed"]["author"]["name"] == claim.claimant
            assert review["author"]["name"]
            # When the fact-check was published, not when the claim was made (test_editorial.py
            # reads the dates back with extruct).
            if claim.published:
                assert review["datePublished"] == claim.published
            assert review.get("dateModified") == claim.modified
            # The URL is the claim page itself, wherever the site is published.
            page_address = f"https://host.test/base/{page_url(f'claims/{claim.id}.md')}"
            assert urljoin(page_address, review["url"]) == page_address
        else:
            assert found == [], relative


def test_claims_json_has_every_published_claim_with_offsets_into_the_bodies(repo_site: BuiltSite) -> None:
    data = json.loads((repo_site.site / "claims.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in data["claims"]] == [c.id for c in repo_site.claims]
    library = repo_site.project.library
    for entry in data["claims"]:
        assert entry["url"] == f"claims/{entry['id']}/"
        for citation in entry["evidence"]:
            body = library.get(citation["source"]).body
            assert body[citation["start"]:citation["end"]] == citation["quote"]
    assert {s["id"] for s in data["sources"]} == set(library.ids)
    assert [v["id"] for v in data["verdicts"]] == repo_site.project.scale.ids


def test_annotations_select_each_passage_in_the_published_text(repo_site: BuiltSite) -> None:
    collection = json.loads((repo_site.site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    expected = {f"cite-{c.id}-{cit.n}" for c in repo_site.claims for cit in c.evidence}
    assert {item["id"].split("#")[1] for item in items} == expected
    assert collection["total"] == len(items) == len(expected)
    for item in items:
        target = item["target"]
        text = (repo_site.site / target["source"]).read_bytes().decode("utf-8")
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"])
        assert text[position["end"]:].startswith(quote["suffix"])


def test_published_source_texts_are_the_bodies_byte_for_byte(repo_site: BuiltSite) -> None:
    for source in repo_site.project.library:
        assert (repo_site.site / "sources" / f"{source.id}.txt").read_bytes() == source.body.encode("utf-8")


def _resolve(page: Path, site: Path, url: str) -> tuple[Path, str] | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page, parts.fragment
    base = page.parent.relative_to(site).as_posix()
    # Root-absolute paths (Material's 404 page uses them) assume the site is served at "/".
    path = posixpath.normpath(posixpath.join(base, unquote(parts.path)).lstrip("/"))
    assert not path.startswith(".."), f"{page}: {url} leaves the site"
    target = site / path
    return (target / "index.html" if target.is_dir() else target), parts.fragment


def test_every_internal_link_and_anchor_lands(repo_site: BuiltSite) -> None:
    site = repo_site.site
    scans = {page: PageScan(page.read_text(encoding="utf-8")) for page in html_pages(site)}
    broken = []
    for page, scan in scans.items():
        for tag, attr, url in scan.urls:
            resolved = _resolve(page, site, url)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: <{tag} {attr}={url}> (no {target.relative_to(site)})")
            elif fragment and target.suffix == ".html":
                ids = (scans.get(target) or PageScan(target.read_text(encoding="utf-8"))).ids
                if fragment not in ids and fragment not in ("", "__skip"):
                    broken.append(f"{page.relative_to(site)}: <{tag} {attr}={url}> (no #{fragment})")
    assert broken == []


def test_no_page_loads_anything_from_another_host(repo_site: BuiltSite) -> None:
    """Links to other sites are fine (a reader chooses to follow them); resources are not."""
    for page in html_pages(repo_site.site):
        scan = PageScan(page.read_text(encoding="utf-8"))
        for tag, attr, url in scan.urls:
            if tag == "a":
                assert not url.lower().startswith("javascript:"), (page, url)
                continue
            assert not urlsplit(url).netloc and not url.startswith("//"), (page, tag, url)
    for css in repo_site.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import url(http" not in text and "url(https://" not in text and "url(http://" not in text, css


def test_navigation_lists_sections_not_claims(repo_site: BuiltSite) -> None:
    """With every claim in the navigation, each page would repeat the whole list: a page that
    mentions no claim (the methodology) links to none, and claim pages stay small."""
    methodology = PageScan(repo_site.html("methodology"))
    assert not [url for _, _, url in methodology.urls if url.startswith("../claims/") and url != "../claims/"]
    assert any(url.endswith("evidence-map/") for _, _, url in methodology.urls)
    assert max(len(repo_site.html(f"claims/{c.id}")) for c in repo_site.claims) < 200_000


def test_without_an_edit_address_no_edit_link_and_no_claim_file_is_published(repo_site: BuiltSite) -> None:
    """"Edit this claim" never hands a reader a YAML file: unconfigured, there is no edit link,
    and the claim files are not published (claims.json has every claim as data)."""
    from mkdocs.config import load_config

    assert load_config(str(repo_site.project.root / "mkdocs.yml")).plugins["factcheck"].config.edit_url == ""
    assert list(repo_site.site.rglob("*.yaml")) == [] and list(repo_site.site.rglob("*.yml")) == []
    for claim in repo_site.claims:
        html = repo_site.html(f"claims/{claim.id}")
        assert "Edit this claim" not in html
        assert not [u for _, _, u in PageScan(html).urls if u.endswith((".yaml", ".yml"))]
        assert ("a", "href", "../../claims.json") in PageScan(html).urls


def test_edit_link_goes_to_the_configured_repository(repo_site: BuiltSite) -> None:
    from factcheck.site.pages.claim import _footer
    from factcheck.site.plan.links import Links

    claim = repo_site.claims[0]
    footer = _footer(claim, "https://example.org/o/r/edit/main/claims/x.yaml?a=1&b=2",
                     Links(f"claims/{claim.id}/", True))
    assert 'href="https://example.org/o/r/edit/main/claims/x.yaml?a=1&amp;b=2"' in footer
    assert ">Edit this claim</a>" in footer
    assert "Edit this claim" not in _footer(claim, None, Links(f"claims/{claim.id}/", True))


def test_hand_written_docs_are_never_written_to(repo_site: BuiltSite) -> None:
    from site_support import snapshot

    assert snapshot(repo_site.project.root / "docs") == repo_site.docs_before
