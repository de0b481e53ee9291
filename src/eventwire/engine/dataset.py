"""A partitioned Parquet dataset of processed shards, with a manifest that makes reruns resume.

Layout (Hive partitioning, so DuckDB and pyarrow read it directly)::

    OUT/_manifest.jsonl                       one line per finished shard
    OUT/articles/month=2016-12/part-<shard>.parquet
    OUT/{mentions,places,times,quotes,events}/month=…/part-<shard>.parquet
    OUT/failures/part-<shard>.parquet

A shard (one input file) is written completely, file by file through a temporary name, *before*
its manifest line is appended. A crash leaves at worst some part files of an unfinished shard; the
rerun deletes them and writes the shard again under the same names, so nothing is written twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NoInputError
from ..ingest import read_inputs
from ..model import Document, Failure, to_dict
from ..pipeline import Pipeline
from ..settings import Settings
from ..store import Store
from ..store.rows import ANNOTATION_TABLES, annotation_rows, article_row

MANIFEST = "_manifest.jsonl"
UNKNOWN_MONTH = "unknown"


def expand_shards(paths: Sequence[str]) -> list[Path]:
    """Input files, one shard each (directories walked recursively, in sorted order)."""
    shards: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            raise NoInputError("stdin cannot be split into shards; give files or directories")
        if path.is_dir():
            shards.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        elif path.exists():
            shards.append(path)
        else:
            raise NoInputError(f"no such file or directory: {raw}")
    return shards


def shard_id(path: Path) -> str:
    """Stable name of a shard: its resolved path and size (same input, same id, same files)."""
    stat = path.stat()
    return hashlib.sha1(f"{path.resolve()}|{stat.st_size}".encode()).hexdigest()[:16]


@dataclass
class ShardResult:
    """What processing one shard produced (counts, or the documents when no dataset is kept)."""

    shard: str
    shard_id: str
    documents: int = 0
    failures: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    failure_reasons: list[tuple[str, str, str]] = field(default_factory=list)
    results: list[Document | Failure] = field(default_factory=list)


_PIPELINES: dict[str, Pipeline] = {}


def _pipeline(settings: Settings) -> Pipeline:
    """One pipeline per worker process and settings: the spaCy model loads once per worker."""
    key = repr(settings)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(settings)
    return _PIPELINES[key]


def process_shard(
    path: str,
    settings: Settings,
    published: dt.datetime | None = None,
    out_dir: str | None = None,
) -> ShardResult:
    """Process one input file; write it to the dataset at ``out_dir`` or return its documents."""
    shard = Path(path)
    result = ShardResult(shard=str(shard), shard_id=shard_id(shard))
    pipeline = _pipeline(settings)
    collected: list[Document | Failure] = []
    for item in pipeline.run(read_inputs([str(shard)], settings), published):
        collected.append(item)
        if isinstance(item, Failure):
            result.failures += 1
            result.failure_reasons.append((item.input, item.stage, item.reason))
        elif item.article.status != "ok":
            key = item.article.status.removeprefix("skipped: ")
            result.skipped[key] = result.skipped.get(key, 0) + 1
        else:
            result.documents += 1
    if out_dir is None:
        result.results = collected
    else:
        write_shard(Path(out_dir), result.shard_id, collected)
    return result


_INT_COLUMNS = {
    "start",
    "end",
    "geonameid",
    "anchored",
    "boilerplate_removed",
    "dead",
    "injured",
    "arrested",
    "evidence_start",
    "evidence_end",
    "trigger_start",
    "trigger_end",
    "date_from_publication",
}
_FLOAT_COLUMNS = {"lat", "lon", "confidence"}


def _schema(columns: Sequence[str]) -> Any:
    """Fixed column types, so every part file of a table has the same schema (no null types)."""
    import pyarrow as pa

    def arrow_type(name: str) -> Any:
        if name in _INT_COLUMNS:
            return pa.int64()
        if name in _FLOAT_COLUMNS:
            return pa.float64()
        return pa.string()

    return pa.schema([(name, arrow_type(name)) for name in columns])


def _month(doc: Document) -> str:
    published = doc.article.published
    return published.strftime("%Y-%m") if published else UNKNOWN_MONTH


def write_shard(out: Path, sid: str, items: Sequence[Document | Failure]) -> None:
    """Write one shard's tables, partitioned by publication month, replacing earlier attempts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    remove_shard(out, sid)
    tables: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    failures: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Failure):
            failures.append({**to_dict(item), "shard_id": sid})  # all text columns
            continue
        month = _month(item)
        sources = json.dumps(to_dict(item.article.sources), ensure_ascii=False)
        tables["articles", month].append({**article_row(item), "sources": sources})
        for table, rows in annotation_rows(item).items():
            tables[table, month].extend(rows)
    outputs = [
        (out / table / f"month={month}" / f"part-{sid}.parquet", rows)
        for (table, month), rows in tables.items()
        if rows
    ]
    if failures:
        outputs.append((out / "failures" / f"part-{sid}.parquet", failures))
    for target, rows in outputs:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        pq.write_table(pa.Table.from_pylist(rows, schema=_schema(list(rows[0]))), tmp)
        os.replace(tmp, target)


def remove_shard(out: Path, sid: str) -> None:
    """Delete every part file a previous, unfinished attempt at this shard may have left."""
    for part in out.glob(f"*/**/part-{sid}.parquet*"):
        part.unlink()


def finished_shards(out: Path) -> set[str]:
    manifest = out / MANIFEST
    if not manifest.exists():
        return set()
    done = set()
    for line in manifest.read_text(encoding="utf-8").splitlines():
        try:
            done.add(json.loads(line)["shard_id"])
        except (ValueError, KeyError):
            continue  # a line torn by a crash: that shard is simply redone
    return done


def mark_finished(out: Path, result: ShardResult) -> None:
    """Append the shard's manifest line durably (after all its files are in place)."""
    out.mkdir(parents=True, exist_ok=True)
    entry = {
        "shard_id": result.shard_id,
        "shard": result.shard,
        "documents": result.documents,
        "failures": result.failures,
        "skipped": result.skipped,
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    with open(out / MANIFEST, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def iter_dataset_documents(out: Path) -> Iterator[Document | Failure]:
    """Read a dataset back as documents and failures (for ``eventwire load``)."""
    import pyarrow.parquet as pq

    if not (out / MANIFEST).exists() and not (out / "articles").exists():
        raise NoInputError(f"{out} is not an eventwire Parquet dataset (no {MANIFEST})")
    for part in sorted((out / "articles").glob("month=*/part-*.parquet")):
        for row in pq.read_table(part).to_pylist():
            data = json.loads(row["document"])
            data["article"]["text"] = row["text"]
            data["article"]["sources"] = json.loads(row["sources"])
            yield Document.from_dict(data)
    for part in sorted((out / "failures").glob("part-*.parquet")):
        for row in pq.read_table(part).to_pylist():
            yield Failure(row["input"], row["stage"], row["reason"])


def load_dataset(out: Path, store: Store, batch_size: int = 500) -> dict[str, int]:
    """Load a Parquet dataset into the SQLite store; loading twice stores nothing twice."""
    counts: dict[str, int] = defaultdict(int)
    batch: list[Document | Failure] = []

    def flush() -> None:
        for outcome in store.write_batch(batch):
            counts[outcome] += 1
        batch.clear()

    for item in iter_dataset_documents(out):
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return dict(counts)


__all__ = [
    "ANNOTATION_TABLES",
    "ShardResult",
    "expand_shards",
    "finished_shards",
    "load_dataset",
    "mark_finished",
    "process_shard",
    "shard_id",
]
