"""The cue word lists of the event lexicon, read once into sets the coder's rules look up.

Why a module: the trigger, type, modality, confidence and article-level rules all consult the
same lists (``cues`` in ``data/lexicons/events.yaml``); one object carries them so each
rule module takes what it needs without reaching into the coder.
"""

from __future__ import annotations

from dataclasses import dataclass

from .event_lexicon import Lexicon


@dataclass
class EventCues:
    """The lexicon and its cue lists as sets."""

    lex: Lexicon
    denial: set[str]
    unverified: list[str]
    hyp_markers: set[str]
    hyp_modals: set[str]
    future_markers: set[str]
    future_verbs: set[str]
    non_actors: set[str]
    speech_forms: set[str]  # every inflected form of a speech verb ("said", "says")
    obligation: set[str]
    commitment: set[str]
    failure: set[str]
    possibility: set[str]
    loss_nouns: set[str]
    background: set[str]
    event_heads: set[str]
    participants: set[str]
    not_events: list[str]
    coop_topics: set[str]
    halts: set[str]  # every inflected form of a cessation verb ("postponed", "stops")

    @classmethod
    def from_lexicon(cls, lex: Lexicon) -> EventCues:
        cues = lex.cues
        speech = set(cues.get("speech_verbs", []))
        halt_bases = set(cues.get("cessation_verbs", []))
        return cls(
            lex=lex,
            denial=set(cues.get("denial_verbs", [])),
            unverified=[c.lower() for c in cues.get("unverified_cues", [])],
            hyp_markers=set(cues.get("hypothetical_markers", [])),
            hyp_modals=set(cues.get("hypothetical_modals", [])),
            future_markers=set(cues.get("future_markers", [])),
            future_verbs=set(cues.get("future_verbs", [])),
            non_actors=set(cues.get("non_actors", [])),
            speech_forms={f for f, bases in lex.base_of.items() if bases & speech},
            obligation=set(cues.get("obligation_modals", [])),
            commitment=set(cues.get("commitment_words", [])),
            failure=set(cues.get("failure_verbs", [])),
            possibility=set(cues.get("possibility_words", [])),
            loss_nouns=set(cues.get("loss_nouns", [])),
            background=set(cues.get("background_preps", [])),
            event_heads=set(cues.get("event_head_nouns", [])),
            participants=set(cues.get("participant_nouns", [])),
            not_events=[p.lower() for p in cues.get("not_event_phrases", [])],
            coop_topics=set(cues.get("cooperation_topics", [])),
            halts={f for f, bases in lex.base_of.items() if bases & halt_bases},
        )
