"""The SQLite store: migrations, dedupe by id/content/source, failures, FTS, round trips."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from eventwire.errors import StoreError
from eventwire.model import (
    Actor,
    Article,
    Caption,
    Document,
    Event,
    Failure,
    Mention,
    Place,
    Quote,
    Source,
    Span,
    Speaker,
    TimeExpr,
)
from eventwire.store import Store
from eventwire.store.schema import MIGRATIONS


def make_doc(article_id: str, text: str, *, source: Source | None = None, h: str = "") -> Document:
    article = Article(
        id=article_id,
        text=text,
        title=f"Title of {article_id}",
        published=dt.datetime(2016, 12, 16),
        published_from="user",
        language="en",
        captions=[Caption("A caption.", "Reuters")],
        content_hash=h or f"hash-{text}",
        sources=[source or Source(kind="file", path=f"/in/{article_id}.txt")],
    )
    return Document(article=article)


def test_new_database_is_migrated_to_the_latest_version(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
        mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert version == len(MIGRATIONS)
    assert mode == "wal"


def test_old_database_is_upgraded_in_place_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(f"BEGIN;{MIGRATIONS[0]}PRAGMA user_version = 1;COMMIT;")
    conn.execute(
        "INSERT INTO articles(id, text, content_hash, document) VALUES ('x', 'body', 'h', '{}')"
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store.conn.execute("SELECT text FROM articles WHERE id='x'").fetchone()[0] == "body"
        assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_same_article_twice_is_one_row_and_a_duplicate(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        first = store.write_batch([make_doc("a1", "Body one.")])
        again = store.write_batch([make_doc("a1", "Body one.")])
        assert first == ["new"]
        assert again == ["duplicate"]
        assert store.stats()["articles"] == 1


def test_same_text_under_two_urls_is_one_article_with_two_sources(tmp_path: Path) -> None:
    one = make_doc(
        "id-url-1", "Same body.", source=Source("jsonl", "/in/a.jsonl", line=1, url="u1")
    )
    two = make_doc(
        "id-url-2", "Same body.", source=Source("jsonl", "/in/a.jsonl", line=2, url="u2")
    )
    with Store(tmp_path / "a.db") as store:
        assert store.write_batch([one, two]) == ["new", "duplicate"]
        doc = store.get_document("id-url-1")
        assert doc is not None
        assert [s.url for s in doc.article.sources] == ["u1", "u2"]
        assert store.has_source(two.article.sources[0])


def test_failures_are_recorded_once_per_input_and_reason(tmp_path: Path) -> None:
    failure = Failure("/in/empty.txt", "ingest", "empty file")
    with Store(tmp_path / "a.db") as store:
        assert store.write_batch([failure]) == ["failed"]
        store.write_batch([failure])
        rows = store.failures()
    assert len(rows) == 1
    assert rows[0]["reason"] == "empty file"


def test_a_failed_batch_leaves_nothing_half_written(tmp_path: Path) -> None:
    bad = make_doc("b", "Body b.")
    bad.article.text = None  # type: ignore[assignment]  # violates NOT NULL mid-batch
    with Store(tmp_path / "a.db") as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.write_batch([make_doc("a", "Body a."), bad])
        assert store.stats()["articles"] == 0
        assert store.stats()["sources"] == 0


def test_document_round_trips_with_every_annotation(tmp_path: Path) -> None:
    doc = make_doc("r1", "Putin said Friday that Palmyra fell.")
    putin = Actor("Vladimir Putin", "RUS", "GOV", "head of state", "putin", "person")
    span = Span(0, 5, "Putin")
    place = Place(
        Span(23, 30, "Palmyra"), "Tadmur", 163808, 34.56, 38.28, "SY", "14", "P", "PPL", "city", 0.9
    )
    when = TimeExpr(Span(11, 17, "Friday"), "2016-12-16", "day", "2016-12-16")
    doc.mentions = [Mention(span, "PERSON", putin)]
    doc.places = [place]
    doc.times = [when]
    doc.quotes = [
        Quote(
            Speaker(span, "Vladimir Putin", putin),
            Span(23, 35, "Palmyra fell"),
            Span(6, 10, "said"),
            "indirect",
            ["Itar-Tass"],
        )
    ]
    doc.events = [
        Event(
            "ASSAULT",
            Span(0, 36, doc.article.text),
            Span(31, 35, "fell"),
            mode=["seize"],
            actor=[putin],
            location=place,
            date=when,
            modality="claimed",
            size={"dead": 3},
            cameo="192",
            confidence=0.7,
        )
    ]
    with Store(tmp_path / "a.db") as store:
        store.write_batch([doc])
        back = store.get_document("r1")
        event_row = store.conn.execute(
            "SELECT type, lat, dead, actor_country FROM events"
        ).fetchone()
    assert back is not None
    assert back.to_dict() == doc.to_dict()
    assert tuple(event_row) == ("ASSAULT", 34.56, 3, "RUS")


def test_id_prefix_lookup_and_full_text_search(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        store.write_batch(
            [
                make_doc("abcdef123", "Ceasefire talks in Astana."),
                make_doc("abcxyz999", "Floods in Dhaka."),
            ]
        )
        doc = store.get_document("abcdef")
        hits = store.search("astana")
        assert doc is not None and doc.article.id == "abcdef123"
        assert store.get_document("abc") is None  # too short / ambiguous
        assert [h["id"] for h in hits] == ["abcdef123"]
        with pytest.raises(StoreError):
            store.search('"unbalanced')


def test_readonly_open_of_a_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "missing.db", readonly=True)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        Store(path)


def test_rows_say_whether_their_offsets_point_into_the_title_or_the_body(tmp_path: Path) -> None:
    doc = make_doc("t1", "The army left the town on Sunday.")
    title = doc.article.title or ""
    putin = Actor("Vladimir Putin", "RUS", "GOV", "head of state", "putin", "person")
    headline = Span(0, len(title), title, field="title")
    doc.quotes = [Quote(Speaker(None, "Vladimir Putin", putin), headline, None, "indirect", [])]
    doc.events = [
        Event("RETREAT", Span(0, 33, doc.article.text), Span(9, 13, "left")),
        Event("ACCUSE", headline, Span(0, 5, title[:5], field="title")),
    ]
    with Store(tmp_path / "a.db") as store:
        store.write_batch([doc])
        events = store.conn.execute("SELECT type, evidence_field FROM events ORDER BY type")
        quote_field = store.conn.execute("SELECT field FROM quotes").fetchone()[0]
        assert [tuple(r) for r in events] == [("ACCUSE", "title"), ("RETREAT", "text")]
    assert quote_field == "title"


def test_upgrade_marks_existing_annotation_rows_as_body_spans(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path)
    for version, script in enumerate(MIGRATIONS[:4], start=1):
        conn.executescript(f"BEGIN;{script}PRAGMA user_version = {version};COMMIT;")
    conn.execute(
        "INSERT INTO articles(id, text, content_hash, document) VALUES ('x', 'body', 'h', '{}')"
    )
    conn.execute("INSERT INTO events(article_id, type, record) VALUES ('x', 'PROTEST', '{}')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        row = store.conn.execute("SELECT type, evidence_field FROM events").fetchone()
    assert tuple(row) == ("PROTEST", "text")
