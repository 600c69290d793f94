"""What a hostile or careless repository can do to `check`: each case once broke the desk.

Files: only regular files inside the repository are read, never through a link, never blocking,
with a size bound. Inputs: no traceback, whatever the YAML, the number or the nesting. Paths on
the command line mean what they say. Reports: escaped, valid UTF-8, no absolute path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.checker import Project
from factcheck.diagnostics import ConfigurationError
from factcheck.files import CLAIM_LIMIT

from .conftest import REPO

SOURCE = "000_a2aed372d15f7cc4"
SECRET = "SECRET-c0ffee-not-for-the-site"


def run(*args: str, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, env={**env, "PYTHONPATH": str(REPO)}, timeout=timeout)


def valid_claim(root: Path) -> str:
    body = Project(root).library.get(SOURCE).body  # type: ignore[union-attr]
    quote = body[body.index(" ", 100) + 1:body.index(" ", 150)]
    return ("claim: A claim.\nclaimant: Someone\nverdict: supported\nsummary: It is so.\n"
            f"evidence:\n  - source: {SOURCE}\n    quote: {json.dumps(quote)}\n    stance: supports\n")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"claim: {SECRET}\n{SECRET}\n", encoding="utf-8")
    return path


def assert_not_leaked(result: subprocess.CompletedProcess[str], tmp_path: Path) -> None:
    shown = result.stdout + result.stderr
    assert SECRET not in shown and str(tmp_path) not in shown and "Traceback" not in shown, shown


# --- 1, 4: only regular files inside the repository, bounded ----------------------------------------

def test_a_source_linked_outside_the_repository_is_refused(make_project, secret: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_project()
    (root / "seeds" / "leak.txt").symlink_to(secret)
    result = run("--root", str(root), "check", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    found = [d for d in report["diagnostics"] if d["file"] == "seeds/leak.txt"]
    assert [(d["line"], d["column"], d["code"]) for d in found] == [(1, 1, "unreadable")]
    assert "symbolic link" in found[0]["message"]
    assert_not_leaked(result, tmp_path)


def test_a_claim_linked_to_a_file_of_the_repository_is_refused_too(make_project) -> None:  # type: ignore[no-untyped-def]
    """The rule: no link is followed, even inside the repository (handbook/writing-claims.md)."""
    root = make_project({"real.yaml": valid_claim(REPO)})
    (root / "claims" / "linked.yaml").symlink_to(root / "claims" / "real.yaml")
    result = Project(root).check()
    assert [(d.file, d.code) for d in result.diagnostics] == [("claims/linked.yaml", "unreadable")]
    assert set(result.checked) == {"real"}


def test_a_fifo_in_claims_never_blocks_the_check(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project()
    os.mkfifo(root / "claims" / "pipe.yaml")
    result = run("--root", str(root), "check", timeout=60)  # it hung forever
    assert result.returncode == 1
    assert "claims/pipe.yaml:1:1: error[unreadable] cannot read the file: it is a named pipe" in result.stdout


def test_a_device_or_a_folder_named_as_a_claim_is_refused(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project()
    (root / "claims" / "folder.yaml").mkdir()
    made_device = True
    try:
        os.mknod(root / "claims" / "zero.yaml", 0o600 | 0o020000, os.makedev(1, 5))
    except PermissionError:
        made_device = False  # only root may make a device
    codes = {(d.file, d.code, d.message.split(": ", 1)[-1]) for d in Project(root).check().diagnostics}
    assert ("claims/folder.yaml", "unreadable", "it is a folder, not a file") in codes
    if made_device:
        assert ("claims/zero.yaml", "unreadable", "it is a device, not a regular file") in codes


def test_a_file_over_the_size_bound_is_refused_without_reading_it(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project()
    with open(root / "claims" / "huge.yaml", "wb") as handle:
        handle.truncate(CLAIM_LIMIT + 1)
    (d,) = Project(root).check().diagnostics
    assert (d.file, d.line, d.column, d.code) == ("claims/huge.yaml", 1, 1, "unreadable")
    assert "may be at most 1.0 MiB" in d.message


def test_a_symlink_loop_is_a_located_error(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project()
    (root / "claims" / "loop.yaml").symlink_to(root / "claims" / "loop.yaml")
    (root / "seeds" / "loop.txt").symlink_to(root / "seeds" / "loop.txt")
    found = {(d.file, d.code) for d in Project(root).check().diagnostics}
    assert {("claims/loop.yaml", "unreadable"), ("seeds/loop.txt", "unreadable")} <= found


def test_seeds_or_claims_linked_out_of_the_repository_exit_2(make_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_project()
    elsewhere = tmp_path / "elsewhere-seeds"
    shutil.move(str(root / "seeds"), elsewhere)
    (root / "seeds").symlink_to(elsewhere)
    result = run("--root", str(root), "check")
    assert result.returncode == 2 and "seeds/: it is a symbolic link" in result.stderr
    assert str(tmp_path) not in result.stderr


def test_an_unreadable_seed_is_a_located_error(make_project) -> None:  # type: ignore[no-untyped-def]
    """Permission denied (as root, with the capability to bypass permissions dropped)."""
    root = make_project()
    seed = root / "seeds" / f"{SOURCE}.txt"
    seed.chmod(0)
    command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "check"]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions stop nothing")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                   "--inh-caps=-dac_override,-dac_read_search", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"seeds/{SOURCE}.txt:1:1: error[unreadable] cannot read the source: permission denied" in result.stdout


# --- 5: no traceback from any input ------------------------------------------------------------------

@pytest.mark.parametrize("value,code,line", [
    ("{a: " * 500 + "x" + "}" * 500, "yaml-too-deep", 9),
    ("".join("\n" + "  " * (i + 1) + "a:" for i in range(600)) + " x", "yaml-too-deep", 9 + 32),
    ("[" * 5000 + "]" * 5000, "yaml-too-deep", 9),
    ("9" * 5000, "yaml-number-too-long", 9),
], ids=["500-flow-mappings", "600-block-mappings", "5000-flow-lists", "5000-digits"])
def test_deep_nesting_and_huge_numbers_are_located_errors(make_project, value: str, code: str,  # type: ignore[no-untyped-def]
                                                          line: int) -> None:
    root = make_project({"deep.yaml": valid_claim(REPO) + f"note: {value}\n"})
    found = [(d.line, d.code) for d in Project(root).check().diagnostics if d.code == code]
    assert found and found[0][0] == line, found


def test_deep_front_matter_in_a_seed_is_a_located_error(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project(seeds={"deep.md": "---\ntitle: " + "[" * 1000 + "]" * 1000 + "\n---\nBody.\n"})
    found = [(d.file, d.line, d.code) for d in Project(root).check().diagnostics]
    assert ("seeds/deep.md", 2, "yaml-too-deep") in found


# --- 12: seed dates are real dates ----------------------------------------------------------------------

@pytest.mark.parametrize("date", ["2024-13-45", "0000-00-00", "2025-02-30"])
def test_impossible_front_matter_dates_are_errors(make_project, date: str) -> None:  # type: ignore[no-untyped-def]
    root = make_project(seeds={"dated.md": f"---\ntitle: T\npublished: '{date}'\n---\nBody.\n"})
    found = [d for d in Project(root).check().diagnostics if d.file == "seeds/dated.md"]
    assert [(d.line, d.code) for d in found] == [(3, "source-front-matter")]
    assert "not a real calendar date" in found[0].message


# --- 7: what check passes, the build builds -------------------------------------------------------------

def test_reserved_claim_and_source_ids_are_rejected_with_the_reason(make_project) -> None:  # type: ignore[no-untyped-def]
    body = "A body.\n"
    root = make_project({"index.yaml": valid_claim(REPO)},
                        seeds={"index.txt": body, "README.md": body, "Index.txt": body})
    found = {(d.file, d.code) for d in Project(root).check().diagnostics}
    assert {("claims/index.yaml", "bad-claim-id"), ("seeds/index.txt", "bad-source-id"),
            ("seeds/README.md", "bad-source-id"), ("seeds/Index.txt", "bad-source-id")} <= found
    message = next(d.message for d in Project(root).check().diagnostics if d.file == "claims/index.yaml")
    assert "the page that lists the claims" in message


def test_a_summary_nested_600_deep_is_rejected_at_its_line(make_project) -> None:  # type: ignore[no-untyped-def]
    claim = valid_claim(REPO).replace("summary: It is so.", "summary: " + json.dumps("- " * 600 + "x"))
    root = make_project({"deep-summary.yaml": claim})
    (d,) = Project(root).check().diagnostics
    assert (d.line, d.column, d.code) == (4, 10, "unpublishable-markdown")
    assert "600 levels deep" in d.message and "at most 16" in d.message


# --- 8: paths mean what they say ---------------------------------------------------------------------

@pytest.mark.parametrize("paths,message", [
    (("docs",), "docs holds no claim files"),
    (("",), "an empty path was given"),
    ((".",), "is the repository itself"),
    (("claims/nothing-here.yaml",), "no such file"),
])
def test_paths_that_name_no_claim_are_usage_errors(make_project, paths: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    root = make_project({"a-claim.yaml": "claim: [broken\n"})
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n")
    for command in ("check", "fix"):
        result = run("--root", str(root), command, *paths, cwd=root)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert message in result.stderr and result.stdout == "", (command, result.stderr)


def test_fix_of_an_empty_folder_rewrites_nothing(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project({"stale.yaml": valid_claim(REPO).replace("stance:", "start: 0\n    end: 3\n    stance:")})
    before = (root / "claims" / "stale.yaml").read_bytes()
    (root / "empty").mkdir()
    result = run("--root", str(root), "fix", "empty", cwd=root)
    assert result.returncode == 2 and "empty holds no claim files" in result.stderr
    assert (root / "claims" / "stale.yaml").read_bytes() == before


def test_a_claim_file_outside_the_repository_exit_2(make_project, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    root = make_project()
    outside = tmp_path_factory.mktemp("elsewhere") / "elsewhere.yaml"
    outside.write_text(valid_claim(REPO))
    result = run("--root", str(root), "check", str(outside), cwd=root)
    assert result.returncode == 2 and "is outside the repository" in result.stderr


def test_claims_in_subfolders_and_odd_suffixes_are_reported(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project({"upper.YAML": valid_claim(REPO), "short.yml": valid_claim(REPO)})
    (root / "claims" / "sub").mkdir()
    (root / "claims" / "sub" / "nested.yaml").write_text(valid_claim(REPO))
    found = {(d.file, d.code) for d in Project(root).check().diagnostics}
    assert {("claims/upper.YAML", "bad-claim-file"), ("claims/short.yml", "bad-claim-file"),
            ("claims/sub/nested.yaml", "bad-claim-file")} <= found


def test_a_missing_claims_folder_is_a_configuration_error(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project()
    (root / "claims").rmdir()
    with pytest.raises(ConfigurationError, match="there is no claims/ folder"):
        Project(root)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous build")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    result = run("--root", str(root))
    assert result.returncode == 2 and "there is no claims/ folder" in result.stderr
    assert (root / "site" / "index.html").read_text() == "previous build"


# --- 15: usage errors in one line ---------------------------------------------------------------------

@pytest.mark.parametrize("args", [("frobnicate",), ("check", "--format", "xml"), ("check", "--jobs", "x")])
def test_a_usage_error_is_one_line(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("build.py: error: "), result.stderr


# --- 11: reports escape what a name or a key holds -------------------------------------------------------

def test_control_characters_in_keys_are_escaped_in_the_text_report(make_project) -> None:  # type: ignore[no-untyped-def]
    forged = "x\\nok: checked 1 file, 1 claim\\e[2K"  # YAML escapes: a line break and ESC
    root = make_project({"forged.yaml": valid_claim(REPO) + f'"{forged}": 1\n'})
    result = run("--root", str(root), "check")
    lines = result.stdout.splitlines()
    assert not any(line.startswith("ok:") for line in lines), result.stdout
    assert "\x1b" not in result.stdout
    assert any("unknown key 'x\\nok: checked 1 file, 1 claim\\x1b[2K'" in line for line in lines), result.stdout


def test_json_is_valid_utf8_whatever_a_file_is_called(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project()
    bad_name = os.fsencode(str(root / "claims")) + b"/caf\xe9.yaml"
    with open(bad_name, "wb") as handle:
        handle.write(valid_claim(REPO).encode())
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "check",
                             "--format", "json"], capture_output=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1 and b"Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout.decode("utf-8"))  # strict: valid UTF-8
    assert "claims/caf\\xe9.yaml" in {d["file"] for d in report["diagnostics"]}
