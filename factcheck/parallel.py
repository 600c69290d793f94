"""Checking many claim files on every core.

Claim files are independent of each other until the whole-project steps (related claims, the
summary), so a large run splits them into contiguous chunks and checks the chunks in forked
worker processes. Forking hands each worker the project as it is (the compiled validator, the
sources already read) without pickling it. Chunks come back in file order and without their YAML
documents: the parent needs only what a FileResult keeps besides, so the result is the one a
single process gives, diagnostic for diagnostic.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the checker imports this module
    from .checker import FileResult, Project

PARALLEL_MIN_FILES = 1000  # below this, starting workers costs more than the second core saves
MIN_CHUNK, MAX_CHUNK = 50, 500

_project: Project | None = None  # what a forked worker checks with


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def worker_count(files: int, jobs: int | None) -> int:
    """How many processes to use; 1 means check in this process."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1  # forking a process that runs other threads (the live preview) is not safe
    if jobs is None:
        if files < PARALLEL_MIN_FILES:
            return 1
        jobs = available_cores()
    return max(1, min(jobs, files))


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while files are checked.

    A check allocates a great many small containers that live to its end (values, positions,
    results) and makes little cyclic garbage; the collector would walk the growing heap again and
    again, a third of the CPU time of a 10,000-claim check. It runs again as the check ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_chunk(paths: Sequence[Path]) -> tuple[list[FileResult], list[str]]:
    project = _project
    assert project is not None, "worker started without a project"
    with collector_paused():
        results = [project.check_file(path).without_document() for path in paths]
    return results, project.library.read_ids()


def check_files(project: Project, files: Sequence[Path], jobs: int | None = None) -> list[FileResult]:
    """``project.check_file`` of each file, in order, on up to ``jobs`` processes."""
    workers = worker_count(len(files), jobs)
    if workers <= 1:
        with collector_paused():
            return [project.check_file(path) for path in files]
    size = max(MIN_CHUNK, min(MAX_CHUNK, len(files) // (workers * 8) or 1))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    global _project
    _project = project
    results: list[FileResult] = []
    read: set[str] = set()
    # Everything the workers inherit is moved out of the garbage collector's sight: otherwise
    # each full collection in a worker walks (and so copies) the whole inherited heap.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool, \
                collector_paused():
            for chunk_results, source_ids in pool.map(_check_chunk, chunks):
                results.extend(chunk_results)
                read.update(source_ids)
    finally:
        _project = None
        gc.unfreeze()
    # A source's own problems are reported once it has been read: read here what the workers read.
    for source_id in sorted(read):
        project.library.get(source_id)
    return results
