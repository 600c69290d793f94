"""Input shapes that once made the desk quadratic, each timed at 1x, 4x and 16x its size.

    python bench/shapes.py                # every shape, the table on stdout
    python bench/shapes.py --quick        # sizes a quarter as large
    python bench/shapes.py --write-docs   # also write the section "Input shapes" of handbook/performance.md
    python bench/run.py --shapes          # the same, from the main benchmark

Linear work shows as a ratio of about 4 between one size and the next (x4 input); a bounded one
as about 1; a quadratic one as about 16. Each time is the CPU time of this process for the one
step that was quadratic (the fastest of three runs), so other work on the machine disturbs it
little: the suggestion for an unmatched quote, the check of one claim file, the rendering of one
summary, and the build (check included) of a site of one claim.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

SECTION = "## Input shapes"
SOURCE = "002_205a6ead56593b52"


@dataclass
class Shape:
    name: str
    unit: str  # what the size counts
    base: int  # the 1x size
    prepare: Callable[[int], Callable[[], object]]  # size -> the step to time


@dataclass
class Row:
    shape: Shape
    sizes: list[int]
    seconds: list[float]

    @property
    def ratios(self) -> list[float]:
        return [b / a if a > 0 else float("nan") for a, b in zip(self.seconds, self.seconds[1:])]


def _project(workdir: Path, seeds: dict[str, str] | None = None) -> Path:
    """A scratch desk: the repository's schema, docs and mkdocs.yml, its seeds (or ``seeds``)."""
    import contextlib
    import io

    from factcheck.cli import main

    root = Path(tempfile.mkdtemp(dir=workdir))
    for part in ("schema", "docs"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "claims").mkdir()
    if seeds is None:
        shutil.copytree(REPO / "seeds", root / "seeds")
    else:
        (root / "seeds").mkdir()
        for name, text in seeds.items():
            (root / "seeds" / name).write_text(text, encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        main(["schema"], root=root)  # the editor schema current: no warning in the check
    return root


def _claim(evidence: str, extra: str = "", summary: str = "It is so.") -> str:
    """A claim that meets the desk's house rules (its sign-off and published date), so that only
    the shape measured can fail."""
    record = "" if "reviewers:" in extra else "analyst: Desk analyst\nreviewers: [Desk editor]\n"
    return (f"claim: A claim.\nclaimant: Someone\nverdict: supported\nsummary: {json.dumps(summary)}\n"
            f"{record}published: 2026-12-01\nsingle_source: One source, for the benchmark.\n"
            f"evidence:\n{evidence}{extra}")


def shapes(workdir: Path) -> list[Shape]:
    from factcheck.anchoring import anchor
    from factcheck.checker import Project

    body = (REPO / "seeds" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    words = body.split()

    def unmatched_quote(size: int) -> Callable[[], object]:
        quote = " ".join(words[(i * 7) % len(words)] for i in range(size // 4))[:size]
        return lambda: anchor(body, quote)

    def reviewers(size: int) -> Callable[[], object]:
        root = _project(workdir)
        listed = "".join(f"  - {{name: reviewer {i}}}\n" for i in range(size))
        text = _claim(f"  - source: {SOURCE}\n    quote: not in the source at all\n    stance: supports\n",
                      "reviewers:\n" + listed)
        path = root / "claims" / "many-reviewers.yaml"
        path.write_text(text, encoding="utf-8")
        project = Project(root)
        return lambda: project.check([path], jobs=1)

    def summary(unit: str) -> Callable[[int], Callable[[], object]]:
        def prepare(size: int) -> Callable[[], object]:
            from factcheck.site.html.analyst_markdown import render

            text = unit * (size // len(unit))
            return lambda: render.__wrapped__(text)  # type: ignore[attr-defined]
        return prepare

    def citations(size: int) -> Callable[[], object]:
        from factcheck.site.build import build_into

        # One source of the same length at every size (16,000 words, one paragraph), so that only
        # the number of citations grows: each quote is looked for in the whole source (it must
        # occur exactly once), which is linear in the source, not in the citations.
        tokens = [f"w{i:05d}" for i in range(16_000)]
        root = _project(workdir, {"s.txt": " ".join(tokens) + "\n"})
        evidence = "".join(f"  - {{source: s, quote: {t}, stance: context}}\n" for t in tokens[:size])
        (root / "claims" / "many-citations.yaml").write_text(_claim(evidence), encoding="utf-8")

        def step() -> None:
            project = Project(root)
            result = project.check(jobs=1)
            assert result.ok, result.diagnostics[:3]
            build_into(project, result, root / "site")
        return step

    def unbroken_paragraph(size: int) -> Callable[[], object]:
        from factcheck.site.plan.links import Links
        from factcheck.site.search.records import source_records
        from factcheck.sources import Source

        # One paragraph with no space at all: search cuts it into pieces of a few hundred
        # characters, each a record (once by slicing the rest again each time: quadratic).
        source = Source("s", "seeds/s.txt", "x" * size + "\n")
        return lambda: list(source_records(source, Links("")))

    return [
        Shape("a quote that matches nothing (its suggestion)", "characters", 64_000, unmatched_quote),
        Shape("a source paragraph without a space (its search records)", "characters", 250_000, unbroken_paragraph),
        Shape("`reviewers` as mappings (check of the claim)", "reviewers", 625, reviewers),
        Shape("a summary of `[x](` (rendering it)", "characters", 5_000, summary("[x](")),
        Shape("a summary of `[` (rendering it)", "characters", 5_000, summary("[")),
        Shape("citations in one claim (check and build)", "citations", 1_000, citations),
    ]


def cpu_seconds(step: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        step()
        best = min(best, time.process_time() - started)
    return best


def measure(scale: float, repeat: int) -> list[Row]:
    import logging
    import os

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    rows = []
    with tempfile.TemporaryDirectory(prefix="factcheck-shapes-") as scratch:
        for shape in shapes(Path(scratch)):
            sizes = [max(1, int(shape.base * scale * factor)) for factor in (1, 4, 16)]
            seconds = []
            for size in sizes:
                step = shape.prepare(size)
                seconds.append(cpu_seconds(step, repeat))
                print(f"  {shape.name}: {size:,} {shape.unit} in {seconds[-1]:.3f} s", file=sys.stderr, flush=True)
            rows.append(Row(shape, sizes, seconds))
    return rows


def table(rows: list[Row]) -> str:
    lines = ["| shape | 1x | time | 4x | time | ratio | 16x | time | ratio |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        cells = [row.shape.name]
        for i, (size, seconds) in enumerate(zip(row.sizes, row.seconds)):
            cells += [f"{size:,} {row.shape.unit}", f"{seconds:.3f} s"]
            if i:
                cells.append(f"{row.ratios[i - 1]:.1f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


SECTION_TEXT = """{heading}

Shapes of input that once made a step quadratic (issue "Hardening"), each at 1x, 4x and 16x its
size, measured by `python bench/shapes.py` (or `python bench/run.py --shapes`): the CPU time of
the step that was quadratic, the fastest of three runs. Linear work shows a ratio of about 4
from one size to the next, bounded work about 1, quadratic work about 16. Before the fixes: a
36 KB unmatched quote took 16 s (1 MB: over 300 s); 10,000 reviewers 119 s; a summary of 80 KB
of `[x](` 57 s to build; 16,000 citations in one claim 32 s to build.

{table}
What keeps each linear: suggestions for a quote compare at most its first 1,000 characters (and
a window around the first difference); `uniqueItems` hashes each item once instead of comparing
every pair; Markdown link texts are matched through a table of brackets made once per
paragraph, and an address is looked for in at most 1,000 characters; a claim hashes by its id
(its generated hash went through every citation, once per passage) and the excerpt around a
passage is read from a window of its paragraph, not the whole paragraph (a source of one long
paragraph cited 16,000 times). Each quote is still looked for in its whole source (it must
occur exactly once): that costs the length of the source per citation, which is why the
citations shape cites one source of a fixed length at every size. Bounds that keep the rest
bounded: a claim file is at most 1 MiB, a source 10 MiB, a Markdown field 100,000 characters,
YAML nesting 32 levels, a number 600 digits (`handbook/writing-claims.md`). The build has a fixed
cost of its own (MkDocs and the theme, about a second), which flattens its first ratio.

{machine}
"""


def section(rows: list[Row]) -> str:
    import platform

    machine = (f"Measured on {platform.python_implementation()} {platform.python_version()}, "
               f"{platform.machine()}, {time.strftime('%Y-%m-%d')}.")
    return SECTION_TEXT.format(heading=SECTION, table=table(rows), machine=machine)


def replace_section(page: str, text: str) -> str:
    """``page`` with its section "Input shapes" replaced by ``text`` (appended if it has none);
    every other section as it was."""
    start = page.find(SECTION + "\n")
    if start == -1:
        return page.rstrip("\n") + "\n\n" + text
    end = page.find("\n## ", start + len(SECTION))
    return page[:start] + text + (page[end + 1:] if end != -1 else "")


def kept_section(path: Path) -> str | None:
    """The section "Input shapes" of the page at ``path``, for a rewrite of the rest to keep."""
    try:
        page = path.read_text(encoding="utf-8")
    except OSError:
        return None
    start = page.find(SECTION + "\n")
    if start == -1:
        return None
    end = page.find("\n## ", start + len(SECTION))
    return page[start:end + 1 if end != -1 else len(page)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes a quarter as large")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step; the fastest counts")
    parser.add_argument("--write-docs", nargs="?", type=Path, default=None, metavar="PATH",
                        const=REPO / "handbook" / "performance.md",
                        help="write the section 'Input shapes' of the page (default: handbook/performance.md)")
    args = parser.parse_args(argv)
    rows = measure(0.25 if args.quick else 1.0, args.repeat)
    print(table(rows), end="")
    if args.write_docs:
        path: Path = args.write_docs
        page = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
        path.write_text(replace_section(page, section(rows)), encoding="utf-8")
        print(f"wrote the section '{SECTION[3:]}' of {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
