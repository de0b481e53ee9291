"""Export coded events: PLOVER JSONL, CAMEO/GDELT-like TSV, ACLED-like CSV, flat CSV, Parquet.

Every format is a projection of the one data model (``Document.events``); one row per event.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .model import Actor, Document, Event
from .ontology.plover import load_ontology

FORMATS = ("plover-jsonl", "cameo-tsv", "acled-csv", "csv", "parquet")

CAMEO_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent", "EventCode",
    "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "ActionGeo_FeatureID", "SOURCEURL",
]  # fmt: skip
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "inter1", "actor2", "inter2", "country", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
]  # fmt: skip
FLAT_COLUMNS = [
    "event_id", "article_id", "event_date", "date_from_publication", "event_type", "mode",
    "context", "cameo", "actor", "actor_country", "actor_sector", "recipient",
    "recipient_country", "recipient_sector", "location", "location_country", "lat", "lon",
    "geonameid", "location_rule", "modality", "reported_by", "dead", "injured", "arrested",
    "confidence", "trigger", "evidence", "evidence_start", "evidence_end", "evidence_field",
    "url",
]  # fmt: skip
_ACLED_TYPES = {  # PLOVER type -> (ACLED event type, disorder type)
    "PROTEST": ("Protests", "Demonstrations"), "ASSAULT": ("Battles", "Political violence"),
    "COERCE": ("Strategic developments", "Strategic developments"),
    "MOBILIZE": ("Strategic developments", "Strategic developments"),
    "RETREAT": ("Strategic developments", "Strategic developments"),
}  # fmt: skip


def event_id(doc: Document, index: int, event: Event) -> str:
    """Stable id: article id + position of the evidence + index (same input, same id)."""
    raw = f"{doc.article.id}|{event.evidence.start}|{event.trigger.start}|{index}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def _events(documents: Iterable[Document]) -> Iterator[tuple[Document, int, Event]]:
    for doc in documents:
        for i, ev in enumerate(doc.events):
            yield doc, i, ev


def _names(actors: list[Actor]) -> str:
    return "; ".join(a.name for a in actors)


def _first(values: Iterable[str | None]) -> str:
    return next((v for v in values if v), "")


def _date(ev: Event) -> str:
    value = ev.date.value if ev.date and ev.date.value else ""
    return value if len(value) >= 4 and value[:4].isdigit() else ""


def plover_record(doc: Document, index: int, ev: Event) -> dict[str, Any]:
    """One event as the PLOVER manual's data-fields chapter names it."""
    onto = load_ontology()
    loc = ev.location
    art = doc.article

    def entity(a: Actor) -> dict[str, Any]:
        return {
            "entity_text": a.name,
            "code": a.country,
            "sector": a.sector,
            "identifier_id": a.actor_id,
            "office": a.role,
        }

    return {
        "id": event_id(doc, index, ev),
        "event_id": event_id(doc, index, ev),
        "date": _date(ev),
        "event_date": _date(ev),
        "date_from_publication": ev.date_from_publication,
        "event": [ev.type],
        "event_type": ev.type,
        "mode": ev.mode,
        "context": ev.context,
        "quad_code": onto.quad(ev.type),
        "cameo": ev.cameo,
        "actor": [entity(a) for a in ev.actor],
        "recipient": [entity(a) for a in ev.recipient],
        "event_loc": None
        if loc is None
        else {
            "name": loc.name,
            "geonameid": loc.geonameid,
            "lat": loc.lat,
            "lon": loc.lon,
            "country_code": loc.country_code,
            "admin1": loc.admin1,
            "rule": ev.location_rule,
        },
        "event_text": [ev.trigger.text],
        "text": ev.evidence.text,
        # a headline event's offsets are into the title ("field": "title"), not the body
        "text_info": {
            "start": ev.evidence.start,
            "end": ev.evidence.end,
            "field": ev.evidence.field,
        },
        "size": ev.size,
        "modality": ev.modality,
        "reported_by": ev.reported_by,
        "confidence": ev.confidence,
        "cite_info": {
            "url": art.url,
            "title": art.title,
            "publication": art.publisher,
            "language": art.language,
            "coder": "eventwire",
            "codebook": "plover-draft-0.8",
        },
        "article_id": art.id,
    }


def cameo_row(doc: Document, index: int, ev: Event) -> dict[str, Any]:
    onto = load_ontology()
    loc = ev.location
    a1 = ev.actor[0] if ev.actor else None
    a2 = ev.recipient[0] if ev.recipient else None
    code = ev.cameo or ""
    goldstein = onto.goldstein(code)
    return {
        "GLOBALEVENTID": event_id(doc, index, ev),
        "SQLDATE": _date(ev).replace("-", "")[:8],
        "Actor1Name": a1.name if a1 else "",
        "Actor1CountryCode": (a1.country or "") if a1 else "",
        "Actor1Type1Code": (a1.sector or "") if a1 else "",
        "Actor2Name": a2.name if a2 else "",
        "Actor2CountryCode": (a2.country or "") if a2 else "",
        "Actor2Type1Code": (a2.sector or "") if a2 else "",
        "IsRootEvent": 1,
        "EventCode": code,
        "EventBaseCode": code[:3],
        "EventRootCode": code[:2],
        "QuadClass": onto.cameo_quad_class(code) or "",
        "GoldsteinScale": "" if goldstein is None else goldstein,
        "NumMentions": 1,
        "ActionGeo_FullName": loc.name if loc else "",
        "ActionGeo_CountryCode": (loc.country_code or "") if loc else "",
        "ActionGeo_Lat": "" if not loc or loc.lat is None else loc.lat,
        "ActionGeo_Long": "" if not loc or loc.lon is None else loc.lon,
        "ActionGeo_FeatureID": "" if not loc or loc.geonameid is None else loc.geonameid,
        "SOURCEURL": doc.article.url or "",
    }


def acled_row(doc: Document, index: int, ev: Event) -> dict[str, Any]:
    loc = ev.location
    acled_type, disorder = _ACLED_TYPES.get(
        ev.type, ("Strategic developments", "Strategic developments")
    )
    date = _date(ev)
    return {
        "event_id_cnty": event_id(doc, index, ev),
        "event_date": date,
        "year": date[:4],
        "time_precision": 1 if len(date) == 10 and not ev.date_from_publication else 2,
        "disorder_type": disorder,
        "event_type": acled_type,
        "sub_event_type": f"{ev.type}:{','.join(ev.mode)}" if ev.mode else ev.type,
        "actor1": _names(ev.actor),
        "inter1": _first(a.sector for a in ev.actor),
        "actor2": _names(ev.recipient),
        "inter2": _first(a.sector for a in ev.recipient),
        "country": (loc.country_code or "") if loc else "",
        "location": loc.name if loc else "",
        "latitude": "" if not loc or loc.lat is None else loc.lat,
        "longitude": "" if not loc or loc.lon is None else loc.lon,
        "geo_precision": {"city": 1, "admin1": 2, "country": 3}.get(
            (loc.precision or "") if loc else "", ""
        ),
        "source": ev.reported_by or doc.article.publisher or "",
        "source_scale": "",
        "notes": ev.evidence.text,
        "fatalities": ev.size.get("dead", 0),
    }


def flat_row(doc: Document, index: int, ev: Event) -> dict[str, Any]:
    loc = ev.location
    return {
        "event_id": event_id(doc, index, ev),
        "article_id": doc.article.id,
        "event_date": _date(ev),
        "date_from_publication": ev.date_from_publication,
        "event_type": ev.type,
        "mode": ";".join(ev.mode),
        "context": ";".join(ev.context),
        "cameo": ev.cameo or "",
        "actor": _names(ev.actor),
        "actor_country": ";".join(a.country or "" for a in ev.actor),
        "actor_sector": ";".join(a.sector or "" for a in ev.actor),
        "recipient": _names(ev.recipient),
        "recipient_country": ";".join(a.country or "" for a in ev.recipient),
        "recipient_sector": ";".join(a.sector or "" for a in ev.recipient),
        "location": loc.name if loc else "",
        "location_country": (loc.country_code or "") if loc else "",
        "lat": "" if not loc or loc.lat is None else loc.lat,
        "lon": "" if not loc or loc.lon is None else loc.lon,
        "geonameid": "" if not loc or loc.geonameid is None else loc.geonameid,
        "location_rule": ev.location_rule or "",
        "modality": ev.modality,
        "reported_by": ev.reported_by or "",
        "dead": ev.size.get("dead", ""),
        "injured": ev.size.get("injured", ""),
        "arrested": ev.size.get("arrested", ""),
        "confidence": ev.confidence,
        "trigger": ev.trigger.text,
        "evidence": ev.evidence.text,
        "evidence_start": ev.evidence.start,
        "evidence_end": ev.evidence.end,
        "evidence_field": ev.evidence.field,  # "title": the offsets are into the title
        "url": doc.article.url or "",
    }


def export(documents: Iterable[Document], fmt: str, out: IO[Any]) -> int:
    """Write every event of ``documents`` to ``out`` in ``fmt``; returns the number of events.

    Text formats need a text stream; ``parquet`` needs a binary stream (and pyarrow).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    count = 0
    if fmt == "plover-jsonl":
        for doc, i, ev in _events(documents):
            out.write(json.dumps(plover_record(doc, i, ev), ensure_ascii=False) + "\n")
            count += 1
        return count
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:  # pragma: no cover - pyarrow is a declared dependency
            raise ValueError("the parquet format needs pyarrow: pip install pyarrow") from exc
        rows = [flat_row(d, i, e) for d, i, e in _events(documents)]
        table_columns = {c: [("" if r[c] == "" else str(r[c])) for r in rows] for c in FLAT_COLUMNS}
        pq.write_table(
            pa.table(table_columns, schema=pa.schema([(c, pa.string()) for c in FLAT_COLUMNS])), out
        )
        return len(rows)
    columns, make, delimiter = {
        "cameo-tsv": (CAMEO_COLUMNS, cameo_row, "\t"),
        "acled-csv": (ACLED_COLUMNS, acled_row, ","),
        "csv": (FLAT_COLUMNS, flat_row, ","),
    }[fmt]
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for doc, i, ev in _events(documents):
        writer.writerow(make(doc, i, ev))
        count += 1
    return count
