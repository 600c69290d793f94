"""Search in the preview: indexed once, in the background, from the files as they are when the
preview starts; not kept up to date as they change (restart the preview to index again).

A search index is made from every page of the site at the end of a full build (Material's
search plugin writes it once the last page is written; an indexer run over a written site works
the same way), which is what the preview avoids on each change. So the preview runs one full
build, exactly as ``python build.py`` makes it, in a separate process at low priority, and
serves from it what the build wrote besides the files MkDocs listed: the search index (and
whatever else a plugin writes at the end of a build). Pages always come from the preview itself.

    python -m factcheck.preview.indexing ROOT OUT [--drafts]

builds into OUT/site, keeps there only those files, and lists them in OUT/extra.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger("factcheck.preview")

NICENESS = 10


class SearchIndex:
    """The background build and what it made; ``files`` is empty until it is done."""

    def __init__(self, root: Path, out: Path, drafts: bool) -> None:
        self.root, self.out, self.drafts = root, out, drafts
        self.state = "not started"
        self.files: dict[str, Path] = {}
        self._process: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        command = [sys.executable, "-c", "from factcheck.preview.indexing import main; raise SystemExit(main())",
                   str(self.root), str(self.out)]
        if self.drafts:
            command.append("--drafts")
        env = dict(os.environ)
        package_parent = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
        self.state = "indexing"
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE, env=env)
        self._thread = threading.Thread(target=self._wait, name="factcheck-preview-search", daemon=True)
        self._thread.start()

    def _wait(self) -> None:
        assert self._process is not None
        _, errors = self._process.communicate()
        if self._process.returncode != 0:
            self.state = "failed"
            last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no reason given"]
            log.warning("factcheck: the search index of the preview could not be made: %s", last[0])
            return
        site = self.out / "site"
        try:
            extra = json.loads((self.out / "extra.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            extra = []
        self.files = {path: site / path for path in extra if (site / path).is_file()}
        self.state = "ready"
        log.info("factcheck: search is ready in the preview (indexed from the files as they were when "
                 "it started; restart the preview to index again)")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._thread is not None:
            self._thread.join(timeout=10)


def _build(root: Path, out: Path, drafts: bool) -> int:
    from ..site import engine  # noqa: F401  (first: it decides what the mkdocs imports load)
    from mkdocs.plugins import BasePlugin, event_priority

    from ..checker import Project
    from ..site.build import SiteBuildError, load_site_config, run_mkdocs

    class ListedFiles(BasePlugin):  # type: ignore[type-arg]
        """Notes every file MkDocs lists, once every other plugin has added its own."""

        def __init__(self) -> None:
            super().__init__()
            self.paths: set[str] = set()

        @event_priority(-100)
        def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
            self.paths = {file.dest_uri for file in files}
            return env

    project = Project(root)
    result = project.check()
    if not result.ok:
        print("the check failed; nothing to index", file=sys.stderr)
        return 1
    site = out / "site"
    try:
        config = load_site_config(project, result, drafts, site_dir=str(site))
        listed = ListedFiles()
        config.plugins["factcheck-preview-listed-files"] = listed
        run_mkdocs(config)
    except SiteBuildError as exc:
        print(str(exc).splitlines()[0], file=sys.stderr)
        return 1
    templates = set(config.theme.static_templates) | set(config.extra_templates)
    templates |= {name + ".gz" for name in templates}
    extra = sorted(path for path in (p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
                   if path not in listed.paths and path not in templates)
    # Only those are served: the rest goes now, at low priority, not when the preview stops.
    kept = out / "kept"
    for path in extra:
        (kept / path).parent.mkdir(parents=True, exist_ok=True)
        os.replace(site / path, kept / path)
    shutil.rmtree(site)
    os.replace(kept, site)
    (out / "extra.json").write_text(json.dumps(extra), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factcheck.preview.indexing")
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--drafts", action="store_true")
    args = parser.parse_args(argv)
    try:
        os.nice(NICENESS)  # the preview itself comes first
    except (OSError, AttributeError):
        pass
    return _build(args.root, args.out, args.drafts)


if __name__ == "__main__":
    raise SystemExit(main())
