"""What every page tells a reader about the desk itself: links in the footer to the About page,
the corrections (and how to ask for one), the Atom feed and the repository, and the feed
announced in each page's head.

They come from the templates in ``overrides/`` (``main.html``, ``partials/copyright.html``),
put in the theme before Material's own templates and after a project's ``custom_dir``, which
keeps the last word; the templates read ``factcheck_links`` (site paths, made relative to each
page by Material's ``url`` filter).
"""

from __future__ import annotations

from pathlib import Path

from .. import engine  # noqa: F401  (first: it decides what the mkdocs imports load)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from .corrections import CORRECTIONS_PAGE, repository_address
from ..data.feed import FEED
from ..plan.links import page_url

OVERRIDES = Path(__file__).parents[1] / "overrides"
ABOUT_PAGE = "about.md"
TEMPLATE_GLOBAL = "factcheck_links"


def insert_overrides(config: MkDocsConfig) -> None:
    """Our templates before Material's, after the project's custom_dir."""
    dirs = config.theme.dirs
    path = str(OVERRIDES)
    if path not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, path)


def template_links(config: MkDocsConfig, files: Files, repository_url: str) -> dict[str, str]:
    """Site paths of the pages the footer links, only those this site has."""
    directory_urls = config.use_directory_urls
    links = {"feed": FEED, "corrections": page_url(CORRECTIONS_PAGE, directory_urls)}
    if files.get_file_from_path(ABOUT_PAGE) is not None:
        links["about"] = page_url(ABOUT_PAGE, directory_urls)
    repository = repository_address(repository_url)
    if repository:
        links["repository"] = repository
    return links
