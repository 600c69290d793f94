"""`python build.py serve`: a live preview that rebuilds on edits, keeps the last good build
while a claim is broken, never writes into the watched directories, and does not loop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from site_support import REPO, copy_project, write_claim

from factcheck.diagnostics import ConfigurationError
from factcheck.site.serve import parse_address


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    root = copy_project(tmp_path / "project", with_claims=False)
    seed = sorted(p for p in (root / "seeds").iterdir() if p.suffix in (".txt", ".md"))[0]
    from factcheck.checker import Project

    first_line = Project(root).library.get(seed.stem).body.split("\n")[0]
    write_claim(root, "previewed-claim", {
        "claim": "Original wording.", "claimant": "Someone", "verdict": "supported", "summary": "S.",
        "evidence": [{"source": seed.stem, "quote": first_line[:40].strip(), "stance": "supports"}]})
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        yield root, f"http://127.0.0.1:{port}/", log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_preview_rebuilds_on_edits_and_keeps_the_last_good_build(preview: tuple[Path, str, Path]) -> None:
    root, url, log = preview
    page = url + "claims/previewed-claim/"
    docs_before = sorted((p.relative_to(root).as_posix(), p.stat().st_mtime_ns) for p in (root / "docs").rglob("*"))
    _wait(lambda: "Original wording." in (_get(page) or ""), "the first build")

    claim = root / "claims" / "previewed-claim.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("Original wording.", "Edited wording."))
    _wait(lambda: "Edited wording." in (_get(page) or ""), "the rebuild after an edit")

    claim.write_text(claim.read_text(encoding="utf-8").replace("claim:", "qoute: typo\nclaim:", 1))
    _wait(lambda: "still showing the last good build" in log.read_text(), "the failed check to be reported")
    assert "unknown key 'qoute'" in log.read_text()
    assert "Edited wording." in (_get(page) or "")

    # Quiet files mean a quiet server: building must not trigger another build.
    time.sleep(2)
    rebuilds = log.read_text().count("Detected file changes")
    time.sleep(3)
    assert log.read_text().count("Detected file changes") == rebuilds
    assert sorted((p.relative_to(root).as_posix(), p.stat().st_mtime_ns) for p in (root / "docs").rglob("*")) == docs_before
    assert not (root / "site").exists()


@pytest.mark.parametrize("address", ["8000", "localhost", "127.0.0.1:http", ":80", "1.2.3.4:70000"])
def test_a_bad_address_is_a_usage_error(address: str) -> None:
    with pytest.raises(ConfigurationError, match="IP:PORT"):
        parse_address(address)


def test_addresses_parse() -> None:
    assert parse_address("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert parse_address("[::1]:9000") == ("::1", 9000)


def test_previewer_shows_what_to_fix_until_a_first_build_then_keeps_the_last_good_one(tmp_path: Path) -> None:
    from factcheck.checker import Project
    from factcheck.site.serve import Previewer

    root = copy_project(tmp_path / "project", with_claims=False)
    seed = sorted(p.stem for p in (root / "seeds").iterdir() if p.suffix in (".txt", ".md"))[0]
    claim = write_claim(root, "claim-one", {
        "claim": "<b>Claim</b> one.", "claimant": "Someone", "verdict": "supported", "summary": "S.",
        "evidence": [{"source": seed, "quote": "text that is in no article", "stance": "supports"}]})
    served = tmp_path / "served" / "site"
    previewer = Previewer(root, served, drafts=False, serve_url="http://127.0.0.1:1/")
    assert previewer.rebuild() is False
    waiting = (served / "index.html").read_text(encoding="utf-8")
    assert "The check failed" in waiting and "claims/claim-one.yaml" in waiting and "<b>" not in waiting

    first_line = Project(root).library.get(seed).body.split("\n")[0]
    claim.write_text(claim.read_text(encoding="utf-8").replace("text that is in no article", first_line[:40].strip()))
    assert previewer.rebuild() is True
    page = served / "claims" / "claim-one" / "index.html"
    good = page.read_text(encoding="utf-8")
    assert "&lt;b&gt;Claim&lt;/b&gt; one." in good

    claim.write_text(claim.read_text(encoding="utf-8").replace("verdict: supported", "verdict: nope"))
    assert previewer.rebuild() is False
    assert page.read_text(encoding="utf-8") == good
    assert sorted(p.name for p in served.parent.iterdir()) == ["site"]  # no half-built directory left
