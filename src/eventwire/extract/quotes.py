"""Quotes and statements: who said what, through whom.

Contract: ``find_quotes(article, sdoc, mentions=()) -> list[Quote]`` where ``sdoc`` is the spaCy
parse of ``article.text``; ``find_title_quotes(article, title_sdoc)`` does the same for the
headline (spans with ``field="title"``).

How it works, in three passes over one parse (no second model, so it stays cheap):

1. Direct quotations come from quotation marks (quote_marks.py), joined across paragraphs. The cue
   is the nearest statement verb with a subject outside the marks in the same sentence ("…," he
   said / Putin said: "…"); a quotation without its own cue continues the previous speaker's.
2. Indirect statements come from the parse: a cue verb of the lexicon (data/lexicons/cues.yaml)
   with a clausal complement ("said that …"), or, for verbs such as *accuse* or *deny*, with an
   object or prepositional phrase ("accused the West of …"). A short quotation inside such a clause
   makes the statement *mixed* (control of the city was "purely symbolic").
3. "according to X" gives the clause it modifies a source; when that clause already has a speaker
   X is a reporting source and goes to ``Quote.via``, as do outlets that report someone else's
   statement ("…, Reuters reported").

Speakers are resolved by quote_speakers.py (pronouns, descriptions, name coreference).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Token

from ..errors import EventwireError
from ..model import Article, Mention, Quote, Span, Speaker
from .quote_lexicon import DEFAULT_CUES, CueLexicon, load_cues
from .quote_marks import QuoteRegion, find_regions
from .quote_speakers import SpeakerResolver, build_entities

__all__ = ["QuoteInputError", "find_quotes", "find_title_quotes"]

MIN_DIRECT_WORDS = 4  # shorter quotations are scare quotes or fragments, not statements
_OBJECT_PREPS = frozenset({"of", "for", "to", "about", "on", "over", "against", "as", "with"})
_OBJECT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "attr", "oprd", "pcomp"})
_TRIM = " \t\n,.;:—–-"
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
        self.used_cues: set[int] = set()

    # -- helpers -------------------------------------------------------------------------------

    def _span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end], self.field)  # type: ignore[arg-type]

    def _is_statement(self, region: QuoteRegion) -> bool:
        inner = region.inner(self.text)
        return len(inner.split()) >= MIN_DIRECT_WORDS

    def _paragraph(self, offset: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end

    def _in_full_region(self, offset: int) -> bool:
        return any(r.start <= offset < r.end for r in self.full)

    def _lemma(self, token: Token) -> str | None:
        if not token.tag_.startswith("VB"):
            return None
        if (
            token.dep_ == "xcomp"
            and token.head.lower_ in _BE
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        ):
            return None  # "is to blame", "was to say": not a statement
        return self.lex.verb_lemma(token.text)

    def _speaker_head(self, cue: Token) -> Token | None:
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
            climbs = token.dep_ == "conj" or (
                token.tag_ == "VBG" and token.dep_ in {"advcl", "xcomp", "acl"}
            )
            if climbs and token.head is not token:
                token = token.head
            else:
                return None
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
        inside = [t for t in self.sdoc if region.start <= t.idx < region.end]
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
            right_sent_end = self.sdoc[right_sent_end].sent.end  # '"…." he said.' split in two
        right: list[Token] = []
        for t in self.sdoc[last.i + 1 : right_sent_end]:
            if t.idx >= p_end or self._in_full_region(t.idx):
                break
            right.append(t)
        return list(reversed(left)), right

    def _cue_for(self, tokens: Sequence[Token]) -> tuple[Token, Token, int | None] | None:
        """The first cue (with its speaker head) among ``tokens``."""
        for token in tokens:
            according = self._according(token)
            if according is not None:
                return token, according[0], according[1]
            lemma = self._lemma(token)
            if lemma is None:
                continue
            head = self._speaker_head(token)
            if head is None and token.tag_ == "VBG":
                # ", writing “…": a misparsed participle still reports its clause's subject
                head = next((c for c in token.sent.root.children if c.dep_ == "nsubj"), None)
            if head is not None and not self._in_full_region(head.idx):
                return token, head, None
        return None

    def _direct(self) -> list[_Found]:
        found: list[_Found] = []
        for region in self.full:
            left, right = self._context(region)
            hit = self._enclosing_cue(left) or self._cue_for(right) or self._cue_for(left)
            if hit is None:
                hit = self._colon_cue(region)
            p_end = self._paragraph(max(region.end - 1, region.start))[1]
            if hit is None:
                previous = found[-1] if found else None
                if previous is not None and self._continues(previous, region):
                    # the same speaker goes on: its own quote, the previous one's speaker
                    previous.end = region.end
                    previous.paragraph_end = p_end
                    continue
                found.append(_Found(region.start, region.end, "direct", None))
                found[-1].paragraph_end = p_end
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
            clause = self._clause_of(cue)
            if clause is not None and clause[0] <= start and end <= clause[1]:
                outside = self.text[clause[0] : start] + self.text[end : clause[1]]
                if len([w for w in outside.split() if any(c.isalpha() for c in w)]) >= 3:
                    start, end, kind = clause[0], clause[1], "mixed"
            item = _Found(start, end, kind, head, cue, cue_end)
            item.paragraph_end, item.parent = p_end, parent
            found.append(item)
        return found

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
        colon = [t for t in self.sdoc if t.idx == len(before) - 1]
        if not colon:
            return None
        sentence = [t for t in colon[0].sent if t.idx < colon[0].idx]
        hit = self._cue_for(list(reversed(sentence)))
        if hit is None:
            # "President Clinton released the following statement:" - whoever introduces a
            # quotation with a colon is its source, whatever the verb
            root = colon[0].sent.root
            subjects = [c for c in root.children if c.dep_ == "nsubj"]
            if root.pos_ in {"VERB", "AUX"} and subjects and root.idx < colon[0].idx:
                hit = (root, subjects[0], None)
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
            return clause
        if cue.dep_ == "parataxis" and cue.head is not cue:
            mine = {t.i for t in cue.subtree}
            rest = [t for t in cue.head.subtree if t.i not in mine and not t.is_punct]
            if rest:
                before = [t for t in rest if t.i < cue.i]
                side = before if len(before) * 2 >= len(rest) else [t for t in rest if t.i > cue.i]
                if side:
                    return self._trim(side[0].idx, side[-1].idx + len(side[-1].text))
        if lemma in self.lex.object_verbs:
            start_token = None
            for child in cue.rights:
                if child.dep_ in _OBJECT_DEPS or (
                    child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS
                ):
                    start_token = child.left_edge
                    break
            if start_token is None:
                return None
            end_token = cue.right_edge
            for child in cue.rights:
                # stop before "according to …" and before a second verb ("… and warned that")
                if self._according(child) is not None or child.dep_ in {"cc", "conj"}:
                    end_token = self.sdoc[max(child.left_edge.i - 1, start_token.i)]
                    break
            start, end = self._trim(start_token.idx, end_token.idx + len(end_token.text))
            if len(self.text[start:end].split()) >= 2:
                return start, end
        return None

    def _indirect(self, taken: list[_Found]) -> list[_Found]:
        found: list[_Found] = []
        for token in self.sdoc:
            if token.i in self.used_cues or self._in_full_region(token.idx):
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
            if target is not None and target.head is not None:
                source = self.speakers.resolve(source_head, remember=False)
                target.via.append(source.name or self.text[source_head.idx : phrase_end])
                continue
            sentence = token.sent
            phrase = {t.i for t in token.subtree}
            rest = [t for t in sentence if t.i not in phrase and not t.is_punct]
            before = [t for t in rest if t.i < token.i]
            after = [t for t in rest if t.i > token.i]
            side = after if len(after) >= len(before) else before
            if len(side) < 3:
                continue
            start, end = self._trim(side[0].idx, side[-1].idx + len(side[-1].text))
            if any(q.start <= start < q.end for q in quotes):
                continue
            self.used_cues.add(token.i)
            item = _Found(start, end, "indirect", source_head, token, phrase_end)
            extra.append(item)
        return extra

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

    def run(self) -> list[Quote]:
        direct = self._direct()
        indirect = self._indirect(direct)
        quotes = sorted(direct + indirect, key=lambda q: q.start)
        quotes += self._according_pass(quotes)
        self._resolve_speakers(quotes)
        quotes = self._fold_reporters(sorted(quotes, key=lambda q: q.start))
        return [self._quote(q) for q in quotes]

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
            end = item.cue_end or item.cue.idx + len(item.cue.text)
            cue = self._span(item.cue.idx, end)
        return Quote(
            speaker=item.speaker,
            content=self._span(item.start, item.end),
            cue=cue,
            kind=item.kind,  # type: ignore[arg-type]
            via=list(dict.fromkeys(v for v in item.via if v)),
        )
