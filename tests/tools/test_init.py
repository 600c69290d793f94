"""`factcheck init DIR`: a new desk that checks and builds at once, from a plain install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.init import desk_files

REPO = Path(__file__).resolve().parents[2]
DEFAULTS = REPO / "factcheck" / "defaults"


@pytest.mark.parametrize("default,own", [
    ("schema/claim.schema.json", "schema/claim.schema.json"),
    ("schema/verdicts.schema.json", "schema/verdicts.schema.json"),
    ("pre-commit-config.yaml", ".pre-commit-config.yaml"),
    ("build.py", "build.py"),
])
def test_a_default_that_is_this_repositorys_own_file_is_the_same_file(default: str, own: str) -> None:
    assert (DEFAULTS / default).read_bytes() == (REPO / own).read_bytes(), \
        f"factcheck/defaults/{default} and {own} differ: copy one onto the other"


@pytest.mark.parametrize("workflow", ["check.yml", "pages.yml"])
def test_the_new_desks_workflows_are_this_repositorys_but_for_how_the_tool_is_installed(workflow: str) -> None:
    # A new desk installs the tool from requirements.txt; this repository installs itself.
    own = (REPO / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
    expected = (own.replace("cache-dependency-path: pyproject.toml", "cache-dependency-path: requirements.txt")
                .replace("python -m pip install -e .", "python -m pip install -r requirements.txt"))
    assert (DEFAULTS / "github" / "workflows" / workflow).read_text(encoding="utf-8") == expected, \
        f"factcheck/defaults/github/workflows/{workflow} has drifted from .github/workflows/{workflow}"


def test_the_new_desks_site_configuration_is_this_repositorys_but_for_its_name() -> None:
    # Everything from docs_dir on (theme, plugins, navigation) is the same: a new desk publishes
    # the same pages as this one.
    own = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    new = (DEFAULTS / "mkdocs.yml").read_text(encoding="utf-8")
    assert new[new.index("docs_dir:"):] == own[own.index("docs_dir:"):], \
        "factcheck/defaults/mkdocs.yml has drifted from mkdocs.yml"


def test_init_refuses_a_directory_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not empty" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_starting_texts_show_readers_no_placeholder() -> None:
    for name, data in desk_files().items():
        text = data.decode("utf-8")
        for placeholder in ("PUBLISHED_DATE", "VERSION\n", "TODO", "Lorem", "Your Name", "example.com"):
            assert placeholder not in text, (name, placeholder)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


_TOP_LEVEL_LEFT_OUT = {".git", "site", "node_modules", "build", "tests", "bench"}


def _not_packaged(directory: str, names: list[str]) -> set[str]:
    """What the wheel's source copy leaves out: the repository's built site, tests and caches,
    but not the package's own folders of the same names (factcheck/site is the site builder)."""
    top = Path(directory) == REPO
    return {n for n in names if (top and (n in _TOP_LEVEL_LEFT_OUT or n.startswith(".site-")))
            or n == "__pycache__" or n.endswith(".egg-info")}


def test_init_from_a_wheel_in_a_fresh_environment_checks_and_builds(tmp_path: Path) -> None:
    """Build a wheel of the package, install it into a new virtual environment (its dependencies
    from this one: no download), and start a desk outside this repository."""
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=_not_packaged)
    wheels = tmp_path / "wheels"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                  "--no-index", "-w", str(wheels), str(source)], cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = wheels.glob("factcheck_desk-*.whl")

    env_dir = tmp_path / "env"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    clean = {k: v for k, v in os.environ.items()
             if k not in ("PYTHONPATH", "FACTCHECK_ENGINE", "GITHUB_ACTIONS", "VIRTUAL_ENV")}
    clean["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{clean.get('PATH', '')}"
    # pip of this interpreter installs into the new environment (it has none of its own);
    # --no-deps: the dependencies are the ones this environment already has
    installed = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                      "--no-index", "--ignore-installed", str(wheel)], cwd=tmp_path, env=clean)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    where = _run([str(python), "-c", "import factcheck; print(factcheck.__file__)"], cwd=tmp_path, env=clean)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr  # not this repository's copy
    # The site builder too: an editable install's finder would otherwise supply what the wheel lacks.
    builder = _run([str(python), "-c", "import factcheck.site.plugin as p; print(p.__file__)"], cwd=tmp_path, env=clean)
    assert str(env_dir) in builder.stdout, builder.stdout + builder.stderr

    desk = tmp_path / "new-desk"
    made = _run([str(env_dir / "bin" / "factcheck"), "init", str(desk)], cwd=tmp_path, env=clean)
    assert made.returncode == 0, made.stdout + made.stderr
    checked = _run([str(python), "build.py", "check"], cwd=desk, env=clean)
    assert checked.returncode == 0 and checked.stdout.startswith("ok: checked 1 file, 1 claim"), \
        checked.stdout + checked.stderr
    assert "warning" not in checked.stdout.replace("0 warnings", "")  # the example meets the house rules
    site = _run([str(python), "build.py"], cwd=desk, env=clean)
    assert site.returncode == 0, site.stdout + site.stderr
    claim = (desk / "site" / "claims" / "quotes-are-checked-before-publication" / "index.html").read_text(encoding="utf-8")
    assert "does not build the site when a quoted passage is not in its source" in claim
    for page in ("about", "methodology", "corrections", "sources/factcheck-desk-guide"):
        assert (desk / "site" / page / "index.html").is_file(), page
    hooks = _run([str(env_dir / "bin" / "factcheck"), "check"], cwd=desk, env=clean)
    assert hooks.returncode == 0, hooks.stdout + hooks.stderr  # the pre-commit entry point too
    again = _run([str(env_dir / "bin" / "factcheck"), "init", str(desk)], cwd=tmp_path, env=clean)
    assert again.returncode == 2 and "is not empty" in again.stderr


def test_the_new_desks_workflows_pass_actionlint(tmp_path: Path) -> None:
    from .test_ci_files import actionlint

    assert main(["init", str(tmp_path / "desk")]) == 0
    workflows = sorted((tmp_path / "desk" / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["check.yml", "pages.yml"]
    result = actionlint(*workflows, cwd=tmp_path / "desk")
    assert result.returncode == 0, result.stdout + result.stderr
