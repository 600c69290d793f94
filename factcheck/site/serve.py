"""Live preview: check and rebuild whenever claims/, seeds/, docs/, schema/ or mkdocs.yml change,
and reload the browser. A failed check or build keeps the last good site on screen.

Every build goes into a fresh directory outside the project, swapped in whole, and nothing is
ever written under a watched directory, so a rebuild cannot trigger another one.
"""

from __future__ import annotations

import html
import logging
import shutil
import signal
import sys
import threading
import tempfile
from pathlib import Path

from . import engine  # noqa: F401  (first: it decides what the mkdocs imports load)
from mkdocs.livereload import LiveReloadServer

from ..checker import Project
from ..diagnostics import ConfigurationError
from ..reporters import format_text, summary_line
from .build import SiteBuildError, build_into

log = logging.getLogger("mkdocs.factcheck.serve")

WATCHED = ("claims", "seeds", "docs", "schema", "mkdocs.yml")


def parse_address(dev_addr: str) -> tuple[str, int]:
    host, sep, port = dev_addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ConfigurationError(f"--dev-addr must be IP:PORT, such as 127.0.0.1:8000, not {dev_addr!r}")
    return host.strip("[]"), int(port)


def _configure_logging() -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _waiting_page(root: Path, problems: str) -> None:
    """Until a first build succeeds there is no site to keep showing: show what to fix."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>Check failed</title>"
        "<h1>The check failed: no site to preview yet</h1>"
        f"<p>Fix these problems; the page reloads when the check passes.</p><pre>{html.escape(problems)}</pre>",
        encoding="utf-8")


class Previewer:
    """Checks the project afresh and rebuilds the site into ``root`` (served by the preview)."""

    def __init__(self, root_of_project: Path, served: Path, drafts: bool, serve_url: str) -> None:
        self.project_root = root_of_project
        self.served = served
        self.drafts = drafts
        self.serve_url = serve_url
        self.built = False

    def rebuild(self) -> bool:
        try:
            project = Project(self.project_root)  # re-read sources, scale and schema too
        except ConfigurationError as exc:
            return self._failed(f"configuration error: {exc}")
        result = project.check()
        if not result.ok:
            return self._failed(format_text(result))
        if result.warnings:
            log.warning("%s", format_text(result).rstrip())
        try:
            build_into(project, result, self.served, drafts=self.drafts, serve_url=self.serve_url,
                       site_url=self.serve_url)
        except SiteBuildError as exc:
            return self._failed(str(exc))
        self.built = True
        log.info("factcheck: %s", summary_line(result))
        return True

    def _failed(self, problems: str) -> bool:
        if self.built:
            log.error("factcheck: still showing the last good build; fix these problems:\n%s", problems.rstrip())
        else:
            log.error("factcheck: no site yet; fix these problems:\n%s", problems.rstrip())
            _waiting_page(self.served, problems)
        return False


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(project: Project, drafts: bool = False, dev_addr: str = "127.0.0.1:8000") -> None:
    host, port = parse_address(dev_addr)
    _configure_logging()
    if threading.current_thread() is threading.main_thread():
        # A terminated preview (not only Ctrl-C) still removes its build directory.
        signal.signal(signal.SIGTERM, _stop)
    workdir = Path(tempfile.mkdtemp(prefix="factcheck-serve-"))
    served = workdir / "site"
    serve_url = f"http://{host}:{port}/"
    previewer = Previewer(project.root, served, drafts, serve_url)
    try:
        previewer.rebuild()
        server = LiveReloadServer(builder=previewer.rebuild, host=host, port=port, root=str(served))
        for name in WATCHED:
            if (project.root / name).exists():
                server.watch(str(project.root / name))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
