"""A build killed midway leaves its new site beside site/ (.site-new-<pid>-*); the next build
removes such leftovers, and only those whose build is gone: never a running build's."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from site_support import REPO, copy_project, passing_check

from factcheck.site.build import build_site, remove_stale_leftovers

BUILD = [sys.executable, str(REPO / "build.py")]

# A stand-in for a build that is still running: it makes its directory as a build does, locks
# it, says so, and waits to be killed.
RUNNING_BUILD = """
import os, sys, tempfile, time
from pathlib import Path
from factcheck.site.build import _lock
staging = Path(tempfile.mkdtemp(prefix=f".site-new-{os.getpid()}-", dir=sys.argv[1]))
(staging / "index.html").write_text("half a site")
lock = _lock(staging)
print(staging.name, lock is not None, flush=True)
time.sleep(120)
"""


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-"))


def gone_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                             capture_output=True, text=True, check=True)
    return int(process.stdout)


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}


def test_the_build_after_a_killed_one_removes_what_it_left(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    passing_check(root)
    process = subprocess.Popen([*BUILD, "--root", str(root)], env=env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if sum(1 for staging in root.glob(".site-new-*") for _ in staging.rglob("*.html")) >= 3:
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.005)
    finally:
        returncode = process.wait(timeout=60)
    assert returncode == -signal.SIGKILL, "the build ended before it could be killed while writing pages"
    left = leftovers(root)
    assert len(left) == 1 and re.match(rf"\.site-new-{process.pid}t[0-9]+-", left[0]), left
    assert not (root / "site").exists()

    run = subprocess.run([*BUILD, "--root", str(root)], env=env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert leftovers(root) == []
    assert (root / "site" / "index.html").is_file()


def test_a_running_builds_directory_is_left_alone(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    project, result = passing_check(root)
    dead = gone_pid()
    for name in (f".site-new-{dead}-abc123", f".site-old-{dead}-1234"):
        (root / name / "claims").mkdir(parents=True)
        (root / name / "claims" / "index.html").write_text("stale", encoding="utf-8")
    (root / ".site-notes").mkdir()  # not a build's: never touched
    running = subprocess.Popen([sys.executable, "-c", RUNNING_BUILD, str(root)], env=env(),
                               stdout=subprocess.PIPE, text=True)
    try:
        assert running.stdout is not None
        name, locked = running.stdout.readline().split()
        assert locked == "True"
        build_site(project, result)
        assert leftovers(root) == sorted([".site-notes", name])  # the running one is kept
        assert (root / name / "index.html").read_text(encoding="utf-8") == "half a site"
    finally:
        running.kill()
        running.wait(timeout=60)
    # Its build gone, the next clean-up removes it.
    assert remove_stale_leftovers(root) == [name]
    assert leftovers(root) == [".site-notes"]


def test_a_leftover_named_with_a_living_process_is_kept(tmp_path: Path) -> None:
    """Unlocked (as where the file system has no locks), a leftover named with the id of a
    process that still runs stays; one whose process is gone goes."""
    (tmp_path / f".site-new-{os.getppid()}-xyz").mkdir()
    (tmp_path / f".site-new-{gone_pid()}-xyz").mkdir()
    (tmp_path / f".site-new-{os.getpid()}-xyz").mkdir()  # this process's own: kept
    removed = remove_stale_leftovers(tmp_path)
    assert len(removed) == 1
    assert leftovers(tmp_path) == sorted([f".site-new-{os.getppid()}-xyz", f".site-new-{os.getpid()}-xyz"])
