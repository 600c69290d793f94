"""The two sides of a review: the working tree and the base revision, each read with the
checker's own loaders (the base exported from git into a temporary directory, opened as a
``Project``, and removed after)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..anchoring import Anchor
from ..checker import Project
from ..citations import resolvable
from .git import read_tree

TREE_DIRS = ("claims", "seeds", "schema")  # all a Project reads


def export_tree(root: Path, commit: str, dest: Path) -> list[str]:
    """Write claims/, seeds/ and schema/ of ``commit`` into ``dest``; return notes for the reader."""
    for path, data in read_tree(root, commit, TREE_DIRS).items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    notes = []
    if not (dest / "schema").is_dir():
        # A base from before the project had a schema still has claims worth comparing.
        shutil.copytree(root / "schema", dest / "schema")
        notes.append("the base revision has no schema/: its claims were read with the working tree's")
    return notes


@dataclass(frozen=True)
class ClaimState:
    id: str
    file: str
    raw: bytes
    data: dict[str, Any] | None  # None when the file is not a readable mapping
    errors: int  # errors the checker reports in this file (not counting links to other claims)

    def text(self, key: str) -> str | None:
        value = self.data.get(key) if self.data else None
        return value if isinstance(value, str) else None

    @property
    def draft(self) -> bool:
        return self.data is not None and self.data.get("status") == "draft"

    @property
    def evidence(self) -> list[dict[str, Any]]:
        items = self.data.get("evidence") if self.data else None
        return [c for c in items if isinstance(c, dict)] if isinstance(items, list) else []


@dataclass
class Snapshot:
    project: Project
    claims: dict[str, ClaimState]

    @classmethod
    def read(cls, project: Project) -> Snapshot:
        claims = {}
        for path in project.claim_files():
            result = project.check_file(path)
            data = result.document.data if result.document is not None else None
            claims[path.stem] = ClaimState(
                path.stem, result.file, path.read_bytes(), data if isinstance(data, dict) else None,
                sum(1 for d in result.diagnostics if d.is_error))
        return cls(project, claims)

    def body(self, source_id: str) -> str | None:
        if source_id not in self.project.library:
            return None
        source = self.project.library.get(source_id)
        return source.body if source is not None else None

    def meta(self, source_id: str) -> Mapping[str, str]:
        source = self.project.library.get(source_id) if source_id in self.project.library else None
        return source.meta if source is not None else {}

    def span(self, citation: dict[str, Any]) -> tuple[int, int] | None:
        """Where the citation resolves on this side, else where its offsets say it is."""
        if resolvable(citation):
            result = self.project.resolver.resolve(citation)
            if isinstance(result, Anchor):
                return result.start, result.end
        start, end = citation.get("start"), citation.get("end")
        return (start, end) if isinstance(start, int) and isinstance(end, int) else None


@contextmanager
def base_project(root: Path, commit: str) -> Iterator[tuple[Project, list[str]]]:
    with tempfile.TemporaryDirectory(prefix="factcheck-base-") as tmp:
        notes = export_tree(root, commit, Path(tmp))
        yield Project(Path(tmp)), notes
