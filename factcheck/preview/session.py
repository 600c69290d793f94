"""One preview session: the check and the site kept up to date with the files, and the answer
to each request a browser makes.

A round starts when the files differ from the last snapshot (``watching``): the claims are
checked again where they changed (``checking``); a passing check is published, by refreshing the
site in place when the same pages and files result, or by making a new site (``rendering``); a
failing check, or a site that cannot be made, keeps the last good site on screen with the
problems over it (``overlay``). Every round ends by telling the browsers to reload, failed or not.
Nothing in a round can stop the preview: an unexpected error is reported like any other problem,
and the next change is checked again from scratch.
"""

from __future__ import annotations

import gc
import json
import logging
import mimetypes
import posixpath
import threading
import time
import traceback
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, unquote

from ..checker import CheckResult, Project
from ..diagnostics import ConfigurationError
from ..parallel import collector_paused
from ..reporters import format_text, summary_line
from ..site.build import SiteBuildError
from .checking import IncrementalCheck
from .indexing import SearchIndex
from .overlay import Problems, failed_page, inject, waiting_page
from .rendering import Rendered, Site, SiteClosed
from .server import Epoch, PreviewServer, Response
from .watching import Changes, Snapshot, Watcher

log = logging.getLogger("factcheck.preview")

QUIET_SECONDS = 0.05  # a save is one burst of events: wait until it is over
LONGEST_WAIT_SECONDS = 1.0  # ...but not for ever, when something writes without pause
LOOK_EVERY_SECONDS = 5.0  # a snapshot even without events, so that a lost event cannot hide a change
LOOK_EVERY_SECONDS_WITHOUT_EVENTS = 0.5
IDLE_BEFORE_COLLECTING_SECONDS = 3.0
KEEP_SECONDS = 3600

_TEXT_TYPES = {".yaml": "text/plain", ".yml": "text/plain", ".txt": "text/plain", ".md": "text/plain",
               ".jsonld": "application/ld+json", ".js": "application/javascript",
               ".mjs": "application/javascript", ".json": "application/json", ".xml": "application/xml"}


def _content_type(path: str) -> str:
    suffix = posixpath.splitext(path)[1].lower()
    kind = _TEXT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json",
                                            "application/ld+json", "application/xml", "image/svg+xml"):
        kind += "; charset=utf-8"
    return kind


class Preview:
    """The state of one preview; ``update`` runs one round, ``respond`` answers one request."""

    def __init__(self, root: Path, drafts: bool, workdir: Path, search: bool = True) -> None:
        self.root = root.resolve()
        self.drafts = drafts
        self.workdir = workdir
        self.checker = IncrementalCheck(self.root)
        self.site: Site | None = None
        self.problems = Problems()
        self.epoch = Epoch()
        self.snapshot: Snapshot | None = None
        self.search = SearchIndex(self.root, workdir / "search", drafts) if search else None
        self.last_round: dict[str, object] = {}
        self._sites_made = 0
        self._site_behind = True  # the configuration, docs/ or schema/ changed since the site was made

    # -- rounds --------------------------------------------------------------------------------

    def update(self, noticed_at: float | None = None, paths: set[str] | None = None) -> bool:
        """Look at the files (those file events named, ``paths``, or all); check and rebuild what
        changed. False when nothing had. ``noticed_at``: when the first file event of this change
        arrived (time.time())."""
        if paths is None or self.snapshot is None:
            snapshot = Snapshot.take(self.root)
        else:
            snapshot = self.snapshot.updated(self.root, paths)
        changes = Changes.between(self.snapshot, snapshot)
        if not changes:
            return False
        self.snapshot = snapshot
        started = time.monotonic()
        started_at = time.time()
        try:
            with collector_paused():
                self._round(changes)
        except Exception as exc:  # noqa: BLE001 - a bug or an input nobody foresaw: report it, go on
            log.error("factcheck: the preview failed while checking and building:\n%s", traceback.format_exc())
            self.checker.project = None  # the next change is checked from scratch
            self._site_behind = True
            self.problems = Problems(self.problems.diagnostics, (
                f"The preview failed while checking and building ({type(exc).__name__}: {exc}). "
                "The details are in the terminal; the next save is checked again from scratch.",),
                stale=self.site is not None, checked_at=_now())
        finally:
            # When each step happened (time.time()), for the benchmark's account of a save.
            self.last_round = {"changed": changes.describe(), "seconds": round(time.monotonic() - started, 3),
                               "rechecked": self.checker.rechecked, "noticed_at": noticed_at or started_at,
                               "started_at": started_at, "finished_at": time.time()}
            self.epoch.advance()
        if self.search is not None and self.search.state == "not started" and self.site is not None:
            self.search.start()
        return True

    def _round(self, changes: Changes) -> None:
        self._site_behind |= changes.shape_of_site
        checked_at = _now()
        try:
            result = self.checker.update(changes)
        except ConfigurationError as exc:
            self.problems = Problems(failures=(f"configuration error: {exc}",), stale=self.site is not None,
                                     checked_at=checked_at)
            log.error("factcheck: configuration error: %s", exc)
            return
        if not result.ok:
            self.problems = Problems(tuple(result.diagnostics), stale=self.site is not None, checked_at=checked_at)
            log.error("factcheck: %s; fix these problems:\n%s",
                      "still showing the last good build" if self.site else "no site yet",
                      format_text(result).rstrip())
            return
        project = self.checker.project
        assert project is not None
        try:
            how = self._publish(project, result)
        except SiteBuildError as exc:
            self._site_behind = True
            self.problems = Problems(tuple(result.diagnostics), (str(exc),), stale=self.site is not None,
                                     checked_at=checked_at)
            log.error("factcheck: %s; %s", exc, "still showing the last good build" if self.site else "no site yet")
            return
        self.problems = Problems(tuple(result.diagnostics), checked_at=checked_at)
        if result.warnings:
            log.warning("%s", format_text(result).rstrip())
        log.info("factcheck: %s; %s after a change to %s", summary_line(result), how, changes.describe())

    def _publish(self, project: Project, result: CheckResult) -> str:
        """Show ``result``: in the site as it is when it publishes the same pages and files, else
        in a new site (the old one stays until the new one is made). Says which it was."""
        site = self.site
        if site is not None and not self._site_behind:
            try:
                if site.refresh(project, result, self.drafts):
                    return "the site refreshed"
            except SiteBuildError:
                pass  # a new site says it again, or succeeds
        self._sites_made += 1
        new = Site.make(project, result, self.drafts, self.workdir / f"site-{self._sites_made}")
        self.site, self._site_behind = new, False
        if site is not None:
            site.close()
        return "the site rebuilt"

    def close(self) -> None:
        if self.search is not None:
            self.search.stop()
        if self.site is not None:
            self.site.close()

    # -- requests ------------------------------------------------------------------------------

    def status(self) -> bytes:
        problems = self.problems
        return json.dumps({
            "epoch": self.epoch.value, "errors": problems.errors, "warnings": problems.warnings,
            "stale": problems.stale, "site": self.site is not None,
            "search": self.search.state if self.search is not None else "off",
            "last_round": self.last_round,
        }).encode()

    def respond(self, url_path: str) -> Response:
        epoch = self.epoch.value  # read first: a page never misses the reload of a newer check
        for _ in range(3):  # a site replaced while a page of it is being sent: ask the new one
            site, problems = self.site, self.problems
            if site is None:
                return Response(503, waiting_page(problems, epoch))
            try:
                return self._respond(site, problems, epoch, url_path)
            except SiteClosed:
                continue
        return Response(503, b"The preview is busy; reload the page.", "text/plain; charset=utf-8")

    def _respond(self, site: Site, problems: Problems, epoch: int, url_path: str) -> Response:
        mount = site.mount
        path = unquote(url_path)
        if not (path + "/").startswith(mount):
            if path in ("", "/"):
                return Response(302, headers={"Location": quote(mount)})
            return self._not_found(site, problems, epoch)
        relative = path[len(mount):]
        normalised = posixpath.normpath("/" + relative).lstrip("/") if relative.strip("/") else ""
        wanted = (normalised + "/index.html").lstrip("/") if relative.endswith("/") or not normalised else normalised
        if site.has(wanted):
            return self._serve_made(site, wanted, problems, epoch)
        if not relative.endswith("/") and site.has(normalised + "/index.html"):
            return Response(302, headers={"Location": quote(path + "/")})
        if self.search is not None and wanted in self.search.files:
            search = Rendered(self.search.files[wanted], lasting=True)
            return self._file(search, search.read(), wanted, problems, epoch)
        return self._not_found(site, problems, epoch)

    def _serve_made(self, site: Site, site_path: str, problems: Problems, epoch: int) -> Response:
        try:
            made, body = site.made(site_path)
        except SiteClosed:
            raise
        except Exception as exc:  # noqa: BLE001 - a page that cannot be made is a problem shown
            log.error("factcheck: the preview could not make %s:\n%s", site_path, traceback.format_exc())
            failed = replace(problems, failures=(*problems.failures, (
                f"{site_path} could not be made ({type(exc).__name__}: {exc}); the details are in the terminal")))
            return Response(500, failed_page(site_path, failed, epoch))
        return self._file(made, body, site_path, problems, epoch)

    def _not_found(self, site: Site, problems: Problems, epoch: int) -> Response:
        if site.has("404.html"):
            return replace(self._serve_made(site, "404.html", problems, epoch), status=404)
        return Response(404, inject(b"<!doctype html><title>Not found</title><h1>Not found</h1>",
                                    problems, epoch))

    def _file(self, made: Rendered, body: bytes | None, site_path: str, problems: Problems,
              epoch: int) -> Response:
        if body is None:
            return Response(404, b"Not found", "text/plain; charset=utf-8")
        content_type = _content_type(site_path)
        if content_type.startswith("text/html"):
            if made.warnings:
                problems = replace(problems, page_warnings=tuple(made.warnings))
            body = inject(body, problems, epoch)
        # What stays the same for the whole preview is kept by the browser between reloads.
        headers = {"Cache-Control": f"max-age={KEEP_SECONDS}"} if made.lasting else {}
        return Response(200, body, content_type, headers)


def _now() -> str:
    return datetime.now().strftime("%H:%M:%S")


class Session:
    """A running preview: its server, its watcher, and the rounds, until ``stop``."""

    def __init__(self, root: Path, host: str, port: int, drafts: bool, workdir: Path, search: bool = True) -> None:
        self.preview = Preview(root, drafts, workdir, search)
        self.server = PreviewServer(host, port, self.preview.respond, self.preview.epoch, self.preview.status)
        self.watcher = Watcher(self.preview.root, self._wake)
        self._woken = threading.Event()
        self._noticed_at: float | None = None
        self._pending: set[str] | None = set()  # paths the events named since the last round; None: all
        self._pending_lock = threading.Lock()
        self._stopping = threading.Event()
        self._loop: threading.Thread | None = None

    @property
    def url(self) -> str:
        site = self.preview.site
        mount = site.mount if site is not None else "/"
        return self.server.url.rstrip("/") + mount

    def _wake(self, paths: set[str] | None) -> None:
        with self._pending_lock:
            if not self._woken.is_set():
                self._noticed_at = time.time()
            if paths is None or self._pending is None:
                self._pending = None
            else:
                self._pending |= paths
            self._woken.set()

    def _take_pending(self) -> set[str] | None:
        with self._pending_lock:
            pending, self._pending = self._pending, set()
            return pending

    def start(self, in_background: bool = False) -> None:
        """The first check and site (before any thread starts, so that a large project is
        checked on every core), then the server and the watcher."""
        self.preview.update()
        self.server.start()
        if not self.watcher.start():
            self.look_every = LOOK_EVERY_SECONDS_WITHOUT_EVENTS
        if in_background:
            self._loop = threading.Thread(target=self.run, name="factcheck-preview-rounds", daemon=True)
            self._loop.start()

    look_every = LOOK_EVERY_SECONDS

    def run(self, manage_memory: bool = False) -> None:
        """Rounds, whenever the files may have changed, until ``stop``.

        ``manage_memory`` (for a process that only previews): after each round everything the
        preview holds is moved out of the cyclic garbage collector's sight (``gc.freeze``), so
        that a collection triggered while a page is rendered walks only what is new, not the
        whole archive (a full collection at 10,000 claims stalls every thread for about a
        second); what a replaced site leaves is collected once the preview has been idle."""
        collect_at: float | None = None
        while not self._stopping.is_set():
            timeout = self.look_every if collect_at is None else max(0.0, collect_at - time.monotonic())
            woken = self._woken.wait(timeout=min(self.look_every, timeout))
            if self._stopping.is_set():
                break
            if not woken and collect_at is not None and time.monotonic() >= collect_at:
                gc.unfreeze()
                gc.collect()
                gc.freeze()
                collect_at = None
                continue
            noticed_at, paths = None, None
            if woken:
                noticed_at = self._noticed_at
                deadline = time.monotonic() + LONGEST_WAIT_SECONDS
                self._woken.clear()
                while self._woken.wait(QUIET_SECONDS) and time.monotonic() < deadline:
                    self._woken.clear()
                paths = self._take_pending()
            before = self.preview.site
            if self.preview.update(noticed_at, paths) and manage_memory:
                gc.freeze()
                if self.preview.site is not before:  # the old site is garbage, in cycles
                    collect_at = time.monotonic() + IDLE_BEFORE_COLLECTING_SECONDS

    def stop(self) -> None:
        self._stopping.set()
        self._woken.set()
        if self._loop is not None:
            self._loop.join(timeout=60)
        self.watcher.stop()
        self.server.stop()
        self.preview.close()

