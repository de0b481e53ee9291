"""HTML pages: main text and metadata with trafilatura (publication date via htmldate).

trafilatura runs in its ``fast`` mode (no readability/jusText fallback) without comments:
on the Scrapinghub benchmark that costs no body F1 here and roughly doubles throughput (see
docs/extract.md for the measured numbers). The page is parsed once (:func:`parse_html`, the
same parse as trafilatura's with a cheaper element lookup; again only for the body's rescue
steps); metadata comes from our lean
:func:`_page_metadata` (trafilatura's building blocks without its costly extras; the DOM
author search from :mod:`.html_author`, the same answer in a fraction of the time) and the date
from htmldate with ``original_date=True``, so it is the publication date, not the last
modification. The body comes from :mod:`.html_body`: trafilatura's extraction cascade without
its redundant copies and scans, giving the same text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from courlan import extract_domain
from htmldate import find_date
from lxml.etree import ElementDefaultClassLookup, XPath
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.json_metadata import extract_json
from trafilatura.metadata import (
    examine_meta,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, is_dubious_html, repair_faulty_html

from ..errors import CleanError
from .html_author import find_author
from .html_body import EXTRACTION_OPTIONS, extract_body

__all__ = ["EXTRACTION_OPTIONS", "HtmlParts", "extract_html", "parse_html", "strip_site_suffix"]

# trafilatura's parser settings. lxml.html's default element lookup is a Python method called
# for every element object lxml hands out (thousands per page, ~2 ms); this one is libxml2-side.
# Every element is still an HtmlElement (text_content() etc.), only without the form-specific
# subclasses, which neither trafilatura nor eventwire uses.
_HTML_PARSER = HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
_HTML_PARSER.set_element_class_lookup(
    ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)
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


def _page_metadata(
    tree: HtmlElement,
    url: str | None,
    author_search: Callable[[HtmlElement], str | None] = find_author,
) -> Document:
    """Title, author, site name, canonical URL and markup date, without trafilatura's heavy parts.

    The same sources and precedence as ``trafilatura.metadata.extract_metadata`` (meta tags,
    then JSON-LD, then the page's own title/author elements; htmldate for the date), minus what
    eventwire never reads (categories, tags, licence) and minus the regex salvage of broken
    JSON-LD: together those were about a third of the cost of cleaning a page.
    ``author_search`` reads the DOM when meta tags and JSON-LD name no author (the benchmark's
    ``--check`` passes trafilatura's ``extract_author`` to compare).
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
    metadata.author = metadata.author or author_search(tree)
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


# the characters trafilatura's INVALID_XML_CHARS removes, as UTF-8 bytes (ASCII controls)
_CONTROL_BYTES = bytes((*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))


def _has_invalid_xml_chars(html: str, encoded: bytes) -> bool:
    """Whether ``INVALID_XML_CHARS`` would remove anything from ``html`` (``encoded`` is its
    UTF-8), without its regex: sre steps through a 260 kB page character by character (0.7 ms);
    deleting the control bytes from the encoded page takes a third of that."""
    if "\ufffe" in html or "\uffff" in html:
        return True
    return len(encoded.translate(None, _CONTROL_BYTES)) != len(encoded)


def _repair(html: str, beginning: str) -> tuple[str, bytes | None]:
    """``trafilatura.utils.repair_faulty_html``, skipping the control-character pass on the
    (usual) pages that have none: a doctype with a stray slash and a self-closing ``<html/>``
    in the first lines are fixed the same way, with trafilatura's own patterns. Also returns
    the repaired page as UTF-8 when it is the input unchanged (the bytes are already made)."""
    encoded = html.encode("utf-8", "surrogatepass")
    if _has_invalid_xml_chars(html, encoded):
        return repair_faulty_html(html, beginning), None
    repaired = html
    if "doctype" in beginning:
        first_line, _, rest = repaired.partition("\n")
        repaired = DOCTYPE_TAG.sub("", first_line, count=1) + "\n" + rest
    if any("<html" in line and line.endswith("/>") for line in html[:4096].splitlines()[:4]):
        repaired = FAULTY_HTML.sub(r"\1>", repaired, count=1)
    return repaired, (encoded if repaired == html else None)


def _lxml_parse(html: str | bytes) -> HtmlElement | None:
    try:
        tree: HtmlElement | None = fromstring(html, parser=_HTML_PARSER)
    except ValueError:
        raise  # a str with an encoding declaration: the caller retries with bytes
    except Exception:  # lxml raises several types for hopeless input
        return None
    return tree


def _usable(tree: HtmlElement | None) -> bool:
    return tree is not None and len(tree) >= 1


def parse_html(html: str) -> HtmlElement:
    """The page's tree, parsed as ``trafilatura.utils.load_html`` does (same repairs, fallbacks
    and rejection of non-HTML) but with :data:`_HTML_PARSER`; CleanError when there is none.

    trafilatura parses the ``str`` first and the UTF-8 bytes when that fails; the bytes are
    tried first here: libxml2 reads UTF-8 natively, while a ``str`` with non-Latin-1
    characters reaches it as UCS-4 to convert (0.3 ms a page). The parser's encoding is fixed
    to UTF-8, so both give the same tree (the benchmark's ``--check`` compares the outputs);
    when the bytes give no usable tree, the ``str`` gets its turn, as in trafilatura.
    """
    beginning = html[:50].lower()
    html, encoded = _repair(html, beginning)
    if encoded is None:
        encoded = html.encode("utf8", "surrogatepass")
    tree = _lxml_parse(encoded)
    if not _usable(tree):
        try:
            from_text = _lxml_parse(html)
        except ValueError:
            from_text = None
        if _usable(from_text):
            tree = from_text
    if tree is None or (is_dubious_html(beginning) and len(tree) < 2):
        raise CleanError("HTML could not be parsed (no document tree)")
    return tree


def extract_html(html: str, url: str | None = None) -> HtmlParts:
    """Main text and metadata of one HTML page; CleanError when no text can be recovered.

    The page is parsed once: metadata and dates read the tree first, then the body extraction
    consumes it (:func:`.html_body.extract_body`), parsing the page again only for its rare
    rescue steps.
    """
    try:
        tree = parse_html(html)
        metadata = _page_metadata(tree, url)
        # before the body extraction prunes the tree; rare (most pages date their markup)
        published = _parse_date(metadata.date) or find_publication_date(tree, url)
        text = extract_body(tree, parse_again=lambda: parse_html(html))
    except RecursionError:
        # Pathologically nested markup: report it as this page's problem, keep the run going.
        raise CleanError("HTML is nested too deeply to extract article text") from None
    except (ValueError, TypeError, AssertionError) as exc:
        raise CleanError(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    if text is None:
        raise CleanError("no article text found in the HTML page")
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
    return HtmlParts(
        paragraphs=paragraphs,
        title=title,
        byline=_none_if_blank(metadata.author),
        publisher=publisher,
        canonical_url=_none_if_blank(metadata.url),
        published=published,
        categories=list(metadata.categories or []),
    )
