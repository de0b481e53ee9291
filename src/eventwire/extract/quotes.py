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

Each pass has its module: quote_direct.py (1), quote_clauses.py and quote_indirect.py (2),
quote_sources.py (3), quote_attitudes.py (4), all on the shared state of quote_context.py; this
module runs them in order, drops nested statements and builds the ``Quote`` objects. Span
conventions (the cue's verbal group, the writer's trailing additions) are in quote_spans.py.
Speakers are resolved by quote_speakers.py (pronouns, descriptions, name coreference).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from spacy.tokens import Doc

from ..model import Article, Mention, Quote, Speaker
from .quote_attitudes import AttitudeStatements
from .quote_context import Found, QuoteInputError
from .quote_direct import DirectQuotes
from .quote_indirect import IndirectStatements
from .quote_lexicon import DEFAULT_CUES, load_cues
from .quote_sources import SourceChains
from .quote_spans import cue_extent, cut_writer_tail
from .quote_speakers import implicit_holder

__all__ = ["QuoteInputError", "find_quotes", "find_title_quotes"]

# "Name:" or "NAME:" opening a paragraph (headlines, transcripts)
_LABELLED_LINE = re.compile(
    r"^[ \t]*([A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|of|the|de|van|von)){0,3})[ \t]*:[ \t]+(.+)$",
    re.MULTILINE,
)


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


class _Extractor(DirectQuotes, IndirectStatements, SourceChains, AttitudeStatements):
    """Runs the passes in order and turns what they found into ``Quote`` objects."""

    # -- assembly ---------------------------------------------------------------------------

    def _labelled_lines(self, found: list[Found]) -> list[Found]:
        """'Sanders: Clinton Email Story Has Moved' / 'TAPPER: …' - a name, a colon, what was said.

        Headline style and interview transcripts: a paragraph that opens with one to four
        capitalised words and a colon attributes the rest of the paragraph to those words.
        """
        out: list[Found] = []
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
            item = Found(start, end, kind, heads[-1], colon[0] if colon is not None else None)
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

    def _cut_tail(self, item: Found) -> None:
        """Leave the writer's trailing addition (", which …", ", pointing to …") out."""
        end = cut_writer_tail(self.sdoc, item.start, item.end, self.regions)
        if end < item.end:
            item.end = self._trim(item.start, end)[1]
            if not any(item.start <= r.start and r.end <= item.end for r in self.regions):
                item.kind = "indirect"

    def _drop_nested(self, quotes: list[Found]) -> list[Found]:
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

    def _resolve_speakers(self, quotes: list[Found]) -> None:
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

    def _quote(self, item: Found) -> Quote:
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
