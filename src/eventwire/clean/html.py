"""HTML pages: main text and metadata with trafilatura (publication date via htmldate).

trafilatura runs in its ``fast`` mode (no readability/jusText fallback) without comments:
on the Scrapinghub benchmark that costs no body F1 here and roughly doubles throughput (see
docs/extract.md for the measured numbers). The page is parsed once; metadata comes
from our lean :func:`_page_metadata` (trafilatura's building blocks without its costly extras)
and the date from htmldate with ``original_date=True``, so it is the publication date, not the
last modification.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from courlan import extract_domain
from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.json_metadata import extract_json
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document
from trafilatura.utils import load_html

from ..errors import CleanError

# Options shared by the pipeline, the evaluation and the benchmark: one place to tune speed.
EXTRACTION_OPTIONS: dict[str, Any] = {
    "fast": True,
    "include_comments": False,
    "include_tables": True,
    # Metadata is read by :func:`_page_metadata`, cheaper than trafilatura's own step.
    "with_metadata": False,
}
# Dates from markup only (meta tags, JSON-LD, <time>): fast and precise. Pages without one
# get a second, extensive htmldate search in :func:`find_publication_date`.
_MARKUP_DATE: dict[str, Any] = {"extensive_search": False, "original_date": True}
_URL_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")
_JSON_LD = XPath('.//script[@type="application/ld+json" or @type="application/settings+json"]')
_MIN_WORDS = 5  # fewer words than this is a menu or a title, not an article


@dataclass
class HtmlParts:
    """What trafilatura recovered from one page."""

    paragraphs: list[str]
    title: str | None = None
    byline: str | None = None
    publisher: str | None = None
    canonical_url: str | None = None
    published: dt.datetime | None = None
    categories: list[str] = field(default_factory=list)


def _none_if_blank(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _parse_date(value: object) -> dt.datetime | None:
    text = _none_if_blank(value)
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


_TITLE_SEPARATOR = re.compile(r"\s+(\||-|–|—|\*|::|·|•)\s+")
_MAX_SUFFIX_WORDS = 6


def _site_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold().removeprefix("the "))


def strip_site_suffix(title: str, publisher: str | None, hostname: str | None) -> str:
    """Drop " | CBC News" / " - The Namibian" style suffixes a page adds to its <title>.

    A trailing segment goes when it names the site (publisher or host name) or, after a pipe
    or similar, is a short label; a dash segment that is not the site stays (it may be the
    headline's own second half).
    """
    names = {_site_key(n) for n in (publisher, hostname) if n}
    names |= {_site_key(n.split(".")[-2]) for n in (hostname,) if n and n.count(".") >= 1}
    names.discard("")
    while True:
        matches = list(_TITLE_SEPARATOR.finditer(title))
        if not matches:
            return title
        last = matches[-1]
        head, separator, tail = title[: last.start()].strip(), last.group(1), title[last.end() :]
        tail_key = _site_key(tail.removeprefix("by "))
        names_site = any(tail_key and (tail_key in n or n in tail_key) for n in names)
        short_label = separator not in "-–—" and len(tail.split()) <= _MAX_SUFFIX_WORDS
        if not head or len(head.split()) < 2 or not (names_site or short_label):
            return title
        title = head


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def find_publication_date(html: str | HtmlElement, url: str | None = None) -> dt.datetime | None:
    """htmldate's extensive search (URL, visible text), for pages without a date in markup.

    A bare year (htmldate answers YYYY-01-01 from a copyright line) is not a publication
    day: it is rejected, so the source's own date or "unknown" is used instead.
    """
    try:
        found = find_date(html, url=url, extensive_search=True, original_date=True)
    except (RecursionError, ValueError, TypeError):
        return None
    day = _parse_date(found)
    if day is None or (day.month, day.day) == (1, 1):
        return None
    return day


def _page_metadata(tree: HtmlElement, url: str | None) -> Document:
    """Title, author, site name, canonical URL and markup date, without trafilatura's heavy parts.

    The same sources and precedence as ``trafilatura.metadata.extract_metadata`` (meta tags,
    then JSON-LD, then the page's own title/author elements; htmldate for the date), minus what
    eventwire never reads (categories, tags, licence) and minus the regex salvage of broken
    JSON-LD: together those were about a third of the cost of cleaning a page.
    """
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # a bare handle ("admin", "newsdesk") is not a byline
    for script in _JSON_LD(tree):
        if not script.text:
            continue
        try:
            metadata = extract_json(json.loads(script.text, strict=False), metadata)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError):
            continue  # malformed JSON-LD or an odd schema: skip that block only
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or extract_author(tree)
    metadata.url = metadata.url or extract_url(tree, url)
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    metadata.date = find_date(tree, url=metadata.url, **_MARKUP_DATE)
    sitename = metadata.sitename or extract_sitename(tree)
    if isinstance(sitename, str):
        sitename = sitename.lstrip("@")
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
    elif metadata.url and (host := _URL_HOST.match(metadata.url)):
        sitename = host[1]  # no name anywhere: the host name, as trafilatura does
    metadata.sitename = sitename or None
    metadata.clean_and_trim()
    return metadata


def _parse(html: str) -> HtmlElement:
    tree = load_html(html)
    if tree is None:
        raise CleanError("HTML could not be parsed (no document tree)")
    return tree


def extract_html(html: str, url: str | None = None) -> HtmlParts:
    """Main text and metadata of one HTML page; CleanError when no text can be recovered.

    The page is parsed once: metadata and dates read the tree, and trafilatura extracts the
    body from its own copy of it (``bare_extraction`` copies a tree it is given).
    """
    try:
        tree = _parse(html)
        metadata = _page_metadata(tree, url)
        result = trafilatura.bare_extraction(tree, url=url, **EXTRACTION_OPTIONS)
    except RecursionError:
        # Pathologically nested markup: report it as this page's problem, keep the run going.
        raise CleanError("HTML is nested too deeply to extract article text") from None
    except (ValueError, TypeError, AssertionError) as exc:
        raise CleanError(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    if result is None:
        raise CleanError("no article text found in the HTML page")
    text = getattr(result, "text", None) or ""
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    publisher = _none_if_blank(metadata.sitename)
    title = _none_if_blank(metadata.title)
    if title is not None:
        title = strip_site_suffix(title, publisher, _none_if_blank(metadata.hostname))
        # trafilatura keeps the <h1> as the first line; the title is metadata, not body
        while paragraphs and _same_text(paragraphs[0], title):
            paragraphs.pop(0)
    if sum(len(p.split()) for p in paragraphs) < _MIN_WORDS:
        raise CleanError("no article text found in the HTML page")
    published = _parse_date(metadata.date) or find_publication_date(tree, url)
    return HtmlParts(
        paragraphs=paragraphs,
        title=title,
        byline=_none_if_blank(metadata.author),
        publisher=publisher,
        canonical_url=_none_if_blank(metadata.url),
        published=published,
        categories=list(metadata.categories or []),
    )
