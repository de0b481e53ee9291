"""The one data model that flows through every stage.

Every annotation carries a :class:`Span` whose offsets point into ``Article.text`` (or into
``Article.title`` when ``Span.field == "title"``), so any field can be traced back to the
characters it came from. The same ``to_dict`` serialisation is used by the CLI, the store, the
API and the exports, so there is exactly one schema.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 1

ContentType = Literal["text", "html"]
PublishedFrom = Literal["html", "warc", "user", "jsonl", "unknown"]


@dataclass(frozen=True)
class Source:
    """Where one copy of an article came from (provenance)."""

    kind: str  # "file", "warc", "jsonl", "stdin", "api", "string"
    path: str | None = None  # file path (or WARC / JSONL file)
    offset: int | None = None  # byte offset of the WARC record
    line: int | None = None  # 1-based JSONL line number
    url: str | None = None  # URL of the page, if known

    def key(self) -> str:
        """Stable text key used to recognise the same source twice."""
        return "|".join(
            "" if v is None else str(v)
            for v in (self.kind, self.path, self.offset, self.line, self.url)
        )


@dataclass
class RawDoc:
    """An input document before cleaning: bytes or text plus what the source said about it."""

    content: str
    content_type: ContentType
    source: Source
    url: str | None = None
    title: str | None = None
    published: dt.datetime | None = None
    published_from: PublishedFrom = "unknown"
    encoding: str | None = None  # detected/declared encoding the content was decoded from
    publisher: str | None = None  # outlet named by the source (e.g. a JSONL "source" field)


@dataclass(frozen=True)
class Caption:
    """A photo caption kept apart from the body, with its credit (agency/photographer)."""

    text: str
    credit: str | None = None


@dataclass
class Article:
    """A cleaned article: body text whose offsets never move again, and its metadata."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    sources: list[Source] = field(default_factory=list)
    publisher: str | None = None
    byline: str | None = None
    published: dt.datetime | None = None
    published_from: PublishedFrom = "unknown"
    language: str | None = None
    captions: list[Caption] = field(default_factory=list)
    boilerplate_removed: int = 0  # number of lines/blocks removed as boilerplate
    status: str = "ok"  # "ok" or "skipped: language xx" / "skipped: empty"
    content_hash: str = ""


@dataclass(frozen=True)
class Span:
    """Character offsets into ``Article.text`` (or ``Article.title`` when field == "title")."""

    start: int
    end: int
    text: str
    field: Literal["text", "title"] = "text"


@dataclass
class Actor:
    """A resolved actor: who, from which country, in which sector, in which role on that date."""

    name: str
    country: str | None = None  # ISO 3166 alpha-3, or an IGO code such as "IGO"
    sector: str | None = None  # PLOVER/CAMEO agent code: GOV, MIL, REB, INS, OPP, CVL, JRN, ...
    role: str | None = None  # e.g. "head of state", valid on the article date
    actor_id: str | None = None  # id in the actor dictionary; None for unknown people
    kind: str | None = None  # "person", "country", "organisation", "group", "agent"


@dataclass
class Mention:
    """An entity mention in the text, optionally resolved to an actor."""

    span: Span
    label: str  # spaCy/our label: PERSON, ORG, GPE, NORP, LOC, ...
    actor: Actor | None = None


@dataclass
class Place:
    """A toponym resolved to a GeoNames entry."""

    span: Span
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None  # ISO 3166 alpha-2, as GeoNames gives it
    admin1: str | None = None
    feature_class: str | None = None  # P (populated place), A (admin area), ...
    feature_code: str | None = None  # PPL, ADM1, PCLI, ...
    precision: str | None = None  # "site", "city", "admin1", "country" (see resolve/places.py)
    confidence: float = 0.0


@dataclass
class TimeExpr:
    """A temporal expression normalised TIMEX3-style against an anchor (usually publication)."""

    span: Span
    value: str | None  # "2016-12-11", "2016-W50", "2016-SP", "2016-12", "PRESENT_REF", ...
    granularity: str | None = None  # "day", "week", "month", "season", "year", "time", ...
    anchor: str | None = None  # the anchor date used, ISO format
    anchored: bool = True  # False when relative and no anchor was available


@dataclass
class Speaker:
    """Who made a statement: the span that names them and the resolved name/actor."""

    span: Span | None
    name: str | None = None
    actor: Actor | None = None
    resolved_from: Span | None = None  # the named mention a pronoun/description was resolved to


@dataclass
class Quote:
    """A statement: speaker, cue, content, kind and the chain of reporting sources."""

    speaker: Speaker
    content: Span
    cue: Span | None = None
    kind: Literal["direct", "indirect", "mixed"] = "direct"
    via: list[str] = field(default_factory=list)  # e.g. ["Itar-Tass"]


@dataclass
class Event:
    """One coded event with its evidence: who did what to whom, where, when, how sure."""

    type: str  # PLOVER event type, e.g. "ACCUSE"
    evidence: Span  # the sentence
    trigger: Span
    mode: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    cameo: str | None = None
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    location: Place | None = None
    location_rule: str | None = None
    date: TimeExpr | None = None
    date_from_publication: bool = False
    modality: str = "asserted"
    reported_by: str | None = None
    size: dict[str, int] = field(default_factory=dict)  # {"dead": 12, "injured": 3}
    confidence: float = 0.0


@dataclass(frozen=True)
class Failure:
    """A per-document problem: recorded, reported, and the run goes on."""

    input: str  # path, "path#offset=N", "path:line", "-"
    stage: str  # "ingest", "clean", "annotate", "store", ...
    reason: str  # one specific sentence a user can act on


@dataclass
class Document:
    """An article with every annotation the pipeline added to it."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON-ready form (the one schema used everywhere)."""
        data = to_dict(self)
        data["schema_version"] = SCHEMA_VERSION
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return from_dict(cls, data)


def to_dict(obj: Any) -> Any:
    """Serialise dataclasses, datetimes and containers to plain JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dt.datetime | dt.date):
        return obj.isoformat()
    if isinstance(obj, list | tuple):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


def _field_types(cls: type) -> dict[str, Any]:
    import typing

    return typing.get_type_hints(cls)


def from_dict(cls: type, data: Any) -> Any:
    """Inverse of :func:`to_dict` for the model's dataclasses (ignores unknown keys)."""
    import types
    import typing

    if data is None:
        return None
    if dataclasses.is_dataclass(cls):
        hints = _field_types(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):
            if f.name in data:
                kwargs[f.name] = _convert(hints[f.name], data[f.name], typing, types)
        return cls(**kwargs)
    return data


def _convert(tp: Any, value: Any, typing: Any, types: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value, typing, types) if len(args) == 1 else value
    if origin is list:
        (inner,) = typing.get_args(tp)
        return [_convert(inner, v, typing, types) for v in value]
    if tp is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    return value
