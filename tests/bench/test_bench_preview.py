"""The preview benchmark runs end to end on a tiny corpus in Chromium (its timings are its
output, never asserted), and its section of docs/performance.md is replaced in place, whoever
rewrites the rest of the page."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


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


def test_the_preview_benchmark_runs_on_a_tiny_corpus(tmp_path: Path, chromium: Any) -> None:
    preview = _bench("preview")
    run = _bench("run")
    rows = preview.measure(run.corpus(tmp_path, 20, 1), 20, saves=2, browser=chromium)
    assert [r.edit for r in rows] == ["a claim's summary", "one quote", "a docs/ page"]
    assert all(len(r.seconds) == 2 and all(s > 0 for s in r.seconds) for r in rows)
    assert "| 20 | a claim's summary |" in preview.table(rows)
    assert "## Preview" in preview.section(rows, 2, run.machine())
