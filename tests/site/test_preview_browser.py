"""The live preview in a real browser (chromium): the problems of a broken save appear over the
last good page and leave when it is fixed; and after each kind of edit (a claim's summary, a
quote, a source, a docs/ page, mkdocs.yml, a deleted and a renamed claim) the page the browser
reloads, and every other file of the site, is the one `python build.py` writes for the same
files (with the preview's addition taken out, and the build's dates fixed)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from preview_support import edit, generated_project, running_preview, status

from factcheck.cli import main as build_py
from factcheck.preview.overlay import strip
from factcheck.preview.session import Session
from factcheck.sources import split_front_matter

EPOCH = re.compile(r"var epoch = ([0-9]+),")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same dates in preview and build
    monkeypatch.delenv("FACTCHECK_SITE_URL", raising=False)
    return generated_project(tmp_path / "project", claims=8, seed=5)


@pytest.fixture
def session(project: Path, tmp_path: Path) -> Iterator[Session]:
    with running_preview(project, tmp_path / "preview") as running:
        yield running


def _reloaded(page: Any, session: Session, change: Callable[[], None]) -> str:
    """Make ``change`` and return the document the browser reloads once the preview has
    checked it (the reload of the last round, if a save made more than one)."""
    seen = session.preview.epoch.value
    with page.expect_navigation(timeout=30_000) as navigation:
        change()
    document = navigation.value.text()
    while (shown := int(EPOCH.search(document).group(1))) <= seen or shown < session.preview.epoch.value:
        with page.expect_navigation(timeout=30_000) as navigation:
            pass
        document = navigation.value.text()
    return document


def _built(root: Path) -> dict[str, bytes]:
    """What `python build.py` writes for the project now, by path in the site (search aside)."""
    shutil.rmtree(root / "site", ignore_errors=True)
    assert build_py(["--root", str(root)]) == 0
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not p.relative_to(site).as_posix().startswith("search/")}


def _site_path(url_path: str) -> str:
    return url_path + "index.html" if url_path.endswith("/") or not url_path else url_path


def _assert_the_build(session: Session, root: Path, shown: str, shown_path: str) -> None:
    built = _built(root)
    assert strip(shown) == built[_site_path(shown_path)].decode("utf-8")
    different = []
    for path, content in built.items():  # and every other file, as the preview serves it
        url = "/" + (path[: -len("index.html")] if path.endswith("index.html") else path)
        response = session.preview.respond(url)
        body = strip(response.body.decode("utf-8")).encode("utf-8") if path.endswith(".html") else response.body
        if (response.status, body) != (200, content):
            different.append(path)
    assert not different, f"{len(different)} of {len(built)} files differ from the build's: {different[:5]}"


def _claims(root: Path) -> list[Path]:
    return sorted((root / "claims").glob("*.yaml"))


def _unrelated_published_claims(root: Path) -> list[Path]:
    """Published claims no other claim lists as related (deleting one breaks nothing)."""
    texts = {p: p.read_text(encoding="utf-8") for p in _claims(root)}
    return [p for p, t in texts.items() if "status: draft" not in t
            and not any(f"- {p.stem}\n" in other for other in texts.values())]


def _shorter_quote(root: Path, claim: Path) -> tuple[str, str]:
    """One of the claim's quotes given without offsets or prefix, as written in the file, and
    a shorter one of the same passage that occurs exactly once in its source."""
    text = claim.read_text(encoding="utf-8")
    for citation in yaml.safe_load(text)["evidence"]:
        quote = citation["quote"]
        if {"start", "prefix", "suffix"} & citation.keys() or len(quote.split(" ")) < 6:
            continue
        seed = next(p for p in (root / "seeds").iterdir() if p.stem == citation["source"])
        body = split_front_matter(seed.read_text(encoding="utf-8"))[1]
        shorter = " ".join(quote.split(" ")[:-2])
        for written in (f"quote: {quote}\n", f"quote: {json.dumps(quote, ensure_ascii=False)}\n"):
            if text.count(written) == 1 and body.count(shorter) == 1:
                return written, f"quote: {json.dumps(shorter, ensure_ascii=False)}\n"
    raise LookupError(claim.name)


def _quoted_claim(root: Path) -> Path:
    for claim in _unrelated_published_claims(root):
        try:
            _shorter_quote(root, claim)
            return claim
        except LookupError:
            continue
    raise AssertionError("no generated claim has a quote to shorten")


def test_the_page_shown_is_a_full_builds_after_each_kind_of_edit(
        project: Path, session: Session, watched_page: Callable[[], Any]) -> None:
    page = watched_page().page
    claim = _quoted_claim(project)
    url = f"claims/{claim.stem}/"
    page.goto(session.url + url)

    shown = _reloaded(page, session, lambda: edit(claim, "summary: |\n", "summary: |\n  Added just now.\n"))
    assert "Added just now." in shown
    _assert_the_build(session, project, shown, url)

    old, new = _shorter_quote(project, claim)
    shown = _reloaded(page, session, lambda: edit(claim, old, new))
    _assert_the_build(session, project, shown, url)

    cited = yaml.safe_load(claim.read_text(encoding="utf-8"))["evidence"][0]["source"]
    seed = next(p for p in (project / "seeds").iterdir() if p.stem == cited)

    def retitle() -> None:
        text = seed.read_text(encoding="utf-8")
        seed.write_text(text.replace("---\ntitle: ", "---\ntitle: Renamed ", 1) if text.startswith("---\ntitle:")
                        else "---\ntitle: A title given later\n---\n" + text, encoding="utf-8")

    shown = _reloaded(page, session, retitle)
    assert "Renamed " in shown or "A title given later" in shown
    _assert_the_build(session, project, shown, url)

    page.goto(session.url + "methodology/")
    methodology = project / "docs" / "methodology.md"
    shown = _reloaded(page, session, lambda: methodology.write_text(
        methodology.read_text(encoding="utf-8") + "\nA paragraph added to the docs.\n", encoding="utf-8"))
    assert "A paragraph added to the docs." in shown
    _assert_the_build(session, project, shown, "methodology/")

    config = project / "mkdocs.yml"
    shown = _reloaded(page, session, lambda: config.write_text(re.sub(
        r"(?m)^site_name: .*$", "site_name: The preview's own name", config.read_text(encoding="utf-8")),
        encoding="utf-8"))
    assert "The preview&#39;s own name" in shown or "The preview's own name" in shown
    _assert_the_build(session, project, shown, "methodology/")

    page.goto(session.url)
    deleted, renamed = _unrelated_published_claims(project)[:2]
    shown = _reloaded(page, session, deleted.unlink)
    assert f"claims/{deleted.stem}/" not in shown
    _assert_the_build(session, project, shown, "")

    shown = _reloaded(page, session, lambda: renamed.rename(project / "claims" / "a-renamed-claim.yaml"))
    assert "claims/a-renamed-claim/" in shown and f"claims/{renamed.stem}/" not in shown
    _assert_the_build(session, project, shown, "")


def test_a_broken_save_shows_its_problems_until_it_is_fixed(
        project: Path, session: Session, watched_page: Callable[[], Any]) -> None:
    watched = watched_page()
    page = watched.page
    claim = _unrelated_published_claims(project)[0]
    page.goto(session.url + f"claims/{claim.stem}/")
    assert page.locator("#fcp-panel").count() == 0
    good = page.locator("h1").first.inner_text()
    original = claim.read_text(encoding="utf-8")
    broken = (original.replace("verdict:", '"<script>window.__pwned=1</script>": x\nverdict:', 1)
              .replace("summary: |\n", "summary: |\n  Not published yet.\n", 1))

    _reloaded(page, session, lambda: claim.write_text(broken, encoding="utf-8"))
    panel = page.locator("#fcp-panel")
    assert panel.is_visible()
    assert panel.get_attribute("role") == "alert"
    text = panel.inner_text()
    line = next(n for n, text_line in enumerate(original.split("\n"), start=1)
                if text_line.startswith("verdict:"))  # where the stray key now stands
    assert f"claims/{claim.name}:{line}:1" in text and "unknown key" in text and "ERROR" in text.upper()
    assert "<script>window.__pwned=1</script>" in text  # shown as text...
    assert page.evaluate("window.__pwned") is None  # ...never run
    assert "Not published yet." not in page.content()  # the last good page underneath
    assert page.locator("h1").first.inner_text() == good
    assert page.evaluate("document.activeElement === document.body")  # the focus is left alone

    page.get_by_role("button", name="Hide problems").click()
    assert not panel.is_visible()
    show = page.get_by_role("button", name=re.compile(r"Show problems \(1\)"))
    assert show.is_visible() and page.evaluate("document.activeElement.id") == "fcp-show"
    page.reload()
    assert not page.locator("#fcp-panel").is_visible()  # hidden while the same problems stand
    page.get_by_role("button", name=re.compile("Show problems")).click()
    assert page.locator("#fcp-panel").is_visible()

    _reloaded(page, session, lambda: claim.write_text(broken.replace("Not published yet.", "Fixed now.")
                                                      .replace('"<script>window.__pwned=1</script>": x\n', ""),
                                                      encoding="utf-8"))
    assert page.locator("#fcp-panel").count() == 0
    assert page.get_by_role("button", name=re.compile("Show problems")).count() == 0
    assert "Fixed now." in page.content()
    assert status(session)["errors"] == 0
    assert watched.dialogs == [] and watched.offsite_requests == []

