"""Read-only database access for the explorer: one SQLite connection per worker thread.

Why per thread: SQLite in WAL mode lets many readers run at once, and the GIL is released while a
query runs, so a thread pool of read-only connections serves dozens of concurrent clients. A small
response cache keyed by the database files' state makes repeated aggregate requests cheap and is
invalidated as soon as a writer commits.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import StoreError
from ..store.schema import MIGRATIONS, migrate

T = TypeVar("T")


class ReadPool:
    """Thread-local read-only connections to one database file, plus a small result cache."""

    def __init__(self, path: Path, cache_size: int = 512) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"no database at {self.path} (run `eventwire ingest` first)")
        self._ensure_schema()
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, tuple[tuple[int, ...], Any]] = OrderedDict()
        self._cache_size = cache_size
        self._epoch = 0  # bumped by close(): threads then reopen instead of using a closed one

    def _ensure_schema(self) -> None:
        """Upgrade an older database once at start-up (the only write a read-only server makes)."""
        try:
            conn = sqlite3.connect(f"file:{self.path.resolve()}?mode=ro", uri=True)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.close()
            if version < len(MIGRATIONS):
                conn = sqlite3.connect(self.path, isolation_level=None)
                conn.execute("PRAGMA busy_timeout=10000")
                migrate(conn)
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc

    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "epoch", -1) != self._epoch:
            conn = sqlite3.connect(
                f"file:{self.path.resolve()}?mode=ro", uri=True, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA query_only=1")
            conn.execute("PRAGMA cache_size=-32000")
            conn.execute("PRAGMA mmap_size=268435456")
            self._local.conn = conn
            self._local.epoch = self._epoch
            with self._lock:
                self._all.append(conn)
        return conn

    def generation(self) -> tuple[int, ...]:
        """Changes whenever a writer commits (the main file or its WAL changes)."""
        out: list[int] = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(f"{self.path}{suffix}")
                out.extend((st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                out.extend((0, 0))
        return tuple(out)

    def cached(self, key: Hashable, compute: Callable[[sqlite3.Connection], T]) -> T:
        gen = self.generation()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == gen:
                self._cache.move_to_end(key)
                return hit[1]
        value = compute(self.conn())
        with self._lock:
            self._cache[key] = (gen, value)
            self._cache.move_to_end(key)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return value

    def close(self) -> None:
        with self._lock:
            self._epoch += 1
            for conn in self._all:
                conn.close()
            self._all.clear()
