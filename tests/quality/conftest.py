"""Quality gates: Hypothesis profiles, and the support module on the import path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

# CI must be reproducible: the same examples on every run. Locally, random exploration finds more.
settings.register_profile(
    "ci", derandomize=True, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# tests/quality/fault_injection.py: a failing gate is the expected outcome; skip the shrinking.
settings.register_profile(
    "fault-injection", derandomize=True, deadline=None, print_blob=False,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "dev", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI") == "true" else "dev"))


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
