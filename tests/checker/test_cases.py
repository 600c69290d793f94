"""Data-driven cases: tests/cases/valid/* pass; each tests/cases/invalid/* gives exactly the
diagnostics listed in its .expected file (line:column severity code), one per line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.checker import Project

from .conftest import CASES, REPO

VALID = sorted((CASES / "valid").glob("*.yaml"))
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.suffix in (".yaml", ".yml"))


def _shown(project: Project, path: Path) -> list[str]:
    result = project.check([path])
    rel = path.relative_to(REPO).as_posix()
    assert all(d.file == rel for d in result.diagnostics), result.diagnostics
    return [f"{d.line}:{d.column} {d.severity.value} {d.code}" for d in result.diagnostics]


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_case_passes(repo_project: Project, path: Path) -> None:
    assert _shown(repo_project, path) == []


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case_gives_expected_diagnostics(repo_project: Project, path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").split("\n")
    assert _shown(repo_project, path) == [line for line in expected if line]


RAW_JSONSCHEMA_WORDING = ("is not valid under any of the given schemas", "Additional properties",
                          "is a required property", "is not of type")
NEEDS_A_FIX = {"quote-not-found", "quote-ambiguous", "offsets-mismatch", "offsets-out-of-range",
               "prefix-mismatch", "suffix-mismatch", "unknown-source", "unknown-key", "missing-key",
               "unknown-verdict", "unknown-related", "duplicate-key"}


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_every_diagnostic_is_worded_for_people_and_proposes_a_fix(repo_project: Project, path: Path) -> None:
    result = repo_project.check([path])
    assert result.errors >= 1
    for d in result.diagnostics:
        assert not any(raw in d.message for raw in RAW_JSONSCHEMA_WORDING), d.message
        if d.code in NEEDS_A_FIX:
            assert d.suggestion, d


def test_all_invalid_cases_in_one_run_report_every_problem() -> None:
    """30+ files with a different mistake each: one run, every problem, no traceback."""
    assert len(INVALID) >= 30
    run = subprocess.run(
        [sys.executable, "build.py", "check", "--format", "json", *map(str, INVALID)],
        cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    expected_total = sum(len([line for line in p.with_suffix(".expected").read_text().split("\n") if line])
                         for p in INVALID)
    assert report["summary"]["errors"] == expected_total >= 30
    assert {d["file"] for d in report["diagnostics"]} == {p.relative_to(REPO).as_posix() for p in INVALID}
