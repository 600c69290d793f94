"""The preview benchmark runs end to end on a tiny corpus in Chromium (its timings are its
output, never asserted), and its section of docs/performance.md is replaced in place, whoever
rewrites the rest of the page."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")


def _bench(name: str) -> Any:
    sys.path.insert(0, str(REPO / "bench"))
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_the_preview_section_is_replaced_in_place_and_kept_by_run() -> None:
    preview = _bench("preview")
    page = "# Performance\n\n## Results\n\nfigures\n\n## Noise\n\nnoise\n"
    added = preview.replace_section(page, "## Preview\n\nfirst\n")
    assert added == "# Performance\n\n## Results\n\nfigures\n\n## Preview\n\nfirst\n\n## Noise\n\nnoise\n"
    replaced = preview.replace_section(added, "## Preview\n\nsecond\n")
    assert replaced == added.replace("first", "second")
    assert preview.section_of(replaced) == "## Preview\n\nsecond\n\n"
    assert preview.replace_section("# Performance\n", "## Preview\n\nx\n") == "# Performance\n\n## Preview\n\nx\n"


def test_the_preview_benchmark_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    # In a process of its own: Playwright's threads must not outlive it here (the parallel
    # check forks only a process without other threads).
    if importlib.util.find_spec("playwright") is None or not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("the preview benchmark needs playwright and chromium under CI")
        pytest.skip("playwright or chromium is not installed")
    page = tmp_path / "performance.md"
    page.write_text("# Performance\n\n## Results\n\nfigures\n\n## Noise\n\nnoise\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(REPO / "bench" / "preview.py"), "--sizes", "20", "--saves", "2",
                          "--workdir", str(tmp_path / "work"), "--write-docs", str(page)],
                         capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 0, run.stderr[-3000:]
    for edit in ("a claim's summary", "one quote", "a docs/ page"):
        assert f"| 20 | {edit} |" in run.stdout
    written = page.read_text(encoding="utf-8")
    assert written.index("## Results") < written.index("## Preview") < written.index("## Noise")
    assert "| 20 | a claim's summary |" in written
