"""Sharded runs: one task per input file, on a local process pool or a Dask cluster.

Both executors get the same task (:func:`~eventwire.engine.dataset.process_shard`), so the local
and the Dask engine produce the same records. Output is either the Parquet dataset (``out``, with
a manifest that makes reruns resume) or the SQLite store, written by this process only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..model import Failure
from ..settings import Settings
from ..store import Store
from . import ProgressCallback, RunSummary
from .dataset import (
    ShardResult,
    expand_shards,
    finished_shards,
    mark_finished,
    process_shard,
    shard_id,
)
from .local import default_workers

ENGINES = ("local", "dask")

Submit = Callable[..., Any]
AsCompleted = Callable[[list[Any]], Iterable[Any]]


@contextlib.contextmanager
def _local_executor(workers: int) -> Iterator[tuple[Submit, AsCompleted]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield pool.submit, as_completed


@contextlib.contextmanager
def _dask_executor(workers: int, scheduler: str | None) -> Iterator[tuple[Submit, AsCompleted]]:
    """A client on the given scheduler, or on a LocalCluster of ``workers`` processes."""
    from distributed import Client, LocalCluster, as_completed

    with contextlib.ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
        else:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster))

        def submit(fn: Callable[..., Any], *args: Any) -> Any:
            return client.submit(fn, *args, pure=False)

        yield submit, as_completed


def run_sharded(
    paths: Sequence[str],
    settings: Settings,
    *,
    engine: str = "local",
    out: Path | None = None,
    store: Store | None = None,
    published: dt.datetime | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressCallback | None = None,
    command: str = "ingest",
) -> RunSummary:
    """Process every input file as one task; write the Parquet dataset ``out`` or the ``store``."""
    if (out is None) == (store is None):
        raise ValueError("give exactly one of out (Parquet dataset) or store (SQLite)")
    summary = RunSummary()
    started = time.perf_counter()
    shards = expand_shards(paths)
    done = finished_shards(out) if out is not None else set()
    todo = [s for s in shards if shard_id(s) not in done]
    summary.shards_total = len(shards)
    summary.shards_resumed = summary.shards_done = len(shards) - len(todo)
    run_id = store.start_run(command) if store is not None else None
    workers = workers or default_workers()
    executor = _dask_executor(workers, scheduler) if engine == "dask" else _local_executor(workers)
    out_arg = str(out) if out is not None else None

    with executor as (submit, as_completed):
        futures = {submit(process_shard, str(s), settings, published, out_arg): s for s in todo}
        for future in as_completed(list(futures)):
            shard = futures[future]
            try:
                result: ShardResult = future.result()
            except Exception as exc:  # a worker died or the task crashed: record, go on
                failure = Failure(str(shard), "engine", f"{type(exc).__name__}: {exc}"[:500])
                if store is not None:
                    store.write_batch([failure], run_id)
                summary.add("failed", failure)
                continue
            _account(summary, result, store, run_id)
            if out is not None:
                mark_finished(out, result)
            summary.shards_done += 1
            summary.seconds = time.perf_counter() - started
            if progress:
                progress(summary)
    summary.seconds = time.perf_counter() - started
    if store is not None and run_id is not None:
        store.finish_run(run_id, summary.to_dict())
    if progress:
        progress(summary)
    return summary


def _account(
    summary: RunSummary, result: ShardResult, store: Store | None, run_id: int | None
) -> None:
    """Add a shard's outcome to the summary (writing its documents when the store is the sink)."""
    if store is not None:
        summary.read += sum(1 for r in result.results if not isinstance(r, Failure))
        outcomes = store.write_batch(result.results, run_id)
        for item, outcome in zip(result.results, outcomes, strict=True):
            summary.add(outcome, item if isinstance(item, Failure) else None)
        return
    summary.read += result.documents + sum(result.skipped.values())
    summary.new += result.documents
    for reason, n in result.skipped.items():
        summary.skipped[reason] += n
    for where, stage, reason in result.failure_reasons:
        summary.add("failed", Failure(where, stage, reason))
