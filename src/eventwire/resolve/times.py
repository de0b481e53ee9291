"""Times: find temporal expressions in an article and normalise them against its publication date.

Detection runs the lexicon-built patterns of :mod:`.timex_detect` first and lets spaCy's DATE/TIME
entities fill the gaps; normalisation (:func:`normalize`) reads each expression TIMEX3-style
against ``article.published`` (or, for "that day", "two days later", "the following year",
against the last date the text mentioned, as TimeML does), using the tense of the clause from
the parse to decide whether a bare "Friday" looks back (reporting) or forward ("will meet on
Monday"). Without a publication date, relative expressions are flagged ``anchored=False`` and
never resolved against today.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from spacy.tokens import Doc, Token

from ..model import Article, Span, TimeExpr
from .timex_detect import candidates, plausible
from .timex_normalize import (
    Narrative,
    advance,
    granularity_of,
    guess_tense,
    normalize,
    normalize_full,
)

__all__ = [
    "Narrative",
    "advance",
    "context_at",
    "find_times",
    "granularity_of",
    "guess_tense",
    "normalize",
    "sentence_bounds",
    "tense_at",
]

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "going"}
# Verbs whose infinitive complement looks ahead ("plans to meet Monday"). The pipeline's spaCy
# has no lemmatizer, so forms are matched by their stem.
_FUTURE_HEAD = re.compile(
    r"^(?:plan|expect|schedul|intend|aim|hope|set|due|propos|prepar|promis|vow|threaten|want"
    r"|seek|sought|agree|decid|pledge|suppos|slat|likely|poised|ready|going)",
    re.I,
)


def _is_be(token: Token) -> bool:
    return token.lower_ in ("is", "are", "am", "was", "were", "be", "'s", "'re")


_CALENDAR_WORD = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
    r"|\b(?:second|minute|hour|day|week|month|year|decade|centurie)s\b",
    re.I,
)
_AGE = re.compile(r"(?:year|month|week|day)s?[\s-]+old\b", re.I)
_LEADING_TRIM = ("for ", "in ", "on ", "at ", "since ", "by ", "during ", "until ", "from ", "of ")


def _governing_verb(token: Token) -> Token | None:
    """The verb a time expression modifies: walk up the heads a few steps."""
    current = token
    for _ in range(4):
        if current.pos_ in ("VERB", "AUX") and current.dep_ != "amod":
            return current
        if current.head is current:
            return None
        current = current.head
    return current if current.pos_ in ("VERB", "AUX") else None


# Verbs of arranging an event: a day named after their object dates the event, not the planning.
_PLANNING = re.compile(r"^(?:plan|schedul|slat|arrang)", re.I)


def _dates_a_planned_event(verb: Token, first_token: int) -> bool:
    """ "planned a demonstration on Saturday", "has scheduled a news conference Thursday",
    "planning for the summit in April": the day is when the planned thing happens (ahead),
    while "On Friday, the government planned to pay" dates the planning (the day comes first)."""
    if not _PLANNING.match(verb.lower_) or _pluperfect_plan(verb) or verb.dep_ == "acl":
        # "a service planned for Saturday was canceled": the main clause's tense decides
        return False
    return any(
        child.i < first_token
        and (child.dep_ == "dobj" or (child.dep_ == "prep" and child.lower_ == "for"))
        for child in verb.children
    )


def _pluperfect_plan(head: Token) -> bool:
    """ "had been due/scheduled to expire Friday": a plan made in the past for a past day."""
    for token in (head, head.head):
        if any(
            child.dep_ in ("aux", "auxpass") and child.lower_ == "had" for child in token.children
        ):
            return True
    return False


def tense_at(sdoc: Doc, start: int, end: int) -> str | None:
    """Tense ("past", "present", "future") of the clause around ``start:end`` of the parse."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = _governing_verb(span.root)
    if verb is None:
        return None
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    words = {child.lower_ for child in auxiliaries}
    if words & _FUTURE_AUX or any(
        child.tag_ == "MD" and child.lower_ in ("would", "might", "may", "should", "must", "can")
        for child in auxiliaries
    ):
        # Modal "would" in reported speech is the future seen from the past; "could" is left out:
        # it is also the past of "can" ("could not be located Wednesday").
        return "future"
    if words & {"have", "has", "had", "'ve"} and "been" in words:
        return "past"  # "have been searching since the Oct. 23 slaying": perfect progressive
    if _dates_a_planned_event(verb, span.start):
        return "future"
    if verb.tag_ == "VB" and verb.head is not verb and _pluperfect_plan(verb.head):
        return "past"
    if (
        verb.tag_ == "VB"
        and verb.head is not verb
        and (
            _FUTURE_HEAD.match(verb.head.lower_)
            or (
                _is_be(verb.head)
                and verb.head.tag_ in ("VBZ", "VBP")
                and any(child.tag_ == "TO" for child in verb.children)
            )
        )
    ):
        # "plans to meet Monday", "is to resume trading Tuesday": infinitives look ahead.
        return "future"
    if verb.tag_ == "VBG" and any(child.tag_ in ("VBZ", "VBP") for child in auxiliaries):
        return "future"
    if any(child.tag_ in ("VBD",) for child in auxiliaries) or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and any(
        child.lower_ in ("have", "has", "had", "'ve") for child in auxiliaries
    ):
        return "past"
    if verb.tag_ == "VB" and verb.head is not verb:
        return tense_at_token(verb.head)
    if verb.tag_ in ("VBZ", "VBP"):
        if _is_be(verb) and any(
            c.dep_ == "acomp" and c.lower_ in ("due", "scheduled", "set") for c in verb.children
        ):
            return "future"
        return "present"
    return None


def tense_at_token(verb: Token) -> str | None:
    """The tense of one verb token from its tag and auxiliaries."""
    auxiliaries = {child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")}
    if auxiliaries & _FUTURE_AUX:
        return "future"
    if verb.tag_ == "VBD" or auxiliaries & {"had", "did", "was", "were"}:
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return None


def sentence_bounds(sdoc: Doc) -> list[tuple[int, int]]:
    """Character (start, end) of every sentence, computed once per parse."""
    return [(sent.start_char, sent.end_char) for sent in sdoc.sents]


def context_at(
    sdoc: Doc,
    start: int,
    end: int,
    bounds: list[tuple[int, int]] | None = None,
    text: str | None = None,
) -> str | None:
    """The sentence around ``start:end`` and the one before it.

    Financial reports name "the third quarter" in one sentence and say "a year earlier" in the
    next; the normaliser needs that reach to read it as the year-ago quarter. Pass ``bounds``
    (from :func:`sentence_bounds`) and ``text`` (the parsed text; ``Doc.text`` rebuilds it on
    every call) when calling this for many expressions of one parse.
    """
    if bounds is None:
        bounds = sentence_bounds(sdoc)
    if not bounds:
        return None
    index = max(bisect.bisect_right([b[0] for b in bounds], start) - 1, 0)
    first = max(index - 1, 0)
    if text is None:
        text = sdoc.text
    return text[bounds[first][0] : bounds[index][1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading preposition and trailing punctuation spaCy sometimes puts in a DATE span."""
    lowered = text[start:end].lower()
    for prefix in _LEADING_TRIM:
        if lowered.startswith(prefix):
            start += len(prefix)
            break
    while end > start and text[end - 1] in " ,.;:'\")":
        if (
            text[end - 1] == "."
            and end - start <= 5
            and text[start:end].lower().rstrip(".")
            in ("jan", "feb", "aug", "sept", "oct", "nov", "dec", "a.m", "p.m")
        ):
            break
        if text[end - 1] == "." and text[end - 2 : end] in ("m.",):
            break
        end -= 1
    return start, end


_ADJECTIVAL_DETERMINER = re.compile(
    r"^(?:a|an|the|its|their|his|her|our)\s+(?=[\w.]+-(?:quarter|year|month|week|day|hour)\b)",
    re.I,
)
_REFERENCE_LEAD = re.compile(r"^(?:in|right)\s+(?=(?:the\s+)?(?:past|future|now)\b)", re.I)
# Prepositions, focus particles and possessives TimeML leaves outside the expression: "within
# a week" marks "a week", "only five hours" "five hours", "its fourth quarter" "fourth quarter".
_OUTSIDE_LEAD = re.compile(r"^(?:within|only|just|about|its|their|his|her|our)\s+(?=[\w'])", re.I)


def _timeml_extent(text: str, start: int, end: int) -> tuple[int, int]:
    """TimeML's extent: "a third-quarter loss" marks "third-quarter", "in the past" marks "the
    past", "right now" marks "now" (determiners of adjectival times and prepositions stay out)."""
    piece = text[start:end]
    for pattern in (_ADJECTIVAL_DETERMINER, _REFERENCE_LEAD, _OUTSIDE_LEAD):
        match = pattern.match(piece)
        if match and match.end() < len(piece):
            return start + match.end(), end
    return start, end


def find_times(article: Article, sdoc: Doc) -> list[TimeExpr]:
    """Temporal expressions of ``article`` with TIMEX3 values anchored on its publication date."""
    text = article.text
    anchor: dt.date | None = article.published.date() if article.published is not None else None
    spans = [_timeml_extent(text, start, end) for start, end in candidates(text)]
    taken = [(s, e) for s, e in spans]
    for ent in sdoc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        if end <= start or any(start < e and s < end for s, e in taken):
            continue
        if not _CALENDAR_WORD.search(text[start:end]) or _AGE.search(text[start : end + 5]):
            continue  # "annual", "the night of", "6-year-old": spaCy's guesses that are no dates
        if re.match(r"(?:his|her|their|my|your|our)\s", text[start:end], re.I):
            start = text.index(" ", start) + 1  # "his 40s" is an age; plausible() decides
        if not plausible(text, start, end):
            continue
        taken.append((start, end))
    times: list[TimeExpr] = []
    bounds = sentence_bounds(sdoc) if taken else []
    story = Narrative()  # the date the text is at, for "that day", "two days later"...
    for start, end in sorted(taken):
        expression = text[start:end]
        tense = tense_at(sdoc, start, end)
        context = context_at(sdoc, start, end, bounds, text)
        result = normalize_full(expression, anchor, tense=tense, context=context, narrative=story)
        story = advance(story, expression, result.value)
        if result.value is None and not (result.relative and anchor is None):
            continue
        times.append(
            TimeExpr(
                span=Span(start, end, expression),
                value=result.value,
                granularity=result.granularity,
                anchor=anchor.isoformat() if anchor is not None and result.relative else None,
                anchored=not (result.relative and anchor is None),
            )
        )
    return times
