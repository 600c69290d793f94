"""The site in a real browser (Debian's chromium through Playwright), served from 127.0.0.1:
every page loads cleanly and requests nothing from another host, citations land on their
highlighted passages, the claims table sorts and filters, and hostile text runs nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from site_support import HOSTILE, HOSTILE_TEXT, BuiltSite, html_pages
from factcheck.site.pages.listings.pagination import PAGE_SIZE


@pytest.fixture(scope="module")
def repo_url(repo_site: BuiltSite, local_server: Callable[[Any], str]) -> str:
    return local_server(repo_site.site)


@pytest.fixture(scope="module")
def hostile_url(hostile_site: BuiltSite, local_server: Callable[[Any], str]) -> str:
    return local_server(hostile_site.site)


def _page_paths(site: BuiltSite) -> list[str]:
    return [p.relative_to(site.site).as_posix().removesuffix("index.html")
            for p in html_pages(site.site) if p.name == "index.html"]


def test_every_page_loads_without_errors_or_requests_off_localhost(
        repo_site: BuiltSite, repo_url: str, watched_page: Callable[[], Any]) -> None:
    watched = watched_page()
    failures = []
    for path in _page_paths(repo_site):
        response = watched.page.goto(repo_url + path, wait_until="load")
        if response is None or response.status != 200:
            failures.append(f"{path}: status {response.status if response else None}")
        for problem in watched.problems():
            failures.append(f"{path}: {problem}")
        watched.console_errors.clear(), watched.page_errors.clear()
        watched.dialogs.clear(), watched.offsite_requests.clear()
    assert failures == []


def test_clicking_a_citation_lands_on_its_highlighted_passage(
        repo_site: BuiltSite, repo_url: str, watched_page: Callable[[], Any]) -> None:
    watched = watched_page()
    page = watched.page
    claims = repo_site.claims
    # Every citation of the claim citing the most passages, and the first one of two others.
    busiest = max(claims, key=lambda c: (len(c.evidence), c.id))
    cases = [(busiest, c) for c in busiest.evidence] + [(c, c.evidence[0]) for c in (claims[0], claims[-1])]
    for claim, citation in cases:
        page.goto(f"{repo_url}claims/{claim.id}/")
        key = f"{claim.id}-{citation.n}"
        page.click(f'a.fc-cite-link[data-cite="{key}"]')
        page.wait_for_url(f"**/sources/{citation.source}/#cite-{key}")
        page.wait_for_function(f"document.querySelector('[data-cites~=\"{key}\"].fc-active') !== null")
        anchor = page.locator(f"#cite-{key}")
        assert anchor.count() == 1
        marks = page.locator(f'mark[data-cites~="{key}"]')
        shown = "".join(marks.all_text_contents())
        assert shown.replace("\n", "") == citation.quote.replace("\r", "").replace("\n", "")
        assert all("fc-active" in (m.get_attribute("class") or "") for m in marks.all())
        # The passage is on screen, below the sticky header, not merely somewhere on the page.
        box = marks.first.bounding_box()
        viewport = page.viewport_size
        assert box is not None and viewport is not None
        assert 40 <= box["y"] <= viewport["height"] - 10, box
    assert watched.problems() == []


def test_claims_table_sorts_and_filters(repo_site: BuiltSite, repo_url: str, watched_page: Callable[[], Any]) -> None:
    """On the first page of the archive, the table sorts by any column and filters by words and
    by verdict, among the claims of that page."""
    watched = watched_page()
    page = watched.page
    page.goto(repo_url + "claims/")
    rows = page.locator("#fc-claims-page tbody tr")
    total = rows.count()
    assert total == min(len(repo_site.claims), PAGE_SIZE)  # the bundled site sets no page_size
    shown = {a.split("/claims/")[-1].strip("/") for a in page.locator(
        "#fc-claims-page tbody tr td:nth-child(2) a").evaluate_all("els => els.map(e => e.href)")}
    on_page = [c for c in repo_site.claims if c.id in shown]
    assert len(on_page) == total

    page.click("#fc-claims-page thead th:nth-child(2) button")  # Claim, ascending
    texts = [t.strip().lower() for t in page.locator("#fc-claims-page tbody tr td:nth-child(2) a").all_text_contents()]
    # in the reader's language's order (the browser's collation: ICU's, not Python's code points)
    assert texts == page.evaluate("texts => [...texts].sort((a, b) => a.localeCompare(b))", texts)
    assert texts != page.evaluate("texts => [...texts].reverse()", texts)
    assert page.get_attribute("#fc-claims-page thead th:nth-child(2)", "aria-sort") == "ascending"
    page.click("#fc-claims-page thead th:nth-child(2) button")
    assert page.get_attribute("#fc-claims-page thead th:nth-child(2)", "aria-sort") == "descending"

    claim = on_page[0]
    word = max(claim.claim.split(), key=len).strip(".,;:\"'“”’")
    page.fill("[data-fc-filter]", word)
    visible = [r for r in rows.all() if r.is_visible()]
    assert 1 <= len(visible) <= total
    assert all(word.lower() in r.inner_text().lower() for r in visible)

    page.fill("[data-fc-filter]", "")
    verdict = claim.verdict
    page.select_option("[data-fc-verdict]", verdict)
    visible = [r for r in rows.all() if r.is_visible()]
    assert len(visible) == sum(1 for c in on_page if c.verdict == verdict)
    assert all(r.get_attribute("data-verdict") == verdict for r in visible)
    assert f"Showing {len(visible)} of {total} claims" in page.inner_text("[data-fc-count]")
    assert watched.problems() == []


def test_verdict_is_never_conveyed_by_colour_alone(repo_site: BuiltSite, repo_url: str,
                                                    watched_page: Callable[[], Any]) -> None:
    page = watched_page().page
    claim = repo_site.claims[0]
    verdict = repo_site.project.scale[claim.verdict]
    page.goto(f"{repo_url}claims/{claim.id}/")
    badge = page.locator(".fc-verdict .fc-badge")
    assert badge.inner_text().strip() == verdict.label
    assert badge.locator("svg").count() == 1
    box = badge.bounding_box()
    assert box is not None and box["height"] < 3 * 16, box  # one line: icon and label side by side
    assert verdict.description in page.inner_text(".fc-verdict")


def test_hostile_text_is_shown_literally_and_runs_nothing(
        hostile_site: BuiltSite, hostile_url: str, watched_page: Callable[[], Any]) -> None:
    watched = watched_page()
    page = watched.page
    for path in _page_paths(hostile_site):
        page.goto(hostile_url + path, wait_until="load")
        assert page.evaluate("window.__pwned === undefined"), path
        assert page.locator('img[src="x"], svg[onload], [onerror], [onload]').count() == 0, path
        assert page.evaluate(
            "[...document.querySelectorAll('a[href]')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length"
        ) == 0, path
    assert watched.problems() == []

    page.goto(hostile_url + "claims/hostile-claim/")
    body = page.inner_text("article")
    for value in (HOSTILE["script"], HOSTILE["img"], HOSTILE["close"], HOSTILE["jinja"], HOSTILE["svg"],
                  HOSTILE["marker"]):
        assert value in body, value
    summary = page.locator(".fc-summary")
    assert "click me" in summary.inner_text() and "javascript:" not in summary.inner_html()
    assert page.title().startswith("Disputed: Hostile claim " + HOSTILE["script"])
    description = page.get_attribute('meta[name="description"]', "content")
    assert description is not None and HOSTILE["script"] in description
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert page.locator(".fc-summary img").count() == 0

    page.goto(hostile_url + "sources/zz-hostile/")
    text = page.inner_text("article")
    assert HOSTILE["script"] in text and HOSTILE["img"] in text
    assert (page.get_attribute('a.fc-ref[data-cite="hostile-claim-1"]', "title") or "").startswith(
        "Hostile claim " + HOSTILE["script"])
    assert page.evaluate("window.__pwned === undefined")
    assert HOSTILE_TEXT  # the constant every assertion above is built from
    assert watched.problems() == []


def _answered(page: Any, query: str) -> None:
    """Wait until the results on screen are this query's (the status names the query it answers;
    the previous query's results stay until then)."""
    page.wait_for_function("q => document.querySelector('#fc-search-status').textContent.includes('“' + q + '”')",
                           arg=query, timeout=15000)


def _search(page: Any, query: str) -> list[str]:
    """Open the search with its button, type ``query``; the results' links."""
    page.click("[data-fc-search-open]")
    page.keyboard.type(query)
    page.wait_for_selector(".fc-search__results li a", timeout=15000)
    return [a.get_attribute("href") or "" for a in page.locator(".fc-search__results li a").all()]


def test_search_finds_claims_without_any_other_host(repo_site: BuiltSite, repo_url: str,
                                                     watched_page: Callable[[], Any]) -> None:
    watched = watched_page()
    claim = repo_site.claims[0]
    watched.page.goto(repo_url)
    word = max(claim.claim.split(), key=len).strip(".,;:\"'“”’")
    hrefs = _search(watched.page, word)
    assert any(f"claims/{c.id}/" in h for h in hrefs for c in repo_site.claims if word.lower() in c.claim.lower())
    assert watched.problems() == []


def test_searching_hostile_text_runs_nothing(hostile_url: str, watched_page: Callable[[], Any]) -> None:
    """Claim, claimant, verdict, a note and the excerpt of a hostile claim, and a hostile source's
    name, outlet, notes and text, come out of the index as text: shown literally, run nothing."""
    watched = watched_page()
    page = watched.page
    page.goto(hostile_url)
    hrefs = _search(page, "Hostile claim")
    assert any("claims/hostile-claim/" in h for h in hrefs)
    hit = page.locator(".fc-hit", has=page.locator('a[href*="claims/hostile-claim/"]'))
    shown = hit.inner_text()
    assert "<script>window.__pwned" in shown  # the claim's own words, as text
    assert 'Claimant "><img src=x onerror=' in shown  # the claimant, as text
    assert "Disputed" in hit.locator(".fc-badge").inner_text()
    page.fill(".fc-search__input", "hostile")
    _answered(page, "hostile")
    source_hit = page.locator(".fc-hit", has=page.locator('a[href*="sources/zz-hostile/"]')).first
    assert "<script>window.__pwned=1;alert(1)</script> title" in source_hit.inner_text()
    # A word of the claim's note finds the note, quoted as written.
    page.fill(".fc-search__input", "note")
    _answered(page, "note")  # the previous query's results also hold this claim
    excerpt = page.locator(".fc-hit", has=page.locator('a[href*="claims/hostile-claim/"]')).locator(".fc-hit__excerpt")
    assert excerpt.inner_text().startswith("Note <script>window.__pwned=1;alert(1)</script>")
    assert excerpt.locator("mark").first.inner_text() == "Note"
    # The source's outlet and notes, hostile too, as its header record shows them.
    page.fill(".fc-search__input", "onerror")
    _answered(page, "onerror")
    header = page.locator(".fc-hit", has=page.locator('a[href$="sources/zz-hostile/"]'))
    assert HOSTILE["img"] in header.locator(".fc-hit__meta").inner_text()
    assert HOSTILE["close"] in header.locator(".fc-hit__excerpt").inner_text()
    assert page.evaluate("window.__pwned === undefined")
    results = page.locator(".fc-search__results")
    assert results.locator("img, script, svg, [onerror], [onload], iframe").count() == 0
    assert results.locator(":not(li):not(a):not(span):not(p):not(strong):not(mark)").count() == 0
    assert watched.problems() == []


def _rare_source_word(site: BuiltSite) -> tuple[str, str]:
    """A word of a source's text that no claim or other source has: (word, source id)."""
    import re

    claims_text = " ".join(c.claim + " " + c.summary + " " + c.claimant + " " + " ".join(x.quote for x in c.evidence)
                           + " " + " ".join(x.note or "" for x in c.evidence) for c in site.claims).lower()
    bodies = {s.id: s.body.lower() for s in site.project.library}
    for source_id, body in sorted(bodies.items()):
        for word in sorted(set(re.findall(r"[a-z]{9,}", body))):
            if word not in claims_text and all(word not in other for sid, other in bodies.items() if sid != source_id):
                return word, source_id
    raise AssertionError("no word of a source is its own")


def _fetched(page: Any) -> list[tuple[str, int]]:
    """(path in the site, bytes) of every file of the search index the page fetches from now on."""
    found: list[tuple[str, int]] = []

    def finished(request: Any) -> None:
        if "/search/" in request.url:
            found.append((request.url.split("/search/", 1)[1].split("?")[0], request.sizes()["responseBodySize"]))

    page.on("requestfinished", finished)
    return found


def test_search_fetches_nothing_before_the_reader_types_then_lands_on_a_source_passage(
        repo_site: BuiltSite, repo_url: str, watched_page: Callable[[], Any]) -> None:
    watched = watched_page()
    page = watched.page
    fetched = _fetched(page)
    page.goto(repo_url + "methodology/")
    page.click("[data-fc-search-open]")
    page.wait_for_timeout(300)
    assert fetched == []  # opening the search fetches no index
    word, source_id = _rare_source_word(repo_site)
    page.keyboard.type(word)
    link = page.locator(f'.fc-search__results a[href*="sources/{source_id}/#line-"]')
    link.first.wait_for(timeout=15000)
    hit = page.locator(".fc-hit", has=page.locator(f'a[href*="sources/{source_id}/#line-"]')).first
    assert word in hit.locator("mark").first.inner_text().lower()  # the passage, its word marked
    assert hit.locator(".fc-hit__kind").text_content() == "Source article"
    page.wait_for_load_state("networkidle")
    # The manifest, the word's own file, the files of the records shown: nothing else.
    names = [name for name, _ in fetched]
    assert names.count("index.json") == 1 and len(names) == len(set(names))
    assert len([n for n in names if n.startswith("t/")]) == 1
    assert not [n for n in names if n.startswith("p/")]
    shown = page.locator(".fc-hit").count()
    assert 1 <= len([n for n in names if n.startswith("d/")]) <= shown
    assert sum(size for _, size in fetched) < 48 * 1024
    # The result lands on the paragraph that has the word, on screen below the header.
    href = link.first.get_attribute("href") or ""
    link.first.click()
    page.wait_for_url("**/sources/**")
    paragraph = page.locator(f"p#{href.rsplit('#', 1)[1]}")
    assert word in paragraph.inner_text().lower()
    box, viewport = paragraph.bounding_box(), page.viewport_size
    assert box is not None and viewport is not None and 40 <= box["y"] <= viewport["height"] - 40, box
    assert watched.problems() == []


def test_search_works_from_a_sub_folder(repo_site: BuiltSite, local_server: Callable[[Any], str],
                                        watched_page: Callable[[], Any]) -> None:
    """The site served from a folder of a host (here /site/): the index is found from the page's
    own base, and results link into the folder."""
    root = local_server(repo_site.site.parent) + "site/"
    watched = watched_page()
    page = watched.page
    page.goto(root + "sources/")
    claim = repo_site.claims[-1]
    hrefs = _search(page, claim.claim)
    assert all(h.startswith(root) for h in hrefs) and root + f"claims/{claim.id}/" in hrefs
    assert watched.problems() == []


def test_the_browser_splits_words_as_the_build_does(repo_url: str, watched_page: Callable[[], Any]) -> None:
    from factcheck.site.search.tokens import tokens

    samples = ["Zelenskyy’s 11,000 troops — 2.5% of “Kursk”", "Erdoğan, Šefčovič, Łukasz, Müller, Sánchez",
               "STRASSE Straße ΣΟΦΟΣ σοφός İstanbul ǅemal ﬁne ² ½ Ⅻ ①", "a b c 5 x_y covid-19 3.14.15 1,5,",
               "Київ Харків Запоріжжя", "東京都 北京 서울", "ذهب إلى الكرملين", "x" * 95, "𝐁𝐨𝐥𝐝 𝟏𝟐 e\u0301te\u0301",
               "क्षेत्र में हमला", HOSTILE_TEXT]
    watched = watched_page()
    watched.page.goto(repo_url)
    browser = watched.page.evaluate("samples => samples.map(s => window.factcheckSearch.tokens(s))", samples)
    assert browser == [tokens(s) for s in samples]
    assert watched.problems() == []


def test_search_works_by_keyboard(repo_site: BuiltSite, repo_url: str, watched_page: Callable[[], Any]) -> None:
    watched = watched_page()
    page = watched.page
    page.goto(repo_url)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "fc-search-input"
    assert page.locator("dialog.fc-search__dialog[open]").count() == 1
    claim = repo_site.claims[0]
    word = max(claim.claim.split(), key=len).strip(".,;:\"'“”’")
    page.keyboard.type(word)
    page.wait_for_selector(".fc-search__results a", timeout=15000)
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and page.evaluate("document.activeElement.classList.contains('fc-hit__link')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "fc-search-input"
    page.keyboard.press("Escape")
    assert page.locator("dialog.fc-search__dialog[open]").count() == 0
    assert page.evaluate("document.activeElement.hasAttribute('data-fc-search-open')")  # focus goes back
    page.keyboard.press("Enter")  # on the search button: opens it again, the query still there
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/claims/**")
    assert page.url.endswith(first.lstrip("/")) or first in page.url
    assert watched.problems() == []


def test_no_page_scrolls_sideways_on_a_phone(repo_site: BuiltSite, repo_url: str,
                                             watched_page: Callable[[], Any]) -> None:
    """At 390 px wide nothing makes the page itself wider than the screen: wide tables scroll in
    their own box (and say so), the evidence map reads as a list."""
    watched = watched_page()
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    wider = []
    for path in _page_paths(repo_site):
        page.goto(repo_url + path, wait_until="load")
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        if width > 390:
            wider.append(f"{path or '/'}: {width}px")
        for box in page.locator(".fc-table-wrap.fc-scrolls").all():  # a scrolling table is announced
            assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region", path
            assert page.locator(".fc-scroll-cue:visible").count() >= 1, path
    assert wider == []
    page.goto(repo_url + "evidence-map/")
    assert page.locator("ol.fc-map-list").is_visible() and not page.locator("table.fc-map").is_visible()
    assert watched.problems() == []
