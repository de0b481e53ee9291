"""When a trigger's event happened, and whether that makes it historical or still to come.

Why: a trigger's date is the time expression of its own clause or of the clauses above it (the
speaker's time for speech events), else the time near a pronoun subject's antecedent, else the
publication date; an asserted event dated long before publication is background history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..model import Article, Mention, TimeExpr
from .event_roles import ActorFinder, governing_time, publication_time, time_bounds

_HISTORICAL_DAYS = 60


def event_date(
    tok: Token,
    actor_tok: Token | None,
    article: Article,
    finder: ActorFinder,
    times: Sequence[TimeExpr],
    speech_forms: set[str],
    allow_speech: bool,
    modality: str,
) -> tuple[TimeExpr | None, bool, str]:
    """The date, whether it is the publication date, and the modality the date implies."""
    date = governing_time(tok, times, speech_forms, allow_speech=allow_speech)
    if (
        date is None
        and actor_tok is not None
        and actor_tok.pos_ == "PRON"
        and tok.i == tok.sent.root.i
    ):
        ante = finder.antecedent(actor_tok)
        if ante is not None:
            date = _time_near(ante, times, tok.doc)
    from_publication = False
    if date is None and article.published is not None:
        date, from_publication = publication_time(article.published), True
    if (
        modality == "asserted"
        and date is not None
        and not from_publication
        and article.published is not None
    ):
        bounds = time_bounds(date.value)
        if bounds is not None:
            published = article.published.date()
            if bounds[1] < published - dt.timedelta(days=_HISTORICAL_DAYS):
                modality = "historical"
            elif bounds[0] > published + dt.timedelta(days=1):
                modality = "future"
    return date, from_publication, modality


def _time_near(mention: Mention, times: Sequence[TimeExpr], sdoc: Doc) -> TimeExpr | None:
    """A time expression in the antecedent's sentence ("claims made on Tuesday by X. He ...")."""
    span = sdoc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    inside = [t for t in times if sent.start_char <= t.span.start < sent.end_char]
    if not inside:
        return None
    return min(inside, key=lambda t: abs(t.span.start - mention.span.start))
