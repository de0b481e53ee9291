"""Headlines for the event coder: where one ends, re-casing a Title Case one, the title field.

A story's headline carries its main event, but the small English model reads a Title Case
headline ("Rebels Seize Town") as a row of names and loses the verb. The headline is re-parsed
from a sentence-cased copy of the same length, so every offset still points into the original.
A title stored apart from the text (``Article.title``) is coded on its own parse, with spans
whose ``field`` is ``"title"``, unless the text already starts with it (no double coding).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Sequence
from typing import Literal

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from .. import nlp
from ..errors import EventwireError
from ..model import Article, Event, Place, Span

# entities come from the resolvers and lemmas are not used: the re-parse skips them
REPARSE_SKIP = {"ner", "entity_ruler", "lemmatizer"}
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = " \t\n.:;,!?-\u2013\u2014'\"\u2018\u2019\u201c\u201d"


class EventInputError(EventwireError):
    """The parse handed to the title coder is not a parse of the article's title."""

    code = "E521"


def headline_end(sdoc: Doc) -> int:
    """Token index where a headline set off by a blank line ends (0 when there is none)."""
    start = sdoc[: min(len(sdoc), 80)].text  # a headline is short: no need for the whole text
    cut = start.find("\n\n")
    if cut <= 0 or cut > 300 or "\n" in start[:cut]:
        return 0
    end = next((t.i for t in sdoc if t.idx >= cut), 0)
    return end if 0 < end < len(sdoc) else 0


def title_case(sent: SpacySpan | Doc) -> bool:
    """Most content words capitalised: a Title Case Headline, which the tagger reads as names."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 2 and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


def name_offsets(
    head: SpacySpan | Doc, names: Sequence[tuple[int, int]], places: Sequence[Place]
) -> set[int]:
    """Start offsets of headline words inside a resolved place or a dictionary actor's name."""
    spans = [*names, *((p.span.start, p.span.end) for p in places if p.span.field == "text")]
    return {t.idx for t in head for s, e in spans if s <= t.idx < e}


def recase(head: SpacySpan | Doc, body: str, known: Collection[str], named: set[int]) -> str:
    """A sentence-cased copy of a Title Case headline, character for character as long.

    Words the lexicon knows (``known``), stop words, words the body writes in lower case and
    words that neither a name backs (``named``) nor the body capitalises are lower-cased;
    names and acronyms keep their capitals.
    """
    doc = head.doc if isinstance(head, SpacySpan) else head
    start, end = (
        (head.start_char, head.end_char) if isinstance(head, SpacySpan) else (0, len(doc.text))
    )
    full = doc.text
    chars = list(full[:end])
    alpha = [t for t in head if t.is_alpha]
    for n, tok in enumerate(alpha):
        low = tok.lower_
        if tok.text == low or (tok.text.isupper() and len(tok.text) > 1):
            continue  # already lower case, or an acronym
        if tok.ent_type_ in ("GPE", "NORP") and low not in known:
            continue
        common = tok.idx not in named and f" {tok.text}" not in body
        if low in known or tok.is_stop or common or any(f" {low}{c}" in body for c in " ,."):
            chars[tok.idx : tok.idx + len(tok.text)] = low
            if n == 0:
                chars[tok.idx] = chars[tok.idx].upper()
    return "".join(chars[start:end])


def reparse(text: str) -> Doc:
    """Tagger and parser only (the resolvers already found the entities)."""
    model = nlp.load()
    redoc = model.make_doc(text)
    for name, proc in model.pipeline:
        if name not in REPARSE_SKIP:
            redoc = proc(redoc)
    return redoc


def retext(event: Event, text: str, field: str = "text", body: Collection[int] = ()) -> Event:
    """Re-point an event coded on a copy at the article's own characters (of ``field``).

    For the title, the place and time move to it too, unless they point into the body: ``body``
    holds the ids of the body's places (the article's focus stands in for a title that names
    no place), and an empty span (the publication date) points nowhere. A place the coder
    named itself ("syntax:name") was read off the title, so it moves with the event.
    """
    ev, tr = event.evidence, event.trigger
    kind: Literal["text", "title"] = "title" if field == "title" else "text"
    event.evidence = Span(ev.start, ev.end, text[ev.start : ev.end], kind)
    event.trigger = Span(tr.start, tr.end, text[tr.start : tr.end], kind)
    if kind == "title" and event.location is not None and id(event.location) not in body:
        event.location = dataclasses.replace(
            event.location, span=dataclasses.replace(event.location.span, field="title")
        )
    if kind == "title" and event.date is not None and event.date.span.end > event.date.span.start:
        event.date = dataclasses.replace(
            event.date, span=dataclasses.replace(event.date.span, field="title")
        )
    return event


def _normalised(text: str) -> str:
    return _SPACES.sub(" ", text).strip(_EDGE_PUNCT).casefold()


def title_in_text(article: Article) -> bool:
    """The text already starts with the title (its headline pass codes it)."""
    if not article.title:
        return False
    title = _normalised(article.title)
    return bool(title) and _normalised(article.text[: len(article.title) + 40]).startswith(title)


def check_title_parse(article: Article, title_sdoc: Doc) -> None:
    """Refuse a parse of another text: every title span would point at the wrong characters."""
    if title_sdoc.text != (article.title or ""):
        raise EventInputError(
            f"the spaCy parse is of another text ({len(title_sdoc.text)} characters) than the "
            f"article title ({len(article.title or '')} characters); parse the title itself"
        )
