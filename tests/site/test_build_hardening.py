"""What a hostile or careless repository can do to the build: each case once broke it."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from site_support import REPO, copy_project, write_claim

from factcheck.checker import Project
from factcheck.cli import main
from factcheck.site.build import process_tag, remove_stale_leftovers

BUILD = [sys.executable, str(REPO / "build.py")]


def a_claim(root: Path, claim_id: str, **extra: object) -> None:
    library = Project(root).library
    seed = library.ids[0]
    quote = library.get(seed).body.split("\n")[0][:40].strip()  # type: ignore[union-attr]
    write_claim(root, claim_id, {"claim": "A claim.", "claimant": "Someone", "verdict": "supported",
                                 "summary": "It is so.", "evidence": [{"source": seed, "quote": quote,
                                                                       "stance": "supports"}], **extra})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project", with_claims=False)
    a_claim(root, "a-claim")
    return root


def build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BUILD, "--root", str(root)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})


# --- 3: the published site is readable by a web server running as another user ----------------------

def test_site_gets_the_mode_plain_mkdocs_gives_it(project: Path) -> None:
    old = os.umask(0o022)
    try:
        assert main(["--root", str(project)]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((project / "site").stat().st_mode) == 0o755  # mkdtemp made it 0700
    assert stat.S_IMODE((project / "site" / "index.html").stat().st_mode) == 0o644


# --- 9: configuration errors exit 2 -----------------------------------------------------------------

@pytest.mark.parametrize("config,message", [
    (None, "mkdocs.yml not found"),
    ("site_name: [unclosed\n", "mkdocs.yml is not valid"),
    ("site_name: Desk\ntheme:\n  name: material\n", "must list the 'factcheck' plugin"),
])
def test_a_broken_missing_or_pluginless_mkdocs_yml_exits_2(project: Path, config: str | None,
                                                          message: str) -> None:
    if config is None:
        (project / "mkdocs.yml").unlink()
    else:
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("previous build")
    run = build(project)
    assert run.returncode == 2, run.stderr
    assert message in run.stderr and "Traceback" not in run.stderr
    assert str(project) not in run.stderr  # no absolute path of the machine
    assert (project / "site" / "index.html").read_text() == "previous build"


def test_mkdocs_yml_linked_out_of_the_repository_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_bytes((project / "mkdocs.yml").read_bytes())
    (project / "mkdocs.yml").unlink()
    (project / "mkdocs.yml").symlink_to(outside)
    run = build(project)
    assert run.returncode == 2 and "cannot read mkdocs.yml: it is a symbolic link" in run.stderr


# --- 7: what check passes, the build builds ------------------------------------------------------------

def test_reserved_ids_fail_the_check_not_the_build(project: Path) -> None:
    a_claim(project, "index")
    (project / "seeds" / "README.md").write_text("A body.\n", encoding="utf-8")
    run = build(project)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "claims/index.yaml:1:1: error[bad-claim-id]" in run.stderr
    assert "seeds/README.md:1:1: error[bad-source-id]" in run.stderr


# --- 11: control characters never reach <title> raw ----------------------------------------------------

def test_control_characters_in_claim_text_never_reach_the_page(project: Path) -> None:
    a_claim(project, "controls", claim="Bell\x07 and escape\x1b[31m and NUL-free C1\x9b here")
    assert main(["--root", str(project)]) == 0
    page = (project / "site" / "claims" / "controls" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and "\ufffd" in title.group(1)
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]", page)


# --- 14: leftovers of a killed build whose process id came back ------------------------------------

def test_a_leftover_whose_process_id_was_reused_is_removed(tmp_path: Path) -> None:
    """In a container each build may be the same process id (1, 7, ...): the id of a killed
    build is alive again, in a later build or in another process. Named with the process's start
    time, the leftover is told apart from a running build's and removed."""
    mine = process_tag()
    pid, started = mine.split("t")
    reused = f".site-new-{pid}t{int(started) - 1}-abc"  # this id, an earlier process
    other = f".site-old-1t{int(started) + 10**9}-def"  # process 1 is alive; this one never was
    running = f".site-new-{mine}-ghi"  # this very process's
    for name in (reused, other, running):
        (tmp_path / name).mkdir()
    assert sorted(remove_stale_leftovers(tmp_path)) == sorted([reused, other])
    assert sorted(p.name for p in tmp_path.iterdir()) == [running]


def test_a_build_names_its_directory_with_its_start_time(project: Path) -> None:
    tag = process_tag()
    assert re.fullmatch(r"[0-9]+t[0-9]+", tag), tag


def test_a_page_of_docs_linked_out_of_the_repository_is_not_published(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("SECRET-d0c5-not-for-the-site\n", encoding="utf-8")
    (project / "docs" / "leak.md").symlink_to(secret)
    run = build(project)
    assert run.returncode == 1 and "docs/leak.md: it is a symbolic link" in run.stderr, run.stderr
    assert not (project / "site").exists()
    assert str(tmp_path) not in run.stderr
