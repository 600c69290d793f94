"""`python build.py serve`: a live preview that re-checks on edits, keeps the last good site while a
claim is broken, never writes into the project, is quiet when the files are, and survives
everything: a round that raises, claims/ or seeds/ deleted and made again, a named pipe or a huge
file in claims/, an address it cannot serve on."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from preview_support import edit, generated_project, get, next_round, running_preview, status, wait_for
from site_support import REPO

from factcheck.diagnostics import ConfigurationError
from factcheck.preview import checking, parse_address
from factcheck.preview.session import Session


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return generated_project(tmp_path / "project", claims=6, seed=7)


def _claim(root: Path) -> Path:
    texts = {p: p.read_text(encoding="utf-8") for p in sorted((root / "claims").glob("*.yaml"))}
    return next(p for p, t in texts.items() if "status: draft" not in t
                and not any(f"- {p.stem}\n" in other for other in texts.values()))


# -- the command ----------------------------------------------------------------------------------

@pytest.fixture
def served(project: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--root", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        yield f"http://127.0.0.1:{port}/", log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            assert process.wait(timeout=30) == 0, log.read_text()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def _epoch(url: str) -> int:
    import json

    return int(json.loads(get(url + ".factcheck-preview/status")[1])["epoch"])


def test_the_preview_follows_edits_and_keeps_the_last_good_site(project: Path, served: tuple[str, Path]) -> None:
    url, log = served
    claim = _claim(project)
    page = f"{url}claims/{claim.stem}/"
    docs_before = sorted((p.relative_to(project).as_posix(), p.stat().st_mtime_ns) for p in (project / "docs").rglob("*"))
    wait_for(lambda: get(page)[0] == 200, "the preview to serve the claim", timeout=60)

    edit(claim, "summary: |\n", "summary: |\n  Edited wording.\n")
    wait_for(lambda: "Edited wording." in get(page)[1], "the edit to show")

    edit(claim, "verdict:", "qoute: typo\nverdict:")
    wait_for(lambda: "still showing the last good build" in log.read_text(), "the failed check in the terminal")
    assert "unknown key 'qoute'" in log.read_text()
    code, body = get(page)
    assert code == 200 and "Edited wording." in body and "unknown key" in body

    # Quiet files mean a quiet server: serving, and checking, never make another round.
    epoch = _epoch(url)
    time.sleep(6)  # longer than the preview's own look at the files every 5 s
    assert _epoch(url) == epoch
    docs_after = sorted((p.relative_to(project).as_posix(), p.stat().st_mtime_ns) for p in (project / "docs").rglob("*"))
    assert docs_after == docs_before
    assert not (project / "site").exists()
    assert "search" in log.read_text()  # the banner says how search behaves in the preview


def test_serving_on_an_address_in_use_is_one_line_and_exit_2(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project), "serve",
                              "--dev-addr", f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=60,
                             env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"build.py: error: cannot serve on 127.0.0.1:{port}: the address is in use; stop the other server "
        "(another `build.py serve`?) or choose another port with --dev-addr IP:PORT"]


@pytest.mark.parametrize("address, says", [
    ("203.0.113.7:8000", "this machine has no such address"),
    ("no-such-host.invalid:8000", "this machine has no such address"),
    ("localhost", "--dev-addr must be IP:PORT"),
    ("127.0.0.1:99999", "--dev-addr must be IP:PORT"),
])
def test_a_bad_dev_addr_is_one_line_and_exit_2(project: Path, address: str, says: str) -> None:
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project), "serve",
                          "--dev-addr", address], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("build.py: error: ") and says in lines[0], run.stderr


@pytest.mark.parametrize("address", ["8000", "localhost", "127.0.0.1:http", ":80", "1.2.3.4:70000"])
def test_a_bad_address_is_a_usage_error(address: str) -> None:
    with pytest.raises(ConfigurationError, match="IP:PORT"):
        parse_address(address)


def test_addresses_parse() -> None:
    assert parse_address("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert parse_address("[::1]:9000") == ("::1", 9000)


# -- surviving everything -------------------------------------------------------------------------

@pytest.fixture
def session(project: Path, tmp_path: Path) -> Iterator[Session]:
    # Only file events start a round here (no look at the files every few seconds), so that a
    # watch lost with its directory cannot be hidden by the timer.
    with running_preview(project, tmp_path / "preview", look_every=3600) as running:
        yield running


def test_every_request_is_answered_after_a_round_raises(
        project: Path, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    claim = _claim(project)
    page = session.url + f"claims/{claim.stem}/"
    real = checking.IncrementalCheck.update

    def broken(self: Any, changes: Any) -> Any:
        raise RuntimeError("a fault injected by the test")

    monkeypatch.setattr(checking.IncrementalCheck, "update", broken)
    seen = session.preview.epoch.value
    edit(claim, "summary: |\n", "summary: |\n  Never shown.\n")
    next_round(session, seen)
    for path in ("", f"claims/{claim.stem}/", "claims.json", "no-such-page/", "assets/factcheck/factcheck.css"):
        code, body = get(session.url + path, timeout=5)
        assert code in (200, 404), (path, code)
    code, body = get(page, timeout=5)
    assert code == 200 and "Never shown." not in body
    assert "RuntimeError: a fault injected by the test" in body and 'role="alert"' in body

    monkeypatch.setattr(checking.IncrementalCheck, "update", real)
    edit(claim, "Never shown.", "Shown after the fault.")
    wait_for(lambda: "Shown after the fault." in get(page)[1], "the next edit after the fault")
    assert status(session)["errors"] == 0


def test_requests_are_answered_while_a_round_runs(
        project: Path, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server never waits for the next build: the last good page is served meanwhile."""
    entered, release = threading.Event(), threading.Event()
    real = checking.IncrementalCheck.update

    def slow(self: Any, changes: Any) -> Any:
        entered.set()
        release.wait(30)
        return real(self, changes)

    claim = _claim(project)
    monkeypatch.setattr(checking.IncrementalCheck, "update", slow)
    try:
        edit(claim, "summary: |\n", "summary: |\n  In the middle of a round.\n")
        wait_for(entered.is_set, "the round to start")
        code, body = get(session.url + f"claims/{claim.stem}/", timeout=5)
        assert code == 200 and "In the middle of a round." not in body
    finally:
        release.set()
    wait_for(lambda: "In the middle of a round." in get(session.url + f"claims/{claim.stem}/")[1], "the edit")


@pytest.mark.parametrize("directory", ["claims", "seeds"])
def test_edits_are_seen_after_a_directory_is_deleted_and_made_again(
        project: Path, session: Session, tmp_path: Path, directory: str) -> None:
    claim = _claim(project)
    page = session.url + f"claims/{claim.stem}/"
    saved = tmp_path / "saved"
    shutil.copytree(project / directory, saved)
    seen = session.preview.epoch.value
    shutil.rmtree(project / directory)
    next_round(session, seen)
    assert get(page)[0] in (200, 404)  # answered (without claims/, the claim has no page)
    shutil.copytree(saved, project / directory)
    wait_for(lambda: status(session)["errors"] == 0 and get(page)[0] == 200, f"{directory}/ to be seen again")
    time.sleep(0.5)  # every event of the copy has had its round: the edit below is a round of its own

    edit(claim, "summary: |\n", "summary: |\n  Seen after the directory came back.\n")
    wait_for(lambda: "Seen after the directory came back." in get(page)[1], "an edit in the new claims/")
    seed = sorted((project / "seeds").glob("src-*"))[0]
    seed.write_text("---\ntitle: Seen in the new seeds\n---\n" + seed.read_text(encoding="utf-8").split("\n---\n")[-1],
                    encoding="utf-8")
    wait_for(lambda: "Seen in the new seeds" in get(session.url + f"sources/{seed.stem}/")[1],
             "an edit in the new seeds/")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_or_a_huge_file_in_claims_never_stops_the_preview(project: Path, session: Session) -> None:
    claim = _claim(project)
    page = session.url + f"claims/{claim.stem}/"
    seen = session.preview.epoch.value
    os.mkfifo(project / "claims" / "a-pipe.yaml")  # reading it would wait for a writer for ever
    with open(project / "claims" / "huge.yaml", "wb") as huge:
        huge.truncate(2 * 1024 * 1024 * 1024)  # sparse: takes no disk space
    wait_for(lambda: status(session)["errors"] == 2, "both to be reported")
    assert session.preview.epoch.value > seen
    code, body = get(page, timeout=5)
    assert code == 200 and "claims/a-pipe.yaml:1:1" in body and "named pipe" in body and "claims/huge.yaml:1:1" in body

    (project / "claims" / "a-pipe.yaml").unlink()
    (project / "claims" / "huge.yaml").unlink()
    edit(claim, "summary: |\n", "summary: |\n  After the pipe.\n")
    wait_for(lambda: "After the pipe." in get(page)[1], "the next edit")


def test_a_page_that_cannot_be_made_is_a_problem_shown_not_a_hang(
        project: Path, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands import build as mkdocs_build

    claim = _claim(project)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a template fault injected by the test")

    monkeypatch.setattr(mkdocs_build, "_build_page", broken)
    code, body = get(session.url + f"claims/{claim.stem}/", timeout=5)
    assert code == 500 and "This page could not be made" in body
    assert "RuntimeError: a template fault injected by the test" in body and 'role="alert"' in body
    monkeypatch.undo()
    code, body = get(session.url + f"claims/{claim.stem}/", timeout=5)
    assert code == 200 and 'role="alert"' not in body
