"""The pipeline: RawDoc -> clean -> annotate (spaCy) -> resolve -> extract -> Document.

Stages are plain functions over the one data model; the pipeline only orders them, batches the
spaCy work, and turns per-document exceptions into ``Failure`` records so a run never stops for
one bad page.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from .clean import clean
from .errors import EventwireError
from .ingest import looks_like_html
from .model import Article, Document, Failure, RawDoc, Source
from .settings import Settings


def describe(source: Source) -> str:
    """How a source is named in failures and messages: path, path#offset=N or path:line."""
    where = source.path or source.url or source.kind
    if source.offset is not None:
        return f"{where}#offset={source.offset}"
    if source.line is not None:
        return f"{where}:{source.line}"
    return where


def parse_published(value: str | dt.date | dt.datetime | None) -> dt.datetime | None:
    """Accept an ISO date or datetime (string or object) given by a user."""
    if value is None or isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"not an ISO date: {value!r} (expected e.g. 2016-12-16)") from exc


class Pipeline:
    """Runs documents through every stage. One instance per process: models load once."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    # ---- single stages ------------------------------------------------------------------
    def clean(self, raw: RawDoc, published: dt.datetime | None = None) -> Article:
        """Clean one raw document; ``published`` is the user's date for undated documents."""
        if published is not None and raw.published_from in ("unknown", "warc"):
            # The user's date beats a crawl date: a WARC date says when a page was fetched.
            raw.published, raw.published_from = published, "user"
        article = clean(raw, self.settings)
        article.publisher = article.publisher or raw.publisher
        if article.published is not None and article.published.tzinfo is not None:
            # Keep the local wall-clock time the source gave: its calendar day is the article's
            # day, which relative dates ("on Sunday") are resolved against.
            article.published = article.published.replace(tzinfo=None)
        return article

    def annotate(self, articles: Sequence[Article]) -> list[Document]:
        """Parse a batch with spaCy and run the resolvers and extractors on each article."""
        docs = [Document(article=a) for a in articles]
        if not self.settings.nlp:
            return docs
        limit = self.settings.max_parse_chars
        for doc in docs:
            if doc.article.status == "ok" and len(doc.article.text) > limit:
                doc.article.status = f"skipped: too long to annotate (over {limit:,} characters)"
        todo = [d for d in docs if d.article.status == "ok" and d.article.text.strip()]
        if todo:
            from .annotate import annotate_batch

            annotate_batch(todo, self.settings)
        return docs

    # ---- whole documents -------------------------------------------------------------------
    def run(
        self,
        items: Iterable[RawDoc | Failure],
        published: dt.datetime | None = None,
    ) -> Iterator[Document | Failure]:
        """Process a stream in batches, yielding documents and failures in input order."""
        iterator = iter(items)
        while batch := list(islice(iterator, self.settings.batch_size)):
            yield from self.run_batch(batch, published)

    def run_batch(
        self, batch: Sequence[RawDoc | Failure], published: dt.datetime | None = None
    ) -> list[Document | Failure]:
        cleaned: list[Article | Failure] = []
        for item in batch:
            if isinstance(item, Failure):
                cleaned.append(item)
                continue
            try:
                cleaned.append(self.clean(item, published))
            except EventwireError as exc:
                cleaned.append(Failure(describe(item.source), "clean", exc.message))
            except Exception as exc:  # a bug or a library crash on one page: record, go on
                cleaned.append(Failure(describe(item.source), "clean", _unexpected(exc)))
        articles = [a for a in cleaned if isinstance(a, Article)]
        docs: Iterator[Document | Failure]
        try:
            docs = iter(self.annotate(articles))
        except EventwireError:
            raise  # configuration problems (model missing) stop the run
        except Exception:
            docs = iter(self._annotate_one_by_one(articles))
        return [item if isinstance(item, Failure) else next(docs) for item in cleaned]

    def _annotate_one_by_one(self, articles: Sequence[Article]) -> list[Document | Failure]:
        """After a batch crashed, isolate the document that broke it; the others go on."""
        out: list[Document | Failure] = []
        for article in articles:
            try:
                out.extend(self.annotate([article]))
            except Exception as exc:
                where = describe(article.sources[0]) if article.sources else article.id
                out.append(Failure(where, "annotate", _unexpected(exc)))
        return out

    def process_raw(self, raw: RawDoc, published: dt.datetime | None = None) -> Document:
        """One raw document through every stage; raises EventwireError on failure."""
        (result,) = self.run_batch([raw], published)
        if isinstance(result, Failure):
            raise EventwireError(f"{result.stage}: {result.reason}")
        return result


def _unexpected(exc: Exception) -> str:
    return f"unexpected {type(exc).__name__}: {exc}"[:500]


@functools.lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    return Pipeline()


def process(
    text_or_html: str,
    published: str | dt.date | dt.datetime | None = None,
    url: str | None = None,
    settings: Settings | None = None,
) -> Document:
    """Run one text or HTML document through the whole pipeline, without a database.

    >>> doc = process(open("page.html").read(), published="2016-12-16")  # doctest: +SKIP
    """
    digest = hashlib.sha1(text_or_html.encode("utf-8", "replace")).hexdigest()[:12]
    raw = RawDoc(
        content=text_or_html,
        content_type="html" if looks_like_html(text_or_html) else "text",
        source=Source(kind="string", path=f"<string {digest}>", url=url),
        url=url,
    )
    pipeline = Pipeline(settings) if settings else _default_pipeline()
    return pipeline.process_raw(raw, parse_published(published))


def summary_counts(outcomes: Iterable[str]) -> dict[str, Any]:
    """Group per-item outcomes into the closing summary's counts."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
