"""Where the site's pages live, and links between them relative to the page being written,
so the site works from any base path (a sub-folder of a host, or opened from disk)."""

from __future__ import annotations

import posixpath

CLAIMS = "claims"
SOURCES = "sources"


def claim_src(claim_id: str) -> str:
    return f"{CLAIMS}/{claim_id}.md"


def source_src(source_id: str) -> str:
    return f"{SOURCES}/{source_id}.md"


def claim_yaml_path(claim_id: str) -> str:
    """The claim file as the analyst wrote it, published beside its page."""
    return f"{CLAIMS}/{claim_id}.yaml"


def source_text_path(source_id: str) -> str:
    """The source body published as plain text, exactly: what TextPositionSelectors index."""
    return f"{SOURCES}/{source_id}.txt"


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives the page at ``src_uri`` (``claims/x.md`` -> ``claims/x/``)."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        base = stem[: -len("index")]
        return base if directory_urls else base + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


def _parts(path: str) -> list[str]:
    """The segments of a site path, normalised as mkdocs.utils.get_relative_url does."""
    if "//" in path or "/./" in f"/{path}/" or "/../" in f"/{path}/":
        path = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    else:  # the common case, with nothing to normalise
        path = path.strip("/")
    return path.split("/") if path else []


class Links:
    """Links from the page at ``here`` (a site-relative URL such as ``claims/x/``).

    Relative URLs come out exactly as ``mkdocs.utils.get_relative_url`` makes them; the page's
    own segments are worked out once, not once per link (a page may hold thousands)."""

    def __init__(self, here: str, directory_urls: bool = True) -> None:
        self.here = here
        self.directory_urls = directory_urls
        directory, _, name = here.rpartition("/")
        self._here = _parts(directory if "." in name else here)

    def _relative(self, url: str) -> str:
        target = _parts(url)
        common = 0
        for a, b in zip(self._here, target):
            if a != b:
                break
            common += 1
        relative = "/".join([".."] * (len(self._here) - common) + target[common:]) or "."
        return relative + "/" if url.endswith("/") else relative

    def to(self, site_path: str, fragment: str | None = None) -> str:
        relative = self._relative(site_path) if site_path else self._relative(".")
        if (site_path.endswith("/") or not site_path) and not relative.endswith("/"):
            relative += "/"
        return f"{relative}#{fragment}" if fragment else relative

    def page(self, src_uri: str, fragment: str | None = None) -> str:
        return self.to(page_url(src_uri, self.directory_urls), fragment)

    def claim(self, claim_id: str, fragment: str | None = None) -> str:
        return self.page(claim_src(claim_id), fragment)

    def source(self, source_id: str, fragment: str | None = None) -> str:
        return self.page(source_src(source_id), fragment)
