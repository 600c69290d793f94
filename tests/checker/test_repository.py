"""The repository's own fact-check passes its checker, and its claim files are editor-ready."""

from __future__ import annotations

from factcheck.checker import Project
from factcheck.policy import RULES, Level, load_policy

MODELINE = "# yaml-language-server: $schema=../schema/claim.schema.json"


def test_repository_claims_pass_with_no_diagnostics(repo_project: Project) -> None:
    result = repo_project.check()
    assert result.files >= 1
    assert result.diagnostics == []
    assert set(result.checked) == {p.stem for p in repo_project.claim_files()}


def test_the_desk_enforces_sign_off_publication_dates_and_corrections(repo_project: Project) -> None:
    # The desk's own policy (issue "The editorial record"): these three are errors here.
    policy = load_policy(repo_project.root, RULES)
    assert {rule: policy.level(rule) for rule in ("review", "published-date", "corrections")} == {
        "review": Level.ERROR, "published-date": Level.ERROR, "corrections": Level.ERROR}


def test_repository_claims_open_with_the_schema_modeline(repo_project: Project) -> None:
    for path in repo_project.claim_files():
        assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE, path.name


def test_repository_claims_exercise_offsets_prefixes_and_curly_quotes(repo_project: Project) -> None:
    citations = [c for claim in repo_project.check().checked.values() for c in claim.evidence]
    assert any(c.prefix or c.suffix for c in citations)
    assert any("\u201c" in c.quote or "\u2019" in c.quote for c in citations)
    raw = "".join(p.read_text(encoding="utf-8") for p in repo_project.claim_files())
    assert "start:" in raw and "end:" in raw
