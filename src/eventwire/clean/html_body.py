"""Article body of a parsed HTML page: trafilatura's extraction cascade, without repeated work.

``trafilatura.bare_extraction`` is generic: it copies the tree it is given, keeps a backup copy
for the readability/jusText comparison (skipped in ``fast`` mode), evaluates regex XPaths over
the whole raw page even where no element can match, and renders the whole page as text to
decide whether to retry in recall mode. eventwire always calls it with the same options (fast,
no comments, tables, plain text), so :func:`extract_body` runs the same cascade with the same
trafilatura functions for exactly those options, and skips only work whose result is known in
advance (see each step). The output is the text ``bare_extraction`` would return.

This follows trafilatura 2.3's ``trafilatura_sequence`` (the version pinned in pyproject);
tests/test_clean.py compares the two on varied pages so an upgrade that changes it shows up.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from copy import copy
from functools import lru_cache

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.baseline import _spaced_text, baseline, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
)
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import _COOKIE_CONSENT_RE, BASIC_CLEAN_XPATH, Extractor
from trafilatura.xml import delete_element, xmltotxt
from trafilatura.xpaths import (
    _COMMENTS_CLASS,
    _COMMENTS_ID,
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
)

# The options eventwire extracts with, as ``bare_extraction`` keywords (the evaluation compares
# against trafilatura called with them).
EXTRACTION_OPTIONS: dict[str, object] = {
    "fast": True,
    "include_comments": False,
    "include_tables": True,
    "with_metadata": False,
}

# trafilatura's raw-tree prunes test id/class with EXSLT regular expressions, which lxml runs
# as a Python call per candidate element: about 2 ms a page, and on most pages nothing matches.
# One Python pass over the candidate elements (no XPath machinery) tells whether a prune can
# match anything: each test accepts a superset of what its prune selects (the same regexes
# without the extra conditions, or a substring all its regexes need), and the prune itself
# still runs, unchanged, whenever its test fires. The tests were written against the XPaths
# with these fingerprints; if trafilatura changes them, the prunes simply always run.
# tested on all candidates' ids (and classes) joined by newlines: "^" also matches after one
_COMMENT_ID = re.compile(f"^(?:{_COMMENTS_ID}|disqus_thread|dsq-comments)", re.MULTILINE)
_COMMENT_CLASS = re.compile(_COMMENTS_CLASS, re.MULTILINE)
_SCROLL_MARKS = re.compile("mvp-post-add-|infinite|elementor-share-buttons")
_PRUNED_TAGS = ("aside", "details", "div", "list", "ol", "section", "ul")
_GUARDED_PRUNES = {"raw": "25d5ab67770cfefa", "comments": "ec1083e558ae70c0"}
# The comments prune itself, element by element (the same tests as its XPath, in document order
# as XPath returns them): on the third of pages where it runs, its regex XPath costs ~1 ms.
_COMMENT_BLOCK_TAGS = frozenset({"div", "list", "section", "details", "ol", "ul"})
_COMMENT_LIST_TAGS = frozenset({"ol", "ul"})
_COMMENT_BLOCK_ID = re.compile(f"^(?:{_COMMENTS_ID}|disqus_thread|dsq-comments)")
_COMMENT_LIST_ID = re.compile(f"^(?:{_COMMENTS_ID})")
_COMMENT_BLOCK_CLASS = re.compile(_COMMENTS_CLASS)


def xpath_fingerprint(expressions: list[XPath]) -> str:
    """A short hash of XPath sources (whitespace-insensitive), to notice when they change."""
    source = "\n".join(" ".join(expression.path.split()) for expression in expressions)
    return hashlib.sha256(source.encode()).hexdigest()[:16]


_GUARDS_VALID = (
    xpath_fingerprint(RAW_TREE_PRUNE_XPATH) == _GUARDED_PRUNES["raw"]
    and xpath_fingerprint(REMOVE_COMMENTS_AND_LISTS_XPATH) == _GUARDED_PRUNES["comments"]
)

# html2txt's cleaning XPath is a plain part plus an EXSLT regex test (cookie banners) on every
# element. Pages whose class/id values cannot match that regex need only the plain part: the
# same elements go. Used only while the expression has exactly that shape.
_COOKIE_BANNER = re.compile(_COOKIE_CONSENT_RE, re.IGNORECASE)
_PLAIN_PART, _, _REGEX_PART = BASIC_CLEAN_XPATH.path.partition("|.//*[re:test(")
_SPLIT_CLEAN_VALID = (
    f"@class, '{_COOKIE_CONSENT_RE}', 'i') or re:test(@id, '{_COOKIE_CONSENT_RE}', 'i')]"
) == _REGEX_PART and "re:" not in _PLAIN_PART
_PLAIN_CLEAN = XPath(_PLAIN_PART)
_CLASSES_AND_IDS = XPath(".//@class|.//@id", smart_strings=False)


_LITERAL_START = re.compile(r"^[a-z0-9]*")


def _leading_words(pattern: str) -> tuple[str, ...] | None:
    """The literal start of each top-level alternative of ``pattern`` ("cookie" for
    ``cookie[-_]?banner``): every match contains one of them. None when some alternative does
    not start with a letter or digit (or the pattern has escapes), so no such words exist."""
    if "\\" in pattern:
        return None
    branches, depth, start = [], 0, 0
    for index, char in enumerate(pattern):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
    branches.append(pattern[start:])
    words = []
    for branch in branches:
        word = str(_LITERAL_START.findall(branch.lower())[0])
        if branch[len(word) : len(word) + 1] in ("?", "*", "{"):
            word = word[:-1]  # "colou?r": the last letter is optional
        words.append(word)
    return tuple(words) if all(words) else None


# The cookie-banner regex is case-insensitive and slow over a page's 10-20 kB of classes and ids
# (0.5 ms). On ASCII text a match needs one of its alternatives' leading words in the lowercased
# text, which plain substring tests find 50 times faster; only then does the regex run.
_COOKIE_WORDS = _leading_words(_COOKIE_CONSENT_RE)


def _may_name_cookie_banner(names: str) -> bool:
    if _COOKIE_WORDS is None or not names.isascii():
        return True
    lowered = names.lower()
    return any(word in lowered for word in _COOKIE_WORDS)


@lru_cache(maxsize=1)
def _options() -> Extractor:
    """The extractor settings, built once (reading trafilatura's config costs 0.1 ms); the
    extraction only reads them, the recall retry works on a copy."""
    # MAX_TREE_SIZE is unset in trafilatura's default configuration: no tree-size check
    return Extractor(output_format="python", fast=True, comments=False, tables=True)


def _raw_prunes_needed(tree: HtmlElement) -> tuple[bool, bool]:
    """Whether the infinite-scroll/share prune and the comments prune can match anything."""
    if not _GUARDS_VALID:
        return True, True
    ids: list[str] = []
    classes: list[str] = []
    for element in tree.iter(_PRUNED_TAGS):
        if ident := element.get("id"):
            ids.append(ident)
        if names := element.get("class"):
            classes.append(names)
    ids_text, classes_text = "\n".join(ids), "\n".join(classes)
    scroll = bool(_SCROLL_MARKS.search(ids_text) or _SCROLL_MARKS.search(classes_text))
    comments = bool(_COMMENT_ID.search(ids_text) or _COMMENT_CLASS.search(classes_text))
    return scroll, comments


def page_text_length(tree: HtmlElement) -> int:
    """``len(html2txt(tree))``, the page size trafilatura's recall escalation compares with.

    html2txt copies the whole document; only the body is copied here, and the cookie-banner
    regex runs only when some class or id could match it.
    """
    if not _SPLIT_CLEAN_VALID:
        return len(html2txt(tree))
    body = tree.find(".//body")
    page = copy(tree if body is None else body)
    for element in _PLAIN_CLEAN(page):
        delete_element(element)
    names = "\n".join(_CLASSES_AND_IDS(page))
    if _may_name_cookie_banner(names) and _COOKIE_BANNER.search(names):
        for element in BASIC_CLEAN_XPATH(page):
            delete_element(element)
    return len(_spaced_text(page))


def _under_extracted(tree: HtmlElement | Callable[[], HtmlElement], text_length: int) -> bool:
    """trafilatura's recall-escalation test: a short text covering little of the page.
    ``tree`` may be a function giving the raw tree: it is called only for a short text."""
    if not 0 < text_length < ESCALATION_MAX_LENGTH:
        return False
    raw = tree if isinstance(tree, HtmlElement) else tree()
    return text_length < ESCALATION_PAGE_SHARE * page_text_length(raw)


def extract_body(
    tree: HtmlElement, parse_again: Callable[[], HtmlElement] | None = None
) -> str | None:
    """Main text of the page (lines separated by newlines), or None when there is too little.

    ``tree`` is consumed: it is pruned in place and must not be used afterwards. The steps are
    trafilatura's (``trafilatura_sequence`` then the size check of ``bare_extraction``, which
    also turns a ValueError or TypeError during extraction into "no text").

    The main extraction cleans a tree while the rescue steps (baseline, recall retry) need the
    raw one. Without ``parse_again`` the raw tree is copied first, as trafilatura does. With
    it (a function parsing the same page again, giving an identical tree), ``tree`` is cleaned
    in place and the page is parsed again only when a rescue step runs (a short text: a third
    of the pages): copying and freeing a whole page costs more than that.
    """
    try:
        return _extract_body(tree, _options(), parse_again)
    except (ValueError, TypeError):
        return None


def comment_blocks(tree: HtmlElement) -> list[HtmlElement]:
    """The elements ``REMOVE_COMMENTS_AND_LISTS_XPATH`` selects, found in one Python pass:
    comment blocks (div/list/section/details by id or class) and comment lists (ol/ul by
    class, or by id without the Disqus ids)."""
    blocks = []
    for element in tree.iter(_PRUNED_TAGS):
        tag = element.tag
        if tag not in _COMMENT_BLOCK_TAGS:
            continue
        ident, names = element.get("id") or "", element.get("class") or ""
        if _COMMENT_BLOCK_CLASS.search(names) or (
            _COMMENT_BLOCK_ID.search(ident)
            and (tag not in _COMMENT_LIST_TAGS or _COMMENT_LIST_ID.search(ident))
        ):
            blocks.append(element)
    return blocks


def _prune_raw(tree: HtmlElement, scroll: bool, comments: bool) -> None:
    if scroll:
        prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
    if comments and _GUARDS_VALID:
        for element in comment_blocks(tree):
            delete_element(element)  # as prune_unwanted_nodes does, tail kept
    elif comments:
        prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)


def _extract_body(
    tree: HtmlElement, options: Extractor, parse_again: Callable[[], HtmlElement] | None
) -> str | None:
    is_forum = _forum_thread_page(tree)
    scroll, comments = _raw_prunes_needed(tree)
    comments = comments and not is_forum
    _prune_raw(tree, scroll, comments)
    raw_trees: list[HtmlElement] = []

    def raw_tree() -> HtmlElement:
        """The raw (pruned) tree for the rescue steps; the same one for all of them."""
        if not raw_trees and parse_again is not None:
            raw_trees.append(parse_again())
            _prune_raw(raw_trees[0], scroll, comments)  # same tree: the same decisions
        return raw_trees[0]

    if parse_again is None:
        raw_trees.append(tree)  # kept intact for the rescue steps; no backup copy (fast mode)
        tree = copy(tree)
    cleaned = convert_tags(tree_cleaning(tree, options), options)
    body, text = extract_content(cleaned, options)

    if len(text) < options.min_extracted_size:  # rescue: baseline on the raw tree
        baseline_body, baseline_text, baseline_length = baseline(raw_tree())
        if baseline_length > len(text):
            body, text = baseline_body, baseline_text

    if _under_extracted(raw_tree, len(text)):
        # recall retry; the raw tree is not needed afterwards, so it is cleaned without a copy
        recall = copy(options)
        recall.focus = "recall"
        try:
            retry_body, retry_text = extract_content(
                convert_tags(tree_cleaning(raw_tree(), recall), recall), recall
            )
        except Exception:  # as in trafilatura: a failed retry keeps the first result
            retry_text = ""
        retry_length = len(retry_text)
        if (
            retry_length >= options.min_extracted_size
            and retry_length > ESCALATION_ACCEPT_RATIO * len(text)
        ):
            body, text = retry_body, retry_text

    if len(text) < options.min_output_size:
        return None
    return str(xmltotxt(body, options.formatting))
