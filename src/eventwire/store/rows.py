"""Flat rows of a document, one definition shared by the SQLite store and the Parquet dataset.

Why one place: the explorer filters SQLite columns and analysts query Parquet columns with DuckDB;
both must mean the same thing, so both are built from these functions.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Document, Event, to_dict

ANNOTATION_TABLES = ("mentions", "places", "times", "quotes", "events")


def article_row(doc: Document) -> dict[str, Any]:
    """The article's columns; ``document`` holds the annotations as JSON (without the text)."""
    art = doc.article
    data = doc.to_dict()
    data["article"].pop("text")  # the text has its own column (and the FTS index)
    return {
        "id": art.id,
        "url": art.url,
        "title": art.title,
        "byline": art.byline,
        "publisher": art.publisher,
        "published": art.published.isoformat() if art.published else None,
        "published_from": art.published_from,
        "language": art.language,
        "status": art.status,
        "text": art.text,
        "captions": json.dumps(to_dict(art.captions), ensure_ascii=False),
        "boilerplate_removed": art.boilerplate_removed,
        "content_hash": art.content_hash,
        "document": json.dumps(data, ensure_ascii=False),
    }


def _countries(actors: list[Any]) -> str:
    return ";".join(sorted({a.country for a in actors if a.country}))


def event_row(e: Event) -> dict[str, Any]:
    loc = e.location
    return {
        "type": e.type,
        "mode": ";".join(e.mode),
        "context": ";".join(e.context),
        "cameo": e.cameo,
        "actor": "; ".join(a.name for a in e.actor),
        "actor_country": _countries(e.actor),
        "recipient": "; ".join(a.name for a in e.recipient),
        "recipient_country": _countries(e.recipient),
        "place": loc.name if loc else None,
        "geonameid": loc.geonameid if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "country_code": loc.country_code if loc else None,
        "date": e.date.value if e.date else None,
        "date_from_publication": int(e.date_from_publication),
        "modality": e.modality,
        "reported_by": e.reported_by,
        "dead": e.size.get("dead"),
        "injured": e.size.get("injured"),
        "arrested": e.size.get("arrested"),
        "evidence_start": e.evidence.start,
        "evidence_end": e.evidence.end,
        "evidence_field": e.evidence.field,
        "trigger_start": e.trigger.start,
        "trigger_end": e.trigger.end,
        "trigger": e.trigger.text,
        "confidence": e.confidence,
        "record": json.dumps(to_dict(e), ensure_ascii=False),
    }


def annotation_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """One list of rows per annotation table, each row keyed by column name."""
    aid = doc.article.id
    rows: dict[str, list[dict[str, Any]]] = {
        "mentions": [
            {
                "article_id": aid,
                "start": m.span.start,
                "end": m.span.end,
                "text": m.span.text,
                "label": m.label,
                "actor_name": m.actor.name if m.actor else None,
                "actor_id": m.actor.actor_id if m.actor else None,
                "country": m.actor.country if m.actor else None,
                "sector": m.actor.sector if m.actor else None,
            }
            for m in doc.mentions
        ],
        "places": [
            {
                "article_id": aid,
                "start": p.span.start,
                "end": p.span.end,
                "text": p.span.text,
                "name": p.name,
                "geonameid": p.geonameid,
                "lat": p.lat,
                "lon": p.lon,
                "country_code": p.country_code,
                "admin1": p.admin1,
                "feature_code": p.feature_code,
                "precision": p.precision,
                "confidence": p.confidence,
            }
            for p in doc.places
        ],
        "times": [
            {
                "article_id": aid,
                "start": t.span.start,
                "end": t.span.end,
                "text": t.span.text,
                "value": t.value,
                "granularity": t.granularity,
                "anchored": int(t.anchored),
            }
            for t in doc.times
        ],
        "quotes": [
            {
                "article_id": aid,
                "speaker": q.speaker.name,
                "speaker_text": q.speaker.span.text if q.speaker.span else None,
                "speaker_country": q.speaker.actor.country if q.speaker.actor else None,
                "speaker_sector": q.speaker.actor.sector if q.speaker.actor else None,
                "kind": q.kind,
                "cue": q.cue.text if q.cue else None,
                "start": q.content.start,
                "end": q.content.end,
                "field": q.content.field,
                "content": q.content.text,
                "via": json.dumps(q.via, ensure_ascii=False),
            }
            for q in doc.quotes
        ],
        "events": [{"article_id": aid, **event_row(e)} for e in doc.events],
    }
    return rows
