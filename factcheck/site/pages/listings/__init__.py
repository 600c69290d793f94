"""Pages and blocks that list many claims or sources, each split into pages of bounded size:
the archive, claims by verdict and by tag, the sources, the evidence map, and the blocks of the
home page."""

from __future__ import annotations

from ...plan.content import SiteContent
from ...plan.pages import GeneratedPage
from .claims import archive_pages, tag_pages, verdict_pages
from .evidence_map import EMPTY_CELLS_MAX, evidence_map, evidence_map_pages
from .home import LATEST, default_home_page, global_blocks
from .pagination import PAGE_SIZE, Paging, page_links
from .sources import sources_pages, sources_table

__all__ = ["EMPTY_CELLS_MAX", "LATEST", "PAGE_SIZE", "Paging", "archive_pages", "default_home_page",
           "evidence_map", "evidence_map_pages", "global_blocks", "listing_pages", "page_links",
           "sources_pages", "sources_table", "tag_pages", "verdict_pages"]


def listing_pages(content: SiteContent, size: int = PAGE_SIZE) -> list[GeneratedPage]:
    """Every listing page of the site, in the order they are best written (listings first)."""
    return [*evidence_map_pages(content, size), *archive_pages(content, size), *verdict_pages(content, size),
            *tag_pages(content, size), *sources_pages(content, size)]
