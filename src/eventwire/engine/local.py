"""The local engine: a process pool over the machine's cores, one writer, bounded memory.

The main process reads inputs and writes the store; workers clean and annotate. At most
``2 × workers`` batches are in flight, so memory stays flat whatever the input size, and results
come back in input order, so a run is reproducible.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path

from ..model import Document, Failure, RawDoc
from ..pipeline import Pipeline
from ..settings import Settings

_WORKER_PIPELINE: Pipeline | None = None


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# Below this much input, starting worker processes (each loads spaCy, the gazetteer and the
# actor dictionary: seconds) costs more than it saves; the work runs in-process instead.
SMALL_INPUT_BYTES = 1_000_000


def plan_workers(paths: Sequence[str], requested: int | None) -> int:
    """Workers for a run: as requested, else every core unless the input is small."""
    if requested:
        return requested
    total = 0
    for raw in paths:
        if raw == "-":
            return default_workers()  # unknown size: assume a stream worth parallelising
        path = Path(raw)
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            with contextlib.suppress(OSError):
                total += file.stat().st_size if file.is_file() else 0
            if total >= SMALL_INPUT_BYTES:
                return default_workers()
    return 1


def _init_worker(settings: Settings) -> None:
    """Build one pipeline per worker process: models load once, not per batch."""
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = Pipeline(settings)


def _run_batch(
    batch: list[RawDoc | Failure], published: dt.datetime | None
) -> list[Document | Failure]:
    assert _WORKER_PIPELINE is not None, "worker not initialised"
    return _WORKER_PIPELINE.run_batch(batch, published)


def process_batches(
    items: Iterable[RawDoc | Failure],
    settings: Settings,
    published: dt.datetime | None = None,
    workers: int | None = None,
) -> Iterator[list[Document | Failure]]:
    """Yield processed batches in input order, using ``workers`` processes (1 = in-process)."""
    workers = workers or default_workers()
    iterator = iter(items)

    def batches() -> Iterator[list[RawDoc | Failure]]:
        while batch := list(islice(iterator, settings.batch_size)):
            yield batch

    if workers <= 1:
        pipeline = Pipeline(settings)
        for batch in batches():
            yield pipeline.run_batch(batch, published)
        return

    context = multiprocessing.get_context("spawn")  # no forked locks or threads in workers
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(settings,)
    ) as pool:
        in_flight: deque[Future[list[Document | Failure]]] = deque()
        for batch in batches():
            in_flight.append(pool.submit(_run_batch, batch, published))
            if len(in_flight) >= 2 * workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
