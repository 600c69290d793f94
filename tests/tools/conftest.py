"""Throwaway fact-check repositories (git, a small schema-valid project) for the review tools."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from factcheck.cli import main

REPO = Path(__file__).resolve().parents[2]

ALPHA = (
    "The council approved the budget on Monday. The mayor called the vote \u201chistoric\u201d.\n"
    "Critics said the budget cuts libraries by 12 percent \u2014 the deepest cut in a decade.\n"
    "The council will meet again in March.\n"
)
BETA = (
    "---\ntitle: Overnight arrests\noutlet: Example Gazette\n---\n"
    "Police reported 40 arrests. A spokesman said 40 arrests were made overnight.\n"
    "Residents said the streets were calm by morning.\n"
)

BUDGET = f"""\
# yaml-language-server: $schema=../schema/claim.schema.json
# Checked against the council report.
claim: The council approved the budget on Monday.
claimant: Mayor's office
verdict: supported
summary: |
  The report says so in its first sentence.
evidence:
  - source: alpha  # the council report
    quote: "The council approved the budget on Monday."
    start: {ALPHA.index("The council approved")}
    end: {ALPHA.index("The council approved") + len("The council approved the budget on Monday.")}
    stance: supports
"""

LIBRARIES = f"""\
# yaml-language-server: $schema=../schema/claim.schema.json
claim: The budget cuts libraries by 12 percent.
claimant: Critics of the council
verdict: mostly-supported
summary: Critics said so; the council did not dispute the figure.
evidence:
  - source: alpha
    quote: cuts libraries by 12 percent
    start: {ALPHA.index("cuts libraries")}
    end: {ALPHA.index("cuts libraries") + len("cuts libraries by 12 percent")}
    stance: supports
  - source: alpha
    quote: The council will meet again in March.
    stance: context
"""

ARRESTS = """\
claim: Police made 40 arrests overnight.
claimant: Police spokesman
verdict: supported
summary: The spokesman gave the number and the time.
evidence:
  - source: beta
    quote: 40 arrests were made overnight
    stance: supports
"""


def git(root: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", HOME=str(root.parent))
    return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env,
                          check=True, capture_output=True, text=True).stdout


@dataclass
class Repo:
    """A fact-check repository in tmp_path, committed on main."""

    root: Path

    def write(self, path: str, text: str | bytes) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return target

    def read(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def remove(self, path: str) -> None:
        (self.root / path).unlink()

    def git(self, *args: str) -> str:
        return git(self.root, *args)

    def commit(self, message: str = "change") -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def run(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
        """`python build.py ARGS` in this repository: (exit status, stdout, stderr)."""
        capsys.readouterr()
        old = Path.cwd()
        os.chdir(self.root)  # git and the CLI both see the repository as the current directory
        try:
            status = main(list(args), root=self.root)
        finally:
            os.chdir(old)
        out, err = capsys.readouterr()
        return status, out, err


def make_repo(root: Path, claims: dict[str, str] | None = None, *, commit: bool = True) -> Repo:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "schema", root / "schema")
    # These claims are about the review tools, not the editorial record: house rules off
    # (tests/checker/test_policy.py and test_check_base.py test them).
    (root / "schema" / "policy.yaml").write_text(
        "review: off\npublished-date: off\nsingle-source: off\ncorrections: off\n", encoding="utf-8")
    repo = Repo(root)
    (root / "claims").mkdir(exist_ok=True)  # a desk always has claims/, even with none in it
    repo.write("seeds/alpha.txt", ALPHA)
    repo.write("seeds/beta.md", BETA)
    for name, text in (claims if claims is not None else {
            "budget-approved-monday": BUDGET, "libraries-cut-12-percent": LIBRARIES,
            "police-made-40-arrests": ARRESTS}).items():
        repo.write(f"claims/{name}.yaml", text)
    # The editor schema lists the source ids; keep it current so the check has no warning.
    main(["schema"], root=root)
    if commit:
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.name", "Test Analyst")
        git(root, "config", "user.email", "analyst@example.org")
        repo.commit("initial fact-check")
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A committed fact-check repository on main, with a branch 'review' checked out."""
    made = make_repo(tmp_path / "factcheck")
    made.git("checkout", "-q", "-b", "review")
    return made
