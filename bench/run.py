"""How the checker and the site build scale: each measured against the floor it cannot beat.

    python bench/run.py                      # 1,000 / 10,000 / 30,000 claims; builds at 1,000 / 10,000
    python bench/run.py --quick              # small sizes, a minute or so
    python bench/run.py --write-docs         # also write the page handbook/performance.md
    python bench/run.py --shapes             # only the input shapes (bench/shapes.py), 1x/4x/16x
    python bench/run.py --preview 1000,10000 # also the live preview, save to reloaded page (bench/preview.py)

Every measurement is a fresh process (no warm caches, honest peak memory), timed from the outside
as a user waits for it, interpreter start-up included:

- floor: read every claim file and parse it with libyaml (``yaml.CSafeLoader``), read every source,
  nothing else;
- check: ``python build.py check`` on the whole corpus (every core), and the same in one process
  (``--jobs 1``);
- one file: ``python build.py check claims/<one>.yaml`` with the whole corpus present;
- build: ``python build.py`` (check, then the site) against ``mkdocs build`` of a plain docs tree
  with one Markdown page per published claim and per source, the same theme, the same
  hand-written pages and the same navigation (sections only, claim and source pages outside it).

Peak memory is the largest resident set of the process tree, sampled every 20 ms and taken with
the kernel's own maximum for each process (``wait4``): parent and workers are added up.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import generate  # noqa: E402 - bench/generate.py, beside this file
import shapes  # noqa: E402 - bench/shapes.py, beside this file

FLOOR_CODE = """
import sys, yaml
from pathlib import Path
root = Path(sys.argv[1])
claims = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
          for p in sorted((root / "claims").iterdir()) if p.suffix == ".yaml"]
sources = [p.read_bytes().decode("utf-8") for p in sorted((root / "seeds").iterdir())]
print(len(claims), len(sources))
"""

PAGE_SIZE = 50  # claims a listing page shows (factcheck.site.pages.listings.PAGE_SIZE)

TARGETS = {
    "check": 2.0,  # x the parse floor, at 10,000 claims
    "build": 1.2,  # x plain MkDocs, same pages, same search indexer
    "one_file": 0.5,  # seconds, with 10,000 claims present
    "memory": 1024.0,  # MiB at 30,000 claims
}


# --- measuring a process -----------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    peak_mib: float
    cpu: float  # user + system seconds of the process and its workers
    returncode: int
    stdout: str
    stderr: str


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(c) for c in handle.read().split())
    except OSError:
        pass
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kib(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss_kib(current)
        stack.extend(_children(current))
    return total


def run_process(command: list[str], cwd: Path | None = None) -> Run:
    """Run ``command`` to its end: wall time, peak memory of its process tree, output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], _tree_rss_kib(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, max(peak[0], usage.ru_maxrss) / 1024, usage.ru_utime + usage.ru_stime,
                   process.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def best_of(repeat: int, *commands: tuple[list[str], Path | None]) -> list[Run]:
    """For each command, the fastest of ``repeat`` runs (the least disturbed by other work).

    The commands take turns (a, b, a, b, ...), so that a burst of load on the machine does not
    fall on one side of a ratio only. Peak memory is the largest of the runs.
    """
    runs: list[list[Run]] = [[] for _ in commands]
    for _ in range(max(1, repeat)):
        for i, (command, cwd) in enumerate(commands):
            run = run_process(command, cwd)
            if run.returncode != 0:
                raise RuntimeError(f"{' '.join(command)} exited {run.returncode}:\n{run.stderr[-3000:]}")
            runs[i].append(run)
    best = []
    for each in runs:
        fastest = min(each, key=lambda r: r.seconds)
        fastest.peak_mib = max(r.peak_mib for r in each)
        best.append(fastest)
    return best


# --- corpora -----------------------------------------------------------------------------------

def corpus(workdir: Path, claims: int, seed: int) -> Path:
    """The generated project for this size, made once and reused while the generator is unchanged."""
    copied = sorted(p for d in ("docs", "schema") for p in (REPO / d).rglob("*") if p.is_file())
    copied += [REPO / "mkdocs.yml"] if (REPO / "mkdocs.yml").is_file() else []
    digest = hashlib.sha256((HERE / "generate.py").read_bytes())
    for path in copied:
        if path.name != "performance.md":  # rewritten by this run: not a reason to regenerate
            digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    stamp = f"{claims}-{seed}-{digest.hexdigest()}"
    root = workdir / f"corpus-{claims}"
    if (root / ".bench-stamp").is_file() and (root / ".bench-stamp").read_text() == stamp:
        return root
    if root.exists():
        shutil.rmtree(root)
    generate.generate(root, claims=claims, seed=seed)
    (root / ".bench-stamp").write_text(stamp)
    return root


def _without_plugin(config: str, plugin: str) -> str:
    """mkdocs.yml text with one plugin's entry (and its options) removed."""
    lines = config.splitlines()
    out: list[str] = []
    skipping_deeper_than: int | None = None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skipping_deeper_than is not None:
            if line.strip() and indent <= skipping_deeper_than:
                skipping_deeper_than = None
            else:
                continue
        if re.match(rf"\s*-\s*{re.escape(plugin)}\s*:?\s*$", line):
            skipping_deeper_than = indent
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def plain_site(root: Path) -> tuple[Path, int]:
    """A plain MkDocs project with the pages the site has for this corpus; (its root, page count)."""
    import yaml

    plain = root / "plain-site"
    if plain.exists():
        shutil.rmtree(plain)
    docs = plain / "docs"
    shutil.copytree(root / "docs", docs)
    (docs / "claims").mkdir()
    (docs / "sources").mkdir()
    by_verdict: dict[str, list[tuple[str, str]]] = {}
    by_tag: dict[str, list[tuple[str, str]]] = {}
    cited: dict[str, list[str]] = {}
    cited_by: dict[str, list[str]] = {}
    for path in sorted((root / "claims").glob("*.yaml")):
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        if data.get("status") == "draft":
            continue
        lines = [f"# {data['claim']}", "", f"**Verdict:** {data['verdict']}  ",
                 f"**Claimant:** {data['claimant']}", "", str(data["summary"]), "", "## Evidence", ""]
        for n, cite in enumerate(data["evidence"], start=1):
            lines += [f"{n}. [{cite['source']}](../sources/{cite['source']}.md) ({cite['stance']})", "",
                      f"    > {cite['quote']}", ""]
            cited.setdefault(cite["source"], []).append(path.stem)
            if cite["source"] not in cited_by.setdefault(path.stem, []):
                cited_by[path.stem].append(cite["source"])
        (docs / "claims" / f"{path.stem}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        by_verdict.setdefault(data["verdict"], []).append((path.stem, data["claim"]))
        for tag in data.get("tags", []):
            by_tag.setdefault(tag, []).append((path.stem, data["claim"]))
    sources = sorted(p for p in (root / "seeds").iterdir() if p.suffix in (".txt", ".md"))
    for path in sources:
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        claims_here = "".join(f"- [{c}](../claims/{c}.md)\n" for c in cited.get(path.stem, []))
        (docs / "sources" / f"{path.stem}.md").write_text(
            f"# Source {path.stem}\n\n{body}\n\n## Cited by\n\n{claims_here}", encoding="utf-8")

    # The same listing pages as the site's, a page of PAGE_SIZE claims (or sources) each.
    def paged(first: str, title: str, items: list[str]) -> None:
        stem = first.removesuffix(".md").removesuffix("index").rstrip("/")
        count = max(1, -(-len(items) // PAGE_SIZE))
        for n in range(1, count + 1):
            src = first if n == 1 else f"{stem}/page/{n}.md"
            up = "../" * src.count("/")  # Markdown links are relative to the page's own file
            chunk = items[(n - 1) * PAGE_SIZE:n * PAGE_SIZE]
            page_links = " ".join(f"[{k}]({up}{stem}/page/{k}.md)" if k > 1 else f"[1]({up}{first})"
                                  for k in range(max(1, n - 2), min(count, n + 2) + 1))
            body = [f"# {title}" + (f" (page {n})" if n > 1 else ""), "", page_links, "",
                    *(item.replace("](ROOT/", f"]({up}") for item in chunk), "", page_links]
            path = docs / src
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(body) + "\n", encoding="utf-8")

    def claim_items(claims: list[tuple[str, str]]) -> list[str]:
        return [f"- [{text}](ROOT/claims/{cid}.md)" for cid, text in claims]

    published = [(cid, text) for group in by_verdict.values() for cid, text in group]
    published.sort()
    (docs / "claims" / "index.md").unlink(missing_ok=True)
    paged("claims/index.md", "All claims", claim_items(published))
    (docs / "verdicts.md").write_text("# Claims by verdict\n\n" + "".join(
        f"- [{v}](verdicts/{v}.md) ({len(c)})\n" for v, c in sorted(by_verdict.items())), encoding="utf-8")
    for verdict, claims in sorted(by_verdict.items()):
        paged(f"verdicts/{verdict}.md", f"Claims rated {verdict}", claim_items(claims))
    (docs / "tags.md").write_text("# Claims by tag\n\n" + "".join(
        f"- [{t}](tags/{t}.md) ({len(c)})\n" for t, c in sorted(by_tag.items())), encoding="utf-8")
    for tag, claims in sorted(by_tag.items()):
        paged(f"tags/{tag}.md", f"Claims tagged {tag}", claim_items(claims))
    tagged = {cid for claims in by_tag.values() for cid, _ in claims}
    untagged = [c for c in published if c[0] not in tagged]
    if untagged:
        paged("untagged.md", "Claims without a tag", claim_items(untagged))
    paged("evidence-map.md", "Evidence map",
          [f"- [{text}](ROOT/claims/{cid}.md): " + ", ".join(f"[{s}](ROOT/sources/{s}.md)" for s in cited_by[cid])
           for cid, text in published])
    paged("sources/index.md", "Sources", [f"- [{p.stem}](ROOT/sources/{p.stem}.md)" for p in sources])
    config = _without_plugin((root / "mkdocs.yml").read_text(encoding="utf-8"), "factcheck")
    # No plugin left is no plugin at all: an empty `plugins:` would give MkDocs' default, Material's
    # search, which the site does not have.
    config = re.sub(r"^plugins:[ \t]*\n(?![ \t]+-)", "plugins: []\n", config, flags=re.M)
    config += ("not_in_nav: |\n  /claims/\n  /sources/\n  /verdicts/\n  /tags/\n  /untagged*\n"
               "  /evidence-map/\n")
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")
    pages = sum(1 for _ in docs.rglob("*.md"))
    return plain, pages


# --- the benchmark -----------------------------------------------------------------------------

@dataclass
class CheckRow:
    claims: int
    sources: int
    floor: Run
    check: Run
    serial: Run
    one_file: Run

    @property
    def ratio(self) -> float:
        return self.check.seconds / self.floor.seconds


@dataclass
class BuildRow:
    claims: int
    pages: int
    plain: Run
    build: Run

    @property
    def ratio(self) -> float:
        return self.build.seconds / self.plain.seconds


@dataclass
class PolicyRow:
    claims: int
    check_s: float  # the whole check, in one process, measured inside it
    rules_s: float  # of which the house rules
    active: int  # rules on (schema/policy.yaml of the corpus: the desk's own)

    @property
    def share(self) -> float:
        return self.rules_s / self.check_s if self.check_s else 0.0


@dataclass
class Results:
    check: list[CheckRow] = field(default_factory=list)
    build: list[BuildRow] = field(default_factory=list)
    build_error: str | None = None
    machine: dict[str, str] = field(default_factory=dict)
    profile: list[tuple[str, float]] = field(default_factory=list)
    profile_claims: int = 0
    policy: list[PolicyRow] = field(default_factory=list)
    build_profile: list[tuple[str, float, float]] = field(default_factory=list)
    build_profile_claims: int = 0


def measure_check(root: Path, claims: int, repeat: int) -> CheckRow:
    py = sys.executable
    build = str(REPO / "build.py")
    floor, check, serial = best_of(repeat, ([py, "-c", FLOOR_CODE, str(root)], None),
                                   ([py, build, "--root", str(root), "check"], None),
                                   ([py, build, "--root", str(root), "check", "--jobs", "1"], None))
    one = sorted((root / "claims").glob("*.yaml"))[claims // 2]
    one_file, = best_of(max(3, repeat), ([py, build, "--root", str(root), "check", str(one)], None))
    for run, what in ((check, "check"), (serial, "check --jobs 1"), (one_file, "check one file")):
        if "ok: checked" not in run.stdout:
            raise RuntimeError(f"{what} on the generated corpus did not pass:\n{run.stdout[-2000:]}")
    sources = sum(1 for p in (root / "seeds").iterdir() if p.suffix in (".txt", ".md"))
    return CheckRow(claims, sources, floor, check, serial, one_file)


# Plain MkDocs alone: the site's search index is written by the factcheck plugin in the build's
# own process, from the claims and sources; a plain MkDocs site has no search indexer to match it
# (the plain configuration lists no plugin), so the build's ratio carries the index's whole cost.
PLAIN_CODE = """
import sys
from mkdocs.__main__ import cli
cli(["build", "--quiet", "--strict", "-f", sys.argv[1], "-d", sys.argv[2]], standalone_mode=False)
"""


def plain_command(plain: Path) -> list[str]:
    return [sys.executable, "-c", PLAIN_CODE, str(plain / "mkdocs.yml"), str(plain / "site")]


def measure_build(root: Path, claims: int, repeat: int) -> BuildRow:
    plain, pages = plain_site(root)
    plain_run, build_run = best_of(
        repeat, (plain_command(plain), plain),
        ([sys.executable, str(REPO / "build.py"), "--root", str(root)], root))
    return BuildRow(claims, pages, plain_run, build_run)


PROFILE_CODE = """
import cProfile, pstats, sys, collections
from pathlib import Path
from factcheck.checker import Project
profile = cProfile.Profile()
profile.enable()
Project(Path(sys.argv[1])).check(jobs=1)
profile.disable()
groups = collections.Counter()
for (file, line, name), (cc, nc, tottime, cumtime, callers) in pstats.Stats(profile).stats.items():
    if "yaml" in file and "factcheck" not in file or name in ("get_event", "check_event"):
        group = "libyaml events (PyYAML C parser)"
    elif "yaml_loading" in file:
        group = "factcheck.yaml_loading: values and positions from events"
    elif "fastschema" in file:
        group = "factcheck.fastschema: compiled validity predicate"
    elif "jsonschema" in file or "referencing" in file:
        group = "jsonschema (claims with errors only)"
    elif "anchoring" in file or "citations" in file or name in ("find",):
        group = "factcheck.anchoring/citations: resolving quotes"
    elif "pathlib" in file or "posixpath" in file or name in ("lstat", "stat", "open", "read", "listdir", "scandir"):
        group = "files: listing, paths, reading"
    elif "sources" in file:
        group = "factcheck.sources: reading sources"
    elif "factcheck/policy" in file:
        group = "factcheck.policy: house rules"
    elif "checker" in file or "model" in file or "dataclasses" in file:
        group = "factcheck.checker: claims, related, summary"
    else:
        group = "other (interpreter, builtins)"
    groups[group] += tottime
print(repr(sorted(groups.items(), key=lambda kv: -kv[1])))
"""


# The house rules' share of a check: the whole check in one process, and the time spent in the
# house rules (every rule, and the record's own consistency) measured around their one call per
# file; no profiler, so Python and C code keep their usual speeds.
POLICY_CODE = """
import sys, time
from pathlib import Path
from factcheck.checker import Project
from factcheck.policy.rules import HouseRules
spent = [0.0]
inner = HouseRules.check
def timed(self, *args, **kwargs):
    started = time.perf_counter()
    try:
        return inner(self, *args, **kwargs)
    finally:
        spent[0] += time.perf_counter() - started
HouseRules.check = timed
project = Project(Path(sys.argv[1]))
started = time.perf_counter()
result = project.check(jobs=1)
total = time.perf_counter() - started
assert result.ok, result.diagnostics[:3]
print(repr((total, spent[0], len(project.house_rules.active))))
"""


BUILD_PROFILE_CODE = """
import cProfile, pstats, sys
profile = cProfile.Profile()
if sys.argv[1] == "plain":  # exactly the command the benchmark times
    from mkdocs.__main__ import cli
    profile.enable()
    cli(["build", "--quiet", "--strict", "-f", sys.argv[2]], standalone_mode=False)
    profile.disable()
else:
    from factcheck.cli import main
    profile.enable()
    code = main(["--root", sys.argv[2]])
    profile.disable()
    assert code == 0, code
stats = pstats.Stats(profile).stats
def cumulative(file_part, name):
    return sum(v[3] for (file, line, fn), v in stats.items() if fn == name and file_part in file)
phases = [
    ("whole command", sum(v[2] for v in stats.values())),
    ("check (factcheck.checker)", cumulative("factcheck/checker.py", "check")),
    ("factcheck plugin: listing the pages, writing the exports (on_files)", cumulative("factcheck/site/plugin.py", "on_files")),
    ("MkDocs: Markdown to HTML, every page", cumulative("mkdocs/commands/build.py", "_populate_page")),
    ("factcheck plugin: making each page's blocks as it is written", cumulative("factcheck/site/plugin.py", "on_page_context")),

    ("Jinja2: theme templates, every page", cumulative("jinja2/environment.py", "render")),
    ("MkDocs: writing pages", cumulative("mkdocs/utils/__init__.py", "write_file")),
    ("factcheck search index: records as pages are written, then the words",
     cumulative("factcheck/site/search/index.py", "hand_written") + cumulative("factcheck/site/search/index.py", "written")
     + cumulative("factcheck/site/search/index.py", "close")),
    ("replacing site/ (removing the previous one)", cumulative("factcheck/site/build.py", "swap_into")),
]
print(repr(phases))
"""


def profile_build(root: Path) -> list[tuple[str, float, float]]:
    """Seconds (under the profiler) per phase: (phase, real build, plain MkDocs)."""
    plain, _ = plain_site(root)
    runs = {}
    for kind, target, cwd in (("site", root, root), ("plain", plain / "mkdocs.yml", plain)):
        run = run_process([sys.executable, "-c", BUILD_PROFILE_CODE, kind, str(target)], cwd=cwd)
        if run.returncode != 0:
            raise RuntimeError(run.stderr[-2000:])
        runs[kind] = dict(eval(run.stdout.strip().splitlines()[-1]))  # noqa: S307 - our own repr
    return [(name, seconds, runs["plain"].get(name, 0.0)) for name, seconds in runs["site"].items()]


def measure_policy(root: Path, claims: int, repeat: int) -> PolicyRow:
    """The house rules' time within a check in one process: the least disturbed of ``repeat`` runs."""
    runs = []
    for _ in range(max(1, repeat)):
        run = run_process([sys.executable, "-c", POLICY_CODE, str(root)], cwd=REPO)
        if run.returncode != 0:
            raise RuntimeError(run.stderr[-2000:])
        runs.append(eval(run.stdout.strip().splitlines()[-1]))  # noqa: S307 - our own repr
    total, rules, active = min(runs, key=lambda r: r[0])
    return PolicyRow(claims, total, rules, active)


def profile_check(root: Path) -> list[tuple[str, float]]:
    run = run_process([sys.executable, "-c", PROFILE_CODE, str(root)], cwd=REPO)
    if run.returncode != 0:
        raise RuntimeError(run.stderr[-2000:])
    return [(name, float(seconds)) for name, seconds in eval(run.stdout.strip())]  # noqa: S307 - our own repr


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    import yaml

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    libyaml = "unknown"
    try:
        from yaml import _yaml  # type: ignore[attr-defined]
        libyaml = _yaml.get_version_string()
    except (ImportError, AttributeError):
        libyaml = "not available (pure-Python parser)"
    return {
        "cores": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pyyaml": f"{yaml.__version__}",
        "libyaml": libyaml,
        "jsonschema": version("jsonschema"),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# --- reporting ---------------------------------------------------------------------------------

def _mark(ok: bool, claims: int = 0, target_claims: int = 0) -> str:
    if claims != target_claims:
        return f"not judged: the target is at {target_claims:,} claims"
    return "met" if ok else "NOT met"


def tables(results: Results) -> str:
    out = ["### Check", "",
           "| claims | sources | parse floor (s) | check (s) | check / floor | check, 1 process (s) "
           "| check CPU (s) | check ms per 1,000 claims | one file (s) | peak MiB floor | peak MiB check "
           "| check MiB per 1,000 claims |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results.check:
        out.append(
            f"| {r.claims:,} | {r.sources:,} | {r.floor.seconds:.2f} | {r.check.seconds:.2f} | "
            f"{r.ratio:.2f}x | {r.serial.seconds:.2f} | {r.check.cpu:.2f} | {r.check.seconds / r.claims * 1e6:,.0f} | "
            f"{r.one_file.seconds:.2f} | {r.floor.peak_mib:,.0f} | {r.check.peak_mib:,.0f} | "
            f"{r.check.peak_mib / r.claims * 1000:.1f} |")
    if results.policy:
        out += ["", "### House rules", "",
                "| claims | rules on | check, 1 process (s) | house rules (s) | share of the check |",
                "|---:|---:|---:|---:|---:|"]
        out += [f"| {r.claims:,} | {r.active} | {r.check_s:.2f} | {r.rules_s:.3f} | {r.share:.1%} |"
                for r in results.policy]
    out += ["", "### Build", ""]
    if results.build:
        out += ["| claims | pages | plain `mkdocs build` (s) | `python build.py` (s) | build / plain "
                "| ms per page, build | peak MiB plain | peak MiB build |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for b in results.build:
            out.append(f"| {b.claims:,} | {b.pages:,} | {b.plain.seconds:.1f} | {b.build.seconds:.1f} | "
                       f"{b.ratio:.2f}x | {b.build.seconds / b.pages * 1000:.1f} | "
                       f"{b.plain.peak_mib:,.0f} | {b.build.peak_mib:,.0f} |")
    else:
        out.append(f"Not measured: {results.build_error or 'no build sizes given'}.")
    return "\n".join(out) + "\n"


def _closest(rows: list[Any], claims: int) -> Any:
    return min(rows, key=lambda r: abs(r.claims - claims)) if rows else None


def targets(results: Results) -> str:
    lines = ["| target | measured | |", "|---|---|---|"]
    row = _closest(results.check, 10_000)
    if row is not None:
        lines.append(f"| `check` within {TARGETS['check']}x the parse floor at 10,000 claims "
                     f"| {row.ratio:.2f}x at {row.claims:,} | {_mark(row.ratio <= TARGETS['check'], row.claims, 10_000)} |")
        lines.append(f"| one file checked in under {TARGETS['one_file']} s with 10,000 claims present "
                     f"| {row.one_file.seconds:.2f} s at {row.claims:,} "
                     f"| {_mark(row.one_file.seconds < TARGETS['one_file'], row.claims, 10_000)} |")
    build = _closest(results.build, 10_000)
    if build is not None:
        lines.append(f"| the build within {TARGETS['build']}x plain MkDocs for the same pages "
                     f"| {build.ratio:.2f}x at {build.claims:,} claims ({build.pages:,} pages) "
                     f"| {_mark(build.ratio <= TARGETS['build'], build.claims, 10_000)} |")
    big = _closest(results.check, 30_000)
    if big is not None:
        peak = max([big.check.peak_mib] + [b.build.peak_mib for b in results.build if b.claims == big.claims])
        lines.append(f"| peak memory under {TARGETS['memory']:.0f} MiB at 30,000 claims "
                     f"| {peak:,.0f} MiB at {big.claims:,} | {_mark(peak < TARGETS['memory'], big.claims, 30_000)} |")
    return "\n".join(lines) + "\n"


def _share_table(title: str, rows: list[tuple[str, float]]) -> list[str]:
    total = sum(s for _, s in rows)
    out = [f"{title} ({total:.1f} s of profiled time; the profiler slows Python code more than "
           "C code):", "", "| where | share |", "|---|---:|"]
    return out + [f"| {name} | {seconds / total:.0%} |" for name, seconds in rows if seconds / total >= 0.005]


def profile_table(results: Results) -> str:
    out: list[str] = []
    if results.profile:
        out += _share_table(f"`check` in one process at {results.profile_claims:,} claims under cProfile",
                            results.profile) + [""]
    if results.build_profile:
        out += [f"The build at {results.build_profile_claims:,} claims under cProfile, phase by phase, "
                "against plain MkDocs on the same pages (seconds of profiled time; phases nest, so "
                "they do not add up):", "",
                "| phase | `python build.py` (s) | plain `mkdocs build` (s) |", "|---|---:|---:|"]
        out += [f"| {name} | {site:.1f} | {plain:.1f} |" for name, site, plain in results.build_profile]
        out.append("")
    return "\n".join(out)


def machine_lines(m: dict[str, str]) -> str:
    return (f"- machine: {m['cores']} cores ({m['cpu']}), {m['memory']} RAM, {m['system']}; "
            f"load average when the run started: {m['load']}\n"
            f"- Python {m['python']}, PyYAML {m['pyyaml']} with libyaml {m['libyaml']}, "
            f"jsonschema {m['jsonschema']}, MkDocs {m['mkdocs']}, Material {m['mkdocs-material']}\n"
            f"- run: {m['date']}\n")


DOC_TEMPLATE = """# Performance

How long checking and building take as the fact-check grows, measured by `python bench/run.py
--write-docs` on synthetic corpora from `bench/generate.py` (news-like sources of 2 to 9 KB with
recurring phrases; claims with 1 to 5 citations by offsets, by prefix or by a unique quote; one
source per ten claims). Each number is the fastest of the runs of a fresh process, as a user
waits for it (start-up included); memory is the peak resident set of the process and its
workers together.

{machine}
## Results

{tables}
The parse floor is what no checker can avoid: reading every claim file and parsing it with
libyaml (`yaml.CSafeLoader`), and reading every source. `check` does that and everything else:
YAML 1.2 values with the line and column of every key and value, the claim schema, every
citation resolved in its source, related claims, the summary. "One file" is
`python build.py check claims/<one>.yaml` with the whole corpus present, as an editor runs it on
save. The build compares `python build.py` (check, then the site and its search index) with
`mkdocs build` of a plain docs tree holding one simple Markdown page per published claim and per
source, the same listing pages (a page of 50 claims each), theme, hand-written pages and
navigation, and no search indexer: the site's index is written by its own plugin, in the build's
process, so its whole cost is on the build's side of the ratio.

## Targets

{targets}
## Where the time goes

{profile}
### What makes `check` fast

Without changing a diagnostic or a position:

- **A validity predicate compiled once from the validator** (`factcheck/fastschema.py`).
  jsonschema walks the schema afresh for each claim (evolving validators, resolving `$ref`,
  building errors), about 0.35 ms a claim. The predicate mirrors the same validator keyword by
  keyword (calling jsonschema's own function for anything it does not restate, such as the
  `resolvesInSource` keyword) and answers in about 0.03 ms; jsonschema runs only on the claims it
  does not prove valid, so every error still comes from jsonschema.
- **Every core** (`factcheck/parallel.py`): from 1,000 files on, claim files are checked in
  contiguous chunks by forked workers that inherit the compiled validator and the sources
  already read; results come back in file order without their YAML documents.
- **No quadratic steps**: the status of each claim (for links to drafts) and the set of files
  with errors are computed once per run instead of once per claim (at 10,000 claims that alone
  took most of the 10 s the first version needed).
- **Less work per file**: offsets that match no longer search the source for where else the
  quote is (only a failure needs that); claim files are listed and sorted by name, and each
  directory is resolved once, not once per file.
- **No cyclic garbage collection while files are checked**: a check allocates a great many small
  containers that live to its end and makes little cyclic garbage, so the collector only walked
  the growing heap again and again (a third of the CPU time at 10,000 claims); it runs again as
  the check ends. The workers also no longer walk the heap they inherit (`gc.freeze()` before
  forking).
- **A leaner YAML builder**: values and positions are built from libyaml's events with the
  parser's own `get_event` and dispatch on the exact event class, so the YAML 1.2 loader with
  positions costs about what PyYAML's `CSafeLoader` costs to build plain YAML 1.1 values.
- **Suggestions that stay cheap at scale**: "did you mean" for a mistyped related claim id
  compared it with every claim id in full (seconds per typo at 30,000 claims); candidates are
  now tried best upper bound first and the search stops early, with the same answer as
  `difflib.get_close_matches` (a 5,000-claim corpus with 200 mistyped ids: 11.8 s to 3 s).

`tests/bench/` proves the diagnostics unchanged: a corpus with every kind of analyst mistake is
checked in one process and in two, with and without the predicate, and the JSON reports must be
identical; the predicate is compared with jsonschema on every claim of that corpus and on
hundreds of mutated claims.

A cache of results keyed on file content was considered and left out: a warm run must still read
and hash every claim file (the floor's reading) and load the cached results, which saves little
once checking runs near the parse floor, while a cache that misses an invalidation (a source,
the schema, the verdict scale or the checker itself changing) would report stale results.

## Noise

The machine is shared: other jobs ran on the same two cores during the run (see the load
average above), and its speed itself drifts: plain `mkdocs build` of the same 10,000 pages took
between 34 and 45 s in runs made within one hour. When other jobs hold one core, the parallel
check gets no second core (compare "check CPU" with "check"), and single numbers move by 10 to
30 % from run to run. Each command is run several times, taking turns with the one it is
compared with so that a burst of load does not fall on one side of a ratio only, and the fastest
run counts. Across the runs made on 2026-11-21 while this page was written, `check` at 10,000
claims measured between 1.05x and 1.9x the floor; the build measured between 1.2x and 2.0x plain
MkDocs before the changes to the site described above, and between 0.94x and 1.07x after them.
"""


BUILD_NOTES = """### What makes the build fast and small

{standing}

Before the changes below (the run of 2026-11-21 06:01 UTC) the build took 1.49x the time of plain
MkDocs at 10,000 claims (51.4 s against 34.5 s) and peaked at 1,613 MiB there (plain MkDocs:
257 MiB), about 4.8 GiB at 30,000 claims if linear.

Where the memory went, sampled inside one build of 30,000 claims in the run of 2026-11-21 (with
Material's search plugin, since replaced): about 200 MiB once the check is done (interpreter and
libraries, the checked claims, the sources), 280 MiB once the pages are listed and the exports
written, 490 MiB while the home page's table of every claim was written, 560 MiB when the last
page had been written (MkDocs' pages with their Markdown, tables of contents and anchors; the
search index), and the peak, 730 MiB, as the search plugin wrote its index. Now no page lists
every claim, and the search index is written a record at a time as the pages are (what it holds
to the end is its lists of records per word, about 8 bytes a word of a record).

Plain MkDocs holds each page's Markdown and HTML from the moment it reads the page to the end of
the build. The site's pages are mostly HTML the plugin makes (highlighted passages, links between claims and
passages, badges, icons), and there are as many of them as claims, so the plugin is built around
those two costs, without changing what a reader gets:

- **Each page's HTML exists only while MkDocs writes it.** The plugin lists every page with its
  Markdown alone (front matter, headings and a marker per block); a page's blocks, description
  and ClaimReview are made in `on_page_context`, as MkDocs writes that page, and released in
  `on_post_page`. Before, every page's HTML was made up front in `on_files` and held, with
  `page.content`, to the end: 1.6 GiB at 10,000 claims.
- **The exports and the published files are written, not held.** `claims.json` and
  `annotations.jsonld` are written into the new site one claim or annotation at a time (the
  same bytes as `json.dumps(..., indent=2)`), as are the source texts and claim files, and
  MkDocs lists them as files already in place.
- **Search indexed from the claims and sources, not from the written pages.** Material's search
  plugin parsed every page's HTML in Python and wrote one index of the whole archive (25 MB at
  10,000 claims) that every page load fetched; Pagefind, which replaced it for a while, read the
  written pages again in its own process (1.3 GiB at 10,000 claims). The site's own index
  (`factcheck/site/search/`) takes each claim's words (claim, claimant, summary, quotes, notes,
  corrections) and each paragraph of each source from what the plugin already holds, as each
  page is written, and writes a chunked index that a reader's browser fetches a few small files
  at a time, only once they type.
- **Listings of bounded size.** The home page shows the latest 20 claims; every listing (the
  archive, each verdict, each tag, the sources) is split into pages of 50, the evidence map into
  pages of 25 whose columns are only the sources those claims cite, so no page grows with the
  archive (the home page was 6.1 MB at 10,000 claims, the evidence map 16 MB).
- **The listings first.** The listing pages are written before the claim and source pages, while
  the build holds least, and each page is joined once rather than copied again to add its icons.
- **Less work per page.** One Markdown converter renders every summary (making one cost more than
  converting a summary); relative links are worked out from each page's own path once, not per
  link; the claims citing each source are listed once.

Tried and left out: writing each claim of the exports on one line (the C encoder instead of the
pretty-printed output) would save about 1 s at 10,000 claims but change the files' layout;
removing the previous `site/` in the background would only move its cost out of sight
(plain MkDocs clears its own `site/` too); not listing the published source texts with MkDocs
would save memory at 30,000 claims but stop hand-written pages from linking to them.
"""


BUILD_GAP = """### The build against plain MkDocs

The build is {ratio:.2f}x plain MkDocs at {claims:,} claims, over the {target}x target. The phase
table above shows where the difference comes from. Search indexing, Markdown conversion and the
theme's templates are MkDocs' and Material's own work per page and should cost what they cost for
plain pages; what has no counterpart in a plain build is the check, listing the pages and writing
the exports (`on_files`), and making each page's blocks. A phase that grew faster than the pages
is where to look first.
"""


BUILD_MEMORY = """### The build's memory

The build's peak memory grows by {per_claim:.2f} MiB per claim ({mib:,.0f} MiB at {claims:,} claims,
against {plain:,.0f} MiB for plain MkDocs with the same pages): about {at30k:,.1f} GiB at 30,000 claims
if it stays linear, over the limit. The build holds, to its end, the checked claims, MkDocs' pages
(their Markdown, tables of contents and anchors) and the search index; a page's HTML is held only
while it is written. A `tracemalloc` snapshot taken when the last page has been written shows
what is held.
"""


def build_notes(results: Results) -> str:
    if not results.build:
        return ""
    row = _closest(results.build, 10_000)
    largest = max(results.build, key=lambda b: b.claims)
    smallest = min(results.build, key=lambda b: b.claims)
    standing = (f"At {row.claims:,} claims the build takes {row.ratio:.2f}x the time of plain MkDocs on "
                f"the same pages, check included; its peak memory is {largest.build.peak_mib:,.0f} MiB at "
                f"{largest.claims:,} claims ({largest.plain.peak_mib:,.0f} MiB for plain MkDocs)")
    if largest is not smallest:
        per_claim = (largest.build.peak_mib - smallest.build.peak_mib) / (largest.claims - smallest.claims)
        standing += f", growing by {per_claim * 1024:,.0f} KiB per claim"
    return BUILD_NOTES.format(standing=standing + ".")


def build_gap(results: Results) -> str:
    row = _closest(results.build, 10_000)
    if row is None or row.ratio <= TARGETS["build"]:
        return ""
    return BUILD_GAP.format(ratio=row.ratio, claims=row.claims, target=TARGETS["build"])


def build_memory(results: Results) -> str:
    if not results.build:
        return ""
    largest = max(results.build, key=lambda b: b.claims)
    smallest = min(results.build, key=lambda b: b.claims)
    if largest is smallest:
        per_claim = largest.build.peak_mib / largest.claims
    else:
        per_claim = (largest.build.peak_mib - smallest.build.peak_mib) / (largest.claims - smallest.claims)
    at30k = (largest.build.peak_mib + per_claim * (30_000 - largest.claims)) / 1024
    if at30k * 1024 < TARGETS["memory"]:
        return ""
    return BUILD_MEMORY.format(per_claim=per_claim, mib=largest.build.peak_mib, claims=largest.claims,
                               plain=largest.plain.peak_mib, at30k=at30k)


# bench/reader.py writes its own section of the page between these lines; this page keeps it.
SECTION_START = re.compile(r"^(?:<!-- [^\n]* -->\n)?## (.+)$", re.M)


def sections(page: str) -> list[tuple[str, str]]:
    """The page's sections in order, as (heading, text): each from its '## ' heading (or the
    comment line just above it) to the next."""
    starts = list(SECTION_START.finditer(page))
    return [(m.group(1), page[m.start():starts[i + 1].start() if i + 1 < len(starts) else len(page)])
            for i, m in enumerate(starts)]


def write_docs(results: Results, path: Path, replaced: dict[str, str] | None = None) -> None:
    """Write the page. Its sections that this run does not write (the house rules', the input
    shapes', the reader's, the preview's: each written by its own benchmark) are kept as the page
    has them, unless ``replaced`` gives a section's new text by its heading."""
    profile = "\n".join(part for part in (profile_table(results) or "Not profiled in this run.\n",
                                          build_notes(results), build_gap(results), build_memory(results))
                         if part)
    text = DOC_TEMPLATE.format(machine=machine_lines(results.machine), tables=tables(results),
                               targets=targets(results), profile=profile)
    written = {heading for heading, _ in sections(text)}
    replaced = dict(replaced or {})
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    kept = [replaced.pop(heading, body) for heading, body in sections(old) if heading not in written]
    kept += list(replaced.values())
    for body in kept:
        text = text.rstrip("\n") + "\n\n" + body.rstrip("\n") + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,30000", help="claims per corpus for `check`")
    parser.add_argument("--build-sizes", default="1000,10000",
                        help="claims per corpus for the build (empty: no build benchmark)")
    parser.add_argument("--quick", action="store_true", help="sizes 200,1000 and a build at 200")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command; the fastest counts")
    parser.add_argument("--build-repeat", type=int, default=2,
                        help="runs of each build above 1,000 claims (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the corpora go (default: a temporary directory, removed after)")
    parser.add_argument("--profile", action="store_true",
                        help="profile `check` at the size nearest 10,000 and the build nearest 1,000")
    parser.add_argument("--write-docs", nargs="?", type=Path, default=None, metavar="PATH",
                        const=REPO / "handbook" / "performance.md",
                        help="write the results as a page (default: handbook/performance.md)")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results as JSON")
    parser.add_argument("--shapes", action="store_true",
                        help="only the input shapes that were once quadratic, at 1x, 4x, 16x (bench/shapes.py)")
    parser.add_argument("--preview", default="", metavar="SIZES",
                        help="also time the live preview at these sizes, e.g. 1000,10000 (bench/preview.py)")
    parser.add_argument("--preview-saves", type=int, default=5, help="saves of each kind for --preview")
    args = parser.parse_args(argv)
    if args.shapes:
        return shapes.main((["--quick"] if args.quick else []) + [f"--repeat={args.repeat}"]
                           + ([f"--write-docs={args.write_docs}"] if args.write_docs else []))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's notice on every build
    if args.quick:
        args.sizes, args.build_sizes = "200,1000", "200"
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    build_sizes = [int(s) for s in args.build_sizes.split(",") if s.strip()]

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = Results(machine=machine())
    preview_rows: list[Any] = []
    try:
        for claims in sorted(set(sizes) | set(build_sizes)):
            print(f"corpus of {claims:,} claims ...", file=sys.stderr, flush=True)
            root = corpus(workdir, claims, args.seed)
            if claims in sizes:
                repeat = args.repeat if claims <= 10_000 else max(1, args.repeat - 1)
                results.check.append(measure_check(root, claims, repeat))
                results.policy.append(measure_policy(root, claims, repeat))
                print(f"  check {results.check[-1].check.seconds:.2f} s, "
                      f"floor {results.check[-1].floor.seconds:.2f} s", file=sys.stderr, flush=True)
            if claims in build_sizes:
                try:
                    results.build.append(measure_build(root, claims, args.repeat if claims <= 1000
                                                       else args.build_repeat))
                    print(f"  build {results.build[-1].build.seconds:.1f} s, "
                          f"plain {results.build[-1].plain.seconds:.1f} s", file=sys.stderr, flush=True)
                except RuntimeError as exc:
                    results.build_error = str(exc).splitlines()[0]
                    print(f"  build failed: {exc}", file=sys.stderr)
        if args.profile and results.check:
            near = _closest(results.check, 10_000)
            results.profile_claims = near.claims
            results.profile = profile_check(corpus(workdir, near.claims, args.seed))
        if args.profile and results.build:
            small = _closest(results.build, 1_000)
            results.build_profile_claims = small.claims
            results.build_profile = profile_build(corpus(workdir, small.claims, args.seed))
        for claims in [int(n) for n in args.preview.split(",") if n.strip()]:
            import preview

            print(f"preview at {claims:,} claims ...", file=sys.stderr, flush=True)
            preview_rows += preview.measure(corpus(workdir, claims, args.seed), claims, args.preview_saves)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)

    print(machine_lines(results.machine))
    print(tables(results))
    print(targets(results))
    if results.profile:
        print(profile_table(results))
    if args.json:
        args.json.write_text(json.dumps({
            "machine": results.machine,
            "check": [{"claims": r.claims, "sources": r.sources, "floor_s": r.floor.seconds,
                       "check_s": r.check.seconds, "serial_s": r.serial.seconds,
                       "one_file_s": r.one_file.seconds, "floor_mib": r.floor.peak_mib,
                       "check_mib": r.check.peak_mib, "ratio": r.ratio} for r in results.check],
            "build": [{"claims": b.claims, "pages": b.pages, "plain_s": b.plain.seconds,
                       "build_s": b.build.seconds, "plain_mib": b.plain.peak_mib,
                       "build_mib": b.build.peak_mib, "ratio": b.ratio} for b in results.build],
            "build_error": results.build_error,
            "policy": [{"claims": r.claims, "rules_on": r.active, "check_s": r.check_s,
                        "rules_s": r.rules_s, "share": r.share} for r in results.policy],
        }, indent=2) + "\n")
    if preview_rows:
        import preview

        print(preview.table(preview_rows))
    if args.write_docs:
        replaced = {}
        if preview_rows:
            import preview

            replaced["Preview"] = preview.section(preview_rows, args.preview_saves, results.machine)
        write_docs(results, args.write_docs, replaced)
        print(f"wrote {args.write_docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
