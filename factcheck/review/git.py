"""Reading a revision from git without a checkout: the files of its tree, as bytes in memory.

``git ls-tree`` lists the tree and one ``git cat-file --batch`` run reads every blob, so that
comparing with a revision (``diff``, ``check --base``) neither touches the working tree nor
leaves anything behind.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..diagnostics import ConfigurationError

DEFAULT_BRANCH = "main"
GIT_TIMEOUT = 120


class GitError(ConfigurationError):
    """git ran and failed; ``detail`` is the last line of what it said (empty if nothing)."""

    def __init__(self, message: str, detail: str) -> None:
        super().__init__(message)
        self.detail = detail


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True,
                              timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError as exc:
        raise ConfigurationError("git is not installed: comparing with a revision reads it with git") from exc
    except subprocess.TimeoutExpired as exc:
        raise ConfigurationError(f"git {args[0]} took more than {GIT_TIMEOUT} s") from exc
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else ""
        raise GitError(f"git {args[0]} failed: {detail or f'exit status {proc.returncode}'}", detail)
    return proc.stdout


def default_base(root: Path) -> str:
    """The merge-base of HEAD and main (or origin/main, in a clone without a local main)."""
    problem: ConfigurationError | None = None
    for branch in (DEFAULT_BRANCH, f"origin/{DEFAULT_BRANCH}"):
        try:
            return _git(root, "merge-base", "HEAD", branch).decode().strip()
        except ConfigurationError as exc:
            problem = problem or exc
    raise ConfigurationError(
        f"cannot find where this branch left '{DEFAULT_BRANCH}' ({problem}); name the revision to "
        "compare with: python build.py diff BASE (e.g. origin/main)")


def resolve_revision(root: Path, revision: str) -> str:
    """The commit ``revision`` names; a ConfigurationError of one line when git cannot read it."""
    shown = " ".join(revision.split())  # one line, whatever was typed
    if revision.startswith("-") or not shown:
        raise ConfigurationError(f"'{shown}' is not a revision")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except GitError as exc:
        # --quiet: an unknown name fails with no message of git's own; anything else says why.
        why = exc.detail or "git knows no branch, tag or commit of that name"
        raise ConfigurationError(f"unknown revision '{shown}': {why} (e.g. origin/main, or a commit id)") from exc


def _blobs(root: Path, shas: list[str]) -> list[bytes]:
    """The contents of many blobs in one ``git cat-file --batch`` run."""
    if not shas:
        return []
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
    contents, at = [], 0
    for _ in shas:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        contents.append(out[header_end + 1:header_end + 1 + size])
        at = header_end + 1 + size + 1  # the content is followed by a line feed
    return contents


def read_tree(root: Path, commit: str, directories: tuple[str, ...]) -> dict[str, bytes]:
    """The files under ``directories`` (of the project at ``root``) at ``commit``, by their path
    relative to the project (``claims/x.yaml``), read into memory in one ``git cat-file`` run."""
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    listing = _git(root, "ls-tree", "-r", "-z", "--full-name", commit, "--", *directories)
    paths, shas = [], []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        path = name.decode("utf-8", "surrogateescape")
        if kind != "blob" or mode == "120000" or not path.startswith(prefix):
            continue  # symlinks and submodules are not part of a fact-check
        paths.append(path[len(prefix):])
        shas.append(sha)
    return dict(zip(paths, _blobs(root, shas)))
