"""The author named in a page's markup: trafilatura's DOM author search in one pass, same answer.

``trafilatura.metadata.extract_author`` copies the whole tree, prunes comment/sidebar/date
blocks from the copy, then evaluates three XPaths whose EXSLT regex tests call back into
Python for every element of the page: about 5.5 ms on a news page, run on every page whose
meta tags and JSON-LD name no author (a quarter of the benchmark pages). :func:`find_author`
walks the elements once, skips those whose id/class cannot match any test, applies the same
tests in Python, and rebuilds the text the candidate would have in the pruned copy without
making the copy (about 1.6 ms). The answer is the one ``extract_author`` gives: the benchmark's
``--check`` compares the two on every page, tests/test_clean.py on random pages.

The tests mirror the trafilatura 2.3 XPaths (fingerprints below); if they change, or a page
holds an element the mirror does not cover, trafilatura's own function runs.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import extract_author
from trafilatura.utils import trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from .html_body import xpath_fingerprint

__all__ = ["find_author"]

# fingerprints of the trafilatura expressions the tests below were written from
_MIRRORED = {"author": "52b3a4d1177c18bb", "discard": "bc72e4f5f66922ec"}
_MIRROR_VALID = (
    xpath_fingerprint(AUTHOR_XPATHS) == _MIRRORED["author"]
    and xpath_fingerprint(AUTHOR_DISCARD_XPATHS) == _MIRRORED["discard"]
)
_MAX_AUTHOR_CHARS = 120  # extract_author's length limit

_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram"
    "|article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
_SPECIFIC_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_SPECIFIC_CLASS = re.compile("author-?name|AuthorName|authorName")
_GENERIC_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
_GENERIC_ID = re.compile("author|zuozhe|bianji|xiaobian")
_GENERIC_CLASS = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
_ANY_ID = re.compile("[Aa]uthor")
_ANY_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
# tags the tests accept without any attribute; a <rel> child takes part in a string-value test
# (rel='me') that depends on the pruning, so pages with one go to trafilatura
_TAGS_WITHOUT_ATTRIBUTES = frozenset({"time", "figure", "author", "rel"})
# Whether an id or class can take part in any test below: the union of their patterns and
# exact values. Elements whose id and class match none of it, with no other attribute the
# tests read and no special tag, are skipped (most of a page).
_ANY_MARK = re.compile(
    "|".join(
        pattern.pattern
        for pattern in (
            _DISCARD_ID,
            _DISCARD_CLASS,
            _SPECIFIC_CLASS,
            _GENERIC_ID,
            _GENERIC_CLASS,
            _ANY_ID,
            _ANY_CLASS,
        )
    )
    + "|^(?:comments|title|date|author|byline|username|byl|BBL)$"
)
_OTHER_ATTRIBUTES = frozenset({"itemprop", "rel", "data-testid", "data-component"})

Attributes = dict[str, str]


def _discarded(tag: str, attributes: Attributes) -> bool:
    """AUTHOR_DISCARD_XPATHS: comment lists, sidebars, quotes, dates, figures."""
    if tag in ("time", "figure"):
        return True
    if tag not in _DISCARD_TAGS:
        return False
    # an XPath test of a missing attribute sees the empty string
    ident, names = attributes.get("id", ""), attributes.get("class", "")
    return (
        ident == "comments"
        or names in ("comments", "title", "date")
        or bool(_DISCARD_ID.search(ident) or _DISCARD_CLASS.search(names))
        or "Figure" in attributes.get("data-component", "")
    )


def _search_rank(tag: str, attributes: Attributes) -> int | None:
    """Which of the three AUTHOR_XPATHS selects the element first (0, 1, 2), None if none."""
    get = attributes.get
    ident, names, itemprop = get("id", ""), get("class", ""), get("itemprop", "")
    if tag == "author" or (
        tag in _SPECIFIC_TAGS
        and (
            get("rel") == "author"
            or ident == "author"
            or names == "author"
            or itemprop == "author name"
            or get("data-testid") in ("AuthorCard", "AuthorURL")
            or _SPECIFIC_CLASS.search(names)
        )
    ):
        return 0  # rel/id/class "author", author-name classes, <author>
    if tag in _GENERIC_TAGS and (
        names in ("byline", "username", "byl", "BBL")
        or "author" in itemprop
        or _GENERIC_ID.search(ident)
        or _GENERIC_CLASS.search(names)
    ):
        return 1  # byline classes, author-ish ids and classes on text elements
    if (
        "Byline" in get("data-component", "")
        or "author" in itemprop
        or _ANY_ID.search(ident)
        or _ANY_CLASS.search(names)
    ):
        return 2  # any element with an author/byline/writer marker
    return None


def _pruned_text(element: HtmlElement, removed: set[HtmlElement]) -> str:
    """``" ".join(element.itertext())`` as it would read once ``removed`` are deleted the way
    trafilatura's ``delete_element`` does: gone with their text, their tail appended to the
    previous sibling's tail (or the parent's text), so it joins that string without a space."""
    pieces: list[str] = []

    def walk(node: HtmlElement) -> None:
        pieces.append(node.text or "")
        slot = len(pieces) - 1  # where a deleted child's tail goes
        for child in node:  # elements only: find_author hands other pages to trafilatura
            if child in removed:
                if child.tail:
                    pieces[slot] += child.tail
                continue
            walk(child)
            pieces.append(child.tail or "")
            slot = len(pieces) - 1

    walk(element)
    return " ".join(pieces)


def find_author(tree: HtmlElement) -> str | None:
    """The author ``trafilatura.metadata.extract_author(tree)`` finds, normalised as it does."""
    if not _MIRROR_VALID:
        return extract_author(tree)
    removed: set[HtmlElement] = set()
    ranked: tuple[list[HtmlElement], ...] = ([], [], [])
    marks: dict[str, bool] = {"": False}  # whether _ANY_MARK is in it; values repeat a lot
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str):
            return extract_author(tree)  # a comment or processing instruction: not mirrored
        items = element.items()
        if not items and tag not in _TAGS_WITHOUT_ATTRIBUTES:
            continue
        if tag == "rel":
            return extract_author(tree)
        attributes = dict(items)
        ident, names = attributes.get("id", ""), attributes.get("class", "")
        if (ident_marked := marks.get(ident)) is None:
            ident_marked = marks[ident] = _ANY_MARK.search(ident) is not None
        if (names_marked := marks.get(names)) is None:
            names_marked = marks[names] = _ANY_MARK.search(names) is not None
        if not (
            ident_marked
            or names_marked
            or tag in _TAGS_WITHOUT_ATTRIBUTES
            or not _OTHER_ATTRIBUTES.isdisjoint(attributes)
        ):
            continue  # nothing any test reads
        if _discarded(tag, attributes):
            removed.add(element)
        rank = _search_rank(tag, attributes)
        if rank is not None:
            ranked[rank].append(element)
    for elements in ranked:
        for element in elements:
            if element in removed or any(a in removed for a in element.iterancestors()):
                continue  # pruned from trafilatura's copy
            content = trim(_pruned_text(element, removed))
            if content and 2 < len(content) < _MAX_AUTHOR_CHARS:
                return normalize_authors(None, content)
    return None
