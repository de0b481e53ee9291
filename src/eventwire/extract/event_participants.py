"""Who acts on whom in one trigger's event, and who reports it.

Why: ``event_roles`` finds subjects and objects on the parse; a trigger needs more: a noun's
possessor or "by" phrase ("Russia's bombing", "the attack by rebels"), the headline-ese
subject of a compound verb ("Government lifts curfew"), and the speaker of a blame ("X said
the refusal of Y is to blame": X accuses Y).
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Token

from ..model import Actor
from .event_cues import EventCues
from .event_lexicon import Lexicon, Pattern
from .event_modality import speech_head
from .event_roles import ActorFinder, mention_actor, objects_of, passive_subject, subject_of
from .event_triggers import Candidate, compound_verb


class Participants(NamedTuple):
    """A trigger's roles: the parse's words and the actors they name."""

    actor_token: Token | None
    recipient_tokens: list[Token]
    actors: list[Actor]
    recipients: list[Actor]
    speech: Token | None  # the reporting verb governing the trigger
    speaker_actors: list[Actor]
    blame_by_speaker: bool  # "X said Y is to blame": the speaker is the actor


def participants(cand: Candidate, finder: ActorFinder, cues: EventCues) -> Participants:
    """Actors and recipients of a trigger (recipients never repeat an actor), and its speaker."""
    tok, pattern = cand.token, cand.pattern
    actor_tok, recipient_toks = _trigger_roles(cand, cues.lex)
    actors, _ = finder.actors_for(actor_tok) if actor_tok is not None else ([], [])
    recipients: list[Actor] = []
    exclude = {a.name for a in actors}
    for r in recipient_toks:
        recipients.extend(finder.actors_for(r, exclude)[0])
    speech = speech_head(tok, cues.speech_forms)
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
    recipients = [r for r in recipients if all(r.name != a.name for a in actors)]
    return Participants(
        actor_tok, recipient_toks, actors, recipients, speech, speaker_actors, blame_by_speaker
    )


def _trigger_roles(cand: Candidate, lex: Lexicon) -> tuple[Token | None, list[Token]]:
    """The words that act and are acted on: subject and objects for a verb, possessor and
    prepositional phrases for a noun."""
    tok, pattern = cand.token, cand.pattern
    if pattern.pos == "noun":
        return _noun_roles(tok, pattern)
    if compound_verb(tok, lex):  # "Government lifts curfew": the noun before acts
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
    return subj, recipients


def _noun_roles(tok: Token, pattern: Pattern) -> tuple[Token | None, list[Token]]:
    """A noun trigger's actor (possessor, "by" phrase, the verb's subject) and recipients."""
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


def _entities_in(tok: Token, finder: ActorFinder) -> list[Actor]:
    """The named entities inside a phrase ("the refusal of Ankara and Moscow"), else its actor."""
    start = tok.left_edge.idx
    end = tok.right_edge.idx + len(tok.right_edge.text)
    inner = [m for m in finder.inside(start, end) if m.label not in ("DATE", "TIME")]
    if inner:
        return list({(a.name, a.country): a for a in map(mention_actor, inner)}.values())
    return finder.actors_for(tok)[0]
