"""Site fixtures: sites built once per session from copies of the repository's project."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from factcheck.checker import Project  # noqa: E402
from factcheck.site.build import build_site  # noqa: E402
from site_support import (  # noqa: E402
    HOSTILE, HOSTILE_SOURCE_BODY, HOSTILE_TEXT, REPO, BuiltSite, copy_project, passing_check, snapshot,
    write_claim)


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's own fact-check, built once."""
    root = copy_project(tmp_path_factory.mktemp("repo-site"))
    project, result = passing_check(root)
    docs = snapshot(root / "docs")
    build_site(project, result)
    return BuiltSite(project, result, root / "site", docs)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A project with one claim (and one source) full of text that must never run."""
    root = copy_project(tmp_path_factory.mktemp("hostile-site"), with_claims=False)
    (root / "seeds" / "zz-hostile.txt").write_text(
        "---\n" + yaml.safe_dump({"title": HOSTILE["script"] + " title", "outlet": HOSTILE["img"],
                                  "notes": HOSTILE["close"]}) + "---\n" + HOSTILE_SOURCE_BODY,
        encoding="utf-8")
    seed = next(p.stem for p in sorted((REPO / "seeds").glob("*")) if p.suffix in (".txt", ".md"))
    body = Project(root).library.get(seed).body
    plain_quote = body.split("\n")[0][:60].strip()
    write_claim(root, "hostile-claim", {
        "claim": "Hostile claim " + HOSTILE_TEXT,
        "claimant": "Claimant " + HOSTILE["img"],
        "claim_date": "2025-01-05",
        "verdict": "disputed",
        "summary": "Summary " + HOSTILE_TEXT + "\n\n![tracker](https://tracker.invalid/pixel.png)",
        "evidence": [
            {"source": "zz-hostile", "quote": HOSTILE["script"], "stance": "supports",
             "note": "Note " + HOSTILE_TEXT},
            {"source": "zz-hostile", "quote": HOSTILE["img"], "stance": "refutes"},
            {"source": seed, "quote": plain_quote, "stance": "context"},
        ],
        "tags": ["hostile"],
        "related": ["plain-claim"],
        "analyst": "Analyst " + HOSTILE["script"],
        "reviewers": ["Reviewer " + HOSTILE["img"]],
        "updated": "2025-01-06",
    })
    write_claim(root, "plain-claim", {
        "claim": "A plain claim.", "claimant": "Someone", "verdict": "supported",
        "summary": "Plain.", "related": ["hostile-claim"],
        "evidence": [{"source": "zz-hostile", "quote": "A source whose text is hostile.", "stance": "supports"}],
    })
    project, result = passing_check(root)
    assert set(result.checked) == {"hostile-claim", "plain-claim"}, result.diagnostics
    docs = snapshot(root / "docs")
    build_site(project, result)
    return BuiltSite(project, result, root / "site", docs)
