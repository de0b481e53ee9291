"""Find temporal expressions in text with patterns built from the lexicon.

spaCy's DATE/TIME entities miss many TimeML expressions (durations such as "five-year", vague
references such as "recently", "the quarter") and mis-span others, so the resolver runs these
patterns first and lets spaCy only fill the gaps. Every pattern is a compiled regular expression
run once over the whole text: cheap next to parsing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from .timex_lexicon import alternation, load

# Short month names that are also common words: accepted only in a date-like neighbourhood.
_AMBIGUOUS_MONTHS = {
    "may",
    "march",
    "mar",
    "jan",
    "jun",
    "jul",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
    "feb",
    "apr",
}
_DATE_NEIGHBOUR = re.compile(
    r"(?:\b(?:in|since|by|until|till|through|last|next|this|early|late|mid|of|from|to|before"
    r"|after|during|"
    r"between|and|or|since|each|every)\s*-?\s*$)",
    re.I,
)


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    lex = load()
    full_months = [m for m in lex.months if len(m) > 3 or m == "may"]
    short_months = [
        m for m in lex.months if len(m) <= 4 and m != "may" and m != "june" and m != "july"
    ]
    month = rf"(?:{alternation(full_months)}|(?:{alternation(short_months)})\.)"
    month_before_digit = rf"(?:{alternation(full_months)}|(?:{alternation(short_months)})\.?)"
    weekday = alternation([w for w in lex.weekdays if len(w) > 4])
    season = alternation(lex.seasons)
    pod = r"(?:morning|afternoon|evening|night|mid[\s-]?afternoon|midday)"
    word_number = alternation(
        [n for n in lex.numbers if n not in ("a", "an", "half", "couple", "dozen")]
    )
    number = (
        rf"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|(?:{word_number})(?:[\s-]+(?:and\s+)?(?:{word_number}"
        rf"|a\s+half))*"
        rf"|a\s+(?:few|couple\s+of|dozen)|an?|several|a\s+half|half\s+an?|couple\s+of|few"
        rf"|dozens\s+of)"
    )
    unit = r"(?:second|minute|hour|day|night|week|month|quarter|year|decade|century|centuries)"
    approx = (
        r"(?:(?:about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than"
        r"|fewer\s+than|"
        r"at\s+least|at\s+most|up\s+to|over|just|only|no\s+more\s+than|no\s+less\s+than|within|"
        r"the\s+better\s+part\s+of|a\s+good\s+part\s+of)\s+)?"
    )
    rel = (
        r"(?:this|last|next|past|coming|previous|following|current|same|latest|this\s+past"
        r"|this\s+coming)"
    )
    ordinal = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
    year = r"(?<![\$\d.,#])(?:1[6-9]\d\d|20\d\d)(?![\d,.]\d|\s*(?:%|percent))"
    clock = r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\d{1,2}:\d{2}|noon|midnight)"
    zone = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC)\b)?"
    refs = (
        r"now|right\s+now|currently|recently|formerly|lately|nowadays|these\s+days|"
        r"at\s+present|the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|the\s+past"
        r"|in\s+the\s+past|"
        r"more\s+recently|most\s+recently|(?:then\s+)?current(?!\s+(?:quarter|year|month|week|period|fiscal))"
        r"|recent(?!\s+(?:years|months|weeks|days|decades|quarters|times|past))"
        r"|the\s+(?:near|short|long)\s+term|as\s+soon\s+as\s+possible|a\s+later\s+date"
        r"|year[\s-]end|year's\s+end|(?:quite\s+)?a\s+(?:little\s+|long\s+)?while(?!\s+ago)"
    )
    holiday = alternation(list(lex.holidays) + list(lex.weekday_holidays))
    sources = [
        # ISO and numeric dates
        r"\b\d{4}-\d{2}-\d{2}\b",
        r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b",
        # full calendar dates, optionally with a weekday and a clock time
        rf"\b(?:(?:{clock}{zone}\s*,?\s*)?(?:(?:{weekday}),?\s+)?)?{month_before_digit}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
        rf"(?:\s*,?\s*{year})?",
        rf"\b(?:(?:{weekday}),?\s+)?(?:the\s+)?\d{{1,2}}(?:st|nd|rd"
        rf"|th)?\s+(?:of\s+)?{month}(?:\s*,?\s*{year})?",
        rf"\b(?:(?:early|late|mid|the\s+end\s+of|the\s+beginning\s+of"
        rf"|the\s+middle\s+of)[\s-]+)?{month}\s*,?\s+(?:of\s+)?{year}",
        # months with relative modifiers or alone
        rf"\b(?:(?:last|next|this|early|late|mid|this\s+past|the\s+end\s+of|the\s+middle\s+of"
        rf"|the\s+beginning\s+of)[\s-]+)?"
        rf"{month}(?:\s+(?:of\s+)?(?:this|last|next)\s+year)?\b",
        # clock times, with an optional day
        rf"\b(?:(?:early|late)\s+)?{clock}{zone}(?:\s*,?\s*(?:on\s+)?(?:(?:{weekday})|today"
        rf"|yesterday|tomorrow|tonight))?",
        # weekdays and parts of day
        rf"\b(?:(?:last|next|this|this\s+past|this\s+coming|early|late|the\s+previous"
        rf"|the\s+following)\s+)?(?:{weekday})"
        rf"(?:\s+{pod}s?)?\b",
        rf"\b(?:(?:early|late|earlier|later)\s+)?(?:this|yesterday|tomorrow|last|the\s+next"
        rf"|the\s+following)\s+{pod}\b",
        r"\b(?:tonight|overnight|midday|mid[\s-]?afternoon|(?:(?:early|late|earlier"
        r"|later)\s+)?(?:today|yesterday|tomorrow))\b",
        # relative calendar units
        rf"\b(?:(?:early|late|earlier|later|mid)[\s-]+)?(?:the\s+)?{rel}\s+(?:fiscal\s+"
        rf"|calendar\s+)?"
        r"(?:week(?:end)?|month|year|quarter|decade|century)\b",
        r"\b(?:(?:earlier|later)\s+in\s+the\s+(?:week|month|year|day)|the\s+weekend|the\s+year"
        r"|the\s+quarter)\b",
        rf"\b(?:(?:the|its|a)\s+)?(?:(?:fiscal\s+)?(?:{year}|this\s+year's|last\s+year's"
        rf"|next\s+year's|"
        rf"year[\s-]ago|year[\s-]earlier|latest|current|same"
        rf"|comparable)\s+)?(?:fiscal\s+)?{ordinal}[\s-]+(?:quarter|half)s?\b"
        rf"(?:\s+of\s+(?:fiscal\s+)?(?:{year}|this\s+year|last\s+year|next\s+year))?",
        r"\b(?:the\s+)?(?:comparable\s+|corresponding\s+)?year[\s-](?:ago"
        r"|earlier)(?:\s+(?:quarter|period))?\b",
        # reporting periods: "the latest period", "the 1988 period", "the full year"
        rf"\bthe\s+(?:(?:latest|most\s+recent)\s+period|(?:fiscal|full)\s+year|{year}\s+period)\b",
        # the story's own dates: "that day", "earlier that year", "the next morning"
        rf"\b(?:(?:earlier|later)\s+)?(?:that|the\s+same|that\s+same|that\s+very)\s+"
        rf"(?:day|week|month|year|{pod})\b",
        rf"\bthe\s+(?:next|following|previous|preceding)\s+(?:day|{pod})\b",
        r"\bthe\s+(?:day|week|month|year)\s+(?:before|after)\b(?!\s+(?:yesterday|tomorrow))",
        # seasons
        rf"\b(?:(?:this|last|next|early|late|the|this\s+past|the\s+early|the\s+late)\s+(?:{season})"
        rf"(?:\s+of\s+(?:this|last|next)\s+year|\s+(?:of\s+)?{year})?"
        rf"|(?:{season})\s+(?:of\s+)?{year})\b",
        # offsets: "two days ago", "a year earlier"
        rf"\b{approx}(?:{number})[\s-]+{unit}s?\s+(?:ago|earlier|later|from\s+now)\b",
        # durations: "the past three years", "five-year", "several months"
        rf"\b(?:the\s+)?(?:(?:past|last|next|coming|first|previous|following|latest|final"
        rf"|recent|initial|"
        rf"remaining|additional)\s+(?!within\b|only\b|just\b))?{approx}(?:{number})[\s-]+(?:more\s+"
        rf"|full\s+"
        rf"|consecutive\s+|straight\s+|"
        rf"trading\s+|business\s+)?{unit}s?\b(?:\s+or\s+so)?(?![\s-]+old\b|\s+of\b)",
        # "the first nine months (of 1997)": a stretch even when "of" follows
        rf"\bthe\s+(?:first|last|final)\s+(?:{number})\s+(?:months|weeks|days|years)\b",
        rf"\b(?:the\s+)?(?:past|last|next|coming|recent|previous|following)\s+(?:few\s+"
        rf"|several\s+)?{unit}s\b",
        # years, decades, centuries
        r"\b(?:nineteen|twenty)[\s-]+(?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
        r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?\b",
        rf"\b(?:(?:fiscal|calendar|the\s+year|mid|early|late|pre|post)[\s-]*)?{year}\b(?:'s)?",
        r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:1[6-9]|20)?\d0'?s\b|\bthe\s+'\d0s\b",
        rf"\bthe\s+(?:(?:early|mid|late)[\s-]+)?(?:{alternation(lex.decade_words)})\b",
        r"\b(?:the\s+(?:\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?)|this|last|next)\s+century\b",
        # recurrences and vague references
        rf"\b(?:daily|weekly|annually|yearly|hourly|nightly"
        rf"|every\s+(?:other\s+)?(?:{number}\s+)?{unit}s?|each\s+{unit}|"
        rf"(?:every|each)\s+(?:{weekday}|{month}))\b",
        rf"\b(?:{refs})\b",
        rf"\b(?:{holiday})\b",
    ]
    return tuple(re.compile(source, re.I) for source in sources)


def plausible(text: str, start: int, end: int) -> bool:
    """Reject month-name readings of ordinary words ("may", "march") outside a date context."""
    found = text[start:end]
    words = found.lower().rstrip(".").split()
    if len(words) == 1 and words[0] in _AMBIGUOUS_MONTHS | {"june", "july", "august"}:
        if not found[0].isupper():
            return False
        if words[0] in ("may", "march", "august") and not _DATE_NEIGHBOUR.search(
            text[max(0, start - 20) : start]
        ):
            return False
    if len(words) > 1 and re.search(r"\b(?:may|march)\b", found):
        return False  # "this march" (a parade), "this may": month names are capitalised
    before = text[max(0, start - 12) : start].lower()
    after = text[end : end + 12]
    if words[0] == "a" and words[-1] == "second" and re.match(r"\s+[a-z]", after):
        return False  # "a second group", "a second betrayal": an ordinal, not a unit
    if len(words) > 1 and re.search(r"\s(?:Week|Weeks|Minutes|Hours|Years|Months)\b", found):
        return False  # titles: ABC's "This Week", CBS's "60 Minutes"
    if words[-1] == "noon" and before.endswith("high "):
        return False  # "High Noon"
    # "in his 30s" is an age
    return not (
        re.fullmatch(r"\d0'?s", found) and re.search(r"\b(?:his|her|their|my|your|our)\s+$", before)
    )


def candidates(text: str) -> Iterator[tuple[int, int]]:
    """Non-overlapping (start, end) spans, the longest match winning where patterns overlap."""
    spans: list[tuple[int, int]] = []
    for pattern in _patterns():
        for match in pattern.finditer(text):
            start, end = match.span()
            while end > start and text[end - 1] in " ,-":
                end -= 1
            if end > start and plausible(text, start, end):
                spans.append((start, end))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int]] = []
    for start, end in spans:
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
    yield from sorted(taken)
