"""Fixtures shared by every test directory: a real browser and a local web server.

Browser tests drive Debian's chromium through Playwright for Python (Playwright's own browser
download is not reachable). Under CI (``CI=true``) a missing browser or Playwright is a failure,
never a skip; elsewhere those tests skip with the reason.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

# Property tests must pass every time the README's `python -m pytest` runs: by default the same
# examples on every run (derandomized) and no example database, so nothing found at random once
# replays later (.hypothesis/, ignored by git, keeps only Hypothesis's caches). Random
# exploration is opt-in:
# HYPOTHESIS_PROFILE=explore python -m pytest tests/quality   (failures it finds are kept in
# .hypothesis/, outside git, and replayed by later explore runs).
_FIXED = dict(derandomize=True, database=None, deadline=None, print_blob=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("default", **_FIXED)
settings.register_profile("ci", **_FIXED)
# tests/quality/fault_injection.py: a failing gate is the expected outcome; skip the shrinking.
settings.register_profile("fault-injection", **{**_FIXED, "print_blob": False},
                          phases=[Phase.explicit, Phase.reuse, Phase.generate])
settings.register_profile(
    "explore", derandomize=False, database=DirectoryBasedExampleDatabase(".hypothesis/examples"),
    deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", parent=settings.get_profile("explore"))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "default")

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless chromium launched once per session (a playwright Browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium; .ci/run does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
        pass


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at an ephemeral port; yields the base URL (ends in '/')."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def local_server() -> Iterator[Callable[[Path], str]]:
    """``local_server(directory) -> base URL``; every server stops at the end of the session."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        yield lambda directory: stack.enter_context(serve_directory(directory))


@dataclass
class WatchedPage:
    """A browser page that records what a site must never do: console errors, uncaught
    exceptions, dialogs (alert/confirm/prompt) and requests to any host but the local server."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console_errors]
                + [f"page error: {m}" for m in self.page_errors]
                + [f"dialog: {m}" for m in self.dialogs]
                + [f"request off localhost: {u}" for u in self.offsite_requests])


@pytest.fixture
def watched_page(chromium: Any) -> Iterator[Callable[[], WatchedPage]]:
    """``watched_page()`` opens a fresh page (own context) that records problems and blocks
    every request that does not go to 127.0.0.1/localhost."""
    contexts = []

    def open_page() -> WatchedPage:
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        watched = WatchedPage(page)

        def route(route: Any) -> None:
            host = urlsplit(route.request.url).hostname
            if route.request.url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                watched.offsite_requests.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda m: watched.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: watched.page_errors.append(str(e)))

        def dialog(d: Any) -> None:
            watched.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        return watched

    yield open_page
    for context in contexts:
        context.close()
