"""Modality of a coded event: negated, denied, unverified, hypothetical, future, claimed.

How: a short walk over the parse from the trigger to the words that govern it ("not",
"denied", "if", "would", "will", "plan to", "failed to", a reporting verb, a quotation), with
the cue lists of ``data/lexicons/events.yaml`` that the coder loaded. Also the clause tests the
coder's rules use: an "if/unless" condition, an ultimatum ("unless"), a statement ("protested
that …"), an act held out as possible ("the possibility of bans").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Actor, Article, Quote
from .event_cues import EventCues
from .event_lexicon import Lexicon

_IF = {"if", "unless"}


_OWN_MODALS = {"would", "could", "might", "may"}


def speech_head(tok: Token, speech_forms: set[str]) -> Token | None:
    """The reporting verb whose complement contains the trigger, if any."""
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return None
        dep, cur = cur.dep_, cur.head
        if (
            dep
            in (
                "ccomp",
                "xcomp",
                "conj",
                "advcl",
                "parataxis",
                "dobj",
                "nsubj",
                "attr",
                "pobj",
                "prep",
                "acomp",
                "csubj",
            )
            and cur.lower_ in speech_forms
            and cur.pos_ == "VERB"
        ):
            return cur
    return None


def according_to(sent: SpacySpan) -> str | None:
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.nbor(1).lower_ == "to":
            prep = tok.nbor(1)
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            words = [t for t in pobj.subtree if t.dep_ not in ("det", "punct")]
            named = [t for t in words if t.pos_ == "PROPN"] or words
            return " ".join(t.text for t in named)
    return None


def modality(
    self: EventCues,
    article: Article,
    sent: SpacySpan,
    tok: Token,
    speech: Token | None,
    speakers: list[Actor],
    unverified: bool,
    according: str | None,
    quotes: Sequence[Quote],
    speaker_is_actor: bool,
) -> tuple[str, str | None]:
    reporter = according
    quote = next((q for q in quotes if q.content.start <= tok.idx < q.content.end), None)
    if quote is not None and not speaker_is_actor:
        reporter = quote.speaker.name or (quote.speaker.span.text if quote.speaker.span else None)
    elif speech is not None and speakers and not speaker_is_actor:
        reporter = ", ".join(a.name for a in speakers)
    if negated(tok, self.lex):
        return "negated", reporter
    cur = tok
    for _ in range(5):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if self.lex.bases(cur.lower_) & self.denial and cur.pos_ == "VERB":
            return "denied", reporter
    if unverified:
        return "unverified", reporter
    clause = [tok, *(tok.head.children if tok.dep_ in ("xcomp",) else [])]
    for t in [*tok.children, *(c for h in clause for c in h.children)]:
        if t.dep_ == "mark" and t.lower_ in self.hyp_markers:
            return "hypothetical", reporter
    for t in tok.children:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "if" for c in t.children):
            return "hypothetical", reporter
    governor = tok.head if tok.dep_ in ("xcomp", "pcomp", "pobj") else None
    if governor is not None and governor.dep_ == "prep":  # "committed to opening"
        governor = governor.head
    if governor is not None and governor.i != tok.i:
        if self.lex.bases(governor.lower_) & self.failure:
            return "negated", reporter
        if governor.lower_ in self.commitment:
            return "future", reporter
    auxes = [c.lower_ for c in tok.children if c.dep_ == "aux"]
    if tok.dep_ == "xcomp":
        auxes += [c.lower_ for c in tok.head.children if c.dep_ == "aux"]
        if self.lex.bases(tok.head.lower_) & self.future_verbs:
            return "future", reporter
    if any(a in self.future_markers for a in auxes) or ("going" in auxes and "to" in auxes):
        return "future", reporter
    if any(a in self.hyp_modals for a in auxes):
        return "hypothetical", reporter
    if quote is not None and not speaker_is_actor:
        return "claimed", reporter
    if speech is not None and not speaker_is_actor:
        return "claimed", reporter
    return "asserted", reporter


def negated(tok: Token, lex: Lexicon) -> bool:
    if tok.head.lower_ == "of" and tok.head.head.lower_ in ("lack", "absence", "failure"):
        return True  # "the lack of cooperation"
    heads = [tok]
    if tok.dep_ == "xcomp":
        heads.append(tok.head)
    return any(any(c.dep_ == "neg" for c in h.children) for h in heads)


def conditional(tok: Token, markers: set[str]) -> bool:
    """The trigger sits in an "if/unless/whether" clause: a condition, not an intention."""
    if any(c.dep_ == "mark" and c.lower_ in markers for c in tok.children):
        return True
    return tok.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in markers for c in tok.children
    )


def own_condition(tok: Token) -> bool:
    """The trigger carries an "if/unless" clause and no modal of its own."""
    if any(c.dep_ == "aux" and c.lower_ in _OWN_MODALS for c in tok.children):
        return False
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _IF for m in c.children)
        for c in tok.children
    )


def ultimatum(tok: Token) -> bool:
    """The act carries an "unless" clause: "will withdraw its force unless …"."""
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
        for c in tok.children
    )


def states(tok: Token) -> bool:
    """A verb used as a statement ("X protested that …", "…, a group protested"): manual,
    PROTEST: a protest that is only an expression of opinion is ACCUSE."""
    return any(c.dep_ == "ccomp" for c in tok.children) or tok.dep_ == "parataxis"


def held_out(tok: Token, words: set[str]) -> bool:
    """The act is what a "possibility/potential/threat of" names: held out, not done."""
    head = tok.head
    if tok.dep_ not in ("pobj", "pcomp") or head.lower_ != "of":
        return False
    return head.head.lower_ in words or head.head.lower_.rstrip("s") in words


__all__ = ["according_to", "conditional", "held_out", "modality", "negated",
           "own_condition", "speech_head", "states", "ultimatum"]  # fmt: skip
