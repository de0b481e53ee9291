"""The story's main event type: the one label of an article (or sentence).

Why: an article codes many events, but a story is about one; news puts the main event first,
so the headline's and lead's events weigh more, and a headline promising a concession is a
story of the concession.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Event
from .event_types import PROMISED_CONTENT

# A headline promising these is a story of the promised act; a promise of support or
# cooperation stays AGREE (manual, AGREE: future SUPPORT/COOPERATE/AID is AGREE).
HEADLINE_CONTENT = {"CONCEDE", "RETREAT"}
HEADLINE_WEIGHT = 16.0
LEAD_WEIGHT = 1.5


def main_type(events: Sequence[Event], headline_end: int = 0, lead_end: int = 0) -> str | None:
    """The story's (or sentence's) main event type: confidence summed per type, with the
    headline's events counting sixteen times (a headline that codes an event decides: news
    puts the main event first) and the lead's 1.5 times, and negated, denied or hypothetical
    events at half weight.

    In a headline, an agreement or promise whose content is a concession or retreat ("Mayor
    promises to end curfew") is a story of that concession: the agreement's weight goes to it.
    Events coded on ``Article.title`` (``evidence.field == "title"``) are headline events.
    """
    agreements = {_where(ev) for ev in events if ev.type == "AGREE"}
    promised: dict[tuple[str, int], str] = {}
    contents: set[int] = set()
    for n, ev in enumerate(events):
        where = _where(ev)
        if ev.modality == "future" and ev.type in PROMISED_CONTENT and where in agreements:
            contents.add(n)
            if _in_headline(ev, headline_end) and ev.type in HEADLINE_CONTENT:
                promised.setdefault(where, ev.type)
    scores: dict[str, float] = {}
    for n, ev in enumerate(events):
        start = ev.evidence.start
        if n in contents:
            continue  # what an agreement promises: the agreement (or, in a headline, it) counts
        weight = 1.0
        if _in_headline(ev, headline_end):
            weight = HEADLINE_WEIGHT
        elif start < lead_end:
            weight = LEAD_WEIGHT
        if ev.modality in ("negated", "denied", "hypothetical"):
            weight *= 0.5
        event_type = ev.type
        if event_type == "AGREE" and _where(ev) in promised:
            event_type = promised[_where(ev)]
        scores[event_type] = scores.get(event_type, 0.0) + ev.confidence * weight
    return max(scores, key=lambda k: scores[k]) if scores else None


def _where(event: Event) -> tuple[str, int]:
    """The sentence an event was coded in (title and text offsets are counted apart)."""
    return event.evidence.field, event.evidence.start


def _in_headline(event: Event, headline_end: int) -> bool:
    """Coded in the text's headline or on ``Article.title``."""
    return event.evidence.field == "title" or event.evidence.start < headline_end
