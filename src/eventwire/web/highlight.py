"""Cut an article's text into segments, each tagged with the annotations that cover it.

Why segments: annotations overlap (a trigger inside an evidence sentence inside a quote), so the
template renders flat ``<span>`` runs, each with the classes and ids of every covering annotation;
the text itself is always emitted through Jinja's autoescape, never as markup.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

KINDS = ("mention", "place", "time", "quote", "speaker", "cue", "trigger", "evidence")


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(f"a-{k}" for k in self.kinds)


def _spans(doc: dict[str, Any], field: str = "text") -> list[tuple[int, int, str, str]]:
    """(start, end, kind, id) of every span of ``field`` ("text" or "title") in a
    ``Document.to_dict``: offsets into the title must never be drawn over the body."""
    out: list[tuple[int, int, str, str]] = []

    def add(span: dict[str, Any] | None, kind: str, ident: str) -> None:
        if not span or span.get("field", "text") != field:
            return
        start, end = span.get("start"), span.get("end")
        if isinstance(start, int) and isinstance(end, int) and end > start:
            out.append((start, end, kind, ident))

    for i, m in enumerate(doc.get("mentions", [])):
        add(m.get("span"), "mention", f"m{i}")
    for i, p in enumerate(doc.get("places", [])):
        add(p.get("span"), "place", f"p{i}")
    for i, t in enumerate(doc.get("times", [])):
        add(t.get("span"), "time", f"t{i}")
    for i, q in enumerate(doc.get("quotes", [])):
        add(q.get("content"), "quote", f"q{i}")
        add((q.get("speaker") or {}).get("span"), "speaker", f"q{i}")
        add(q.get("cue"), "cue", f"q{i}")
    for i, e in enumerate(doc.get("events", [])):
        add(e.get("evidence"), "evidence", f"v{i}")
        add(e.get("trigger"), "trigger", f"e{i}")
    return out


def segments(text: str, doc: dict[str, Any], field: str = "text") -> list[Segment]:
    """Split ``text`` (the article's ``field``: body or title) at every boundary of that
    field's spans; spans outside the text are clamped to it."""
    n = len(text)
    spans = [(min(s, n), min(e, n), k, i) for s, e, k, i in _spans(doc, field)]
    spans = [s for s in spans if s[1] > s[0]]
    cuts = sorted({0, n, *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    starts: dict[int, list[tuple[int, str, str]]] = {}
    for s, e, k, i in spans:
        starts.setdefault(s, []).append((e, k, i))
    active: list[tuple[int, str, str]] = []
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        active = [x for x in active if x[0] > a]
        active.extend(starts.get(a, []))
        kinds = [k for k in KINDS if any(x[1] == k for x in active)]
        ids = sorted({x[2] for x in active})
        out.append(Segment(text[a:b], kinds, ids))
    return out
