"""The hand-written guide stays true: its complete example claim passes the checker."""

from __future__ import annotations

import re
from pathlib import Path

from site_support import REPO, copy_project

from factcheck.checker import Project

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/claim.schema.json"


def complete_examples(markdown: str) -> list[str]:
    blocks = re.findall(r"```yaml\n(.*?)```", markdown, re.S)
    return [b for b in blocks if b.startswith(SCHEMA_LINE) and "\nevidence:" in b]


def test_the_example_claim_in_the_guide_passes_the_check(tmp_path: Path) -> None:
    examples = complete_examples((REPO / "handbook" / "writing-claims.md").read_text(encoding="utf-8"))
    assert examples, "handbook/writing-claims.md should show a complete claim"
    root = copy_project(tmp_path / "project", with_claims=False)
    for n, example in enumerate(examples, start=1):
        (root / "claims" / f"guide-example-{n}.yaml").write_text(example, encoding="utf-8")
    result = Project(root).check()
    assert [d for d in result.diagnostics if d.is_error] == []
    assert len(result.checked) == len(examples)
