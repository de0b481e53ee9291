"""Where an event happened: the place its trigger governs in the dependency parse.

Kept apart from the other roles (``event_roles``) because it is scored on its own gold set
(event_location) and its rules are tuned together.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import NamedTuple

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Place, Span
from ..resolve.actor_dictionary import ActorDictionary

SUBJECTS = {"nsubj", "csubj"}
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "into", "across", "around", "throughout", "within", "to", "on", "off", "along", "towards", "toward",  # noqa: E501
                  "over", "through", "between", "beyond"}  # fmt: skip
# where something is, not where it goes: a place under these qualifies a subject by location
STATIC_PREPS = {"in", "at", "near", "outside", "inside", "around", "within", "throughout"}
CLAUSE_BREAKS = {"ccomp", "advcl", "relcl", "parataxis", "conj", "csubj", "acl", "pcomp"}
# clauses that elaborate the act itself ("killed when troops fired in X", "shot in a hostel
# adjoining a church in X", "ambushed troops who were patrolling in X"); not reported speech
# (ccomp) or a second act (conj, parataxis)
EMBEDDED_CLAUSES = {"advcl", "acl", "relcl"}
# clauses whose place an embedded trigger shares ("forced to flee X", "attacked, killing ...")
CLIMB = {"xcomp", "conj", "advcl", "acl", "relcl", "pcomp"}
ACTOR_DEPS = {"nsubj", "nsubjpass", "csubj", "agent"}


def pruned_subtree(head: Token, cut: Callable[[Token], bool]) -> list[Token]:
    """The head's subtree, leaving out every child for which ``cut`` is true (and its subtree)."""
    out: list[Token] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(child for child in tok.children if not cut(child))
    return out


def clause_tokens(head: Token) -> list[Token]:
    """The head's subtree without embedded clauses (their places, times and participants
    belong to other events)."""
    return pruned_subtree(
        head, lambda child: child.dep_ in CLAUSE_BREAKS and child.pos_ in ("VERB", "AUX")
    )


def place_root(place: Place, sent: SpacySpan) -> Token | None:
    doc = sent.doc
    span = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


_DIRECT = {"dobj", "obj", "nsubjpass", "attr"}
# "the town of X": X is a place whatever the entity recogniser thought.
PLACE_NOUNS = {"town", "village", "city", "district", "province", "region", "area", "suburb",
               "neighborhood", "neighbourhood", "governorate", "state", "county", "capital",
               "settlement", "camp", "outskirts", "island", "islands", "port", "municipality",
               "hilltop", "hills", "mountains", "valley", "border", "enclave",
               "quarter"}  # fmt: skip
_NAME_LABELS = {"", "GPE", "LOC", "FAC"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# A place that qualifies a noun ("Iraq's city of Mosul", "the West Bank town of Ramallah", "a
# U.S. patrol") loses to any place the phrase itself names.
_MODIFIERS = {"poss", "compound", "amod", "nmod"}


class _Attachment(NamedTuple):
    """How a place hangs off a trigger; a lower (rank, hops) is a better location."""

    rank: int  # 0 the act's own place, 1 a place qualifying a noun, 2 where an actor was
    hops: int
    static: bool  # reached through "in/at/near ...", not as an object or a destination


def _place_score(root: Token, trigger: Token) -> _Attachment | None:
    """How the place hangs off the trigger as its location: through a locative preposition
    ("killed in X", "the outskirts of X") or as the object of the act ("captured X", "entered
    X"). A place qualifying a noun ranks lower ("Iraq's city of Mosul", "the West Bank town of
    Ramallah": the named town wins); lower still where an actor or a victim was ("police in X
    arrested", "killed by gunmen in X", "soldiers in X were killed"): the act is usually there
    too. A place that only names or qualifies an actor otherwise ("U.S. forces", "fighters of
    the Islamic State were killed", "captured ... from Syria") is not where it happened: None.
    """
    if (
        root.dep_ == "nsubjpass"
        and root.head.i == trigger.i
        and root.ent_type_ not in _PLACE_LABELS
    ):
        return None  # "Ibrahim was captured": a person the gazetteer also knows as a town
    hops, tok, locative, static, actor = 0, root, False, False, False
    while tok.i != trigger.i:
        if hops >= 10 or tok.head.i == tok.i:
            return None
        if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS:
            locative = True
            static = static or tok.head.lower_ in STATIC_PREPS
        elif tok.dep_ == "pobj" and tok.head.lower_ != "of" and not locative:
            return None  # "captured the plateau from Syria", "clashes with Syria"
        if tok.dep_ in _DIRECT and tok.head.i == trigger.i:
            locative = True
        is_actor = tok.dep_ in SUBJECTS or tok.dep_ == "agent"
        if is_actor or (tok.dep_ == "nsubjpass" and tok is not root):
            if not static:
                return None
            actor = True
        tok, hops = tok.head, hops + 1
    if not locative:
        return None
    return _Attachment(2 if actor else 1 if root.dep_ in _MODIFIERS else 0, hops, static)


@functools.cache
def _builtin_actors() -> ActorDictionary:
    return ActorDictionary.load()


def _actor_name(text: str) -> bool:
    """Whether the actor dictionary knows the name as an actor that is not a country (a bloc,
    a group, a person): such a name is a participant of the act, never its unresolved place."""
    surface = _builtin_actors().lookup(text)
    return surface is not None and surface.entry.kind != "country"


def _name_places(head: Token, own: set[int]) -> list[Place]:
    """Capitalised names after a locative preposition that no resolver knew ("at Tal X")."""
    out: list[Place] = []
    doc = head.doc
    for i in sorted(own):
        tok = doc[i]
        # "in Karrada district": a name right before a place noun is that place, whatever its
        # label; the place is the whole phrase, so it hangs off the trigger like the noun
        named = tok.dep_ == "compound" and tok.head.lower_ in PLACE_NOUNS and tok.head.i == i + 1
        if tok.pos_ != "PROPN" or (tok.dep_ not in ("pobj", "dobj", "nsubjpass") and not named):
            continue
        of_place = named or (tok.head.lower_ == "of" and tok.head.head.lower_ in PLACE_NOUNS)
        if tok.ent_type_ not in _NAME_LABELS and not of_place:
            continue
        first = i
        while first > 0 and (doc[first - 1].pos_ == "PROPN" or doc[first - 1].text == "-"):
            if doc[first - 1].head.i not in (i, tok.head.i, first):
                break
            first -= 1
        last = tok.head if named else tok
        span = doc[first : last.i + 1]
        if _actor_name(span.text):
            continue  # "accused the West", "attacked Hezbollah": the recipient, not a place
        out.append(Place(span=Span(span.start_char, span.end_char, span.text), name=span.text))
    return out


def _where_place(trigger: Token, sent: SpacySpan, in_sent: Sequence[Place]) -> Place | None:
    """The place a "where" clause hangs off ("in Kabul, where gunmen attacked a bank")."""
    if trigger.dep_ not in ("relcl", "acl", "advcl") or not any(
        c.lower_ == "where" for c in trigger.children
    ):
        return None
    return next((p for p in in_sent if place_root(p, sent) == trigger.head), None)


def _opens_sentence(root: Token, sent: SpacySpan) -> bool:
    """Whether the place sits in a sentence-opening "In X, ...": that sets the broad scene, so a
    nearer place of the same act is more precise ("In Iraq, gunmen attacked a building in Y")."""
    first = next((t for t in sent if not (t.is_space or t.is_punct)), None)
    return first is not None and first.dep_ == "prep" and first in root.ancestors


def locate(
    trigger: Token, sent: SpacySpan, places: Sequence[Place], focus: Place | None
) -> tuple[Place | None, str | None]:
    """The event's place, by syntax: a place hanging off the trigger ("attacked X", "killed in
    X", "in the city of X"), else off a verb conjoined to it ("shot and wounded a doctor in
    X"), else off the clause that governs it ("In X, police said they arrested ..."); the
    possessor of a place loses to the place itself ("in Iraq's city of Mosul"). A place
    elsewhere in the sentence is another event's, so then there is no location (the
    event_location gold's convention); the article focus stands in only for sentences that name
    no place at all. Failing those, a "where" clause takes the place it hangs off, and a place
    in a clause describing the act's circumstances ("killed when troops fired in X") is used.
    """
    in_sent = [p for p in places if sent.start_char <= p.span.start < sent.end_char]
    heads = [trigger]
    cur = trigger
    while len(heads) < 3:
        if cur.dep_ == "pobj" and cur.pos_ == "NOUN" and cur.head.dep_ == "prep":
            cur = cur.head.head  # "killed in X during fighting": the act the event noun frames
        elif cur.dep_ in CLIMB:
            cur = cur.head
        else:
            break
        heads.append(cur)
    # "shot and wounded a doctor in X": a verb conjoined to the trigger shares its place (only
    # where it happened: "shot X and captured Y" is another act on another object)
    sharing = [c for c in trigger.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    heads[1:1] = sharing
    for level, head in enumerate(heads):
        if level == 1 and (where := _where_place(trigger, sent, in_sent)) is not None:
            return where, "syntax:where-clause"
        own = {t.i for t in clause_tokens(head)}
        best: tuple[tuple[int, int, bool, int], Place] | None = None
        known = [p for p in in_sent if (r := place_root(p, sent)) is not None and r.i in own]
        # names no resolver knew compete too: in "captured the town of Kupres, west of
        # Sarajevo" the nearer name is the place of the capture
        names = [
            n
            for n in _name_places(head, own)
            if not any(k.span.start < n.span.end and n.span.start < k.span.end for k in known)
        ]
        for place in [*known, *names]:
            root = place_root(place, sent)
            score = _place_score(root, head) if root is not None else None
            if score is not None and head in sharing and (score.rank or not score.static):
                score = None
            if score is None or root is None:
                continue
            key = (_breadth(place), score.rank, _opens_sentence(root, sent), score.hops)
            if best is None or key < best[0]:
                best = (key, place)
        if best is not None:
            if any(best[1] is n for n in names):
                return best[1], "syntax:name"
            if head in sharing:
                return best[1], "syntax:conjoined-verb"
            return best[1], "syntax:in-clause" if level == 0 else "syntax:governing-clause"
    embedded = _embedded_place(trigger, sent, in_sent)
    if embedded is not None:
        return embedded, "syntax:embedded-clause"
    if not in_sent and focus is not None:
        return focus, "article:focus"
    return None, None


def _breadth(place: Place) -> int:
    """How wide a place is: a town or site names where it happened more precisely than the
    province or country also tied to the act ("in Chlef province, west of Algiers", "in a
    village in Syria")."""
    return {"country": 2, "continent": 2, "admin1": 1, "region": 1}.get(place.precision or "", 0)


def _embedded_place(trigger: Token, sent: SpacySpan, in_sent: Sequence[Place]) -> Place | None:
    """Last resort before "no location": a place in a clause embedded under the trigger that
    describes the circumstances of the act, reached through "in/at/near ..." (a place that is
    the object of the embedded verb is that verb's own act: "after troops entered X")."""
    best: tuple[tuple[int, int, int], Place] | None = None
    for place in in_sent:
        root = place_root(place, sent)
        if root is None or root.i == trigger.i or trigger not in root.ancestors:
            continue
        path = []
        tok = root
        while tok.i != trigger.i:
            path.append(tok)
            tok = tok.head
        clauses = [t for t in path if t.dep_ in CLAUSE_BREAKS and t.pos_ in ("VERB", "AUX")]
        if not clauses or any(t.dep_ not in EMBEDDED_CLAUSES for t in clauses):
            continue
        inner = clauses[0]
        above = path[path.index(inner) :]
        if any(t.dep_ in ACTOR_DEPS for t in above):
            continue  # "X, who was leading operations in Y, was killed": the actor's past
        score = _place_score(root, inner)
        if score is None or not score.static:
            continue
        key = (_breadth(place), score.rank, len(path))
        if best is None or key < best[0]:
            best = (key, place)
    return best[1] if best is not None else None


def focus_place(places: Sequence[Place]) -> Place | None:
    """The article's focus: the most often named place (first one on ties)."""
    if not places:
        return None
    counts: dict[str, int] = {}
    for p in places:
        key = p.name.lower()
        counts[key] = counts.get(key, 0) + 1
    top = max(counts.values())
    return next(p for p in places if counts[p.name.lower()] == top)
