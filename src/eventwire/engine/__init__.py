"""Engines run the pipeline over many inputs and write one store.

``run_ingest`` is the library entry point behind ``eventwire ingest``: read inputs, skip what the
store already holds (so a rerun after a crash resumes), process in batches, commit each batch.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..ingest import read_inputs
from ..model import Document, Failure, RawDoc
from ..pipeline import Pipeline, describe
from ..settings import Settings
from ..store import DUPLICATE, NEW, Store
from .local import default_workers, plan_workers, process_batches


@dataclass
class RunSummary:
    """What a run did, for the closing summary and the ``runs`` table."""

    read: int = 0  # documents read from the inputs
    new: int = 0
    duplicate: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # by reason
    failed: Counter[str] = field(default_factory=Counter)  # by "stage: reason"
    seconds: float = 0.0
    shards_total: int = 0  # sharded runs only (--out, --engine dask)
    shards_done: int = 0
    shards_resumed: int = 0  # finished by an earlier run, skipped
    first_failures: list[Failure] = field(default_factory=list)  # a few, for messages

    @property
    def processed(self) -> int:
        return self.new + self.duplicate + sum(self.skipped.values()) + sum(self.failed.values())

    def add(self, outcome: str, failure: Failure | None = None) -> None:
        if outcome == NEW:
            self.new += 1
        elif outcome == DUPLICATE:
            self.duplicate += 1
        elif failure is not None:
            self.failed[f"{failure.stage}: {_reason_kind(failure.reason)}"] += 1
            if len(self.first_failures) < 5:
                self.first_failures.append(failure)
        else:
            self.skipped[outcome.removeprefix("skipped: ")] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicate": self.duplicate,
            "skipped": dict(self.skipped),
            "failed": dict(self.failed),
            "seconds": round(self.seconds, 2),
            "shards": {
                "total": self.shards_total,
                "done": self.shards_done,
                "resumed": self.shards_resumed,
            },
            "docs_per_second": round(self.processed / self.seconds, 1) if self.seconds else None,
        }


def _reason_kind(reason: str) -> str:
    """Group failures by the kind of reason, not by each file's numbers."""
    kind = reason.split(":")[0].split("(")[0].strip()
    return kind[:80]


ProgressCallback = Callable[[RunSummary], None]


def run_ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings | None = None,
    published: dt.datetime | None = None,
    progress: ProgressCallback | None = None,
    command: str = "ingest",
    workers: int | None = None,
) -> RunSummary:
    """Ingest inputs into the store, batch by batch; every committed batch survives a crash.

    ``workers``: processes for cleaning and annotation (default: every core, or in-process for
    inputs under a megabyte; 1 = in-process).
    """
    settings = settings or Settings()
    summary = RunSummary()
    run_id = store.start_run(command)
    started = time.perf_counter()

    def unseen() -> Iterator[RawDoc | Failure]:
        for item in read_inputs(paths, settings):
            if isinstance(item, RawDoc):
                summary.read += 1
                if store.has_source(item.source):  # stored by an earlier (maybe killed) run
                    summary.duplicate += 1
                    continue
            yield item

    workers = plan_workers(paths, workers)
    for results in process_batches(unseen(), settings, published, workers):
        outcomes = store.write_batch(results, run_id)
        for result, outcome in zip(results, outcomes, strict=True):
            summary.add(outcome, result if isinstance(result, Failure) else None)
        summary.seconds = time.perf_counter() - started
        if progress:
            progress(summary)
    summary.seconds = time.perf_counter() - started
    store.finish_run(run_id, summary.to_dict())
    if progress:
        progress(summary)
    return summary


def documents_from(
    paths: Sequence[str], settings: Settings, published: dt.datetime | None = None
) -> list[Document | Failure]:
    """Process inputs without a store (used by ``eventwire extract``)."""
    return list(Pipeline(settings).run(read_inputs(paths, settings), published))


__all__ = ["RunSummary", "default_workers", "describe", "documents_from", "run_ingest"]
