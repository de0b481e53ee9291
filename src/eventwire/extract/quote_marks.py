"""Find quotation-mark regions in text: straight and curly quotes, across paragraphs.

News style continues a quotation over paragraphs by leaving the closing mark off at the end of one
paragraph and opening the next with a fresh mark; such a run is returned as one region. Some
archives (the New York Times' among them) type each quotation mark as two apostrophes; those pair
like straight quotes. This is plain text work (no parse), so it is cheap and testable on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
APOSTROPHE = "'"  # two of them in a row stand for a quotation mark

_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class QuoteRegion:
    """A quotation from its opening mark to its closing mark (both included)."""

    start: int
    end: int  # exclusive; just after the closing mark (or the paragraph end if none)
    closed: bool = True
    width: int = 1  # characters in each mark: 2 for a doubled apostrophe

    def inner(self, text: str) -> str:
        return text[self.start + self.width : self.end - self.width if self.closed else self.end]


def _opens_straight(text: str, i: int) -> bool:
    """A straight quote opens after a space, the start or a bracket, and before a word."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-:/":
        return not after.isspace()
    return False


def _apostrophes(text: str, i: int, end: int) -> int:
    """Length of the run of apostrophes at ``i`` (three close a nested single quote too)."""
    k = i
    while k < end and text[k] == APOSTROPHE:
        k += 1
    return k - i


def _opens_paragraph(text: str, first: int, p_end: int) -> bool:
    """The paragraph starts with a quotation mark (it may continue an open quotation)."""
    if first >= p_end:
        return False
    return text[first] in OPENING or text[first] == STRAIGHT or text.startswith("''", first)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def find_regions(text: str) -> list[QuoteRegion]:
    """All quotation regions of ``text`` in order, joining multi-paragraph quotations."""
    regions: list[QuoteRegion] = []
    last_end = 0
    carried: int | None = None  # opening offset of a quotation still open from a paragraph above
    width = 1  # mark width of the quotation open (or carried) now
    for p_start, p_end in _paragraphs(text):
        first = p_start + (len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip()))
        open_at: int | None = None
        if carried is not None:
            if _opens_paragraph(text, first, p_end):
                open_at = carried  # the quotation goes on in this paragraph
            else:
                # the quotation was never closed: it ends where its paragraph ended
                regions.append(QuoteRegion(carried, last_end, closed=False, width=width))
            carried = None
        i = p_start
        while i < p_end:
            ch = text[i]
            run = _apostrophes(text, i, p_end) if ch == APOSTROPHE else 0
            if run >= 2 and (open_at is None or width == 2):
                if open_at is None:
                    if _opens_straight(text, i):
                        open_at, width = i, 2
                elif not (i == first and open_at < p_start):  # not the re-opening mark
                    regions.append(QuoteRegion(open_at, i + run, width=2))
                    open_at, width = None, 1
                i += run
                continue
            if ch in OPENING:
                if open_at is None:
                    open_at, width = i, 1
                elif i == first and open_at < p_start:
                    pass  # the re-opening mark of a continued quotation
            elif (
                ch == "’"
                and open_at is not None
                and text[open_at] in OPENING
                and (i > 0 and text[i - 1] in ".,!?" and (i + 1 >= p_end or text[i + 1].isspace()))
            ):
                regions.append(QuoteRegion(open_at, i + 1))  # “…’ - a mistyped closing mark
                open_at = None
            elif ch in CLOSING:
                if open_at is not None and width == 1:
                    regions.append(QuoteRegion(open_at, i + 1))
                    open_at = None
            elif ch == STRAIGHT and width == 1:
                if open_at is None:
                    if _opens_straight(text, i):
                        open_at = i
                elif i == first and open_at < p_start:
                    pass
                else:
                    regions.append(QuoteRegion(open_at, i + 1))
                    open_at = None
            i += 1
        if open_at is not None:
            carried = open_at
            last_end = p_end
        else:
            width = 1
    if carried is not None:
        regions.append(QuoteRegion(carried, last_end, closed=False, width=width))
    return regions
