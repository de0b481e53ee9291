"""Read queries behind the explorer's API: filtered, paginated lists, aggregates and one article.

Why here and not in the web layer: these are plain functions over a SQLite connection, so the API,
the CSV/JSON downloads and the tests all count and filter the same way. Every user value reaches
SQL as a bound parameter; free-text searches are turned into quoted FTS5 phrases so no input can
make a query fail.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

EVENT_COLUMNS = (
    "id",
    "article_id",
    "type",
    "mode",
    "context",
    "cameo",
    "actor",
    "actor_country",
    "recipient",
    "recipient_country",
    "place",
    "geonameid",
    "lat",
    "lon",
    "country_code",
    "date",
    "date_from_publication",
    "modality",
    "reported_by",
    "dead",
    "injured",
    "arrested",
    "trigger",
    "confidence",
)
QUOTE_COLUMNS = (
    "id",
    "article_id",
    "speaker",
    "speaker_text",
    "speaker_country",
    "speaker_sector",
    "kind",
    "cue",
    "start",
    "end",
    "content",
)
ARTICLE_COLUMNS = (
    "id",
    "title",
    "url",
    "publisher",
    "published",
    "language",
    "status",
    "boilerplate_removed",
)
MAX_DOWNLOAD = 200_000
_WORD = re.compile(r"\w+", re.UNICODE)
_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def fts_phrase(text: str | None) -> str | None:
    """Plain words to a safe FTS5 query (every word required, each quoted); None if no words."""
    if not text:
        return None
    words = _WORD.findall(text)[:12]
    return " ".join(f'"{w}"' for w in words) if words else None


@dataclass
class EventFilter:
    """The events list's filters; every field is optional and they combine with AND."""

    type: list[str] = field(default_factory=list)
    mode: str | None = None
    actor: str | None = None  # an actor's name, in the actor role
    recipient: str | None = None  # an actor's name, in the recipient role
    country: str | None = None  # the event place's ISO alpha-2 code, or an actor's alpha-3
    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None  # ISO date, inclusive
    modality: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    q: str | None = None  # words that must occur in the event's article
    article_id: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition over ``events e`` and its parameters."""
        conds: list[str] = []
        params: list[Any] = []
        if self.type:
            conds.append(f"e.type IN ({','.join('?' * len(self.type))})")
            params.extend(self.type)
        if self.mode:
            conds.append("instr(';' || e.mode || ';', ?) > 0")
            params.append(f";{self.mode};")
        for role, name in (("actor", self.actor), ("recipient", self.recipient)):
            if name:
                conds.append(
                    "e.id IN (SELECT event_id FROM event_actors WHERE name = ? AND role = ?)"
                )
                params.extend([name, role])
        if self.country:
            code = self.country.upper()
            if len(code) == 2:
                conds.append("e.country_code = ?")
                params.append(code)
            else:
                conds.append(
                    "(instr(';' || e.actor_country || ';', ?) > 0"
                    " OR instr(';' || e.recipient_country || ';', ?) > 0)"
                )
                params.extend([f";{code};", f";{code};"])
        if self.date_from:
            conds.append("e.date >= ?")
            params.append(self.date_from)
        if self.date_to:
            conds.append("e.date < ?")
            params.append(self.date_to + "~")  # '~' sorts after any time suffix of that day
        if self.modality:
            conds.append("e.modality = ?")
            params.append(self.modality)
        if self.bbox:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            # with an equality filter, '+' keeps SQLite on that filter's (covering) index
            # rather than scanning a wide latitude band of events_lat_lon
            narrow = self.type or self.modality or self.country or self.actor or self.recipient
            plus = "+" if narrow or self.article_id else ""
            conds.append(f"{plus}e.lat BETWEEN ? AND ? AND {plus}e.lon BETWEEN ? AND ?")
            params.extend([min_lat, max_lat, min_lon, max_lon])
        phrase = fts_phrase(self.q)
        if self.q is not None and self.q.strip():
            if phrase is None:
                conds.append("0")
            else:
                conds.append(
                    "e.article_id IN (SELECT a.id FROM articles_fts f "
                    "JOIN articles a ON a.rowid = f.rowid WHERE articles_fts MATCH ?)"
                )
                params.append(phrase)
        if self.article_id:
            conds.append("e.article_id = ?")
            params.append(self.article_id)
        return (" AND ".join(conds) or "1"), params

    def as_params(self) -> dict[str, str]:
        """The filter as query-string parameters (for links and the JSON answer)."""
        out: dict[str, str] = {}
        if self.type:
            out["type"] = ",".join(self.type)
        for name in ("mode", "actor", "recipient", "country", "date_from", "date_to"):
            value = getattr(self, name)
            if value:
                out[name] = str(value)
        if self.modality:
            out["modality"] = self.modality
        if self.bbox:
            out["bbox"] = ",".join(f"{v:g}" for v in self.bbox)
        if self.q:
            out["q"] = self.q
        if self.article_id:
            out["article_id"] = self.article_id
        return out


def _page(total: int, page: int, per_page: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
        "items": items,
    }


_EVENT_SELECT = (
    "SELECT " + ", ".join(f'e."{c}"' for c in EVENT_COLUMNS) + ", a.title AS article_title, "
    "a.published AS article_published FROM events e JOIN articles a ON a.id = e.article_id"
)
_EVENT_ORDER = {
    "-date": "e.date DESC, e.id DESC",
    "date": "e.date ASC, e.id ASC",
    "type": "e.type ASC, e.date DESC, e.id DESC",
    "-confidence": "e.confidence DESC, e.id DESC",
}


def list_events(
    conn: sqlite3.Connection,
    flt: EventFilter,
    page: int = 1,
    per_page: int = 50,
    sort: str = "-date",
) -> dict[str, Any]:
    where, params = flt.where()
    total = conn.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]
    rows = conn.execute(
        _page_sql(_EVENT_SELECT, where, sort), [*params, per_page, (page - 1) * per_page]
    ).fetchall()
    return _page(int(total), page, per_page, [dict(r) for r in rows])


def _page_sql(select: str, where: str, sort: str) -> str:
    """One page of events: the page's ids are chosen first (filter, sort, limit over ``events``
    alone), and only those rows are joined to their article and encoded."""
    order = _EVENT_ORDER.get(sort, _EVENT_ORDER["-date"])
    return (
        f"{select} WHERE e.id IN (SELECT e.id FROM events e WHERE {where} ORDER BY {order} "
        f"LIMIT ? OFFSET ?) ORDER BY {order}"
    )


_EVENT_JSON_SELECT = (
    "SELECT json_object("
    + ", ".join(f"'{c}', e.\"{c}\"" for c in EVENT_COLUMNS)
    + ", 'article_title', a.title, 'article_published', a.published) "
    "FROM events e JOIN articles a ON a.id = e.article_id"
)


def list_events_json(
    conn: sqlite3.Connection,
    flt: EventFilter,
    page: int = 1,
    per_page: int = 50,
    sort: str = "-date",
    extra: dict[str, Any] | None = None,
) -> bytes:
    """``list_events`` (plus the ``extra`` keys) as UTF-8 JSON, each row encoded by SQLite's
    ``json_object``: the API's answer without building a dict per row in Python."""
    where, params = flt.where()
    total = int(conn.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0])
    rows = conn.execute(
        _page_sql(_EVENT_JSON_SELECT, where, sort), [*params, per_page, (page - 1) * per_page]
    ).fetchall()
    head = {k: v for k, v in _page(total, page, per_page, []).items() if k != "items"}
    body = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    body += ',"items":[' + ",".join(r[0] for r in rows) + "]"
    if extra:  # the same key order as list_events(...) | extra
        body += "," + json.dumps(extra, ensure_ascii=False, separators=(",", ":"))[1:-1]
    return (body + "}").encode()


def iter_events(
    conn: sqlite3.Connection, flt: EventFilter, sort: str = "-date"
) -> Iterator[dict[str, Any]]:
    """Every matching event (up to MAX_DOWNLOAD), for CSV/JSON downloads."""
    where, params = flt.where()
    cur = conn.execute(
        f"{_EVENT_SELECT} WHERE {where} ORDER BY {_EVENT_ORDER.get(sort, _EVENT_ORDER['-date'])} "
        "LIMIT ?",
        [*params, MAX_DOWNLOAD],
    )
    for row in cur:
        yield dict(row)


def event_aggregates(conn: sqlite3.Connection, flt: EventFilter) -> dict[str, Any]:
    """Counts for the UI: per day (timeline), per type, per country, per modality.

    Grouping is by the bare column only without filters; with filters it is by ``+column``,
    which stops SQLite from walking the grouped column's index (in order, visiting every row)
    instead of the filter's covering index (``events_type_facets`` and friends)."""
    where, params = flt.where()
    plus = "" if where == "1" else "+"

    def counts(column: str) -> list[tuple[Any, int]]:
        return conn.execute(
            f"SELECT {plus}e.{column} AS k, count(*) FROM events e WHERE {where} GROUP BY k",
            params,
        ).fetchall()

    def ranked(rows: list[tuple[Any, int]], limit: int | None = None) -> list[dict[str, Any]]:
        rows = sorted(rows, key=lambda r: (-r[1], "" if r[0] is None else str(r[0])))
        return [{"key": k, "count": n} for k, n in rows[:limit]]

    per_day: dict[str, int] = {}
    for date, n in counts("date"):  # dates may carry a time: merged per day here
        if isinstance(date, str) and _DAY_RE.match(date):
            per_day[date[:10]] = per_day.get(date[:10], 0) + n
    return {
        "total": conn.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0],
        "per_day": [{"key": day, "count": per_day[day]} for day in sorted(per_day)],
        "per_type": ranked(counts("type")),
        "per_country": ranked([r for r in counts("country_code") if r[0] is not None], 300),
        "per_modality": ranked(counts("modality")),
    }


def event_grid(conn: sqlite3.Connection, flt: EventFilter, cell: float = 2.0) -> dict[str, Any]:
    """Event points clustered on a lat/lon grid of ``cell`` degrees (the map's dots)."""
    where, params = flt.where()
    rows = conn.execute(
        "SELECT round(e.lat / ?) * ? AS glat, round(e.lon / ?) * ? AS glon, count(*) AS n, "
        "min(e.place) AS place, count(DISTINCT e.place) AS places FROM events e "
        f"WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL AND {where} "
        "GROUP BY glat, glon ORDER BY n DESC LIMIT 5000",
        [cell, cell, cell, cell, *params],
    ).fetchall()
    return {
        "cell": cell,
        "cells": [
            {
                "lat": r["glat"],
                "lon": r["glon"],
                "count": r["n"],
                "place": r["place"] if r["places"] == 1 else None,
            }
            for r in rows
        ],
    }


def event_facets(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The values a facet filter can take (types, modalities), for the filter form."""
    return {
        "type": [r[0] for r in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")],
        "modality": [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT modality FROM events WHERE modality IS NOT NULL ORDER BY 1"
            )
        ],
    }


# ---- quotes ---------------------------------------------------------------------------------
def _quote_where(speaker: str | None, q: str | None) -> tuple[str, list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    if speaker:
        conds.append("qu.speaker = ? COLLATE NOCASE")
        params.append(speaker)
    if q is not None and q.strip():
        phrase = fts_phrase(q)
        if phrase is None:
            conds.append("0")
        else:
            conds.append("qu.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            params.append(phrase)
    return (" AND ".join(conds) or "1"), params


_QUOTE_SELECT = (
    "SELECT " + ", ".join(f'qu."{c}"' for c in QUOTE_COLUMNS) + ", a.title AS article_title, "
    "a.published AS article_published FROM quotes qu JOIN articles a ON a.id = qu.article_id"
)


def list_quotes(
    conn: sqlite3.Connection,
    speaker: str | None = None,
    q: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> dict[str, Any]:
    where, params = _quote_where(speaker, q)
    if not speaker and params:  # a search alone: the index counts its matches itself
        count_sql = "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?"
    else:
        count_sql = f"SELECT count(*) FROM quotes qu WHERE {where}"
    total = conn.execute(count_sql, params).fetchone()[0]
    rows = conn.execute(
        f"{_QUOTE_SELECT} WHERE {where} ORDER BY a.published DESC, qu.id DESC LIMIT ? OFFSET ?",
        [*params, per_page, (page - 1) * per_page],
    ).fetchall()
    return _page(int(total), page, per_page, [dict(r) for r in rows])


def iter_quotes(
    conn: sqlite3.Connection, speaker: str | None = None, q: str | None = None
) -> Iterator[dict[str, Any]]:
    where, params = _quote_where(speaker, q)
    for row in conn.execute(
        f"{_QUOTE_SELECT} WHERE {where} ORDER BY a.published DESC, qu.id DESC LIMIT ?",
        [*params, MAX_DOWNLOAD],
    ):
        yield dict(row)


# ---- articles -------------------------------------------------------------------------------
def _article_where(q: str | None) -> tuple[str, str, list[Any]]:
    """FROM clause, WHERE clause and parameters for an article search (or all articles)."""
    phrase = fts_phrase(q)
    if q is not None and q.strip():
        if phrase is None:
            return "articles a", "0", []
        return (
            "articles_fts f JOIN articles a ON a.rowid = f.rowid",
            "articles_fts MATCH ?",
            [phrase],
        )
    return "articles a", "1", []


def list_articles(
    conn: sqlite3.Connection, q: str | None = None, page: int = 1, per_page: int = 50
) -> dict[str, Any]:
    source, where, params = _article_where(q)
    cols = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS)
    count_source = "articles_fts" if params else source  # the index counts its own matches
    total = conn.execute(f"SELECT count(*) FROM {count_source} WHERE {where}", params).fetchone()[0]
    if params:
        sql = (
            f"SELECT {cols}, snippet(articles_fts, 1, '\x02', '\x03', '…', 14) AS snippet "
            f"FROM {source} WHERE {where} ORDER BY rank LIMIT ? OFFSET ?"
        )
    else:
        sql = (
            f"SELECT {cols}, substr(a.text, 1, 200) AS snippet FROM {source} WHERE {where} "
            "ORDER BY a.published DESC, a.rowid DESC LIMIT ? OFFSET ?"
        )
    rows = conn.execute(sql, [*params, per_page, (page - 1) * per_page]).fetchall()
    items = []
    for r in rows:
        item = dict(r)
        # the snippet's match markers are control characters, so the UI can mark them safely
        item["snippet_parts"] = _snippet_parts(item.pop("snippet") or "")
        item["snippet"] = "".join(p["text"] for p in item["snippet_parts"])
        items.append(item)
    return _page(int(total), page, per_page, items)


def _snippet_parts(snippet: str) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = []
    for i, chunk in enumerate(re.split("[\x02\x03]", snippet)):
        if chunk:
            parts.append({"text": chunk, "match": i % 2 == 1})
    return parts


def iter_articles(conn: sqlite3.Connection, q: str | None = None) -> Iterator[dict[str, Any]]:
    source, where, params = _article_where(q)
    cols = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS)
    for row in conn.execute(
        f"SELECT {cols} FROM {source} WHERE {where} LIMIT ?", [*params, MAX_DOWNLOAD]
    ):
        yield dict(row)


def get_article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """One article as ``Document.to_dict`` plus its sources and the database ids of its events."""
    row = conn.execute(
        "SELECT id, text, document FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if row is None:
        return None
    data: dict[str, Any] = json.loads(row["document"])
    data["article"]["text"] = row["text"]
    data["article"]["sources"] = [
        {k: r[k] for k in ("kind", "path", "offset", "line", "url")}
        for r in conn.execute(
            "SELECT * FROM sources WHERE article_id = ? ORDER BY rowid", (row["id"],)
        )
    ]
    data["event_ids"] = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM events WHERE article_id = ? ORDER BY id", (row["id"],)
        )
    ]
    return data


# ---- actors ---------------------------------------------------------------------------------
def list_actors(
    conn: sqlite3.Connection, q: str | None = None, page: int = 1, per_page: int = 50
) -> dict[str, Any]:
    """Actors named in events, mentions and quotes, with how often they appear in each role
    (from ``actor_stats``, the materialised list, walked in its ranking index's order)."""
    like = f"%{q.strip()}%" if q and q.strip() else None
    where, params = ("WHERE name LIKE ?", [like]) if like else ("", [])
    total = conn.execute(f"SELECT count(*) FROM actor_stats {where}", params).fetchone()[0]
    rows = conn.execute(
        "SELECT name, country, as_actor, as_recipient, mentions, quotes "
        f"FROM actor_stats {where} "
        "ORDER BY as_actor + as_recipient + quotes DESC, mentions DESC, name LIMIT ? OFFSET ?",
        [*params, per_page, (page - 1) * per_page],
    ).fetchall()
    return _page(int(total), page, per_page, [dict(r) for r in rows])


def actor_profile(conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    """One actor: events as actor and as recipient per month, counts per type, their quotes."""

    def per_month(role: str) -> list[dict[str, Any]]:
        return [
            {"key": r[0], "count": r[1]}
            for r in conn.execute(
                "SELECT substr(e.date, 1, 7) AS month, count(*) FROM event_actors ea "
                "JOIN events e ON e.id = ea.event_id WHERE ea.name = ? AND ea.role = ? "
                "AND e.date IS NOT NULL GROUP BY month ORDER BY month",
                (name, role),
            )
        ]

    def per_type(role: str) -> list[dict[str, Any]]:
        return [
            {"key": r[0], "count": r[1]}
            for r in conn.execute(
                "SELECT e.type, count(*) FROM event_actors ea JOIN events e ON e.id = ea.event_id "
                "WHERE ea.name = ? AND ea.role = ? GROUP BY e.type ORDER BY 2 DESC",
                (name, role),
            )
        ]

    country = conn.execute(
        "SELECT country FROM event_actors WHERE name = ? AND country IS NOT NULL "
        "UNION ALL SELECT country FROM mentions WHERE actor_name = ? AND country IS NOT NULL "
        "LIMIT 1",
        (name, name),
    ).fetchone()
    mentions = conn.execute(
        "SELECT count(*) FROM mentions WHERE actor_name = ?", (name,)
    ).fetchone()[0]
    return {
        "name": name,
        "country": country[0] if country else None,
        "mentions": int(mentions),
        "as_actor": {"per_month": per_month("actor"), "per_type": per_type("actor")},
        "as_recipient": {"per_month": per_month("recipient"), "per_type": per_type("recipient")},
        "quotes": list_quotes(conn, speaker=name, per_page=50),
    }


def overview(conn: sqlite3.Connection) -> dict[str, Any]:
    """Headline counts for the home page."""

    def count(table: str) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    return {
        "articles": count("articles"),
        "events": count("events"),
        "quotes": count("quotes"),
        "mentions": count("mentions"),
        "places": count("places"),
        "published_range": list(
            conn.execute(
                "SELECT min(published), max(published) FROM articles WHERE published IS NOT NULL"
            ).fetchone()
        ),
    }
