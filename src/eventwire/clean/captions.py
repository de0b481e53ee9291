"""Photo captions and their credits: recognise them so they stay out of the article body.

A caption line in a scraped page usually ends with a credit ("... Reuters", "Photograph: Jane
Doe/AFP", "(AP Photo/John Roe)"). Captions describe a picture, not the news, and they repeat
names and places that would otherwise be counted twice downstream.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Caption
from .patterns import credit_patterns

# File-name-like tokens left where an image was: "05_28_palmyra_01", "GettyImages-123.jpg".
_IMAGE_ID = re.compile(
    r"(?:[\w-]*_[\w-]*|[\w.-]+\.(?:jpe?g|png|gif|webp|avif|tiff?))", re.IGNORECASE
)
_SENTENCE_END = r"[.!?…)\]”\"'’]"
_MAX_CAPTION_CHARS = 600
_MAX_CREDIT_WORDS = 8


def is_image_id(line: str) -> bool:
    """True for a lone file-name-like token (no spaces) that marks where a picture was."""
    return " " not in line and len(line) <= 120 and _IMAGE_ID.fullmatch(line) is not None


@lru_cache(maxsize=1)
def _caption_res() -> tuple[re.Pattern[str], ...]:
    credits = credit_patterns()
    agency = rf"(?:{credits.agencies})"
    label = rf"(?:{credits.labels})"
    name = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4}"
    return (
        # "... Photograph: Jane Doe/AFP" / "... Photo by John Roe" / "(Photo: X)"
        re.compile(
            rf"(?P<text>(?:.*{_SENTENCE_END})?)[\s(\[–—-]*(?i:{label})\s*(?:by\s+|:\s*)"
            r"(?P<credit>[A-Z©][^()\[\]]{1,80}?)[)\]]?\.?"
        ),
        # "... (AP Photo/Jane Doe)" / "... [Reuters]"
        re.compile(
            rf"(?P<text>.*?)\s*[(\[](?P<credit>{agency}(?:\s*/\s*[^()\[\]]{{1,60}})?)[)\]]\.?"
        ),
        # "... on Tuesday. Jane Doe/Reuters" / "... Jane Doe for The Guardian/AFP"
        re.compile(
            rf"(?P<text>.*{_SENTENCE_END})\s+(?P<credit>{name}\s*/\s*{agency}(?: via {agency})?)"
        ),
        # "... has... Reuters" / "... in Kyiv. AFP via Getty Images"
        re.compile(
            rf"(?P<text>.*{_SENTENCE_END})\s+"
            rf"(?P<credit>{agency}(?: via {agency})?(?:\s*/\s*{name})?)"
        ),
        # BBC style: "Image caption, Protesters gathered ..."
        re.compile(r"(?:image|photo|picture) caption[,:]?\s+(?P<text>.+)", re.IGNORECASE),
    )


def split_caption(line: str) -> Caption | None:
    """The caption in ``line`` with its credit split off, or None when it is not a caption."""
    line = line.strip()
    if not line or len(line) > _MAX_CAPTION_CHARS:
        return None
    for pattern in _caption_res():
        match = pattern.fullmatch(line)
        if match is None:
            continue
        text = match.group("text").strip(" \t,;–—-")
        credit = match.groupdict().get("credit")
        credit = credit.strip(" .,;") if credit else None
        if credit and len(credit.split()) > _MAX_CREDIT_WORDS:
            continue
        if not text and not credit:
            continue
        return Caption(text=text, credit=credit or None)
    return None


_IMAGE_SOURCE = re.compile(r"(?:image|photo|picture) (?:source|credit)[,:]?\s+(?P<credit>.+)", re.I)


def image_source_credit(line: str) -> str | None:
    """The credit in a BBC-style "Image source, Reuters" line, else None."""
    match = _IMAGE_SOURCE.fullmatch(line.strip())
    return match.group("credit").strip() if match else None
