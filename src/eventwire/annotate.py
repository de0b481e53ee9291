"""Annotate: one spaCy pass per batch, then every resolver and extractor on each parse.

Parsing is the expensive part, so it happens once, batched with ``nlp.pipe``; the stages after
it are cheap lookups over the parse and must stay that way (see docs/benchmarks.md).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from . import nlp
from .model import Document
from .settings import Settings


@functools.lru_cache(maxsize=4)
def _actor_resolver(extra_files: tuple[Path, ...]):  # type: ignore[no-untyped-def]
    from .resolve.actors import ActorResolver

    return ActorResolver(extra_files)


def annotate_batch(docs: Sequence[Document], settings: Settings) -> None:
    """Fill mentions, places, times, quotes and events of each document in place."""
    from .extract.events import find_events
    from .extract.quotes import find_quotes
    from .resolve.places import find_places
    from .resolve.times import find_times

    actors = _actor_resolver(tuple(settings.actor_files))
    texts = [d.article.text for d in docs]
    for doc, sdoc in zip(docs, nlp.parse(texts, settings.spacy_model), strict=True):
        article = doc.article
        doc.mentions = actors.find_mentions(article, sdoc)
        doc.places = find_places(article, sdoc)
        doc.times = find_times(article, sdoc)
        doc.quotes = find_quotes(article, sdoc, doc.mentions)
        doc.events = find_events(article, sdoc, doc.mentions, doc.places, doc.times, doc.quotes)
