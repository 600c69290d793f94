"""Running one task over many items on every core, results in order.

Claim files are independent of each other until the whole-project steps (related claims, the
summary), so a large check splits them into contiguous chunks and checks the chunks in forked
worker processes. Forking hands each worker the task as it is (for the checker: the project with
its compiled validator and the sources already read) without pickling it. Chunks come back in
order, so the result is the one a single process gives.

This module knows nothing of what it runs: the checker imports it, never the reverse.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_MIN_FILES = 1000  # below this, starting workers costs more than the second core saves
MIN_CHUNK, MAX_CHUNK = 50, 500

_task: Callable[[Sequence[Any]], Any] | None = None  # what a forked worker runs on its chunk


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


def _run_chunk(chunk: Sequence[Any]) -> Any:
    task = _task
    assert task is not None, "worker started without a task"
    with collector_paused():
        return task(chunk)


def map_chunks(task: Callable[[Sequence[Item]], Result], items: Sequence[Item],
               workers: int) -> list[Result]:
    """``task`` of each contiguous chunk of ``items``, in order, on ``workers`` forked processes.

    ``task`` is inherited by the workers, not pickled; what it returns is pickled back."""
    size = max(MIN_CHUNK, min(MAX_CHUNK, len(items) // (workers * 8) or 1))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    global _task
    _task = task
    # Everything the workers inherit is moved out of the garbage collector's sight: otherwise
    # each full collection in a worker walks (and so copies) the whole inherited heap.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool, \
                collector_paused():
            return list(pool.map(_run_chunk, chunks))
    finally:
        _task = None
        gc.unfreeze()
