from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factcheck.checker import Project
from factcheck.policy import RULES

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "cases"


@pytest.fixture(scope="session")
def repo_project() -> Project:
    return Project(REPO)


@pytest.fixture
def make_project(tmp_path: Path):
    """A throwaway project with the repo's schema and seeds, and the claim files given.

    Its house rules are off unless ``policy`` (the text of schema/policy.yaml) is given: these
    claims are about structure and citations; tests/checker/test_policy.py tests the rules."""

    def make(claims: dict[str, str | bytes] | None = None, seeds: dict[str, str | bytes] | None = None,
             copy_seeds: bool = True, policy: str | None = None) -> Path:
        shutil.copytree(REPO / "schema", tmp_path / "schema")
        (tmp_path / "schema" / "policy.yaml").write_text(
            policy if policy is not None else "".join(f"{rule}: off\n" for rule in RULES), encoding="utf-8")
        if copy_seeds:
            shutil.copytree(REPO / "seeds", tmp_path / "seeds")
        else:
            (tmp_path / "seeds").mkdir()
        (tmp_path / "claims").mkdir()
        for name, content in (seeds or {}).items():
            target = tmp_path / "seeds" / name
            target.write_bytes(content.encode() if isinstance(content, str) else content)
        for name, content in (claims or {}).items():
            target = tmp_path / "claims" / name
            target.write_bytes(content.encode() if isinstance(content, str) else content)
        return tmp_path

    return make
