"""The site in memory, each page rendered when it is asked for, through MkDocs' own pipeline.

A ``Site`` is what a full build of the same files holds once it has gathered every file and read
the pages it needs: the configuration (with its plugins, the factcheck plugin handed the check
result), the files, the navigation and the theme. It is made by the same steps as
``mkdocs.commands.build.build``, up to the point where that function starts writing, and then
stops: the hand-written pages and the pages in the navigation are read (their titles, tables of
contents and links are what other pages and the strict checks need), every other page is read
and written only when a browser asks for it, by MkDocs' own ``_populate_page`` and
``_build_page`` and with the factcheck plugin's current content, into this site's own directory.
The files the plugin writes beside the pages (claims.json, annotations, source texts, claim
files) are written when asked for too, and theme and docs/ files are served from where they are.
So a page costs what MkDocs takes to make that one page, whatever the size of the archive.

A change to the claims or the sources that publishes the same pages and files (one claim's
summary, a quote, a source's text) keeps the site's files and navigation and only hands the
plugin the new plan (``refresh``); anything else (a claim added, deleted or renamed, docs/,
mkdocs.yml, the schema) makes a new ``Site``. The same strictness applies as to a full build:
a warning from MkDocs while the site is made is a failure, and the previous site stays.
"""

from __future__ import annotations

import logging
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
from ..site import engine  # noqa: F401  (first: it decides what the mkdocs imports load)
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import File, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation

from ..checker import CheckResult, Project
from ..site.build import PLUGIN, build_failure, load_site_config, mkdocs_messages
from ..site.plugin import SitePlan

log = logging.getLogger("factcheck.preview")


class SiteClosed(Exception):
    """The site was replaced (and its directory removed) while a request was using it."""


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once for the whole preview, not once per new site: each
    site's configuration makes its own Jinja environments, and compiling Material's templates
    takes longer than rendering a page. Jinja checks each template's source against the code
    it keeps, so a changed template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with self._lock:
            code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = bucket.bytecode_to_string()
        with self._lock:
            self._code[bucket.key] = code


_COMPILED = _CompiledTemplates()


def _share_compiled_templates(theme: Any) -> None:
    make_environment = theme.get_env

    def environment() -> jinja2.Environment:
        made = make_environment()
        made.bytecode_cache = _COMPILED
        return made

    theme.get_env = environment


@dataclass
class Rendered:
    """A page or file of the site as served: where it is, what went wrong making it, and whether
    it stays the same for the whole preview (a file of an installed theme or package, which a
    browser may then keep instead of asking again on every reload)."""

    path: Path | None
    warnings: list[str] = field(default_factory=list)
    lasting: bool = False

    def read(self) -> bytes | None:
        try:
            return self.path.read_bytes() if self.path is not None else None
        except FileNotFoundError:
            return None


class Site:
    """One version of the site (see the module's docstring). Every method is safe to call from
    any thread: MkDocs' objects are used under one lock."""

    def __init__(self, config: Any, files: Any, nav: Any, env: Any, directory: Path) -> None:
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.directory = directory
        self.project_root = Path(config.config_file_path).resolve().parent
        self.plugin: Any = config.plugins[PLUGIN]
        self.lock = threading.RLock()
        self._read: set[str] = set()  # pages read for this version and not yet written
        self._made: dict[str, Rendered] = {}  # by path in the site, for this version
        # What a full build writes: every file it includes (not the drafts of docs/).
        self._by_path = {file.dest_uri: file for file in files if file.inclusion.is_included()}
        self._templates = set(config.theme.static_templates) | set(config.extra_templates)
        self._pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self._anchor_targets: set[str] = set()  # generated pages hand-written pages link into
        self.version = 0
        self.closed = False

    @property
    def mount(self) -> str:
        """The path the site is served under: that of its site_url, as ``mkdocs serve`` does."""
        path = urlsplit(self.config.site_url or "/").path
        return ("/" + path.lstrip("/")).rstrip("/") + "/"

    # -- making a site -------------------------------------------------------------------------

    @classmethod
    def make(cls, project: Project, result: CheckResult, drafts: bool, directory: Path) -> Site:
        """The steps of a full build up to its first write. Raises SiteBuildError on any error
        or warning (the build is strict), with MkDocs' own messages."""
        directory.mkdir(parents=True, exist_ok=True)
        with mkdocs_messages(this_thread=True) as warnings:
            config = load_site_config(project, result, drafts, site_dir=str(directory))
            _share_compiled_templates(config.theme)
            config.plugins[PLUGIN].writes_files = False  # written when asked for (``made``)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                config = config.plugins.on_config(config)
                config.plugins.on_pre_build(config=config)
                files = get_files(config)
                env = config.theme.get_env()
                files.add_files_from_theme(env, config)
                files = config.plugins.on_files(files, config=config)
                set_exclusions(files, config)
                nav = get_navigation(files, config)
                nav = config.plugins.on_nav(nav, config=config, files=files)
                site = cls(config, files, nav, env, directory)
                site._read_needed_pages()
                site.env = config.plugins.on_env(env, config=config, files=files)
                for src_uri in site._read:
                    page = files.get_file_from_path(src_uri).page
                    page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            except Exception as exc:  # MkDocs and its plugins raise many kinds; all mean "no site"
                config.plugins.on_build_error(error=exc)
                config.plugins.on_shutdown()
                raise build_failure(project.root, "MkDocs could not build the site", warnings.messages, exc) from exc
            if warnings.messages:  # strict: a full build stops here too
                config.plugins.on_shutdown()
                raise build_failure(project.root, f"MkDocs could not build the site: {len(warnings.messages)} "
                                    f"warning{'' if len(warnings.messages) == 1 else 's'} in strict mode",
                                    warnings.messages)
        return site

    def _generated(self, src_uri: str) -> bool:
        return src_uri in self.plugin.makers

    def _read_needed_pages(self) -> None:
        """Read what a full build would have read before writing its first page and that other
        pages or the strict checks depend on: the hand-written pages (as they are now: their
        Markdown is kept, so that this version keeps showing them whatever docs/ later holds),
        the pages in the navigation, and the pages hand-written ones link into with an anchor."""
        documentation = self.files.documentation_pages(inclusion=InclusionLevel.is_included)
        needed = [f for f in documentation if not self._generated(f.src_uri)]
        for file in needed:
            source = file.abs_src_path
            file.content_string = file.content_string  # kept in memory...
            file.abs_src_path = source  # ...while plugins still see where it came from
        needed += [page.file for page in self.nav.pages if self._generated(page.file.src_uri)]
        for file in needed:
            self._read_page(file)
        for file in list(needed):
            for target in (file.page.links_to_anchors or {}):
                if target.page is not None and target.src_uri not in self._read:
                    self._anchor_targets.add(target.src_uri)
                    self._read_page(target)

    def _read_page(self, file: File) -> None:
        if self._generated(file.src_uri):
            file.content_string = self.plugin.page_markdown(file.src_uri)
        mkdocs_build._populate_page(file.page, self.config, self.files)
        self._read.add(file.src_uri)

    # -- a new check result --------------------------------------------------------------------

    def refresh(self, project: Project, result: CheckResult, drafts: bool) -> bool:
        """Publish ``result`` from this site when it makes the same pages and files (only their
        content differs); False, with the site as it was, when a new ``Site`` is needed."""
        with self.lock:
            plugin = self.plugin
            before = (plugin.project, plugin.result, plugin.drafts)
            in_use = SitePlan(plugin.content, plugin.makers, plugin.in_nav, plugin.written, plugin.globals)
            in_nav = [p.file for p in self.nav.pages if self._generated(p.file.src_uri)]
            old_markdown = {src: plugin.page_markdown(src) for src in self._anchor_targets}
            old_markdown.update((f.src_uri, f.content_string) for f in in_nav)
            plugin.use(project, result, drafts)
            try:
                plan = plugin.plan(self.config)
                same = plan.pages.keys() == in_use.pages.keys() and plan.written.keys() == in_use.written.keys()
                if same:
                    plugin.adopt(plan)
                    # A hand-written page's link into a page that changed is checked again by a new site.
                    same = all(plugin.page_markdown(src) == old_markdown[src] for src in self._anchor_targets)
            except BaseException:
                plugin.adopt(in_use)
                plugin.use(*before)
                raise
            if not same:
                plugin.adopt(in_use)
                plugin.use(*before)
                return False
            self._made, self._read = {}, set()
            self.version += 1
            with mkdocs_messages(this_thread=True) as warnings:
                for file in in_nav:  # their titles show in every page's navigation
                    if plugin.page_markdown(file.src_uri) != old_markdown[file.src_uri]:
                        self._read_page(file)
            if warnings.messages:
                raise build_failure(project.root, "MkDocs could not build the site", warnings.messages)
            return True

    # -- pages and files -----------------------------------------------------------------------

    def has(self, site_path: str) -> bool:
        """Whether this site has a file at ``site_path`` (its path below the site's root)."""
        return site_path in self._by_path or site_path in self._templates or (
            site_path.endswith(".gz") and site_path[:-3] in self._templates)

    def made(self, site_path: str) -> tuple[Rendered, bytes | None]:
        """The file at ``site_path`` (one the site ``has``), made for this version if the build
        makes it (a page, a template, a file the plugin writes), else where it is; with its bytes
        (read here: the next version may write the same file)."""
        with self.lock:
            if self.closed:
                raise SiteClosed(site_path)
            done = self._made.get(site_path)
            if done is None:
                done = self._made[site_path] = self._make(site_path)
            return done, done.read()

    def _make(self, site_path: str) -> Rendered:
        file = self._by_path.get(site_path)
        lasting = False
        with mkdocs_messages(this_thread=True) as warnings:
            if file is None:  # a template of the theme (404.html, sitemap.xml) or of extra_templates
                template = site_path[:-3] if site_path not in self._templates else site_path  # .gz
                if template in self.config.theme.static_templates:
                    mkdocs_build._build_theme_template(template, self.env, self.files, self.config, self.nav)
                else:
                    mkdocs_build._build_extra_template(template, self.files, self.config, self.nav)
                path = self.directory / site_path
            elif file.is_documentation_page():
                if file.src_uri not in self._read:
                    self._read_page(file)
                self._read.discard(file.src_uri)
                mkdocs_build._build_page(file.page, self.config, self._pages, self.nav, self.env,
                                         excluded=file.inclusion.is_excluded())
                path = Path(file.page.file.abs_dest_path)
            else:
                write = self.plugin.written.get(file.src_uri)
                if write is not None:  # the plugin writes it beside the pages
                    path = Path(file.abs_dest_path)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    write(path)
                else:
                    path = Path(file.abs_src_path) if file.abs_src_path else None
                    lasting = path is not None and not path.is_relative_to(self.project_root)
                    if path is None:  # made in memory by a plugin
                        path = Path(file.abs_dest_path)
                        path.parent.mkdir(parents=True, exist_ok=True)
                        path.write_bytes(file.content_bytes)
        return Rendered(path if path is not None and path.is_file() else None, warnings.messages, lasting)

    def close(self) -> None:
        with self.lock:
            if self.closed:
                return
            self.closed = True
            try:
                self.config.plugins.on_shutdown()
            finally:
                shutil.rmtree(self.directory, ignore_errors=True)
