"""Who is speaking: noun phrases, in-document name coreference and pronoun resolution.

A speaker is written many ways ("Russian President Vladimir Putin", "Putin", "he", "the
spokesman", "the ministry"). This module turns the written form into a Speaker whose ``span`` is
what the text says, whose ``name`` is the fullest name the article uses for that entity, and whose
``resolved_from`` is the named mention a pronoun or description was linked to. Resolution is the
classic salience heuristic: the nearest compatible preceding entity, skipping possessive and
compound modifiers ("Assad's crackdown") because they are rarely the topic a pronoun continues.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import Actor, Mention, Span, Speaker
from .quote_lexicon import CueLexicon

PERSON_PRONOUNS = frozenset({"he", "him", "she", "her", "i", "me"})
GROUP_PRONOUNS = frozenset({"they", "them", "we", "us"})
THING_PRONOUNS = frozenset({"it"})
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS

GROUP_LABELS = frozenset({"ORG", "NORP", "GPE"})
ENTITY_LABELS = frozenset({"PERSON"}) | GROUP_LABELS
_NP_LEFT_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "case", "quantmod"})
_NP_RIGHT_DEPS = frozenset({"compound", "flat", "case"})
# Mentions a pronoun most often continues: subjects and agents ("claims made by X")
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent_pobj", "appos"})
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
        entities.append(Entity(start, end, text, label, dep, _clean_name(text), actor, field))
    _corefer_names(entities)
    return entities


def _corefer_names(entities: list[Entity]) -> None:
    """Give short person names the fullest form in the article ("Putin" -> "Vladimir Putin")."""
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
    right = head
    for child in head.rights:
        if child.dep_ in _NP_RIGHT_DEPS or (child.dep_ == "prep" and child.lower_ == "of"):
            right = max(right, child.right_edge, key=lambda t: t.i)
        elif child.dep_ not in {"prep"}:
            break
    while left.i < right.i and (left.is_punct or left.dep_ == "case"):
        left = left.doc[left.i + 1]
    while right.i > left.i and right.is_punct:
        right = right.doc[right.i - 1]
    return left.idx, right.idx + len(right.text)


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
        named = [e for e in inside if e.label != "NORP"]  # "Russian" only modifies the head
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
            return subjects[-1]
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
        )
        self.entities.append(entity)
        self.entities.sort(key=lambda e: e.start)

    def resolve(self, head: Token, remember: bool = True) -> Speaker:
        """The Speaker for a speaker head (a subject, an agent or an "according to" object)."""
        if head.lower_ in {"who", "that", "which"} and head.head.dep_ in {"relcl", "acl"}:
            # "Smith, who said …": written "who", resolved to the noun it hangs on
            noun = self.resolve(head.head.head, remember=False)
            return Speaker(
                span=self._span(head.idx, head.idx + len(head.text)),
                name=noun.name,
                actor=noun.actor,
                resolved_from=noun.resolved_from or noun.span,
            )
        start, end = noun_phrase(head)
        for child in head.rights:
            # "state news agency Itar-Tass", "his spokesman, Dmitry Peskov": the name is apposed
            if child.dep_ == "appos" and self._entity_in(
                child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text), child.idx
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
            elif lower in {"we", "us"}:
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
        """Whether a speaker is a reporting source (news agency, state media...)."""
        text = (speaker.span.text if speaker.span else speaker.name or "").lower()
        words = set(text.replace("-", " ").split()) | {text}
        return bool(words & self.lexicon.media_words) or text in self.lexicon.media_words
