"""The MkDocs plugin that turns the checked claims and the sources into pages.

Pages are virtual files (``File.generated``): nothing is written into docs/, so a live preview
watching docs/ never rebuilds itself in a loop. ``python build.py`` hands the plugin the result
of its own check; a plain ``mkdocs build`` makes the plugin run the check itself and stop on
any error.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..checker import CheckResult, Project
from ..diagnostics import ConfigurationError
from ..reporters import format_text
from . import jsonld
from .claim_page import claim_page
from .components import icon_sprite
from .content import SiteContent
from .escaping import script_json
from .links import CLAIMS, SOURCES, Links, claim_src, claim_yaml_path, page_url, source_src, source_text_path
from .listings import (default_home_page, evidence_map_page, global_blocks, sources_index_page,
                       tags_page, verdicts_page)
from .pages import MARKER, Block, GeneratedPage
from .source_page import source_page

log = logging.getLogger("mkdocs.plugins.factcheck")

PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"
ASSETS = PACKAGE / "assets"
ASSET_PREFIX = "assets/factcheck/"
CLAIMS_JSON = "claims.json"
ANNOTATIONS = "annotations.jsonld"


class FactCheckConfig(Config):
    # Base of the address that edits a file of the repository, e.g.
    # https://github.com/OWNER/REPO/edit/main/ ; a claim's link appends claims/<id>.yaml.
    edit_url = config_options.Type(str, default="")
    publisher = config_options.Type(str, default="")  # ClaimReview author; default site_author/name
    drafts = config_options.Type(bool, default=False)


class FactCheckPlugin(BasePlugin[FactCheckConfig]):
    def __init__(self) -> None:
        self.project: Project | None = None
        self.result: CheckResult | None = None
        self.drafts: bool | None = None
        self.content: SiteContent | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.globals: dict[str, Block] = {}

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

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.project is not None and self.result is not None
        drafts = self.config.drafts if self.drafts is None else self.drafts
        content = SiteContent(self.result.checked.values(), self.project.library, self.project.scale, drafts)
        self.content = content
        directory_urls = config.use_directory_urls
        publisher = self.config.publisher or config.site_author or config.site_name

        # A review with no date of its own was published with the site: the build's date when
        # SOURCE_DATE_EPOCH fixes it, else the site's own date (as for the sitemap).
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        site_date = (datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat()
                     if epoch.isdigit() else content.newest_date)
        pages: list[GeneratedPage] = []
        for claim in content.claims:
            url = page_url(claim_src(claim.id), directory_urls)
            review = jsonld.claim_review(claim, content.verdict(claim), content.scale,
                                         self._absolute(config, url) or "./", publisher,
                                         site_date=site_date)
            edit = self.config.edit_url + claim.file if self.config.edit_url else None
            pages.append(claim_page(claim, content, edit, directory_urls, script_json(review)))
        pages += [source_page(s, content, directory_urls) for s in content.sources]
        pages += [verdicts_page(content, directory_urls), tags_page(content, directory_urls),
                  evidence_map_page(content, directory_urls), sources_index_page(content, directory_urls)]
        if files.get_file_from_path("index.md") is None:
            pages.append(default_home_page(config.site_name, config.site_description))

        generated: list[File] = []
        for page in pages:
            in_nav = not page.src_uri.startswith((CLAIMS + "/", SOURCES + "/")) or page.src_uri.endswith("/index.md")
            generated.append(File.generated(
                config, page.src_uri, content=page.markdown(),
                inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV))
        for source in content.sources:
            generated.append(File.generated(config, source_text_path(source.id), content=source.body.encode("utf-8")))
        for claim in content.claims:
            generated.append(File.generated(config, claim_yaml_path(claim.id),
                                            content=(self.project.root / claim.file).read_bytes()))
        for asset in sorted(ASSETS.iterdir()):
            generated.append(File.generated(config, ASSET_PREFIX + asset.name, content=asset.read_bytes()))
        generated += self._exports(config, content)

        for file in generated:
            existing = files.get_file_from_path(file.src_uri)
            if existing is not None:
                raise PluginError(
                    f"factcheck: {config.docs_dir}/{existing.src_uri} has the path of a generated page: "
                    "rename or remove it (claims/, sources/, verdicts.md, tags.md, evidence-map.md and "
                    "the exports are made from the claims)")
            files.append(file)
        self.pages = {p.src_uri: p for p in pages}
        self.globals = global_blocks(content)
        return files

    def _exports(self, config: MkDocsConfig, content: SiteContent) -> list[File]:
        directory_urls = config.use_directory_urls
        root = Links("", directory_urls)

        def url(site_path: str) -> str:
            return self._absolute(config, site_path) or site_path

        claim_urls = {c.id: url(root.claim(c.id)) for c in content.claims}
        export = jsonld.claims_export(content.claims, content.sources, content.scale, claim_urls)
        annotations = []
        for source in content.sources:
            for passage in content.passages_by_source.get(source.id, []):
                annotations.append(jsonld.annotation(
                    passage, source.body, claim_urls[passage.claim.id], url(source_text_path(source.id)),
                    url(root.source(source.id)), url(ANNOTATIONS)))
        collection = jsonld.annotation_collection(
            annotations, f"Passages cited by the claims of {config.site_name}", url(ANNOTATIONS))
        return [File.generated(config, name, content=json.dumps(data, ensure_ascii=False, indent=2) + "\n")
                for name, data in ((CLAIMS_JSON, export), (ANNOTATIONS, collection))]

    # -- rendering -----------------------------------------------------------------------------

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        if "SOURCE_DATE_EPOCH" not in os.environ and self.content is not None:
            # The build date would differ between two builds of the same input; the sitemap
            # takes each page's date from the claims instead.
            generated = self.pages.get(page.file.src_uri)
            page.update_date = (generated.date if generated and generated.date else None) \
                or self.content.newest_date or "1970-01-01"
        return page

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        links = Links(page.url, config.use_directory_urls)

        def fill(match: Any) -> str:
            name = match.group(1)
            block = generated.blocks.get(name) if generated else None
            if block is None:
                block = self.globals.get(name)
            if block is None:
                raise PluginError(
                    f"factcheck: {page.file.src_uri}: unknown block <!-- factcheck:{name} -->; "
                    f"hand-written pages may use: {', '.join(sorted(self.globals))}")
            return block(links) if callable(block) else block

        filled = MARKER.sub(fill, html)
        return filled + icon_sprite(filled)

    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        generated = self.pages.get(page.file.src_uri)
        if generated and generated.jsonld:
            page.meta["factcheck_jsonld"] = generated.jsonld
        else:
            page.meta.pop("factcheck_jsonld", None)  # only the plugin puts JSON-LD in a page
        return context
