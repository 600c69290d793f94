"""No input makes the desk quadratic: each shape that once was, with the work counted, not timed.

Work is counted deterministically (items compared, hashes computed, lines of Python run), so
these tests never depend on the machine's load; bench/shapes.py measures the time.
"""

from __future__ import annotations

import ast
import difflib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema._utils
import pytest

from factcheck import anchoring
from factcheck.anchoring import FUZZY_QUOTE_CHARS, anchor
from factcheck.checker import Project
from factcheck.model import Citation, Claim
from factcheck.site.plan.content import SiteContent

from .conftest import REPO

SOURCE = "002_205a6ead56593b52"


@pytest.fixture(scope="module")
def body() -> str:
    return Project(REPO).library.get(SOURCE).body  # type: ignore[union-attr]


def unmatched_quote(body: str, size: int) -> str:
    words = body.split()
    return " ".join(words[(i * 7) % len(words)] for i in range(size // 5))[:size]


@pytest.mark.parametrize("size", [36_000, 1_000_000])
def test_a_long_unmatched_quote_compares_bounded_pieces(body: str, size: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Fuzzy matching compares texts of at most a bounded length, whatever the quote's length
    (a 36 KB quote took 16 s, 1 MB over 300 s: every comparison was quote x window)."""
    compared: list[tuple[int, int]] = []

    class Counting(difflib.SequenceMatcher):  # type: ignore[type-arg]
        def __init__(self, isjunk: Any = None, a: Any = "", b: Any = "", autojunk: bool = True) -> None:
            compared.append((len(a), len(b)))
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(anchoring.difflib, "SequenceMatcher", Counting)
    result = anchor(body, unmatched_quote(body, size))
    assert result.code == "quote-not-found"  # type: ignore[union-attr]
    assert compared
    bound = 3 * FUZZY_QUOTE_CHARS
    for a, b in compared:
        # body x piece of the quote, or two bounded texts: never quote x anything
        assert min(a, b) <= bound, (a, b)


def test_unique_items_of_10000_mappings_compares_no_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """jsonschema's uniqueItems compared every pair of items it could not sort (10,000 reviewers
    as mappings: 50 million comparisons, 119 s); here each item is hashed once."""
    calls = [0]
    equal = jsonschema._utils.equal

    def counting(one: Any, two: Any) -> bool:
        calls[0] += 1
        return equal(one, two)  # type: ignore[no-any-return]

    monkeypatch.setattr(jsonschema._utils, "equal", counting)
    project = Project(REPO)
    n = 3000
    claim = {"claim": "x", "claimant": "y", "verdict": "supported", "summary": "s",
             "evidence": [{"source": SOURCE, "quote": "zzz-not-there", "stance": "supports"}],
             "reviewers": [{"name": f"r{i}"} for i in range(n)]}
    errors = list(project.validator.iter_errors(claim))
    assert calls[0] <= 10 * n, calls[0]
    assert "uniqueItems" not in {e.validator for e in errors}
    claim["reviewers"] = ["same", "other", "same"]
    (duplicate,) = [e for e in project.validator.iter_errors(claim) if e.validator == "uniqueItems"]
    assert duplicate.message == "['same', 'other', 'same'] has non-unique elements"  # jsonschema's own


def test_unique_items_keeps_jsonschemas_meaning_of_equal() -> None:
    from factcheck.validation import _frozen

    assert _frozen(1) == _frozen(1.0) and _frozen(True) != _frozen(1) and _frozen(False) != _frozen(0)
    assert _frozen({"a": [1, {"b": None}]}) == _frozen({"a": [1.0, {"b": None}]})
    assert _frozen([1, 2]) != _frozen([2, 1]) and _frozen({"a": 1, "b": 2}) == _frozen({"b": 2, "a": 1})


def lines_run(function: Callable[[], object], *files: str) -> int:
    """How many lines of Python in the named source files ``function`` runs (a count of work
    that does not depend on the machine)."""
    count = [0]

    def trace(frame: Any, event: str, arg: Any) -> Any:
        if not frame.f_code.co_filename.endswith(files):
            return None
        if event == "line":
            count[0] += 1
        return trace

    sys.settrace(trace)
    try:
        function()
    finally:
        sys.settrace(None)
    return count[0]


@pytest.mark.parametrize("unit", ["[x](", "[", "![x](", "[x]["])
def test_markdown_links_are_parsed_in_linear_work(unit: str) -> None:
    """A summary of 80 KB of '[x](' took 57 s to build: Python-Markdown read the rest of the
    paragraph from every '['. Four times the text now costs about four times the work."""
    from factcheck.site.html.analyst_markdown import render

    def work(n: int) -> int:
        return lines_run(lambda: render.__wrapped__(unit * n), "markdown/inlinepatterns.py",
                         "markdown/treeprocessors.py", "site/html/analyst_markdown.py")

    small, large = work(250), work(1000)
    assert large <= 5 * small, (small, large)


def test_a_claim_with_thousands_of_citations_hashes_each_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """16,000 citations in one claim took 32 s to build: the claims citing a source were put in
    a dict, and hashing a claim hashed every one of its citations, once per passage."""
    hashed = [0]
    original = Citation.__hash__

    def counting(self: Citation) -> int:
        hashed[0] += 1
        return original(self)

    monkeypatch.setattr(Citation, "__hash__", counting)
    project = Project(REPO)
    source = project.library.get(SOURCE)
    assert source is not None
    n = 2000
    citations = tuple(Citation(n=i + 1, source=SOURCE, quote=source.body[i:i + 5], start=i, end=i + 5,
                               stance="context") for i in range(n))
    claim = Claim(id="many", file="claims/many.yaml", claim="c", claimant="x", verdict="supported",
                  summary="s", evidence=citations)
    content = SiteContent([claim], project.library, project.scale)
    assert content.claims_citing(SOURCE) == [claim]
    assert hashed[0] <= 10 * n, hashed[0]


def test_imports_point_one_way() -> None:
    """No module of the package imports, even only for type checking, one that imports it back
    (checker.py and parallel.py once did)."""
    package = REPO / "factcheck"
    graph: dict[str, set[str]] = {}
    names = {".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
             for p in package.rglob("*.py")}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        module = ".".join(parts)
        here = parts if is_package else parts[:-1]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = here[:len(here) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                # ``from . import codec`` imports the module codec, not what the package exports
                modules = {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in names}
                found.update(modules or {target})
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[module] = {m for m in found if m.startswith("factcheck") and m != module}

    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            current = stack.pop()
            for nxt in graph.get(current, ()):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    cycles = sorted(f"{a} <-> {b}" for a in graph for b in graph[a] if b in graph and reaches(b, a))
    assert cycles == [], cycles
    assert not any(m.startswith("factcheck.checker") for m in graph["factcheck.parallel"])


def test_files_module_imports_nothing_of_the_package() -> None:
    """The one reader of input files is at the bottom: every step may use it."""
    tree = ast.parse((REPO / "factcheck" / "files.py").read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
    assert Path(REPO / "factcheck" / "files.py").is_file()


def test_an_excerpt_reads_a_bounded_window_of_its_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """A source of one long paragraph cited thousands of times: each excerpt read the whole
    paragraph (16,000 citations of a 100 KB line: 34 s of a 55 s build)."""
    import re

    from factcheck.site.html import excerpts

    read = [0]

    class Counting:
        def finditer(self, text: str) -> Any:
            read[0] += len(text)
            return re.finditer(r"\S+", text)

    monkeypatch.setattr(excerpts, "_WORD", Counting())
    body = " ".join(f"w{i:05d}" for i in range(100_000))
    at = body.index("w50000")
    shown = excerpts.excerpt(body, at, at + 6, words=12)
    assert shown.before.split() == [f"w{i:05d}" for i in range(49988, 50000)] and shown.clipped_before
    assert shown.after.split() == [f"w{i:05d}" for i in range(50001, 50013)] and shown.clipped_after
    assert read[0] <= 2 * 64 * 12, read[0]


@pytest.mark.parametrize("seed", range(3))
def test_bounded_link_parsing_renders_as_python_markdown_does(seed: int) -> None:
    """Below the bounds, the bracket table and the windows change nothing: the same HTML as
    Python-Markdown's own link parsing, on texts dense in brackets and parentheses. (Quotes are
    left out: where an address has a quote and no ')' at all, Python-Markdown ends the link at
    offset -1, the end of the paragraph, a quirk the fast refusal does not copy.)"""
    import random

    import markdown

    from factcheck.site.html import analyst_markdown

    plain = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    plain.preprocessors.deregister("html_block")
    plain.inlinePatterns.deregister("html")
    ours = markdown.Markdown(extensions=[analyst_markdown._NoRawHtml(), "sane_lists"], output_format="html")
    plain.treeprocessors.register(analyst_markdown._Neutralise(plain), "factcheck_neutralise", 0)
    rng = random.Random(seed)
    pieces = ["[", "]", "(", ")", "![", "x", " ", "<a>", "http://e.org/", "\n", "[x]: /r\n", "\\[", "*",
              "[x](y)", "[x][x]", "](", "`"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        assert ours.convert(text) == plain.convert(text), repr(text)
        ours.reset()
        plain.reset()
