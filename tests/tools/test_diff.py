"""`python build.py diff [BASE]`: what a change does to the fact-check, claim by claim."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import ALPHA, ARRESTS, BETA, BUDGET, LIBRARIES, Repo, git, make_repo


def review_json(repo: Repo, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    status, out, err = repo.run(capsys, "diff", "--format", "json", *args)
    assert status == 0, err
    return json.loads(out)


def markdown(repo: Repo, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    status, out, err = repo.run(capsys, "diff", *args)
    assert status == 0, err
    return out


def claim(report: dict[str, Any], claim_id: str) -> dict[str, Any]:
    [found] = [c for c in report["claims"] if c["id"] == claim_id]
    return found


def test_no_change_is_an_empty_review(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    report = review_json(repo, capsys)
    assert report["claims"] == [] and report["sources"] == []
    assert "No claim, verdict or source changes." in markdown(repo, capsys)


def test_claims_added_and_removed(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/calm-by-morning.yaml", ARRESTS.replace(
        "Police made 40 arrests overnight.", "The streets were calm by morning.").replace(
        "40 arrests were made overnight", "the streets were calm by morning"))
    repo.remove("claims/budget-approved-monday.yaml")
    report = review_json(repo, capsys)
    kinds = {c["id"]: c["kind"] for c in report["claims"]}
    assert kinds == {"calm-by-morning": "added", "budget-approved-monday": "removed"}
    assert claim(report, "budget-approved-monday")["verdict"] == {"old": "supported", "new": None,
                                                                   "changed": False}
    text = markdown(repo, capsys)
    assert "### Claims added" in text and "| `calm-by-morning` | Supported | 1 | passes |" in text
    assert "### Claims removed" in text and "| `budget-approved-monday` | Supported |" in text


def test_a_renamed_claim_is_one_rename_not_a_removal_and_an_addition(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.git("mv", "claims/budget-approved-monday.yaml", "claims/council-approved-budget.yaml")
    # renamed and edited: the same claim text identifies it
    text = repo.read("claims/police-made-40-arrests.yaml").replace("verdict: supported",
                                                                    "verdict: mostly-supported")
    repo.remove("claims/police-made-40-arrests.yaml")
    repo.write("claims/forty-arrests-overnight.yaml", text)
    report = review_json(repo, capsys)
    assert [(c["kind"], c["old_id"], c["id"]) for c in report["claims"]] == [
        ("renamed", "budget-approved-monday", "council-approved-budget"),
        ("renamed", "police-made-40-arrests", "forty-arrests-overnight")]
    assert report["summary"]["added"] == report["summary"]["removed"] == 0
    assert claim(report, "forty-arrests-overnight")["verdict"]["changed"] is True
    md = markdown(repo, capsys)
    assert "#### `budget-approved-monday` \u2192 `council-approved-budget`" in md
    assert "- Renamed (no other change)" in md
    assert "**Supported \u2192 Mostly supported**" in md


def test_verdict_change_is_highlighted(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/budget-approved-monday.yaml",
               BUDGET.replace("verdict: supported", "verdict: contradicted"))
    report = review_json(repo, capsys)
    assert claim(report, "budget-approved-monday")["verdict"] == {
        "old": "supported", "new": "contradicted", "changed": True}
    assert report["summary"]["verdicts_changed"] == 1
    md = markdown(repo, capsys)
    assert "### Verdict changes" in md
    assert "| `budget-approved-monday` | **Supported \u2192 Contradicted** |" in md
    assert "- Verdict: **Supported \u2192 Contradicted**" in md


def test_citations_added_removed_requoted_and_restanced(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    start = ALPHA.index("cuts libraries")
    quote = "cuts libraries by 12 percent \u2014 the deepest cut in a decade"
    edited = LIBRARIES.replace(
        f"    quote: cuts libraries by 12 percent\n    start: {start}\n"
        f"    end: {start + len('cuts libraries by 12 percent')}\n",
        f"    quote: \"{quote}\"\n    start: {start}\n    end: {start + len(quote)}\n",
    ).replace(
        "  - source: alpha\n    quote: The council will meet again in March.\n    stance: context\n",
        "  - source: beta\n    quote: Residents said the streets were calm by morning.\n"
        "    stance: context\n",
    ).replace("stance: supports", "stance: refutes")
    repo.write("claims/libraries-cut-12-percent.yaml", edited)
    assert repo.run(capsys, "check")[0] == 0  # the edit itself is valid
    changes = claim(review_json(repo, capsys), "libraries-cut-12-percent")["citations"]
    by_kind = {c["change"]: c for c in changes}
    assert set(by_kind) == {"requoted", "added", "removed"}
    assert by_kind["requoted"]["old_quote"] == "cuts libraries by 12 percent"
    assert by_kind["requoted"]["new_quote"] == quote
    assert (by_kind["requoted"]["old_stance"], by_kind["requoted"]["new_stance"]) == ("supports", "refutes")
    assert by_kind["added"]["source"] == "beta" and by_kind["added"]["new_n"] == 2
    assert by_kind["removed"]["old_quote"] == "The council will meet again in March."
    md = markdown(repo, capsys)
    assert "Citation 1 **requoted** (`alpha`)" in md
    assert "Citation 2 **added** (`beta`, context)" in md
    assert "Citation 2 **removed** (`alpha`, context)" in md


def test_stance_change_of_the_same_passage(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/police-made-40-arrests.yaml", ARRESTS.replace("stance: supports", "stance: context"))
    [change] = claim(review_json(repo, capsys), "police-made-40-arrests")["citations"]
    assert (change["change"], change["old_stance"], change["new_stance"]) == ("stance", "supports", "context")
    assert "stance: **supports \u2192 context**" in markdown(repo, capsys)


def test_summary_edit_is_shown_as_a_diff(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/budget-approved-monday.yaml", BUDGET.replace(
        "  The report says so in its first sentence.\n",
        "  The report says so in its first sentence.\n  The vote was not unanimous.\n"))
    change = claim(review_json(repo, capsys), "budget-approved-monday")
    assert change["summary"]["edited"] is True and change["citations"] == []
    assert change["summary"]["new"].endswith("The vote was not unanimous.\n")
    md = markdown(repo, capsys)
    assert "- Summary edited (diff below)" in md
    assert "```diff\n" in md and "\n+The vote was not unanimous.\n" in md


def test_comment_only_edit_is_reported_as_formatting(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/police-made-40-arrests.yaml", "# reviewed again\n" + ARRESTS)
    change = claim(review_json(repo, capsys), "police-made-40-arrests")
    assert change["formatting_only"] is True and change["citations"] == [] and change["fields"] == []


def test_other_fields_old_to_new(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/police-made-40-arrests.yaml", ARRESTS + "status: draft\n")
    change = claim(review_json(repo, capsys), "police-made-40-arrests")
    assert change["fields"] == [{"key": "status", "old": None, "new": "draft"}]


def test_source_edit_reports_which_unchanged_citations_break_or_move(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    # A correction near the top of the article shifts everything after it.
    repo.write("seeds/alpha.txt", ALPHA.replace("on Monday.", "on Monday evening.").replace(
        "in March.", "in April."))
    report = review_json(repo, capsys)
    assert report["claims"] == []  # no claim file changed
    [source] = report["sources"]
    assert (source["id"], source["kind"], source["body_changed"]) == ("alpha", "edited", True)
    effects = {(e["claim"], e["n"]): e for e in source["citations"]}
    assert set(effects) == {("budget-approved-monday", 1), ("libraries-cut-12-percent", 1),
                            ("libraries-cut-12-percent", 2)}
    # the quote itself was corrected away: breaks, and fix cannot help
    budget = effects[("budget-approved-monday", 1)]
    assert budget["effect"] == "breaks" and budget["fix"] is None and "quote not found" in budget["message"]
    # offsets now stale, quote still unique: breaks, and fix knows where it is now
    libraries = effects[("libraries-cut-12-percent", 1)]
    shift = len(" evening")
    old = ALPHA.index("cuts libraries")
    assert libraries["effect"] == "breaks" and libraries["claim_unchanged"] is True
    assert libraries["fix"] == {"start": old + shift, "end": old + shift + len("cuts libraries by 12 percent")}
    # a quote-only citation whose text changed breaks too
    assert effects[("libraries-cut-12-percent", 2)]["effect"] == "breaks"
    md = markdown(repo, capsys)
    assert "#### `alpha` edited (text changed)" in md
    assert f"`python build.py fix` re-anchors it at {old + shift}\u2013" in md


def test_source_edit_moves_a_quote_only_citation(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("seeds/alpha.txt", "Updated at 9am.\n" + ALPHA)
    source = review_json(repo, capsys)["sources"][0]
    effects = {(e["claim"], e["n"]): e for e in source["citations"]}
    moved = effects[("libraries-cut-12-percent", 2)]
    at = ALPHA.index("The council will meet")
    shift = len("Updated at 9am.\n")
    assert moved["effect"] == "moves"
    assert (moved["old"], moved["new"]) == ({"start": at, "end": at + 37},
                                            {"start": at + shift, "end": at + shift + 37})
    assert effects[("budget-approved-monday", 1)]["effect"] == "breaks"
    assert f"moves {at}\u2013{at + 37} \u2192 {at + shift}\u2013{at + shift + 37}" in markdown(repo, capsys)


def test_sources_added_removed_and_metadata(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("seeds/gamma.txt", "A new article.\n")
    repo.write("seeds/beta.md", BETA.replace("Example Gazette", "Example Times"))
    report = review_json(repo, capsys)
    kinds = {s["id"]: (s["kind"], s["body_changed"], s["meta_changed"]) for s in report["sources"]}
    assert kinds == {"gamma": ("added", False, []), "beta": ("edited", False, ["outlet"])}
    repo.remove("seeds/beta.md")
    [removed] = [s for s in review_json(repo, capsys)["sources"] if s["id"] == "beta"]
    assert removed["kind"] == "removed"
    assert [(e["claim"], e["effect"]) for e in removed["citations"]] == [("police-made-40-arrests", "breaks")]


def test_default_base_is_the_merge_base_with_main(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/budget-approved-monday.yaml", BUDGET.replace("verdict: supported", "verdict: disputed"))
    repo.commit("branch: dispute the budget claim")
    # main moves on after the branch was made: its new claim is not this branch's doing
    repo.git("checkout", "-q", "main")
    repo.write("claims/later-on-main.yaml", ARRESTS)
    repo.commit("main: another claim")
    repo.git("checkout", "-q", "review")
    repo.write("claims/police-made-40-arrests.yaml", ARRESTS.replace("verdict: supported", "verdict: unverifiable"))
    report = review_json(repo, capsys)  # committed and uncommitted changes of the branch
    assert {c["id"]: c["verdict"]["new"] for c in report["claims"]} == {
        "budget-approved-monday": "disputed", "police-made-40-arrests": "unverifiable"}
    # naming main's tip as BASE shows main's claim as removed: the default is not the tip
    explicit = review_json(repo, capsys, "main")
    assert "later-on-main" in {c["id"] for c in explicit["claims"] if c["kind"] == "removed"}
    assert report["base"]["commit"] == repo.git("merge-base", "HEAD", "main").strip()


def test_exit_2_without_git_or_without_main(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = make_repo(tmp_path / "plain", commit=False)
    status, _, err = plain.run(capsys, "diff")
    assert status == 2 and "name the revision to compare with" in err and "Traceback" not in err
    repo = make_repo(tmp_path / "other")
    repo.git("branch", "-m", "main", "trunk")
    status, _, err = repo.run(capsys, "diff")
    assert status == 2 and "cannot find where this branch left 'main'" in err
    assert repo.run(capsys, "diff", "trunk")[0] == 0
    status, _, err = repo.run(capsys, "diff", "no-such-revision")
    assert status == 2 and "unknown revision 'no-such-revision'" in err


def test_exit_0_when_the_working_tree_has_errors(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/budget-approved-monday.yaml", BUDGET.replace("on Monday.\"", "on Tuesday.\""))
    repo.write("claims/broken.yaml", "claim: [unclosed\n")
    status, out, _ = repo.run(capsys, "diff")
    assert status == 0
    assert "**The check finds 2 errors in 2 claim files**" in out
    assert "- Check: passed \u2192 **1 error**" in out
    report = review_json(repo, capsys)
    assert claim(report, "broken")["kind"] == "added" and report["summary"]["errors"] == 2


def test_analyst_text_cannot_inject_markdown_html_or_mentions(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = 'Ask @octocat about #12 | <img src=x onerror=alert(1)> [link](http://evil.example) **bold**'
    repo.write("claims/hostile.yaml", ARRESTS.replace("Police made 40 arrests overnight.", json.dumps(hostile)))
    repo.write("claims/budget-approved-monday.yaml", BUDGET.replace(
        "  The report says so in its first sentence.\n", "  ```\n  </details><script>x</script>\n"))
    md = markdown(repo, capsys)
    # Code in a fence is shown literally; everything outside it is Markdown that GitHub interprets.
    before, fence, after = md.partition("````diff\n")
    code, closing, rest = after.partition("\n````\n")
    assert fence and closing and "+</details><script>x</script>" in code
    outside = before + rest
    assert "<img" not in outside and "<script>" not in outside and "](http" not in outside
    assert "**bold**" not in outside and "@octocat" not in outside and "#12" not in outside
    row = next(line for line in md.splitlines() if line.startswith("| `hostile`"))
    assert row.count(" | ") == 4  # the analyst's '|' did not open a table cell


def test_json_shape_is_stable(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/budget-approved-monday.yaml", BUDGET.replace("verdict: supported", "verdict: disputed"))
    report = review_json(repo, capsys)
    assert list(report) == ["base", "summary", "claims", "sources", "notes"]
    assert list(report["summary"]) == ["added", "removed", "renamed", "edited", "verdicts_changed",
                                       "sources_changed", "citations_broken", "citations_moved", "errors",
                                       "corrections_new", "corrections_needed"]
    assert list(report["claims"][0]) == ["id", "kind", "old_id", "claim", "verdict", "citations",
                                         "summary", "fields", "formatting_only", "errors", "draft",
                                         "corrections"]


def test_after_fix_the_review_shows_re_anchored_citations(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("seeds/alpha.txt", "Corrected on Tuesday.\n" + ALPHA)
    assert repo.run(capsys, "fix")[0] == 0
    report = review_json(repo, capsys)
    old = ALPHA.index("cuts libraries")
    shift = len("Corrected on Tuesday.\n")
    [change] = claim(report, "libraries-cut-12-percent")["citations"]
    assert change["change"] == "anchoring" and change["new_n"] == 1
    assert change["old_offsets"] == {"start": old, "end": old + 28}
    assert change["new_offsets"] == {"start": old + shift, "end": old + shift + 28}
    md = markdown(repo, capsys)
    assert (f"- Citation 1 re-anchored {old}\u2013{old + 28} \u2192 {old + shift}\u2013{old + shift + 28}, "
            "same quote (`alpha`)") in md
    # the quote-only citation of the same source still resolves: it moves, folded away
    assert "<details><summary>1 unchanged citation moves: still resolving, at new offsets</summary>" in md


def test_a_project_in_a_subdirectory_of_the_repository(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    outer = make_repo(tmp_path / "outer" / "factcheck", commit=False)
    top = tmp_path / "outer"
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.name", "Test Analyst")
    git(top, "config", "user.email", "analyst@example.org")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "fact-check in a subdirectory")
    outer.write("claims/budget-approved-monday.yaml", BUDGET.replace("verdict: supported", "verdict: disputed"))
    report = review_json(outer, capsys, "main")
    assert [(c["id"], c["kind"]) for c in report["claims"]] == [("budget-approved-monday", "edited")]
    assert report["sources"] == []


def test_a_clone_without_a_local_main_compares_with_origin_main(
        repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/budget-approved-monday.yaml", BUDGET.replace("verdict: supported", "verdict: disputed"))
    repo.commit("review: dispute")
    clone = Repo(tmp_path / "clone")
    git(tmp_path, "clone", "-q", "--branch", "review", str(repo.root), str(clone.root))
    assert "main" not in clone.git("branch", "--list")
    report = review_json(clone, capsys)
    assert [(c["id"], c["verdict"]["new"]) for c in report["claims"]] == [("budget-approved-monday", "disputed")]


def test_each_new_correction_is_shown_beside_the_change_it_explains(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/budget-approved-monday.yaml", BUDGET.replace("verdict: supported", "verdict: disputed")
               + "corrections:\n  - date: 2025-01-09\n    note: The vote was *not* on Monday @octocat.\n")
    repo.write("claims/police-made-40-arrests.yaml", ARRESTS.replace("stance: supports", "stance: context"))
    report = review_json(repo, capsys)
    budget = claim(report, "budget-approved-monday")
    assert budget["corrections"] == {"new": [{"date": "2025-01-09",
                                              "note": "The vote was *not* on Monday @octocat."}],
                                     "needed": False}
    assert budget["fields"] == []  # not shown as a field change too
    assert claim(report, "police-made-40-arrests")["corrections"] == {"new": [], "needed": True}
    assert (report["summary"]["corrections_new"], report["summary"]["corrections_needed"]) == (1, 1)
    md = markdown(repo, capsys)
    section = md.split("#### `budget-approved-monday`", 1)[1].split("####", 1)[0]
    items = [line for line in section.splitlines() if line.startswith("- ")]
    assert items[:2] == ["- Verdict: **Supported \u2192 Disputed**",
                         "- **Correction** (2025-01-09): The vote was \\*not\\* on Monday @\u200boctocat."]
    police = md.split("#### `police-made-40-arrests`", 1)[1]
    assert "- **No new correction**: this published fact-check changed" in police
    assert "| Corrections | 1 new; **1 published claim changed without one** |" in md


def test_a_summary_edit_needs_no_correction_and_claims_added_mark_drafts(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("claims/budget-approved-monday.yaml", BUDGET.replace("in its first sentence", "in its first line"))
    repo.write("claims/calm-by-morning.yaml", ARRESTS.replace("40 arrests were made overnight",
                                                              "the streets were calm by morning") + "status: draft\n")
    report = review_json(repo, capsys)
    assert claim(report, "budget-approved-monday")["corrections"]["needed"] is False
    assert claim(report, "calm-by-morning")["draft"] is True
    md = markdown(repo, capsys)
    assert "| `calm-by-morning` (draft) | Supported | 1 | passes |" in md
    assert "No new correction" not in md and "| Corrections |" not in md
