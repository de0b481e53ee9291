"""Quotes and statements: who said what, through whom.

Contract: ``find_quotes(article, sdoc, mentions=()) -> list[Quote]`` where ``sdoc`` is the spaCy
parse of ``article.text``; ``find_title_quotes(article, title_sdoc)`` does the same for the
headline (spans with ``field="title"``).

How it works, in four passes over one parse (no second model, so it stays cheap):

1. Direct quotations come from quotation marks (quote_marks.py), joined across paragraphs. The cue
   is the nearest statement verb with a subject outside the marks in the same sentence ("…," he
   said / Putin said: "…"); a quotation without its own cue continues the previous speaker's.
2. Indirect statements come from the parse: a cue verb of the lexicon (data/lexicons/cues.yaml)
   with a clausal complement ("said that …"), or, for verbs such as *accuse* or *deny*, with an
   object or prepositional phrase ("accused the West of …"); attitude verbs (*want*, *refuse*,
   *plan*) take their to-infinitive; a parenthetical cue ("The plan, he said, is dead") takes the
   sentence around it. Raising verbs, agentless passives and fronted "Asked …" attribute a
   proposition to nobody named (quote_constructions.py). A short quotation inside such a clause
   makes the statement *mixed* (control of the city was "purely symbolic"). Anything whose cue
   lies inside another statement's content belongs to that statement, as in PolNeAR; "Name:
   text" paragraphs (headlines, transcripts) are statements of Name.
3. "according to X" gives the clause it modifies a source; when that clause already has a speaker
   X is a reporting source and goes to ``Quote.via``, as do outlets that report someone else's
   statement ("…, Reuters reported").
4. Nouns and adjectives carry statements too: "his claim that …", "support for the wall"
   (quote_nouns.py), "was critical of the plan" (quote_constructions.py).

Span conventions (the cue's verbal group, the writer's trailing additions) are in quote_spans.py.
Speakers are resolved by quote_speakers.py (pronouns, descriptions, name coreference).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Token

from ..errors import EventwireError
from ..model import Article, Mention, Quote, Span, Speaker
from .quote_constructions import asked_question, attitude_adjective, raised_proposition
from .quote_lexicon import DEFAULT_CUES, CueLexicon, load_cues
from .quote_marks import QuoteRegion, find_regions
from .quote_nouns import noun_statement
from .quote_spans import cue_extent, cut_writer_tail
from .quote_speakers import (
    SpeakerResolver,
    build_entities,
    colon_speaker,
    dashed_label,
    implicit_holder,
    signed_by,
    subjectless_speaker,
)

__all__ = ["QuoteInputError", "find_quotes", "find_title_quotes"]

MIXED_MIN_WORDS = 2  # words outside a quotation that make its clause the content (mixed)
MIN_DIRECT_WORDS = 4  # shorter quotations are scare quotes or fragments, not statements
_OBJECT_PREPS = frozenset({"of", "for", "about", "on", "over", "against", "as"})
_OBJECT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "attr", "oprd", "pcomp"})
_OBJECT_TAIL_DEPS = frozenset({"prep", "npadvmod", "advmod", "cc", "conj", "dative", "acomp"})
_TIME_PREPS = frozenset({"after", "before", "during", "since", "until", "amid", "when", "while"})
_TRIM = " \t\n,.;:—–-"
# "Name:" or "NAME:" opening a paragraph (headlines, transcripts)
_LABELLED_LINE = re.compile(
    r"^[ \t]*([A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|of|the|de|van|von)){0,3})[ \t]*:[ \t]+(.+)$",
    re.MULTILINE,
)
# "WASHINGTON (AP) — ", "PHILADELPHIA, July 25 (UPI) -- ": a dateline is nobody's speech
_DATELINE = re.compile(
    r"[ \t]*[A-Z][A-Z .,'’-]{2,}(?:,[^\n(—–]{0,20})?(?:\([^)\n]{1,40}\))?[ \t]*(?:—|–|--|-)[ \t]*"
)
_CLOCK = re.compile(r"(?i)\d{1,2}(?::\d\d)?|[ap]\.?m\.?|noon|midnight")
QUOTE_CLOSERS = "\"”»’' "
_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
_QUANTIFIERS = frozenset({"many", "most", "few", "several", "more", "fewer", "others"})
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "'s", "’s"})


class QuoteInputError(EventwireError):
    """The parse handed to the quote extractor does not belong to the text."""

    code = "E511"


@dataclass
class _Found:
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
    parent: _Found | None = None  # the quote whose speaker this one continues
    # the proposition is held by nobody named ("Sanders seemed to reap the benefits", "Asked
    # about …"): its subject is part of the content, never the speaker
    speakerless: bool = False


def find_quotes(
    article: Article,
    sdoc: Doc,
    mentions: Sequence[Mention] = (),
    cues: Path = DEFAULT_CUES,
) -> list[Quote]:
    """Quotes and statements of the article body, in text order."""
    return _Extractor(article.text, sdoc, mentions, "text", load_cues(cues)).run()


def find_title_quotes(
    article: Article,
    title_sdoc: Doc,
    mentions: Sequence[Mention] = (),
    cues: Path = DEFAULT_CUES,
) -> list[Quote]:
    """Statements in the headline ("Putin Blames …"); spans carry ``field="title"``."""
    if not article.title:
        return []
    extractor = _Extractor(article.title, title_sdoc, mentions, "title", load_cues(cues))
    return extractor.run() or extractor.headline()


class _Extractor:
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
        counted = head.dep_ in {"nsubj", "nsubjpass"} and (
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
            for child in token.children:
                if child.dep_ in {"nsubj", "csubj"}:
                    return child
                if child.dep_ == "agent":
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
            if any(c.dep_ == "nsubjpass" for c in token.children):
                return None  # "he was told that …": the subject heard it, did not say it
            if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.pos_ in _NOMINAL:
                return token.head  # "super PACs backing Mr. Cruz": the noun does the backing
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

    # -- pass 1: direct quotations -------------------------------------------------------------

    def _context(self, region: QuoteRegion) -> tuple[list[Token], list[Token]]:
        """Tokens before (nearest first) and after a quotation in its sentence(s) and paragraph."""
        p_start, _ = self._paragraph(region.start)
        _, p_end = self._paragraph(max(region.end - 1, region.start))
        inside = self._tokens_between(region.start, region.end)
        if not inside:
            return [], []
        first, last = inside[0], inside[-1]
        sentence = first.sent
        if sentence.start_char >= region.start and sentence.start > 0:
            before = self.sdoc[sentence.start - 1]
            if before.text not in {".", "!", "?"}:
                sentence = before.sent  # 'writing “…' split off from its sentence by the parser
        left = [
            t
            for t in sentence
            if t.idx < region.start and t.idx >= p_start and not self._in_full_region(t.idx)
        ]
        right_sent_end = last.sent.end
        after_end = [t for t in last.sent if t.idx >= region.end]
        if not after_end and right_sent_end < len(self.sdoc):
            following = self.sdoc[right_sent_end].sent
            words = [t for t in following if not t.is_space and not t.is_punct]
            # '"…." he said.' split in two - but not a new sentence of the story ('The government
            # refused …' after a quotation that ends its own sentence)
            root = following.root
            bare_attribution = self._lemma(root) is not None and not any(
                c.dep_ in {"ccomp", "dobj", "xcomp"} for c in root.children
            )  # '"…." Sen. Bernie Sanders of Vermont said on Tuesday.'
            if words and (words[0].is_lower or len(words) <= 4 or bare_attribution):
                right_sent_end = following.end
        right: list[Token] = []
        for t in self.sdoc[last.i + 1 : right_sent_end]:
            if t.idx >= p_end or self._in_full_region(t.idx):
                break
            right.append(t)
        return list(reversed(left)), right

    def _cue_for(
        self, tokens: Sequence[Token], after: bool = False
    ) -> tuple[Token, Token, int | None] | None:
        """The first cue (with its speaker head) among ``tokens``.

        After a quotation, a verb that reports a clause of its own ('- "…?" - Democrats said they
        were unfazed') is not the quotation's cue.
        """
        for token in tokens:
            if after and any(
                c.dep_ == "ccomp" and c.i > token.i and not self._in_full_region(c.idx)
                for c in token.children
            ):
                continue
            according = self._according(token)
            if according is not None:
                return token, according[0], according[1]
            lemma = self._lemma(token)
            if lemma is None or lemma not in self._quoting_verbs:
                continue  # "a voter who supports Trump, … “…”": support quotes nobody
            head = self._speaker_head(token)
            if head is None and token.tag_ == "VBG":
                # ", writing “…": a misparsed participle still reports its clause's subject
                head = next((c for c in token.sent.root.children if c.dep_ == "nsubj"), None)
            if head is None:
                head = subjectless_speaker(
                    token, self.lex.speech_verbs, lemma, self._in_full_region
                )
            if head is not None and not self._in_full_region(head.idx):
                return token, head, None
        return None

    def _direct(self) -> list[_Found]:
        found: list[_Found] = []
        for region in self.full:
            left, right = self._context(region)
            hit = (
                self._enclosing_cue(left) or self._cue_for(right, after=True) or self._cue_for(left)
            )
            if hit is None:
                hit = self._colon_cue(region) or self._any_verb_after(region, right)
            p_end = self._paragraph(max(region.end - 1, region.start))[1]
            if hit is None:
                signed = signed_by(self._tokens_between(region.end, p_end))  # "“…” ― Name"
                hit = (signed[0], signed[1], None) if signed is not None else None
            if hit is None:
                previous = found[-1] if found else None
                if previous is not None and self._continues(previous, region):
                    # the same speaker goes on: its own quote, the previous one's speaker
                    previous.end = region.end
                    previous.paragraph_end = p_end
                    continue
                borrowed = self._previous_sentence_cue(region)
                if borrowed is not None:
                    # '… a “change agent,” Cole said. “That’s exactly …”': Cole goes on
                    item = _Found(region.start, region.end, "direct", borrowed[1], borrowed[0])
                else:
                    item = _Found(region.start, region.end, "direct", None)
                item.paragraph_end = p_end
                found.append(item)
                continue
            cue, head, cue_end = hit
            previous = found[-1] if found else None
            parent = None
            if previous is not None and previous.cue is not None and previous.cue.i == cue.i:
                previous.end = max(previous.end, region.end)  # "“A,” he said, “B.”"
                previous.paragraph_end = p_end
                continue
            self.used_cues.add(cue.i)
            start, end, kind = region.start, region.end, "direct"
            lemma = self._lemma(cue)
            clause = self._clause_of(cue) if lemma is None else self._content_of(cue, lemma)
            if clause is not None and clause[0] <= start and end <= clause[1]:
                # 'called the system “rotten to the core.”': the quotation is part of a clause
                outside = self.text[clause[0] : start] + self.text[end : clause[1]]
                if (
                    len([w for w in outside.split() if any(c.isalpha() for c in w)])
                    >= MIXED_MIN_WORDS
                ):
                    tail = self.text[end : clause[1]].lstrip()
                    # '… “should be wrapped up by Cleveland,” referring to …': what follows a
                    # comma or dash after the quotation is the writer's, not the speaker's
                    stop = end if tail[:1] in {",", "—", "–", ";", "("} else clause[1]
                    start, end, kind = clause[0], stop, "mixed"
            item = _Found(start, end, kind, head, cue, cue_end)
            item.paragraph_end, item.parent = p_end, parent
            found.append(item)
        return found

    def _any_verb_after(
        self, region: QuoteRegion, right: Sequence[Token]
    ) -> tuple[Token, Token, int | None] | None:
        """'“This is fantastic!” Hartley beamed.': right after a quotation that ends on , ! or ?,
        whatever verb has a subject reports it, lexicon or not."""
        if self.text[region.start : region.end].rstrip(QUOTE_CLOSERS)[-1:] not in {",", "!", "?"}:
            return None
        for token in right[:5]:
            # '“…,” Trump shot back': a name mistagged as a verb is still the subject
            if token.tag_.startswith("VB") and token.dep_ not in {"aux", "auxpass", "nsubj"}:
                subjects = [c for c in token.children if c.dep_ == "nsubj"]
                if (
                    subjects
                    and not self._in_full_region(subjects[0].idx)
                    and subjects[0].idx > region.start
                ):
                    return token, subjects[0], None
                return None
        return None

    def _previous_sentence_cue(self, region: QuoteRegion) -> tuple[Token, Token] | None:
        """The cue and speaker of the sentence just before a quotation.

        A quotation that opens its paragraph goes on from the paragraph before when that one
        ends with an attributed sentence ('Valastro praised Christie. ¶ “We need someone …”').
        """
        p_start = self._paragraph(region.start)[0]
        before = self._tokens_between(p_start, region.start)
        previous_end = len(self.text[:p_start].rstrip())
        if not before and previous_end and self.text[previous_end - 1] in ".!?":
            before = self._tokens_between(self._paragraph(previous_end - 1)[0], previous_end)
        if not before or self.text[before[-1].idx + len(before[-1].text) : region.start].strip():
            return None
        sentence = [t for t in before[-1].sent if t.idx < region.start]
        for token in reversed(sentence):
            if self._in_full_region(token.idx) or self._lemma(token) is None:
                continue
            head = self._speaker_head(token)
            if head is not None and not self._in_full_region(head.idx):
                return token, head
        return None

    def _enclosing_cue(self, left: Sequence[Token]) -> tuple[Token, Token, int | None] | None:
        """A cue before the quotation whose clause holds it: 'said it was a "loss for …"'."""
        if not left:
            return None
        first_inside = left[0].doc[left[0].i + 1]
        for token in left:
            if self._lemma(token) is None:
                continue
            clause = [c for c in token.children if c.dep_ == "ccomp"]
            if any(c.left_edge.i <= first_inside.i <= c.right_edge.i for c in clause):
                head = self._speaker_head(token)
                if head is not None:
                    return token, head, None
        return None

    def _colon_cue(self, region: QuoteRegion) -> tuple[Token, Token, int | None] | None:
        """'Cruz continued:' / 'He said:' ending the text just before a quotation."""
        before = self.text[: region.start].rstrip()
        if not before.endswith(":"):
            return None
        colon = self._tokens_between(len(before) - 1, len(before))
        if not colon:
            return None
        label = dashed_label(colon[0])  # "Media shares blame - HuffPollster: “…”"
        if label is not None:
            return colon[0], label, None
        sentence = [t for t in colon[0].sent if t.idx < colon[0].idx]
        hit = self._cue_for(list(reversed(sentence)))
        if hit is None:
            # "President Clinton released the following statement:" - whoever introduces a
            # quotation with a colon is its source, whatever the verb
            root = colon[0].sent.root
            subjects = [c for c in root.children if c.dep_ == "nsubj"]
            if root.pos_ in {"VERB", "AUX"} and subjects and root.idx < colon[0].idx:
                hit = (root, subjects[0], None)
        if hit is None:
            head = colon_speaker(colon[0], self._in_full_region)  # "as Ridge put it: “…”"
            hit = (colon[0], head, None) if head is not None else None
        return hit

    def _continues(self, previous: _Found, region: QuoteRegion) -> bool:
        """A quotation with no cue of its own continues the one just before it."""
        if previous.head is None:
            return False
        gap_start = previous.end
        if previous.cue is not None and previous.cue.idx > previous.end:
            gap_start = max(gap_start, previous.cue.sent.end_char)  # '…,” he said. “…'
        gap = self.text[gap_start : region.start]
        return gap.count("\n") <= 2 and not gap.strip()

    def _clause_of(self, cue: Token) -> tuple[int, int] | None:
        clauses = [c for c in cue.children if c.dep_ == "ccomp"]
        if not clauses:
            return None
        # a quotation in the paragraph before is sometimes parsed as a second complement
        # ('“…” \n\n Sanders said he may campaign'): prefer the clause in the cue's paragraph
        paragraph = self._paragraph(cue.idx)
        own = [
            c
            for c in clauses
            if paragraph[0] <= c.idx < paragraph[1] and not self._in_full_region(c.idx)
        ]
        if not own:
            return None  # a clause in another paragraph is a misparse, not this cue's content
        clauses = own
        clause = max(clauses, key=lambda c: len(list(c.subtree)))
        return self._subtree_without_sources(clause)

    def _subtree_without_sources(self, root: Token) -> tuple[int, int]:
        """Extent of a clause, leaving out an "according to X" phrase at either edge."""
        tokens = list(root.subtree)
        for child in root.children:
            if self._according(child) is not None:
                phrase = {t.i for t in child.subtree}
                before = [t for t in tokens if t.i < child.i and t.i not in phrase]
                after = [t for t in tokens if t.i > child.i and t.i not in phrase]
                tokens = before if len(before) >= len(after) else after
                break
        start = tokens[0].idx
        end = tokens[-1].idx + len(tokens[-1].text)
        return self._trim(start, end)

    # -- pass 2: indirect statements ---------------------------------------------------------

    def _content_of(self, cue: Token, lemma: str) -> tuple[int, int] | None:
        clause = self._clause_of(cue)
        if clause is not None:
            return self._after_colon(cue, clause)
        as_clause = cue.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in cue.children
        )  # "The economy, as Obama said, is strong"
        if (cue.dep_ == "parataxis" or as_clause) and cue.head is not cue:
            mine = {t.i for t in cue.subtree}
            rest = [t for t in cue.head.subtree if t.i not in mine and not t.is_punct]
            if rest:
                # "The plan, he said, is dead": the sentence around the parenthetical
                return self._trim(rest[0].idx, rest[-1].idx + len(rest[-1].text))
        if lemma in self.lex.xcomp_verbs:
            for child in cue.rights:
                if child.dep_ == "xcomp" and child.tag_.startswith("VB"):
                    start, end = self._subtree_without_sources(child)
                    objects = [
                        c for c in cue.rights if c.dep_ in {"dobj", "dative"} and c.i < child.i
                    ]  # "asked workers to sign up": who is asked belongs to the content
                    if objects:
                        start = min(start, objects[0].left_edge.idx)
                    if len(self.text[start:end].split()) >= 2:
                        return start, end
        if lemma in self.lex.object_verbs:
            return self._object_of(cue, lemma) or self._passive_subject(cue)
        return None

    def _after_colon(self, cue: Token, clause: tuple[int, int]) -> tuple[int, int]:
        """'Okafor wrote: The harbour is ready. The council should vote.': a colon after the cue
        introduces the rest of the paragraph, not one sentence."""
        start, end = clause
        between = self.text[cue.idx + len(cue.text) : start]
        if between.strip() != ":":
            return clause
        p_end = self._paragraph(start)[1]
        if any(start <= r.start < p_end for r in self.full):
            return clause  # a quotation further on has its own attribution
        return start, max(end, self._trim(start, p_end)[1])

    def _passive_subject(self, cue: Token) -> tuple[int, int] | None:
        """'The proposal was rejected by voters': in the passive the content is the subject."""
        deps = {c.dep_ for c in cue.children}
        if "agent" in deps:
            subjects = [c for c in cue.lefts if c.dep_ == "nsubjpass"]
            if subjects:
                return self._trim(
                    subjects[0].left_edge.idx,
                    subjects[0].right_edge.idx + len(subjects[0].right_edge.text),
                )
        return None

    def _object_of(self, cue: Token, lemma: str) -> tuple[int, int] | None:
        """The object phrases right of a cue ("accused the West of …", "called for talks").

        Content runs from the first object through the object phrases that follow it, and stops
        at the first other dependent (time, place, a second verb, "according to").
        """
        start_token: Token | None = None
        end_token: Token | None = None
        for child in cue.rights:
            for_clause = child.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ == "for" for c in child.children
            )  # "calling for the United States to step up …"
            is_object = (
                child.dep_ in _OBJECT_DEPS
                or for_clause
                or (child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS)
                or (child.dep_ == "prep" and child.lower_ in self.lex.verb_preps.get(lemma, ()))
            )
            if self._according(child) is not None:
                break
            if start_token is not None and not is_object:
                if not self._extends_object(child):
                    break
                end_token = child.right_edge  # "supported stem cell research in the Senate"
                continue
            if not is_object:
                continue
            if start_token is None:
                if child.dep_ == "prep":
                    inner = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                    if not inner:
                        return None
                    start_token = inner[0].left_edge
                elif for_clause:
                    start_token = self.sdoc[child.left_edge.i + 1]
                else:
                    start_token = child.left_edge
            end_token = child.right_edge
        if start_token is None or end_token is None:
            return None
        while end_token.dep_ == "cc" and end_token.i > start_token.i:
            end_token = self.sdoc[end_token.i - 1]  # "denied the reports and [no bid …]"
        start, end = self._trim(start_token.idx, end_token.idx + len(end_token.text))
        if end > start and len(self.text[start:end].split()) >= 1:
            return start, end
        return None

    @staticmethod
    def _extends_object(child: Token) -> bool:
        """A dependent after the object that PolNeAR keeps in the content ("supported stem cell
        research in the Senate"), not a time, a second verb or a comma-separated addition."""
        if child.dep_ not in _OBJECT_TAIL_DEPS or child.lower_ in _TIME_PREPS:
            return False
        if any(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree):
            return False  # "after the debate on Tuesday": when, not what
        return not (child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"})

    def _indirect(self, taken: list[_Found]) -> list[_Found]:
        found: list[_Found] = []
        for token in self.sdoc:
            if token.i in self.used_cues or self._in_full_region(token.idx):
                continue
            unsourced = self._unsourced(token, taken)
            if unsourced is not None:
                self.used_cues.add(token.i)
                found.append(unsourced)
                continue
            lemma = self._lemma(token)
            if lemma is None or lemma in self.lex.quote_only_verbs - self.lex.clause_verbs:
                continue
            content = self._content_of(token, lemma)
            if content is None:
                continue
            head = self._speaker_head(token)
            if head is None or self._in_full_region(head.idx):
                continue
            start, end = content
            if any(f.start <= start and end <= f.end for f in taken):
                continue
            kind = "indirect"
            if any(start <= r.start and r.end <= end for r in self.regions):
                kind = "mixed"
            self.used_cues.add(token.i)
            found.append(_Found(start, end, kind, head, token))
        return found

    def _unsourced(self, token: Token, taken: list[_Found]) -> _Found | None:
        """'Trump is expected to win', 'Asked about the deal, …': content with no one named."""
        lemma = self._lemma(token)
        edges = asked_question(token)
        if edges is None and lemma is not None:
            edges = raised_proposition(token, lemma, self.lex)
        if edges is None or self._in_full_region(edges[0].idx):
            return None
        start, end = self._trim(edges[0].idx, edges[1].idx + len(edges[1].text))
        if end <= start or any(f.start <= start and end <= f.end for f in taken):
            return None
        item = _Found(start, end, self._indirect_kind(start, end), None, token)
        # "Asked by reporters about …" names its asker; other forms name nobody
        item.speakerless = not any(c.dep_ == "agent" for c in token.children)
        return item

    # -- pass 3: "according to" and reporting chains ---------------------------------------------

    def _according_pass(self, quotes: list[_Found]) -> list[_Found]:
        by_cue = {q.cue.i: q for q in quotes if q.cue is not None}
        extra: list[_Found] = []
        for token in self.sdoc:
            according = self._according(token)
            if according is None or token.i in self.used_cues:
                continue
            source_head, phrase_end = according
            anchor = token.head
            target = by_cue.get(anchor.i)
            if target is None:
                target = next(
                    (q for q in quotes if q.cue is not None and q.cue.sent == token.sent), None
                )
            if target is not None and target.head is not None and target.cue is not None:
                if target.kind == "direct" or self._lemma(target.cue) in self.lex.speech_verbs:
                    source = self.speakers.resolve(source_head, remember=False)
                    target.via.append(source.name or self.text[source_head.idx : phrase_end])
                    continue
                # "The men intended to reopen it, according to court papers": the papers are
                # the source of the whole clause, the attitude is part of what they report
                clause = self._according_clause(token)
                if clause is not None:
                    target.start, target.end = clause
                    target.head, target.cue, target.cue_end = source_head, token, phrase_end
                    self.used_cues.add(token.i)
                continue
            clause = self._according_clause(token)
            if clause is None or any(q.start <= clause[0] < q.end for q in quotes):
                continue
            self.used_cues.add(token.i)
            item = _Found(clause[0], clause[1], "indirect", source_head, token, phrase_end)
            extra.append(item)
        return extra

    def _according_clause(self, token: Token) -> tuple[int, int] | None:
        """The side of the sentence that "according to X" gives a source (at least 3 words)."""
        phrase = {t.i for t in token.subtree}
        rest = [t for t in token.sent if t.i not in phrase and not t.is_punct]
        before = [t for t in rest if t.i < token.i]
        after = [t for t in rest if t.i > token.i]
        side = after if len(after) >= len(before) else before
        if len(side) < 3:
            return None
        return self._trim(side[0].idx, side[-1].idx + len(side[-1].text))

    def _fold_reporters(self, quotes: list[_Found]) -> list[_Found]:
        """'…, Reuters reported': an outlet reporting another statement becomes its ``via``."""
        kept: list[_Found] = []
        for outer in quotes:
            if outer.cue is not None and self.speakers.is_media(outer.speaker):
                inner = [
                    q
                    for q in quotes
                    if q is not outer
                    and q.cue is not None
                    and q.head is not None
                    and (
                        outer.start <= q.cue.idx < outer.end  # "Reuters reported that X said"
                        or (q.cue.sent == outer.cue.sent and q.start < outer.end <= q.end)
                    )
                ]
                if inner:
                    name = outer.speaker.name or (
                        outer.speaker.span.text if outer.speaker.span else ""
                    )
                    for q in inner:
                        q.via.insert(0, name)
                        self._cut_reporter(q, outer)
                    continue
            kept.append(outer)
        return kept

    def _cut_reporter(self, quote: _Found, reporter: _Found) -> None:
        """'X said …, Reuters reported': the content stops before the outlet's attribution."""
        head = reporter.head
        if head is None or quote.cue is None:
            return
        start = min(head.left_edge.idx, reporter.cue.idx if reporter.cue else head.idx)
        if quote.start < start < quote.end and quote.cue.idx < start:
            quote.end = self._trim(quote.start, start)[1]

    # -- assembly ---------------------------------------------------------------------------

    def _labelled_lines(self, found: list[_Found]) -> list[_Found]:
        """'Sanders: Clinton Email Story Has Moved' / 'TAPPER: …' - a name, a colon, what was said.

        Headline style and interview transcripts: a paragraph that opens with one to four
        capitalised words and a colon attributes the rest of the paragraph to those words.
        """
        out: list[_Found] = []
        for match in _LABELLED_LINE.finditer(self.text):
            label = match.group(1)
            if (
                label.lower() in self.lex.not_speakers
                or label.split()[0].lower() in self.lex.not_speakers
            ):
                continue
            shouting = label.isupper() and len(label) > 1
            start, end = self._trim(match.start(2), match.end(2))
            words = len(self.text[start:end].split())
            if words < 3 or (not shouting and words > 30):
                continue
            heads = self._tokens_between(match.start(1), match.end(1))
            if not heads:
                continue
            kind = (
                "direct"
                if any(r.start <= start and end <= r.end for r in self.regions)
                else ("mixed" if any(start <= r.start < end for r in self.regions) else "indirect")
            )
            colon = self.sdoc.char_span(match.end(1), match.end(1) + 1, alignment_mode="expand")
            item = _Found(start, end, kind, heads[-1], colon[0] if colon is not None else None)
            out.append(item)
        return out

    def run(self) -> list[Quote]:
        direct = self._direct()
        labelled = self._labelled_lines(direct)
        if labelled:
            taken = [(q.start, q.end) for q in labelled]
            direct = [d for d in direct if not any(a <= d.start and d.end <= b for a, b in taken)]
            direct += labelled
            self.used_cues.update(q.cue.i for q in labelled if q.cue is not None)
        indirect = self._indirect(direct)
        quotes = sorted(direct + indirect, key=lambda q: q.start)
        quotes += self._according_pass(quotes)
        quotes += self._noun_pass(quotes)
        quotes += self._adjective_pass(quotes)
        self._resolve_speakers(quotes)
        quotes = self._fold_reporters(sorted(quotes, key=lambda q: q.start))
        quotes = self._drop_nested(quotes)
        for q in quotes:
            if q.kind != "direct":
                self._cut_tail(q)
        return [self._quote(q) for q in quotes]

    def _adjective_pass(self, quotes: list[_Found]) -> list[_Found]:
        """'Okafor is confident that …', 'Berg was critical of the plan': attitude adjectives."""
        found: list[_Found] = []
        for token in self.sdoc:
            if token.pos_ != "ADJ" or self._in_full_region(token.idx):
                continue
            if any(q.start <= token.idx < q.end for q in quotes):
                continue
            attitude = attitude_adjective(token, self.lex)
            if attitude is None:
                continue
            holder, first, last = attitude
            start, end = self._trim(first.idx, last.idx + len(last.text))
            if end > start and not self._in_full_region(holder.idx):
                found.append(_Found(start, end, self._indirect_kind(start, end), holder, token))
        return found

    def _noun_pass(self, quotes: list[_Found]) -> list[_Found]:
        """'his claim that …', 'support for the wall': statements carried by a noun cue."""
        found: list[_Found] = []
        for token in self.sdoc:
            if (
                token.pos_ != "NOUN"
                or self._in_full_region(token.idx)
                or any(q.start <= token.idx < q.end for q in quotes + found)
            ):
                continue  # a noun inside another statement belongs to it
            statement = noun_statement(token, self.lex)
            if statement is None:
                continue
            last = statement.last
            start, end = self._trim(statement.first.idx, last.idx + len(last.text))
            if end <= start:
                continue
            kind = self._indirect_kind(start, end)
            holder = statement.holder
            if holder is not None and self._in_full_region(holder.idx):
                holder = None
            found.append(_Found(start, end, kind, holder, token, statement.cue_end))
        return found

    def _cut_tail(self, item: _Found) -> None:
        """Leave the writer's trailing addition (", which …", ", pointing to …") out."""
        end = cut_writer_tail(self.sdoc, item.start, item.end, self.regions)
        if end < item.end:
            item.end = self._trim(item.start, end)[1]
            if not any(item.start <= r.start and r.end <= item.end for r in self.regions):
                item.kind = "indirect"

    def _drop_nested(self, quotes: list[_Found]) -> list[_Found]:
        """'they say they prefer an outsider': one statement, not two.

        A statement or attitude whose cue lies inside what someone is reported to have said is
        part of that content, as in PolNeAR where every token belongs to one attribution: "X said
        Y told him …" is X's claim about Y, "she urged voters to reject the plan" one request.
        Direct quotations keep their own quote.
        """
        kept = []
        for k, inner in enumerate(quotes):
            cue = inner.cue
            nested = (
                cue is not None
                and inner.kind != "direct"
                and any(
                    j != k
                    and outer.start <= cue.idx < outer.end
                    and outer.start <= inner.start
                    and inner.end <= outer.end
                    # of two quotes with the same content the first stays
                    and (j < k or (outer.start, outer.end) != (inner.start, inner.end))
                    for j, outer in enumerate(quotes)
                )
            )
            if not nested:
                kept.append(inner)
        return kept

    def headline(self) -> list[Quote]:
        """Headline style the parser misreads ("Putin Blames Lack of …", "Putin: …").

        Title case confuses the tagger, so this reads the words: a named speaker, then a cue verb
        in the headline present tense (or a colon), then what was said.
        """
        tokens = [t for t in self.sdoc if not t.is_space]
        for k, token in enumerate(tokens[1:7], start=1):
            lemma = self.lex.verb_lemma(token.text)
            is_cue = lemma is not None and token.lower_ != lemma and token.lower_.endswith("s")
            if not (is_cue or token.text == ":") or len(tokens) - k < 3:
                continue
            speaker_tokens = tokens[:k]
            if not any(t.ent_type_ or t.is_title for t in speaker_tokens):
                return []
            head = speaker_tokens[-1]
            start, end = self._trim(tokens[k + 1].idx, len(self.text))
            span = self._span(speaker_tokens[0].idx, head.idx + len(head.text))
            entity = self.speakers.named_in(span.start, span.end)
            speaker = Speaker(
                span=span,
                name=entity.name if entity else span.text,
                actor=entity.actor if entity else None,
            )
            cue = self._span(token.idx, token.idx + len(token.text)) if is_cue else None
            return [Quote(speaker, self._span(start, end), cue, "indirect")]
        return []

    def _resolve_speakers(self, quotes: list[_Found]) -> None:
        """Resolve speakers in the order they are written, so pronouns see earlier speakers."""
        for q in quotes:
            if q.head is None and q.cue is not None and q.kind != "direct" and not q.speakerless:
                holder = implicit_holder(q.cue)  # "Trump launched an attack on …"
                if holder is not None and not self._in_full_region(holder.idx):
                    q.head = holder
        heads = sorted((q for q in quotes if q.head is not None), key=lambda q: q.head.idx)  # type: ignore[union-attr]
        for q in heads:
            assert q.head is not None
            if q.parent is not None:
                q.speaker = q.parent.speaker
            else:
                q.speaker = self.speakers.resolve(q.head)

    def _quote(self, item: _Found) -> Quote:
        cue = None
        if item.cue is not None:
            start, end = cue_extent(item.cue)
            if item.cue_end is not None:
                start, end = item.cue.idx, item.cue_end  # "according to", "support for"
            if start < item.start < end or start < item.end < end:
                start, end = item.cue.idx, item.cue.idx + len(item.cue.text)
            cue = self._span(start, end)
        return Quote(
            speaker=item.speaker,
            content=self._span(item.start, item.end),
            cue=cue,
            kind=item.kind,  # type: ignore[arg-type]
            via=list(dict.fromkeys(v for v in item.via if v)),
        )
