"""What a reader's browser fetches from the published site as the archive grows.

    python bench/reader.py                       # 1,000 / 10,000 / 30,000 claims
    python bench/reader.py --sizes 1000          # one size
    python bench/reader.py --write-docs          # also write its section of handbook/performance.md

For each size, the corpus of ``bench/generate.py`` is built with ``python build.py`` (time and
peak memory of the whole build, search index included), then served over a local HTTP server
(``http.server``: no compression, so bytes are the files' own sizes) and opened in Chromium
(Debian's ``/usr/bin/chromium`` through Playwright), each page in a fresh browser context (no
cache):

- the largest HTML page of the site, and how many pages are over the 300 KB target;
- every byte a first load of the home page, a claim page and an evidence-map page fetches (HTML,
  CSS, scripts, images: everything until the network is idle);
- the bytes one search query fetches (from typing it to its results on screen; the page's own
  first load not counted), and how long the results take to show;
- when the home page's main content is painted (Largest Contentful Paint).

Sizes are what this measures; times are taken on this shared machine and say what a reader
would wait here, not on a phone network.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402 - bench/run.py, beside this file: corpora and process measurement

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
QUERY = "Zelenskyy ceasefire"  # words the generated claims and sources use, not in every page

TARGETS = {
    "html_kb": 300.0,  # every HTML page, uncompressed
    "first_load_kb": 500.0,  # a first load of any page, in all
    "query_kb": 300.0,  # one search query
    "query_s": 1.0,  # results shown
    "build_ratio": 1.2,  # x plain MkDocs, which writes no search index (bench/run.py)
    "memory_mib": 1024.0,  # peak of the build
}
TARGET_CLAIMS = 30_000

# Today's figures (before this work), from the issue, at 10,000 claims: every page load fetched
# Material's whole search index.
BEFORE_10K = {"search_index_mb": 25.0, "home_mb": 6.1, "tags_mb": 8.2, "verdicts_mb": 4.9,
              "evidence_map_mb": 16.0}


@dataclass
class ReaderRow:
    claims: int
    pages: int = 0
    build_s: float = 0.0
    build_mib: float = 0.0
    largest_html_kb: float = 0.0
    largest_html: str = ""
    home_html_kb: float = 0.0
    pages_over_target: int = 0
    listing_pages: int = 0
    first_load_kb: dict[str, float] = field(default_factory=dict)
    requests: dict[str, int] = field(default_factory=dict)
    query_kb: float = 0.0
    query_requests: int = 0
    query_s: float = 0.0
    query_results: int = 0
    home_lcp_ms: float = 0.0


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
        pass


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def html_sizes(site: Path) -> tuple[int, float, str, int]:
    """(pages, largest page in KB, its path, pages over the target)."""
    sizes = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    largest, where = max(sizes)
    over = sum(1 for size, _ in sizes if size > TARGETS["html_kb"] * 1024)
    return len(sizes), largest / 1024, where, over


class Meter:
    """Bytes the page fetches: each finished response's body size (as served: no compression)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.bytes = 0
        self.count = 0
        self.started = 0
        self.failed = 0
        self.urls: list[str] = []
        page.on("request", self._started)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", self._failed)

    def _started(self, request: Any) -> None:
        self.started += 1

    def _finished(self, request: Any) -> None:
        sizes = request.sizes()
        self.bytes += sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)
        self.count += 1
        self.urls.append(request.url)

    def _failed(self, request: Any) -> None:
        self.failed += 1

    def settle(self, limit_s: float = 10.0) -> None:
        """Wait until every request the page started has been counted: "networkidle" can come
        before the last finished events reach this process (a count read then is short)."""
        waited = 0.0
        while self.count + self.failed < self.started and waited < limit_s:
            self.page.wait_for_timeout(50)
            waited += 0.05

    def reset(self) -> None:
        self.bytes, self.count, self.started, self.failed, self.urls = 0, 0, 0, 0, []


LCP = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const entries = list.getEntries();
    resolve(entries[entries.length - 1].startTime);
  }).observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(-1), 5000);
})"""


def measure_pages(base: str, site: Path, row: ReaderRow) -> None:
    from playwright.sync_api import sync_playwright

    claims = json.loads((site / "claims.json").read_text(encoding="utf-8"))["claims"]
    claim = sorted(c["id"] for c in claims)[len(claims) // 2]
    targets = {"home": "", "claim": f"claims/{claim}/", "evidence map": "evidence-map/"}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for name, path in targets.items():
                context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
                page = context.new_page()
                meter = Meter(page)
                page.goto(base + path, wait_until="networkidle")
                meter.settle()
                row.first_load_kb[name] = meter.bytes / 1024
                row.requests[name] = meter.count
                if name == "home":
                    row.home_lcp_ms = page.evaluate(LCP)
                    # One query, typed at once: what it fetches, and how long until its results show.
                    page.click("[data-fc-search-open]")
                    meter.reset()
                    started = time.perf_counter()
                    page.fill("#fc-search-input", QUERY)
                    page.wait_for_function(
                        "() => /result|Nothing found/.test(document.getElementById('fc-search-status').textContent)",
                        timeout=30_000)
                    row.query_s = time.perf_counter() - started
                    page.wait_for_load_state("networkidle")
                    meter.settle()
                    row.query_kb = meter.bytes / 1024
                    row.query_requests = meter.count
                    row.query_results = page.locator(".fc-hit").count()
                context.close()
        finally:
            browser.close()


def measure(workdir: Path, claims: int, seed: int, build: bool = True) -> ReaderRow:
    root = run.corpus(workdir, claims, seed)
    site = root / "site"
    row = ReaderRow(claims)
    if build or not (site / "index.html").is_file():
        done = run.run_process([sys.executable, str(REPO / "build.py"), "--root", str(root)], cwd=root)
        if done.returncode != 0:
            raise RuntimeError(f"the build of {claims:,} claims failed:\n{done.stderr[-3000:]}")
        row.build_s, row.build_mib = done.seconds, done.peak_mib
    row.pages, row.largest_html_kb, row.largest_html, row.pages_over_target = html_sizes(site)
    row.listing_pages = sum(1 for p in site.rglob("page/*/index.html"))
    row.home_html_kb = (site / "index.html").stat().st_size / 1024
    server, base = serve(site)
    try:
        measure_pages(base, site, row)
    finally:
        server.shutdown()
        server.server_close()
    return row


# --- reporting ---------------------------------------------------------------------------------

SECTION_START = "<!-- bench/reader.py: start -->"
SECTION_END = "<!-- bench/reader.py: end -->"


def table(rows: list[ReaderRow]) -> str:
    out = ["| claims | HTML pages | largest HTML page (KB) | pages over 300 KB | first load: home (KB) "
           "| first load: claim (KB) | first load: evidence map (KB) | one search query (KB, requests) "
           "| results shown (s) | home painted (LCP, ms) | build (s) | build peak (MiB) |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append(
            f"| {r.claims:,} | {r.pages:,} | {r.largest_html_kb:,.0f} | {r.pages_over_target} "
            f"| {r.first_load_kb.get('home', 0):,.0f} | {r.first_load_kb.get('claim', 0):,.0f} "
            f"| {r.first_load_kb.get('evidence map', 0):,.0f} | {r.query_kb:,.0f} ({r.query_requests}) "
            f"| {r.query_s:.2f} | {r.home_lcp_ms:,.0f} | {r.build_s:.1f} | {r.build_mib:,.0f} |")
    return "\n".join(out) + "\n"


def before_after(rows: list[ReaderRow]) -> str:
    row = next((r for r in rows if r.claims == 10_000), None)
    if row is None:
        return ""
    b = BEFORE_10K
    lines = ["| at 10,000 claims | before (Material search, whole listings) | now |", "|---|---:|---:|",
             f"| search index fetched by every page load | {b['search_index_mb']:.0f} MB | none (a query: "
             f"{row.query_kb:,.0f} KB) |",
             f"| home page HTML | {b['home_mb']:.1f} MB | {row.home_html_kb:,.0f} KB |",
             f"| claims by tag | {b['tags_mb']:.1f} MB (one page) | a page of 50 claims per tag (largest HTML page of "
             f"the site: {row.largest_html_kb:,.0f} KB) |",
             f"| claims by verdict | {b['verdicts_mb']:.1f} MB (one page) | a page of 50 claims per verdict |",
             f"| evidence map | {b['evidence_map_mb']:.0f} MB (one page, did not finish loading in 30 s) | "
             f"{row.first_load_kb.get('evidence map', 0):,.0f} KB a page, first load in all |"]
    return "\n".join(lines) + "\n"


def verdicts(rows: list[ReaderRow], build: dict[str, Any] | None) -> str:
    big = next((r for r in rows if r.claims == TARGET_CLAIMS), None)
    lines = ["| target at 30,000 claims | measured | |", "|---|---|---|"]
    if big is None:
        return "Not judged: no run at 30,000 claims.\n"
    worst_load = max(big.first_load_kb.values())

    def mark(ok: bool) -> str:
        return "met" if ok else "NOT met"

    lines += [
        f"| every HTML page ≤ {TARGETS['html_kb']:.0f} KB uncompressed | largest {big.largest_html_kb:,.0f} KB "
        f"(`{big.largest_html}`), {big.pages_over_target} over | {mark(big.pages_over_target == 0)} |",
        f"| a first load of any page ≤ {TARGETS['first_load_kb']:.0f} KB in all | largest {worst_load:,.0f} KB "
        f"({max(big.first_load_kb, key=lambda k: big.first_load_kb[k])}) | {mark(worst_load <= TARGETS['first_load_kb'])} |",
        f"| one search query ≤ {TARGETS['query_kb']:.0f} KB fetched | {big.query_kb:,.0f} KB in {big.query_requests} "
        f"requests | {mark(big.query_kb <= TARGETS['query_kb'])} |",
        f"| results shown in under {TARGETS['query_s']:.0f} s | {big.query_s:.2f} s | {mark(big.query_s < TARGETS['query_s'])} |",
        f"| build peak memory under {TARGETS['memory_mib']:.0f} MiB | {big.build_mib:,.0f} MiB | "
        f"{mark(big.build_mib < TARGETS['memory_mib'])} |"]
    if build:
        lines.append(f"| the build within {TARGETS['build_ratio']}x plain MkDocs (same pages; the search index on the build's side only) "
                     f"| {build['ratio']:.2f}x at {build.get('at', build['claims']):,} claims ({build['build_s']:.1f} s "
                     f"against {build['plain_s']:.1f} s) | {mark(build['ratio'] <= TARGETS['build_ratio'])} |")
    return "\n".join(lines) + "\n"


def section(rows: list[ReaderRow], machine: dict[str, str], build: dict[str, Any] | None, notes: str) -> str:
    return "\n".join([
        SECTION_START,
        "## What a reader fetches",
        "",
        "Measured by `python bench/reader.py --write-docs`: each corpus built with `python build.py`, served "
        "by a local `http.server` (no compression) and opened in Chromium, each page in a fresh context "
        "(nothing cached). A first load counts every byte until the network is idle (the page, Material's "
        "and the site's CSS and scripts); a search query counts what typing it fetches once the page is "
        f"loaded (the query is \"{QUERY}\", the first ten results shown).",
        "",
        run.machine_lines(machine),
        table(rows),
        before_after(rows),
        verdicts(rows, build),
        notes.strip() + "\n" if notes.strip() else "",
        SECTION_END,
        ""])


def write_section(path: Path, text: str) -> None:
    """Put the section in ``path`` in place of the previous one (or at its end)."""
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Performance\n"
    pattern = re.compile(re.escape(SECTION_START) + ".*?" + re.escape(SECTION_END) + "\n?", re.S)
    new = pattern.sub(lambda _: text, old, count=1) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,30000", help="claims per corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the corpora go (default: a temporary directory, removed after)")
    parser.add_argument("--build-json", type=Path, default=None,
                        help="bench/run.py --json results whose build row at 30,000 claims is judged here")
    parser.add_argument("--notes", type=Path, default=None, help="a Markdown file of notes for the section")
    parser.add_argument("--write-docs", nargs="?", type=Path, default=None, metavar="PATH",
                        const=REPO / "handbook" / "performance.md",
                        help="write the results into the page (default: handbook/performance.md)")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results as JSON")
    parser.add_argument("--from-json", type=Path, default=None,
                        help="report a run saved with --json instead of measuring again")
    parser.add_argument("--no-build", action="store_true",
                        help="measure the sites already built in --workdir (no build time or memory then)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factcheck-reader-"))
    workdir.mkdir(parents=True, exist_ok=True)
    machine = run.machine()
    rows: list[ReaderRow] = []
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        machine, rows = saved["machine"], [ReaderRow(**r) for r in saved["rows"]]
        sizes = []
    try:
        for claims in sizes:
            print(f"corpus of {claims:,} claims ...", file=sys.stderr, flush=True)
            row = measure(workdir, claims, args.seed, build=not args.no_build)
            rows.append(row)
            print(f"  built in {row.build_s:.1f} s; largest page {row.largest_html_kb:,.0f} KB; "
                  f"query {row.query_kb:,.0f} KB in {row.query_s:.2f} s", file=sys.stderr, flush=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    build = None
    if args.build_json and args.build_json.is_file():
        rows_built = json.loads(args.build_json.read_text(encoding="utf-8")).get("build", [])
        build = next((b for b in rows_built if b["claims"] == TARGET_CLAIMS), None) or (
            max(rows_built, key=lambda b: b["claims"]) if rows_built else None)
        if build:
            build = {**build, "at": build["claims"]}
    notes = args.notes.read_text(encoding="utf-8") if args.notes else ""
    text = section(rows, machine, build, notes)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "rows": [asdict(r) for r in rows],
                                         "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
                                        indent=2) + "\n", encoding="utf-8")
    if args.write_docs:
        write_section(args.write_docs, text)
        print(f"wrote {args.write_docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
