"""The SQLite schema as an ordered list of migrations.

Each migration is a SQL script applied once, in its own transaction, and recorded in
``PRAGMA user_version``, so a database written by an older eventwire is upgraded in place and
never rebuilt.
"""

from __future__ import annotations

import sqlite3

# Articles, their sources (provenance), failures, runs, and full-text search.
_V1_ARTICLES = """
        CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            url TEXT,
            title TEXT,
            byline TEXT,
            publisher TEXT,
            published TEXT,
            published_from TEXT NOT NULL DEFAULT 'unknown',
            language TEXT,
            status TEXT NOT NULL DEFAULT 'ok',
            text TEXT NOT NULL,
            captions TEXT NOT NULL DEFAULT '[]',
            boilerplate_removed INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL,
            document TEXT NOT NULL,
            run_id INTEGER,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_status ON articles(status);

        CREATE TABLE sources (
            key TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            kind TEXT NOT NULL,
            path TEXT,
            offset INTEGER,
            line INTEGER,
            url TEXT
        );
        CREATE INDEX sources_article ON sources(article_id);

        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            input TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            run_id INTEGER,
            time TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            UNIQUE (input, stage, reason)
        );

        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            started TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            finished TEXT,
            summary TEXT
        );

        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
"""

# One row per annotation, so the API can filter and count without parsing JSON.
_V2_ANNOTATIONS = """
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
            label TEXT, actor_name TEXT, actor_id TEXT, country TEXT, sector TEXT
        );
        CREATE INDEX mentions_article ON mentions(article_id);
        CREATE INDEX mentions_actor ON mentions(actor_name);

        CREATE TABLE places (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
            name TEXT, geonameid INTEGER, lat REAL, lon REAL, country_code TEXT,
            admin1 TEXT, feature_code TEXT, precision TEXT, confidence REAL
        );
        CREATE INDEX places_article ON places(article_id);

        CREATE TABLE times (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
            value TEXT, granularity TEXT, anchored INTEGER
        );
        CREATE INDEX times_article ON times(article_id);

        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            speaker TEXT, speaker_text TEXT, speaker_country TEXT, speaker_sector TEXT,
            kind TEXT, cue TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            content TEXT NOT NULL, via TEXT
        );
        CREATE INDEX quotes_article ON quotes(article_id);
        CREATE INDEX quotes_speaker ON quotes(speaker);

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            type TEXT NOT NULL, mode TEXT, context TEXT, cameo TEXT,
            actor TEXT, actor_country TEXT, recipient TEXT, recipient_country TEXT,
            place TEXT, geonameid INTEGER, lat REAL, lon REAL, country_code TEXT,
            date TEXT, date_from_publication INTEGER, modality TEXT, reported_by TEXT,
            dead INTEGER, injured INTEGER, arrested INTEGER,
            evidence_start INTEGER, evidence_end INTEGER,
            trigger_start INTEGER, trigger_end INTEGER, trigger TEXT,
            confidence REAL, record TEXT NOT NULL
        );
        CREATE INDEX events_article ON events(article_id);
        CREATE INDEX events_type ON events(type);
        CREATE INDEX events_date ON events(date);
        CREATE INDEX events_actor_country ON events(actor_country);
"""

# The explorer's read paths: one row per (event, actor role) so actor filters use an index, the
# filter/sort indexes of the events list, and full-text search over quotes. Derived tables are
# filled from existing rows here and kept current by triggers, so writers need not know of them.
_V3_EXPLORER = """
        CREATE TABLE event_actors (
            event_id INTEGER NOT NULL,
            role TEXT NOT NULL,
            name TEXT NOT NULL COLLATE NOCASE,
            country TEXT
        );
        INSERT INTO event_actors(event_id, role, name, country)
            SELECT e.id, 'actor', json_extract(j.value, '$.name'),
                   json_extract(j.value, '$.country')
            FROM events e, json_each(e.record, '$.actor') j
            WHERE json_extract(j.value, '$.name') IS NOT NULL;
        INSERT INTO event_actors(event_id, role, name, country)
            SELECT e.id, 'recipient', json_extract(j.value, '$.name'),
                   json_extract(j.value, '$.country')
            FROM events e, json_each(e.record, '$.recipient') j
            WHERE json_extract(j.value, '$.name') IS NOT NULL;
        CREATE INDEX event_actors_name ON event_actors(name, role, event_id);
        CREATE INDEX event_actors_event ON event_actors(event_id);
        CREATE TRIGGER events_actors_ai AFTER INSERT ON events BEGIN
            INSERT INTO event_actors(event_id, role, name, country)
                SELECT new.id, 'actor', json_extract(value, '$.name'),
                       json_extract(value, '$.country')
                FROM json_each(new.record, '$.actor')
                WHERE json_extract(value, '$.name') IS NOT NULL;
            INSERT INTO event_actors(event_id, role, name, country)
                SELECT new.id, 'recipient', json_extract(value, '$.name'),
                       json_extract(value, '$.country')
                FROM json_each(new.record, '$.recipient')
                WHERE json_extract(value, '$.name') IS NOT NULL;
        END;
        CREATE TRIGGER events_actors_ad AFTER DELETE ON events BEGIN
            DELETE FROM event_actors WHERE event_id = old.id;
        END;

        CREATE INDEX events_type_date ON events(type, date);
        CREATE INDEX events_country_date ON events(country_code, date);
        CREATE INDEX events_modality ON events(modality);
        CREATE INDEX events_lat_lon ON events(lat, lon);

        CREATE VIRTUAL TABLE quotes_fts USING fts5(
            speaker, content, content='quotes', content_rowid='id'
        );
        INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
        CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts(rowid, speaker, content)
            VALUES (new.id, new.speaker, new.content);
        END;
        CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, speaker, content)
            VALUES ('delete', old.id, old.speaker, old.content);
        END;
"""

# The explorer's heavy read paths made cheap. Two covering indexes, one per common leading
# filter (type, modality), hold every column the aggregates and the map grid read, so a
# filtered aggregate never visits the table. ``actor_stats`` is the actors list materialised
# (one row per name, case-insensitive, counts per role), kept current by triggers on the rows
# it counts, so the list is an index walk instead of a GROUP BY over three tables.
_V4_EXPLORER_AGGREGATES = """
        DROP INDEX IF EXISTS events_type;
        DROP INDEX IF EXISTS events_modality;
        CREATE INDEX events_type_facets
            ON events(type, modality, country_code, date, lat, lon, place);
        CREATE INDEX events_modality_facets
            ON events(modality, type, country_code, date, lat, lon, place);

        CREATE TABLE actor_stats (
            name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            country TEXT,
            as_actor INTEGER NOT NULL DEFAULT 0,
            as_recipient INTEGER NOT NULL DEFAULT 0,
            mentions INTEGER NOT NULL DEFAULT 0,
            quotes INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO actor_stats(name, country, as_actor, as_recipient, mentions, quotes)
            SELECT name COLLATE NOCASE, max(country), sum(a), sum(r), sum(m), sum(q) FROM (
                SELECT name, country, role = 'actor' AS a, role = 'recipient' AS r,
                       0 AS m, 0 AS q FROM event_actors
                UNION ALL SELECT actor_name, country, 0, 0, 1, 0 FROM mentions
                    WHERE actor_name IS NOT NULL
                UNION ALL SELECT speaker, speaker_country, 0, 0, 0, 1 FROM quotes
                    WHERE speaker IS NOT NULL
            ) GROUP BY name COLLATE NOCASE;
        CREATE INDEX actor_stats_rank
            ON actor_stats(as_actor + as_recipient + quotes DESC, mentions DESC, name);
""" + "".join(
    f"""
        CREATE TRIGGER actor_stats_{table}_ai AFTER INSERT ON {table}
        WHEN new.{name} IS NOT NULL BEGIN
            INSERT INTO actor_stats(name, country, as_actor, as_recipient, mentions, quotes)
            VALUES (new.{name}, new.{country}, {counts})
            ON CONFLICT(name) DO UPDATE SET
                as_actor = as_actor + excluded.as_actor,
                as_recipient = as_recipient + excluded.as_recipient,
                mentions = mentions + excluded.mentions,
                quotes = quotes + excluded.quotes,
                country = CASE WHEN country IS NULL OR excluded.country > country
                               THEN coalesce(excluded.country, country) ELSE country END;
        END;
        CREATE TRIGGER actor_stats_{table}_ad AFTER DELETE ON {table}
        WHEN old.{name} IS NOT NULL BEGIN
            UPDATE actor_stats SET {decrements} WHERE name = old.{name};
            DELETE FROM actor_stats
            WHERE name = old.{name} AND as_actor + as_recipient + mentions + quotes <= 0;
        END;"""
    for table, name, country, counts, decrements in (
        (
            "event_actors",
            "name",
            "country",
            "new.role = 'actor', new.role = 'recipient', 0, 0",
            "as_actor = as_actor - (old.role = 'actor'), "
            "as_recipient = as_recipient - (old.role = 'recipient')",
        ),
        ("mentions", "actor_name", "country", "0, 0, 1, 0", "mentions = mentions - 1"),
        ("quotes", "speaker", "speaker_country", "0, 0, 0, 1", "quotes = quotes - 1"),
    )
)

# Headline events and title quotes carry offsets into the title, not the body: say which, so a
# reader of the table never cuts the body with title offsets. Older rows were all body spans.
_V5_SPAN_FIELDS = """
        ALTER TABLE events ADD COLUMN evidence_field TEXT NOT NULL DEFAULT 'text';
        ALTER TABLE quotes ADD COLUMN field TEXT NOT NULL DEFAULT 'text';
"""

MIGRATIONS: list[str] = [
    _V1_ARTICLES,
    _V2_ANNOTATIONS,
    _V3_EXPLORER,
    _V4_EXPLORER_AGGREGATES,
    _V5_SPAN_FIELDS,
]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to the newest schema version; returns that version."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    for version, script in enumerate(MIGRATIONS, start=1):
        if version <= current:
            continue
        try:  # one explicit transaction per migration, version bump included
            conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)
