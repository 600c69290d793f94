"""Indexing a written site for search with Pagefind (the ``pagefind[bin]`` wheel ships its
binary). The index is chunked: a reader's browser fetches a small entry file when a search
starts, then only the index chunks and result fragments a query needs.

``index_site`` is called on the new site once MkDocs has written it and before it replaces the
previous one, so a failed index leaves the previous site in place, as any failed build does. It
is callable on its own (the live preview indexes the site it serves)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

INDEX_DIR = "search"  # where the index goes, inside the site
# Left out of the index: permalink signs after headings, and the kicker above a page's title.
EXCLUDED = ".headerlink, .fc-kicker"
# Pagefind's own ready-made interfaces, which the site does not use (it has its own, in the
# site's look): not published.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js",
          "pagefind-worker.js")  # search.js runs Pagefind in the page (noWorker)


class SearchIndexError(Exception):
    """The search index could not be made; the message says why."""


def pagefind_binary() -> Path:
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return Path(override)
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise SearchIndexError("the search index needs Pagefind: pip install 'pagefind[bin]'") from exc
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError) as exc:
        raise SearchIndexError(f"Pagefind's program is missing from its package: {exc}") from exc


def index_site(site_dir: Path) -> None:
    """Write the search index of the HTML pages under ``site_dir`` into ``site_dir/search/``."""
    binary = pagefind_binary()
    command = [str(binary), "--site", str(site_dir), "--output-subdir", INDEX_DIR,
               "--exclude-selectors", EXCLUDED, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              env={**os.environ, "NO_COLOR": "1"})
    except OSError as exc:
        raise SearchIndexError(f"could not run Pagefind ({binary}): {exc.strerror or exc}") from exc
    if done.returncode != 0:
        detail = "\n".join(f"  {line}" for line in (done.stderr or done.stdout).strip().splitlines()[-12:])
        raise SearchIndexError(f"Pagefind could not index the site (exit {done.returncode})"
                               + (f":\n{detail}" if detail else ""))
    for name in UNUSED:
        (site_dir / INDEX_DIR / name).unlink(missing_ok=True)
