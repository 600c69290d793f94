from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factcheck.checker import Project

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "cases"


@pytest.fixture(scope="session")
def repo_project() -> Project:
    return Project(REPO)


@pytest.fixture
def make_project(tmp_path: Path):
    """A throwaway project with the repo's schema and seeds, and the claim files given."""

    def make(claims: dict[str, str | bytes] | None = None, seeds: dict[str, str | bytes] | None = None,
             copy_seeds: bool = True) -> Path:
        shutil.copytree(REPO / "schema", tmp_path / "schema")
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
