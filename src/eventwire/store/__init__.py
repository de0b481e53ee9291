"""The embedded article store: one SQLite file (WAL), written in batched transactions.

Why batches: a run killed at any moment (even with SIGKILL) leaves every committed batch intact and
no half-written article, and because articles are keyed by id, content hash and source, a rerun of
the same input stores nothing twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Article, Document, Failure, Source
from .rows import annotation_rows, article_row
from .schema import migrate

DEFAULT_DB = "eventwire.db"

NEW = "new"
DUPLICATE = "duplicate"


class Store:
    """A connection to an eventwire database, created and migrated on first open."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.path = Path(path)
        try:
            if readonly:
                if not self.path.exists():
                    raise StoreError(f"no database at {self.path} (run `eventwire ingest` first)")
                uri = f"file:{self.path.resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                migrate(self.conn)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout=10000")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- runs -------------------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        cur = self.conn.execute("INSERT INTO runs(command) VALUES (?)", (command,))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self.conn.execute(
            "UPDATE runs SET finished = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), summary = ? "
            "WHERE id = ?",
            (json.dumps(summary), run_id),
        )

    # ---- writing ----------------------------------------------------------------------------
    def has_source(self, source: Source) -> bool:
        """True when this exact input (file, WARC record, JSONL line) was stored before."""
        row = self.conn.execute("SELECT 1 FROM sources WHERE key = ?", (source.key(),)).fetchone()
        return row is not None

    def write_batch(
        self, items: Sequence[Document | Failure], run_id: int | None = None
    ) -> list[str]:
        """Store documents and failures in one transaction; returns an outcome per item.

        Outcomes: ``new``, ``duplicate``, the article's status for skipped articles
        (``skipped: language de``), or ``failed`` for failures.
        """
        outcomes: list[str] = []
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for item in items:
                if isinstance(item, Failure):
                    self._insert_failure(item, run_id)
                    outcomes.append("failed")
                else:
                    outcomes.append(self._insert_document(item, run_id))
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        return outcomes

    def _existing_id(self, article: Article) -> str | None:
        row = self.conn.execute("SELECT id FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is None and article.content_hash:
            row = self.conn.execute(
                "SELECT id FROM articles WHERE content_hash = ? LIMIT 1", (article.content_hash,)
            ).fetchone()
        return None if row is None else str(row[0])

    def _insert_sources(self, article_id: str, sources: Iterable[Source]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO sources(key, article_id, kind, path, offset, line, url) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(s.key(), article_id, s.kind, s.path, s.offset, s.line, s.url) for s in sources],
        )

    def _insert_document(self, doc: Document, run_id: int | None) -> str:
        art = doc.article
        existing = self._existing_id(art)
        if existing is not None:
            self._insert_sources(existing, art.sources)
            return DUPLICATE
        _insert_rows(self.conn, "articles", [{**article_row(doc), "run_id": run_id}])
        self._insert_sources(art.id, art.sources)
        for table, rows in annotation_rows(doc).items():
            _insert_rows(self.conn, table, rows)
        return NEW if art.status == "ok" else art.status

    def _insert_failure(self, failure: Failure, run_id: int | None) -> None:
        self.conn.execute(
            "INSERT INTO failures(input, stage, reason, run_id) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(input, stage, reason) DO UPDATE SET "
            "time = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), run_id = excluded.run_id",
            (failure.input, failure.stage, failure.reason, run_id),
        )

    # ---- reading ----------------------------------------------------------------------------
    def get_document(self, article_id: str) -> Document | None:
        """The stored document by id (a unique id prefix of 6+ characters is accepted)."""
        row = self.conn.execute(
            "SELECT id, text, document FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None and len(article_id) >= 6:
            rows = self.conn.execute(
                "SELECT id, text, document FROM articles WHERE id LIKE ? LIMIT 2",
                (article_id.replace("%", "").replace("_", "\\_") + "%",),
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            return None
        data = json.loads(row["document"])
        data["article"]["text"] = row["text"]
        data["article"]["sources"] = [
            {k: r[k] for k in ("kind", "path", "offset", "line", "url")}
            for r in self.conn.execute(
                "SELECT * FROM sources WHERE article_id = ? ORDER BY rowid", (row["id"],)
            )
        ]
        return Document.from_dict(data)

    def iter_documents(self, status: str | None = "ok") -> Iterator[Document]:
        query = (
            "SELECT id FROM articles" + (" WHERE status = ?" if status else "") + " ORDER BY rowid"
        )
        ids = [r[0] for r in self.conn.execute(query, (status,) if status else ())]
        for article_id in ids:
            doc = self.get_document(article_id)
            if doc is not None:
                yield doc

    def stats(self) -> dict[str, Any]:
        """Counts a user wants at a glance: articles by status, sources, annotations, failures."""
        one = self.conn.execute

        def count(table: str) -> int:
            return int(one(f"SELECT count(*) FROM {table}").fetchone()[0])

        return {
            "database": str(self.path),
            "articles": count("articles"),
            "by_status": {
                r[0]: r[1]
                for r in one(
                    "SELECT status, count(*) FROM articles GROUP BY status ORDER BY 2 DESC"
                )
            },
            "sources": count("sources"),
            "mentions": count("mentions"),
            "places": count("places"),
            "times": count("times"),
            "quotes": count("quotes"),
            "events": count("events"),
            "events_by_type": {
                r[0]: r[1]
                for r in one("SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC")
            },
            "failures": count("failures"),
            "failures_by_stage": {
                r[0]: r[1] for r in one("SELECT stage, count(*) FROM failures GROUP BY stage")
            },
            "published_range": list(
                one(
                    "SELECT min(published), max(published) FROM articles "
                    "WHERE published IS NOT NULL"
                ).fetchone()
            ),
        }

    def failures(self, limit: int = 50) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT input, stage, reason, time FROM failures ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [dict(r) for r in rows]

    def quotes(self, speaker: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Stored quotes, newest articles first; ``speaker`` matches part of the name."""
        where, params = "", []
        if speaker:
            where = "WHERE q.speaker LIKE ? ESCAPE '\\' OR q.speaker_text LIKE ? ESCAPE '\\'"
            pattern = (
                "%" + speaker.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            params = [pattern, pattern]
        rows = self.conn.execute(
            "SELECT q.article_id, a.title, a.published, q.speaker, q.speaker_text, q.kind, q.cue, "
            f"q.content, q.via FROM quotes q JOIN articles a ON a.id = q.article_id {where} "
            "ORDER BY a.published DESC, q.id LIMIT ?",
            [*params, limit],
        )
        return [{**dict(r), "via": json.loads(r["via"] or "[]")} for r in rows]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and bodies (FTS5 syntax; plain words work)."""
        try:
            rows = self.conn.execute(
                "SELECT a.id, a.title, a.published, "
                "snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet "
                "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc
        return [dict(r) for r in rows]


def _insert_rows(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    params = ", ".join(f":{c}" for c in columns)
    conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({params})", rows)
