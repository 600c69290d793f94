"""`python build.py new CLAIM-ID`: a commented template the checker guides the analyst through."""

from __future__ import annotations

import pytest

from .conftest import Repo

FILLED = {
    "claim:\n": "claim: The council will meet again in March.\n",
    "claimant:\n": "claimant: Council press office\n",
    "verdict:\n": "verdict: supported\n",
    "summary:\n": "summary: The report gives the month.\n",
    "  - source:\n": "  - source: alpha\n",
    "    quote:\n": "    quote: The council will meet again in March.\n",
    "    stance:  # supports, refutes or context\n": "    stance: supports\n",
}


def test_new_writes_a_template_that_the_checker_walks_through(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = repo.run(capsys, "new", "council-meets-in-march")
    assert status == 0 and "wrote claims/council-meets-in-march.yaml" in out
    text = repo.read("claims/council-meets-in-march.yaml")
    assert text.startswith("# yaml-language-server: $schema=../schema/claim.schema.json\n")
    assert "#   alpha  " in text and "#   supported " in text  # sources and verdicts to choose from
    # every required value is reported until it is filled in
    status, out, _ = repo.run(capsys, "check", "claims/council-meets-in-march.yaml")
    assert status == 1
    reported = {(line.split(" error[")[1].split("]")[0], line.split("] ")[1].split(" ")[0])
                for line in out.splitlines() if " error[" in line}
    for key in ("'claim'", "'claimant'", "'verdict'", "'summary'", "'source'", "'quote'", "'stance'"):
        assert any(what == key for _, what in reported), (key, out)
    # filled in, it passes, and it is a draft until someone publishes it
    for empty, value in FILLED.items():
        assert text.count(empty) == 1
        text = text.replace(empty, value)
    repo.write("claims/council-meets-in-march.yaml", text)
    status, out, _ = repo.run(capsys, "check")
    assert status == 0, out
    assert "status: draft\n" in text  # the template starts drafts


def test_new_refuses_to_overwrite(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    before = repo.read("claims/budget-approved-monday.yaml")
    status, _, err = repo.run(capsys, "new", "budget-approved-monday")
    assert status == 2 and "claims/budget-approved-monday.yaml already exists; not overwriting it" in err
    assert repo.read("claims/budget-approved-monday.yaml") == before


@pytest.mark.parametrize("claim_id,hint", [("Council Meets", "try 'council-meets'"),
                                           ("../escape", "try 'escape'"), ("-", "")])
def test_new_rejects_an_invalid_id(repo: Repo, capsys: pytest.CaptureFixture[str], claim_id: str,
                                   hint: str) -> None:
    status, _, err = repo.run(capsys, "new", claim_id)
    assert status == 2 and "is not a valid claim id" in err and hint in err
    assert sorted(p.name for p in (repo.root / "claims").iterdir()) == [
        "budget-approved-monday.yaml", "libraries-cut-12-percent.yaml", "police-made-40-arrests.yaml"]


def test_the_template_offers_the_editorial_record_commented(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert repo.run(capsys, "new", "council-meets-in-march")[0] == 0
    text = repo.read("claims/council-meets-in-march.yaml")
    for key in ("published", "analyst", "reviewers", "claimant_type", "single_source"):
        assert f"\n# {key}: " in text, key
    for empty, value in FILLED.items():
        text = text.replace(empty, value)
    # uncommented, the record's lines are valid as they stand and meet the house rules
    for key in ("published", "analyst", "reviewers", "claimant_type", "single_source"):
        text = text.replace(f"\n# {key}: ", f"\n{key}: ")
    text = text.replace("status: draft\n", "")
    repo.write("claims/council-meets-in-march.yaml", text)
    status, out, _ = repo.run(capsys, "check", "claims/council-meets-in-march.yaml")
    assert status == 0 and "council-meets-in-march" not in out, out
