"""Building: `python build.py` checks then builds into site/, swaps it in only when the whole build
succeeded, gives the same pages twice, honours drafts, and `mkdocs build --strict` works too."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from site_support import PageScan, copy_project, passing_check, write_claim

from factcheck.checker import Project
from factcheck.cli import main
from factcheck.site.build import SiteBuildError, build_into, build_site


def small_project(root: Path) -> Path:
    """The repository's sources, schema and docs with two claims of its own (one a draft)."""
    copy_project(root, with_claims=False)
    source = Project(root).library
    seed = source.ids[0]
    first_line = source.get(seed).body.split("\n")[0]
    write_claim(root, "published-claim", {
        "claim": "A published claim.", "claimant": "Someone", "claim_date": "2025-01-05", "verdict": "supported",
        "summary": "It is **so**.", "related": ["draft-claim"], "tags": ["test-tag"],
        "evidence": [{"source": seed, "quote": first_line[:40].strip(), "stance": "supports"}],
    })
    write_claim(root, "draft-claim", {
        "claim": "A claim still in draft.", "claimant": "Someone else", "verdict": "unverifiable",
        "summary": "Not yet.", "status": "draft", "related": ["published-claim"],
        "evidence": [{"source": seed, "quote": first_line[:40].strip(), "stance": "context"}],
    })
    return root


def files_of(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-"))


def test_build_command_checks_then_builds_into_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small_project(tmp_path / "project")
    assert main(["--root", str(root)]) == 0
    report = capsys.readouterr().out.strip()
    assert report.startswith("built site/ : 1 claim, ") and report.endswith(" s")
    assert (root / "site" / "claims" / "published-claim" / "index.html").is_file()
    assert leftovers(root) == []


def test_a_failed_check_leaves_the_previous_site_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small_project(tmp_path / "project")
    assert main(["--root", str(root)]) == 0
    before = files_of(root / "site")
    claim = root / "claims" / "published-claim.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("claim:", "qoute: x\nclaim:", 1), encoding="utf-8")
    assert main(["--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "unknown key 'qoute'" in err and "site/ was left as it was" in err
    assert files_of(root / "site") == before
    assert leftovers(root) == []


def test_a_failed_mkdocs_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    root = small_project(tmp_path / "project")
    project, result = passing_check(root)
    build_site(project, result)
    before = files_of(root / "site")
    (root / "docs" / "methodology.md").write_text("# M\n\nSee [a page that is not there](nowhere.md).\n")
    with pytest.raises(SiteBuildError) as failure:
        build_site(project, result)
    assert "nowhere.md" in str(failure.value)
    assert files_of(root / "site") == before
    assert leftovers(root) == []


def test_an_unknown_block_in_a_hand_written_page_is_an_error(tmp_path: Path) -> None:
    root = small_project(tmp_path / "project")
    (root / "docs" / "methodology.md").write_text("# M\n\n<!-- factcheck:no-such-block -->\n")
    project, result = passing_check(root)
    with pytest.raises(SiteBuildError, match="unknown block <!-- factcheck:no-such-block -->"):
        build_site(project, result)
    assert not (root / "site").exists() and leftovers(root) == []


def test_a_hand_written_page_cannot_take_the_place_of_a_generated_one(tmp_path: Path) -> None:
    root = small_project(tmp_path / "project")
    (root / "docs" / "verdicts.md").write_text("# Mine\n")
    project, result = passing_check(root)
    with pytest.raises(SiteBuildError, match="verdicts.md has the path of a generated page"):
        build_site(project, result)


def test_a_project_without_mkdocs_yml_cannot_build(tmp_path: Path) -> None:
    root = small_project(tmp_path / "project")
    (root / "mkdocs.yml").unlink()
    project, result = passing_check(root)
    with pytest.raises(SiteBuildError, match="mkdocs.yml not found"):
        build_site(project, result)


def test_two_builds_of_the_same_input_are_identical(tmp_path: Path) -> None:
    root = small_project(tmp_path / "project")
    project, result = passing_check(root)
    first = build_into(project, result, tmp_path / "first")
    again = Project(root)
    second = build_into(again, again.check(), tmp_path / "second")
    comparison = filecmp.dircmp(first, second)
    different: list[str] = []

    def collect(cmp: filecmp.dircmp, prefix: str = "") -> None:
        different.extend(prefix + n for n in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            collect(sub, f"{prefix}{name}/")

    collect(comparison)
    assert files_of(first) == files_of(second), different


def test_drafts_are_published_only_when_asked(tmp_path: Path) -> None:
    root = small_project(tmp_path / "project")
    project, result = passing_check(root)
    build_site(project, result)
    site = root / "site"
    assert not (site / "claims" / "draft-claim").exists()
    published = (site / "claims" / "published-claim" / "index.html").read_text(encoding="utf-8")
    assert "draft-claim" not in published  # no link to an unpublished claim
    assert "draft-claim" not in (site / "claims.json").read_text(encoding="utf-8")

    assert main(["--root", str(root), "--drafts"]) == 0  # python build.py --drafts
    draft = (site / "claims" / "draft-claim" / "index.html").read_text(encoding="utf-8")
    assert "not published yet" in draft
    assert 'href="../draft-claim/"' in (site / "claims" / "published-claim" / "index.html").read_text(encoding="utf-8")


def test_hostile_summary_in_claims_json_stays_data(hostile_site) -> None:  # type: ignore[no-untyped-def]
    import json

    from site_support import HOSTILE_TEXT

    data = json.loads((hostile_site.site / "claims.json").read_text(encoding="utf-8"))
    hostile = next(c for c in data["claims"] if c["id"] == "hostile-claim")
    assert hostile["claim"] == "Hostile claim " + HOSTILE_TEXT


def test_hostile_text_is_escaped_in_title_description_and_json_ld(hostile_site) -> None:  # type: ignore[no-untyped-def]
    from site_support import HOSTILE_TEXT

    html = hostile_site.html("claims/hostile-claim")
    scan = PageScan(html)
    assert scan.title.startswith("Disputed: Hostile claim " + HOSTILE_TEXT.split("{%")[0].strip()[:20])
    assert "<script>window.__pwned" in scan.title  # shown literally: the parser saw text, not a tag
    assert scan.description is not None and scan.description.startswith("Disputed. Summary <script>")
    reviews = scan.json_ld()
    assert len(reviews) == 1 and reviews[0]["claimReviewed"] == "Hostile claim " + HOSTILE_TEXT
    assert scan.event_handlers == []
    assert [s for s in scan.scripts if "__pwned" in s[1] and s[0].get("type") != "application/ld+json"] == []
    assert "tracker.invalid" not in html


def test_mkdocs_build_strict_works_directly_and_runs_the_check(tmp_path: Path) -> None:
    root = small_project(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")],
                          cwd=root, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "claims" / "published-claim" / "index.html").is_file()
    assert list((root / "docs").rglob("*")) == list((root / "docs").rglob("*"))

    claim = root / "claims" / "published-claim.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("verdict: supported", "verdict: true-ish"))
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out2")],
                          cwd=root, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode != 0
    assert "claims/published-claim.yaml" in done.stderr and "true-ish" in done.stderr


def test_a_claim_is_shown_in_quotation_marks_only_when_it_is_a_quotation(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The methodology's rule: quotation marks only for quotations of the claimant. An article's
    own sentence is quoted when the article (its outlet) is the claimant, not when it is the
    article's account of someone else; words the article itself puts in quotation marks are
    quoted (curly or straight marks, any case); the desk's own wording is not, and says so."""
    root = copy_project(tmp_path / "project", with_claims=False)
    library = Project(root).library
    [seed] = [s for s in library.ids if library.get(s).meta.get("outlet") == "Newsweek"]
    body = library.get(seed).body
    sentence = next(line for line in body.split("\n") if len(line) > 40 and "\u201c" not in line
                    and '"' not in line).split(". ")[0]
    quoted = max(re.findall(r"[\u201c\"]([^\u201c\u201d\"\n]{30,})[\u201d\"]", body), key=len)
    def claim(text: str, claimant: str, quote: str) -> dict[str, object]:
        return {"claim": text, "claimant": claimant, "verdict": "unverifiable", "summary": "Checked.",
                "evidence": [{"source": seed, "quote": quote, "stance": "context"}]}
    write_claim(root, "the-outlets-own-words", claim(sentence.replace("\u2019", "'") + ".", "Newsweek", sentence))
    write_claim(root, "its-account-of-someone", claim(sentence + ".", "Someone, as reported by Newsweek", sentence))
    write_claim(root, "words-it-quotes", claim(quoted[0].swapcase() + quoted[1:], "Someone", quoted))
    write_claim(root, "worded-by-the-desk", claim("An article says something like this.", "Someone", sentence))
    assert main(["--root", str(root)]) == 0
    def page(claim_id: str) -> tuple[str, str]:
        html = (root / "site" / "claims" / claim_id / "index.html").read_text(encoding="utf-8")
        heading = re.search(r'<h1 class="fc-claim-title">(.*?)</h1>', html, re.S)
        assert heading is not None, claim_id
        return unescape(heading.group(1)), html

    for claim_id in ("the-outlets-own-words", "words-it-quotes"):
        heading, html = page(claim_id)
        assert heading.startswith("\u201c") and heading.endswith("\u201d"), claim_id
        assert "not a verbatim quotation" not in html, claim_id
    assert sentence.replace("\u2019", "'") in page("the-outlets-own-words")[0]
    for claim_id in ("its-account-of-someone", "worded-by-the-desk"):
        heading, html = page(claim_id)
        assert not heading.startswith("\u201c"), claim_id
        assert "Worded by the desk, not a verbatim quotation of the claimant." in html, claim_id
