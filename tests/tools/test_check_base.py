"""`python build.py check --base REV`: a published claim whose claim, verdict or evidence changed
since REV needs a new corrections entry; nothing else does. On real git repositories."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from .conftest import ALPHA, ARRESTS, BETA, BUDGET, LIBRARIES, Repo, make_repo

CORRECTION = "corrections:\n  - date: 2025-01-09\n    note: The verdict was changed.\n"


@pytest.fixture
def desk(tmp_path: Path) -> Repo:
    """A repository whose corrections rule is an error, committed on main; branch 'review'."""
    repo = make_repo(tmp_path / "desk", commit=False)
    repo.write("schema/policy.yaml", "corrections: error\nreview: off\npublished-date: off\nsingle-source: off\n")
    from .conftest import git

    git(repo.root, "init", "-q", "-b", "main")
    git(repo.root, "config", "user.name", "Test Analyst")
    git(repo.root, "config", "user.email", "analyst@example.org")
    repo.commit("the desk")
    repo.git("checkout", "-q", "-b", "review")
    return repo


def check(repo: Repo, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    status, out, err = repo.run(capsys, "check", "--base", "main", *args)
    return status, [line for line in out.splitlines() if "[needs-correction]" in line], out + err


def test_nothing_changed_nothing_needed(desk: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    status, found, out = check(desk, capsys)
    assert (status, found) == (0, []), out


def test_a_changed_verdict_needs_a_correction_entry(desk: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    desk.write("claims/budget-approved-monday.yaml", BUDGET.replace("verdict: supported", "verdict: disputed"))
    status, found, out = check(desk, capsys)
    assert status == 1
    line = BUDGET.splitlines().index("verdict: supported") + 1
    assert found == [f"claims/budget-approved-monday.yaml:{line}:1: error[needs-correction] this fact-check "
                     "was published at main and has changed since (the verdict changed), but it has no new "
                     "'corrections' entry: a published fact-check is never changed silently"], out
    # the suggestion is an entry to paste, saying what changed
    assert "    corrections:\n      - date: " in out
    assert '    note: "The verdict was changed from Supported to Disputed."' in out
    # given the entry, the check passes
    desk.write("claims/budget-approved-monday.yaml",
               BUDGET.replace("verdict: supported", "verdict: disputed") + CORRECTION)
    status, found, out = check(desk, capsys)
    assert (status, found) == (0, []), out


def test_a_claim_corrected_before_needs_one_more_entry(desk: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    desk.write("claims/budget-approved-monday.yaml", BUDGET + CORRECTION)
    desk.commit("a first correction")
    desk.git("branch", "-f", "main")
    changed = BUDGET.replace("verdict: supported", "verdict: contradicted") + CORRECTION
    desk.write("claims/budget-approved-monday.yaml", changed)
    status, found, out = check(desk, capsys)
    assert status == 1 and len(found) == 1 and "add an entry at the end of 'corrections'" in out
    desk.write("claims/budget-approved-monday.yaml",
               changed + "  - date: 2025-01-10\n    note: Contradicted after all.\n")
    assert check(desk, capsys)[:2] == (0, [])


def test_removed_evidence_needs_a_correction(desk: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    trimmed = LIBRARIES.replace("  - source: alpha\n    quote: The council will meet again in March.\n"
                                "    stance: context\n", "")
    desk.write("claims/libraries-cut-12-percent.yaml", trimmed)
    status, found, _ = check(desk, capsys)
    evidence_line = LIBRARIES.splitlines().index("evidence:") + 1
    assert status == 1 and len(found) == 1
    assert found[0].startswith(f"claims/libraries-cut-12-percent.yaml:{evidence_line}:1: ")
    assert "citation 2 was removed (\u201cThe council will meet again in March.\u201d)" in found[0]


@pytest.mark.parametrize("edit,what", [
    (lambda t: t.replace("stance: supports", "stance: refutes"), "citation 1 has the stance refutes (was supports)"),
    (lambda t: t.replace("    stance: context\n", "    stance: context\n  - source: beta\n"
                         "    quote: Residents said the streets were calm by morning.\n    stance: context\n"),
     "citation 3 was added"),
    (lambda t: t.replace("claim: The budget cuts libraries by 12 percent.",
                         "claim: The budget cuts libraries by 20 percent."), "the claim was reworded"),
])
def test_a_stance_an_added_citation_or_new_wording_needs_a_correction(
        desk: Repo, capsys: pytest.CaptureFixture[str], edit, what: str) -> None:  # type: ignore[no-untyped-def]
    desk.write("claims/libraries-cut-12-percent.yaml", edit(LIBRARIES))
    status, found, out = check(desk, capsys)
    assert status == 1 and len(found) == 1 and what in found[0], out


def test_another_occurrence_of_the_same_words_is_another_passage(desk: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    # "40 arrests" occurs twice in beta: the police's count, then the spokesman's words.
    before = ARRESTS.replace("quote: 40 arrests were made overnight", "quote: 40 arrests\n    prefix: 'reported '")
    desk.write("claims/police-made-40-arrests.yaml", before)
    desk.commit("cite the police's count")
    desk.git("branch", "-f", "main")
    desk.write("claims/police-made-40-arrests.yaml", before.replace("prefix: 'reported '", "prefix: 'said '"))
    status, found, out = check(desk, capsys)
    assert status == 1 and "citation 1 now cites another occurrence of its quote" in found[0], out


@pytest.mark.parametrize("edit", [
    # YAML style: comments, quoting, flow or block style, key order, a folded claim
    lambda t: "# reviewed again\n" + t.replace("quote: 40 arrests were made overnight",
                                               "quote: '40 arrests were made overnight'"),
    lambda t: t.replace("claim: Police made 40 arrests overnight.\n",
                        "claim: >-\n  Police made 40 arrests\n  overnight.\n"),
    # offsets, a prefix or a note added that resolve to the same passage
    lambda t: t.replace("    stance: supports\n", f"    start: {BETA.split('---', 2)[2][1:].index('40 arrests were')}\n"
                        f"    end: {BETA.split('---', 2)[2][1:].index('40 arrests were') + 30}\n"
                        "    prefix: 'said '\n    note: the spokesman's words\n    stance: supports\n"),
    # what the rule leaves out: summary, tags, related
    lambda t: t.replace("summary: The spokesman gave the number and the time.",
                        "summary: The spokesman gave the number, and the time.\ntags: [police]\n"
                        "related: [budget-approved-monday]"),
])
def test_style_offsets_notes_summary_tags_and_related_need_none(
        desk: Repo, capsys: pytest.CaptureFixture[str], edit) -> None:  # type: ignore[no-untyped-def]
    desk.write("claims/police-made-40-arrests.yaml", edit(ARRESTS))
    status, found, out = check(desk, capsys)
    assert "error[" not in out and (status, found) == (0, []), out


def test_a_corrected_source_moves_passages_without_changing_them(desk: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    desk.write("seeds/alpha.txt", "Updated at 9am.\n" + ALPHA)
    assert desk.run(capsys, "fix")[0] == 0  # re-anchors the stale offsets
    status, found, out = check(desk, capsys)
    assert (status, found) == (0, []), out


def test_drafts_new_and_deleted_claims_need_none(desk: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    desk.write("claims/police-made-40-arrests.yaml", ARRESTS + "status: draft\n")
    desk.commit("a draft")
    desk.git("branch", "-f", "main")
    # the draft's verdict changes, a new claim appears, a published claim is deleted
    desk.write("claims/police-made-40-arrests.yaml",
               ARRESTS.replace("verdict: supported", "verdict: disputed") + "status: draft\n")
    desk.write("claims/calm-by-morning.yaml", ARRESTS.replace("40 arrests were made overnight",
                                                               "the streets were calm by morning"))
    desk.remove("claims/budget-approved-monday.yaml")
    status, found, out = check(desk, capsys)
    assert (status, found) == (0, []), out
    # ...and the draft, once published, is a new publication: still nothing to correct
    desk.write("claims/police-made-40-arrests.yaml", ARRESTS.replace("verdict: supported", "verdict: disputed"))
    assert check(desk, capsys)[:2] == (0, [])


@pytest.mark.parametrize("revision", ["no-such-branch", "main~5", "--not-an-option", "", "two\nlines"])
def test_a_revision_git_cannot_read_is_exit_2_in_one_line(desk: Repo, capsys: pytest.CaptureFixture[str],
                                                           revision: str) -> None:
    status, out, err = desk.run(capsys, "check", f"--base={revision}")
    assert status == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("build.py: error: --base: ")


def test_outside_a_git_repository_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = make_repo(tmp_path / "plain", commit=False)
    status, _, err = plain.run(capsys, "check", "--base", "main")
    assert status == 2 and err.count("\n") == 1 and "--base" in err


def test_reads_git_only_writes_nothing_and_works_per_file_and_in_parallel(
        desk: Repo, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("TMPDIR", str(scratch))
    desk.write("claims/budget-approved-monday.yaml", BUDGET.replace("verdict: supported", "verdict: disputed"))
    before = desk.git("status", "--porcelain", "--ignored")
    serial = check(desk, capsys, "--jobs", "1")
    assert check(desk, capsys, "--jobs", "2")[:2] == serial[:2] and len(serial[1]) == 1
    named = check(desk, capsys, "claims/budget-approved-monday.yaml")
    assert named[:2] == serial[:2]
    assert check(desk, capsys, "claims/police-made-40-arrests.yaml")[:2] == (0, [])
    assert desk.git("status", "--porcelain", "--ignored") == before
    assert os.listdir(scratch) == []
