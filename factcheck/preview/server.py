"""The preview's web server: the standard library's threading HTTP server, one thread a request.

MkDocs' LiveReloadServer is not used: it serves a directory (the preview renders pages when they
are asked for), it holds every request while a build runs and for ever after a build raises, and
it watches by polling every file. Here a request is answered from the last good site at once,
whatever the next build is doing, and a browser waiting for a change (``changes?since=N``, long
polling) is answered as soon as a check has finished, failed or not.

Every request is answered: an error while answering one is a 500 with the reason, and is logged.
The server binds only the address it is given (the command line's default is 127.0.0.1).
"""

from __future__ import annotations

import errno
import logging
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..diagnostics import ConfigurationError
from .overlay import ENDPOINT

log = logging.getLogger("factcheck.preview")

LONG_POLL_SECONDS = 25.0  # under the usual idle timeouts of proxies and browsers


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class Epoch:
    """Counts the checks; a browser waits for it to grow. It starts from the clock (in
    milliseconds), so that a page from an earlier preview reloads when a new one has started."""

    def __init__(self) -> None:
        self.value = time.time_ns() // 1_000_000
        self._changed = threading.Condition()

    def advance(self) -> int:
        with self._changed:
            self.value += 1
            self._changed.notify_all()
            return self.value

    def release(self) -> None:
        """Answer the browsers waiting now, with no change (the preview stops)."""
        with self._changed:
            self._changed.notify_all()

    def wait_beyond(self, seen: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.value > seen, timeout=timeout)
            return self.value


def _cannot_serve(host: str, port: int, exc: OSError) -> ConfigurationError:
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        reason = ("the address is in use; stop the other server (another `build.py serve`?) or choose "
                  "another port with --dev-addr IP:PORT")
    elif exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT) or isinstance(exc, socket.gaierror):
        reason = "this machine has no such address; use one of its own, such as --dev-addr 127.0.0.1:8000"
    elif exc.errno == errno.EACCES:
        reason = "ports below 1024 need privileges; choose a port such as 8000 with --dev-addr IP:PORT"
    else:
        reason = f"{exc.strerror or exc}; choose another address with --dev-addr IP:PORT"
    return ConfigurationError(f"cannot serve on {where}: {reason}")


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True  # a restarted preview may bind while old connections linger

    def __init__(self, host: str, port: int, respond: Callable[[str], Response], epoch: Epoch,
                 status: Callable[[], bytes]) -> None:
        self.respond, self.epoch, self.status = respond, epoch, status
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            super().__init__((host, port), _Handler)
        except (OSError, OverflowError) as exc:
            if isinstance(exc, OverflowError):  # a port out of range, given to the socket
                raise ConfigurationError(f"cannot serve on {host}:{port}: no such port") from exc
            raise _cannot_serve(host, port, exc) from exc
        self.stopping = False

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in str(host) else f"http://{host}:{port}/"

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2},
                                  name="factcheck-preview-server", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.stopping = True
        self.epoch.release()  # answer the browsers waiting: no reload (there is nothing to reload)
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        log.debug("%s - %s", self.address_string(), format % args)

    def do_HEAD(self) -> None:  # noqa: N802 - the standard library's name
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        try:
            response = self._response()
        except Exception:  # noqa: BLE001 - a request is always answered
            log.error("factcheck: the preview failed to answer %s:\n%s", self.path, traceback.format_exc())
            response = Response(500, b"The preview failed to answer this request; see its terminal.",
                                "text/plain; charset=utf-8")
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            if "Cache-Control" not in response.headers:  # pages change with every save
                self.send_header("Cache-Control", "no-cache")
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if not head:
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):  # the browser went away (a reload)
            pass

    def _response(self) -> Response:
        url = urlsplit(self.path)
        if url.path.startswith(ENDPOINT):
            return self._own(url.path[len(ENDPOINT):], parse_qs(url.query))
        return self.server.respond(url.path)

    def _own(self, what: str, query: dict[str, list[str]]) -> Response:
        if what == "changes":
            try:
                seen = int(query.get("since", ["0"])[0])
            except ValueError:
                seen = 0
            deadline = time.monotonic() + LONG_POLL_SECONDS
            value = self.server.epoch.value
            while value <= seen and not self.server.stopping and time.monotonic() < deadline:
                value = self.server.epoch.wait_beyond(seen, min(1.0, deadline - time.monotonic()))
            return Response(200, str(value).encode(), "text/plain; charset=utf-8")
        if what == "status":
            return Response(200, self.server.status(), "application/json")
        return Response(404, b"Not found", "text/plain; charset=utf-8")
