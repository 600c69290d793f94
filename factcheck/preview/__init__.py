"""`python build.py serve`: the analyst's live preview.

Every save is checked, and the browser reloads after each check with the current problems
(file:line:column, severity, message, suggestion) over the last good site. The pages shown are
those a full build of the same files writes, and a save is seen in about the time it takes to
check one file and render one page, whatever the size of the archive.

How: pages are rendered when they are asked for. The preview keeps in memory what a full build
holds once it has gathered its files: MkDocs' configuration, files and navigation, the theme, and
the factcheck plugin with the current check result; a browser's request for a page renders that
page through MkDocs' own page pipeline (``_populate_page``, ``_build_page``, every plugin event),
and the files the plugin writes beside the pages (claims.json, source texts) are written when they
are asked for. This was chosen over rebuilding only the pages an edit affects because it needs no
knowledge of which pages depend on what (a summary is on its claim page only, a quote on the claim
page, the source page and the evidence map, a verdict on every listing, and the other teams are
adding pages): any page the plugin generates is made by the same code as in a full build, from the
same check result, so it is identical to it, and it costs one page's rendering.

    watching.py   what changed (stamps of files), and when to look (file events, re-armed)
    checking.py   re-check only what a change can affect; the steps across claims every time
    rendering.py  the site in memory; a page rendered through MkDocs when asked for
    overlay.py    the problems over the page, the reload script; added only when serving
    indexing.py   search: indexed once in the background by a full build, not live
    server.py     the HTTP server (standard library): never blocks on a build
    session.py    one round per change; one answer per request

Nothing is written into the project: the preview's sites live in a temporary directory, removed
when it stops.
"""

from __future__ import annotations

import gc
import logging
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path

from ..checker import Project
from ..diagnostics import ConfigurationError
from .session import Session

log = logging.getLogger("factcheck.preview")

SEARCH_NOTE = ("search is indexed once, in the background, from the files as they are now; it does "
               "not follow your edits (restart the preview to index again)")


def parse_address(dev_addr: str) -> tuple[str, int]:
    host, sep, port = dev_addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ConfigurationError(f"--dev-addr must be IP:PORT, such as 127.0.0.1:8000, not {dev_addr!r}")
    return host.strip("[]"), int(port)


def _configure_logging() -> None:
    for name in ("factcheck.preview", "mkdocs"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
            logger.addHandler(handler)
            logger.propagate = False
        logger.setLevel(logging.INFO if name == "factcheck.preview" else logging.WARNING)
    # watchdog warns of its own threads' order when the preview stops; nothing to act on.
    logging.getLogger("watchdog").setLevel(logging.ERROR)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(project: Project, drafts: bool = False, dev_addr: str = "127.0.0.1:8000") -> None:
    """Serve the preview until interrupted (Ctrl-C or SIGTERM). Raises ConfigurationError, with
    nothing started, when the address cannot be served."""
    host, port = parse_address(dev_addr)
    _configure_logging()
    workdir = Path(tempfile.mkdtemp(prefix="factcheck-serve-"))
    try:
        session = Session(project.root, host, port, drafts, workdir)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    if threading.current_thread() is threading.main_thread():
        # A terminated preview (not only Ctrl-C) still removes its directory.
        signal.signal(signal.SIGTERM, _stop)
    try:
        log.info("factcheck: checking and preparing the site ...")
        session.start()
        log.info("factcheck: serving the preview on %s (pages are rendered as you open them; %s)",
                 session.url, SEARCH_NOTE)
        gc.freeze()  # what the first round made, out of the collector's sight (see Session.run)
        session.run(manage_memory=True)
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        try:
            session.stop()
        except KeyboardInterrupt:  # a second Ctrl-C: stop at once
            pass
        shutil.rmtree(workdir, ignore_errors=True)
