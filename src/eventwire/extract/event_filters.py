"""Triggers that name no event of their own, and are skipped.

Why: a matched word may only modify a noun ("war crimes court"), belong to a name ("Agency for
Development and Cooperation"), describe rather than report ("hailed as a success") or be the
topic of a protest ("marched to demand reforms"); coding it would invent an event.
"""

from __future__ import annotations

from spacy.tokens import Token

from .event_triggers import Candidate

# entity types whose words name something, not an event ("Ministry of Cooperation")
_NAME_ENTITIES = {"ORG", "PERSON", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"}


def modifier_only(cand: Candidate, event_heads: set[str]) -> bool:
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


def description(cand: Candidate) -> bool:
    """A subjectless passive participle of a speech act ("hailed as", "criticised as")."""
    tok = cand.token
    if cand.pattern.type not in ("SUPPORT", "ACCUSE", "AGREE", "REQUEST") or tok.tag_ != "VBN":
        return False
    if tok.dep_ not in ("advcl", "acl"):
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in tok.children)


def protest_topic(cand: Candidate) -> bool:
    """A demand or complaint voiced by protesters ("to demand", "demanding", "in protest at")."""
    if cand.pattern.type not in ("REQUEST", "ACCUSE"):
        return False
    tok = cand.token
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    participle = tok.tag_ == "VBG" and tok.dep_ != "ROOT"  # not "have been pressuring"
    return participle or infinitive or tok.dep_ in ("advcl", "xcomp", "acl")


def part_of_name(cand: Candidate, not_events: list[str], headline: bool = False) -> bool:
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
    for phrase in not_events:
        at = text.find(phrase)
        while at >= 0:
            if at <= offset < at + len(phrase):
                return True
            at = text.find(phrase, at + 1)
    return False
