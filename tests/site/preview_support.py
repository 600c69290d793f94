"""Live preview test support: a preview running in this process on an ephemeral loopback port
(stopped at the end of each test), small projects, and waiting for its rounds."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from site_support import REPO

from factcheck.preview.session import Session


def generated_project(target: Path, claims: int = 12, seed: int = 5, mistakes: float = 0.0) -> Path:
    """A project from bench/generate.py: the repository's docs/, schema/ and mkdocs.yml with
    generated sources and claims (related claims, drafts, tags, every way of citing)."""
    spec = importlib.util.spec_from_file_location("bench_generate_preview", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate_preview"] = module
    spec.loader.exec_module(module)
    module.generate(target, claims=claims, seed=seed, mistakes=mistakes)
    return target


@contextmanager
def running_preview(root: Path, workdir: Path, drafts: bool = False,
                    look_every: float | None = None) -> Iterator[Session]:
    """A preview of ``root`` serving on 127.0.0.1 (no search index: it is a full build)."""
    workdir.mkdir(parents=True, exist_ok=True)
    session = Session(root, "127.0.0.1", 0, drafts, workdir, search=False)
    if look_every is not None:
        session.look_every = look_every
    try:
        session.start(in_background=True)
        yield session
    finally:
        session.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def next_round(session: Session, seen: int, timeout: float = 30) -> int:
    """Wait for the round after epoch ``seen``; returns the new epoch."""
    return wait_for(lambda: session.preview.epoch.value if session.preview.epoch.value > seen else 0,
                    "the preview's next round", timeout)


def get(url: str, timeout: float = 10) -> tuple[int, str]:
    """(status, body); (0, '') while nothing answers at ``url`` yet."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError) as exc:
        if isinstance(getattr(exc, "reason", None), TimeoutError):
            raise
        return 0, ""


def status(session: Session) -> dict[str, Any]:
    return json.loads(get(session.server.url + ".factcheck-preview/status")[1])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
