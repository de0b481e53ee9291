"""Engines: the local pool and Dask give the same records; sharded runs resume after SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from eventwire.engine import run_ingest
from eventwire.engine.dataset import MANIFEST, load_dataset
from eventwire.engine.sharded import run_sharded
from eventwire.settings import Settings
from eventwire.store import Store

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "corpus"
PLACES = ["Kabul", "Sanaa", "Tripoli", "Mogadishu", "Bamako", "Juba", "Aden", "Goma"]


def write_jsonl_shards(folder: Path, shards: int, per_shard: int) -> int:
    """Distinct English articles spread over JSONL files (one shard each)."""
    folder.mkdir()
    for s in range(shards):
        lines = []
        for i in range(per_shard):
            place = PLACES[(s + i) % len(PLACES)]
            lines.append(
                json.dumps(
                    {
                        "url": f"https://news.example.org/{s}/{i}",
                        "published": f"2019-{1 + s % 12:02d}-{1 + i % 28:02d}",
                        "title": f"Clashes near {place}, report {s}-{i}",
                        "text": (
                            f"Fighting broke out near {place} on Monday, officials said, in the "
                            f"latest of a series of clashes ({s}-{i}). Local authorities said aid "
                            "convoys had been delayed and called on all sides to respect the truce."
                        ),
                    }
                )
            )
        (folder / f"shard-{s:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return shards * per_shard


def store_records(db: Path) -> dict[str, tuple]:
    """What a store holds, keyed by article id, independent of insertion order."""
    with Store(db, readonly=True) as store:
        records: dict[str, tuple] = {}
        for doc in store.iter_documents(status=None):
            data = doc.to_dict()
            data["article"]["sources"] = sorted(json.dumps(s) for s in data["article"]["sources"])
            records[doc.article.id] = json.dumps(data, sort_keys=True)  # type: ignore[assignment]
        return records


def test_two_local_workers_store_the_same_records_as_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_jsonl_shards(corpus, shards=3, per_shard=10)
    settings = Settings(nlp=True, batch_size=4)
    for workers in (1, 2):
        with Store(tmp_path / f"w{workers}.db") as store:
            summary = run_ingest([str(corpus)], store, settings, workers=workers)
            assert summary.new == 30
    one, two = store_records(tmp_path / "w1.db"), store_records(tmp_path / "w2.db")
    assert one == two
    assert len(one) == 30


def test_dask_engine_gives_the_same_records_as_the_local_engine(tmp_path: Path) -> None:
    if not SAMPLES.is_dir():
        pytest.fail("the bundled samples/ corpus is missing")
    settings = Settings(nlp=True)
    with Store(tmp_path / "local.db") as store:
        run_ingest([str(SAMPLES)], store, settings, workers=1)
    with Store(tmp_path / "dask.db") as store:
        summary = run_sharded([str(SAMPLES)], settings, engine="dask", store=store, workers=2)
        assert summary.shards_done == summary.shards_total > 0
    local, dask = store_records(tmp_path / "local.db"), store_records(tmp_path / "dask.db")
    assert local == dask
    assert any('"events": [{' in r for r in local.values()) or any(
        '"quotes": [{' in r for r in local.values()
    )


def test_parquet_dataset_loads_into_the_store_like_a_direct_ingest(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_jsonl_shards(corpus, shards=2, per_shard=5)
    settings = Settings(nlp=True)
    run_sharded([str(corpus)], settings, engine="local", out=out, workers=2)
    months = sorted(p.name for p in (out / "articles").iterdir())
    assert months == ["month=2019-01", "month=2019-02"]
    with Store(tmp_path / "loaded.db") as store:
        assert load_dataset(out, store) == {"new": 10}
        assert load_dataset(out, store) == {"duplicate": 10}  # loading twice adds nothing
    with Store(tmp_path / "direct.db") as store:
        run_ingest([str(corpus)], store, settings, workers=1)
    assert store_records(tmp_path / "loaded.db") == store_records(tmp_path / "direct.db")


def test_duckdb_queries_the_dataset_directly(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_jsonl_shards(corpus, shards=2, per_shard=3)
    run_sharded([str(corpus)], Settings(nlp=True), engine="local", out=out, workers=1)
    rows = duckdb.sql(
        f"SELECT month, count(*) AS n FROM read_parquet('{out}/articles/*/*.parquet', "
        "hive_partitioning = true) GROUP BY month ORDER BY month"
    ).fetchall()
    assert rows == [("2019-01", 3), ("2019-02", 3)]


@pytest.mark.slow
def test_sharded_run_killed_midway_resumes_without_duplicates(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    total = write_jsonl_shards(corpus, shards=24, per_shard=6)
    cmd = [
        sys.executable,
        "-m",
        "eventwire",
        "ingest",
        str(corpus),
        "--out",
        str(out),
        "--workers",
        "2",
        "--quiet",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    manifest = out / MANIFEST
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if manifest.exists() and len(manifest.read_text().splitlines()) >= 3:
            break
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its workers
    proc.wait()
    finished_before = len(manifest.read_text().splitlines())
    assert 3 <= finished_before < 24

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert f"({finished_before} finished by an earlier run)" in rerun.stdout

    ids = (
        ds.dataset(out / "articles", format="parquet", partitioning="hive")
        .to_table(columns=["id"])
        .column("id")
        .to_pylist()
    )
    assert len(ids) == total == len(set(ids))
    shards = [json.loads(line)["shard_id"] for line in manifest.read_text().splitlines()]
    assert len(shards) == 24 == len(set(shards))

    with Store(tmp_path / "loaded.db") as store:
        load_dataset(out, store)
    conn = sqlite3.connect(tmp_path / "loaded.db")
    assert conn.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == total
    conn.close()
