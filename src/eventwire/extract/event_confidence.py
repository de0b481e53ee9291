"""How sure the coder is of one event, and how much it counts for the story.

Why: a trigger with named roles, as the main predicate, is more likely the sentence's event; a
trigger in background ("following ethnic violence"), naming a participant ("police beat
protesters") or promised by an agreement is less so. ``event_story.main_type`` sums these.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..model import Actor
from .event_cues import EventCues
from .event_triggers import Candidate


def confidence(
    cand: Candidate,
    cues: EventCues,
    actors: list[Actor],
    recipients: list[Actor],
    content: bool = False,
) -> float:
    """The pattern's confidence adjusted by the trigger's roles and place in the sentence."""
    tok, pattern = cand.token, cand.pattern
    score = pattern.confidence + (0.1 if actors else -0.1) + (0.05 if recipients else 0)
    if content:
        score -= 0.3  # the sentence's event is the agreement; this is what it promises
    if _background(tok, cues.background):
        score -= 0.3  # "riots broke out following ethnic violence": background
    if pattern.pos == "noun" and cues.lex.bases(tok.lower_) & cues.participants:
        score -= 0.25  # "police beat protesters": a participant, not the act
    reported_clause = tok.dep_ in ("ccomp", "conj") and tok.head.lower_ in cues.speech_forms
    if tok.dep_ == "ROOT" or reported_clause:
        score += 0.15  # the main predicate carries the sentence's event
    return round(max(0.05, min(0.99, score)), 2)


def _background(tok: Token, background: set[str]) -> bool:
    """The trigger sits in an "after/following/amid …" phrase or clause: what led to the
    sentence's event ("following ethnic violence", "after a week of unrest", "one day
    after a jet shot down a helicopter")."""
    cur = tok
    if cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.pos_ == "NOUN":
        cur = cur.head.head  # "a week of unrest"
    if cur.dep_ in ("pobj", "pcomp") and cur.head.lower_ in background:
        return True
    return cur.dep_ == "advcl" and any(
        c.dep_ in ("mark", "prep", "advmod") and c.lower_ in background for c in cur.children
    )
