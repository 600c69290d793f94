"""The MkDocs plugin that turns the checked claims and the sources into pages.

Pages are virtual files (``File.generated``): nothing is written into docs/, so a live preview
watching docs/ never rebuilds itself in a loop. ``python build.py`` hands the plugin the result
of its own check; a plain ``mkdocs build`` makes the plugin run the check itself and stop on
any error.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from . import engine  # noqa: F401  (first: it decides what the mkdocs imports load)
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..checker import CheckResult, Project
from ..diagnostics import ConfigurationError
from ..model import Claim
from ..reporters import format_text
from ..sources import Source
from .data import jsonld
from .pages.claim import claim_page
from .html.components import icon_sprite
from .plan.content import SiteContent
from .pages.corrections import (CORRECTIONS_PAGE, default_corrections_page, later_corrections_pages,
                                transparency_blocks)
from .html.escaping import script_json
from .data.exports import write_json
from .data.feed import FEED, atom_feed
from .plan.links import Links, claim_src, page_url, source_src, source_text_path
from .pages.listings import PAGE_SIZE, default_home_page, global_blocks, listing_pages
from .plan.pages import MARKER, Block, GeneratedPage, made
from .search import SearchIndexError, SiteSearch
from .pages.source import source_page
from .pages.transparency import TEMPLATE_GLOBAL, insert_overrides, template_links

log = logging.getLogger("mkdocs.plugins.factcheck")


def material_templates() -> str:
    import material

    return str(Path(material.__file__).parent / "templates")

PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"
# Templates that replace some of Material's own (the header's search); they come before the
# theme's directory, after a project's custom_dir.
OVERRIDES = PACKAGE / "overrides"
ASSETS = PACKAGE / "assets"
ASSET_PREFIX = "assets/factcheck/"
CLAIMS_JSON = "claims.json"
ANNOTATIONS = "annotations.jsonld"


@dataclass(frozen=True)
class SitePlan:
    """What one check result publishes: every generated page (by the path MkDocs knows it by,
    e.g. claims/x.md) and which of them are in the navigation, every file written beside the
    pages (by its path in the site, e.g. claims.json), and the blocks a hand-written page may
    place."""

    content: SiteContent
    pages: dict[str, Callable[[], GeneratedPage]]
    in_nav: frozenset[str]
    written: dict[str, Callable[[Path], None]]
    globals: dict[str, Block]


class FactCheckConfig(Config):
    # Base of the address that edits a file of the repository, e.g.
    # https://github.com/OWNER/REPO/edit/main/ ; a claim's link appends claims/<id>.yaml. Unset,
    # claim pages offer no edit link.
    edit_url = config_options.Type(str, default="")
    publisher = config_options.Type(str, default="")  # ClaimReview author; default site_author/name
    drafts = config_options.Type(bool, default=False)
    # The repository's web address (https://github.com/OWNER/REPO): where readers ask for a
    # correction. The deploy workflow sets it; unset, the pages name the repository unlinked.
    repository_url = config_options.Type(str, default="")
    page_size = config_options.Type(int, default=PAGE_SIZE)  # claims (or sources) a listing page shows
    search = config_options.Type(bool, default=True)  # write the search index (search/)


class FactCheckPlugin(BasePlugin[FactCheckConfig]):
    """A generated page is made cheaply, and more than once: as a File (front matter, headings
    and markers) when MkDocs gathers the files, and again when MkDocs writes the page, which is
    when its blocks (the HTML) are made, filled into the converted page and, once the page is
    written, released. So the build holds a page's HTML only while MkDocs writes it; what it holds
    for every page to the end is that small Markdown. The exports and the published source texts
    are written while the files are gathered, one item at a time.

    Search is the site's own chunked index (``search/``), written as the pages are: a claim or a
    source from the claim or source itself once its page is written, a hand-written page from
    its converted Markdown; listings, which only repeat the claims, are left out."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.result: CheckResult | None = None
        self.drafts: bool | None = None
        self.content: SiteContent | None = None
        self.makers: dict[str, Callable[[], GeneratedPage]] = {}
        self.in_nav: frozenset[str] = frozenset()  # the generated pages in the navigation
        self.written: dict[str, Callable[[Path], None]] = {}  # files beside the pages, by site path
        self.globals: dict[str, Block] = {}
        self.template_links: dict[str, str] = {}
        # False (set by the live preview): the files beside the pages are listed but not written;
        # the preview writes each from ``written`` when it is asked for.
        self.writes_files = True
        self._hand_written: dict[str, bool] = {}  # docs/ has its own index.md, corrections.md
        self.search: SiteSearch | None = None  # the index being written by this build

    def use(self, project: Project, result: CheckResult, drafts: bool) -> None:
        """Build from a check already run (by ``python build.py``) instead of checking again."""
        self.project, self.result, self.drafts = project, result, drafts

    # -- configuration -------------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.page_size < 1:
            raise PluginError(f"factcheck: page_size must be at least 1, not {self.config.page_size}")
        # Lowest precedence: the templates have names of their own, and a project's
        # custom_dir may still override them.
        config.theme.dirs.append(str(TEMPLATES))
        insert_overrides(config)  # before Material's templates, after a project's custom_dir
        for asset in sorted(ASSETS.iterdir()):
            target = ASSET_PREFIX + asset.name
            if asset.suffix == ".css" and target not in config.extra_css:
                config.extra_css.append(target)
            elif asset.suffix == ".js" and target not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(target)
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
        drafts = self.config.drafts if self.drafts is None else self.drafts
        content = SiteContent(self.result.checked.values(), self.project.library, self.project.scale, drafts)
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

        # The listings come first: MkDocs writes pages in this order.
        size = self.config.page_size
        listings = listing_pages(content, size)
        if not self._hand_written.get("index.md"):
            listings.append(default_home_page(config.site_name, config.site_description))
        if not self._hand_written.get(CORRECTIONS_PAGE):
            listings.append(default_corrections_page(content, size))
        listings += later_corrections_pages(content, size)
        makers: dict[str, Callable[[], GeneratedPage]] = {}
        in_nav: set[str] = set()
        for listing in listings:
            makers[listing.src_uri] = partial(lambda page: page, listing)
            if listing.in_nav:
                in_nav.add(listing.src_uri)
        for each in content.claims:
            makers[claim_src(each.id)] = partial(page_of_claim, each)
        for source in content.sources:
            makers[source_src(source.id)] = partial(source_page, source, content)

        def source_text(source: Source, path: Path) -> None:
            path.write_bytes(source.body.encode("utf-8"))

        written: dict[str, Callable[[Path], None]] = {
            source_text_path(s.id): partial(source_text, s) for s in content.sources}
        written.update(self._exports(config, content, publisher, site_date))
        blocks = global_blocks(content, size)
        blocks.update(transparency_blocks(content, self.config.repository_url, size))
        return SitePlan(content, makers, frozenset(in_nav), written, blocks)

    def adopt(self, plan: SitePlan) -> None:
        """Make pages from ``plan`` from now on (the live preview adopts a new plan in place of
        the one its pages were listed with, when it lists the same pages and files)."""
        self.content, self.makers, self.written, self.globals = plan.content, plan.pages, plan.written, plan.globals
        self.in_nav = plan.in_nav

    def page_markdown(self, src_uri: str) -> str:
        """The Markdown MkDocs reads for a generated page: front matter, headings and markers."""
        return self.makers[src_uri]().markdown(description=False)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.project is not None
        # MkDocs follows links in docs/: a page linked to a file of the machine would be published.
        for file in files:
            if file.generated_by is None and file.abs_src_path and file.src_dir == config.docs_dir:
                reason = self.project.files.refusal(file.abs_src_path)
                if reason is not None:
                    raise PluginError(f"factcheck: {self.project.files.shown(file.abs_src_path)}: {reason}")
        self._hand_written = {name: files.get_file_from_path(name) is not None
                              for name in ("index.md", CORRECTIONS_PAGE)}
        plan = self.plan(config)
        self.adopt(plan)
        self.search = (SiteSearch(Path(config.site_dir), plan.content, config.use_directory_urls)
                       if self.config.search and self.writes_files else None)
        assets = {ASSET_PREFIX + asset.name: asset for asset in sorted(ASSETS.iterdir())}
        for src_uri in [*plan.pages, *plan.written, *assets]:
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                raise PluginError(
                    f"factcheck: {config.docs_dir}/{existing.src_uri} has the path of a generated page: "
                    "rename or remove it (claims/, sources/, verdicts/, tags/, untagged/, evidence-map/, "
                    "verdicts.md, tags.md, evidence-map.md and the exports are made from the claims)")

        for src_uri in plan.pages:
            files.append(File.generated(
                config, src_uri, content=self.page_markdown(src_uri),
                inclusion=InclusionLevel.UNDEFINED if src_uri in plan.in_nav else InclusionLevel.NOT_IN_NAV))
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
        self.template_links = template_links(config, files, self.config.repository_url)
        return files

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        env.globals[TEMPLATE_GLOBAL] = self.template_links
        return env

    def _exports(self, config: MkDocsConfig, content: SiteContent, publisher: str,
                 site_date: str | None) -> dict[str, Callable[[Path], None]]:
        """claims.json and annotations.jsonld (each written one claim or annotation at a time) and
        the Atom feed, each made when it is written."""
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

        def feed(path: Path) -> None:
            path.write_text(atom_feed(content, config.site_name, config.site_description, publisher,
                                      lambda site_path: self._absolute(config, site_path), root.claim,
                                      site_date), encoding="utf-8", newline="\n")

        return {CLAIMS_JSON: partial(write, export), ANNOTATIONS: partial(write, collection), FEED: feed}

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
            if self.search is not None and not (page.meta.get("search") or {}).get("exclude"):
                self._searched(self.search.hand_written, page.title or "", page.url, html)
        return html

    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
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
        # names). The whole page is joined once.
        pieces = MARKER.split(page.content or "")
        for name in pieces[1::2]:
            block_html(name)
        sprite = icon_sprite(*pieces[::2], *made_blocks.values())
        parts = [made_blocks[piece] if odd else piece for odd, piece in _alternate(pieces)]
        page.content = "".join([*parts, sprite])
        if generated is not None:
            page.meta["description"] = generated.description_meta()
        if generated is not None and generated.jsonld is not None:
            page.meta["factcheck_jsonld"] = made(generated.jsonld)
        else:
            page.meta.pop("factcheck_jsonld", None)  # only the plugin puts JSON-LD in a page
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # The page is written: nothing reads its HTML again (links are checked from the anchors
        # MkDocs collected while converting), nor what the plugin put in its meta for the template.
        page.content = ""
        page.meta.pop("factcheck_jsonld", None)
        if page.file.src_uri in self.makers:
            page.meta.pop("description", None)
            if self.search is not None:
                self._searched(self.search.written, page.file.src_uri)
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        # Every page is written into the new site, which replaces the previous one only if this
        # succeeds too.
        if self.search is not None:
            search, self.search = self.search, None
            self._searched(search.close)

    def _searched(self, step: Callable[..., None], *args: Any) -> None:
        try:
            step(*args)
        except SearchIndexError as exc:
            raise PluginError(f"factcheck: {exc}") from exc


def _alternate(pieces: list[str]) -> Iterator[tuple[bool, str]]:
    """(is it a block's name, piece) for text, name, text, ... as re.split gives them."""
    return ((index % 2 == 1, piece) for index, piece in enumerate(pieces))
