"""Direct quotations: a quotation's cue and speaker, continuations, mixed quotes.

A quotation (quote_marks.py) takes the nearest cue verb with a subject outside the marks in its
sentence, first after it ("…," he said), then before it (Okafor said: "…"); a colon introduces a
quotation whatever its verb; verbless attributions (dashes, signatures, "as X put it:") come from
quote_speakers.py. A quotation without a cue continues the quote before it. When the quotation
sits inside the cue's clause (called the system "rotten to the core") the statement is *mixed*.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from .quote_clauses import ClauseContent
from .quote_context import Found
from .quote_marks import QuoteRegion
from .quote_speakers import colon_speaker, dashed_label, signed_by, subjectless_speaker

MIXED_MIN_WORDS = 2  # words outside a quotation that make its clause the content (mixed)
QUOTE_CLOSERS = "\"”»’' "


class DirectQuotes(ClauseContent):
    """Pass 1: statements from quotation marks."""

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
            paragraph_end = self._paragraph(token.idx)[1]
            if after and any(
                c.dep_ == "ccomp"
                and c.i > token.i
                and c.idx < paragraph_end  # a clause in the next paragraph is a misparse
                and not self._in_full_region(c.idx)
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
            if after and (head is None or self._in_full_region(head.idx)):
                head = self._inverted_subject(token) if token is tokens[0] else head
            if head is not None and not self._in_full_region(head.idx):
                return token, head, None
        return None

    def _direct(self) -> list[Found]:
        found: list[Found] = []
        for region in self.full:
            left, right = self._context(region)
            hit = (
                self._dashed_cue(region)
                or self._enclosing_cue(left)
                or self._cue_for(right, after=True)
                or self._cue_for(left)
            )
            if hit is None:
                hit = (
                    self._colon_cue(region)
                    or self._any_verb_after(region, right)
                    or self._as_clause_cue(left, region)
                )
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
                    item = Found(region.start, region.end, "direct", borrowed[1], borrowed[0])
                else:
                    item = Found(region.start, region.end, "direct", None)
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
            item = Found(start, end, kind, head, cue, cue_end)
            item.paragraph_end, item.parent = p_end, parent
            found.append(item)
        return found

    def _inverted_subject(self, cue: Token) -> Token | None:
        """'“…,” said Richard L. Trumka, president of …': when the parser made the quotation the
        subject of the cue, the noun phrase right after the cue is who spoke."""
        phrase: list[Token] = []
        for token in self.sdoc[cue.i + 1 : cue.i + 8]:
            if token.pos_ in {"PROPN", "NOUN"} or (
                token.pos_ in {"DET", "ADJ", "NUM"} and not phrase and token.lower_ != "that"
            ):
                phrase.append(token)
                continue
            break
        nouns = [t for t in phrase if t.pos_ in {"PROPN", "NOUN"}]
        return nouns[-1] if nouns and not self._in_full_region(nouns[-1].idx) else None

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

    def _as_clause_cue(
        self, left: Sequence[Token], region: QuoteRegion
    ) -> tuple[Token, Token, int | None] | None:
        """'As Vulture put it, “Hello …”': an "as" clause with a subject that ends, with a
        comma, right before the quotation introduces it, whatever its verb."""
        if not self.text[: region.start].rstrip().endswith(","):
            return None
        for token in left[:4]:
            if token.pos_ != "VERB" or token.dep_ != "advcl":
                continue
            marks = [c for c in token.children if c.dep_ == "mark" and c.lower_ == "as"]
            if not marks:
                return None
            # "As Akhil Amar, professor …, put it": the parser may hang the name on "as"
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None) or next(
                (c for c in marks[0].children if c.dep_ == "pobj"), None
            )
            if subject is None or self._in_full_region(subject.idx):
                return None
            return token, subject, None
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

    def _dashed_cue(self, region: QuoteRegion) -> tuple[Token, Token, int | None] | None:
        """'Voters say no - HuffPollster: “…”': the name after the dash outranks the headline's
        own verb before it."""
        before = self.text[: region.start].rstrip()
        if not before.endswith(":"):
            return None
        colon = self._tokens_between(len(before) - 1, len(before))
        label = dashed_label(colon[0]) if colon else None
        return (colon[0], label, None) if label is not None else None

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

    def _attribution_end(self, cue: Token, region: QuoteRegion) -> int:
        """Where the attribution after a quotation ends: '…,” he said. “…'.

        The first full stop after the cue, when it comes before the next quotation: the parser
        sometimes splits a long attribution ('said Dan Kildee, a Michigan Democrat who …,
        another freed American.') in two sentences, and the tail is still the attribution.
        """
        for token in self._tokens_between(cue.idx, region.start):
            if token.text in {".", "!", "?"}:
                return token.idx + 1
        return cue.sent.end_char

    def _continues(self, previous: Found, region: QuoteRegion) -> bool:
        """A quotation with no cue of its own continues the one just before it."""
        if previous.head is None:
            return False
        gap_start = previous.end
        if previous.cue is not None and previous.cue.idx > previous.end:
            gap_start = max(gap_start, self._attribution_end(previous.cue, region))
        gap = self.text[gap_start : region.start]
        return gap.count("\n") <= 2 and not gap.strip()
