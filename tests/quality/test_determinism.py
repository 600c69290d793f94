"""Determinism: two builds of the same input are identical file for file.

The second build runs in another directory, later, in another process with another hash seed:
absolute paths, the clock, and set or dict ordering would all show up as differences. Anything
dated takes SOURCE_DATE_EPOCH (the reproducible-builds convention MkDocs follows)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from site_gates import Site, build, differences, tree_digest

STAMP_HOOK = '''
import time

def on_post_page(output, page, config):
    # A fault for the gate to find: every build stamps its pages with the clock.
    return output.replace("</body>", f"<!-- built {time.time_ns()} --></body>")
'''


def second_build(snapshot: Path, where: Path, hook: str | None = None, config: str = "",
                 hash_seed: str = "12345") -> Path:
    root = where / "project-copy"
    shutil.copytree(snapshot, root)
    if hook is not None:
        (root / "stamp_hook.py").write_text(hook, encoding="utf-8")
        config += "\nhooks:\n  - stamp_hook.py\n"
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as file:
        file.write("\n" + config)
    time.sleep(1.1)  # a clock read anywhere in the build now gives another second
    return build(root, PYTHONHASHSEED=hash_seed)


def test_two_builds_of_the_same_input_are_identical(
        built_site: Site, project_snapshot: Path, tmp_path: Path) -> None:
    first = tree_digest(built_site.site)
    second = tree_digest(second_build(project_snapshot, tmp_path / "elsewhere"))
    assert len(first) > 50
    assert differences(first, second) == []


def test_published_configuration_builds_identically(project_snapshot: Path, tmp_path: Path) -> None:
    """With site_url set (as mkdocs.yml says to publish), the sitemap carries dates and the
    ClaimReview absolute URLs: still identical."""
    published = "site_url: https://factcheck.example/desk/\n"
    first = second_build(project_snapshot, tmp_path / "a", config=published, hash_seed="1")
    second = second_build(project_snapshot, tmp_path / "b" / "deeper", config=published, hash_seed="2")
    assert "<lastmod>" in (first / "sitemap.xml").read_text(encoding="utf-8")
    assert differences(tree_digest(first), tree_digest(second)) == []


def test_the_gate_catches_a_build_that_stamps_the_time(
        built_site: Site, project_snapshot: Path, tmp_path: Path) -> None:
    stamped = tree_digest(second_build(project_snapshot, tmp_path, hook=STAMP_HOOK))
    assert "built " in (tmp_path / "project-copy" / "site" / "index.html").read_text(encoding="utf-8")
    found = differences(tree_digest(built_site.site), stamped)
    assert "differs: index.html" in found
    assert f"differs: claims/{built_site.claims[0]['id']}/index.html" in found
