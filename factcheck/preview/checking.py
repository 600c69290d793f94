"""Checking for the live preview: every claim file's result is kept, and a change re-checks only
what it can have changed; the steps across claims (related ids, links to drafts, the editors'
list of source ids) run again on every change, as they cost little. The result is the one a
whole-project check gives (``tests/site/test_preview_checking.py`` compares the two).

- A claim file changed, appeared or disappeared: that file is checked.
- A source changed, appeared or disappeared: the sources are read afresh, and the claims citing
  one that changed are checked again, with every claim that had a problem (its suggestion may
  name another source, or the source it lacked may now exist).
- Anything in schema/ (the schema, the verdict scale, the house rules): everything.

The preview reads only regular files of a bounded size: a named pipe or a device in claims/ would
block the reading, and a huge file would hold the preview for as long as it takes to parse.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ..checker import CheckResult, FileResult, Project
from ..diagnostics import Diagnostic, error
from ..model import CLAIMS_DIR
from .watching import Changes, Stamp, stamp_of

MAX_CLAIM_BYTES = 8 * 1024 * 1024  # a claim of a thousand long citations is well under 1 MB

_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
          stat.S_IFDIR: "a directory", stat.S_IFSOCK: "a socket"}


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def refused(project: Project, path: Path, stamp: Stamp | None) -> FileResult | None:
    """The result for a claim file the preview does not read (not a regular file, or too large),
    with the reason at the file; None for a file it reads."""
    if stamp is None or (stamp.is_regular and stamp.size <= MAX_CLAIM_BYTES):
        return None  # a file that cannot be examined is read, and the checker says why it cannot be
    file = project.relative(path)
    if not stamp.is_regular:
        kind = _KINDS.get(stamp.mode, "something other than a file")
        message = f"this is {kind}, not a file the preview can read: a claim is a plain text file"
        suggestion = "remove it, or replace it with a claim file"
    else:
        message = (f"this file is {_size(stamp.size)}; a claim file is at most {_size(MAX_CLAIM_BYTES)}, "
                   "so the preview does not read it")
        suggestion = "check that it is the claim you meant to save here"
    return FileResult(file, path.stem, [error(file, 1, 1, "unreadable", message, suggestion)])


class IncrementalCheck:
    """The check of one project, kept up to date snapshot by snapshot."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.project: Project | None = None
        self._results: dict[str, FileResult] = {}  # by file name in claims/
        self._names: list[str] | None = None  # the claim files, as the project lists them
        self._listing_problems: list[Diagnostic] = []  # and what that listing found amiss
        self.rechecked = 0  # claim files checked by the last update

    def update(self, changes: Changes) -> CheckResult:
        """The check result after ``changes``.
        Raises ConfigurationError when the project itself is unusable (its schema, its scale)."""
        stale: set[str] | None  # names of claim files to check again; None: every one
        if self.project is None or changes.everything or changes.schema:
            self.project, self._results, self._names, stale = None, {}, None, None
            self.project = Project(self.root)
        elif changes.seeds:
            self.project = Project(self.root)  # a fresh library of sources, and a validator using it
            stale = self._affected_by_sources(changes.seeds) | changes.claims
        else:
            stale = set(changes.claims)
        project = self.project
        directory = project.root / CLAIMS_DIR
        names = self._names
        if stale is None or names is None or not all(
                name in self._results and os.path.lexists(directory / name) for name in changes.claims):
            # files came or went: list claims/ again
            names, self._listing_problems = project.claim_listing()
            self._names = names
        if stale is None or changes.seeds:
            project.read_sources()
        present = set(names)
        for name in [name for name in self._results if name not in present]:
            del self._results[name]
        todo = [directory / name for name in names
                if stale is None or name in stale or name not in self._results]
        self._check(project, todo)
        self.rechecked = len(todo)
        return project.combine([self._results[name] for name in names], names,
                               listing_problems=self._listing_problems)

    def _affected_by_sources(self, changed_files: set[str]) -> set[str]:
        """Claim files whose result a change of these seeds/ entries can alter."""
        changed_ids = {os.path.splitext(name)[0] for name in changed_files}
        return {name for name, result in self._results.items()
                if result.diagnostics or result.claim is None
                or any(c.source in changed_ids for c in result.claim.evidence)}

    def _check(self, project: Project, paths: Sequence[Path]) -> None:
        readable: list[Path] = []
        for path in paths:
            # Examined just before it is read (the snapshot may be older than the file).
            result = refused(project, path, stamp_of(str(path)))
            if result is None:
                readable.append(path)
            else:
                self._results[path.name] = result
        # Results without their YAML documents: the steps across claims do not need them.
        for path, result in zip(readable, project.check_files(readable)):
            self._results[path.name] = result.without_document()
