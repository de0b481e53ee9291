"""Statements and stances carried by nouns: "his claim that …", "Trump's support for the wall".

A news sentence often reports a statement or an attitude as a noun rather than a verb: the claim,
the allegation, the decision to run, criticism of the plan, attacks on Clinton. The noun (a cue of
the lexicon's ``noun_cues``) introduces its content with a "that" clause, a to-infinitive or a
preposition; the holder is the possessor ("his claim", "Trump's support"), or the subject of a
light verb that makes the noun ("Trump made the claim that …", lexicon ``noun_cue_verbs``), or
nobody named ("criticism of the plan grew").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .quote_lexicon import CueLexicon

# prepositions that introduce what a noun cue is about ("support for X", "attacks on X")
CONTENT_PREPS = frozenset({"of", "for", "on", "to", "against", "about", "over"})


@dataclass(frozen=True)
class NounStatement:
    """A noun cue with the first and last token of its content and the holder, if named."""

    cue: Token
    first: Token
    last: Token
    holder: Token | None
    cue_end: int  # end offset of the cue, with its preposition ("support for")


def noun_lemma(token: Token) -> str:
    """Singular of a noun, good enough for a closed list ("allegations" -> "allegation")."""
    word = token.lower_
    if token.tag_ != "NNS":
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def noun_statement(token: Token, lexicon: CueLexicon) -> NounStatement | None:
    """The statement a noun cue carries, or None when the noun has no content attached."""
    if token.pos_ != "NOUN" or noun_lemma(token) not in lexicon.noun_cues:
        return None
    cue_end = token.idx + len(token.text)
    first = last = None
    for child in token.rights:
        if child.dep_ in {"acl", "ccomp", "relcl"} and _clause_or_infinitive(child):
            first, last = child.left_edge, child.right_edge
            break
        if child.dep_ == "prep" and child.lower_ in CONTENT_PREPS:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects:
                first, last = objects[0].left_edge, objects[0].right_edge
                cue_end = child.idx + len(child.text)
                break
    if first is None or last is None:
        return None
    return NounStatement(token, first, last, _holder(token, lexicon), cue_end)


def _clause_or_infinitive(clause: Token) -> bool:
    """'that she lied' (a "that" clause) or 'to run' (an infinitive), not 'he wrote' (relcl)."""
    return any(
        (c.dep_ == "mark" and c.lower_ == "that") or (c.dep_ == "aux" and c.lower_ == "to")
        for c in clause.children
    )


def _holder(noun: Token, lexicon: CueLexicon) -> Token | None:
    """Who holds the stance: "his claim", or the subject of "made the claim"."""
    for child in noun.lefts:
        if child.dep_ == "poss":
            # "Trump is doubling down on his support for …": the subject of the clause the
            # phrase hangs on holds it, and "his" only points back to it
            if child.tag_ == "PRP$":
                return _clause_subject(noun) or child
            return child
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lower_ in lexicon.noun_cue_verbs:
        for child in verb.children:
            if child.dep_ == "nsubj":
                return child
    return None


def _clause_subject(noun: Token) -> Token | None:
    """The subject of the verb a noun phrase is the object of ("keeping up his criticism of")."""
    token = noun
    for _ in range(3):
        if token.dep_ not in {"pobj", "dobj", "prep"} or token.head is token:
            return None
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ in {"PROPN", "PRON", "NOUN"}:
                return subject
            return None
    return None
