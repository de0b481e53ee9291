"""Actors: find who is mentioned in an article and resolve them against the actor dictionary.

Three sources of mentions, merged so that no two mentions overlap:

1. dictionary names (countries, demonyms, metonyms such as "Kremlin", organisations, groups,
   people), found with one case-sensitive spaCy ``PhraseMatcher`` over the whole document;
2. spaCy entities (PERSON, ORG, GPE, NORP, LOC, FAC) the dictionary does not know: people keep
   their name and take country and sector from their title ("Syrian opposition leader X" ->
   SYR OPP) or from an earlier full-name mention ("Putin" after "Vladimir Putin");
3. generic agents ("Assad's military", "Russian and Syrian government forces", "rebels"),
   found with a case-insensitive ``PhraseMatcher`` of agent words, with country and sector taken
   from the modifiers the parse attaches to them.

Everything is a lookup over the parse, so the stage stays cheap next to spaCy itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from .. import nlp
from ..model import Actor, Article, Mention, Span
from .actor_dictionary import (
    ActorDictionary,
    ActorDictionaryError,
    AgentWord,
    Surface,
    agent_name,
)

__all__ = ["ActorDictionaryError", "ActorResolver"]

_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_LABEL_BY_KIND = {
    "person": "PERSON", "country": "GPE", "bloc": "LOC", "organisation": "ORG",
    "coalition": "ORG", "media": "ORG", "group": "ORG",
}  # fmt: skip
_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
_TITLE_WINDOW_POS = frozenset({"PROPN", "NOUN", "ADJ", "PART", "CCONJ"})
_LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "around", "across", "into", "to", "via", "through"}
)
_NOUNS = frozenset({"NOUN", "PROPN"})


@dataclass
class _NameMatch:
    start: int
    end: int
    surface: Surface


@dataclass
class _AgentMatch:
    start: int
    end: int
    word: AgentWord


@dataclass
class _Cues:
    """What the words around a name or agent noun say about who it is."""

    countries: list[tuple[int, int, str]] = dataclasses.field(default_factory=list)
    sector: str | None = None
    ref: Actor | None = None  # an organisation or group the phrase belongs to ("ISIS fighters")
    role_start: int | None = None  # first token after the country cues: where the role begins
    role_end: int | None = None


class ActorResolver:
    """Finds actor mentions in parsed articles. Build once per process: it loads the
    dictionary and compiles its matchers (a few hundred milliseconds)."""

    def __init__(self, extra_files: Sequence[Path] = ()) -> None:
        self.dictionary = _load_dictionary(tuple(Path(p) for p in extra_files))
        self._nlp = nlp.load()
        self._names, self._agents = _compile(self.dictionary, self._nlp)

    # ---- public API -----------------------------------------------------------------------
    def lookup(self, name: str, on: dt.date | None = None) -> Actor | None:
        """The dictionary actor called ``name`` with the role it held ``on`` that day
        (``None``: its most recent role); ``None`` when the name is unknown."""
        if isinstance(on, dt.datetime):
            on = on.date()
        surface = self.dictionary.lookup(name)
        return surface.actor(on) if surface else None

    def find_mentions(self, article: Article, sdoc: Doc) -> list[Mention]:
        """Every actor mention of ``article`` (``sdoc`` is the spaCy parse of its text), in
        text order, resolved where the dictionary or the context allows."""
        on = article.published.date() if article.published else None
        return _DocumentResolver(self, article.text, sdoc, on).run()


@functools.lru_cache(maxsize=8)
def _load_dictionary(extra_files: tuple[Path, ...]) -> ActorDictionary:
    return ActorDictionary.load(extra_files)


def _compile(
    dictionary: ActorDictionary, language: Language
) -> tuple[PhraseMatcher, PhraseMatcher]:
    names = PhraseMatcher(language.vocab, attr="ORTH")
    forms = list(dictionary.surfaces)
    for form, pattern in zip(forms, map(language.make_doc, forms), strict=True):
        names.add(form, [pattern])
    agents = PhraseMatcher(language.vocab, attr="LOWER")
    words = list(dictionary.agent_words)
    for word, pattern in zip(words, map(language.make_doc, words), strict=True):
        agents.add(word, [pattern])
    return names, agents


class _DocumentResolver:
    """The state of resolving one document: matches, claimed tokens, coreference chains."""

    def __init__(self, resolver: ActorResolver, text: str, sdoc: Doc, on: dt.date | None) -> None:
        self.text, self.sdoc, self.on = text, sdoc, on
        self.dictionary = resolver.dictionary
        strings = sdoc.vocab.strings
        self.name_matches: list[_NameMatch] = []
        for match_id, start, end in _longest(resolver._names(sdoc)):
            surface = self.dictionary.surfaces[strings[match_id]]
            self.name_matches.append(_NameMatch(start, end, surface))
        self.agent_matches: list[_AgentMatch] = []
        for match_id, start, end in _longest(resolver._agents(sdoc)):
            word = self.dictionary.agent_words[strings[match_id]]
            self.agent_matches.append(_AgentMatch(start, end, word))
        self.name_at = {i: m for m in self.name_matches for i in range(m.start, m.end)}
        self.agent_at = {i: m for m in self.agent_matches for i in range(m.start, m.end)}
        self.surnames: dict[str, Actor] = {}  # in-document coreference: "Putin" -> the person

    # ---- the three passes -----------------------------------------------------------------
    def run(self) -> list[Mention]:
        spans = self._named_spans()
        mentions: dict[int, tuple[int, Mention]] = {}  # start token -> (end token, mention)
        for start, end, label, surface in spans:
            mention = self._named_mention(start, end, label, surface)
            if mention is not None:
                mentions[start] = (end, mention)
        claimed = {i for s, (e, _) in mentions.items() for i in range(s, e)}
        for start, end, built in self._agent_mentions(claimed):
            for i in [s for s in mentions if start <= s < end]:  # the phrase absorbs modifiers
                del mentions[i]
            for s, e, mention in built:
                mentions[s] = (e, mention)
        return [mentions[s][1] for s in sorted(mentions)]

    def _named_spans(self) -> list[tuple[int, int, str, Surface | None]]:
        """Dictionary matches and spaCy entities, overlaps settled (see module docstring)."""
        chosen: list[tuple[int, int, str, Surface | None]] = []
        used: set[int] = set()
        entities = [e for e in (_trim(ent) for ent in self.sdoc.ents) if e is not None]
        for start, end, label in entities:
            inside = [m for m in self.name_matches if m.start < end and start < m.end]
            if not inside:
                chosen.append((start, end, label, None))
                continue
            if len(inside) == 1 and (inside[0].start, inside[0].end) == (start, end):
                continue  # the dictionary match stands for itself below
            persons = [m for m in inside if m.surface.entry.kind == "person"]
            if label == "PERSON" and persons and not self._first_name_before(start, persons[0]):
                continue  # "Putin Blames Lack": the known person wins
            if label == "PERSON" and not persons:
                used.update(i for m in inside for i in range(m.start, m.end))
                chosen.append((start, end, label, None))  # "Jordan Peterson" is a person
                continue
            if label == "PERSON":  # "Hunter Biden": another person with a known surname
                used.update(i for m in inside for i in range(m.start, m.end))
                chosen.append((start, end, label, None))
                continue
            if all(start <= m.start and m.end <= end for m in inside) and (end - start) > max(
                m.end - m.start for m in inside
            ):
                used.update(i for m in inside for i in range(m.start, m.end))
                chosen.append((start, end, label, None))  # "Russian Defence Ministry"
        taken = {i for s, e, _, _ in chosen for i in range(s, e)}
        for m in self.name_matches:
            if m.start in used or any(i in taken for i in range(m.start, m.end)):
                continue
            label = self._entity_label(m.start, m.end) or _label_for(m.surface)
            chosen.append((m.start, m.end, label, m.surface))
        chosen.sort(key=lambda c: c[0])
        return chosen

    def _first_name_before(self, ent_start: int, person: _NameMatch) -> bool:
        """Whether the entity adds a capitalised first name before the known surname."""
        if person.start <= ent_start:
            return False
        before = self.sdoc[ent_start : person.start]
        return any(
            t.is_title and t.i not in self.agent_at and t.i not in self.name_at for t in before
        )

    def _entity_label(self, start: int, end: int) -> str | None:
        for ent in self.sdoc.ents:
            if ent.start <= start and end <= ent.end:
                return str(ent.label_)
        return None

    # ---- named mentions -------------------------------------------------------------------
    def _named_mention(
        self, start: int, end: int, label: str, surface: Surface | None
    ) -> Mention | None:
        span = self._span(start, end)
        if surface is not None:
            actor = self._resolve_surface(start, end, label, surface)
            return Mention(span, label, actor)
        text = span.text
        if label == "PERSON" or (end - start == 1 and text in self.surnames):
            actor = self._person(start, end, text)
            return Mention(span, "PERSON" if actor.kind == "person" else label, actor)
        if label == "ORG":
            return Mention(span, label, self._organisation(start, end, text))
        return Mention(span, label, None)

    def _resolve_surface(self, start: int, end: int, label: str, surface: Surface) -> Actor | None:
        entry = surface.entry
        if entry.kind == "person":
            text = self.sdoc[start:end].text
            if end - start == 1 and text in self.surnames:
                return dataclasses.replace(self.surnames[text])  # the person named in full before
            actor = surface.actor(self.on)
            self._remember(start, end, actor)
            return actor
        if surface.form == "metonym" and label in ("GPE", "LOC") and self._locative(start):
            return None  # "talks in Moscow": a place, not the government
        return surface.actor(self.on)

    def _locative(self, start: int) -> bool:
        head = self.sdoc[start]
        return head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE_PREPS

    def _person(self, start: int, end: int, text: str) -> Actor:
        last = self.sdoc[end - 1].text
        if text in self.surnames or (end - start == 1 and last in self.surnames):
            return dataclasses.replace(self.surnames.get(text) or self.surnames[last])
        cues = self._title_cues(start, end)
        actor = Actor(text, None, None, None, None, "person")
        if cues is not None:
            actor.country = cues.countries[0][2] if cues.countries else None
            actor.sector = cues.sector
            actor.role = self._role_text(cues)
        self._remember(start, end, actor)
        return actor

    def _remember(self, start: int, end: int, actor: Actor) -> None:
        if end - start >= 2:
            self.surnames[self.sdoc[start:end].text] = actor
            self.surnames[self.sdoc[end - 1].text] = actor

    def _organisation(self, start: int, end: int, text: str) -> Actor:
        cues = self._describe(start, end, end - 1)
        if cues.ref is not None:
            return cues.ref
        name = text[4:] if text.lower().startswith("the ") else text
        country = cues.countries[0][2] if cues.countries else None
        return Actor(name, country, cues.sector, None, None, "organisation")

    def _title_cues(self, start: int, end: int) -> _Cues | None:
        """Country and sector from the title before a name ("Russian Defence Ministry
        spokesman Igor Konashenkov") or from an apposition ("X, a spokesman for ...")."""
        left = start
        while left > 0 and start - left < 8:
            tok = self.sdoc[left - 1]
            if tok.pos_ not in _TITLE_WINDOW_POS or "\n" in tok.whitespace_ or tok.is_sent_end:
                break
            left -= 1
        while left < start and self.sdoc[left].pos_ in ("CCONJ", "PART"):
            left += 1
        if left < start:
            cues = self._describe(left, start, start - 1)
            if cues.countries or cues.sector:
                cues.role_start = cues.role_start if cues.role_start is not None else left
                cues.role_end = start
                return cues
        root = self.sdoc[start:end].root
        for child in root.children:
            if child.dep_ == "appos" and child.i >= end:
                sub = list(child.subtree)
                cues = self._describe(sub[0].i, sub[-1].i + 1, child.i)
                if cues.countries or cues.sector:
                    cues.role_start = child.i
                    cues.role_end = child.i + 1
                    return cues
        return None

    def _role_text(self, cues: _Cues) -> str | None:
        start, end = cues.role_start, cues.role_end
        if start is None or end is None or start >= end:
            return None
        words = [t.text for t in self.sdoc[start:end] if t.dep_ != "case" and t.text != "'s"]
        return " ".join(words) or None

    # ---- cues -----------------------------------------------------------------------------
    def _describe(self, start: int, end: int, head: int) -> _Cues:
        """Read the country, sector and organisation of a phrase from the matches inside it.

        The head noun decides the sector, except that an organisation word beats a title
        ("rebel commander" -> REB) and a title without sector takes the sector of whatever it
        goes with ("Defence Ministry spokesman" -> MIL, "Putin's spokesman" -> GOV)."""
        cues = _Cues()
        org_sector: str | None = None
        weak_sector: str | None = None
        head_word: AgentWord | None = None
        i = start
        while i < end:
            name = self.name_at.get(i)
            if name is not None and name.start >= start:
                entry, surface = name.surface.entry, name.surface
                actor = self._actor_for(name)
                if actor is not None and actor.country:
                    cues.countries.append((name.start, name.end, actor.country))
                if surface.form == "metonym":
                    org_sector = surface.sector
                elif entry.kind in ("organisation", "coalition", "media", "group"):
                    cues.ref = actor
                    org_sector = entry.sector
                elif entry.kind == "person" and actor is not None:
                    weak_sector = actor.sector
                i = name.end
                cues.role_start = i
                continue
            agent = self.agent_at.get(i)
            if agent is not None and agent.start >= start:
                if agent.end - 1 == head or (agent.start <= head < agent.end):
                    head_word = agent.word
                elif not agent.word.is_title:
                    org_sector = agent.word.sector
                elif agent.word.sector:
                    weak_sector = weak_sector or agent.word.sector
                i = agent.end
                continue
            i += 1
        if head_word is not None and not head_word.is_title:
            cues.sector = head_word.sector
        else:
            title_sector = head_word.sector if head_word else None
            cues.sector = org_sector or title_sector or weak_sector
        return cues

    def _actor_for(self, name: _NameMatch) -> Actor | None:
        text = self.sdoc[name.start : name.end].text
        if name.surface.entry.kind == "person" and text in self.surnames:
            return self.surnames[text]
        return name.surface.actor(self.on)

    # ---- generic agents -------------------------------------------------------------------
    def _agent_mentions(
        self, claimed: set[int]
    ) -> list[tuple[int, int, list[tuple[int, int, Mention]]]]:
        """Agent noun phrases ("Assad's military"), one mention per coordinated country."""
        out = []
        for match in self.agent_matches:
            head = self.sdoc[match.end - 1]
            if head.i in claimed or any(i in claimed for i in range(match.start, match.end)):
                continue
            if match.end - match.start == 1 and head.pos_ not in _NOUNS:
                continue  # "military activity": an adjective, not an actor
            if head.dep_ in ("compound", "amod", "nmod", "poss") and head.head.pos_ in _NOUNS:
                continue  # a modifier of a bigger phrase ("army spokesman", "President Putin")
            start = min([match.start] + [_left_edge(t) for t in self.sdoc[match.start : match.end]])
            start = max(start, self.sdoc[match.start].sent.start)
            while start < match.start and self.sdoc[start].pos_ in ("DET", "PUNCT", "CCONJ", "ADP"):
                start += 1
            cues = self._describe(start, match.end, head.i)
            if cues.ref is None and not cues.countries:
                cues = self._inherit_from_conjunct(head, cues)
            built = self._agent_actors(start, match.end, cues, match.word)
            if built:
                out.append((start, match.end, built))
        return out

    def _inherit_from_conjunct(self, head: Token, cues: _Cues) -> _Cues:
        """In "the Syrian government and opposition" the second noun shares the first's country."""
        if head.dep_ != "conj":
            return cues
        first = head.head
        left = _left_edge(first)
        if first.i - left > 6 or first.i >= head.i:
            return cues
        shared = self._describe(left, first.i + 1, first.i)
        cues.countries = [(head.i, head.i + 1, c) for _, _, c in shared.countries[:1]]
        return cues

    def _agent_actors(
        self, start: int, end: int, cues: _Cues, word: AgentWord
    ) -> list[tuple[int, int, Mention]]:
        sector = cues.sector
        if cues.ref is not None:
            actor = dataclasses.replace(cues.ref, kind=cues.ref.kind)
            if actor.sector == "IGO" and sector == "MIL":
                actor.sector = "MIL"
            return [(start, end, Mention(self._span(start, end), "AGENT", actor))]
        countries = [c for c in cues.countries if c[0] >= start]
        if not countries:
            codes = [c for _, _, c in cues.countries[:1]]
            if not codes and not sector:
                return []
            actor = self._agent_actor(codes[0] if codes else None, sector, word)
            return [(start, end, Mention(self._span(start, end), "AGENT", actor))]
        distinct: list[tuple[int, int, str]] = []
        for c in countries:
            if not distinct or c[2] != distinct[-1][2]:
                distinct.append(c)
        if len(distinct) == 1:
            actor = self._agent_actor(distinct[0][2], sector, word)
            return [(start, end, Mention(self._span(start, end), "AGENT", actor))]
        out = []  # "Russian and Syrian government forces": one actor per country
        for c_start, c_end, code in distinct[:-1]:
            actor = self._agent_actor(code, sector, word)
            out.append((c_start, c_end, Mention(self._span(c_start, c_end), "AGENT", actor)))
        last = distinct[-1]
        actor = self._agent_actor(last[2], sector, word)
        out.append((last[0], end, Mention(self._span(last[0], end), "AGENT", actor)))
        return out

    def _agent_actor(self, country: str | None, sector: str | None, word: AgentWord) -> Actor:
        entry = self.dictionary.entries.get(country or "")
        name = agent_name(entry.name if entry else country, sector)
        role = word.phrase if word.is_title else None
        return Actor(name, country, sector, role, None, "agent")

    # ---- offsets --------------------------------------------------------------------------
    def _span(self, start: int, end: int) -> Span:
        first, last = self.sdoc[start], self.sdoc[end - 1]
        s, e = first.idx, last.idx + len(last.text)
        return Span(s, e, self.text[s:e])


def _longest(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Longest non-overlapping matches, earliest first (as ``filter_spans`` does for spans)."""
    ordered = sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
    taken: set[int] = set()
    kept = []
    for match_id, start, end in ordered:
        if not any(i in taken for i in range(start, end)):
            kept.append((match_id, start, end))
            taken.update(range(start, end))
    return sorted(kept, key=lambda m: m[1])


def _trim(ent: object) -> tuple[int, int, str] | None:
    """An entity without edge punctuation/space ("• Newsweek"), or None if it spans lines."""
    label = str(ent.label_)  # type: ignore[attr-defined]
    if label not in _ENTITY_LABELS:
        return None
    tokens = list(ent)  # type: ignore[call-overload]
    while tokens and (
        tokens[0].is_punct
        or tokens[0].is_space
        or not tokens[0].text.strip()
        or tokens[0].text in "•·*"
    ):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    if not tokens or any("\n" in t.whitespace_ or t.is_space for t in tokens[:-1]):
        return None
    return tokens[0].i, tokens[-1].i + 1, label


def _left_edge(token: Token) -> int:
    """Leftmost token of the modifiers of ``token`` (not its determiners or clauses)."""
    left = token.i
    for child in token.lefts:
        if child.dep_ in _MODIFIER_DEPS:
            left = min(left, child.left_edge.i)
    return left


def _label_for(surface: Surface) -> str:
    if surface.form == "demonym":
        return "NORP"
    if surface.form == "metonym":
        return "ORG"
    return _LABEL_BY_KIND.get(surface.entry.kind, "ORG")
