"""Faults: a build killed midway leaves the previous site/ intact; a read-only or full output
directory gives a clear one-line error, exit status 1, and the previous site/ as it was.

The faults are real, not simulated. Tests run as root in CI, where file permissions stop
nothing, so the read-only directory is a read-only bind mount and the full one a small tmpfs,
both made in a private mount namespace (`unshare`; a user namespace when the kernel allows it,
else root's own capability), which disappears with the build.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import pytest

from site_gates import REPO, Site, build_env, differences, tree_digest

BUILD = [sys.executable, str(REPO / "build.py")]


def copy_with_site(built_site: Site, target: Path) -> Path:
    """The built project (inputs and its site/) copied to ``target``."""
    shutil.copytree(built_site.root, target, symlinks=True)
    return target


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-"))


def touched(site: Path, before: dict[str, str]) -> bool:
    """Whether a build has started to change ``site`` (cheap: the listing, not the contents)."""
    try:
        return not site.is_dir() or len(list(site.iterdir())) != len(
            [p for p in before if "/" not in p.rstrip("/")])
    except FileNotFoundError:
        return True


def pages_written(root: Path) -> int:
    """HTML pages in the build's staging directories so far (they come and go as we look)."""
    count = 0
    for staging in root.glob(".site-new-*"):
        try:
            count += sum(1 for _ in staging.rglob("*.html"))
        except FileNotFoundError:
            pass
    return count


# --- killed midway ------------------------------------------------------------------------------------

def test_a_build_killed_midway_leaves_the_previous_site(built_site: Site, tmp_path: Path) -> None:
    """SIGKILL while MkDocs writes pages (twice), and once at the moment site/ starts to change:
    site/ is always the whole old site or the whole new one, and the next build works."""
    root = copy_with_site(built_site, tmp_path / "project")
    old = tree_digest(root / "site")
    # Make the next build differ from the last, so a half-swapped site/ could not pass for either.
    with open(root / "docs" / "index.md", "a", encoding="utf-8") as page:
        page.write("\nA paragraph added after the last build.\n")
    reference = tmp_path / "reference"
    shutil.copytree(root, reference, ignore=shutil.ignore_patterns("site"))
    run = subprocess.run([*BUILD, "--root", str(reference), "build"], env=build_env(),
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    new = tree_digest(reference / "site")
    assert differences(old, new) != []

    def reset() -> None:
        for leftover in [root / "site", *root.glob(".site-*")]:
            shutil.rmtree(leftover, ignore_errors=True)
        shutil.copytree(built_site.site, root / "site")

    kills = {"midway": 0, "at the swap": 0}
    plan = ["midway", "midway", "at the swap", "midway", "midway", "at the swap"] * 2
    for moment in plan:
        if kills[moment] >= (2 if moment == "midway" else 1):
            continue
        process = subprocess.Popen([*BUILD, "--root", str(root), "build"], env=build_env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while process.poll() is None and time.monotonic() < deadline:
                writing = pages_written(root) >= 3
                if (moment == "midway" and writing) or touched(root / "site", old):
                    os.kill(process.pid, signal.SIGKILL)
                    break
                time.sleep(0.001)
        finally:
            returncode = process.wait(timeout=60)
        after = tree_digest(root / "site") if (root / "site").is_dir() else {}
        assert after in (old, new), (
            f"killed {moment}: site/ is " + ("missing" if not after else "neither the old nor the new site")
            + f"; {differences(old, after)[:5]}")
        if returncode == -signal.SIGKILL:
            kills[moment] += 1
        else:  # the build finished before it could be killed
            assert returncode == 0, "the build failed on its own"
        reset()
    assert kills["midway"] >= 2, "could not kill a build while it was writing pages"
    # The next build after a kill works, and replaces the site.
    run = subprocess.run([*BUILD, "--root", str(root), "build"], env=build_env(),
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert tree_digest(root / "site") == new


# --- read-only and full output directories ---------------------------------------------------------

@cache
def namespace_command() -> list[str] | None:
    """How to get a private mount namespace here, or None if this machine allows none."""
    if shutil.which("unshare") is None:
        return None
    for command in (["unshare", "--user", "--map-root-user", "--mount"], ["unshare", "--mount"]):
        probe = subprocess.run([*command, "sh", "-c", "mount -t tmpfs -o size=64k none /mnt 2>/dev/null "
                                "|| mount -t tmpfs -o size=64k none \"$TMPDIR\""],
                               capture_output=True, text=True, env={**os.environ, "TMPDIR": "/tmp"})
        if probe.returncode == 0:
            return command
    return None


@pytest.fixture
def in_namespace() -> list[str]:
    command = namespace_command()
    if command is None:
        reason = "no private mount namespace (unshare) available to make a read-only or full directory"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return command


def run_in_namespace(command: list[str], script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command, "sh", "-euc", script], capture_output=True, text=True,
                          timeout=300, cwd=cwd, env=build_env())


def assert_clear_error(stderr: str, returncode: int, reason: str) -> None:
    assert returncode == 1, f"exit status {returncode}:\n{stderr}"
    assert "Traceback" not in stderr, stderr
    # The check's warnings (house rules at 'warning') come first, ending with its summary line.
    report, summary, after = stderr.partition("\nok: checked ")
    lines = [line for line in (after.split("\n", 1)[-1] if summary else stderr).splitlines() if line.strip()]
    assert lines and lines[0].startswith("build.py:"), stderr
    assert reason in lines[0].lower(), f"the first line does not say {reason!r}:\n{stderr}"
    assert "site/" in stderr and "left as it was" in stderr, stderr


def test_a_read_only_output_directory_gives_a_clear_error(
        built_site: Site, tmp_path: Path, in_namespace: list[str]) -> None:
    root = copy_with_site(built_site, tmp_path / "project")
    before = tree_digest(root / "site")
    build = " ".join(map(shlex.quote, [*BUILD, "--root", str(root), "build"]))
    script = (f"mount --bind {shlex.quote(str(root))} {shlex.quote(str(root))}\n"
              f"mount -o remount,bind,ro {shlex.quote(str(root))}\n"
              f"touch {shlex.quote(str(root / 'site' / 'probe'))} 2>/dev/null && exit 99\n"
              f"{build} && status=0 || status=$?\n"
              "exit $status")
    run = run_in_namespace(in_namespace, script, tmp_path)
    assert run.returncode != 99, "the bind mount did not make the directory read-only"
    assert_clear_error(run.stderr, run.returncode, "read-only")
    assert differences(before, tree_digest(root / "site")) == []
    assert leftovers(root) == []


def test_a_full_output_directory_gives_a_clear_error(
        built_site: Site, tmp_path: Path, in_namespace: list[str]) -> None:
    """The project on a tmpfs with room for itself and its site, but not for a second site
    (the new one is built beside the old): the build runs out of space while writing pages."""
    project_bytes = sum(p.stat().st_size for p in built_site.root.rglob("*") if p.is_file())
    site_bytes = sum(p.stat().st_size for p in built_site.site.rglob("*") if p.is_file())
    size_kib = (project_bytes + site_bytes // 3) // 1024 + 256  # tmpfs also counts per-file pages
    disk = tmp_path / "disk"
    disk.mkdir()
    root = disk / "project"
    report = tmp_path / "report.json"
    inside = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})\n"
        "from site_gates import tree_digest\n"
        f"root = __import__('pathlib').Path({str(root)!r})\n"
        "json.dump({'site': tree_digest(root / 'site'),\n"
        "           'leftovers': sorted(p.name for p in root.iterdir() if p.name.startswith('.site-'))},\n"
        f"          open({str(report)!r}, 'w'))\n")
    build = " ".join(map(shlex.quote, [*BUILD, "--root", str(root), "build"]))
    script = (f"mount -t tmpfs -o size={size_kib}k none {shlex.quote(str(disk))}\n"
              f"cp -a {shlex.quote(str(built_site.root))} {shlex.quote(str(root))}\n"
              f"{build} && status=0 || status=$?\n"
              f"df -k {shlex.quote(str(disk))} >&2\n"
              f"{shlex.quote(sys.executable)} -c {shlex.quote(inside)}\n"
              "exit $status")
    run = run_in_namespace(in_namespace, script, tmp_path)
    stderr = run.stderr.split("Filesystem")[0]  # df's report follows the build's own output
    assert_clear_error(stderr, run.returncode, "no space left")
    seen = json.loads(report.read_text(encoding="utf-8"))
    assert differences(tree_digest(built_site.site), seen["site"]) == []
    assert seen["leftovers"] == []


# --- killed at each step of putting the new site in place ------------------------------------------

KILL_AT_STEP = """
import os, signal, sys
from pathlib import Path
from factcheck.site.build import swap_into

step, steps = int(sys.argv[1]), 0
# Renames, links, foreign calls (renameat2) and the start of each tree removal; not the
# per-file deletions inside a removal, which would only multiply the runs.
CHANGES = {"os.rename", "os.replace", "shutil.rmtree", "shutil.move", "os.symlink", "os.link",
           "ctypes.dlopen", "ctypes.call_function"}

def kill_at_step(event, args):
    # Audit events come before the operation: killing at step k leaves steps 1..k-1 done.
    global steps
    if event in CHANGES:
        steps += 1
        if steps == step:
            os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(kill_at_step)
swap_into(Path(sys.argv[2]), Path(sys.argv[3]))
"""


def test_a_build_killed_at_any_step_of_the_swap_leaves_a_whole_site(built_site: Site, tmp_path: Path) -> None:
    """The swap of the new site for the old is the one moment a kill could leave no site/ or a
    mix. Killed (SIGKILL, for real) before each of its file-system operations in turn, it leaves
    site/ either wholly old or wholly new."""
    old_digest = tree_digest(built_site.site)
    new_site = tmp_path / "new-site"
    shutil.copytree(built_site.site, new_site)
    (new_site / "index.html").write_text("<!doctype html><title>new</title>", encoding="utf-8")
    new_digest = tree_digest(new_site)
    finished = False
    for step in range(1, 20):
        root = tmp_path / f"step-{step}"
        shutil.copytree(built_site.site, root / "site")
        shutil.copytree(new_site, root / ".site-new-test")
        run = subprocess.run([sys.executable, "-c", KILL_AT_STEP, str(step), str(root / ".site-new-test"),
                              str(root / "site")], capture_output=True, text=True, timeout=120,
                             env=build_env())
        after = tree_digest(root / "site") if (root / "site").is_dir() else {}
        assert after in (old_digest, new_digest), (
            f"killed before step {step} of the swap: site/ is "
            + ("missing" if not after else "a mix of the old and new sites") + f"; left {sorted(p.name for p in root.iterdir())}")
        shutil.rmtree(root)
        if run.returncode == 0:
            finished = True
            break
        assert run.returncode == -signal.SIGKILL, run.stderr
    assert finished and step > 1, "the swap made no file-system change to kill it at"
