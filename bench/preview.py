"""How long the live preview takes from a save to the reloaded page, in Chromium.

    python bench/preview.py                       # 1,000 and 10,000 claims
    python bench/preview.py --sizes 200 --saves 2  # a quick run
    python bench/preview.py --write-docs          # also the section "Preview" of handbook/performance.md
    python bench/run.py --preview ...             # the same, with the other benchmarks

For each corpus (``bench/generate.py``, as ``run.py`` makes them) it starts ``python build.py
serve`` as an analyst does, waits until the preview is ready (its search index too, which a
background build makes once at start, so that it does not run during the measurements), opens a
claim's page in Chromium, and saves edits of that claim: its summary, then one of its quotes
(shortened, then restored), each several times. A save is timed from just before the file is
written to the moment the reloaded page that shows the new text has painted (its first
contentful paint, from the browser's own clock; both clocks are the machine's). No save is
timed until the page of the previous one has been shown.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import run  # noqa: E402 - bench/run.py: the corpora and the machine description

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
TARGETS = {1_000: 1.0, 10_000: 2.0}  # seconds from save to reloaded page
BEFORE = {1_000: "5.3–6", 10_000: "40 and more"}  # the previous preview (issue 14), seconds: any edit
SECTION = "## Preview"


@dataclass
class Row:
    claims: int
    edit: str
    seconds: list[float] = field(default_factory=list)  # save to painted page
    rounds: list[float] = field(default_factory=list)  # the preview's check and site update
    # each save's moments after the write: the preview's round over, the reload started
    phases: list[tuple[float, float]] = field(default_factory=list)
    start_seconds: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def worst(self) -> float:
        return max(self.seconds)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> dict[str, Any]:
    try:
        with urllib.request.urlopen(url + ".factcheck-preview/status", timeout=10) as response:
            return json.loads(response.read())
    except OSError:
        return {}


def _wait(condition: Any, what: str, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise RuntimeError(f"timed out waiting for {what}")


def _plain_quote(root: Path) -> tuple[Path, str, str, str, str]:
    """A published claim with a quote given without offsets or prefix: the line that gives it,
    the line giving a shorter quote of the same passage (which occurs once in its source), and
    both quotes."""
    import yaml

    from factcheck.sources import split_front_matter

    claims = sorted((root / "claims").glob("*.yaml"))
    for path in claims[len(claims) // 2:] + claims[:len(claims) // 2]:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        if not isinstance(data, dict) or data.get("status") == "draft":
            continue
        for citation in data["evidence"]:
            quote = citation["quote"]
            if {"start", "prefix", "suffix"} & citation.keys() or len(quote.split(" ")) < 6:
                continue
            seed = next(p for p in (root / "seeds").iterdir() if p.stem == citation["source"])
            body = split_front_matter(seed.read_text(encoding="utf-8"))[1]
            shorter = " ".join(quote.split(" ")[:-2])
            for written in (f"quote: {quote}\n", f"quote: {json.dumps(quote, ensure_ascii=False)}\n"):
                if text.count(written) == 1 and body.count(shorter) == 1:
                    return path, written, f"quote: {json.dumps(shorter, ensure_ascii=False)}\n", quote, shorter
    raise RuntimeError("no claim of the corpus has a quote to shorten")


_PAINTED = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const nav = performance.getEntriesByType("navigation")[0];
  return [performance.timeOrigin, performance.timeOrigin + (paint ? paint.startTime : nav.domContentLoadedEventEnd)];
}"""


def _timed_save(page: Any, row: Row, path: Path, text: str, shows: str, url: str) -> None:
    """Write ``text`` to ``path``; note the seconds to the painted page showing ``shows``."""
    started = time.time()
    with page.expect_navigation(timeout=120_000) as navigation:
        path.write_text(text, encoding="utf-8")
    while shows not in navigation.value.text():  # a reload of an earlier round: wait for the next
        with page.expect_navigation(timeout=120_000) as navigation:
            pass
    page.wait_for_load_state("load")
    reload_started, painted = (t / 1000 for t in page.evaluate(_PAINTED))
    last_round = _status(url).get("last_round", {})
    row.seconds.append(painted - started)
    row.rounds.append(float(last_round.get("seconds", 0.0)))
    row.phases.append((float(last_round.get("finished_at", started)) - started, reload_started - started))


def measure(root: Path, claims: int, saves: int, browser: Any = None) -> list[Row]:
    """The rows of one corpus; ``browser``: a Playwright browser to use (default: a chromium of
    its own)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                return measure(root, claims, saves, own)
            finally:
                own.close()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tempfile.TemporaryFile()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("FACTCHECK_SITE_URL", None)
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve",
                                "--dev-addr", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT, env=env)
    rows = [Row(claims, "a claim's summary"), Row(claims, "one quote"), Row(claims, "a docs/ page")]
    claim = None
    docs_page = root / "docs" / "methodology.md"
    docs_original = docs_page.read_text(encoding="utf-8")
    try:
        claim, quoted, shortened, quote, shorter = _plain_quote(root)
        original = claim.read_text(encoding="utf-8")
        _wait(lambda: _status(url).get("site"), "the preview to serve", 900)
        for row in rows:
            row.start_seconds = time.monotonic() - started
        _wait(lambda: _status(url).get("search") in ("ready", "failed", "off"), "the search index", 1800)
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"{url}claims/{claim.stem}/", wait_until="load")
            for n in range(1, saves + 1):
                marker = f"Preview benchmark edit {n}."
                _timed_save(page, rows[0], claim, original.replace("summary: |\n", f"summary: |\n  {marker}\n", 1),
                            marker, url)
            for n in range(saves):
                base = claim.read_text(encoding="utf-8")
                if n % 2 == 0:
                    text, shows = base.replace(quoted, shortened, 1), f">{html.escape(shorter)}</mark>"
                else:
                    text, shows = base.replace(shortened, quoted, 1), f">{html.escape(quote)}</mark>"
                _timed_save(page, rows[1], claim, text, shows, url)
            # An edit that makes the site's files and navigation again (no target: for the record).
            page.goto(f"{url}methodology/", wait_until="load")
            for n in range(1, saves + 1):
                marker = f"Preview benchmark paragraph {n}."
                _timed_save(page, rows[2], docs_page, docs_original + f"\n{marker}\n", marker, url)
        finally:
            context.close()
    except BaseException:
        log.seek(0)
        print(log.read().decode("utf-8", "replace")[-5000:], file=sys.stderr)
        raise
    finally:
        if claim is not None:
            claim.write_text(original, encoding="utf-8")
        docs_page.write_text(docs_original, encoding="utf-8")
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=180)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            print("the preview did not stop within 180 s of SIGTERM: killed", file=sys.stderr)
        log.close()
    return rows


def phases_table(rows: list[Row]) -> str:
    lines = ["| claims | edit saved | the preview has checked and updated the site (s) "
             "| the browser starts the reload (s) | the reloaded page has painted (s) |",
             "|---:|---|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r.claims:,} | {r.edit} | {statistics.median(p[0] for p in r.phases):.2f} "
                     f"| {statistics.median(p[1] for p in r.phases):.2f} | {r.median:.2f} |")
    return "\n".join(lines) + "\n"


def table(rows: list[Row]) -> str:
    lines = ["| claims | edit saved | before (s) | save to reloaded page, median (s) | worst (s) "
             "| of which the check and the site (s) | preview ready after start (s) | target |",
             "|---:|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        target = TARGETS.get(r.claims) if r.edit != "a docs/ page" else None
        judged = (f"≤ {target:g} s: {'met' if r.worst <= target else 'NOT met'}" if target is not None
                  else "none")
        lines.append(f"| {r.claims:,} | {r.edit} | {BEFORE.get(r.claims, '—')} | {r.median:.2f} | {r.worst:.2f} "
                     f"| {statistics.median(r.rounds):.2f} | {r.start_seconds:.0f} | {judged} |")
    return "\n".join(lines) + "\n"


NOTES = """How long the live preview (`python build.py serve`) takes from a save to the reloaded page,
measured by `python bench/preview.py --write-docs` (or `python bench/run.py --preview`) in
headless Chromium on the corpora above: the preview is started as an analyst starts it, a claim's
page is opened, and {saves} saves of that claim's summary, then {saves} of one of its quotes
(shortened, then restored), then {saves} of a page of docs/ (seen on that page), are each timed
from just before the file is written to the first paint of the reloaded page showing the new
text. "Before" is the previous preview, which re-checked and rebuilt the whole site on every save,
whatever was saved (issue 14).

{machine}
{table}
Where a save's time goes (medians, in seconds after the write):

{phases}
What a save costs now: the preview notices the write (file events), checks the one claim file
again and runs the steps across claims (related claims, drafts), hands the site's plugin the new
check result in place (the site's files and navigation stay in memory: the same pages are
published, only their content changed), and tells the browser to reload; the reloaded page is
rendered then, alone, through MkDocs' own page pipeline. "Of which the check and the site" is the
preview's own part of it; the rest is the browser's reload and the rendering of the one page.
A claim added, deleted or renamed, a source added or deleted, or an edit of docs/, schema/ or
mkdocs.yml makes the site's files and navigation again, as a build does before it writes its
first page, and renders no page but the one reloaded: the row "a docs/ page" (no target) shows
what that costs. Search in the preview is indexed once, from the files as they are when it
starts (`factcheck/preview/indexing.py`); at 10,000 claims much of the time between the end of
the preview's round and the start of the reload is the browser's: Material's search builds its
whole index (25 MB) again on every page load, and the page being left is still busy with it.
"""


def section(rows: list[Row], saves: int, machine: dict[str, str]) -> str:
    return f"{SECTION}\n\n" + NOTES.format(saves=saves, machine=run.machine_lines(machine), table=table(rows),
                                           phases=phases_table(rows))


def section_of(page: str) -> str | None:
    """The section "Preview" of ``page`` (up to the next section of its level), if it has one."""
    found = re.search(rf"(?ms)^{re.escape(SECTION)}\n.*?(?=^## |\Z)", page)
    return found.group(0) if found else None


def replace_section(page: str, new: str) -> str:
    """``page`` with its section "Preview" (up to the next section of the same level) replaced by
    ``new``, or ``new`` added before "## Noise" (or at the end) when it has none."""
    pattern = re.compile(rf"(?ms)^{re.escape(SECTION)}\n.*?(?=^## |\Z)")
    if pattern.search(page):
        return pattern.sub(lambda _: new.rstrip("\n") + "\n\n", page, count=1).rstrip("\n") + "\n"
    at = page.find("\n## Noise")
    if at < 0:
        return page.rstrip("\n") + "\n\n" + new
    return page[:at + 1] + new.rstrip("\n") + "\n\n" + page[at + 1:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="claims per corpus")
    parser.add_argument("--saves", type=int, default=5, help="saves of each kind per corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the corpora go (default: a temporary directory, removed after)")
    parser.add_argument("--write-docs", nargs="?", type=Path, default=None, metavar="PATH",
                        const=REPO / "handbook" / "performance.md",
                        help="write the section 'Preview' of this page (default: handbook/performance.md)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factcheck-bench-preview-"))
    workdir.mkdir(parents=True, exist_ok=True)
    machine = run.machine()
    rows: list[Row] = []
    try:
        for claims in sizes:
            print(f"preview at {claims:,} claims ...", file=sys.stderr, flush=True)
            rows += measure(run.corpus(workdir, claims, args.seed), claims, args.saves)
            for row in rows[-3:]:
                print(f"  {row.edit}: median {row.median:.2f} s, worst {row.worst:.2f} s "
                      f"(the preview's own part {statistics.median(row.rounds):.2f} s)", file=sys.stderr, flush=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(table(rows))
    print(phases_table(rows))
    if args.write_docs:
        page = args.write_docs.read_text(encoding="utf-8") if args.write_docs.exists() else "# Performance\n"
        args.write_docs.write_text(replace_section(page, section(rows, args.saves, machine)), encoding="utf-8")
        print(f"wrote the section 'Preview' of {args.write_docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
