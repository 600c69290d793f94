"""The site builds on MkDocs or on ProperDocs (its maintained fork), chosen by factcheck.site.engine."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_support import REPO, BuiltSite

PACKAGE = REPO / "factcheck"

# Makes the real `mkdocs` unimportable in a subprocess, as on a machine with only ProperDocs
# (ProperDocs' own alias finder goes in front of it, so `mkdocs.*` imports still reach ProperDocs).
BLOCKER = '''\
import sys

class _Blocked:
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") for b in BLOCKED):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

BLOCKED = BLOCKED_NAMES
sys.meta_path.insert(0, _Blocked())
'''

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def run_build(root: Path, tmp: Path, engine: str | None, blocked: tuple[str, ...],
              *args: str) -> subprocess.CompletedProcess[str]:
    hooks = tmp / "blocker"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(BLOCKER.replace("BLOCKED_NAMES", repr(blocked)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("FACTCHECK_ENGINE", "GITHUB_ACTIONS")}
    env["PYTHONPATH"] = os.pathsep.join([str(hooks), str(REPO)])
    if engine is not None:
        env["FACTCHECK_ENGINE"] = engine
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=300)


def copy_of(built: BuiltSite, target: Path) -> Path:
    shutil.copytree(built.project.root, target, ignore=shutil.ignore_patterns("site", ".site-*"))
    return target


def test_the_site_builds_on_properdocs_alone_and_its_pages_are_mkdocs_pages(
        repo_site: BuiltSite, tmp_path: Path) -> None:
    """MkDocs unimportable, ProperDocs chosen: the bundled fact-check builds, and every page is
    the one MkDocs built (but for the generator the page names)."""
    root = copy_of(repo_site, tmp_path / "project")
    run = run_build(root, tmp_path, "properdocs", ("mkdocs",))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("built site/ :"), run.stdout
    site = root / "site"
    mkdocs_files = sorted(p.relative_to(repo_site.site).as_posix() for p in repo_site.site.rglob("*"))
    properdocs_files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert properdocs_files == mkdocs_files
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="generator" content="[^"]*ProperDocs', home), "not built by ProperDocs"
    compared = 0
    for name in mkdocs_files:
        if not name.endswith((".html", ".json", ".jsonld", ".js", ".css", ".txt", ".yaml")):
            continue  # e.g. the sitemap, which carries the build's date
        ours = (site / name).read_bytes().decode("utf-8", "replace")
        theirs = (repo_site.site / name).read_bytes().decode("utf-8", "replace")
        assert GENERATOR.sub("", ours) == GENERATOR.sub("", theirs), name
        compared += 1
    assert compared >= len(repo_site.claims)


def test_properdocs_reports_warnings_as_errors_in_strict_mode(tmp_path: Path) -> None:
    """A broken link in a hand-written page fails the ProperDocs build (strict) and says why."""
    from site_support import copy_project

    root = copy_project(tmp_path / "project")
    (root / "docs" / "index.md").write_text("# Home\n\n[gone](no-such-page.md)\n", encoding="utf-8")
    run = run_build(root, tmp_path, "properdocs", ("mkdocs",))
    assert run.returncode == 1
    assert "no-such-page.md" in run.stderr and "site/ was left as it was" in run.stderr
    assert "Traceback" not in run.stderr and not (root / "site").exists()


@pytest.mark.parametrize("engine,blocked,message", [
    ("pelican", (), "FACTCHECK_ENGINE='pelican': write FACTCHECK_ENGINE=mkdocs or FACTCHECK_ENGINE=properdocs"),
    ("mkdocs", ("mkdocs",), "FACTCHECK_ENGINE=mkdocs, but mkdocs is not installed: pip install 'mkdocs"),
    (None, ("mkdocs", "properdocs"), "the site needs MkDocs or ProperDocs, and neither is installed"),
])
def test_an_engine_that_cannot_run_is_a_configuration_error(
        tmp_path: Path, engine: str | None, blocked: tuple[str, ...], message: str) -> None:
    from site_support import copy_project

    root = copy_project(tmp_path / "project")
    run = run_build(root, tmp_path, engine, blocked)
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith(f"build.py: error: {message}"), run.stderr
    assert "Traceback" not in run.stderr and not (root / "site").exists()


def test_checking_needs_no_site_engine(tmp_path: Path) -> None:
    from site_support import copy_project

    root = copy_project(tmp_path / "project")
    run = run_build(root, tmp_path, None, ("mkdocs", "properdocs", "material"), "check")
    assert run.returncode == 0, run.stdout + run.stderr


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.append(("." * node.level) + (node.module or "") + ":" + ",".join(a.name for a in node.names))
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
    return found


def test_every_module_that_imports_mkdocs_chooses_the_engine_first() -> None:
    importing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "engine.py":
            continue
        imports = _imports(path)
        first_mkdocs = next((i for i, name in enumerate(imports)
                             if name == "mkdocs" or name.startswith(("mkdocs.", "mkdocs:"))), None)
        if first_mkdocs is None:
            continue
        importing.append(path.name)
        chooses = [i for i, name in enumerate(imports)
                   if name in (".:engine", "..:engine", "..site:engine", "factcheck.site:engine")
                   or name.endswith(".engine:") or name == "factcheck.site.engine"]
        assert chooses and chooses[0] < first_mkdocs, f"{path}: import engine before mkdocs"
    assert {"plugin.py", "build.py"} <= set(importing)
