"""Quality gates: Hypothesis profiles, and the support module on the import path."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Hypothesis profiles are registered in tests/conftest.py, for every test directory.


# --- the site, built once per session by the real command --------------------------------------

import pytest  # noqa: E402

from site_gates import Site, build, snapshot_project  # noqa: E402


@pytest.fixture(scope="session")
def project_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's inputs, copied once: every build in the session starts from this."""
    return snapshot_project(tmp_path_factory.mktemp("quality-input") / "project")


@pytest.fixture(scope="session")
def built_site(project_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Site:
    import shutil

    root = tmp_path_factory.mktemp("quality-build") / "project"
    shutil.copytree(project_snapshot, root)
    return Site(root, build(root))
