"""Scale benchmark: NLP overhead over bare spaCy, end-to-end ingest rates, memory, projections.

Usage::

    .venv/bin/python benchmarks/make_corpus.py --data ../shared/data --out /tmp/ewbench
    .venv/bin/python benchmarks/pipeline_throughput.py --corpus /tmp/ewbench [--limit 300] \\
        [--json /tmp/ewbench-results.json] [--repeat 2] [--skip-ingest]

On the same documents (the corpus, or its first ``--limit`` documents) it measures:

a. bare spaCy: ``nlp.load().pipe`` over the cleaned article texts, fed in batches of
   ``Settings.batch_size`` documents with the ``nlp.parse`` batch size, exactly as the pipeline;
b. spaCy + annotate/resolve only (actors, places, times), as a ratio to (a) (target ≥ 0.8);
c. the full annotation (every stage, quotes and events included), ratio to (a) (target ≥ 0.7);
   also the whole ``Pipeline.run_batch`` from the raw records (cleaning included), for reference.
   (a)-(c) run in this process, one worker, after a warm-up: model load time is excluded;
d. ``eventwire ingest`` end to end (a subprocess, fresh SQLite database each time): the local
   engine with 1 and 2 workers, the Dask engine (LocalCluster) with 1 and 2 workers, and the Dask
   engine writing a Parquet dataset (``--out``);
e. the peak RSS (VmHWM) of every process of each ingest run, polled from /proc: the largest
   worker is the per-worker peak (target < 1 GiB);
f. the time one day of CC-NEWS (≈ 300k articles) would take on 2 cores and on 64 cores, by
   *linear extrapolation* of the measured single-worker throughput (no I/O, no coordination).

Rates are given as wall-clock docs/s and, for (a)-(c), also per CPU second: the machine may be
shared, and CPU time is the load-independent number (ratios use wall time unless noted).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import shard_files, subset

from eventwire import nlp
from eventwire.annotate import annotate_batch
from eventwire.errors import EventwireError
from eventwire.ingest import read_inputs
from eventwire.model import Article, Document, RawDoc
from eventwire.pipeline import Pipeline
from eventwire.resolve.actors import ActorResolver
from eventwire.resolve.places import find_places
from eventwire.resolve.times import find_times
from eventwire.settings import Settings

CC_NEWS_DAY = 300_000  # articles in one day of CC-NEWS (order of magnitude)
PARSE_BATCH: int = inspect.signature(nlp.parse).parameters["batch_size"].default
GIB = 1024**3
EVENTWIRE = Path(sys.executable).with_name("eventwire")


# ---- in-process stages ---------------------------------------------------------------------
@dataclass
class Timing:
    wall: float = float("inf")
    cpu: float = float("inf")

    def keep_best(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = min(self.wall, wall), min(self.cpu, cpu)


def timed(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def clean_all(pipeline: Pipeline, raws: Sequence[RawDoc]) -> list[Article]:
    """The articles the annotator would see: cleaned, status ok, with text."""
    articles = []
    for raw in raws:
        try:
            article = pipeline.clean(raw)
        except EventwireError:
            continue
        if article.status == "ok" and article.text.strip():
            articles.append(article)
    return articles


def measure_stages(
    raws: list[RawDoc], settings: Settings, repeat: int
) -> tuple[dict[str, Timing], int]:
    """(a) bare spaCy, (b) + actors/places/times, (c) full annotation, (c') whole pipeline."""
    pipeline = Pipeline(settings)
    articles = clean_all(pipeline, raws)
    texts = [a.text for a in articles]
    language = nlp.load(settings.spacy_model)
    actors = ActorResolver(tuple(settings.actor_files))
    annotate_batch([Document(article=a) for a in articles[:4]], settings)  # warm every stage
    batch = settings.batch_size

    def bare() -> None:
        for chunk in chunks(texts, batch):
            for _ in language.pipe(chunk, batch_size=PARSE_BATCH):
                pass

    def resolve_only() -> None:
        for chunk in chunks(articles, batch):
            parses = nlp.parse([a.text for a in chunk], settings.spacy_model)
            for article, sdoc in zip(chunk, parses, strict=True):
                actors.find_mentions(article, sdoc)
                find_places(article, sdoc)
                find_times(article, sdoc)

    def full_annotation() -> None:
        for chunk in chunks(articles, batch):
            annotate_batch([Document(article=a) for a in chunk], settings)

    def whole_pipeline() -> None:
        for chunk in chunks(raws, batch):
            pipeline.run_batch(chunk)

    stages: dict[str, Callable[[], None]] = {
        "a": bare,
        "b": resolve_only,
        "c": full_annotation,
        "c_pipeline": whole_pipeline,
    }
    timings = {name: Timing() for name in stages}
    for _ in range(repeat):  # interleaved, best of: load from other jobs drifts over time
        for name, run in stages.items():
            timings[name].keep_best(*timed(run))
    return timings, len(articles)


# ---- end-to-end ingest ---------------------------------------------------------------------
def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (read from /proc, no extra dependency)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                stat = fh.read()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _peak_rss(pid: int) -> int:
    """VmHWM (peak resident set) of a live process, in bytes; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@dataclass
class IngestRun:
    engine: str
    workers: int
    sink: str  # sqlite | parquet
    wall: float = 0.0
    engine_seconds: float | None = None
    stored: int | None = None
    returncode: int = 0
    main_peak: int = 0
    worker_peaks: dict[int, int] = field(default_factory=dict)

    @property
    def worker_peak(self) -> int:
        """The largest worker process (the main process when it does the work itself)."""
        workers = [peak for peak in self.worker_peaks.values() if peak > 100 * 1024**2]
        return max(workers) if workers else self.main_peak


def run_ingest(shards: list[Path], engine: str, workers: int, sink: str, tmp: Path) -> IngestRun:
    """One ``eventwire ingest`` subprocess, its wall time and the peak RSS of all its processes."""
    run = IngestRun(engine, workers, sink)
    db = tmp / f"ingest-{engine}-{workers}-{sink}.db"
    out = tmp / f"dataset-{engine}-{workers}"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    command = [str(EVENTWIRE), "ingest", *map(str, shards), "--workers", str(workers), "-q"]
    command += ["--engine", engine]
    command += ["--out", str(out)] if sink == "parquet" else ["--db", str(db)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while proc.poll() is None:
        run.main_peak = max(run.main_peak, _peak_rss(proc.pid))
        for child in _descendants(proc.pid):
            run.worker_peaks[child] = max(run.worker_peaks.get(child, 0), _peak_rss(child))
        time.sleep(0.1)
    run.wall = time.perf_counter() - started
    stdout, stderr = proc.communicate()
    run.returncode = proc.returncode
    if proc.returncode:
        print(f"! {' '.join(command)} failed:\n{stderr[-2000:]}", file=sys.stderr)
    match = re.search(r"documents read in ([\d.]+)s", stdout)
    run.engine_seconds = float(match[1]) if match else None
    run.stored = _count_stored(db, out, sink)
    return run


def _count_stored(db: Path, out: Path, sink: str) -> int | None:
    if sink == "sqlite":
        if not db.exists():
            return None
        with sqlite3.connect(db) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    manifest = out / "_manifest.jsonl"
    if not manifest.exists():
        return None
    lines = manifest.read_text(encoding="utf-8").splitlines()
    return sum(json.loads(line)["documents"] for line in lines if line.strip())


# ---- report ------------------------------------------------------------------------------------
def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def results_dict(
    docs: int,
    articles: int,
    timings: dict[str, Timing],
    runs: list[IngestRun],
    corpus: Path,
    load_before: str,
) -> dict[str, Any]:
    stages = {
        name: {
            "seconds": round(t.wall, 2),
            "cpu_seconds": round(t.cpu, 2),
            "docs_per_s": round(articles / t.wall, 2),
            "docs_per_cpu_s": round(articles / t.cpu, 2),
            "ratio_to_a": round(timings["a"].wall / t.wall, 3),
            "ratio_to_a_cpu": round(timings["a"].cpu / t.cpu, 3),
        }
        for name, t in timings.items()
    }
    stages["c_pipeline"]["docs_per_s"] = round(docs / timings["c_pipeline"].wall, 2)
    stages["c_pipeline"]["docs_per_cpu_s"] = round(docs / timings["c_pipeline"].cpu, 2)
    per_core = docs / timings["c_pipeline"].wall  # whole pipeline, one worker, steady state
    per_core_cpu = docs / timings["c_pipeline"].cpu
    ingest = [
        {
            "engine": r.engine,
            "workers": r.workers,
            "sink": r.sink,
            "wall_seconds": round(r.wall, 2),
            "docs_per_s_wall": round(docs / r.wall, 2),
            "engine_seconds": r.engine_seconds,
            "docs_per_s_engine": round(docs / r.engine_seconds, 2) if r.engine_seconds else None,
            "stored": r.stored,
            "returncode": r.returncode,
            "main_peak_mib": round(r.main_peak / 1024**2),
            "worker_peak_mib": round(r.worker_peak / 1024**2),
        }
        for r in runs
    ]
    projection = {
        "basis": "linear extrapolation of the whole in-process pipeline (c_pipeline), one worker",
        "per_core_docs_per_s": round(per_core, 2),
        "per_core_docs_per_cpu_s": round(per_core_cpu, 2),
        "hours_2_cores": round(CC_NEWS_DAY / (2 * per_core) / 3600, 2),
        "hours_64_cores": round(CC_NEWS_DAY / (64 * per_core) / 3600, 2),
        "hours_2_cores_cpu": round(CC_NEWS_DAY / (2 * per_core_cpu) / 3600, 2),
        "hours_64_cores_cpu": round(CC_NEWS_DAY / (64 * per_core_cpu) / 3600, 2),
    }
    local2 = next((r for r in runs if r.engine == "local" and r.workers == 2), None)
    if local2 and local2.engine_seconds:
        projection["hours_2_cores_measured_local2"] = round(
            CC_NEWS_DAY / (docs / local2.engine_seconds) / 3600, 2
        )
    return {
        "corpus": str(corpus),
        "documents": docs,
        "annotated_articles": articles,
        "batch_size": Settings().batch_size,
        "parse_batch_size": PARSE_BATCH,
        "cores": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "stages": stages,
        "ingest": ingest,
        "max_worker_peak_mib": max((round(r.worker_peak / 1024**2) for r in runs), default=None),
        "projection_cc_news_day": projection,
    }


def render(results: dict[str, Any]) -> str:
    s = results["stages"]
    names = {
        "a": "(a) bare spaCy `nlp.pipe`",
        "b": "(b) spaCy + actors, places, times",
        "c": "(c) full annotation (+ quotes, events)",
        "c_pipeline": "(c') whole pipeline from raw records (clean included)",
    }
    targets = {"b": "≥ 0.8", "c": "≥ 0.7"}
    lines = [
        f"{results['documents']} documents ({results['annotated_articles']} annotated articles), "
        f"batch {results['batch_size']} docs / nlp.pipe batch {results['parse_batch_size']}, "
        f"{results['cores']} cores, load average {results['load_average_before']} before, "
        f"{results['load_average_after']} after",
        "",
        "| stage (in-process, 1 worker, model loaded) | s | docs/s | docs/CPU-s "
        "| ratio to (a) | ratio (CPU) | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for key, label in names.items():
        st = s[key]
        lines.append(
            f"| {label} | {st['seconds']} | {st['docs_per_s']} | {st['docs_per_cpu_s']} "
            f"| {st['ratio_to_a']} | {st['ratio_to_a_cpu']} | {targets.get(key, '')} |"
        )
    if results["ingest"]:
        lines += [
            "",
            "| `eventwire ingest` | sink | wall s | docs/s (wall) | docs/s (engine) | stored "
            "| main peak MiB | worker peak MiB |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results["ingest"]:
            flag = "" if r["returncode"] == 0 else " (FAILED)"
            lines.append(
                f"| {r['engine']}, {r['workers']} worker(s){flag} | {r['sink']} "
                f"| {r['wall_seconds']} | {r['docs_per_s_wall']} | {r['docs_per_s_engine']} "
                f"| {r['stored']} | {r['main_peak_mib']} | {r['worker_peak_mib']} |"
            )
        lines.append("")
        peak = results["max_worker_peak_mib"]
        lines.append(f"Largest worker peak RSS: {peak} MiB (target < 1024).")
    p = results["projection_cc_news_day"]
    lines += [
        "",
        f"One day of CC-NEWS ({CC_NEWS_DAY:,} articles), {p['basis']} "
        f"({p['per_core_docs_per_s']} docs/s wall, {p['per_core_docs_per_cpu_s']} docs/CPU-s):",
        "",
        "| cores | hours (wall rate) | hours (CPU rate) |",
        "|---:|---:|---:|",
        f"| 2 | {p['hours_2_cores']} | {p['hours_2_cores_cpu']} |",
        f"| 64 | {p['hours_64_cores']} | {p['hours_64_cores_cpu']} |",
    ]
    if "hours_2_cores_measured_local2" in p:
        lines.append(
            f"\nFrom the measured local 2-worker ingest rate: "
            f"{p['hours_2_cores_measured_local2']} h on 2 cores."
        )
    return "\n".join(lines)


INGEST_RUNS = (
    ("local", 1, "sqlite"),
    ("local", 2, "sqlite"),
    ("dask", 1, "sqlite"),
    ("dask", 2, "sqlite"),
    ("dask", 2, "parquet"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/ewbench"))
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--repeat", type=int, default=1, help="passes of (a)-(c), best kept")
    parser.add_argument("--skip-ingest", action="store_true", help="only (a)-(c) and (f)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="ewbench-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = args.corpus
        if args.limit is not None:
            subset(args.corpus, tmp / "corpus", args.limit)
            corpus = tmp / "corpus"
        shards = shard_files(corpus)
        settings = Settings()
        raws = [r for r in read_inputs([str(p) for p in shards], settings) if isinstance(r, RawDoc)]
        print(f"{len(raws)} documents in {len(shards)} shards of {corpus}", file=sys.stderr)
        timings, articles = measure_stages(raws, settings, args.repeat)
        runs = []
        if not args.skip_ingest:
            for engine, workers, sink in INGEST_RUNS:
                print(f"ingest: {engine}, {workers} worker(s) -> {sink}", file=sys.stderr)
                runs.append(run_ingest(shards, engine, workers, sink, tmp))
        results = results_dict(len(raws), articles, timings, runs, args.corpus, load_before)
        results["limit"] = args.limit
    print(render(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
