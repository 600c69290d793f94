"""The preview re-checks only what a change can affect, and its result is the whole-project
check's, diagnostic for diagnostic, after every kind of change."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from preview_support import edit, generated_project

from factcheck.checker import CheckResult, Project
from factcheck.diagnostics import ConfigurationError
from factcheck.preview.checking import IncrementalCheck
from factcheck.preview.watching import Changes, Snapshot
from factcheck.reporters import format_json


def _same(incremental: CheckResult, root: Path) -> None:
    full = Project(root).check()
    assert format_json(incremental) == format_json(full)
    assert incremental.checked == full.checked


class Follower:
    """An incremental check fed the snapshots a preview would take."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.check = IncrementalCheck(root)
        self.snapshot: Snapshot | None = None

    def update(self) -> CheckResult:
        snapshot = Snapshot.take(self.root)
        changes = Changes.between(self.snapshot, snapshot)
        self.snapshot = snapshot
        return self.check.update(changes)


def _bump(path: Path) -> None:
    """Make sure a rewrite within the same clock tick still shows in the file's stamp."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def test_each_kind_of_change_gives_the_whole_project_check(tmp_path: Path) -> None:
    root = generated_project(tmp_path / "project", claims=40, seed=11, mistakes=0.3)
    follower = Follower(root)
    _same(follower.update(), root)
    claims = sorted((root / "claims").glob("*.yaml"))
    with_problems = {d.file for d in Project(root).check().diagnostics}
    good = [p for p in claims if f"claims/{p.name}" not in with_problems]
    rng = random.Random(3)

    # a claim edited, broken, fixed
    target = good[0]
    edit(target, "summary: |\n", "summary: |\n  Edited first line.\n")
    _bump(target)
    _same(follower.update(), root)
    assert follower.check.rechecked == 1
    original = target.read_text(encoding="utf-8")
    target.write_text(original.replace("verdict:", "qoute: typo\nverdict:", 1), encoding="utf-8")
    _bump(target)
    _same(follower.update(), root)
    target.write_text(original, encoding="utf-8")
    _bump(target)
    _same(follower.update(), root)

    # a claim deleted (another may relate to it), one added, one renamed
    related = [p for p in good if "related:" in p.read_text(encoding="utf-8")]
    if related:
        other = related[0].read_text(encoding="utf-8").split("related:\n  - ")[1].split("\n")[0]
        (root / "claims" / f"{other}.yaml").unlink(missing_ok=True)
        _same(follower.update(), root)
        good = [p for p in good if p.exists()]  # the deleted one may have been among them
    shutil.copy(good[1], root / "claims" / "a-new-claim.yaml")
    _same(follower.update(), root)
    good[2].rename(root / "claims" / "renamed-claim.yaml")
    _same(follower.update(), root)
    assert follower.check.rechecked <= 1

    # a source edited so that the claims citing it fail, another deleted, one added
    seeds = sorted(p for p in (root / "seeds").iterdir() if p.suffix in (".txt", ".md") and p.stem.startswith("src-"))
    text = seeds[0].read_text(encoding="utf-8")
    words = text.split("\n---\n")[-1].split()
    seeds[0].write_text(text.replace(words[len(words) // 2], "REPLACED", 1), encoding="utf-8")
    _same(follower.update(), root)
    seeds[1].unlink()
    _same(follower.update(), root)
    (root / "seeds" / "src-added.txt").write_text("A new article about the ministry said in a statement.\n",
                                                   encoding="utf-8")
    _same(follower.update(), root)

    # the editors' list of source ids, then the schema itself
    (root / "schema" / "sources.schema.json").write_text('{"enum": []}\n', encoding="utf-8")
    _same(follower.update(), root)

    # the whole claims/ directory gone, then back
    saved = tmp_path / "saved-claims"
    shutil.copytree(root / "claims", saved)
    shutil.rmtree(root / "claims")
    # No claims/ is a configuration error for the whole-project check (a build would publish an
    # empty site), and for the preview's too: it says so, and carries on when claims/ is back.
    with pytest.raises(ConfigurationError, match="no claims/ folder"):
        Project(root).check()
    with pytest.raises(ConfigurationError, match="no claims/ folder"):
        follower.update()
    shutil.copytree(saved, root / "claims")
    _same(follower.update(), root)

    # random edits of several claims at once
    for _ in range(3):
        for path in rng.sample(sorted((root / "claims").glob("*.yaml")), 3):
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            del lines[rng.randrange(1, len(lines))]
            path.write_text("".join(lines), encoding="utf-8")
            _bump(path)
        _same(follower.update(), root)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_or_a_huge_file_is_reported_not_read(tmp_path: Path) -> None:
    root = generated_project(tmp_path / "project", claims=5, seed=2)
    follower = Follower(root)
    assert follower.update().ok
    os.mkfifo(root / "claims" / "a-pipe.yaml")  # reading it would wait for a writer for ever
    with open(root / "claims" / "huge.yaml", "wb") as huge:
        huge.truncate(2 * 1024 * 1024 * 1024)  # sparse: 2 GB that take no disk space
    result = follower.update()
    found = {d.file: d for d in result.diagnostics}
    assert "named pipe" in found["claims/a-pipe.yaml"].message
    assert "2,048.0 MB" in found["claims/huge.yaml"].message
    assert result.errors == 2 and result.claims == 5


def test_a_snapshot_updated_from_the_paths_events_name_is_a_fresh_one(tmp_path: Path) -> None:
    root = generated_project(tmp_path / "project", claims=8, seed=4)
    snapshot = Snapshot.take(root)
    claims = sorted((root / "claims").glob("*.yaml"))
    seeds = sorted((root / "seeds").glob("src-*"))

    def touched(*paths: Path) -> None:
        nonlocal snapshot
        snapshot = snapshot.updated(root, {str(p) for p in paths})
        assert snapshot == Snapshot.take(root)

    edit(claims[0], "summary: |\n", "summary: |\n  Changed.\n")
    _bump(claims[0])
    touched(claims[0])
    claims[1].rename(root / "claims" / "moved.yaml")
    touched(claims[1], root / "claims" / "moved.yaml")
    claims[2].unlink()
    seeds[0].write_text("New body.\n", encoding="utf-8")
    _bump(seeds[0])
    touched(claims[2], seeds[0])
    (root / "docs" / "new-page.md").write_text("# New\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    touched(root / "docs" / "new-page.md", root / "mkdocs.yml")
    shutil.rmtree(root / "seeds")
    touched(root / "seeds")
    (root / "seeds").mkdir()
    (root / "seeds" / "again.txt").write_text("Again.\n", encoding="utf-8")
    touched(root / "seeds", root / "seeds" / "again.txt")
    assert Changes.between(Snapshot.take(root), snapshot.updated(root, set())) == Changes()
