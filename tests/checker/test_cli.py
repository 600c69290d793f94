"""`python build.py check`: formats, exit codes, and golden output of each reporter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CASES, REPO

GOLDEN = REPO / "tests" / "golden"
GOLDEN_CASES = ["missing-keys", "quote-ambiguous", "straight-quotes", "unknown-keys", "wrong-types"]


def run(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, env=full_env)


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_reporter_output_matches_golden(fmt: str) -> None:
    paths = [f"tests/cases/invalid/{name}.yaml" for name in GOLDEN_CASES]
    result = run("check", "--format", fmt, *paths)
    assert result.returncode == 1 and result.stderr == ""
    golden = GOLDEN / f"check.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_json_report_has_the_spec_shape() -> None:
    result = run("check", "--format", "json", "tests/cases/invalid/unknown-keys.yaml")
    report = json.loads(result.stdout)
    assert set(report) == {"diagnostics", "summary"}
    assert report["summary"] == {"files": 1, "claims": 1, "citations": 1, "errors": 4, "warnings": 0}
    first = report["diagnostics"][0]
    assert set(first) == {"file", "line", "column", "severity", "code", "message", "suggestion"}
    assert first["file"] == "tests/cases/invalid/unknown-keys.yaml"


def test_text_is_location_code_message_then_indented_suggestion() -> None:
    lines = run("check", "tests/cases/invalid/straight-quotes.yaml").stdout.splitlines()
    assert lines[0].startswith("tests/cases/invalid/straight-quotes.yaml:7:12: error[quote-not-found] ")
    assert all(line.startswith("    ") for line in lines[1:-1])
    assert lines[-1] == "failed: checked 1 file, 1 claim, 1 citation: 1 error, 0 warnings"


def test_github_format_is_the_default_under_github_actions() -> None:
    result = run("check", "tests/cases/invalid/straight-quotes.yaml", env={"GITHUB_ACTIONS": "true"})
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=tests/cases/invalid/straight-quotes.yaml,line=7,col=12,"
                            "title=quote-not-found::")
    assert "%0A" in first  # the suggestion travels in the same annotation


def test_exit_0_on_the_repository_claims_and_warnings_allowed(make_project) -> None:  # type: ignore[no-untyped-def]
    assert run("check").returncode == 0
    root = make_project(seeds={"new-source.txt": "text"})
    result = run("--root", str(root), "check")
    assert result.returncode == 0 and "warning[stale-editor-schema]" in result.stdout


def test_exit_1_when_any_error() -> None:
    assert run("check", str(CASES / "invalid" / "empty.yaml")).returncode == 1


@pytest.mark.parametrize("args", [
    ("check", "--format", "xml"),
    ("check", "claims/does-not-exist.yaml"),
    ("frobnicate",),
])
def test_exit_2_on_bad_usage(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr


def test_exit_2_when_the_project_is_misconfigured(tmp_path: Path) -> None:
    result = run("--root", str(tmp_path), "check")
    assert result.returncode == 2 and "schema/" in result.stderr
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "verdicts.schema.json").write_text("{not json")
    result = run("--root", str(tmp_path), "check")
    assert result.returncode == 2 and "verdict scale" in result.stderr


def test_check_of_one_file_uses_all_claims_for_related_ids() -> None:
    result = run("check", "tests/cases/valid/related-existing-claim.yaml")
    assert result.returncode == 0, result.stdout


def test_a_failed_check_never_touches_site(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project({"bad.yaml": "claim: [unclosed\n"})
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous build")
    result = run("--root", str(root))
    assert result.returncode == 1 and "claims/bad.yaml:2:1: error[yaml-syntax]" in result.stderr
    assert "the list in square brackets that starts at line 1, column 8 is not closed" in result.stderr
    assert (root / "site" / "index.html").read_text() == "previous build"
