"""House rules (schema/policy.yaml): each rule at each level, where it reports and what it
proposes, and what a broken policy file does to the check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.checker import Project
from factcheck.cli import main
from factcheck.policy import RULES

A, B = "001_75946adb643c8dc9", "000_a2aed372d15f7cc4"
QUOTE_A, QUOTE_B = "Ukraine reported on Tuesday", "Ukraine was in control of 493 square kilometers"

COMPLIANT = f"""\
claim: Ukraine attacked again in Kursk.
claimant: Ukrainian officials
verdict: supported
summary: Two articles say so.
evidence:
  - source: {A}
    quote: {QUOTE_A}
    stance: supports
  - source: {B}
    quote: {QUOTE_B}
    stance: supports
analyst: Desk analyst
reviewers: [Desk editor]
published: 2025-01-07
"""

# Each rule broken once, and where the diagnostic must point (line, column).
BROKEN = {
    "review": (COMPLIANT.replace("analyst: Desk analyst\n", ""), (1, 1)),
    "published-date": (COMPLIANT.replace("published: 2025-01-07\n", ""), (1, 1)),
    "single-source": (COMPLIANT.replace("    stance: supports\nanalyst", "    stance: context\nanalyst"), (5, 1)),
}
CODES = {name: rule.code for name, rule in RULES.items()}


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["check", *args], root=root)
    out, err = capsys.readouterr()
    return status, out, err


def project(make_project, claims: dict[str, str], policy: str | None = "") -> Path:  # type: ignore[no-untyped-def]
    root: Path = make_project(claims, policy=policy)
    if policy is None:
        (root / "schema" / "policy.yaml").unlink()
    return root


def test_the_table_has_exactly_the_four_rules_of_the_spec() -> None:
    assert CODES == {"review": "needs-review", "published-date": "missing-published",
                     "single-source": "single-source", "corrections": "needs-correction"}


def test_a_claim_that_meets_the_house_rules_passes_silently(make_project, capsys) -> None:  # type: ignore[no-untyped-def]
    root = project(make_project, {"c.yaml": COMPLIANT}, policy="".join(f"{r}: error\n" for r in RULES))
    status, out, _ = run(root, capsys)
    assert status == 0 and out.endswith("0 errors, 0 warnings\n"), out


@pytest.mark.parametrize("rule", sorted(BROKEN))
@pytest.mark.parametrize("level", ["error", "warning", "off", None])
def test_every_rule_at_every_level(make_project, capsys, rule: str, level: str | None) -> None:  # type: ignore[no-untyped-def]
    """error fails the check; warning (and a rule the file does not set) reports and passes;
    off says nothing."""
    text, (line, column) = BROKEN[rule]
    root = project(make_project, {"c.yaml": text}, policy=f"{rule}: {level}\n" if level else "# nothing set\n")
    status, out, _ = run(root, capsys)
    shown = level or "warning"
    if shown == "off":
        assert status == 0 and CODES[rule] not in out, out
        return
    assert status == (1 if shown == "error" else 0), out
    assert f"claims/c.yaml:{line}:{column}: {shown}[{CODES[rule]}] " in out, out
    diagnostic = next(line for line in out.splitlines() if f"[{CODES[rule]}]" in line)
    suggestion = out.split(diagnostic + "\n", 1)[1].splitlines()[0]
    assert suggestion.startswith("    "), out  # the fix, on the lines below


def test_without_a_policy_file_every_rule_is_a_warning(make_project, capsys) -> None:  # type: ignore[no-untyped-def]
    bare = COMPLIANT.replace("analyst: Desk analyst\n", "").replace("published: 2025-01-07\n", "")
    root = project(make_project, {"c.yaml": bare}, policy=None)
    status, out, _ = run(root, capsys)
    assert status == 0
    assert "warning[needs-review]" in out and "warning[missing-published]" in out


def test_review_needs_an_analyst_and_a_reviewer_who_is_not_the_analyst(make_project, capsys) -> None:  # type: ignore[no-untyped-def]
    same = COMPLIANT.replace("reviewers: [Desk editor]", "reviewers: ['  desk   ANALYST ']")
    other = COMPLIANT.replace("reviewers: [Desk editor]", "reviewers: ['desk analyst', Desk editor]")
    none = COMPLIANT.replace("reviewers: [Desk editor]\n", "")
    root = project(make_project, {"same.yaml": same, "other.yaml": other, "none.yaml": none},
                   policy="review: error\n")
    status, out, _ = run(root, capsys)
    assert status == 1
    problems = [line for line in out.splitlines() if "[needs-review]" in line]
    # the reviewer is the analyst, compared ignoring case and spacing: at 'reviewers'
    assert any(line.startswith("claims/same.yaml:13:1: error[needs-review] 'reviewers' lists only the analyst")
               for line in problems), out
    assert any(line.startswith("claims/none.yaml:1:1: error[needs-review] ") for line in problems), out
    assert not any("other.yaml" in line for line in problems)
    assert "reviewers: [Desk editor]" in out  # a line to paste


def test_review_and_published_date_leave_drafts_alone(make_project, capsys) -> None:  # type: ignore[no-untyped-def]
    draft = (COMPLIANT.replace("analyst: Desk analyst\n", "").replace("published: 2025-01-07\n", "")
             .replace("reviewers: [Desk editor]\n", "") + "status: draft\n")
    root = project(make_project, {"c.yaml": draft}, policy="review: error\npublished-date: error\n")
    assert run(root, capsys)[:2] == (0, "ok: checked 1 file, 1 claim, 2 citations: 0 errors, 0 warnings\n")


def test_published_date_proposes_a_line_to_paste(make_project, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736208000")  # 2025-01-07
    root = project(make_project, {"c.yaml": BROKEN["published-date"][0]})
    out = run(root, capsys)[1]
    assert "\n    published: 2025-01-07\n" in out


@pytest.mark.parametrize("verdict,stances,reported", [
    ("supported", ("supports", "supports"), False),
    ("supported", ("supports", "refutes"), True),  # the refuting passage does not carry it
    ("mostly-supported", ("supports", "context"), True),
    ("contradicted", ("refutes", "refutes"), False),
    ("contradicted", ("refutes", "supports"), True),
    ("disputed", ("supports", "refutes"), False),  # either stance carries a disputed verdict
    ("disputed", ("context", "refutes"), True),
    ("unsupported", ("context", "context"), False),  # exempt
    ("unverifiable", ("context", "context"), False),  # exempt
])
def test_single_source_counts_the_sources_that_carry_the_verdict(
        make_project, capsys, verdict: str, stances: tuple[str, str], reported: bool) -> None:  # type: ignore[no-untyped-def]
    text = COMPLIANT.replace("verdict: supported", f"verdict: {verdict}")
    head, middle, tail = text.split("    stance: supports\n")
    text = f"{head}    stance: {stances[0]}\n{middle}    stance: {stances[1]}\n{tail}"
    root = project(make_project, {"c.yaml": text}, policy="single-source: error\n")
    status, out, _ = run(root, capsys)
    assert (status == 1 and "claims/c.yaml:5:1: error[single-source]" in out) is reported, out
    if reported:
        assert "\n    single_source: " in out


def test_two_passages_of_one_source_are_one_source_and_a_reason_waives_the_rule(make_project, capsys) -> None:  # type: ignore[no-untyped-def]
    one = COMPLIANT.replace(f"  - source: {B}\n    quote: {QUOTE_B}\n",
                            f"  - source: {A}\n    quote: high precision\n")
    waived = one + "single_source: The claim is about what this article itself reported.\n"
    root = project(make_project, {"one.yaml": one, "waived.yaml": waived}, policy="single-source: error\n")
    status, out, _ = run(root, capsys)
    assert status == 1 and "claims/one.yaml:5:1: error[single-source]" in out
    assert f"one source only ('{A}')" in out and "waived.yaml" not in out


def test_a_claim_with_schema_errors_still_gets_the_house_rules_that_apply(make_project, capsys) -> None:  # type: ignore[no-untyped-def]
    text = BROKEN["review"][0].replace("summary: Two articles say so.\n", "sumary: Two articles say so.\n")
    root = project(make_project, {"c.yaml": text}, policy="review: warning\n")
    status, out, _ = run(root, capsys, "--format", "json")
    report = json.loads(out)
    codes = [(d["line"], d["severity"], d["code"]) for d in report["diagnostics"]]
    assert (1, "error", "missing-key") in codes and (4, "error", "unknown-key") in codes
    assert (1, "warning", "needs-review") in codes and status == 1
    [review] = [d for d in report["diagnostics"] if d["code"] == "needs-review"]
    assert review["suggestion"].endswith("analyst: Desk analyst")


def test_values_a_rule_cannot_read_are_left_to_the_schema(make_project, capsys) -> None:  # type: ignore[no-untyped-def]
    text = COMPLIANT.replace("analyst: Desk analyst", "analyst: 42").replace(
        "reviewers: [Desk editor]", "reviewers: Desk editor").replace("verdict: supported", "verdict: 7")
    root = project(make_project, {"c.yaml": text}, policy="".join(f"{r}: error\n" for r in RULES))
    status, out, _ = run(root, capsys)
    assert status == 1 and "Traceback" not in out
    assert not [line for line in out.splitlines() if "[needs-review]" in line or "[single-source]" in line]


def test_every_problem_in_every_file_in_one_run(make_project, capsys) -> None:  # type: ignore[no-untyped-def]
    claims = {f"{rule}.yaml": text for rule, (text, _) in BROKEN.items()}
    claims["broken.yaml"] = "claim: [unclosed\n"
    root = project(make_project, claims, policy="".join(f"{r}: error\n" for r in RULES))
    status, out, _ = run(root, capsys, "--format", "github")
    assert status == 1
    for rule in BROKEN:
        assert f"::error file=claims/{rule}.yaml," in out and f"title={CODES[rule]}::" in out
    assert "file=claims/broken.yaml" in out


# --- the editorial record itself -------------------------------------------------------------------

def test_corrections_are_oldest_first_and_after_publication(make_project, capsys) -> None:  # type: ignore[no-untyped-def]
    text = COMPLIANT + ("corrections:\n"
                        "  - date: 2025-01-09\n    note: Second.\n"
                        "  - date: 2025-01-08\n    note: First, listed second.\n"
                        "  - date: 2025-01-05\n    note: Before the fact-check was published.\n")
    root = project(make_project, {"c.yaml": text})
    status, out, _ = run(root, capsys)
    assert status == 1
    assert "claims/c.yaml:18:11: error[corrections-order] correction 2 (2025-01-08) is older than correction 1" in out
    assert "claims/c.yaml:20:11: error[correction-before-published] correction 3 is dated 2025-01-05" in out
    assert "claims/c.yaml:20:11: error[corrections-order]" in out
    in_order = COMPLIANT + "corrections:\n  - date: 2025-01-07\n    note: Same day.\n  - date: 2025-01-09\n    note: Later.\n"
    (root / "claims" / "c.yaml").write_text(in_order, encoding="utf-8")
    assert run(root, capsys)[0] == 0


# --- a broken policy file ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,where,words", [
    ("reveiw: error\n", "1:1", "unknown rule 'reveiw' (did you mean 'review'?)"),
    ("review: warning\nsingle-sauce: off\n", "2:1", "unknown rule 'single-sauce'"),
    ("review: fatal\n", "1:9", "rule 'review' has level 'fatal'; a level is one of error, warning, off"),
    ("review: false\n", "1:9", "has level false"),
    ("review:\n", "1:8", "has level empty"),
    ("review: error\nreview: off\n", "2:1", "duplicate key 'review'"),
    ("review: [error\n", "2:1", "is not closed"),
    ("- review\n", "1:1", "a mapping of rule names to levels"),
])
def test_a_broken_policy_is_exit_2_with_file_line_and_column(make_project, capsys, text: str, where: str,
                                                             words: str) -> None:  # type: ignore[no-untyped-def]
    root = project(make_project, {"c.yaml": COMPLIANT}, policy=text)
    status, out, err = run(root, capsys)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"build.py: error: schema/policy.yaml:{where}: ") and words in err, err


@pytest.mark.parametrize("text", ["", "# only a comment\n", "review: off\npublished-date: off\n"])
def test_off_is_the_word_and_an_empty_policy_sets_nothing(make_project, text: str) -> None:  # type: ignore[no-untyped-def]
    root = project(make_project, {"c.yaml": BROKEN["review"][0]}, policy=text)
    codes = [d.code for d in Project(root).check().diagnostics]
    assert codes == ([] if "review: off" in text else ["needs-review"])


def test_the_desk_policy_lists_every_rule_with_a_comment() -> None:
    from .conftest import REPO

    lines = (REPO / "schema" / "policy.yaml").read_text(encoding="utf-8").splitlines()
    for rule in RULES:
        [at] = [i for i, line in enumerate(lines) if line.startswith(f"{rule}:")]
        assert lines[at - 1].startswith("#"), rule
