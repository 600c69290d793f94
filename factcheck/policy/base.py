"""The revision ``check --base REV`` compares with: its claims and sources, read from git into
memory (no checkout, no temporary files) with the review tool's own reading of a tree.

Claims are parsed, and sources split from their front matter, only when a claim checked now
asks for them; a parse failure is a value here too (the claim is then not taken as published
there: a claim that did not pass its check was not on the site).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from ..diagnostics import ConfigurationError
from ..model import CLAIM_SUFFIX, CLAIMS_DIR
from ..review.git import read_tree, resolve_revision
from ..sources import SOURCE_ID, SOURCE_SUFFIXES, parse_source
from ..yaml_loading import load_yaml
from .baseline import BaseClaim, passages_of_sources

SEEDS_DIR = "seeds"


class _Bodies(Mapping[str, str]):
    """Source bodies by id, each split from its file when first asked for."""

    def __init__(self, files: Mapping[str, tuple[str, bytes]]) -> None:
        self._files = files
        self._bodies: dict[str, str | None] = {}

    def __getitem__(self, source_id: str) -> str:
        if source_id not in self._bodies:
            file, data = self._files[source_id]
            source, _ = parse_source(source_id, file, data)
            self._bodies[source_id] = source.body if source is not None else None
        body = self._bodies[source_id]
        if body is None:
            raise KeyError(source_id)
        return body

    def get(self, source_id: str, default: str | None = None) -> str | None:  # type: ignore[override]
        try:
            return self[source_id]
        except KeyError:
            return default

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


class Revision:
    """The claims and sources of one git revision of the project."""

    def __init__(self, name: str, commit: str, files: Mapping[str, bytes]) -> None:
        self.name = name
        self.commit = commit
        self._claim_files: dict[str, tuple[str, bytes]] = {}
        sources: dict[str, tuple[str, bytes]] = {}
        for path in sorted(files):
            directory, _, name_ = path.partition("/")
            stem, dot, suffix = name_.rpartition(".")
            if "/" in name_ or not dot:
                continue
            if directory == CLAIMS_DIR and "." + suffix == CLAIM_SUFFIX:
                self._claim_files[stem] = (path, files[path])
            elif directory == SEEDS_DIR and "." + suffix in SOURCE_SUFFIXES and SOURCE_ID.match(stem):
                sources.setdefault(stem, (path, files[path]))  # a duplicate id: the check reports it
        self.passages = passages_of_sources(_Bodies(sources))
        self._claims: dict[str, BaseClaim | None] = {}

    def claim(self, claim_id: str) -> BaseClaim | None:
        """The claim as it was at this revision; None where it did not exist."""
        if claim_id not in self._claims:
            found = self._claim_files.get(claim_id)
            if found is None:
                self._claims[claim_id] = None
            else:
                file, data = found
                document, _ = load_yaml(file, data)
                value = document.data if document is not None else None
                self._claims[claim_id] = BaseClaim(claim_id, self.name,
                                                   value if isinstance(value, dict) else None,
                                                   self.passages)
        return self._claims[claim_id]


def read_revision(root: Path, revision: str) -> Revision:
    """The claims and sources of ``revision`` in the git repository holding the project."""
    try:
        commit = resolve_revision(root, revision)
        files = read_tree(root, commit, (CLAIMS_DIR, SEEDS_DIR))
    except ConfigurationError as exc:
        raise ConfigurationError(f"--base: {exc}") from exc
    return Revision(revision, commit, files)
