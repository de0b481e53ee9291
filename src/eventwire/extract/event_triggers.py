"""Trigger words of a sentence: lexicon patterns matched on the parse, then pruned.

Why: a word is an event trigger only when its part of speech and, for conditioned entries, its
dependent or object fit the lexicon's pattern ("lifted the curfew", "launched an attack"); the
same walks find the trigger that frames another as its complement ("refused to support").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .event_cues import EventCues
from .event_lexicon import Lexicon, Pattern
from .event_modality import speech_head
from .event_roles import objects_of

# "Z said X must do Y": a demand even when Y is no trigger word.
REQUEST_PATTERN = Pattern("must", "verb", None, None, "REQUEST", (), (), "100", 0.6)
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
class Candidate:
    """A word of the sentence that matched a lexicon pattern."""

    token: Token
    pattern: Pattern
    extra: Token | None  # the dependent or object that satisfied the pattern


def match(tok: Token, lex: Lexicon) -> Candidate | None:
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
    elif compound_verb(tok, lex):
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
                    return Candidate(tok, pattern, obj)
            continue
        if pattern.child is not None:
            found = _child_match(tok, pattern.child, lex)
            if found is not None:
                return Candidate(tok, pattern, found)
            continue
        return Candidate(tok, pattern, None)
    return None


def compound_verb(tok: Token, lex: Lexicon) -> bool:
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
    """Every word a conditioned pattern may name as its object ("lift>curfew")."""
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
    """The dependent (or its object) a two-word entry names ("carry out", "hunger strike")."""
    for c in tok.children:
        if child in lex.bases(c.lower_):
            return c
        for g in c.children:
            if child in lex.bases(g.lower_) and c.dep_ in ("prep", "prt", "dobj", "pobj", "dative"):
                return g
    return None


def framing_head(tok: Token, triggers: dict[int, Candidate]) -> Candidate | None:
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


def sentence_triggers(sent: SpacySpan, cues: EventCues) -> dict[int, Candidate]:
    """The sentence's triggers by token index, after the pruning every sentence gets."""
    lex = cues.lex
    triggers: dict[int, Candidate] = {}
    for tok in sent:
        cand = match(tok, lex)
        if cand is not None:
            triggers[tok.i] = cand
    for i, cand in list(triggers.items()):
        if cand.pattern.type == "CONSULT" and cand.pattern.pos == "verb":
            objs = objects_of(cand.token)
            if objs and all(lex.bases(o.lower_) & cues.non_actors for o in objs):
                triggers.pop(i)  # "speaking to journalists" is no consultation
            elif any(c.dep_ == "nsubj" and c.i in triggers for c in cand.token.children):
                triggers.pop(i)  # "aid arrives in X": the aid is the event, not a visit
    for tok in sent:  # "Z said X must do Y": a demand even when Y is no trigger word
        if tok.i not in triggers and tok.pos_ == "VERB" and obliged(tok, cues):
            triggers[tok.i] = Candidate(tok, REQUEST_PATTERN, None)
    # a conditioned pattern consumes the word that satisfied it ("launched an attack")
    for cand in list(triggers.values()):
        if cand.extra is not None and cand.extra.i in triggers and cand.extra.i != cand.token.i:
            triggers.pop(cand.extra.i, None)
    return triggers


def obliged(tok: Token, cues: EventCues) -> bool:
    """ "X must/should do Y" reported by someone else: a demand made on X."""
    if not any(c.dep_ == "aux" and c.lower_ in cues.obligation for c in tok.children):
        return False
    if any(c.dep_ == "nsubj" and c.lower_ in ("we", "i") for c in tok.children):
        return False  # "we must unite our efforts": a resolve, not a demand
    return tok.dep_ == "ccomp" or speech_head(tok, cues.speech_forms) is not None
