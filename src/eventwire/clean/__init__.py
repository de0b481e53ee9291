"""Clean: RawDoc -> Article (boilerplate removal, title, byline, date, captions, language).

Contract used by the pipeline::

    clean(raw: RawDoc, settings: Settings) -> Article

Raises ``CleanError`` when no article text can be recovered.

HTML goes through trafilatura (:mod:`.html`); plain-text dumps through our own boilerplate
remover (:mod:`.textdump`). Either way ``Article.text`` is the kept paragraphs joined by a
blank line, and it never changes after this stage, so every later offset stays valid.
Articles in a language outside ``settings.languages`` are returned with status
``"skipped: language xx"``: the pipeline stores them but does not annotate them.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin

from ..errors import CleanError
from ..model import Article, Caption, PublishedFrom, RawDoc
from ..settings import Settings
from .captions import split_caption
from .html import HtmlParts, extract_html
from .identity import article_id, content_hash, normalize_text, normalize_url
from .language import detect_language
from .textdump import DumpParts, parse_text_dump

__all__ = [
    "DumpParts",
    "HtmlParts",
    "article_id",
    "clean",
    "content_hash",
    "detect_language",
    "extract_html",
    "normalize_text",
    "normalize_url",
    "parse_text_dump",
    "split_caption",
]

PARAGRAPH_SEPARATOR = "\n\n"


def clean(raw: RawDoc, settings: Settings) -> Article:
    """Turn one raw document into an Article; CleanError when no article text is left."""
    if not raw.content or not raw.content.strip():
        raise CleanError("the document is empty")
    if raw.content_type == "html":
        article = _clean_html(raw)
    elif raw.content_type == "text":
        article = _clean_text(raw)
    else:
        raise CleanError(f"unsupported content type {raw.content_type!r} (expected text or html)")
    article.language = detect_language(article.text) or detect_language(article.title or "")
    if article.language is not None and article.language not in settings.languages:
        article.status = f"skipped: language {article.language}"
    return article


def _fallback_date(raw: RawDoc) -> tuple[dt.datetime | None, PublishedFrom]:
    """The date the source gave (WARC, user, JSONL); "unknown" otherwise, never today."""
    if raw.published is None:
        return None, "unknown"
    return raw.published, raw.published_from


def _resolve_canonical(canonical: str | None, fetched: str | None) -> str | None:
    """The page's declared canonical URL (absolute, http/https), preferred to the fetched one."""
    if not canonical:
        return None
    absolute = urljoin(fetched, canonical) if fetched else canonical
    return absolute if normalize_url(absolute) is not None else None


def _clean_html(raw: RawDoc) -> Article:
    parts = extract_html(raw.content, raw.url)
    text = PARAGRAPH_SEPARATOR.join(parts.paragraphs)
    url = _resolve_canonical(parts.canonical_url, raw.url) or raw.url
    published: dt.datetime | None
    published_from: PublishedFrom
    if parts.published is not None:
        published, published_from = parts.published, "html"
    else:
        published, published_from = _fallback_date(raw)
    return Article(
        id=article_id(url, text),
        text=text,
        title=parts.title or raw.title,
        url=url,
        sources=[raw.source],
        publisher=parts.publisher,
        byline=parts.byline,
        published=published,
        published_from=published_from,
        captions=[],
        boilerplate_removed=0,
        content_hash=content_hash(text),
    )


def _clean_text(raw: RawDoc) -> Article:
    parts = parse_text_dump(raw.content, known_title=raw.title)
    if not parts.paragraphs:
        raise CleanError("no article text left after removing boilerplate from the text")
    text = PARAGRAPH_SEPARATOR.join(parts.paragraphs)
    published, published_from = _fallback_date(raw)
    captions: list[Caption] = parts.captions
    return Article(
        id=article_id(raw.url, text),
        text=text,
        title=parts.title,
        url=raw.url,
        sources=[raw.source],
        byline=parts.byline,
        published=published,
        published_from=published_from,
        captions=captions,
        boilerplate_removed=parts.boilerplate_removed,
        content_hash=content_hash(text),
    )
