"""Annotate: one spaCy pass per batch, then every resolver and extractor on each parse.

Parsing is the expensive part, so it happens once, batched with ``nlp.pipe``; the stages after
it are cheap lookups over the parse and must stay that way (see docs/benchmarks.md).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from pathlib import Path

from spacy.tokens import Doc

from . import nlp
from .model import Actor, Article, Document, Event, Mention, Place, Quote
from .resolve.actors import ActorResolver
from .settings import Settings


@functools.lru_cache(maxsize=4)
def _actor_resolver(extra_files: tuple[Path, ...]) -> ActorResolver:
    return ActorResolver(extra_files)


def _not_places(mentions: list[Mention], places: list[Place]) -> list[Mention]:
    """Drop would-be people the gazetteer knows as places.

    The small English model tags some towns as PERSON ("Palmyra"); a mention that no dictionary
    entry backs, over exactly the span of a resolved place, is the place, not an unknown person.
    """
    place_spans = {(p.span.start, p.span.end) for p in places if p.geonameid or p.precision}
    return [
        m
        for m in mentions
        if (m.span.start, m.span.end) not in place_spans
        or (m.actor is not None and m.actor.actor_id is not None)
    ]


def _people_by_surname(mentions: list[Mention]) -> dict[str, Actor]:
    """The body's people by last name (first one wins): headlines name them briefly."""
    people: dict[str, Actor] = {}
    for m in mentions:
        if m.actor is not None and m.actor.kind == "person" and m.actor.name.split():
            people.setdefault(m.actor.name.split()[-1].casefold(), m.actor)
    return people


def _link_title_speakers(quotes: list[Quote], mentions: list[Mention]) -> list[Quote]:
    """A headline names people briefly ("Putin Blames …"): take the body's full actor."""
    people = _people_by_surname(mentions)
    for quote in quotes:
        name = quote.speaker.name or ""
        actor = people.get(name.split()[-1].casefold()) if name else None
        if actor is not None and quote.speaker.actor is None:
            quote.speaker.name, quote.speaker.actor = actor.name, actor
    return quotes


def _link_title_people(title: list[Mention], body: list[Mention]) -> list[Mention]:
    """A headline names people briefly ("Putin Warns …"): give them the body's full actor."""
    people = _people_by_surname(body)
    for m in title:
        if m.label == "PERSON" and (m.actor is None or m.actor.actor_id is None):
            words = m.span.text.split()
            m.actor = people.get(words[-1].casefold(), m.actor) if words else m.actor
    return title


def _title_events(
    article: Article, title_sdoc: Doc, actors: ActorResolver, body: Document
) -> list[Event]:
    """Events of a title stored apart from the text (HTML, JSONL inputs): the resolvers run on
    the title's own parse, so every span points into the title (``field="title"``)."""
    from .extract.event_headlines import title_in_text
    from .extract.events import find_title_events
    from .resolve.places import find_places
    from .resolve.times import find_times

    if not article.title or title_in_text(article):
        return []  # the text starts with the title: its headline pass codes it
    view = dataclasses.replace(article, text=article.title)
    places = find_places(view, title_sdoc)
    mentions = _not_places(actors.find_mentions(view, title_sdoc), places)
    mentions = _link_title_people(mentions, body.mentions)
    times = find_times(view, title_sdoc)
    return find_title_events(article, title_sdoc, mentions, places, times, body.places)


def annotate_batch(docs: Sequence[Document], settings: Settings) -> None:
    """Fill mentions, places, times, quotes and events of each document in place."""
    from .extract.events import find_events
    from .extract.quotes import find_quotes, find_title_quotes
    from .resolve.places import find_places
    from .resolve.times import find_times

    actors = _actor_resolver(tuple(settings.actor_files))
    texts = [d.article.text for d in docs]
    titles = [d.article.title or "" for d in docs]
    parsed = nlp.parse(texts + titles, settings.spacy_model)
    bodies = [next(parsed) for _ in texts]
    for doc, sdoc, title_sdoc in zip(docs, bodies, parsed, strict=True):
        article = doc.article
        doc.places = find_places(article, sdoc)
        doc.mentions = _not_places(actors.find_mentions(article, sdoc), doc.places)
        doc.times = find_times(article, sdoc)
        doc.quotes = find_quotes(article, sdoc, doc.mentions)
        if article.title:
            headline = find_title_quotes(article, title_sdoc, doc.mentions)
            doc.quotes = _link_title_speakers(headline, doc.mentions) + doc.quotes
        doc.events = find_events(article, sdoc, doc.mentions, doc.places, doc.times, doc.quotes)
        if article.title:
            doc.events = _title_events(article, title_sdoc, actors, doc) + doc.events
