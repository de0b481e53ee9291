"""A run killed with SIGKILL and restarted loses no committed article and duplicates none."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CITIES = ["Mosul", "Aleppo", "Kabul", "Sanaa", "Tripoli", "Mogadishu", "Donetsk", "Gao"]


def write_corpus(folder: Path, n: int) -> None:
    """Distinct short English articles, one per file."""
    folder.mkdir()
    for i in range(n):
        city = CITIES[i % len(CITIES)]
        (folder / f"story-{i:04d}.txt").write_text(
            f"Talks resume in {city} after clashes, number {i}\n\n"
            f"Officials in {city} said on Tuesday that negotiators would meet again next week, "
            f'the {i}th round of talks this year. "We expect progress," a spokesman said.\n\n'
            f"Residents reported {i % 17} people wounded in the fighting, according to local "
            f"media, and aid groups called for calm in the city of {city}.\n",
            encoding="utf-8",
        )


def count(db: Path, sql: str) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute(sql).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0  # not created yet


def ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "eventwire",
            "ingest",
            str(corpus),
            "--db",
            str(db),
            "--batch-size",
            "4",
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "kill.db"
    n = 240
    write_corpus(corpus, n)

    proc = ingest(corpus, db)
    deadline = time.monotonic() + 300
    while count(db, "SELECT count(*) FROM articles") < 12 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    before = {r[0] for r in conn.execute("SELECT id FROM articles")}
    conn.close()
    assert 12 <= len(before) < n

    rerun = ingest(corpus, db)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()

    conn = sqlite3.connect(db)
    after = [r[0] for r in conn.execute("SELECT id FROM articles")]
    sources = conn.execute("SELECT count(*), count(DISTINCT path) FROM sources").fetchone()
    orphans = conn.execute(
        "SELECT count(*) FROM sources WHERE article_id NOT IN (SELECT id FROM articles)"
    ).fetchone()[0]
    conn.close()
    assert len(after) == n == len(set(after))
    assert before <= set(after)
    assert sources == (n, n)
    assert orphans == 0
    assert f"duplicate  {len(before)}" in out.decode()
