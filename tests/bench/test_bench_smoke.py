"""The benchmark runs end to end on a tiny corpus (no timing is asserted: timings are its output).

The generator must be reproducible and its corpora must pass the checker, or the benchmark
would time error reporting instead of checking.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from factcheck.checker import Project

REPO = Path(__file__).resolve().parents[2]


def _load(name: str, file: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _generator() -> Any:
    return _load("bench_generate_smoke", "generate.py")


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_the_same_seed_gives_the_same_corpus(tmp_path: Path) -> None:
    generate = _generator().generate
    generate(tmp_path / "a", claims=30, seed=3)
    generate(tmp_path / "b", claims=30, seed=3)
    generate(tmp_path / "c", claims=30, seed=4)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_a_generated_corpus_passes_the_checker_with_every_way_of_citing(tmp_path: Path) -> None:
    counts = _generator().generate(tmp_path / "corpus", claims=60, seed=2)
    assert counts == {"claims": 60, "sources": 6}
    result = Project(tmp_path / "corpus").check()
    assert result.ok and result.warnings == 0, [str(d) for d in result.diagnostics[:5]]
    assert result.claims == 60 and 60 <= result.citations <= 300
    citations = [c for claim in result.checked.values() for c in claim.evidence]
    assert any(c.prefix for c in citations)
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "corpus" / "claims").iterdir()]
    assert any("start:" in t for t in texts)
    assert any("quote:" in t and "start:" not in t and "prefix:" not in t for t in texts)
    assert any(sum(1 for c in claim.evidence) >= 4 for claim in result.checked.values())
    # ...and meets the house rules (result.warnings == 0 above, at the desk's levels) with every
    # part of the editorial record present somewhere
    claims = list(result.checked.values())
    assert all(c.analyst and c.published and c.reviewers and c.analyst not in c.reviewers for c in claims)
    assert {c.claimant_type for c in claims} == {"person", "organization"}
    assert any(c.corrections for c in claims) and any(c.single_source for c in claims)
    assert len({c.published for c in claims}) > len(claims) // 2  # varied: listings sort by it


def test_the_benchmark_prints_its_tables_and_writes_the_page(tmp_path: Path) -> None:
    page = tmp_path / "performance.md"
    raw = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "20", "--build-sizes", "20",
         "--repeat", "1", "--workdir", str(tmp_path / "work"), "--json", str(raw),
         "--write-docs", str(page)],
        capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    assert "| claims | sources | parse floor (s) | check (s) | check / floor |" in out
    assert "| 20 | 5 |" in out  # the check row: 20 claims over 5 sources
    assert "| claims | pages | plain `mkdocs build` (s) | `python build.py` (s) | build / plain |" in out
    assert "`check` within 2.0x the parse floor" in out and "peak memory under 1024 MiB" in out
    assert "| claims | rules on | check, 1 process (s) | house rules (s) | share of the check |" in out
    assert "Python 3." in out and "libyaml" in out and "cores" in out
    results = json.loads(raw.read_text())
    row = results["check"][0]
    assert row["claims"] == 20 and row["floor_s"] > 0 and row["check_s"] > 0 and row["check_mib"] > 0
    [policy] = results["policy"]
    assert policy["claims"] == 20 and policy["rules_on"] == 4 and 0 < policy["rules_s"] < policy["check_s"]
    assert results["build"] and results["build"][0]["pages"] > 20, results.get("build_error")
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Performance") and "## Results" in text and "| 20 | 5 |" in text


@pytest.mark.parametrize("config, expected", [
    ("plugins:\n  - search\n  - factcheck:\n      edit_url: x\n  - other\nnav:\n  - a.md\n",
     "plugins:\n  - search\n  - other\nnav:\n  - a.md\n"),
    ("plugins:\n  - factcheck\n  - search\n", "plugins:\n  - search\n"),
])
def test_the_plain_site_drops_only_the_factcheck_plugin(config: str, expected: str) -> None:
    assert _load("bench_run_smoke", "run.py")._without_plugin(config, "factcheck") == expected


def test_the_reader_benchmark_measures_a_built_site_in_the_browser(tmp_path: Path) -> None:
    """bench/reader.py end to end on a tiny corpus: it builds the site, serves it, loads pages and
    runs a query in Chromium, and writes its section into the page without losing the rest.
    (The benchmark runs its own browser in its own process: the session's browser fixture would
    keep a thread running in this one, and a check does not fork a process that runs threads.)"""
    import importlib.util
    import os

    chromium = Path(os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium"))
    if importlib.util.find_spec("playwright") is None or not chromium.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the reader benchmark needs playwright and {chromium} under CI")
        pytest.skip(f"the reader benchmark needs playwright and {chromium}")
    page = tmp_path / "performance.md"
    page.write_text("# Performance\n\nThe check's tables.\n", encoding="utf-8")
    raw = tmp_path / "reader.json"
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "reader.py"), "--sizes", "40", "--workdir", str(tmp_path / "work"),
         "--json", str(raw), "--write-docs", str(page)],
        capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    row = json.loads(raw.read_text())["rows"][0]
    assert row["claims"] == 40 and row["pages"] > 40 and 0 < row["largest_html_kb"] < 300
    assert set(row["first_load_kb"]) == {"home", "claim", "evidence map"}
    assert all(kb > row["largest_html_kb"] / 4 for kb in row["first_load_kb"].values())
    assert row["query_requests"] > 0 and row["query_kb"] > 0 and row["query_results"] > 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\nThe check's tables.") and "## What a reader fetches" in text
    assert "| 40 |" in text
    # Written again, the section replaces itself.
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "reader.py"), "--sizes", "40", "--workdir", str(tmp_path / "work"),
         "--write-docs", str(page)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and page.read_text(encoding="utf-8").count("## What a reader fetches") == 1
