"""PLOVER's coding conventions: which type, mode and CAMEO code a trigger's event gets.

Why: the lexicon gives a trigger's plain reading; PLOVER codes a stated intention as the
intention, not the act (manual, AGREE and THREATEN), a refused cooperative act as REJECT, a
reported "X must do Y" as REQUEST, and the mode of a generic event from the instrument words
around it. These rules need the trigger, its modality and the sentence's other triggers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from spacy.tokens import Token

from ..model import Actor, Event
from .event_cues import EventCues
from .event_modality import conditional, held_out, own_condition, states, ultimatum
from .event_roles import objects_of
from .event_triggers import REQUEST_PATTERN, Candidate, obliged

# Event types whose complement describes an intended or refused act, not a second event.
FRAMING_TYPES = {"AGREE", "REQUEST", "REJECT", "THREATEN", "CONCEDE", "ACCUSE", "SUPPORT"}
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
COOPERATIVE_TYPES = {"SUPPORT", "CONSULT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "AGREE"}
HOSTILE_TYPES = {"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"}
THREAT_MODES = {"restrict", "ban", "arrest", "curfew", "martial-law", "expel"}
_THREAT_MODE_OF_TYPE = {"ASSAULT": "violence", "SANCTION": "relations", "PROTEST": "restrict",
                        "MOBILIZE": "violence", "COERCE": "restrict", "CONSULT": "relations",
                        "COOPERATE": "relations", "AID": "relations"}  # fmt: skip


class Coding(NamedTuple):
    """A trigger's event as PLOVER codes it: type, mode, CAMEO code, modality and roles."""

    type: str
    mode: list[str]
    cameo: str
    modality: str
    actors: list[Actor]
    recipients: list[Actor]


def code_type(
    cand: Candidate,
    cues: EventCues,
    modality: str,
    reported: bool,
    actors: list[Actor],
    speaker_actors: list[Actor],
    recipients: list[Actor],
    content: bool = False,
) -> Coding:
    """The trigger's plain reading recoded by the conventions; ``reported``: said by someone
    other than the actor; ``content``: what an agreement promises, coded as future."""
    tok, pattern = cand.token, cand.pattern
    event_type, mode, cameo = pattern.type, list(pattern.mode), pattern.cameo
    if pattern.type == "PROTEST" and pattern.pos == "verb" and states(tok):
        event_type, mode, cameo = "ACCUSE", [], "111"  # "a rights group protested that …"
    diplomatic = pattern.type == "SUPPORT" and pattern.cameo in DIPLOMATIC_CAMEOS
    if diplomatic and _material(cand, cues.coop_topics):
        event_type, mode, cameo = "COOPERATE", [], "060"  # "sign an extradition treaty"
    stated = "claimed" if reported else "asserted"
    if content:
        modality = "future"
        if event_type == "RETREAT":  # an announced retreat is a concession (manual, CONCEDE)
            event_type, mode, cameo = "CONCEDE", [], _CONCESSION_CAMEO
    elif (pattern.type != "REQUEST" and obliged(tok, cues)) or pattern is REQUEST_PATTERN:
        event_type, mode, cameo = "REQUEST", [], "100"
        recipients, actors, modality = actors, speaker_actors, stated
    elif modality == "negated" and conditional(tok, cues.hyp_markers):
        modality = "hypothetical"  # "if a deal is not reached": a condition, not a refusal
    elif modality == "negated" and pattern.type in COOPERATIVE_TYPES and actors:
        event_type, mode, cameo, modality = "REJECT", [], "120", stated
    elif pattern.type == "THREATEN" and modality == "hypothetical" and own_condition(tok):
        modality = stated  # "threaten a strike if ...": a threat is conditional by nature
    elif pattern.type in HOSTILE_TYPES and held_out(tok, cues.possibility):
        threat = threat_mode(pattern.type, pattern.mode)  # "raised the possibility of bans"
        event_type, mode, modality = "THREATEN", [threat], stated
        cameo = "138" if threat == "violence" else "130"
    elif (
        modality in ("future", "hypothetical")
        and pattern.type not in ("AGREE", "THREATEN", "REQUEST")
        and (actors or speaker_actors)
        and ultimatum(tok)
    ):  # "will withdraw its force unless ...": an ultimatum (manual, THREATEN)
        threat = threat_mode(pattern.type, pattern.mode)
        threat = threat if pattern.type in HOSTILE_TYPES else "relations"
        event_type, mode, modality = "THREATEN", [threat], stated
        cameo = "138" if threat == "violence" else "130"
    elif modality in ("future", "hypothetical") and not conditional(tok, cues.hyp_markers):
        if pattern.type in COOPERATIVE_TYPES - {"AGREE"}:
            event_type, mode, cameo, modality = "AGREE", [], "030", stated
        elif pattern.type in HOSTILE_TYPES and (actors or speaker_actors):
            threat = threat_mode(pattern.type, pattern.mode)
            event_type, mode, modality = "THREATEN", [threat], stated
            cameo = "138" if threat == "violence" else "130"
    return Coding(event_type, mode, cameo, modality, actors, recipients)


def promised(cand: Candidate) -> bool:
    """What an agreement promises, coded besides it as a future event ("to lift the curfew")."""
    return cand.pattern.type in PROMISED_CONTENT and cand.pattern.cameo not in AGREEMENT_CAMEOS


def threat_mode(event_type: str, modes: Sequence[str]) -> str:
    """THREATEN's mode is the content of the threat (manual, THREATEN modes)."""
    if event_type == "COERCE" and modes and modes[0] in THREAT_MODES:
        return modes[0]
    if event_type == "COERCE" and "seize" in modes:
        return "territory"
    if event_type == "SANCTION" and "expel" in modes:
        return "expel"
    return _THREAT_MODE_OF_TYPE.get(event_type, "violence")


def borrow_modes(events: list[Event], triggers: dict[int, Candidate]) -> None:
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
                event.mode = [threat_mode(first.pattern.type, first.pattern.mode)]
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


def threats(
    pairs: list[tuple[Event, Candidate]], folded: dict[int, list[Candidate]], halts: set[str]
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
        threat = threat_mode(first.pattern.type, first.pattern.mode)
        event.type, event.mode = "THREATEN", [threat]
        event.cameo = "138" if threat == "violence" else "130"


def _material(cand: Candidate, coop_topics: set[str]) -> bool:
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
        if any(w.lower_ in coop_topics for w in words):
            return True
    return False
