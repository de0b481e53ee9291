"""Who is speaking: noun phrases, in-document name coreference and pronoun resolution.

A speaker is written many ways ("Russian President Vladimir Putin", "Putin", "he", "the
spokesman", "the ministry"). This module turns the written form into a Speaker whose ``span`` is
what the text says, whose ``name`` is the fullest name the article uses for that entity, and whose
``resolved_from`` is the named mention a pronoun or description was linked to. Resolution is the
classic salience heuristic: the nearest compatible preceding entity, skipping possessive and
compound modifiers ("Assad's crackdown") because they are rarely the topic a pronoun continues.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import Actor, Mention, Span, Speaker
from .quote_lexicon import CueLexicon

# possessives hold noun cues ("his claim that …", "their support for …")
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "i", "me", "my"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our"})
THING_PRONOUNS = frozenset({"it", "its"})
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS

GROUP_LABELS = frozenset({"ORG", "NORP", "GPE"})
ENTITY_LABELS = frozenset({"PERSON"}) | GROUP_LABELS
_NP_LEFT_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "case", "quantmod"})
_NP_RIGHT_DEPS = frozenset({"compound", "flat", "case"})
# Mentions a pronoun most often continues: subjects and agents ("claims made by X")
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent_pobj", "appos"})
_SUBJECT_DEPS_ANY = frozenset({"nsubjpass", "auxpass", "nsubj", "csubj"})  # a subject, or passive
_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
_INVERTED_SUBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "npadvmod", "dative"})
_DASHES = frozenset({"-", "--", "—", "–", "―"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
_CONJOINED_SPEAKER_DEPS = frozenset({"nsubj", "nsubjpass", "pobj", "conj"})
_REPORTED_DEPS = frozenset({"ccomp"})  # "says (that) X …": X is spoken of
_TITLE_WORDS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen.", "rep."})


@dataclass
class Entity:
    """A named mention usable as a speaker or an antecedent."""

    start: int
    end: int
    text: str
    label: str
    root_dep: str
    name: str  # canonical in-document name
    actor: Actor | None = None
    field: str = "text"
    sentence: int = -1  # start offset of the mention's sentence
    embedded: bool = False  # the subject of a reported clause ("Cox says *Obama* is trying")

    def span(self) -> Span:
        return Span(self.start, self.end, self.text, self.field)  # type: ignore[arg-type]


def _clean_name(text: str) -> str:
    text = text.strip()
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    words = text.split()
    while words and words[0].lower() in _TITLE_WORDS | {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)


def build_entities(
    sdoc: Doc, mentions: Sequence[Mention] = (), field: str = "text"
) -> list[Entity]:
    """Named mentions in text order: the resolver's when given, else spaCy's entities."""
    raw: list[tuple[int, int, str, str, Actor | None]] = []
    if mentions:
        for m in mentions:
            if m.span.field == field:
                raw.append((m.span.start, m.span.end, m.span.text, m.label, m.actor))
    else:
        for ent in sdoc.ents:
            if ent.label_ in ENTITY_LABELS:
                raw.append((ent.start_char, ent.end_char, ent.text, ent.label_, None))
    raw.sort(key=lambda r: (r[0], -r[1]))
    entities: list[Entity] = []
    for start, end, text, label, actor in raw:
        span = sdoc.char_span(start, end, alignment_mode="expand")
        dep = span.root.dep_ if span is not None and len(span) else ""
        if span is not None and len(span) and dep == "pobj" and span.root.head.dep_ == "agent":
            dep = "agent_pobj"
        entity = Entity(start, end, text, label, dep, _clean_name(text), actor, field)
        if span is not None and len(span):
            entity.sentence = span.root.sent.start_char
            entity.embedded = _in_reported_clause(span.root)
        entities.append(entity)
    _corefer_names(entities)
    return entities


def _in_reported_clause(token: Token) -> bool:
    """Whether a token sits in a reported clause (what was said, not who said it)."""
    while token.dep_ != "ROOT" and token.head is not token:
        if token.dep_ in _REPORTED_DEPS:
            return True
        token = token.head
    return False


def _corefer_names(entities: list[Entity]) -> None:
    """Give short person names the fullest form in the article ("Putin" -> "Vladimir Putin")."""
    surnames = {
        e.name.split()[-1] for e in entities if e.label == "PERSON" and len(e.name.split()) > 1
    }
    for entity in entities:
        # "Bozell" tagged as a place or an organisation where "Brent Bozell" is a person
        if entity.label in GROUP_LABELS and entity.actor is None and entity.name in surnames:
            entity.label = "PERSON"
    persons = [e for e in entities if e.label == "PERSON" and e.actor is None]
    for entity in persons:
        words = entity.name.split()
        if not words:
            continue
        best = entity.name
        for other in persons:
            other_words = other.name.split()
            if (
                len(other_words) > len(best.split())
                and other_words[-1] == words[-1]
                and all(w in other_words for w in words)
            ):
                best = other.name
        entity.name = best
    for entity in entities:
        if entity.actor is not None and entity.actor.name:
            entity.name = entity.actor.name


def noun_phrase(head: Token) -> tuple[int, int]:
    """Character extent of the noun phrase headed by ``head``, without clauses or appositions."""
    left = head
    for child in head.lefts:
        if child.dep_ in _NP_LEFT_DEPS or (child.dep_ == "prep" and child.lower_ == "of"):
            left = min(left, child.left_edge, key=lambda t: t.i)
    right = _np_right(head)
    while left.i < right.i and (left.is_punct or left.dep_ == "case"):
        left = left.doc[left.i + 1]
    while right.i > left.i and right.is_punct:
        right = right.doc[right.i - 1]
    return left.idx, right.idx + len(right.text)


def _np_right(head: Token) -> Token:
    """Last token of the noun phrase headed by ``head`` (see noun_phrase)."""
    right = head
    # "Six in 10 voters", "most of them": a count keeps what it counts
    counted = {"of", "in"} if head.pos_ == "NUM" else {"of"}
    for child in head.rights:
        if child.dep_ in _NP_RIGHT_DEPS or (child.dep_ == "prep" and child.lower_ in counted):
            right = max(right, child.right_edge, key=lambda t: t.i)
        elif child.dep_ == "conj" and child.pos_ in {"NOUN", "PROPN"}:
            # "Trump and Ryan", "contender and former neurosurgeon Ben Carson": both speak
            if head.dep_ in _CONJOINED_SPEAKER_DEPS and not _crosses_line(head, child):
                right = max(right, _np_right(child), key=lambda t: t.i)
        elif child.dep_ not in {"prep", "cc"}:
            break
    return right


def _crosses_line(first: Token, second: Token) -> bool:
    """Whether a line break separates two tokens (a parse that ran past a headline)."""
    low, high = sorted((first.i, second.i))
    return any("\n" in t.text_with_ws for t in first.doc[low:high])


def _apposed_name(head: Token, child: Token) -> bool:
    """An apposition that can name the speaker: on the same line, and past a colon only when it
    is itself a name ("The Latest: Trump urges" yes, "Lynch: No outside influence" no)."""
    if _crosses_line(head, child):
        return False
    colon = any(t.text == ":" for t in head.doc[head.i : child.i])
    return not colon or child.pos_ == "PROPN"


def _outside_parentheses(head: Token) -> Token:
    """A party tag or an abbreviation in brackets is not who spoke ("Sen. Jane Doe (D-MA) said").

    The parser often makes the bracketed tag the subject; the speaker is the name just before
    the opening bracket.
    """
    doc = head.doc
    opening = None
    for token in reversed(doc[max(0, head.i - 6) : head.i]):
        if token.text == ")" or "\n" in token.text:
            return head
        if token.text == "(":
            opening = token
            break
    if opening is None or opening.i == 0:
        return head
    closing = next((t for t in doc[head.i : head.i + 6] if t.text in {")", "("}), None)
    if closing is None or closing.text != ")":
        return head
    before = doc[opening.i - 1]
    if before.pos_ == "PROPN" and not _crosses_line(before, head):
        return before
    return head


def subjectless_speaker(
    cue: Token, speech_verbs: frozenset[str], lemma: str | None, quoted: Callable[[int], bool]
) -> Token | None:
    """The speaker of a verb of saying that the parser left without a subject.

    Next to a quotation the small parser often loses the subject of the cue: it reads
    "Mitt Romney, the nominee, tweeted: “…”" and "“…” the 43-year-old asked" as a participle
    modifying the speaker (``acl``), and "…on Dec. 2, Col. Steven Warren, a spokesman, said,
    “…”" as an apposition to the date. Only verbs of saying qualify, and never a passive
    ("he was told"): there the subject heard, it did not speak.
    """
    if lemma not in speech_verbs or any(c.dep_ in _SUBJECT_DEPS_ANY for c in cue.children):
        return None
    noun = cue.head
    # "the 43-year-old asked": an adjective with a determiner is a noun phrase too
    nominal = noun.pos_ in _NOMINAL or any(c.dep_ == "det" for c in noun.children)
    if cue.dep_ == "acl" and nominal and not quoted(noun.idx):
        return noun
    if cue.dep_ != "ROOT":
        return None
    if cue.i > 0 and quoted(cue.doc[cue.i - 1].idx):
        # '“…,” added another New Hampshire Democrat': the inverted subject read as an object
        for child in cue.rights:
            if child.dep_ in _INVERTED_SUBJECT_DEPS and child.pos_ in _NOMINAL:
                return child
            if child.dep_ not in {"punct", "advmod", "prt"}:
                break
    for token in reversed(cue.sent[: cue.i - cue.sent.start]):
        if quoted(token.idx) or "\n" in token.text:
            break
        if token.pos_ == "PROPN" and token.ent_type_ in {"PERSON", "ORG"} and token.dep_ != "poss":
            return token
    return None


def dashed_label(colon: Token) -> Token | None:
    """The name in "Media shares blame - HuffPollster: “…”" (digest style: a headline, a dash,
    the source and a colon), which outranks any verb in the headline before the dash."""
    name: list[Token] = []
    for token in reversed(colon.doc[max(0, colon.i - 8) : colon.i]):
        if token.text in _DASHES:
            break
        if "\n" in token.text or not (token.pos_ == "PROPN" or token.lower_ in {"and", "from"}):
            return None
        name.append(token)
    else:
        return None
    names = [t for t in name if t.pos_ == "PROPN"]
    return names[0] if names else None


def signed_by(after: Sequence[Token]) -> tuple[Token, Token] | None:
    """The dash and the name signing a quotation: '“…” ― Adriana Rodarte', an embedded tweet's
    '“…” — David Martosko (@dmartosko) September 1, 2016', an epigraph's '“…” – Mark Twain'.

    ``after`` are the tokens that follow the closing mark on its line.
    """
    tokens = [t for t in after if not t.is_space]
    if len(tokens) < 2 or tokens[0].text not in _DASHES:
        return None
    name = []
    for token in tokens[1:7]:
        if token.pos_ != "PROPN" or "\n" in token.text_with_ws[len(token.text) :]:
            if token.pos_ == "PROPN":
                name.append(token)
            break
        name.append(token)
    if not name or not name[0].is_title:
        return None
    return tokens[0], name[-1]


def colon_speaker(colon: Token, quoted: Callable[[int], bool]) -> Token | None:
    """Who introduces a quotation with a colon when no verb of saying does.

    "as Tom Ridge … put it: “…”" (the subject of the verb just before the colon), "Here's
    Clinton in December 1992: “…”", "- Philip Bump: “…”" (the last name before the colon).
    """
    if colon.i == 0:
        return None
    last = colon.doc[colon.i - 1]
    # the verb ends the clause, alone or with a pronoun object ("put it:", "wrote this:")
    verb = last if last.pos_ in {"VERB", "AUX"} or last.pos_ != "PRON" else last.head
    if verb.pos_ in {"VERB", "AUX"} and verb.i < colon.i:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.pos_ in _NOMINAL and not quoted(subject.idx):
            return subject
    for token in reversed(colon.sent[: colon.i - colon.sent.start]):
        if quoted(token.idx) or "\n" in token.text:
            break
        if token.pos_ == "PROPN" and token.ent_type_ in {"PERSON", "ORG"} and token.dep_ != "poss":
            return token
    return None


def _agent(verb: Token) -> Token | None:
    """X of a passive "… by X"."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _holds_views(subject: Token) -> bool:
    """A subject that can hold a view: a person, a group or a named body, not "the rally"."""
    return (
        subject.lower_ in PRONOUNS | {"who"}
        or subject.ent_type_ in ENTITY_LABELS
        or subject.pos_ == "PROPN"
    )


def implicit_holder(cue: Token) -> Token | None:
    """The speaker of a statement whose cue has no subject of its own, when the sentence names one.

    A noun cue belongs to whoever does something with it: "Trump launched an attack against
    Obama", "More GOP candidates are chiming in with criticism of …", "a fundraiser in support of
    Rubio" (the subject of the verb the noun phrase hangs on). A raising verb belongs to its
    subject when that can hold a view ("She appeared to imply …", not "the rally seemed …"),
    and "Asked by Stephanopoulos to …" to the agent. A noun cue that is itself the subject
    ("Support for Sanders has been strongest …") has no holder.
    """
    if cue.pos_ in {"VERB", "AUX"}:
        subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject if _holds_views(subject) else None
        return _agent(cue)
    token = cue
    for _ in range(6):
        if token.dep_ in {"nsubj", "nsubjpass", "ROOT"} or token.head is token:
            return None
        token = token.head
        if token.pos_ not in {"VERB", "AUX"}:
            continue
        if any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children):
            return _agent(token)
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject if subject.pos_ in _NOMINAL | {"NUM"} else None
        if token.dep_ not in {"xcomp", "conj", "advcl"}:
            return None
    return None


class SpeakerResolver:
    """Resolve written speakers to named entities, in text order, remembering who spoke."""

    def __init__(
        self,
        text: str,
        entities: list[Entity],
        lexicon: CueLexicon,
        field: str = "text",
        quoted: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.text = text
        # names inside quotation marks are what the speaker talks about, not who speaks
        self.entities = [
            e for e in entities if not any(a <= e.start and e.end <= b for a, b in quoted)
        ]
        self.lexicon = lexicon
        self.field = field

    def _span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end], self.field)  # type: ignore[arg-type]

    def _entity_in(self, start: int, end: int, head_idx: int) -> Entity | None:
        inside = [e for e in self.entities if e.start >= start and e.end <= end]
        for e in inside:
            if e.start <= head_idx < e.end:
                return e
        persons = [e for e in inside if e.label == "PERSON"]
        if persons:
            return persons[-1]
        # "Russian officials", "a Portland councillor": a nationality or a place that only
        # modifies the head is not who speaks
        named = [
            e
            for e in inside
            if e.label != "NORP" and not (e.label == "GPE" and e.root_dep in _MODIFIER_DEPS)
        ]
        return named[-1] if named else None

    def named_in(self, start: int, end: int) -> Entity | None:
        """The named entity inside a stretch of text (a person first), if any."""
        inside = [e for e in self.entities if e.start >= start and e.end <= end]
        persons = [e for e in inside if e.label == "PERSON"]
        chosen = persons or inside
        return chosen[-1] if chosen else None

    def _antecedent(self, before: int, kinds: frozenset[str], hint: str = "") -> Entity | None:
        """Nearest preceding entity of a compatible label, preferring non-modifier mentions."""
        candidates = [e for e in self.entities if e.end <= before and e.label in kinds]
        if hint:
            hinted = [e for e in candidates if hint in e.text.lower()]
            if hinted:
                return hinted[-1]
        subjects = [e for e in candidates if e.root_dep in _SUBJECT_DEPS]
        if subjects:
            # "Cox says Obama is trying … He says": the one who speaks, not the one spoken of
            nearest = subjects[-1]
            speakers = [e for e in subjects if e.sentence == nearest.sentence and not e.embedded]
            return speakers[-1] if nearest.embedded and speakers else nearest
        salient = [e for e in candidates if e.root_dep not in {"poss", "compound"}]
        if salient:
            return salient[-1]
        return candidates[-1] if candidates else None

    def _remember(self, start: int, end: int, head: Token, speaker: Speaker) -> None:
        """A named speaker the parser's NER missed becomes an antecedent for later pronouns."""
        if head.pos_ != "PROPN" or any(e.start <= head.idx < e.end for e in self.entities):
            return
        entity = Entity(
            start,
            end,
            self.text[start:end],
            "PERSON",
            "nsubj",
            speaker.name or "",
            None,
            self.field,
            head.sent.start_char,
            _in_reported_clause(head),
        )
        self.entities.append(entity)
        self.entities.sort(key=lambda e: e.start)

    def resolve(self, head: Token, remember: bool = True) -> Speaker:
        """The Speaker for a speaker head (a subject, an agent or an "according to" object)."""
        if head.lower_ in {"who", "that", "which"} and head.head.dep_ in {"relcl", "acl"}:
            # "Smith, who said …": written "who", resolved to the noun it hangs on
            noun = self.resolve(head.head.head, remember=False)
            if head.lower_ == "that":
                # "a law that allows …": "that" is no name of its own; the noun phrase speaks
                return noun
            return Speaker(
                span=self._span(head.idx, head.idx + len(head.text)),
                name=noun.name,
                actor=noun.actor,
                resolved_from=noun.resolved_from or noun.span,
            )
        head = _outside_parentheses(head)
        start, end = noun_phrase(head)
        for child in head.rights:
            # "state news agency Itar-Tass", "his spokesman, Dmitry Peskov": the name is apposed
            if (
                child.dep_ == "appos"
                and _apposed_name(head, child)
                and self._entity_in(
                    child.left_edge.idx,
                    child.right_edge.idx + len(child.right_edge.text),
                    child.idx,
                )
            ):
                end = max(end, child.right_edge.idx + len(child.right_edge.text))
                head = child
        # a misparse can join a headline or dateline line to the subject: keep the head's line
        line_start = self.text.rfind("\n", 0, head.idx) + 1
        line_end = self.text.find("\n", head.idx)
        start = max(start, line_start)
        end = min(end, len(self.text) if line_end < 0 else line_end)
        while end > start and self.text[end - 1] in " \t,;:(":
            end -= 1
        written = self._span(start, end)
        lower = head.lower_
        if lower in PRONOUNS and end - start == len(head.text):
            if lower in PERSON_PRONOUNS:
                kinds = frozenset({"PERSON"})
            elif lower in {"we", "us", "our"}:
                kinds = GROUP_LABELS | {"PERSON"}
            else:
                kinds = GROUP_LABELS
            antecedent = self._antecedent(start, kinds)
            if antecedent is None:
                return Speaker(span=written, name=None)
            return Speaker(
                span=written,
                name=antecedent.name,
                actor=antecedent.actor,
                resolved_from=antecedent.span(),
            )
        entity = self._entity_in(start, end, head.idx)
        if entity is not None:
            return Speaker(span=written, name=entity.name, actor=entity.actor)
        description = self._description(head)
        if description is not None:
            kinds = frozenset({"PERSON"}) if description == "person" else GROUP_LABELS
            antecedent = self._antecedent(start, kinds, hint=lower)
            if antecedent is not None:
                return Speaker(
                    span=written,
                    name=antecedent.name,
                    actor=antecedent.actor,
                    resolved_from=antecedent.span(),
                )
        speaker = Speaker(span=written, name=_clean_name(written.text))
        if remember:
            self._remember(start, end, head, speaker)
        return speaker

    def _description(self, head: Token) -> str | None:
        """The entity kind a definite description ("the spokesman") stands for, if it is one."""
        kind = self.lexicon.descriptions.get(head.lower_)
        if kind is None:
            return None
        determiners = [c for c in head.lefts if c.dep_ in {"det", "poss"}]
        if not determiners or determiners[0].lower_ not in {"the", "this", "that", "his", "her"}:
            return None
        if any(c.dep_ == "compound" and c.ent_type_ for c in head.lefts):
            return None
        return kind

    def is_media(self, speaker: Speaker) -> bool:
        """Whether a speaker is a reporting source (news agency, state media...).

        The name decides, not the written span: "Christine Todd Whitman, the former ...
        Agency administrator" and "Josh Earnest, the White House press secretary" are people.
        """
        text = (speaker.name or (speaker.span.text if speaker.span else "")).lower()
        words = set(text.replace("-", " ").split()) | {text}
        return bool(words & self.lexicon.media_words) or text in self.lexicon.media_words
