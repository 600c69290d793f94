"""`fix`, `schema` and `new` write through one helper: an analyst's edit made meanwhile is never
overwritten, a failure is one line, and no temporary file is ever left behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.checker import Project
from factcheck.files import WriteFailed, write_atomically
from factcheck.fix import apply_fixes, plan_fixes

from .conftest import ALPHA, REPO, Repo

CORRECTED = ALPHA.replace("The mayor called", "The mayor, Jane Roe, called")
STALE = "claims/libraries-cut-12-percent.yaml"


def temporary_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.name.endswith(".tmp"))


def test_fix_never_overwrites_an_edit_saved_after_it_read_the_file(repo: Repo) -> None:
    repo.write("seeds/alpha.txt", CORRECTED)
    plan = plan_fixes(Project(repo.root))
    assert [fix.file for fix in plan.files] == [STALE]
    saved = repo.read(STALE).replace("Critics of the council", "Critics of the mayor")
    repo.write(STALE, saved)  # the analyst saves while fix runs

    skipped = apply_fixes(plan)

    assert repo.read(STALE) == saved
    assert [(s.file, s.reason.split(" (")[0]) for s in skipped] == [
        (STALE, "not rewritten: it changed since fix read it")]
    assert temporary_files(repo.root) == []


def test_fix_reports_a_folder_or_an_unreadable_claim_in_one_line(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    (repo.root / "claims" / "folder.yaml").mkdir()
    status, out, err = repo.run(capsys, "fix")
    assert status == 1 and "Traceback" not in err
    assert "claims/folder.yaml:1:1: error[unreadable] cannot read the file: it is a folder, not a file" in err


def test_write_atomically_leaves_no_temporary_file_when_it_fails(tmp_path: Path) -> None:
    target = tmp_path / "claims" / "x.yaml"
    target.parent.mkdir()
    target.write_text("old")
    (tmp_path / "claims" / "a-folder.yaml").mkdir()
    with pytest.raises(WriteFailed, match="it is a folder, not a file"):
        write_atomically(tmp_path / "claims" / "a-folder.yaml", b"new")
    with pytest.raises(WriteFailed, match="it already exists"):
        write_atomically(target, b"new", overwrite=False)
    with pytest.raises(WriteFailed, match="does not exist"):
        write_atomically(tmp_path / "no-such-folder" / "x.yaml", b"new")
    assert target.read_text() == "old" and temporary_files(tmp_path) == []


# --- real faults: a read-only claims/ and a full disk (made with unshare, as root in CI) ------------

def namespace_command() -> list[str] | None:
    if shutil.which("unshare") is None:
        return None
    for command in (["unshare", "--user", "--map-root-user", "--mount"], ["unshare", "--mount"]):
        probe = subprocess.run([*command, "sh", "-c", "mount -t tmpfs -o size=64k none /mnt"],
                               capture_output=True, text=True)
        if probe.returncode == 0:
            return command
    return None


@pytest.fixture(scope="module")
def in_namespace() -> list[str]:
    command = namespace_command()
    if command is None:
        reason = "no private mount namespace (unshare) to make a read-only folder or a full disk"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return command


COMMANDS = {
    "fix": ["fix"],
    "schema": ["schema"],
    "new": ["new", "a-new-claim"],
}


def run_in(namespace: list[str], setup: str, root: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    build = " ".join([sys.executable, str(REPO / "build.py"), "--root", str(root), *command])
    return subprocess.run([*namespace, "sh", "-euc", f"{setup}\n{build} && status=0 || status=$?\nexit $status"],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def prepare(repo: Repo) -> dict[str, bytes]:
    """Something for each command to write: stale offsets, a new source, a new claim."""
    repo.write("seeds/alpha.txt", CORRECTED)
    repo.write("seeds/gamma.txt", "A third article.\n")
    return {p.relative_to(repo.root).as_posix(): p.read_bytes()
            for p in repo.root.rglob("*") if p.is_file() and ".git" not in p.parts}


def assert_one_line_and_nothing_changed(run: subprocess.CompletedProcess[str], reason: str,
                                        root: Path, before: dict[str, bytes]) -> None:
    assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    failures = [line for line in run.stderr.splitlines() if reason in line.lower()]
    assert len(failures) == 1, run.stderr
    after = {p.relative_to(root).as_posix(): p.read_bytes()
             for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}
    after.pop("filler", None)
    assert after == before, sorted(set(after) ^ set(before))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_read_only_folder_gives_one_line(repo: Repo, in_namespace: list[str], command: str) -> None:
    before = prepare(repo)
    folder = repo.root / ("schema" if command == "schema" else "claims")
    setup = f"mount --bind {folder} {folder}\nmount -o remount,bind,ro {folder}"
    run = run_in(in_namespace, setup, repo.root, COMMANDS[command])
    assert_one_line_and_nothing_changed(run, "read-only", repo.root, before)


DIGESTS = """
import hashlib, json, sys
from pathlib import Path
root = Path(sys.argv[1])
print(json.dumps({p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                  for p in root.rglob("*") if p.is_file() and ".git" not in p.parts and p.name != "filler"}))
"""


def digests(root: Path) -> dict[str, str]:
    import json

    return json.loads(subprocess.run([sys.executable, "-c", DIGESTS, str(root)], capture_output=True,
                                     text=True, check=True).stdout)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_full_disk_gives_one_line(repo: Repo, tmp_path: Path, in_namespace: list[str], command: str) -> None:
    """The project on a small tmpfs filled to the last byte: the command says so in one line,
    exits 1, and leaves every file as it was and no temporary file."""
    import json

    prepare(repo)
    before = digests(repo.root)
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    root = disk / "project"
    build = " ".join([sys.executable, str(REPO / "build.py"), "--root", str(root), *COMMANDS[command]])
    script = (f"mount -t tmpfs -o size=4m none {disk}\ncp -a {repo.root} {root}\n"
              f"dd if=/dev/zero of={root}/filler bs=4096 2>/dev/null || true\n"
              f"{build} >{out}/stdout 2>{out}/stderr && status=0 || status=$?\n"
              f"echo $status >{out}/status\n"
              f"{sys.executable} -c '{DIGESTS}' {root} >{out}/after\n")
    done = subprocess.run([*in_namespace, "sh", "-euc", script], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    stderr = (out / "stderr").read_text()
    assert (out / "status").read_text().strip() == "1", stderr
    assert "Traceback" not in stderr, stderr
    assert len([line for line in stderr.splitlines() if "no space left" in line.lower()]) == 1, stderr
    assert json.loads((out / "after").read_text()) == before  # unchanged, and no temporary file
