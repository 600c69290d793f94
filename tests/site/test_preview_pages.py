"""The pages the preview serves are a full build's (pages, exports, source texts, claim files, the
sitemap), once the preview's addition is taken out, with drafts too and over a failed check; and
nothing of the preview is ever in the built site/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from preview_support import generated_project

from factcheck.cli import main as build_py
from factcheck.preview.overlay import START, strip
from factcheck.preview.session import Preview


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same dates in both
    monkeypatch.delenv("FACTCHECK_SITE_URL", raising=False)
    return generated_project(tmp_path / "project", claims=12, seed=5)


@pytest.fixture
def preview(project: Path, tmp_path: Path) -> Iterator[Preview]:
    previewed = Preview(project, drafts=False, workdir=tmp_path / "preview", search=False)
    try:
        yield previewed
    finally:
        previewed.close()


def _built(root: Path) -> dict[str, bytes]:
    """What `python build.py` writes, by path in the site (the search index aside)."""
    shutil.rmtree(root / "site", ignore_errors=True)
    assert build_py(["--root", str(root)]) == 0
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not p.relative_to(site).as_posix().startswith("search/")}


def _served(preview: Preview, site_path: str) -> tuple[int, bytes]:
    url = "/" + (site_path[: -len("index.html")] if site_path.endswith("index.html") else site_path)
    response = preview.respond(url)
    body = response.body
    if site_path.endswith(".html"):
        assert body.count(START.encode()) == 1
        body = strip(body.decode("utf-8")).encode("utf-8")
    return response.status, body


def assert_serves_the_build(preview: Preview, root: Path) -> None:
    """Every file the build writes, as the preview serves it, is the build's."""
    built = _built(root)
    assert built, "the build wrote nothing"
    different = [path for path, content in built.items() if _served(preview, path) != (200, content)]
    assert not different, f"{len(different)} of {len(built)} files differ from the build's, e.g. {different[:5]}"


def _claims(root: Path) -> list[Path]:
    return sorted((root / "claims").glob("*.yaml"))


def _unrelated_published_claim(root: Path) -> Path:
    """A published claim no other claim lists as related."""
    texts = {p: p.read_text(encoding="utf-8") for p in _claims(root)}
    return next(p for p, t in texts.items() if "status: draft" not in t
                and not any(f"- {p.stem}\n" in other for other in texts.values()))


def test_every_file_is_the_builds_with_drafts_too(project: Path, tmp_path: Path) -> None:
    """(Each kind of edit is compared in tests/site/test_preview_browser.py.)"""
    draft = _unrelated_published_claim(project)
    draft.write_text(draft.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    preview = Preview(project, drafts=True, workdir=tmp_path / "drafts", search=False)
    try:
        assert preview.update()
        shutil.rmtree(project / "site", ignore_errors=True)
        assert build_py(["--root", str(project), "build", "--drafts"]) == 0
        site = project / "site"
        built = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
                 if p.is_file() and not p.relative_to(site).as_posix().startswith("search/")}
        drafts = [p for p in _claims(project) if "status: draft" in p.read_text(encoding="utf-8")]
        assert drafts and all(f"claims/{p.stem}/index.html" in built for p in drafts)
        different = [path for path, content in built.items() if _served(preview, path) != (200, content)]
        assert not different, different[:5]
    finally:
        preview.close()


def test_a_failed_check_keeps_the_last_good_pages_with_the_problems_over_them(
        project: Path, preview: Preview) -> None:
    preview.update()
    claim = _unrelated_published_claim(project)
    before = preview.respond(f"/claims/{claim.stem}/").body
    original = claim.read_text(encoding="utf-8")
    claim.write_text(original.replace("summary: |\n", "summary: |\n  Not saved yet.\n", 1)
                     .replace("verdict:", "\"<script>window.__pwned=1</script>\": x\nverdict:", 1), encoding="utf-8")
    assert preview.update()
    shown = preview.respond(f"/claims/{claim.stem}/").body.decode("utf-8")
    assert strip(shown) == strip(before.decode("utf-8"))  # the last good page
    assert "Not saved yet" not in shown
    assert f"claims/{claim.name}:" in shown and "unknown key" in shown
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in shown and "<script>window.__pwned" not in shown
    assert 'role="alert"' in shown

    claim.write_text(original, encoding="utf-8")
    assert preview.update()
    assert 'role="alert"' not in preview.respond(f"/claims/{claim.stem}/").body.decode("utf-8")
    assert_serves_the_build(preview, project)


def test_nothing_of_the_preview_reaches_the_built_site(project: Path, preview: Preview) -> None:
    preview.update()
    for path in _claims(project)[:3]:
        preview.respond(f"/claims/{path.stem}/")
    built = _built(project)
    leaked = [path for path, content in built.items()
              if b"factcheck-preview" in content or b"fcp-" in content]
    assert not leaked
    assert not any(p.name.startswith(".") or "preview" in p.name for p in (project / "site").iterdir())
