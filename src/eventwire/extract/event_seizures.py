"""Article-level pass: a place lost to someone was seized by them.

Why: "forces lost control of X" codes the losers' retreat; the winners are often named only in
another sentence ("the loss of X to militants"), so the seizure (COERCE:seize, CAMEO 192) needs
the whole article and the events already coded.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import Actor, Event
from .event_cues import EventCues
from .event_roles import ActorFinder, mention_actor

# modalities of a loss that happened (not denied, hypothetical or future)
_FACTUAL = {"asserted", "claimed"}


def seizures(sdoc: Doc, events: list[Event], finder: ActorFinder, cues: EventCues) -> list[Event]:
    """A place lost to someone was seized by them: "the loss of X to militants" elsewhere
    in the article makes "forces lost control of X on Sunday" a seizure of X by the
    militants (COERCE:seize, CAMEO 192), on that date, with the losers as recipient."""
    winners: dict[str, Token] = {}
    for tok in sdoc:
        if tok.pos_ != "NOUN" or not cues.lex.bases(tok.lower_) & cues.loss_nouns:
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
        if not cues.lex.bases(ev.trigger.text.split()[0].lower()) & {"lose"}:
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


def _pobj(prep: Token | None) -> Token | None:
    """The object of a preposition, if any."""
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
            return [mention_actor(before[-1])]
    return []
