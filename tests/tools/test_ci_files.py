"""The repository's CI and hook files: linted with actionlint and pre-commit's own validators."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO, make_repo

WORKFLOWS = REPO / ".github" / "workflows"


def tool(name: str) -> str:
    """A linter from the test extra; CI must have it, a developer may not have installed it yet."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def actionlint(*files: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool("actionlint"), "-no-color", *map(str, files)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def load(name: str) -> dict[Any, Any]:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as the string "on".
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def test_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} == {"check.yml", "pages.yml"}
    result = actionlint(*files, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_fails_on_a_broken_workflow(tmp_path: Path) -> None:
    """The lint test above can fail: a workflow with real mistakes is rejected."""
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on:\n  pull_request:\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v6\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n"  # script injection
        "      - run: python build.py check\n        if: ${{ steps.nothing.outcome }}\n"
        "      - uses: actions/deploy-pages@v5\n        with:\n          tokn: x\n",  # a typo'd input
        encoding="utf-8")
    result = actionlint(broken, cwd=tmp_path)
    assert result.returncode == 1
    assert "potentially untrusted" in result.stdout
    assert 'input "tokn" is not defined' in result.stdout
    assert 'property "nothing" is not defined' in result.stdout


def test_pull_requests_annotate_summarise_review_and_build() -> None:
    workflow = load("check.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    job = steps(workflow, "check")
    checkout = next(s for s in job if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # check --base and diff need the base branch's history
    runs = [s.get("run", "") for s in job]
    # the corrections rule compares with the base branch of the pull request
    check = runs.index('python build.py check --base "origin/${BASE_REF}" --format github')
    assert job[check]["env"]["BASE_REF"] == "${{ github.base_ref || 'main' }}"
    summary = next(s for s in job if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert summary["if"] == "${{ !cancelled() }}"  # written even when the check fails
    assert 'python build.py check --base "origin/${BASE_REF}" --format text' in summary["run"]
    assert 'python build.py diff "origin/${BASE_REF}"' in summary["run"]
    assert job.index(summary) > check
    assert "python build.py" in runs[check + 1:]  # the site build


def test_main_is_built_and_deployed_with_the_pages_actions() -> None:
    workflow = load("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build = steps(workflow, "build")
    assert any(s.get("run") == "python build.py" for s in build)
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site/"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    # GitHub's Pages starter workflow grants these to the workflow: configure-pages (in the build
    # job) reads the Pages site, deploy-pages needs the OIDC token.
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    for name, job in workflow["jobs"].items():
        assert job.get("permissions", workflow["permissions"]) == workflow["permissions"], name
    assert any(s.get("uses", "").startswith("actions/configure-pages@") for s in build)
    built = next(s for s in build if s.get("run") == "python build.py")
    assert built["env"]["FACTCHECK_SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert built["env"]["FACTCHECK_REPOSITORY_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_pre_commit_files_are_valid_and_agree() -> None:
    pre_commit = tool("pre-commit")
    for command, name in (("validate-manifest", ".pre-commit-hooks.yaml"),
                          ("validate-config", ".pre-commit-config.yaml")):
        result = subprocess.run([pre_commit, command, name], cwd=REPO, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    [offered] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [local] = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    [used] = local["hooks"]
    assert used["id"] == offered["id"] == "factcheck-claims"
    for key in ("files", "pass_filenames", "require_serial"):
        assert used[key] == offered[key]
    # the manifest's entry is the console script the package installs
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert offered["entry"].split()[0] == "factcheck" and scripts["factcheck"] == "factcheck.cli:main_entry"


def test_the_hook_files_pattern_covers_claims_sources_and_schema() -> None:
    [offered] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    pattern = re.compile(offered["files"])
    for path in ("claims/x.yaml", "seeds/000_a.txt", "seeds/x.md", "schema/claim.schema.json"):
        assert pattern.search(path), path
    for path in ("docs/index.md", "factcheck/cli.py", "site/claims.json"):
        assert not pattern.search(path), path


def test_console_script_checks_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from factcheck.cli import main_entry

    repo = make_repo(tmp_path / "consumer", commit=False)
    monkeypatch.chdir(repo.root)
    monkeypatch.setattr(sys, "argv", ["factcheck", "check"])
    with pytest.raises(SystemExit) as exit_:
        main_entry()
    assert exit_.value.code == 0 and "ok: checked 3 files" in capsys.readouterr().out
    repo.write("claims/broken.yaml", "claim: [\n")
    with pytest.raises(SystemExit) as exit_:
        main_entry()
    assert exit_.value.code == 1
