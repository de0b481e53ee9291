"""Statements carried by nouns and adjectives: "his claim that …", "was critical of the plan".

The linguistics is in quote_nouns.py (noun cues and their holders) and quote_constructions.py
(attitude adjectives with a copula); this pass turns what they find into statements, skipping
cues that already sit inside another statement or a quotation.
"""

from __future__ import annotations

from .quote_constructions import attitude_adjective
from .quote_context import Found, QuoteContext
from .quote_nouns import noun_statement


class AttitudeStatements(QuoteContext):
    """Pass 4: noun and adjective cues."""

    def _adjective_pass(self, quotes: list[Found]) -> list[Found]:
        """'Okafor is confident that …', 'Berg was critical of the plan': attitude adjectives."""
        found: list[Found] = []
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
                found.append(Found(start, end, self._indirect_kind(start, end), holder, token))
        return found

    def _noun_pass(self, quotes: list[Found]) -> list[Found]:
        """'his claim that …', 'support for the wall': statements carried by a noun cue."""
        found: list[Found] = []
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
            found.append(Found(start, end, kind, holder, token, statement.cue_end))
        return found
