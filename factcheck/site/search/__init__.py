"""The site's search: Pagefind's chunked static index of the written site (``index.py``), which a
reader's browser fetches piece by piece as a query needs it, and the attributes that tell the
indexer what each page is (``SEARCH_BODY``, ``meta``)."""

from __future__ import annotations

from .index import INDEX_DIR, SearchIndexError, index_site
from .marks import IGNORE, SEARCH_BODY, meta

__all__ = ["IGNORE", "INDEX_DIR", "SEARCH_BODY", "SearchIndexError", "index_site", "meta"]
