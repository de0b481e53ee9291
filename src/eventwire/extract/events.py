"""Code events in the PLOVER ontology from a parsed, resolved article.

How: every sentence is scanned for trigger words of the event lexicon
(``data/lexicons/events.yaml``); a trigger is kept when its part of speech and, for conditioned
entries, its dependent or object match. Roles come from the dependency parse (subject/agent →
actor, object or prepositional object → recipient), the place and time from the trigger's clause
(else the sentence, the article focus, the publication date), and the modality from the verbs and
words that govern the trigger ("said", "denied", "would", "purporting", "not officially
verified"). Everything is a dictionary lookup or a short walk over the parse, so it costs little
next to the parse itself.

This module orchestrates; each job has its module: ``event_triggers`` (matching),
``event_filters`` (triggers naming no event), ``event_participants`` (roles),
``event_modality``, ``event_types`` (PLOVER's coding conventions), ``event_dates``,
``event_location``, ``event_confidence``, ``event_headlines`` (Title Case headlines, the title
field), ``event_seizures`` (the article-level pass) and ``event_story`` (``main_type``).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..model import Article, Event, Mention, Place, Quote, Span, TimeExpr
from . import event_headlines as headlines
from .event_confidence import confidence
from .event_cues import EventCues
from .event_dates import event_date
from .event_filters import description, modifier_only, part_of_name, protest_topic
from .event_lexicon import Lexicon, load_lexicon
from .event_modality import according_to, modality
from .event_participants import participants
from .event_roles import ActorFinder, focus_place, locate, sizes
from .event_seizures import seizures
from .event_story import main_type
from .event_triggers import Candidate, framing_head, sentence_triggers
from .event_types import FRAMING_TYPES, borrow_modes, code_type, promised, threat_mode, threats

# Event types whose size ("killed 12", "thousands marched") is read from the sentence.
SIZE_TYPES = {"ASSAULT", "COERCE", "PROTEST"}


class EventCoder:
    """Codes events sentence by sentence; one instance per lexicon (thread-safe, stateless)."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load_lexicon()
        self.cues = EventCues.from_lexicon(self.lex)

    # ------------------------------------------------------------------------------ public
    def code(
        self,
        article: Article,
        sdoc: Doc,
        mentions: Sequence[Mention],
        places: Sequence[Place],
        times: Sequence[TimeExpr],
        quotes: Sequence[Quote],
    ) -> list[Event]:
        """Every sentence's events (a Title Case headline from its re-parse), then the
        article-level seizures."""
        finder = ActorFinder(mentions, self.cues.non_actors)
        use_places = list(places) or places_from_entities(sdoc)
        focus = focus_place(use_places)
        events: list[Event] = []
        head_end = headlines.headline_end(sdoc)
        recased: list[Event] | None = None
        if head_end and headlines.title_case(sdoc[:head_end]):
            head = sdoc[:head_end]
            body = sdoc.text[head.end_char :]
            recased = self._headline_events(
                article, head, body, finder, use_places, focus, times, quotes
            )
            full = sdoc.text
            events.extend(headlines.retext(ev, full) for ev in recased or [])
        for sent in sdoc.sents:
            if recased and sent.start < head_end:
                continue
            events.extend(
                self._code_sentence(
                    article,
                    sent,
                    finder,
                    use_places,
                    focus,
                    times,
                    quotes,
                    headline=sent.start < head_end,
                )
            )
        events.extend(seizures(sdoc, events, finder, self.cues))
        return events

    def code_title(
        self,
        article: Article,
        title_sdoc: Doc,
        mentions: Sequence[Mention],
        places: Sequence[Place],
        times: Sequence[TimeExpr],
        body_places: Sequence[Place] = (),
    ) -> list[Event]:
        """Events of ``Article.title`` (spans with ``field="title"``); none when the text
        starts with the title, whose headline pass already coded it.

        ``mentions``, ``places`` and ``times`` are the resolvers' findings on the title (their
        offsets are title offsets); ``body_places`` give the article's focus for a title that
        names no place.
        """
        if not article.title or headlines.title_in_text(article):
            return []
        headlines.check_title_parse(article, title_sdoc)
        finder = ActorFinder(mentions, self.cues.non_actors)
        use_places = list(places) or places_from_entities(title_sdoc)
        focus = focus_place(list(body_places) or use_places)
        events: list[Event] | None = None
        if headlines.title_case(title_sdoc):
            events = self._headline_events(
                article, title_sdoc, article.text, finder, use_places, focus, times, ()
            )
        if events is None:
            events = [
                ev
                for sent in title_sdoc.sents
                for ev in self._code_sentence(
                    article, sent, finder, use_places, focus, times, (), headline=True
                )
            ]
        body = {id(p) for p in body_places}
        return [headlines.retext(ev, article.title, "title", body) for ev in events]

    def _headline_events(
        self,
        article: Article,
        head: SpacySpan | Doc,
        body: str,
        finder: ActorFinder,
        places: Sequence[Place],
        focus: Place | None,
        times: Sequence[TimeExpr],
        quotes: Sequence[Quote],
    ) -> list[Event] | None:
        """Code a Title Case Headline from a sentence-cased re-parse (``event_headlines``);
        None when the re-parse finds nothing (the original parse is used then)."""
        names = [
            (m.span.start, m.span.end)
            for m in finder.mentions
            if m.actor is not None and m.actor.actor_id is not None
        ]
        named = headlines.name_offsets(head, names, places)
        start = head.start_char if isinstance(head, SpacySpan) else 0
        text = headlines.recase(head, body, self.lex.base_of, named)
        # the blank line after the headline, not the body's first word (a stray "Th" name)
        tail = body[: len(body) - len(body.lstrip())][:4] if isinstance(head, SpacySpan) else ""
        redoc = headlines.reparse(" " * start + text + tail)
        out: list[Event] = []
        for resent in redoc.sents:
            if resent.end_char <= start or not resent.text.strip():
                continue
            out.extend(
                self._code_sentence(
                    article, resent, finder, places, focus, times, quotes, headline=True
                )
            )
        return out or None

    # ------------------------------------------------------------------------------ sentence
    def _code_sentence(
        self,
        article: Article,
        sent: SpacySpan,
        finder: ActorFinder,
        places: Sequence[Place],
        focus: Place | None,
        times: Sequence[TimeExpr],
        quotes: Sequence[Quote],
        headline: bool = False,
    ) -> list[Event]:
        # headline-ese is terse ("Rebels Seize Town"); a body fragment that short is a credit
        if len(sent) < (3 if headline else 4) or not (
            headline or any(t.pos_ in ("VERB", "AUX") for t in sent)
        ):
            return []  # bullets and credits without verbs carry no codable event
        triggers = sentence_triggers(sent, self.cues)
        if not triggers:
            return []
        text_lower = sent.text.lower()
        unverified = any(cue in text_lower for cue in self.cues.unverified)
        according = according_to(sent)
        out: list[Event] = []
        seen: set[tuple[str, int]] = set()
        folded: dict[int, list[Candidate]] = {}
        promises: list[tuple[Event, Candidate]] = []
        protest = any(c.pattern.type == "PROTEST" for c in triggers.values())
        for _index, cand in sorted(triggers.items()):
            if modifier_only(cand, self.cues.event_heads):
                continue  # "war crimes court", "the occupied West Bank": no event of its own
            if part_of_name(cand, self.cues.not_events, headline):
                continue  # "the Agency for Development and Cooperation", "a press release"
            if description(cand):
                continue  # "Although hailed as a major success": a description, not an act
            if protest and protest_topic(cand):
                continue  # "marched to demand reforms": the demand is the protest's topic
            framing = framing_head(cand.token, triggers)
            if framing is not None and framing.pattern.type in FRAMING_TYPES | {cand.pattern.type}:
                folded.setdefault(framing.token.i, []).append(cand)
                if framing.pattern.type == "AGREE" and promised(cand):
                    content = self._event(
                        article, sent, cand, finder, places, focus, times, quotes,
                        unverified, according, content=True,
                    )  # fmt: skip
                    if content is not None:
                        out.append(content)
                continue
            event = self._event(
                article, sent, cand, finder, places, focus, times, quotes, unverified, according
            )
            if event is None:
                continue
            if event.type == "AGREE" and promised(cand):
                content = self._event(
                    article, sent, cand, finder, places, focus, times, quotes,
                    unverified, according, content=True,
                )  # fmt: skip  # "will lift the curfew": AGREE, and the concession to come
                if content is not None:
                    out.append(content)
            if event.type == "THREATEN" and not event.mode:  # the mode is what is threatened
                for inner in folded.get(cand.token.i, []):
                    event.mode = [threat_mode(inner.pattern.type, inner.pattern.mode)]
                    break
            key = (event.type, event.evidence.start)
            if key in seen and not event.actor:
                continue
            seen.add(key)
            out.append(event)
            if cand.pattern.type == "AGREE":
                promises.append((event, cand))
        threats(promises, folded, self.cues.halts)
        borrow_modes(out, triggers)
        return out

    def _event(
        self,
        article: Article,
        sent: SpacySpan,
        cand: Candidate,
        finder: ActorFinder,
        places: Sequence[Place],
        focus: Place | None,
        times: Sequence[TimeExpr],
        quotes: Sequence[Quote],
        unverified: bool,
        according: str | None,
        content: bool = False,
    ) -> Event | None:
        """One event for a trigger; ``content`` codes what an agreement promises, as future."""
        tok, pattern = cand.token, cand.pattern
        roles = participants(cand, finder, self.cues)
        consult_verb = pattern.type == "CONSULT" and pattern.pos == "verb"
        nobody = roles.actor_token is None and not roles.recipient_tokens and not roles.actors
        if consult_verb and nobody:
            return None  # a consultation with nobody named
        if (
            pattern.type == "CONSULT"
            and roles.actor_token is not None
            and not roles.recipients
            and any(c.dep_ == "prep" for c in tok.children)
            and pattern.cameo == "041"
        ):
            return None  # "speaking to journalists"
        plain_modality, reporter = modality(
            self.cues,
            article,
            sent,
            tok,
            roles.speech,
            roles.speaker_actors,
            unverified,
            according,
            quotes,
            roles.blame_by_speaker,
        )
        reported = roles.speech is not None and not roles.blame_by_speaker
        coded = code_type(
            cand,
            self.cues,
            plain_modality,
            reported,
            roles.actors,
            roles.speaker_actors,
            roles.recipients,
            content,
        )
        # time: own clause, then the clauses above it; the speaker's time for speech events
        date, from_publication, final_modality = event_date(
            tok,
            roles.actor_token,
            article,
            finder,
            times,
            self.cues.speech_forms,
            roles.blame_by_speaker,
            coded.modality,
        )
        location, rule = locate(tok, sent, places, focus)
        trigger_end = tok.idx + len(tok.text)
        if cand.extra is not None and cand.extra.i > tok.i and cand.extra.i - tok.i <= 3:
            trigger_end = cand.extra.idx + len(cand.extra.text)
        return Event(
            type=coded.type,
            evidence=Span(sent.start_char, sent.end_char, sent.text),
            trigger=Span(tok.idx, trigger_end, _text_between(sent, tok.idx, trigger_end)),
            mode=coded.mode,
            context=list(pattern.context),
            cameo=coded.cameo,
            actor=coded.actors,
            recipient=coded.recipients,
            location=location,
            location_rule=rule,
            date=date,
            date_from_publication=from_publication,
            modality=final_modality,
            reported_by=reporter,
            size=sizes(sent.text) if coded.type in SIZE_TYPES else {},
            confidence=confidence(cand, self.cues, coded.actors, coded.recipients, content),
        )


def _text_between(sent: SpacySpan, start: int, end: int) -> str:
    """Characters start:end of the document, read from the sentence (``Doc.text`` is rebuilt
    from every token on each access)."""
    return sent.text[start - sent.start_char : end - sent.start_char]


def places_from_entities(sdoc: Doc) -> list[Place]:
    """Unresolved places from spaCy's GPE/LOC/FAC entities (when no place resolver ran)."""
    return [
        Place(span=Span(e.start_char, e.end_char, e.text), name=e.text)
        for e in sdoc.ents
        if e.label_ in ("GPE", "LOC", "FAC")
    ]


_DEFAULT: EventCoder | None = None


def _default_coder() -> EventCoder:
    """One coder for the process: the lexicon is read once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = EventCoder()
    return _DEFAULT


def find_events(
    article: Article,
    sdoc: Doc,
    mentions: Sequence[Mention],
    places: Sequence[Place],
    times: Sequence[TimeExpr],
    quotes: Sequence[Quote],
) -> list[Event]:
    """All PLOVER events of an article (several per sentence allowed), with their evidence."""
    return _default_coder().code(article, sdoc, mentions, places, times, quotes)


def find_title_events(
    article: Article,
    title_sdoc: Doc,
    mentions: Sequence[Mention],
    places: Sequence[Place],
    times: Sequence[TimeExpr],
    body_places: Sequence[Place] = (),
) -> list[Event]:
    """PLOVER events of ``Article.title`` (parsed as ``title_sdoc``; the resolvers' mentions,
    places and times of the title), spans with ``field="title"``; [] when the text starts with
    the title. Raises ``EventInputError`` when ``title_sdoc`` is a parse of another text."""
    return _default_coder().code_title(article, title_sdoc, mentions, places, times, body_places)


__all__ = ["EventCoder", "find_events", "find_title_events", "main_type", "places_from_entities"]
