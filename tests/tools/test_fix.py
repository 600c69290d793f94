"""`python build.py fix`: stale offsets re-anchored after a source correction, nothing else touched."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.checker import Project
from factcheck.fix import apply_fixes, plan_fixes

from .conftest import ALPHA, ARRESTS, BUDGET, LIBRARIES, Repo, make_repo

CORRECTED = ALPHA.replace("The mayor called", "The mayor, Jane Roe, called")


def offsets(quote: str, body: str = CORRECTED) -> tuple[int, int]:
    at = body.index(quote)
    return at, at + len(quote)


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new) if a != b]


def test_fix_reanchors_shifted_offsets_and_leaves_everything_else_byte_identical(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("seeds/alpha.txt", CORRECTED)
    path = repo.root / "claims/libraries-cut-12-percent.yaml"
    before = path.read_bytes()
    untouched = {p: p.read_bytes() for p in (repo.root / "claims").iterdir() if p != path}
    stat_before = {p: os.stat(p) for p in untouched}
    assert repo.run(capsys, "check")[0] == 1

    status, out, err = repo.run(capsys, "fix")
    assert status == 0, err
    start, end = offsets("cuts libraries by 12 percent")
    old = ALPHA.index("cuts libraries")
    assert (f"claims/libraries-cut-12-percent.yaml:9:5: re-anchored citation 1 (alpha): "
            f"start {old} -> {start}, end {old + 28} -> {end}") in out
    after = path.read_bytes()
    assert changed_lines(before, after) == [
        (f"    start: {old}\n".encode(), f"    start: {start}\n".encode()),
        (f"    end: {old + 28}\n".encode(), f"    end: {end}\n".encode())]
    assert repo.run(capsys, "check")[0] == 0
    # files that needed no change were not rewritten: same bytes, same inode, same mtime
    for other, data in untouched.items():
        assert other.read_bytes() == data
        assert (os.stat(other).st_ino, os.stat(other).st_mtime_ns) == \
            (stat_before[other].st_ino, stat_before[other].st_mtime_ns)
    assert not [p for p in (repo.root / "claims").iterdir() if p.name.startswith(".")]  # no temp files
    # a second run finds nothing to do
    status, out, _ = repo.run(capsys, "fix")
    assert status == 0 and "re-anchored 0 citations in 0 files" in out and path.read_bytes() == after


COMMENTED = f"""\
# yaml-language-server: $schema=../schema/claim.schema.json
# A claim with comments, flow style, odd spacing and key order an analyst chose.
verdict:   mostly-supported    # revisit after the council minutes
claim: "The budget cuts libraries by 12 percent."
claimant: Critics
summary: >-
  Folded summary,
  kept as written.
evidence:
  # first: the figure
  - {{source: alpha, quote: "cuts libraries by 12 percent", start: {ALPHA.index("cuts libraries")}, end: {ALPHA.index("cuts libraries") + 28}, stance: supports}}
  - stance: context
    end:     {ALPHA.index("historic") + 8}   # after the word
    start: {ALPHA.index("historic")}
    quote: historic
    source: alpha
tags: [budget]
"""


@pytest.mark.parametrize("newline,bom", [("\n", b""), ("\r\n", b""), ("\n", b"\xef\xbb\xbf"),
                                         ("\r\n", b"\xef\xbb\xbf")])
def test_fix_keeps_comments_flow_style_key_order_crlf_and_bom(
        repo: Repo, capsys: pytest.CaptureFixture[str], newline: str, bom: bytes) -> None:
    original = bom + COMMENTED.replace("\n", newline).encode("utf-8")
    path = repo.write("claims/commented.yaml", original)
    repo.write("seeds/alpha.txt", CORRECTED)
    status, _, err = repo.run(capsys, "fix", "claims/commented.yaml")
    assert status == 0, err
    after = path.read_bytes()
    assert after.startswith(bom) and after.count(b"\r\n") == original.count(b"\r\n")
    changed = changed_lines(original, after)
    # only the integers changed, each in place
    s1, e1 = offsets("cuts libraries by 12 percent")
    s2, e2 = offsets("historic")
    assert [new for _, new in changed] == [
        line.replace("\n", newline).encode() for line in (
            f"  - {{source: alpha, quote: \"cuts libraries by 12 percent\", start: {s1}, end: {e1}, stance: supports}}\n",
            f"    end:     {e2}   # after the word\n",
            f"    start: {s2}\n")]
    assert repo.run(capsys, "check", "claims/commented.yaml")[0] == 0


def test_dry_run_prints_a_unified_diff_and_writes_nothing(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("seeds/alpha.txt", CORRECTED)
    path = repo.root / "claims/libraries-cut-12-percent.yaml"
    before, stat_before = path.read_bytes(), os.stat(path)
    status, out, _ = repo.run(capsys, "fix", "--dry-run")
    assert status == 0
    old = ALPHA.index("cuts libraries")
    start, end = offsets("cuts libraries by 12 percent")
    assert "--- a/claims/libraries-cut-12-percent.yaml\n+++ b/claims/libraries-cut-12-percent.yaml\n" in out
    assert f"\n-    start: {old}\n-    end: {old + 28}\n+    start: {start}\n+    end: {end}\n" in out
    assert "would re-anchor citation 1" in out and "dry run: would re-anchor 1 citation in 1 file" in out
    assert path.read_bytes() == before and os.stat(path).st_mtime_ns == stat_before.st_mtime_ns


def test_never_guesses_between_occurrences_and_never_changes_a_quote(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    # The correction repeats the cited words before them (two candidates: fix must not choose),
    # and rewords the other cited sentence (its quote is gone: only the analyst can requote).
    corrected = "Earlier, critics said the budget cuts libraries by 12 percent.\n" + ALPHA
    repo.write("seeds/alpha.txt", corrected.replace("The council approved the budget on Monday.",
                                                    "The council passed the budget on Monday."))
    files = {p: p.read_bytes() for p in (repo.root / "claims").iterdir()}
    status, out, err = repo.run(capsys, "fix")
    assert status == 1
    assert ("claims/libraries-cut-12-percent.yaml:9:12: error[offsets-mismatch] citation 1: " in err
            and "not repaired: the quote occurs 2 times: fix will not guess" in err)
    assert ("claims/budget-approved-monday.yaml:10:12: error[quote-not-found] citation 1: " in err
            and "not repaired: the quote no longer occurs in the source" in err)
    assert "re-anchored 0 citations in 0 files of 3; 2 citations left for the analyst" in out
    assert all(path.read_bytes() == data for path, data in files.items())
    assert repo.run(capsys, "check")[0] == 1  # what fix left alone is still an error


def test_a_prefix_picks_the_occurrence_to_reanchor(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    body = "Intro.\nA said 40 arrests. B said 40 arrests.\n"
    repo.write("seeds/gamma.txt", body)
    at = body.index("B said") + 7
    repo.write("claims/b-said.yaml", ARRESTS.replace(
        "  - source: beta\n    quote: 40 arrests were made overnight\n",
        f"  - source: gamma\n    quote: 40 arrests\n    prefix: \"B said \"\n    start: {at}\n    end: {at + 10}\n"))
    assert repo.run(capsys, "check", "claims/b-said.yaml")[0] == 0
    corrected = "Intro, updated.\nA said 40 arrests. B said 40 arrests.\n"
    repo.write("seeds/gamma.txt", corrected)
    status, _, err = repo.run(capsys, "fix", "claims/b-said.yaml")
    assert status == 0, err
    new_at = corrected.index("B said") + 7
    assert f"    start: {new_at}\n    end: {new_at + 10}\n" in repo.read("claims/b-said.yaml")
    assert repo.run(capsys, "check", "claims/b-said.yaml")[0] == 0


def test_unparseable_files_and_bad_paths_are_left_alone(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    broken = repo.write("claims/broken.yaml", "claim: [unclosed\n")
    status, _, _ = repo.run(capsys, "fix")
    assert status == 0 and broken.read_bytes() == b"claim: [unclosed\n"
    status, _, err = repo.run(capsys, "fix", "claims/missing.yaml")
    assert status == 2 and "no such file" in err


# --- a property: any edit to a source that keeps the quote unique is repaired exactly -------------

QUOTES = ("The council approved the budget on Monday.", "cuts libraries by 12 percent",
          "The council will meet again in March.")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
       after=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
       cut=st.integers(min_value=0, max_value=len(ALPHA)))
def test_property_fix_makes_every_citation_with_a_unique_quote_resolve(
        tmp_path_factory: pytest.TempPathFactory, before: str, after: str, cut: int) -> None:
    repo = make_repo(tmp_path_factory.mktemp("prop"), {"budget-approved-monday": BUDGET,
                                                        "libraries-cut-12-percent": LIBRARIES},
                     commit=False)
    # insert text somewhere outside the cited passages and at both ends
    cited = [(ALPHA.index(q), ALPHA.index(q) + len(q)) for q in QUOTES]
    if any(s < cut < e for s, e in cited):
        cut = cited[0][1]
    body = before + ALPHA[:cut] + after + ALPHA[cut:]
    repo.write("seeds/alpha.txt", body)
    originals = {p: p.read_bytes() for p in (repo.root / "claims").iterdir()}
    project = Project(repo.root)
    plan = plan_fixes(project)
    unique = all(body.count(q) == 1 for q in QUOTES)
    apply_fixes(plan)
    result = Project(repo.root).check()
    if unique:
        assert result.ok, result.diagnostics
        for path, data in originals.items():
            for old, new in zip(data.splitlines(), path.read_bytes().splitlines()):
                if old != new:
                    assert old.lstrip().split(b":")[0] in (b"start", b"end")
    else:
        assert plan.unrepaired or result.ok
