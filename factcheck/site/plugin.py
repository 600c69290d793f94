"""The MkDocs plugin that turns the checked claims and the sources into pages.

Pages are virtual files (``File.generated``): nothing is written into docs/, so a live preview
watching docs/ never rebuilds itself in a loop. ``python build.py`` hands the plugin the result
of its own check; a plain ``mkdocs build`` makes the plugin run the check itself and stop on
any error.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..checker import CheckResult, Project
from ..diagnostics import ConfigurationError
from ..model import Claim
from ..reporters import format_text
from ..sources import Source
from . import jsonld
from .claim_page import claim_page
from .components import icon_sprite
from .content import SiteContent
from .escaping import script_json
from .exports import write_json
from .links import CLAIMS, SOURCES, Links, claim_src, claim_yaml_path, page_url, source_src, source_text_path
from .listings import (default_home_page, evidence_map_page, global_blocks, sources_index_page,
                       tags_page, verdicts_page)
from .pages import MARKER, Block, GeneratedPage, made
from .search_text import indexed_html
from .source_page import source_page

log = logging.getLogger("mkdocs.plugins.factcheck")

PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"
ASSETS = PACKAGE / "assets"
ASSET_PREFIX = "assets/factcheck/"
CLAIMS_JSON = "claims.json"
ANNOTATIONS = "annotations.jsonld"
# What Material's search plugin removes from the page it indexes (the same expression).
SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
SEARCH_ATTRIBUTE_VALUE = re.compile(r"data-search-\w+=\"[^\"]")  # (found far faster)


@dataclass(frozen=True)
class SitePlan:
    """What one check result publishes: every generated page (by the path MkDocs knows it by,
    e.g. claims/x.md), every file written beside the pages (by its path in the site, e.g.
    claims.json), and the blocks a hand-written page may place."""

    content: SiteContent
    pages: dict[str, Callable[[], GeneratedPage]]
    written: dict[str, Callable[[Path], None]]
    globals: dict[str, Block]


class FactCheckConfig(Config):
    # Base of the address that edits a file of the repository, e.g.
    # https://github.com/OWNER/REPO/edit/main/ ; a claim's link appends claims/<id>.yaml.
    edit_url = config_options.Type(str, default="")
    publisher = config_options.Type(str, default="")  # ClaimReview author; default site_author/name
    drafts = config_options.Type(bool, default=False)


class FactCheckPlugin(BasePlugin[FactCheckConfig]):
    """A generated page is made cheaply, and more than once: as a File (front matter, headings
    and markers) when MkDocs gathers the files, and again when MkDocs writes the page, which is
    when its blocks (the HTML) are made, filled into the converted page and, once the page is
    written, released. So the build holds a page's HTML only while MkDocs writes it; what it holds
    for every page to the end is that small Markdown. The exports and the published source and
    claim files are written while the files are gathered, one item at a time.

    Between the two halves of ``on_page_context`` (priorities 50 and -50) the page holds only
    what the search index reads of it (``search_text.py``): a plugin that reads ``page.content``
    there sees that, and any change it makes is replaced by the whole page."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.result: CheckResult | None = None
        self.drafts: bool | None = None
        self.content: SiteContent | None = None
        self.makers: dict[str, Callable[[], GeneratedPage]] = {}
        self.written: dict[str, Callable[[Path], None]] = {}  # files beside the pages, by site path
        self.globals: dict[str, Block] = {}
        # False (set by the live preview): the files beside the pages are listed but not written;
        # the preview writes each from ``written`` when it is asked for.
        self.writes_files = True
        self._hand_written_home = False  # docs/ has its own index.md
        self._whole: tuple[Page, str] | None = None  # the page being written, with all its markup
        self._search_strips_attributes = False

    def use(self, project: Project, result: CheckResult, drafts: bool) -> None:
        """Build from a check already run (by ``python build.py``) instead of checking again."""
        self.project, self.result, self.drafts = project, result, drafts

    # -- configuration -------------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Lowest precedence: the templates have names of their own, and a project's
        # custom_dir may still override them.
        config.theme.dirs.append(str(TEMPLATES))
        for asset in sorted(ASSETS.iterdir()):
            target = ASSET_PREFIX + asset.name
            if asset.suffix == ".css" and target not in config.extra_css:
                config.extra_css.append(target)
            elif asset.suffix == ".js" and target not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(target)
        # Material's search plugin removes data-search-* attributes from the page it indexes;
        # the whole page put back after indexing must lose them the same way.
        self._search_strips_attributes = any(
            type(plugin).__module__.startswith("material.plugins.search")
            and getattr(plugin.config, "enabled", True) for plugin in config.plugins.values())
        if self.result is None:
            self._check(Path(config.config_file_path).parent)
        return config

    def _check(self, root: Path) -> None:
        try:
            self.project = Project(root)
        except ConfigurationError as exc:
            raise PluginError(f"factcheck: {exc}") from exc
        self.result = self.project.check()
        if not self.result.ok:
            raise PluginError("factcheck: the check failed:\n" + format_text(self.result))
        if self.result.warnings:
            log.info("factcheck: %s", format_text(self.result).rstrip())

    # -- pages ---------------------------------------------------------------------------------

    def _absolute(self, config: MkDocsConfig, site_path: str) -> str | None:
        if not config.site_url:
            return None
        base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        return urljoin(base, site_path)

    def plan(self, config: MkDocsConfig) -> SitePlan:
        """What the site publishes from the check in use: its pages and the files written beside
        them, each made only when asked for. Nothing is listed with MkDocs or written here."""
        assert self.project is not None and self.result is not None
        project = self.project
        drafts = self.config.drafts if self.drafts is None else self.drafts
        content = SiteContent(self.result.checked.values(), project.library, project.scale, drafts)
        directory_urls = config.use_directory_urls
        publisher = self.config.publisher or config.site_author or config.site_name

        # A review with no date of its own was published with the site: the build's date when
        # SOURCE_DATE_EPOCH fixes it, else the site's own date (as for the sitemap).
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        site_date = (datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat()
                     if epoch.isdigit() else content.newest_date)

        def page_of_claim(claim: Claim) -> GeneratedPage:
            url = self._absolute(config, page_url(claim_src(claim.id), directory_urls)) or "./"
            edit = self.config.edit_url + claim.file if self.config.edit_url else None

            def review() -> str:
                return script_json(jsonld.claim_review(claim, content.verdict(claim), content.scale, url,
                                                       publisher, site_date=site_date))
            return claim_page(claim, content, edit, review)

        # The listings (each a page of every claim) come first: MkDocs writes pages in this order,
        # and the largest pages are best written while the build holds least, before the search
        # index has grown.
        listings = [evidence_map_page(content), verdicts_page(content), tags_page(content),
                    sources_index_page(content)]
        if not self._hand_written_home:
            listings.append(default_home_page(config.site_name, config.site_description))
        makers: dict[str, Callable[[], GeneratedPage]] = {}
        for listing in listings:
            makers[listing.src_uri] = partial(lambda page: page, listing)
        for each in content.claims:
            makers[claim_src(each.id)] = partial(page_of_claim, each)
        for source in content.sources:
            makers[source_src(source.id)] = partial(source_page, source, content)

        def source_text(source: Source, path: Path) -> None:
            path.write_bytes(source.body.encode("utf-8"))

        def claim_file(claim: Claim, path: Path) -> None:
            path.write_bytes((project.root / claim.file).read_bytes())

        written: dict[str, Callable[[Path], None]] = {
            source_text_path(s.id): partial(source_text, s) for s in content.sources}
        written.update((claim_yaml_path(c.id), partial(claim_file, c)) for c in content.claims)
        written.update(self._exports(config, content))
        return SitePlan(content, makers, written, global_blocks(content))

    def adopt(self, plan: SitePlan) -> None:
        """Make pages from ``plan`` from now on (the live preview adopts a new plan in place of
        the one its pages were listed with, when it lists the same pages and files)."""
        self.content, self.makers, self.written, self.globals = plan.content, plan.pages, plan.written, plan.globals

    def page_markdown(self, src_uri: str) -> str:
        """The Markdown MkDocs reads for a generated page: front matter, headings and markers."""
        return self.makers[src_uri]().markdown(description=False)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self._hand_written_home = files.get_file_from_path("index.md") is not None
        plan = self.plan(config)
        self.adopt(plan)
        assets = {ASSET_PREFIX + asset.name: asset for asset in sorted(ASSETS.iterdir())}
        for src_uri in [*plan.pages, *plan.written, *assets]:
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                raise PluginError(
                    f"factcheck: {config.docs_dir}/{existing.src_uri} has the path of a generated page: "
                    "rename or remove it (claims/, sources/, verdicts.md, tags.md, evidence-map.md and "
                    "the exports are made from the claims)")

        for src_uri in plan.pages:
            in_nav = not src_uri.startswith((CLAIMS + "/", SOURCES + "/")) or src_uri.endswith("/index.md")
            files.append(File.generated(
                config, src_uri, content=self.page_markdown(src_uri),
                inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV))
        for src_uri, asset in assets.items():
            files.append(File.generated(config, src_uri, abs_src_path=str(asset)))
        # Written into the new site now and listed as files already in place (MkDocs leaves a
        # file whose source is its destination where it is), so that nothing holds them.
        site = Path(config.site_dir)
        for src_uri, write in plan.written.items():
            path = site / src_uri
            if self.writes_files:
                path.parent.mkdir(parents=True, exist_ok=True)
                write(path)
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        return files

    def _exports(self, config: MkDocsConfig, content: SiteContent) -> dict[str, Callable[[Path], None]]:
        """claims.json and annotations.jsonld, each written one claim or annotation at a time."""
        directory_urls = config.use_directory_urls
        root = Links("", directory_urls)

        def url(site_path: str) -> str:
            return self._absolute(config, site_path) or site_path

        def claim_urls() -> dict[str, str]:
            return {c.id: url(root.claim(c.id)) for c in content.claims}

        def export() -> Any:
            return jsonld.claims_export(content.claims, content.sources, content.scale, claim_urls())

        def collection() -> Any:
            urls = claim_urls()

            def annotations() -> Iterator[dict[str, Any]]:
                for source in content.sources:
                    text_url, page_url_ = url(source_text_path(source.id)), url(root.source(source.id))
                    for passage in content.passages_by_source.get(source.id, []):
                        yield jsonld.annotation(passage, source.body, urls[passage.claim.id], text_url,
                                                page_url_, url(ANNOTATIONS))

            total = sum(len(content.passages_by_source.get(s.id, [])) for s in content.sources)
            return jsonld.annotation_collection(
                annotations(), f"Passages cited by the claims of {config.site_name}", url(ANNOTATIONS),
                total=total)

        def write(data: Callable[[], Any], path: Path) -> None:
            with open(path, "w", encoding="utf-8", newline="\n") as out:
                write_json(out, data())
                out.write("\n")

        return {CLAIMS_JSON: partial(write, export), ANNOTATIONS: partial(write, collection)}

    # -- rendering -----------------------------------------------------------------------------

    def _generated(self, page: Page) -> GeneratedPage | None:
        make = self.makers.get(page.file.src_uri)
        return make() if make is not None else None

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        if "SOURCE_DATE_EPOCH" not in os.environ and self.content is not None:
            # The build date would differ between two builds of the same input; the sitemap
            # takes each page's date from the claims instead.
            generated = self._generated(page)
            page.update_date = (generated.date if generated and generated.date else None) \
                or self.content.newest_date or "1970-01-01"
        return page

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Blocks are filled in when the page is written (on_page_context); a hand-written page
        # that names an unknown one fails now, before any page is written.
        if page.file.src_uri not in self.makers:
            for name in MARKER.findall(html):
                if name not in self.globals:
                    raise PluginError(
                        f"factcheck: {page.file.src_uri}: unknown block <!-- factcheck:{name} -->; "
                        f"hand-written pages may use: {', '.join(sorted(self.globals))}")
        return html

    @event_priority(50)  # before the search plugin indexes the page
    def _fill_blocks(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        generated = self._generated(page)
        blocks = generated.blocks if generated else {}
        links = Links(page.url, config.use_directory_urls)
        made_blocks: dict[str, str] = {}

        def block_html(name: str) -> str:
            if name not in made_blocks:
                block = blocks.get(name)
                if block is None:
                    block = self.globals.get(name)
                if block is None:
                    raise PluginError(
                        f"factcheck: {page.file.src_uri}: unknown block <!-- factcheck:{name} -->; "
                        f"hand-written pages may use: {', '.join(sorted(self.globals))}")
                made_blocks[name] = block(links) if callable(block) else block
            return made_blocks[name]

        # The converted page cut at its markers: text, block name, text, ... (split keeps the
        # names). The whole page is joined once: a page of every claim is tens of megabytes.
        pieces = MARKER.split(page.content or "")
        for name in pieces[1::2]:
            block_html(name)
        sprite = icon_sprite(*pieces[::2], *made_blocks.values())
        whole = "".join([*(made_blocks[piece] if odd else piece for odd, piece in _alternate(pieces)), sprite])
        searched = not (page.meta.get("search") or {}).get("exclude")
        if made_blocks and searched:
            # The search plugin indexes what the blocks say, not their markup (search_text.py).
            page.content = "".join(indexed_html(made_blocks[piece]) if odd else piece
                                   for odd, piece in _alternate(pieces))
            self._whole = (page, whole)
        else:
            page.content = whole
        if generated is not None:
            page.meta["description"] = generated.description_meta()
        if generated is not None and generated.jsonld is not None:
            page.meta["factcheck_jsonld"] = made(generated.jsonld)
        else:
            page.meta.pop("factcheck_jsonld", None)  # only the plugin puts JSON-LD in a page
        return context

    @event_priority(-50)  # after the search plugin has indexed the page
    def _whole_page(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self._whole is not None and self._whole[0] is page:
            whole = self._whole[1]
            if self._search_strips_attributes and SEARCH_ATTRIBUTE_VALUE.search(whole):
                whole = SEARCH_ATTRIBUTES.sub("", whole)
            page.content = whole
        self._whole = None
        return context

    on_page_context = CombinedEvent(_fill_blocks, _whole_page)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # The page is written: nothing reads its HTML again (the search plugin has its entries,
        # links are checked from the anchors MkDocs collected while converting), nor what the
        # plugin put in its meta for the template.
        page.content = ""
        page.meta.pop("factcheck_jsonld", None)
        if page.file.src_uri in self.makers:
            page.meta.pop("description", None)
        return output


def _alternate(pieces: list[str]) -> Iterator[tuple[bool, str]]:
    """(is it a block's name, piece) for text, name, text, ... as re.split gives them."""
    return ((index % 2 == 1, piece) for index, piece in enumerate(pieces))
