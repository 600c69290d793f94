"""The search index of one build, made in the build's own process as MkDocs writes the pages:
hand-written pages from their converted Markdown, claim and source pages from the claims and
sources themselves (``records.py``), written into ``site/search/`` (``writer.py``).

The plugin makes a ``SiteSearch`` when the pages are listed, hands it each page as MkDocs
converts or writes it, and closes it once every page is written, before the new site replaces
the previous one: a failed index is a failed build, which leaves the previous site in place."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..plan.content import SiteContent
from ..plan.links import Links, claim_src, source_src
from .records import Record, claim_record, page_records, source_records
from .writer import IndexWriter

INDEX_DIR = "search"  # where the index goes, inside the site


class SearchIndexError(Exception):
    """The search index could not be written; the message says why."""


class SiteSearch:
    def __init__(self, site_dir: Path, content: SiteContent, directory_urls: bool = True) -> None:
        self.content = content
        self.links = Links("", directory_urls)
        self._claims = {claim_src(c.id): c for c in content.claims}
        self._sources = {source_src(s.id): s for s in content.sources}
        verdicts = {v.id: (v.label, v.color) for v in content.scale.verdicts}
        try:
            self.writer = IndexWriter(site_dir / INDEX_DIR, verdicts)
        except OSError as exc:
            raise SearchIndexError(f"cannot write the search index: {exc.strerror or exc}") from exc

    def hand_written(self, title: str, url: str, html: str) -> None:
        """A page of docs/ (its URL from the site's root), as converted from its Markdown."""
        self._add(page_records(title, url, html))

    def written(self, src_uri: str) -> None:
        """A generated page, once written: a claim's or a source's is indexed; a listing is not."""
        claim = self._claims.get(src_uri)
        if claim is not None:
            self._add([claim_record(claim, self.content, self.links)])
            return
        source = self._sources.get(src_uri)
        if source is not None:
            self._add(source_records(source, self.links))

    def close(self) -> None:
        try:
            self.writer.close()
        except OSError as exc:
            raise SearchIndexError(f"cannot write the search index: {exc.strerror or exc}") from exc

    def _add(self, records: Iterable[Record]) -> None:
        try:
            self.writer.add_all(records)
        except OSError as exc:
            raise SearchIndexError(f"cannot write the search index: {exc.strerror or exc}") from exc
