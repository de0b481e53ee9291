"""Attributions without a named source: raising verbs, agentless passives, "Asked about X, …".

PolNeAR (and news readers) count more than speech: "Trump is expected to win", "supporters seemed
unperturbed" and "Asked about the deal, …" attribute a proposition or a question to an implicit
source (the writer, unnamed observers, an unnamed interviewer). The whole proposition is the
content - subject included, because the subject is not the one holding the view - and there is
no speaker. These helpers read one parse and return token ranges; quotes.py turns them into
quotes, so the rules stay small and testable on their own.
"""

from __future__ import annotations

from spacy.tokens import Token

from .quote_lexicon import CueLexicon

# complements that carry what is seen / expected / seeming ("to win", "unperturbed", "as weak")
_COMPLEMENTS = frozenset({"xcomp", "acomp", "oprd", "attr"})
# words that may open a sentence before a fronted "Asked …" participle ("When asked about …")
_ASKED_OPENERS = frozenset({"when", "if", "after", "once", "and", "but", "while"})


def is_agentless_passive(cue: Token) -> bool:
    """'is expected to …': a passive subject and no "by X" agent."""
    deps = {c.dep_ for c in cue.children}
    return "nsubjpass" in deps and "agent" not in deps


def raised_proposition(cue: Token, lemma: str, lexicon: CueLexicon) -> tuple[Token, Token] | None:
    """First and last token of a proposition held by nobody named.

    Active raising verbs ("The rally seemed to be chaotic", lexicon ``raising_verbs``) and agentless
    passives of belief verbs ("Rubio is seen as the favourite", ``passive_raising_verbs``): the
    content runs from the subject through the verb's complement. A reduced passive ("the
    contests known as Super Tuesday") runs from the noun it modifies.
    """
    if lemma in lexicon.passive_raising_verbs and cue.dep_ == "acl" and cue.tag_ == "VBN":
        return _reduced_passive(cue)
    if lemma in lexicon.raising_verbs and not is_agentless_passive(cue):
        subject_deps = {"nsubj"}
    elif lemma in lexicon.passive_raising_verbs and is_agentless_passive(cue):
        subject_deps = {"nsubjpass"}
    else:
        return None
    subjects = [c for c in cue.lefts if c.dep_ in subject_deps]
    complements = [
        c for c in cue.rights if c.dep_ in _COMPLEMENTS or (c.dep_ == "prep" and c.lower_ == "as")
    ]
    if not subjects or not complements:
        return None
    if not all(c.dep_ != "xcomp" or _is_infinitive_or_adjective(c) for c in complements):
        return None
    if subject_deps == {"nsubj"} and any(
        c.dep_ == "xcomp" and lexicon.verb_lemma(c.text) is not None for c in complements
    ):
        return None  # "She appeared to imply that …": a statement of hers, hedged by the writer
    last = max((c.right_edge for c in complements), key=lambda t: t.i)
    return subjects[0].left_edge, last


def _reduced_passive(cue: Token) -> tuple[Token, Token] | None:
    """'the contests known as Super Tuesday', 'a man widely seen as the favourite'."""
    if any(c.dep_ == "agent" for c in cue.children):
        return None
    complements = [c for c in cue.rights if c.dep_ == "prep" and c.lower_ == "as"]
    if not complements or cue.head.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    return cue.head.left_edge, complements[0].right_edge


def _is_infinitive_or_adjective(token: Token) -> bool:
    if token.pos_ in {"ADJ", "NOUN"}:
        return True
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def asked_question(token: Token) -> tuple[Token, Token] | None:
    """'Asked whether he would run, …' / 'When asked about the deal, …': the question asked.

    A fronted participle of *ask* rarely names the asker (an interviewer, a reporter); the
    question is the attributed content: the participle's phrase, less a "by X" agent.
    """
    if token.lower_ != "asked" or token.tag_ != "VBN" or token.dep_ not in {"advcl", "ROOT"}:
        return None
    before = [t for t in token.sent if t.i < token.i and not (t.is_punct or t.is_space)]
    if any(t.lower_ not in _ASKED_OPENERS for t in before):
        return None
    # "Asked by reporters about the pier": the asker (the agent) is not part of the question
    parts = [c for c in token.rights if c.dep_ not in {"agent", "punct"}]
    if not parts:  # the parser often hangs the question on the asker: "by reporters about …"
        askers = [o for c in token.rights if c.dep_ == "agent" for o in c.children]
        parts = [c for o in askers for c in o.rights if c.dep_ in {"prep", "relcl", "acl"}]
    if not parts:
        return None
    return parts[0].left_edge, parts[-1].right_edge


# prepositions that introduce what an attitude adjective is about ("critical of", "worried about")
_ADJECTIVE_PREPS = frozenset({"of", "about", "to", "with", "over", "on", "that"})


def attitude_adjective(token: Token, lexicon: CueLexicon) -> tuple[Token, Token, Token] | None:
    """'Okafor is confident that …', 'Berg was critical of the plan', 'She is eager to run'.

    An attitude adjective (lexicon ``attitude_adjectives``) predicated of a subject with a
    copula: returns the holder (the copula's subject) and the first and last token of what the
    attitude is about (the clause, the infinitive or the object of the preposition).
    """
    if (
        token.pos_ != "ADJ"
        or token.dep_ != "acomp"
        or token.lower_ not in lexicon.attitude_adjectives
    ):
        return None
    holder = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
    if holder is None:
        return None
    for child in token.rights:
        if child.dep_ == "ccomp" or (
            child.dep_ == "xcomp"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        ):
            return holder, child.left_edge, child.right_edge
        if child.dep_ == "prep" and child.lower_ in _ADJECTIVE_PREPS:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects:
                return holder, objects[0].left_edge, objects[0].right_edge
    return None
