"""Read-only database access for the explorer: one SQLite connection per worker thread.

Why per thread: SQLite in WAL mode lets many readers run at once, and the GIL is released while a
query runs, so a thread pool of read-only connections serves dozens of concurrent clients. A
response cache keyed by the database files' state makes repeated requests cheap and is invalidated
as soon as a writer commits. It is bounded by bytes (64 MB by default, least recently used out
first); ``peek``/``put`` let the raw-URL fast path (``app.CachedResponses``) share it.
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

    def __init__(self, path: Path, cache_bytes: int = 64_000_000) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"no database at {self.path} (run `eventwire ingest` first)")
        self._ensure_schema()
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, tuple[tuple[int, ...], Any, int]] = OrderedDict()
        self._cache_bytes = cache_bytes  # the budget: least recently used answers go first
        self._cached_bytes = 0
        self.hits = self.misses = 0  # response-cache statistics (for /overview and tuning)
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

    def peek(self, key: Hashable, count: bool = False) -> Any:
        """The cached value for ``key`` if it was computed from the current database state;
        ``count`` records the lookup in ``hits``/``misses`` (the raw-URL fast path does)."""
        gen = self.generation()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == gen:
                self._cache.move_to_end(key)
                self.hits += count
                return hit[1]
            self.misses += count
        return None

    def put(self, key: Hashable, value: Any, gen: tuple[int, ...] | None = None) -> None:
        size = _size(value)
        with self._lock:
            old = self._cache.pop(key, None)
            if old is not None:
                self._cached_bytes -= old[2]
            self._cache[key] = (gen or self.generation(), value, size)
            self._cached_bytes += size
            while self._cached_bytes > self._cache_bytes and len(self._cache) > 1:
                self._cached_bytes -= self._cache.popitem(last=False)[1][2]

    def cached(self, key: Hashable, compute: Callable[[sqlite3.Connection], T]) -> T:
        gen = self.generation()  # taken before the query: a commit meanwhile makes it stale
        hit = self.peek(key)
        if hit is not None:
            return hit
        value = compute(self.conn())
        self.put(key, value, gen)
        return value

    def close(self) -> None:
        with self._lock:
            self._epoch += 1
            for conn in self._all:
                conn.close()
            self._all.clear()
            self._cache.clear()
            self._cached_bytes = 0


def _size(value: Any) -> int:
    """Bytes a cached answer holds (encoded bodies exactly, other values a rough 4 kB)."""
    if isinstance(value, bytes):
        return len(value) + 100
    if isinstance(value, tuple) and value and isinstance(value[-1], bytes):
        return len(value[-1]) + 100
    return 4096
