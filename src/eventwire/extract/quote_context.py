"""Shared state of one quote extraction: the parse, the quotation regions, token helpers.

Every pass (direct quotations, indirect statements, attitudes, sources) reads the same parse and
the same quotation regions and asks the same questions of a token: is it inside a quotation, is it
a cue, who is its grammatical speaker, where does its clause start and end. Those answers live
here, in ``QuoteContext``; the passes are subclasses in their own modules and ``quotes.py`` runs
them in order (``Found`` is a statement being built, before it becomes a ``Quote``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..errors import EventwireError
from ..model import Mention, Span, Speaker
from .quote_lexicon import CueLexicon
from .quote_marks import QuoteRegion, find_regions
from .quote_speakers import SpeakerResolver, build_entities

MIN_DIRECT_WORDS = 4  # shorter quotations are scare quotes or fragments, not statements
_TRIM = " \t\n,.;:—–-"
# "WASHINGTON (AP) — ", "PHILADELPHIA, July 25 (UPI) -- ": a dateline is nobody's speech
_DATELINE = re.compile(
    r"[ \t]*(?:[A-Z][A-Z .,'’-]{2,}(?:,[^\n(—–]{0,20})?(?:\([^)\n]{1,40}\))?"
    r"|[A-Z][\w .,'’-]{2,30}\([A-Z][A-Za-z. ]{1,15}\))"  # "Washington (AFP) –": title case + agency
    r"[ \t]*(?:—|–|--|-)[ \t]*"
)
_CLOCK = re.compile(r"(?i)\d{1,2}(?::\d\d)?|[ap]\.?m\.?|noon|midnight")
_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
_QUANTIFIERS = frozenset({"many", "most", "few", "several", "more", "fewer", "others"})
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "'s", "’s"})


class QuoteInputError(EventwireError):
    """The parse handed to the quote extractor does not belong to the text."""

    code = "E511"


@dataclass
class Found:
    """A statement being built (token-level, before it becomes a Quote)."""

    start: int
    end: int
    kind: str
    head: Token | None  # the speaker's head token; resolved in text order at the end
    cue: Token | None = None
    cue_end: int | None = None  # end offset when the cue has several words ("according to")
    via: list[str] = field(default_factory=list)
    paragraph_end: int = 0
    speaker: Speaker = field(default_factory=lambda: Speaker(None))
    parent: Found | None = None  # the quote whose speaker this one continues
    # the proposition is held by nobody named ("Sanders seemed to reap the benefits", "Asked
    # about …"): its subject is part of the content, never the speaker
    speakerless: bool = False


class QuoteContext:
    """The parse, the quotation regions and the token questions every pass asks."""

    def __init__(
        self,
        text: str,
        sdoc: Doc,
        mentions: Sequence[Mention],
        span_field: str,
        lexicon: CueLexicon,
    ) -> None:
        if sdoc.text != text:
            raise QuoteInputError(
                f"the spaCy parse is of another text ({len(sdoc.text)} characters) than the "
                f"article {span_field} ({len(text)} characters); parse the {span_field} itself"
            )
        self.text = text
        self.sdoc = sdoc
        self.field = span_field
        self.lex = lexicon
        self.regions = find_regions(text)
        self.full = [r for r in self.regions if self._is_statement(r)]
        self.speakers = SpeakerResolver(
            text,
            build_entities(sdoc, mentions, span_field),
            lexicon,
            span_field,
            quoted=[(r.start, r.end) for r in self.full],
        )
        self.fragments = [r for r in self.regions if r not in self.full]
        self.full.sort(key=lambda r: r.start)
        self._full_starts = [r.start for r in self.full]
        self._regions_by_start = sorted(self.regions, key=lambda r: r.start)
        self._region_starts = [r.start for r in self._regions_by_start]
        self._token_starts = [t.idx for t in sdoc]
        self.used_cues: set[int] = set()
        # verbs that can introduce a quotation (not stance verbs such as "support", "back")
        self._quoting_verbs = lexicon.clause_verbs | lexicon.quote_only_verbs | lexicon.speech_verbs

    # -- helpers -------------------------------------------------------------------------------

    def _span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end], self.field)  # type: ignore[arg-type]

    def _is_statement(self, region: QuoteRegion) -> bool:
        inner = region.inner(self.text)
        words = len(inner.split())
        if words >= MIN_DIRECT_WORDS:
            return True
        # '“It’s fine,” Trump says': a short sentence of its own, not a scare quote mid-sentence
        before = self.text[: region.start].rstrip()
        opens_sentence = (
            not before or before[-1] in ".!?:" or "\n" in self.text[len(before) : region.start]
        )
        return (
            words >= 2
            and opens_sentence
            and inner[:1].isupper()
            and inner.rstrip()[-1:] in {",", "!", "?"}
        )

    def _indirect_kind(self, start: int, end: int) -> str:
        """A reported statement with a whole quotation inside it is mixed."""
        inside = any(start <= r.start and r.end <= end for r in self.regions)
        return "mixed" if inside else "indirect"

    def _paragraph(self, offset: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end

    def _in_region(self, offset: int) -> bool:
        """Inside any quotation, a scare quote or fragment included."""
        k = bisect.bisect_right(self._region_starts, offset) - 1
        return k >= 0 and offset < self._regions_by_start[k].end

    def _in_full_region(self, offset: int) -> bool:
        k = bisect.bisect_right(self._full_starts, offset) - 1
        return k >= 0 and offset < self.full[k].end

    def _tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens that begin inside [start, end), found by bisection (this runs per quotation)."""
        first = bisect.bisect_left(self._token_starts, start)
        last = bisect.bisect_left(self._token_starts, end)
        return list(self.sdoc[first:last])

    def _lemma(self, token: Token) -> str | None:
        if not token.tag_.startswith("VB"):
            # "The candidate plans to be back …": the tagger reads "plans" as a plural noun, but
            # a subject and a verbal complement make it the verb
            deps = {c.dep_ for c in token.children}
            if not (token.tag_ == "NNS" and "nsubj" in deps and deps & {"xcomp", "ccomp"}):
                return None
        if (
            token.dep_ == "xcomp"
            and token.head.lower_ in _BE
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        ):
            return None  # "is to blame", "was to say": not a statement
        return self.lex.verb_lemma(token.text)

    def _speaker_head(self, cue: Token) -> Token | None:
        """Subject of a cue verb, minus timestamps and datelines the parser glued onto it."""
        head = self._grammatical_speaker(cue)
        if head is None:
            return None
        line_start = self.text.rfind("\n", 0, head.idx + 1) + 1
        dateline = _DATELINE.match(self.text, line_start)
        glued = "\n" in self.text[head.idx : head.idx + 1 + max(0, cue.idx - head.idx)]
        in_dateline = dateline is not None and head.idx < dateline.end()
        when = head.ent_type_ in {"DATE", "TIME"} or (
            _CLOCK.fullmatch(head.text) is not None and head.ent_type_ != "CARDINAL"
        )  # "Six in 10 say": a count, not a clock
        # "Most say", "several threatened", "One says": quantifiers stand for people
        counted = head.dep_ in {"nsubj", "nsubjpass", "nummod"} and (
            head.pos_ in {"NUM", "DET"} or head.lower_ in _QUANTIFIERS
        )
        if not (glued or in_dateline or when or (head.pos_ not in _NOMINAL and not counted)):
            return head
        # '4:40 p.m.\n\nMarco Rubio says …' / 'WASHINGTON (AP) — Trump …, saying': the real
        # subject is the top noun between the line (or dateline) start and the cue
        after_dateline = dateline.end() if dateline is not None and in_dateline else 0
        start = max(self.text.rfind("\n", 0, cue.idx) + 1, after_dateline)
        span = self._tokens_between(start, cue.idx) if cue.idx > head.idx else []
        nouns = [
            t
            for t in span
            if t.pos_ in _NOMINAL
            and t.ent_type_ not in {"DATE", "TIME"}
            and t.i != head.i
            and not self._in_full_region(t.idx)
        ]
        subjects = [t for t in nouns if t.dep_ in {"nsubj", "nsubjpass"}]
        tops = [t for t in nouns if not (start <= t.head.idx < cue.idx) or t.head.i == cue.i]
        ranked = subjects or tops or nouns[-1:]
        best = ranked[0] if ranked else None
        if best is None or _CLOCK.fullmatch(best.text):
            return head
        return best

    def _grammatical_speaker(self, cue: Token) -> Token | None:
        """Subject of a cue verb, climbing participles and conjuncts ("…, saying …")."""
        token: Token | None = cue
        for _ in range(4):
            if token is None:
                return None
            subjects = [c for c in token.children if c.dep_ in {"nsubj", "csubj"}]
            # "''That, unfortunately,'' he said": a quoted fragment parsed as a second subject
            # is what was said, not who said it
            outside = [c for c in subjects if not self._in_region(c.idx)]
            for child in token.children:
                if child.dep_ in {"nsubj", "csubj"} and (child in outside or not outside):
                    return child
                if child.dep_ == "agent":
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
            if any(c.dep_ == "nsubjpass" for c in token.children):
                return None  # "he was told that …": the subject heard it, did not say it
            counts = [c for c in token.lefts if c.dep_ == "nummod"]
            if counts:
                return counts[0]  # "About 4 in 10 say …": the parser reads the count as a modifier
            if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.pos_ in _NOMINAL:
                return self._message_sender(token.head) or token.head  # "super PACs backing Cruz"
            infinitive = token.dep_ in {"advcl", "xcomp"} and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in token.children
            )  # "went on TV to defend her": the subject of "went" defends
            climbs = (
                token.dep_ == "conj"
                or infinitive
                or (token.tag_ == "VBG" and token.dep_ in {"advcl", "xcomp"})
            )
            if climbs and token.head is not token:
                token = token.head
            elif token.dep_ == "pcomp" and token.tag_ == "VBG":
                token = self._verb_above(token)  # "In addition to stating that …, Clinton has …"
            else:
                return None
        return None

    def _message_sender(self, noun: Token) -> Token | None:
        """'X issued a statement saying …', 'carrying signs saying …': who sent the message."""
        if noun.lower_ not in self.lex.message_nouns or noun.dep_ != "dobj":
            return None
        verb = noun.head
        for _ in range(3):  # "had amassed, calling for … and carrying signs saying …"
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
            if verb.dep_ not in {"conj", "advcl", "xcomp"} or verb.head is verb:
                return None
            verb = verb.head
        return None

    @staticmethod
    def _verb_above(token: Token) -> Token | None:
        """The verb a prepositional phrase hangs from ("by announcing …" -> its clause's verb)."""
        for _ in range(4):
            if token.head is token:
                return None
            token = token.head
            if token.pos_ in {"VERB", "AUX"}:
                return token
        return None

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Strip edge punctuation, but keep a quotation that the clause ends inside whole."""
        while start < end and self.text[start] in _TRIM:
            start += 1
        while end > start and self.text[end - 1] in _TRIM:
            end -= 1
        for region in self.regions:
            if region.start < end < region.end and region.end - end <= 3:
                end = region.end  # 'was "purely symbolic."' - the clause stops before '."'
        return start, end

    def _according(self, token: Token) -> tuple[Token, int] | None:
        """For the first word of "according to X": X's head token and the phrase's end offset."""
        for phrase in self.lex.according_to:
            if token.lower_ != phrase[0] or token.i + len(phrase) > len(self.sdoc):
                continue
            words = self.sdoc[token.i : token.i + len(phrase)]
            if tuple(t.lower_ for t in words) != phrase:
                continue
            last = words[-1]
            objects = [t for t in last.children if t.dep_ == "pobj"] or [
                t for t in token.children if t.dep_ == "pobj"
            ]
            if objects:
                return objects[0], last.idx + len(last.text)
        return None
