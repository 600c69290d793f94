"""The site's search: a chunked static index made by the build itself (``index.py``), which a
reader's browser fetches a few small files at a time as a query needs them
(``assets/search.js``). Records come from the claims, the sources and the hand-written pages
(``records.py``); words are folded the same way here and in the browser (``tokens.py``); the
files and their format are ``writer.py``'s and ``codec.py``'s."""

from __future__ import annotations

from .index import INDEX_DIR, SearchIndexError, SiteSearch

__all__ = ["INDEX_DIR", "SearchIndexError", "SiteSearch"]
