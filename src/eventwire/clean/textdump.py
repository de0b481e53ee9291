"""Plain-text dumps of news pages: find the headline, the byline, the captions and the body.

A "text dump" is what a scraper or a copy-paste leaves behind: the article's paragraphs mixed
with page furniture (subscription promos, share buttons, author bios, related-link lists, image
file names, captions). Nothing in this module knows a particular outlet; it combines four
general signals:

* **patterns** from ``data/boilerplate/lines.yaml`` (promos, cookie/newsletter/share lines...);
* **repetition**: a line printed twice on one page is furniture, not reporting;
* **sections**: headers such as "About the writer" or "Related" open a block of furniture;
* **the prose region**: reporting is written in sentences, so short non-sentence lines before
  the first or after the last prose paragraph are navigation, teasers or promo bullets.

The body is the kept paragraphs joined by a blank line, so offsets into ``Article.text`` are
fixed once this function returns.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..model import Caption
from .captions import image_source_credit, is_image_id, split_caption
from .patterns import line_patterns

_BULLET = re.compile(r"^\s*(?:[•*·▪►■◦‣–—-]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$|[\"”’]$")
_BYLINE = re.compile(
    r"(?i:by|written by|words by)\s+"
    r"(?P<name>[A-Z][\w.'’-]*(?:[ ,]+(?:and |& )?[A-Z][\w.'’-]*){0,8})"
    r"(?:\s*[|,–—-]\s*.{0,60})?"
)
_TEASER_END = re.compile(r"(?:\.\.\.|…)\s*(?:read more|more)?\s*[»›→]?$", re.IGNORECASE)
_READ_MORE_END = re.compile(r"\bread more\s*[»›→]?$", re.IGNORECASE)
_MAX_TITLE_WORDS = 30
_MIN_HEADLINE_WORDS = 4
_MAX_TITLE_CHARS = 250
_PROSE_MIN_WORDS = 8
_SHORT_LINE_WORDS = 40  # "start" patterns only apply to lines shorter than this
_PROMO_BULLET_WORDS = 10


@dataclass
class DumpParts:
    """What :func:`parse_text_dump` recovered from a dump."""

    title: str | None
    byline: str | None
    paragraphs: list[str]
    captions: list[Caption] = field(default_factory=list)
    boilerplate_removed: int = 0


@dataclass
class _Unit:
    """One paragraph candidate: a line, or hard-wrapped lines joined back together."""

    text: str
    bullet: bool = False
    keep: bool = True
    role: str = "body"  # body, title, byline, caption, boilerplate


def _normalise_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"[ \t\f\v]+", " ", line).strip()


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_prose(text: str) -> bool:
    """Reporting is written in sentences: enough words, ending like a sentence."""
    return _words(text) >= _PROSE_MIN_WORDS and _SENTENCE_END.search(text) is not None


def _split_units(text: str) -> list[_Unit]:
    """Lines become units; a block hard-wrapped at a fixed width is joined back into one."""
    units: list[_Unit] = []
    block: list[str] = []

    def flush() -> None:
        for line in _unwrap(block):
            bullet = _BULLET.match(line) is not None
            units.append(_Unit(_BULLET.sub("", line).strip() if bullet else line, bullet=bullet))
        block.clear()

    for raw_line in text.splitlines():
        line = _normalise_line(raw_line)
        if line:
            block.append(line)
        else:
            flush()
    flush()
    return [u for u in units if u.text]


def _unwrap(lines: list[str]) -> list[str]:
    """Join a line to the previous one when it continues the same sentence (hard wrapping)."""
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str) -> bool:
    if _BULLET.match(line) or _BULLET.match(previous) or is_image_id(previous):
        return False
    if _SENTENCE_END.search(previous):
        return False
    # a wrapped sentence: long previous line, next one starts in lower case
    return len(previous) >= 40 and line[:1].islower()


def _fingerprint(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _is_patterned(text: str) -> bool:
    patterns = line_patterns()
    stripped = text.strip(" |·•-–—:")
    if patterns.line.fullmatch(stripped):
        return True
    if _words(text) < _SHORT_LINE_WORDS and patterns.start.match(stripped):
        return True
    return bool(patterns.bio.fullmatch(stripped))


def _is_title_like(text: str) -> bool:
    words = _words(text)
    if not 2 <= words <= _MAX_TITLE_WORDS or len(text) > _MAX_TITLE_CHARS:
        return False
    if text.endswith(".") and not text.endswith("..."):
        return False
    if " | " in text or is_image_id(text):
        return False
    return not _is_patterned(text)


def parse_text_dump(text: str, known_title: str | None = None) -> DumpParts:
    """Split a scraped plain-text page into title, byline, body paragraphs and captions."""
    units = _split_units(text)
    captions: list[Caption] = []
    _mark_repeated(units)
    _mark_patterns_and_sections(units)
    _mark_captions(units, captions)
    title = _take_title(units, known_title)
    byline = _take_byline(units)
    _mark_promo_bullets(units)
    _trim_outside_prose(units)
    paragraphs = [u.text for u in units if u.keep]
    removed = sum(1 for u in units if u.role == "boilerplate")
    return DumpParts(
        title=title,
        byline=byline,
        paragraphs=paragraphs,
        captions=captions,
        boilerplate_removed=removed,
    )


def _drop(unit: _Unit, role: str = "boilerplate") -> None:
    unit.keep = False
    unit.role = role


def _mark_repeated(units: list[_Unit]) -> None:
    """A line printed more than once on one page (mastheads, promos) is furniture."""
    counts: dict[str, int] = {}
    for unit in units:
        key = _fingerprint(unit.text)
        counts[key] = counts.get(key, 0) + 1
    for unit in units:
        key = _fingerprint(unit.text)
        if counts[key] > 1 and key:
            _drop(unit)


def _mark_patterns_and_sections(units: list[_Unit]) -> None:
    """Pattern lines go; a section header takes the non-prose lines and bios after it along."""
    patterns = line_patterns()
    in_section = False
    for unit in units:
        stripped = unit.text.strip(" |·•-–—:")
        if patterns.section.fullmatch(stripped):
            _drop(unit)
            in_section = True
            continue
        if not unit.keep:
            continue
        teaser = _READ_MORE_END.search(unit.text) is not None
        if _is_patterned(unit.text) or teaser:
            _drop(unit)
            continue
        if in_section:
            if _is_prose(unit.text) and not unit.bullet and not _TEASER_END.search(unit.text):
                in_section = False  # the reporting goes on after the block
            else:
                _drop(unit)


def _mark_captions(units: list[_Unit], captions: list[Caption]) -> None:
    """Image ids and the captions that follow them are taken out of the body into captions."""
    pending_credit: str | None = None
    after_image = False
    for unit in units:
        if not unit.keep:
            after_image = False
            continue
        if is_image_id(unit.text):
            _drop(unit)
            after_image = True
            continue
        credit = image_source_credit(unit.text)
        if credit is not None:
            _drop(unit, "caption")
            pending_credit = credit
            continue
        caption = split_caption(unit.text)
        if caption is None and after_image and not _is_prose(unit.text):
            caption = Caption(text=unit.text)
        after_image = False
        if caption is None:
            continue
        _drop(unit, "caption")
        if not caption.text:  # a credit line on its own belongs to the caption before it
            if captions and captions[-1].credit is None:
                captions[-1] = Caption(captions[-1].text, caption.credit)
            continue
        if caption.credit is None and pending_credit is not None:
            caption = Caption(caption.text, pending_credit)
        pending_credit = None
        captions.append(caption)


def _take_title(units: list[_Unit], known_title: str | None) -> str | None:
    """The headline: the first short title-like line before the reporting starts."""
    title = known_title.strip() if known_title and known_title.strip() else None
    if title is not None:
        key = _fingerprint(title)
        for unit in units:
            if unit.keep and _fingerprint(unit.text) == key:
                _drop(unit, "title")
        return title
    candidates: list[_Unit] = []
    for unit in units:
        if not unit.keep:
            continue
        if _is_prose(unit.text) and not _is_title_like(unit.text):
            break  # the reporting has started
        if not unit.bullet and _is_title_like(unit.text):
            candidates.append(unit)
    if not candidates:
        return None
    # Mastheads and section labels ("Civic Ledger", "World") are short; a headline says more.
    headline = next(
        (u for u in candidates if _words(u.text) >= _MIN_HEADLINE_WORDS),
        max(candidates, key=lambda u: _words(u.text)),
    )
    _drop(headline, "title")
    key = _fingerprint(headline.text)
    for other in units:  # the headline repeated further down the page
        if other.keep and _fingerprint(other.text) == key:
            _drop(other)
    return headline.text


def _take_byline(units: list[_Unit]) -> str | None:
    """A "By Jane Doe" line near the top names the writer; it is metadata, not body text."""
    seen_prose = 0
    for unit in units:
        if not unit.keep:
            continue
        if _words(unit.text) <= 14:
            match = _BYLINE.fullmatch(unit.text)
            if match:
                _drop(unit, "byline")
                return match.group("name").strip(" ,")
        if _is_prose(unit.text):
            seen_prose += 1
            if seen_prose >= 3:
                return None
    return None


def _mark_promo_bullets(units: list[_Unit]) -> None:
    """A run of short bullets without sentences is a promo/link list; full-sentence bullets stay."""
    index = 0
    while index < len(units):
        if not units[index].bullet:
            index += 1
            continue
        end = index
        while end < len(units) and units[end].bullet:
            end += 1
        run = [u for u in units[index:end] if u.keep]
        promo = [u for u in run if _words(u.text) < _PROMO_BULLET_WORDS and not _is_prose(u.text)]
        if run and len(promo) * 2 >= len(run):
            for unit in run:
                _drop(unit)
        index = end


def _trim_outside_prose(units: list[_Unit]) -> None:
    """Before the first and after the last prose paragraph, only furniture remains."""
    kept = [i for i, u in enumerate(units) if u.keep]
    prose = [i for i in kept if _is_prose(units[i].text) and not _TEASER_END.search(units[i].text)]
    if not prose:
        return
    first, last = prose[0], prose[-1]
    for i in kept:
        if i < first or i > last:
            _drop(units[i])
