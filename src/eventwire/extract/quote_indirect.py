"""Indirect statements: cue verbs with a content and a speaker, and unsourced propositions.

Every token that is a cue of the lexicon and is not inside a quotation or already used by a
direct quote becomes a statement when it has a content (quote_clauses.py) and a speaker. Raising
verbs, agentless passives of belief and fronted "Asked …" attribute a proposition to nobody named
(quote_constructions.py).
"""

from __future__ import annotations

from spacy.tokens import Token

from .quote_clauses import ClauseContent
from .quote_constructions import asked_question, raised_proposition
from .quote_context import Found


class IndirectStatements(ClauseContent):
    """Pass 2: reported speech and attitudes from the parse."""

    def _indirect(self, taken: list[Found]) -> list[Found]:
        found: list[Found] = []
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
            found.append(Found(start, end, kind, head, token))
        return found

    def _unsourced(self, token: Token, taken: list[Found]) -> Found | None:
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
        item = Found(start, end, self._indirect_kind(start, end), None, token)
        # "Asked by reporters about …" names its asker; other forms name nobody
        item.speakerless = not any(c.dep_ == "agent" for c in token.children)
        return item
