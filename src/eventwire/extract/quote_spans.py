"""Where a reported statement's content and cue begin and end (PolNeAR's span conventions).

A parse subtree often runs past what the source said: "…remain undecided, which means …",
"…was a mistake, though critics …". Such comma-separated tails are the writer's comment, and
attribution corpora leave them out of the content: the content stops at the first comma (outside
quotation marks) followed by a non-restrictive relative word, a concessive, or "according to".
The cue, in turn, is the whole verbal group ("has repeatedly said", "does not seem"), so the
writer's auxiliaries and negation are never counted as what the source said.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from .quote_marks import QuoteRegion

# words after a comma that open the writer's own addition rather than more of the statement
TAIL_OPENERS = frozenset({"which", "whose", "where", "though", "although", "despite", "according"})
MIN_WORDS_KEPT = 3  # a tail is cut only when this many words of content remain before it


def cut_writer_tail(sdoc: Doc, start: int, end: int, regions: Sequence[QuoteRegion]) -> int:
    """End offset of a content span once a trailing writer's addition is removed."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return end
    words = 0
    for token in span:
        if token.is_alpha:
            words += 1
        if token.text != "," or words < MIN_WORDS_KEPT or token.i + 1 >= span.end:
            continue
        if any(r.start <= token.idx < r.end for r in regions):
            continue
        after = sdoc[token.i + 1]
        if after.lower_ in TAIL_OPENERS:
            return min(end, token.idx)
    return end


# dependents written next to a cue verb that belong to the cue: "has not yet said", "also noted"
_CUE_LEFT_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})
_CUE_RIGHT_DEPS = frozenset({"prt", "neg"})


def cue_extent(cue: Token) -> tuple[int, int]:
    """Offsets of a cue verb with its auxiliaries, negation, adverbs and particle.

    "has repeatedly said", "does not seem", "pointed out": the verbal group is the cue, so what
    the speaker said (the content) never includes the writer's tense and negation words.
    """
    doc = cue.doc
    first = last = cue
    k = cue.i - 1
    while k >= 0 and doc[k].head.i == cue.i and doc[k].dep_ in _CUE_LEFT_DEPS:
        first = doc[k]
        k -= 1
    k = cue.i + 1
    while k < len(doc) and doc[k].head.i == cue.i and doc[k].dep_ in _CUE_RIGHT_DEPS:
        last = doc[k]
        k += 1
    return first.idx, last.idx + len(last.text)
