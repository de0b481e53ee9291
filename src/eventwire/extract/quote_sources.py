"""Chains of sources: "according to X" and news outlets that report someone else's statement.

"according to X" gives the clause it modifies a source: with a speech verb that already has a
speaker X goes to ``Quote.via``; with an attitude clause X holds the whole clause; alone, X is the
speaker. "…, Reuters reported" folds the outlet into the inner quote's ``via``.
"""

from __future__ import annotations

from spacy.tokens import Token

from .quote_context import Found, QuoteContext


class SourceChains(QuoteContext):
    """Pass 3: "according to" and reporting outlets."""

    def _according_pass(self, quotes: list[Found]) -> list[Found]:
        by_cue = {q.cue.i: q for q in quotes if q.cue is not None}
        extra: list[Found] = []
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
            item = Found(clause[0], clause[1], "indirect", source_head, token, phrase_end)
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

    def _fold_reporters(self, quotes: list[Found]) -> list[Found]:
        """'…, Reuters reported': an outlet reporting another statement becomes its ``via``."""
        kept: list[Found] = []
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

    def _cut_reporter(self, quote: Found, reporter: Found) -> None:
        """'X said …, Reuters reported': the content stops before the outlet's attribution."""
        head = reporter.head
        if head is None or quote.cue is None:
            return
        start = min(head.left_edge.idx, reporter.cue.idx if reporter.cue else head.idx)
        if quote.start < start < quote.end and quote.cue.idx < start:
            quote.end = self._trim(quote.start, start)[1]
