"""Plain-text views of documents and database statistics for the terminal."""

from __future__ import annotations

import textwrap
from typing import Any

from .model import Actor, Document


def _actor(actor: Actor | None) -> str:
    if actor is None:
        return ""
    parts = [p for p in (actor.country, actor.sector, actor.role) if p]
    return f"{actor.name} ({', '.join(parts)})" if parts else actor.name


def document_text(doc: Document) -> str:
    """A readable report of one document: metadata, body, then each kind of annotation."""
    a = doc.article
    out = [
        f"id:        {a.id}",
        f"title:     {a.title or ''}",
        f"url:       {a.url or ''}",
        f"published: {a.published.isoformat() if a.published else 'unknown'}"
        f" (from {a.published_from})",
        f"byline:    {a.byline or ''}",
        f"publisher: {a.publisher or ''}",
        f"language:  {a.language or '?'}   status: {a.status}",
        f"boilerplate removed: {a.boilerplate_removed}",
    ]
    for source in a.sources:
        where = source.path or source.url or source.kind
        extra = f" offset {source.offset}" if source.offset is not None else ""
        extra += f" line {source.line}" if source.line is not None else ""
        out.append(f"source:    {source.kind} {where}{extra}")
    for caption in a.captions:
        out.append(
            f"caption:   {caption.text}"
            + (f"  [credit: {caption.credit}]" if caption.credit else "")
        )
    out += ["", textwrap.indent(a.text, "    "), ""]
    if doc.mentions:
        out.append("actors:")
        seen: set[tuple[str, str]] = set()
        for m in doc.mentions:
            if m.actor is None or (m.span.text, m.actor.name) in seen:
                continue
            seen.add((m.span.text, m.actor.name))
            out.append(f"  {m.span.text!r} -> {_actor(m.actor)}")
    if doc.places:
        out.append("places:")
        for p in doc.places:
            out.append(
                f"  {p.span.text!r} -> {p.name}, {p.country_code} (geonames {p.geonameid}, "
                f"{p.lat}, {p.lon}, {p.precision}, confidence {p.confidence:.2f})"
            )
    if doc.times:
        out.append("times:")
        for t in doc.times:
            flag = "" if t.anchored else "  [unanchored]"
            out.append(f"  {t.span.text!r} -> {t.value} ({t.granularity}){flag}")
    if doc.quotes:
        out.append("quotes:")
        for q in doc.quotes:
            who = q.speaker.name or (q.speaker.span.text if q.speaker.span else "?")
            via = f" via {' <- '.join(q.via)}" if q.via else ""
            out.append(f"  [{q.kind}] {who}{via}: {textwrap.shorten(q.content.text, 140)}")
    if doc.events:
        out.append("events:")
        for e in doc.events:
            actors = "; ".join(_actor(x) for x in e.actor) or "?"
            recips = "; ".join(_actor(x) for x in e.recipient) or "-"
            where = f" @ {e.location.name}, {e.location.country_code}" if e.location else ""
            when = e.date.value if e.date else "?"
            out.append(
                f"  {e.type}{':' + ','.join(e.mode) if e.mode else ''} (CAMEO {e.cameo}) "
                f"{actors} -> {recips}{where} on {when} [{e.modality}]"
            )
            where_from = " (title)" if e.evidence.field == "title" else ""
            out.append(f"      evidence{where_from}: {textwrap.shorten(e.evidence.text, 140)}")
    return "\n".join(out)


def stats_text(data: dict[str, Any]) -> str:
    lines = [f"database: {data['database']}", f"articles: {data['articles']}"]
    lines += [f"  {status}: {n}" for status, n in data["by_status"].items()]
    lo, hi = data["published_range"]
    lines.append(f"published: {lo or '?'} .. {hi or '?'}")
    for key in ("sources", "mentions", "places", "times", "quotes", "events"):
        lines.append(f"{key}: {data[key]}")
    lines += [f"  {t}: {n}" for t, n in data["events_by_type"].items()]
    lines.append(f"failures: {data['failures']}")
    for f in data.get("recent_failures", []):
        lines.append(f"  {f['input']}: {f['stage']}: {f['reason']}")
    return "\n".join(lines)
