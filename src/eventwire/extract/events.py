"""Code events in the PLOVER ontology from a parsed, resolved article.

How: every sentence is scanned for trigger words of the event lexicon
(``data/lexicons/events.yaml``); a trigger is kept when its part of speech and, for conditioned
entries, its dependent or object match. Roles come from the dependency parse (subject/agent →
actor, object or prepositional object → recipient), the place and time from the trigger's clause
(else the sentence, the article focus, the publication date), and the modality from the verbs and
words that govern the trigger ("said", "denied", "would", "purporting", "not officially
verified"). Everything is a dictionary lookup or a short walk over the parse, so it costs little
next to the parse itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import Actor, Article, Event, Mention, Place, Quote, Span, TimeExpr
from . import event_headlines as headlines
from .event_lexicon import Lexicon, Pattern, load_lexicon
from .event_modality import according_to as _according_to
from .event_modality import conditional as _conditional
from .event_modality import held_out as _held_out
from .event_modality import modality as _modality
from .event_modality import own_condition as _own_condition
from .event_modality import speech_head as _speech_head
from .event_modality import states as _states
from .event_modality import ultimatum as _ultimatum
from .event_roles import (
    CLAUSE_BREAKS,
    ActorFinder,
    focus_place,
    governing_time,
    locate,
    objects_of,
    passive_subject,
    publication_time,
    sizes,
    subject_of,
    time_bounds,
)

# Event types whose complement describes an intended or refused act, not a second event.
FRAMING_TYPES = {"AGREE", "REQUEST", "REJECT", "THREATEN", "CONCEDE", "ACCUSE", "SUPPORT"}
SIZE_TYPES = {"ASSAULT", "COERCE", "PROTEST"}
# PLOVER codes a stated intention as the intention, not as the act (manual, AGREE and THREATEN):
# a future or offered cooperative act is AGREE, a future hostile act THREATEN (mode = its
# content), a refused or failed cooperative act REJECT, "X must do Y" (said by Z) REQUEST.
# What an agreement or promise is about, coded besides it as a future event ("promises to lift
# the curfew": AGREE, and CONCEDE to come); a story headlined so is a story of the concession.
PROMISED_CONTENT = {"CONCEDE", "RETREAT", "SUPPORT"}
# ... except signing a formal agreement (CAMEO 057): promising to sign or ratify is agreeing.
AGREEMENT_CAMEOS = {"057"}
# Diplomatic cooperation and formal agreements: material cooperation when about a material field.
DIPLOMATIC_CAMEOS = {"050", "057"}
_CONCESSION_CAMEO = "080"
# A headline promising these is a story of the promised act; a promise of support or
# cooperation stays AGREE (manual, AGREE: future SUPPORT/COOPERATE/AID is AGREE).
HEADLINE_CONTENT = {"CONCEDE", "RETREAT"}
COOPERATIVE_TYPES = {"SUPPORT", "CONSULT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "AGREE"}
HOSTILE_TYPES = {"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"}
THREAT_MODES = {"restrict", "ban", "arrest", "curfew", "martial-law", "expel"}
_THREAT_MODE_OF_TYPE = {"ASSAULT": "violence", "SANCTION": "relations", "PROTEST": "restrict",
                        "MOBILIZE": "violence", "COERCE": "restrict", "CONSULT": "relations",
                        "COOPERATE": "relations", "AID": "relations"}  # fmt: skip
_HISTORICAL_DAYS = 60
_NON_OBJECT_PREPS = {
    "after",
    "before",
    "during",
    "since",
    "until",
    "amid",
    "despite",
    "in",
    "at",
    "near",
    "by",
    "because",
    "following",
    "without",
    "like",
}


@dataclass
class _Candidate:
    token: Token
    pattern: Pattern
    extra: Token | None  # the dependent or object that satisfied the pattern


def _match(tok: Token, lex: Lexicon) -> _Candidate | None:
    """The most specific lexicon pattern this token satisfies, if any."""
    form = tok.lower_
    if tok.pos_ in ("VERB",) or (tok.pos_ == "ADJ" and tok.tag_ in ("VBN", "VBD")):
        table = lex.verb_patterns
    elif (
        tok.pos_ in ("NOUN", "PROPN")
        and form in lex.verb_patterns
        and any(c.dep_ == "nsubj" for c in tok.children)
    ):  # "Activists decry bombings": a "noun" with a subject is a mis-tagged verb
        table = lex.verb_patterns
    elif _compound_verb(tok, lex):
        table = lex.verb_patterns
    elif tok.pos_ in ("NOUN", "PROPN") or (tok.i >= 2 and tok.nbor(-1).text == "-"):
        table = lex.noun_patterns
    else:
        return None
    patterns = table.get(form)
    if tok.i >= 2 and tok.nbor(-1).text == "-" and not tok.nbor(-1).whitespace_:
        first = tok.nbor(-2)  # "cease-fire", "sit-in": the tokenizer splits the compound
        if not first.whitespace_:
            patterns = lex.noun_patterns.get(f"{first.lower_}-{form}") or patterns
    if not patterns:
        return None
    for pattern in patterns:
        if pattern.objects is not None:
            for obj in [*_objects_any(tok), *_headline_subject(tok)]:
                if _object_bases(obj, lex) & pattern.objects:
                    return _Candidate(tok, pattern, obj)
            continue
        if pattern.child is not None:
            found = _child_match(tok, pattern.child, lex)
            if found is not None:
                return _Candidate(tok, pattern, found)
            continue
        return _Candidate(tok, pattern, None)
    return None


def _compound_verb(tok: Token, lex: Lexicon) -> bool:
    """Headline-ese "Government lifts curfew": the tagger reads "lifts" as a plural noun
    compounding "curfew". A verb form no noun entry has, between two nouns, is the verb."""
    form = tok.lower_
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "compound" or not form.endswith("s"):
        return False
    if form not in lex.verb_patterns or form in lex.noun_patterns or tok.i == tok.sent.start:
        return False
    return tok.nbor(-1).pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i


def _object_bases(obj: Token, lex: Lexicon) -> set[str]:
    """Base forms of an object word, and of the hyphenated compound it ends ("cease-fire")."""
    bases = lex.bases(obj.lower_)
    if obj.i >= 2 and obj.nbor(-1).text == "-" and not obj.nbor(-1).whitespace_:
        first = obj.nbor(-2)
        if not first.whitespace_:
            bases = bases | lex.bases(f"{first.lower_}-{obj.lower_}")
    return bases


def _objects_any(tok: Token) -> list[Token]:
    out = [
        c
        for c in tok.children
        if c.dep_
        in ("dobj", "obj", "nsubjpass", "attr", "dative", "compound", "amod", "npadvmod", "oprd")
    ]
    for child in tok.children:
        if child.dep_ in ("prep", "prt", "agent") and child.lower_ not in _NON_OBJECT_PREPS:
            out.extend(g for g in child.children if g.dep_ in ("pobj", "dobj"))
        if child.dep_ == "xcomp":
            out.append(child)
            out.extend(g for g in child.children if g.dep_ in ("dobj", "obj"))
    if tok.dep_ in ("compound", "amod") or (tok.dep_ == "acl" and tok.tag_ == "VBN"):
        out.append(tok.head)  # "the curfew lifted": a participle's noun is its object
    return out + [inner for obj in out for inner in _inside(obj)]


def _inside(obj: Token) -> list[Token]:
    """What an object measures or specifies: "tons of food aid" (aid), "the return of the
    inspectors" (inspectors), "mediation efforts" (mediation)."""
    inner = [
        g
        for c in obj.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    if obj.pos_ == "NOUN":
        inner += [c for c in obj.children if c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN")]
    return inner


def _headline_subject(tok: Token) -> list[Token]:
    """Headline-ese drops "was": in "Curfew lifted in X" the subject is what was lifted.

    Only for an object-less verb whose pattern names its objects (a curfew lifts nothing).
    """
    if tok.tag_ != "VBD" or any(c.dep_ in ("dobj", "obj") for c in tok.children):
        return []
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    return subjects + [inner for subj in subjects for inner in _inside(subj)]


def _child_match(tok: Token, child: str, lex: Lexicon) -> Token | None:
    for c in tok.children:
        if child in lex.bases(c.lower_):
            return c
        for g in c.children:
            if child in lex.bases(g.lower_) and c.dep_ in ("prep", "prt", "dobj", "pobj", "dative"):
                return g
    return None


def _framing_head(tok: Token, triggers: dict[int, _Candidate]) -> _Candidate | None:
    """A trigger that governs this one as its complement or object ("refused to support")."""
    cur = tok
    for _ in range(3):
        if cur.head.i == cur.i or cur.dep_ in ("conj", "advcl", "relcl", "parataxis", "ROOT"):
            return None
        dep, cur = cur.dep_, cur.head
        if cur.i in triggers:
            return triggers[cur.i]
        if dep == "ccomp":  # "reiterated its demand that X ease …": the clause is the demand's
            noun = next((c for c in cur.children if c.dep_ == "dobj" and c.i in triggers), None)
            if noun is not None and noun.i < tok.i:
                return triggers[noun.i]
    return None


class EventCoder:
    """Codes events sentence by sentence; one instance per lexicon (thread-safe, stateless)."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load_lexicon()
        cues = self.lex.cues
        self.speech = set(cues.get("speech_verbs", []))
        self.denial = set(cues.get("denial_verbs", []))
        self.unverified = [c.lower() for c in cues.get("unverified_cues", [])]
        self.hyp_markers = set(cues.get("hypothetical_markers", []))
        self.hyp_modals = set(cues.get("hypothetical_modals", []))
        self.future_markers = set(cues.get("future_markers", []))
        self.future_verbs = set(cues.get("future_verbs", []))
        self.non_actors = set(cues.get("non_actors", []))
        self.speech_forms = {f for f, bases in self.lex.base_of.items() if bases & self.speech}
        self.obligation = set(cues.get("obligation_modals", []))
        self.commitment = set(cues.get("commitment_words", []))
        self.failure = set(cues.get("failure_verbs", []))
        self.possibility = set(cues.get("possibility_words", []))
        self.loss_nouns = set(cues.get("loss_nouns", []))
        self.background = set(cues.get("background_preps", []))
        self.event_heads = set(cues.get("event_head_nouns", []))
        self.participants = set(cues.get("participant_nouns", []))
        self.not_events = [p.lower() for p in cues.get("not_event_phrases", [])]
        self.coop_topics = set(cues.get("cooperation_topics", []))
        halt_bases = set(cues.get("cessation_verbs", []))
        self.halts = {f for f, bases in self.lex.base_of.items() if bases & halt_bases}

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
        finder = ActorFinder(mentions, self.non_actors)
        use_places = list(places) or _places_from_entities(sdoc)
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
        events.extend(self._seizures(sdoc, events, finder))
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
        finder = ActorFinder(mentions, self.non_actors)
        use_places = list(places) or _places_from_entities(title_sdoc)
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
        own = {id(x) for x in (*use_places, *times)}
        return [headlines.retext(ev, article.title, "title", own) for ev in events]

    def _seizures(self, sdoc: Doc, events: list[Event], finder: ActorFinder) -> list[Event]:
        """A place lost to someone was seized by them: "the loss of X to militants" elsewhere
        in the article makes "forces lost control of X on Sunday" a seizure of X by the
        militants (COERCE:seize, CAMEO 192), on that date, with the losers as recipient."""
        winners: dict[str, Token] = {}
        for tok in sdoc:
            if tok.pos_ != "NOUN" or not self.lex.bases(tok.lower_) & self.loss_nouns:
                continue
            preps = {c.lower_: c for c in tok.children if c.dep_ == "prep"}
            of_obj = _pobj(preps.get("of"))
            to_obj = _pobj(preps.get("to"))
            if of_obj is not None and to_obj is None:  # "to Y" right after, attached elsewhere
                nxt = of_obj.right_edge.i + 1
                if nxt < len(sdoc) and sdoc[nxt].lower_ == "to":
                    to_obj = _pobj(sdoc[nxt])
            if of_obj is not None and to_obj is not None:
                winners.setdefault(of_obj.text.lower(), to_obj)
        out: list[Event] = []
        if not winners:
            return out
        for ev in events:
            if ev.type != "RETREAT" or ev.location is None or ev.modality not in _FACTUAL:
                continue
            if not self.lex.bases(ev.trigger.text.split()[0].lower()) & {"lose"}:
                continue
            named = ev.location.span.text.lower()
            winner = next((w for k, w in winners.items() if k in named or named in k), None)
            if winner is None:
                continue
            actors = _named_as(winner, sdoc, finder) or finder.actors_for(winner)[0]
            out.append(
                Event(
                    type="COERCE",
                    evidence=ev.evidence,
                    trigger=ev.trigger,
                    mode=["seize"],
                    context=["military"],
                    cameo="192",
                    actor=actors,
                    recipient=list(ev.actor),
                    location=ev.location,
                    location_rule=ev.location_rule,
                    date=ev.date,
                    date_from_publication=ev.date_from_publication,
                    modality=ev.modality,
                    reported_by=ev.reported_by,
                    confidence=round(max(0.05, ev.confidence - 0.1), 2),
                )
            )
        return out

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
        if len(sent) < 4 or not (headline or any(t.pos_ in ("VERB", "AUX") for t in sent)):
            return []  # bullets and credits without verbs carry no codable event
        triggers: dict[int, _Candidate] = {}
        for tok in sent:
            cand = _match(tok, self.lex)
            if cand is not None:
                triggers[tok.i] = cand
        for i, cand in list(triggers.items()):
            if cand.pattern.type == "CONSULT" and cand.pattern.pos == "verb":
                objs = objects_of(cand.token)
                if objs and all(self.lex.bases(o.lower_) & self.non_actors for o in objs):
                    triggers.pop(i)  # "speaking to journalists" is no consultation
                elif any(c.dep_ == "nsubj" and c.i in triggers for c in cand.token.children):
                    triggers.pop(i)  # "aid arrives in X": the aid is the event, not a visit
        for tok in sent:  # "Z said X must do Y": a demand even when Y is no trigger word
            if tok.i not in triggers and tok.pos_ == "VERB" and self._obliged(tok):
                triggers[tok.i] = _Candidate(tok, _REQUEST_PATTERN, None)
        if not triggers:
            return []
        # a conditioned pattern consumes the word that satisfied it ("launched an attack")
        for cand in list(triggers.values()):
            if cand.extra is not None and cand.extra.i in triggers and cand.extra.i != cand.token.i:
                triggers.pop(cand.extra.i, None)
        text_lower = sent.text.lower()
        unverified = any(cue in text_lower for cue in self.unverified)
        according = _according_to(sent)
        out: list[Event] = []
        seen: set[tuple[str, int]] = set()
        folded: dict[int, list[_Candidate]] = {}
        promises: list[tuple[Event, _Candidate]] = []
        protest = any(c.pattern.type == "PROTEST" for c in triggers.values())
        for _index, cand in sorted(triggers.items()):
            if _modifier_only(cand, self.event_heads):
                continue  # "war crimes court", "the occupied West Bank": no event of its own
            if self._named(cand, headline):
                continue  # "the Agency for Development and Cooperation", "a press release"
            if _description(cand):
                continue  # "Although hailed as a major success": a description, not an act
            if protest and _protest_topic(cand):
                continue  # "marched to demand reforms": the demand is the protest's topic
            framing = _framing_head(cand.token, triggers)
            if framing is not None and framing.pattern.type in FRAMING_TYPES | {cand.pattern.type}:
                folded.setdefault(framing.token.i, []).append(cand)
                if framing.pattern.type == "AGREE" and _promised(cand):
                    content = self._event(
                        article, sent, cand, finder, places, focus, times, quotes,
                        unverified, according, triggers, content=True,
                    )  # fmt: skip
                    if content is not None:
                        out.append(content)
                continue
            event = self._event(
                article,
                sent,
                cand,
                finder,
                places,
                focus,
                times,
                quotes,
                unverified,
                according,
                triggers,
            )
            if event is None:
                continue
            if event.type == "AGREE" and _promised(cand):
                content = self._event(
                    article, sent, cand, finder, places, focus, times, quotes,
                    unverified, according, triggers, content=True,
                )  # fmt: skip  # "will lift the curfew": AGREE, and the concession to come
                if content is not None:
                    out.append(content)
            if event.type == "THREATEN" and not event.mode:  # the mode is what is threatened
                for inner in folded.get(cand.token.i, []):
                    event.mode = [_threat_mode(inner.pattern.type, inner.pattern.mode)]
                    break
            key = (event.type, event.evidence.start)
            if key in seen and not event.actor:
                continue
            seen.add(key)
            out.append(event)
            if cand.pattern.type == "AGREE":
                promises.append((event, cand))
        _threats(promises, folded, self.halts)
        _borrow_modes(out, triggers)
        return out

    def _event(
        self,
        article: Article,
        sent: SpacySpan,
        cand: _Candidate,
        finder: ActorFinder,
        places: Sequence[Place],
        focus: Place | None,
        times: Sequence[TimeExpr],
        quotes: Sequence[Quote],
        unverified: bool,
        according: str | None,
        triggers: dict[int, _Candidate],
        content: bool = False,
    ) -> Event | None:
        """One event for a trigger; ``content`` codes what an agreement promises, as future."""
        tok, pattern = cand.token, cand.pattern
        actor_tok, recipient_toks = self._roles(cand, triggers)
        actors, _ = finder.actors_for(actor_tok) if actor_tok is not None else ([], [])
        recipients: list[Actor] = []
        exclude = {a.name for a in actors}
        for r in recipient_toks:
            recipients.extend(finder.actors_for(r, exclude)[0])
        speech = _speech_head(tok, self.speech_forms)
        speaker_actors: list[Actor] = []
        if speech is not None:
            subj, _ = subject_of(speech)
            if subj is not None:
                speaker_actors = finder.actors_for(subj)[0]
        # "X said the refusal of Y is to blame": the speaker accuses, the subject is blamed
        blame_by_speaker = (
            pattern.type == "ACCUSE"
            and tok.dep_ in ("xcomp", "acomp", "attr")
            and tok.head.lower_ in ("is", "was", "are", "were", "be")
        )
        if blame_by_speaker:
            subj, _ = subject_of(tok.head)
            if subj is not None:
                poss = next((c for c in subj.children if c.dep_ == "poss"), None)
                recipients = (
                    finder.actors_for(poss)[0] if poss is not None else _entities_in(subj, finder)
                )
            else:
                recipients = []
            actors = speaker_actors
        if (
            recipient_toks == []
            and actor_tok is None
            and not actors
            and pattern.type == "CONSULT"
            and pattern.pos == "verb"
        ):
            return None
        recipients = [r for r in recipients if all(r.name != a.name for a in actors)]
        if (
            pattern.type == "CONSULT"
            and actor_tok is not None
            and not recipients
            and any(c.dep_ == "prep" for c in tok.children)
            and pattern.cameo == "041"
        ):
            return None  # "speaking to journalists"
        modality, reporter = _modality(
            self,
            article,
            sent,
            tok,
            speech,
            speaker_actors,
            unverified,
            according,
            quotes,
            blame_by_speaker,
        )
        event_type, mode, cameo = pattern.type, list(pattern.mode), pattern.cameo
        if pattern.type == "PROTEST" and pattern.pos == "verb" and _states(tok):
            event_type, mode, cameo = "ACCUSE", [], "111"  # "a rights group protested that …"
        diplomatic = pattern.type == "SUPPORT" and pattern.cameo in DIPLOMATIC_CAMEOS
        if diplomatic and self._material(cand):
            event_type, mode, cameo = "COOPERATE", [], "060"  # "sign an extradition treaty"
        stated = "claimed" if speech is not None and not blame_by_speaker else "asserted"
        if content:
            modality = "future"
            if event_type == "RETREAT":  # an announced retreat is a concession (manual, CONCEDE)
                event_type, mode, cameo = "CONCEDE", [], _CONCESSION_CAMEO
        elif (pattern.type != "REQUEST" and self._obliged(tok)) or pattern is _REQUEST_PATTERN:
            event_type, mode, cameo = "REQUEST", [], "100"
            recipients, actors, modality = actors, speaker_actors, stated
        elif modality == "negated" and _conditional(tok, self.hyp_markers):
            modality = "hypothetical"  # "if a deal is not reached": a condition, not a refusal
        elif modality == "negated" and pattern.type in COOPERATIVE_TYPES and actors:
            event_type, mode, cameo, modality = "REJECT", [], "120", stated
        elif pattern.type == "THREATEN" and modality == "hypothetical" and _own_condition(tok):
            modality = stated  # "threaten a strike if ...": a threat is conditional by nature
        elif pattern.type in HOSTILE_TYPES and _held_out(tok, self.possibility):
            threat = _threat_mode(pattern.type, pattern.mode)  # "raised the possibility of bans"
            event_type, mode, modality = "THREATEN", [threat], stated
            cameo = "138" if threat == "violence" else "130"
        elif (
            modality in ("future", "hypothetical")
            and pattern.type not in ("AGREE", "THREATEN", "REQUEST")
            and (actors or speaker_actors)
            and _ultimatum(tok)
        ):  # "will withdraw its force unless ...": an ultimatum (manual, THREATEN)
            threat = _threat_mode(pattern.type, pattern.mode)
            threat = threat if pattern.type in HOSTILE_TYPES else "relations"
            event_type, mode, modality = "THREATEN", [threat], stated
            cameo = "138" if threat == "violence" else "130"
        elif modality in ("future", "hypothetical") and not _conditional(tok, self.hyp_markers):
            if pattern.type in COOPERATIVE_TYPES - {"AGREE"}:
                event_type, mode, cameo, modality = "AGREE", [], "030", stated
            elif pattern.type in HOSTILE_TYPES and (actors or speaker_actors):
                threat = _threat_mode(pattern.type, pattern.mode)
                event_type, mode, modality = "THREATEN", [threat], stated
                cameo = "138" if threat == "violence" else "130"
        # time: own clause, then the clauses above it; the speaker's time for speech events
        date = governing_time(tok, times, self.speech_forms, allow_speech=blame_by_speaker)
        if (
            date is None
            and actor_tok is not None
            and actor_tok.pos_ == "PRON"
            and tok.i == tok.sent.root.i
        ):
            ante = finder.antecedent(actor_tok)
            if ante is not None:
                date = _time_near(ante, times, tok.doc)
        from_publication = False
        if date is None and article.published is not None:
            date, from_publication = publication_time(article.published), True
        if (
            modality == "asserted"
            and date is not None
            and not from_publication
            and article.published is not None
        ):
            bounds = time_bounds(date.value)
            if bounds is not None:
                published = article.published.date()
                if bounds[1] < published - dt.timedelta(days=_HISTORICAL_DAYS):
                    modality = "historical"
                elif bounds[0] > published + dt.timedelta(days=1):
                    modality = "future"
        location, rule = locate(tok, sent, places, focus)
        size = sizes(sent.text) if event_type in SIZE_TYPES else {}
        confidence = pattern.confidence + (0.1 if actors else -0.1) + (0.05 if recipients else 0)
        if content:
            confidence -= 0.3  # the sentence's event is the agreement; this is what it promises
        if self._background(tok):
            confidence -= 0.3  # "riots broke out following ethnic violence": background
        if pattern.pos == "noun" and self.lex.bases(tok.lower_) & self.participants:
            confidence -= 0.25  # "police beat protesters": a participant, not the act
        if tok.dep_ == "ROOT" or (
            tok.dep_ in ("ccomp", "conj") and tok.head.lower_ in self.speech_forms
        ):
            confidence += 0.15  # the main predicate carries the sentence's event
        trigger_end = tok.idx + len(tok.text)
        if cand.extra is not None and cand.extra.i > tok.i and cand.extra.i - tok.i <= 3:
            trigger_end = cand.extra.idx + len(cand.extra.text)
        return Event(
            type=event_type,
            evidence=Span(sent.start_char, sent.end_char, sent.text),
            trigger=Span(tok.idx, trigger_end, _text_between(sent, tok.idx, trigger_end)),
            mode=mode,
            context=list(pattern.context),
            cameo=cameo,
            actor=actors,
            recipient=recipients,
            location=location,
            location_rule=rule,
            date=date,
            date_from_publication=from_publication,
            modality=modality,
            reported_by=reporter,
            size=size,
            confidence=round(max(0.05, min(0.99, confidence)), 2),
        )

    def _named(self, cand: _Candidate, headline: bool = False) -> bool:
        """A noun trigger that is part of a name ("Planning and Investment Minister", "Agency
        for Cooperation") or of a set phrase naming no event ("press release")."""
        tok = cand.token
        if cand.pattern.pos != "noun":
            return False
        if tok.pos_ == "PROPN" and tok.ent_type_ in _NAME_ENTITIES:
            return True
        if not headline and tok.pos_ == "PROPN" and tok.i > tok.sent.start:
            cur = tok
            while cur.dep_ == "conj" and cur.head.i != cur.i:
                cur = cur.head
            if cur.dep_ in ("compound", "nmod") and cur.head.pos_ == "PROPN":
                return True  # a capitalised word inside a title or a name
        text = tok.sent.text.lower()
        offset = tok.idx - tok.sent.start_char
        for phrase in self.not_events:
            at = text.find(phrase)
            while at >= 0:
                if at <= offset < at + len(phrase):
                    return True
                at = text.find(phrase, at + 1)
        return False

    def _background(self, tok: Token) -> bool:
        """The trigger sits in an "after/following/amid …" phrase or clause: what led to the
        sentence's event ("following ethnic violence", "after a week of unrest", "one day
        after a jet shot down a helicopter")."""
        cur = tok
        if cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.pos_ == "NOUN":
            cur = cur.head.head  # "a week of unrest"
        if cur.dep_ in ("pobj", "pcomp") and cur.head.lower_ in self.background:
            return True
        return cur.dep_ == "advcl" and any(
            c.dep_ in ("mark", "prep", "advmod") and c.lower_ in self.background
            for c in cur.children
        )

    def _material(self, cand: _Candidate) -> bool:
        """The agreement or cooperation is about a material field ("extradition treaty",
        "judicial cooperation", "agreement on security cooperation")."""
        tok = cand.token
        things = [cand.extra] if cand.extra is not None else objects_of(tok)
        if cand.pattern.pos == "noun":
            things = [tok, *things]
        for thing in things:
            words = [c for c in thing.children if c.dep_ in ("compound", "amod")]
            preps = [c for c in thing.children if c.dep_ == "prep" and c.lower_ in ("on", "in")]
            for prep in preps:
                for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                    words += [pobj, *(c for c in pobj.children if c.dep_ in ("compound", "amod"))]
            if any(w.lower_ in self.coop_topics for w in words):
                return True
        return False

    def _obliged(self, tok: Token) -> bool:
        """ "X must/should do Y" reported by someone else: a demand made on X."""
        if not any(c.dep_ == "aux" and c.lower_ in self.obligation for c in tok.children):
            return False
        if any(c.dep_ == "nsubj" and c.lower_ in ("we", "i") for c in tok.children):
            return False  # "we must unite our efforts": a resolve, not a demand
        return tok.dep_ == "ccomp" or _speech_head(tok, self.speech_forms) is not None

    # ------------------------------------------------------------------------------ roles
    def _roles(
        self, cand: _Candidate, triggers: dict[int, _Candidate]
    ) -> tuple[Token | None, list[Token]]:
        tok, pattern = cand.token, cand.pattern
        if pattern.pos == "noun":
            return _noun_roles(tok, pattern)
        if _compound_verb(tok, self.lex):  # "Government lifts curfew": the noun before acts
            return tok.nbor(-1), []
        subj, _ = subject_of(tok)
        passive = passive_subject(tok)
        recipients = objects_of(tok)
        if passive is not None:
            recipients = [passive, *recipients]
        if not recipients:
            # "refused to support Russia": the complement's object is the recipient
            for child in tok.children:
                if child.dep_ == "xcomp":
                    recipients = objects_of(child)
                    break
        recipients = [r for r in recipients if r.lower_ not in ("control", "charge")]
        if cand.extra is not None and cand.extra in recipients and pattern.objects is not None:
            # "lifted the curfew": keep the object as recipient only when it names an actor
            pass
        if recipients and recipients[0].lower_ in ("control",):
            recipients = []
        if subj is not None and subj.dep_ == "pobj" and subj.head.lower_ == "by":
            return subj, recipients
        return subj, recipients


def _noun_roles(tok: Token, pattern: Pattern) -> tuple[Token | None, list[Token]]:
    actor: Token | None = None
    recipients: list[Token] = []
    for child in tok.children:
        if child.dep_ == "poss":
            actor = child
        elif child.dep_ in ("compound", "amod") and child.ent_type_ in ("NORP", "GPE", "ORG"):
            actor = actor or child
        elif child.dep_ == "prep":
            pobjs = [g for g in child.children if g.dep_ == "pobj"]
            if child.lower_ == "by" or (pattern.child == "to" and child.lower_ == "to"):
                actor = pobjs[0] if pobjs else actor
            elif child.lower_ in ("against", "on", "with", "to", "of", "at", "between"):
                recipients.extend(pobjs)
    if actor is None and tok.dep_ in ("dobj", "pobj"):
        verb = tok.head if tok.dep_ == "dobj" else tok.head.head
        if verb.pos_ == "VERB":
            actor, _ = subject_of(verb)
    if pattern.child == "to":  # "the fall of Palmyra to ISIS": Palmyra is where, not whom
        recipients = []
    return actor, recipients


_REQUEST_PATTERN = Pattern("must", "verb", None, None, "REQUEST", (), (), "100", 0.6)


_FACTUAL = {"asserted", "claimed"}
# entity types whose words name something, not an event ("Ministry of Cooperation")
_NAME_ENTITIES = {"ORG", "PERSON", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"}


def _promised(cand: _Candidate) -> bool:
    return cand.pattern.type in PROMISED_CONTENT and cand.pattern.cameo not in AGREEMENT_CAMEOS


def _pobj(prep: Token | None) -> Token | None:
    if prep is None:
        return None
    return next((g for g in prep.children if g.dep_ == "pobj"), None)


def _named_as(noun: Token, sdoc: Doc, finder: ActorFinder) -> list[Actor]:
    """The named group a common noun stands for: "militants" is the group the article calls
    "the Islamic State militant group" or "ISIS militants" (a name ending at or just after
    the word)."""
    if noun.pos_ != "NOUN":
        return []
    stem = noun.lower_.rstrip("s")
    for tok in sdoc:
        if tok.i == noun.i or not tok.lower_.startswith(stem):
            continue
        before = [
            m
            for m in finder.mentions
            if m.span.start < tok.idx
            and tok.idx - 2 <= m.span.end <= tok.idx + len(tok.text) + 8
            and m.label in ("ORG", "NORP", "GPE")
        ]
        if before:
            from .event_roles import mention_actor

            return [mention_actor(before[-1])]
    return []


def _text_between(sent: SpacySpan, start: int, end: int) -> str:
    """Characters start:end of the document, read from the sentence (``Doc.text`` is rebuilt
    from every token on each access)."""
    return sent.text[start - sent.start_char : end - sent.start_char]


def _threat_mode(event_type: str, modes: Sequence[str]) -> str:
    """THREATEN's mode is the content of the threat (manual, THREATEN modes)."""
    if event_type == "COERCE" and modes and modes[0] in THREAT_MODES:
        return modes[0]
    if event_type == "COERCE" and "seize" in modes:
        return "territory"
    if event_type == "SANCTION" and "expel" in modes:
        return "expel"
    return _THREAT_MODE_OF_TYPE.get(event_type, "violence")


def _modifier_only(cand: _Candidate, event_heads: set[str]) -> bool:
    """A participle or noun that only modifies another noun names no event of its own, unless
    that noun is a generic event word it specifies ("bombing campaign", "disinformation
    operation")."""
    tok = cand.token
    if cand.pattern.pos == "verb" and tok.dep_ == "amod":
        return True
    if tok.dep_ == "compound" and tok.head.lower_.rstrip("s") in event_heads:
        return False
    if cand.pattern.pos == "noun" and _hyphen_modifier(tok):
        return True
    return cand.pattern.pos == "noun" and tok.dep_ == "compound" and cand.extra is None


def _hyphen_modifier(tok: Token) -> bool:
    """The first half of a hyphenated modifier: "war-torn", "riot-hit", "conflict-affected"."""
    if tok.i + 2 >= len(tok.doc) or tok.whitespace_:
        return False
    dash, second = tok.nbor(1), tok.nbor(2)
    return dash.text == "-" and not dash.whitespace_ and second.pos_ in ("ADJ", "VERB")


def _description(cand: _Candidate) -> bool:
    """A subjectless passive participle of a speech act ("hailed as", "criticised as")."""
    tok = cand.token
    if cand.pattern.type not in ("SUPPORT", "ACCUSE", "AGREE", "REQUEST") or tok.tag_ != "VBN":
        return False
    if tok.dep_ not in ("advcl", "acl"):
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in tok.children)


def _protest_topic(cand: _Candidate) -> bool:
    """A demand or complaint voiced by protesters ("to demand", "demanding", "in protest at")."""
    if cand.pattern.type not in ("REQUEST", "ACCUSE"):
        return False
    tok = cand.token
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    participle = tok.tag_ == "VBG" and tok.dep_ != "ROOT"  # not "have been pressuring"
    return participle or infinitive or tok.dep_ in ("advcl", "xcomp", "acl")


def _borrow_modes(events: list[Event], triggers: dict[int, _Candidate]) -> None:
    """A generic event takes the mode of the sentence's instrument words of its own type.

    "wounded two soldiers in a bomb attack" is ASSAULT:explosives; "threatened to institute a
    curfew" is THREATEN:curfew (the content of the threat).
    """
    for event in events:
        if event.mode:
            continue
        start = event.trigger.start
        if event.type == "THREATEN":
            head = next((c.token for c in triggers.values() if c.token.idx == start), None)
            inside = [
                c
                for c in triggers.values()
                if head is not None and c.token.i != head.i and head.is_ancestor(c.token)
            ]
            if inside:
                first = min(inside, key=lambda c: c.token.i)
                event.mode = [_threat_mode(first.pattern.type, first.pattern.mode)]
            elif head is not None and any(c.dep_ == "xcomp" for c in head.children):
                event.mode = ["violence"]
            continue
        same = [
            c
            for c in triggers.values()
            if c.pattern.type == event.type and c.pattern.mode and c.token.idx != start
        ]
        if same:  # the trigger's own phrase first ("in a bomb attack"), then the nearest
            head = next((c.token for c in triggers.values() if c.token.idx == start), None)
            nearest = min(
                same, key=lambda c: (not _in_predicate(head, c.token), abs(c.token.idx - start))
            )
            event.mode = list(nearest.pattern.mode)


def _in_predicate(head: Token | None, tok: Token) -> bool:
    """``tok`` is in the predicate of ``head`` (its objects and adjuncts, not its subject)."""
    if head is None or not head.is_ancestor(tok):
        return False
    return not any(
        c.dep_ in ("nsubj", "nsubjpass") and (c.i == tok.i or c.is_ancestor(tok))
        for c in head.children
    )


def _promised_directly(tok: Token, promise: Token, halts: set[str]) -> bool:
    """``tok`` is what is promised: reached from the promise through complements and objects
    only, not through an adjunct ("offered talks following the invasion") nor a verb that
    stops it ("agreed to postpone the demonstration")."""
    cur = tok
    while cur.i != promise.i:
        if cur.dep_ not in ("xcomp", "ccomp", "dobj", "obj", "compound", "amod", "conj"):
            return False
        cur = cur.head
        stopped = cur.lower_ in halts or any(c.dep_ == "neg" for c in cur.children)
        if cur.i != promise.i and stopped:
            return False
        if cur.head.i == cur.i and cur.i != promise.i:
            return False
    return True


def _threats(
    pairs: list[tuple[Event, _Candidate]], folded: dict[int, list[_Candidate]], halts: set[str]
) -> None:
    """A promise or vow of a hostile act is a threat ("promise arrests if corruption continues",
    "vow to renew the bombing campaign"): manual, THREATEN."""
    for event, cand in pairs:
        hostile = [
            c
            for c in folded.get(cand.token.i, [])
            if c.pattern.type in HOSTILE_TYPES and _promised_directly(c.token, cand.token, halts)
        ]
        if event.type != "AGREE" or not hostile:
            continue
        first = min(hostile, key=lambda c: c.token.i)
        threat = _threat_mode(first.pattern.type, first.pattern.mode)
        event.type, event.mode = "THREATEN", [threat]
        event.cameo = "138" if threat == "violence" else "130"


def _entities_in(tok: Token, finder: ActorFinder) -> list[Actor]:
    start = tok.left_edge.idx
    end = tok.right_edge.idx + len(tok.right_edge.text)
    inner = [m for m in finder.inside(start, end) if m.label not in ("DATE", "TIME")]
    if inner:
        from .event_roles import mention_actor

        return list({(a.name, a.country): a for a in map(mention_actor, inner)}.values())
    return finder.actors_for(tok)[0]


def _time_near(mention: Mention, times: Sequence[TimeExpr], sdoc: Doc) -> TimeExpr | None:
    """A time expression in the antecedent's sentence ("claims made on Tuesday by X. He ...")."""
    span = sdoc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    inside = [t for t in times if sent.start_char <= t.span.start < sent.end_char]
    if not inside:
        return None
    return min(inside, key=lambda t: abs(t.span.start - mention.span.start))


def _places_from_entities(sdoc: Doc) -> list[Place]:
    """Unresolved places from spaCy's GPE/LOC/FAC entities (when no place resolver ran)."""
    return [
        Place(span=Span(e.start_char, e.end_char, e.text), name=e.text)
        for e in sdoc.ents
        if e.label_ in ("GPE", "LOC", "FAC")
    ]


HEADLINE_WEIGHT = 16.0
LEAD_WEIGHT = 1.5


def main_type(events: Sequence[Event], headline_end: int = 0, lead_end: int = 0) -> str | None:
    """The story's (or sentence's) main event type: confidence summed per type, with the
    headline's events counting sixteen times (a headline that codes an event decides: news
    puts the main event first) and the lead's 1.5 times, and negated, denied or hypothetical
    events at half weight.

    In a headline, an agreement or promise whose content is a concession or retreat ("Mayor
    promises to end curfew") is a story of that concession: the agreement's weight goes to it.
    Events coded on ``Article.title`` (``evidence.field == "title"``) are headline events.
    """
    agreements = {_where(ev) for ev in events if ev.type == "AGREE"}
    promised: dict[tuple[str, int], str] = {}
    contents: set[int] = set()
    for n, ev in enumerate(events):
        where = _where(ev)
        if ev.modality == "future" and ev.type in PROMISED_CONTENT and where in agreements:
            contents.add(n)
            if _in_headline(ev, headline_end) and ev.type in HEADLINE_CONTENT:
                promised.setdefault(where, ev.type)
    scores: dict[str, float] = {}
    for n, ev in enumerate(events):
        start = ev.evidence.start
        if n in contents:
            continue  # what an agreement promises: the agreement (or, in a headline, it) counts
        weight = 1.0
        if _in_headline(ev, headline_end):
            weight = HEADLINE_WEIGHT
        elif start < lead_end:
            weight = LEAD_WEIGHT
        if ev.modality in ("negated", "denied", "hypothetical"):
            weight *= 0.5
        event_type = ev.type
        if event_type == "AGREE" and _where(ev) in promised:
            event_type = promised[_where(ev)]
        scores[event_type] = scores.get(event_type, 0.0) + ev.confidence * weight
    return max(scores, key=lambda k: scores[k]) if scores else None


def _where(event: Event) -> tuple[str, int]:
    """The sentence an event was coded in (title and text offsets are counted apart)."""
    return event.evidence.field, event.evidence.start


def _in_headline(event: Event, headline_end: int) -> bool:
    return event.evidence.field == "title" or event.evidence.start < headline_end


_DEFAULT: EventCoder | None = None


def find_events(
    article: Article,
    sdoc: Doc,
    mentions: Sequence[Mention],
    places: Sequence[Place],
    times: Sequence[TimeExpr],
    quotes: Sequence[Quote],
) -> list[Event]:
    """All PLOVER events of an article (several per sentence allowed), with their evidence."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = EventCoder()
    return _DEFAULT.code(article, sdoc, mentions, places, times, quotes)


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
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = EventCoder()
    return _DEFAULT.code_title(article, title_sdoc, mentions, places, times, body_places)


__all__ = ["CLAUSE_BREAKS", "EventCoder", "find_events", "find_title_events", "main_type"]
