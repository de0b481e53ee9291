"""Normalise one temporal expression to a TIMEX3 value against an anchor date.

The rules follow the TimeML 1.2 / TimeBank conventions: calendar values at the granularity the
text gives ("last month" -> ``2016-11``, "earlier this week" -> ``2016-W50``, "the spring of this
year" -> ``2016-SP``), durations as ISO periods ("three years" -> ``P3Y``), recurrences as SET
periods ("daily" -> ``P1D``) and vague references as ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``.
Expressions whose value depends on the anchor are resolved only when an anchor is given: without
one the value is the unanchored form ("April 1" -> ``XXXX-04-01``) or ``None``, never a guess
from today's date.

Tense picks the direction of ambiguous references: news reports in the past tense, so a bare
"Friday" is the most recent Friday on or before publication, while "will meet on Monday" is the
next Monday.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from .timex_durations import DurationRules
from .timex_lexicon import Lexicon, alternation, load

Tense = str  # "past", "present", "future"


@dataclass(frozen=True)
class Normalized:
    value: str | None
    granularity: str | None
    relative: bool  # True when the value depended on the anchor (or needed one)


_NONE = Normalized(None, None, False)


@dataclass(frozen=True)
class Narrative:
    """What the text was last talking about, for expressions TimeML anchors there.

    "that day", "two days later", "the following year" refer to the last date the story
    mentioned, not to publication; "the quarter" and "a year earlier" in an earnings story refer
    to the (possibly fiscal) quarter it named. ``date`` is the last calendar value (``1995``,
    ``1995-03``, ``1995-03-14``), ``quarter`` the last fiscal quarter named ("the fiscal first
    quarter"): calendar quarters are the default, fiscal ones have to be read from the text.
    """

    date: str | None = None
    quarter: str | None = None
    day: str | None = None  # the last day-precise date, for "that day" after "the next year"


_FISCAL_QUARTER = re.compile(
    r"\bfiscal\b.*\b(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter", re.I
)
_YEAR_AGO_WORDS = re.compile(r"year[\s-]+(?:ago|earlier)|last year|prior|previous", re.I)


_STORY_DIRECTIONS = ("later", "after")
_DEADLINE_WORDS = frozenset(
    {"by", "through", "until", "till", "effective", "starting", "beginning"}
)


def _next_from_publication(expression: str, unit: str) -> bool:
    """ "the next year/month/week" counts from publication, unlike "the next day" (the story's)."""
    return bool(re.search(r"\bnext\b", expression)) and unit in ("week", "month", "year")


def advance(narrative: Narrative | None, expression: str, value: str | None) -> Narrative:
    """The narrative state after ``expression`` (read as ``value``) has been mentioned."""
    state = narrative or Narrative()
    if value is None:
        return state
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:$|T)", value)
    if match:
        date = value[: match.end()].rstrip("T")
        state = Narrative(date, state.quarter, date if match.group(3) else state.day)
    if (
        re.fullmatch(r"\d{4}-Q[1-4]", value)
        and _FISCAL_QUARTER.search(expression)
        and not _YEAR_AGO_WORDS.search(expression)
    ):
        state = Narrative(state.date, value, state.day)
    return state


# Words that qualify an expression without changing its TIMEX3 value (TimeML puts them in "mod").
_MODIFIERS = re.compile(
    r"^(?:(?:about|around|approximately|roughly|nearly|almost|some|just|only|fully|"
    r"more than|less than|fewer than|at least|at most|up to|no more than|over|under|within|"
    r"the better part of|a good part of|much of|most of|all of|part of|"
    r"the (?:very )?(?:end|beginning|start|middle|close|dawn|turn|rest|remainder) of|"
    r"(?:end|beginning|start|middle|close|rest) of|by the end of|as early as|as late as|"
    r"early|late|mid|middle|earlier|later|pre|post|in|on|at|since|during|until|till|by|from|"
    r"of|for|throughout|before|after|this past|the same|that same|same|sometime|some time|"
    r"an additional|another|a full|the full|full|whole|the whole|entire|the entire|"
    r"fiscal|the fiscal|calendar|the calendar|trading|business|working|each of|in each of|"
    r"(?:the )?(?:first|second|last|latter|final) half of|"
    r"(?:the )?(?:first|second|third|fourth|last|final) quarter of)\s+)+"
)
_TRAILING = re.compile(
    r"\s+(?:or so|or later|or earlier|or more|or less|and beyond|and counting|or two|"
    r"old|long|ahead|in a row|running|straight|to come|from now on|so far)$"
)
_PREPOSITION = re.compile(r"^(?:in|on|at|since|during|until|till|by|from|of|for|throughout)\s+")


def granularity_of(value: str | None) -> str | None:
    """The calendar unit a TIMEX3 value is stated in (day, week, month, year...)."""
    if value is None:
        return None
    if value.endswith("_REF"):
        return "reference"
    if value.startswith("P"):
        return "duration"
    if "T" in value:
        return "time" if re.search(r"T\d", value) else "part_of_day"
    patterns = (
        (r"^[\dX]{4}-[\dX]{2}-[\dX]{2}$", "day"),
        (r"^[\dX]{4}-W[\dX]{1,2}-WE$", "weekend"),
        (r"^[\dX]{4}-W[\dX]{1,2}-\d$", "day"),
        (r"^[\dX]{4}-W[\dX]{1,2}$", "week"),
        (r"^[\dX]{4}-[\dX]{2}$", "month"),
        (r"^[\dX]{4}-(SP|SU|FA|WI)$", "season"),
        (r"^[\dX]{4}-Q[\dX]$", "quarter"),
        (r"^[\dX]{4}-H[\dX]$", "half"),
        (r"^[\dX]{4}$", "year"),
        (r"^[\dX]{3}$", "decade"),
        (r"^[\dX]{2}$", "century"),
    )
    for pattern, name in patterns:
        if re.match(pattern, value):
            return name
    return None


def normalize(
    expression: str,
    anchor: dt.date | None,
    *,
    tense: str | None = None,
    context: str | None = None,
    narrative: Narrative | None = None,
) -> tuple[str | None, str | None]:
    """TIMEX3 value and granularity of ``expression`` read against ``anchor`` (a pure function).

    ``tense`` ("past", "present", "future") is the tense of the clause the expression sits in;
    when it is None and ``context`` (the sentence) is given, a light guess is made from the
    context. ``context`` also lets financial reporting ("a year earlier" next to "quarter") be
    read the way TimeBank reads it.
    """
    result = normalize_full(expression, anchor, tense=tense, context=context, narrative=narrative)
    return result.value, result.granularity


def normalize_full(
    expression: str,
    anchor: dt.date | None,
    *,
    tense: str | None = None,
    context: str | None = None,
    narrative: Narrative | None = None,
) -> Normalized:
    """Like :func:`normalize`, and also says whether the value depended on the anchor."""
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    text = _clean(expression)
    if not text:
        return _NONE
    if tense is None and context:
        tense = guess_tense(context, expression)
    context_lower = (context or "").lower()
    lead = _lead_word(context_lower, expression.lower())
    rules = _Rules(load(), anchor, tense, context_lower, narrative or Narrative(), lead)
    return rules.run(text)


def _lead_word(context: str, expression: str) -> str:
    """The word just before the expression in its context ("by", "through", "since"...)."""
    index = context.rfind(expression)
    if index <= 0:
        return ""
    words = context[:index].split()
    return words[-1] if words else ""


_FUTURE_CUE = re.compile(
    r"\b(will|'ll|shall|going to|plans? to|planned for|scheduled|expected to|expects? to|is to"
    r"|are to|"
    r"due to|set to|intends? to|upcoming)\b",
    re.I,
)
_PAST_CUE = re.compile(
    r"\b(was|were|had|did|said|told|announced|reported|ago|last|earlier|yesterday|"
    r"\w+ed)\b",
    re.I,
)


def guess_tense(context: str, expression: str | None = None) -> str:
    """A light tense guess from the words around the expression (used without a parse)."""
    window = context
    if expression:
        index = context.rfind(expression)
        if index >= 0:
            window = context[max(0, index - 50) : index + len(expression) + 30]
    if _FUTURE_CUE.search(window):
        return "future"
    if _PAST_CUE.search(window):
        return "past"
    return "present"


# --------------------------------------------------------------------------------------------
# Cleaning


_SPELLED_YEAR = re.compile(
    r"\b(nineteen|twenty)\s+(ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:\s+(one|two|three|four|five|six|seven|eight|nine))?\b"
)
_TENS = {
    "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip


def _spelled_year(match: re.Match[str]) -> str:
    century = 19 if match.group(1) == "nineteen" else 20
    return str(century * 100 + _TENS[match.group(2)] + _ONES.get(match.group(3) or "", 0))


def _clean(expression: str) -> str:
    text = expression.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"(?<=[a-z])-(?=[a-z0-9])|(?<=[0-9])-(?=[a-z])", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .,;:!?\"'()")
    text = re.sub(r"\b(a|p)\.m\b\.?", r"\1m", text)
    text = _SPELLED_YEAR.sub(_spelled_year, text)
    text = re.sub(r"\b(?:the )?year two thousand\b", "2000", text)
    return text


# --------------------------------------------------------------------------------------------
# Calendar helpers


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _season_of(day: dt.date) -> tuple[int, str]:
    """Meteorological season; a winter is labelled by the year its December falls in."""
    if day.month in (3, 4, 5):
        return day.year, "SP"
    if day.month in (6, 7, 8):
        return day.year, "SU"
    if day.month in (9, 10, 11):
        return day.year, "FA"
    return (day.year if day.month == 12 else day.year - 1), "WI"


_SEASON_ORDER = ("SP", "SU", "FA", "WI")


# --------------------------------------------------------------------------------------------
# The rules


@functools.lru_cache(maxsize=1)
def _fragments() -> tuple[str, str, str, str, str]:
    """Regex pieces built from the lexicon once per process (months, weekdays, ...)."""
    lex = load()
    number = (
        r"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|"
        + alternation(list(lex.numbers) + list(lex.vague_numbers) + ["a couple of", "couple of"])
        + r")(?:\s+(?:and\s+)?(?:a\s+half|"
        + alternation(lex.numbers)
        + r"))*"
    )
    return (
        alternation(lex.months),
        alternation(lex.weekdays),
        alternation(lex.seasons),
        alternation(lex.units),
        number,
    )


class _Rules(DurationRules):
    """One expression's normalisation: try each reading in order, first match wins."""

    def __init__(
        self,
        lex: Lexicon,
        anchor: dt.date | None,
        tense: str | None,
        context: str,
        narrative: Narrative,
        lead: str = "",
    ):
        self.lex = lex
        self.narrative = narrative
        self.lead = lead
        self.anchor = anchor
        self.tense = tense
        self.context = context
        self.month_re, self.weekday_re, self.season_re, self.unit_re, self.number_re = _fragments()

    # -- entry ---------------------------------------------------------------------------------

    def run(self, text: str) -> Normalized:
        for candidate in self._variants(text):
            result = self._try(candidate)
            if result is not None:
                return result
        return _NONE

    def _variants(self, text: str) -> list[str]:
        """The text, then the text without value-neutral modifiers (TimeML's ``mod``)."""
        variants = [text]
        stripped = _TRAILING.sub("", text)
        stripped = _MODIFIERS.sub("", stripped).strip()
        stripped = _TRAILING.sub("", stripped)
        if stripped and stripped != text:
            variants.append(stripped)
            if stripped.startswith("the "):
                variants.append(stripped[4:])
        if text.startswith("the "):
            variants.append(text[4:])
        return variants

    def _try(self, s: str) -> Normalized | None:
        for rule in (
            self._set,
            self._reference,
            self._vague,
            self._conjoined_day,
            self._holiday,
            self._numeric_date,
            self._clock_time,
            self._story_reference,
            self._part_of_day,
            self._day_word,
            self._year_end,
            self._offset,
            self._year_ago_period,
            self._week_of,
            self._period_word,
            self._quarter,
            self._relative_unit,
            self._season,
            self._weekday,
            self._month,
            self._decade,
            self._year,
            self._duration,
            self._duration_range,
        ):
            result = rule(s)
            if result is not None:
                return result
        return None

    # -- building values -------------------------------------------------------------------------

    def _value(self, value: str | None, relative: bool) -> Normalized:
        return Normalized(value, granularity_of(value), relative)

    def _relative(self, make: object, unanchored: str | None = None) -> Normalized:
        """A value computed from the anchor, or the unanchored form when there is none."""
        if self.anchor is None:
            if unanchored is None and callable(make):
                # Still say what kind of value it would be: compute one on a dummy anchor.
                return Normalized(None, granularity_of(make(dt.date(2000, 6, 15))), True)
            return Normalized(unanchored, granularity_of(unanchored) if unanchored else None, True)
        assert callable(make)
        return self._value(make(self.anchor), True)

    def _number(self, words: str) -> float | str | None:
        """ "twenty four" -> 24, "two and a half" -> 2.5, "several" -> "X"."""
        words = words.strip()
        if words.startswith(("a couple", "couple")):
            return 2
        if words in self.lex.vague_numbers or words.startswith(("a few", "few", "several", "some")):
            return "X"
        total = 0.0
        current = 0.0
        seen = False
        for token in re.findall(r"\d+/\d+|\d+(?:\.\d+)?|[a-z]+", words):
            if token in ("and", "of"):
                continue
            if "/" in token:
                numerator, denominator = token.split("/")
                current += int(numerator) / int(denominator)
                seen = True
            elif token[0].isdigit():
                current += float(token)
                seen = True
            elif token == "half":
                current = current + 0.5 if seen else 0.5
                seen = True
            elif token in ("hundred", "thousand"):
                current = (current or 1) * self.lex.numbers[token]
                if token == "thousand":
                    total += current
                    current = 0
                seen = True
            elif token in self.lex.numbers:
                number = self.lex.numbers[token]
                if token in ("a", "an") and seen:
                    continue
                current += number
                seen = True
            else:
                return None
        return total + current if seen else None

    def _direction(self) -> int:
        """-1 to look back (past tense, the news default), +1 forward, 0 for the nearest."""
        if self.tense == "future":
            return 1
        if self.tense == "present":
            return 0
        return -1

    # -- the story's own dates ------------------------------------------------------------------

    def _story(self) -> tuple[dt.date, str] | None:
        """The date the text last talked about and its granularity; publication by default."""
        value = self.narrative.date
        if value:
            parts = [int(p) for p in value.split("-")]
            if len(parts) == 3:
                return dt.date(*parts), "day"
            if len(parts) == 2:
                return dt.date(parts[0], parts[1], 1), "month"
            return dt.date(parts[0], 7, 1), "year"
        if self.anchor is not None:
            return self.anchor, "day"
        return None

    def _story_value(self, make: object, needs: str) -> Normalized | None:
        """``make(base)`` on the story's date when it is precise enough, else on publication."""
        story = self._story()
        order = ("year", "month", "day")
        if needs == "day" and self.narrative.day:
            story = dt.date.fromisoformat(self.narrative.day), "day"
        if story is not None and order.index(story[1]) >= order.index(needs):
            base = story[0]
        elif self.anchor is not None:
            base = self.anchor
        else:
            return Normalized(None, None, True)
        assert callable(make)
        return self._value(make(base), True)

    def _story_reference(self, s: str) -> Normalized | None:
        """ "that day", "the same month", "the following year", "the next morning"."""
        units = "day|week|month|year|morning|afternoon|evening|night"
        step = 0
        match = re.fullmatch(
            rf"(?:(?:earlier|later|late|early)\s+)?(?:on\s+)?(?:that|the same|that same|"
            rf"the very same|that very|the very)\s+(?P<unit>{units})",
            s,
        )
        if match is None:
            match = re.fullmatch(
                rf"(?:the\s+)?(?P<rel>following|next|previous|preceding|prior)\s+(?P<unit>{units})"
                rf"|the\s+(?P<unit2>{units})\s+(?P<rel2>after|before)",
                s,
            )
            if match is None:
                return None
            rel = match.group("rel") or match.group("rel2")
            step = 1 if rel in ("following", "next", "after") else -1
        unit = match.group("unit") or match.group("unit2")
        if _next_from_publication(s, unit):
            return None
        if unit in ("day", "morning", "afternoon", "evening", "night"):
            suffix = "" if unit == "day" else "T" + self.lex.parts_of_day[unit]
            return self._story_value(
                lambda b: (b + dt.timedelta(days=step)).isoformat() + suffix, "day"
            )
        if unit == "week":
            return self._story_value(lambda b: _week(b + dt.timedelta(weeks=step)), "day")
        if unit == "month":
            return self._story_value(
                lambda b: "{:04d}-{:02d}".format(*_shift_months(b.year, b.month, step)), "month"
            )
        return self._story_value(lambda b: f"{b.year + step:04d}", "year")

    # -- rules -----------------------------------------------------------------------------------

    def _reference(self, s: str) -> Normalized | None:
        kind = self.lex.references.get(s)
        if kind is None:
            match = re.fullmatch(
                r"(?:in |over |during )?(?:the )?(recent|past|coming|next few|next several|"
                r"past few|past several|last few|last several|few|several)\s+"
                r"(days|weeks|months|years|decades|times|quarters)",
                s,
            )
            if match and match.group(2) != "times":
                # TimeBank reads "recent years", "the coming weeks" as vague durations.
                unit_code = {
                    "days": "D",
                    "weeks": "W",
                    "months": "M",
                    "years": "Y",
                    "decades": "DE",
                    "quarters": "Q",
                }[match.group(2)]
                return self._value(f"PX{unit_code}", False)
            match = re.fullmatch(
                r"(days|weeks|months|years|decades)\s+(?:or|to)\s+(?:days|weeks|months|years|decades)",
                s,
            )
            if match:
                # "weeks or months": a vague stretch counted in the smaller unit named first.
                return self._value(f"PX{match.group(1)[0].upper()}", False)
            match = re.fullmatch(rf"(?:the\s+)?(?:{alternation(self.lex.ordinals)})\s+quarters", s)
            if match or re.fullmatch(r"(?:first|second|third|fourth)", s):
                return self._ordinal_quarters(s)
        if kind is None:
            return None
        return self._value(kind, True)

    def _ordinal_quarters(self, s: str) -> Normalized | None:
        """ "(usually in) the second and fourth quarters": a quarter of every year (a SET)."""
        ordinal = self.lex.ordinals.get(s.split()[-2] if s.endswith("quarters") else s)
        if ordinal is None or ordinal > 4:
            return None
        if s.endswith("quarters") or re.search(
            rf"\b{s}\s+(?:and|or)\s+(?:the\s+)?(?:first|second|third|fourth)\s+quarters\b",
            self.context,
        ):
            return self._value(f"XXXX-Q{ordinal}", False)
        return None

    def _vague(self, s: str) -> Normalized | None:
        """Phrases read as a whole: "a while", "a fairly lengthy period" (``PXX``), "this crucial
        moment" (now), "one day" said of the future, "future quarters", and "the eighth day" of
        something in the present tense ("today is the eighth day of the blockade")."""
        if s in self.lex.vague_durations:
            return self._value(self.lex.vague_durations[s], False)
        if re.fullmatch(
            r"(?:a|an)\s+(?:\w+ly\s+)?(?:long|lengthy|extended|prolonged|brief|short|considerable"
            r"|indefinite|limited)\s+(?:period(?:\s+of\s+time)?|stretch|spell)",
            s,
        ):
            return self._value("PXX", False)
        if re.fullmatch(r"(?:at\s+)?this\s+(?:[a-z]+\s+)?(?:moment|juncture)", s):
            return self._value("PRESENT_REF", True)
        if s in ("one day", "some day", "one of these days") and self.tense == "future":
            return self._value("FUTURE_REF", True)
        if re.fullmatch(r"future\s+(?:days|weeks|months|quarters|years|decades|generations)", s):
            return self._value("FUTURE_REF", True)
        match = re.fullmatch(
            rf"(?:the\s+)?({alternation(self.lex.ordinals)})\s+(?:straight\s+|consecutive\s+)?day",
            s,
        )
        if match and self.tense == "present":
            return self._relative(lambda a: a.isoformat(), None)
        return None

    def _pluperfect(self) -> bool:
        """Whether the clause is told in the past perfect ("had filed reports by Wednesday")."""
        return bool(re.search(r"\b(?:had|'d)\b", self.context.split(". ")[-1]))

    def _conjoined_day(self, s: str) -> Normalized | None:
        """ "25" in "April 24 and 25": the day of the month named just before it."""
        if not self.context or not re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", s):
            return None
        match = re.search(
            rf"\b({self.month_re})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*(?:and|or|to|through|-)"
            rf"\s*{re.escape(s)}\b",
            self.context,
        )
        return self._month(f"{match.group(1)} {s}") if match else None

    def _holiday(self, s: str) -> Normalized | None:
        match = re.fullmatch(r"(?:(last|this|next)\s+)?(.+?)(?:\s+(\d{4}))?", s)
        if match and match.group(2) in self.lex.weekday_holidays:
            return self._weekday_holiday(match.group(2), match.group(1), match.group(3))
        if not match or match.group(2) not in self.lex.holidays:
            return None
        month, day = self.lex.holidays[match.group(2)]
        if match.group(3):
            return self._value(f"{match.group(3)}-{month:02d}-{day:02d}", False)
        return self._relative(
            lambda a: self._pick_date(a, month, day, match.group(1)).isoformat(),
            f"XXXX-{month:02d}-{day:02d}",
        )

    def _weekday_holiday(self, name: str, rel: str | None, year_text: str | None) -> Normalized:
        """Holidays such as Thanksgiving, the n-th weekday of a month."""
        month, weekday, nth = self.lex.weekday_holidays[name]
        after = dt.timedelta(days=self.lex.holiday_offsets.get(name, 0))

        def on(year: int) -> dt.date:
            if nth > 0:
                first = dt.date(year, month, 1)
                return (
                    first
                    + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
                    + after
                )
            last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7) + after

        if year_text:
            return self._value(on(int(year_text)).isoformat(), False)

        def make(a: dt.date) -> str:
            past = max(d for d in (on(a.year - 1), on(a.year)) if d <= a)
            future = min(d for d in (on(a.year), on(a.year + 1)) if d > a)
            if rel == "next" or (
                rel != "last" and self._lean_future((a - past).days, (future - a).days, 365)
            ):
                return future.isoformat()
            return past.isoformat()

        return self._relative(make, None)

    def _numeric_date(self, s: str) -> Normalized | None:
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
        if match:
            return self._value(s, False)
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", s)
        if match:
            month, day, year = (int(g) for g in match.groups())
            if year < 100:
                year += 1900 if year > 30 else 2000
            if 1 <= month <= 12 and 1 <= day <= 31:
                return self._value(f"{year}-{month:02d}-{day:02d}", False)
        return None

    def _clock_time(self, s: str) -> Normalized | None:
        zone = r"(?:\s+(?:[a-z]{1,2}[sd]t|gmt|utc|local time|local|[a-z]+ time))?"
        match = re.fullmatch(
            rf"(?:(?P<pre>.+?)\s+)?(?:at\s+)?(?P<clock>(?:\d{{1,2}}(?::\d{{2}})?\s*(?:am|pm"
            rf"|a m|p m)"
            rf"|\d{{1,2}}:\d{{2}}|noon|midnight|\d{{1,2}} o'?clock"
            rf"|\d{{1,2}}\s+(?:in the morning|at night"
            rf"|in the evening|in the afternoon))){zone}(?:,?\s+(?:on\s+)?(?P<post>.+))?",
            s,
        )
        if not match:
            return None
        clock = match.group("clock")
        if clock == "noon":
            hour, minute = 12, 0
        elif clock == "midnight":
            hour, minute = 0, 0
        else:
            numbers = re.findall(r"\d+", clock)
            hour = int(numbers[0])
            minute = int(numbers[1]) if len(numbers) > 1 else 0
            if re.search(r"pm|p m|evening|afternoon|at night", clock) and hour < 12:
                hour += 12
            if re.search(r"am|a m|morning", clock) and hour == 12:
                hour = 0
        if hour > 23 or minute > 59:
            return None
        rest = match.group("post") or match.group("pre")
        time = f"T{hour:02d}:{minute:02d}"
        if clock == "midnight" and rest:
            time = "T24:00"  # "midnight Friday" closes Friday (TimeML's T24)
        if rest:
            day = self._try(rest)
            if day is None or granularity_of(day.value) != "day":
                return None
            if day.value is None:
                return Normalized(None, "time", True)
            return self._value(day.value + time, day.relative)
        if self.narrative.day is not None:
            # "at 10:35 a.m." alone: on the day the story is at (TimeML's reference time).
            return self._story_value(lambda b: b.isoformat() + time, "day")
        return self._relative(lambda a: a.isoformat() + time, "XXXX-XX-XX" + time)

    def _part_of_day(self, s: str) -> Normalized | None:
        if s == "tonight":
            return self._relative(lambda a: a.isoformat() + "TNI", "XXXX-XX-XXTNI")
        if s in ("last night", "overnight"):
            return self._relative(lambda a: (a - dt.timedelta(days=1)).isoformat() + "TNI", None)
        pod_re = alternation(self.lex.parts_of_day)
        match = re.fullmatch(rf"(?:(?P<pre>.+?)\s+)?(?P<pod>{pod_re})(?:\s+(?P<post>.+))?", s)
        if not match:
            return None
        code = self.lex.parts_of_day[match.group("pod")]
        rest = match.group("pre") or match.group("post")
        if rest is None or rest in (
            "this",
            "the",
            "in the",
            "that",
            "a",
            "one",
            "the same",
            "early",
            "late",
            "this past",
            "earlier this",
            "later this",
        ):
            if rest in ("the", "that", "the same"):
                # "the morning", "that night": the day the text was talking about.
                return self._story_value(lambda b: b.isoformat() + "T" + code, "day")
            return self._relative(lambda a: a.isoformat() + "T" + code, None)
        if rest in ("last", "yesterday"):
            return self._relative(
                lambda a: (a - dt.timedelta(days=1)).isoformat() + "T" + code, None
            )
        if rest == "tomorrow":
            return self._relative(
                lambda a: (a + dt.timedelta(days=1)).isoformat() + "T" + code, None
            )
        if rest in ("next", "the next", "the following"):
            return self._relative(
                lambda a: (a + dt.timedelta(days=1)).isoformat() + "T" + code, None
            )
        day = self._try(rest)
        if day is None or granularity_of(day.value) != "day":
            return None
        if day.value is None:
            return Normalized(None, "part_of_day", True)
        return self._value(day.value + "T" + code, day.relative)

    def _year_end(self, s: str) -> Normalized | None:
        """ "year-end", "the year's end", "the full year": the year (END is TimeML's ``mod``)."""
        if not re.fullmatch(
            r"(?:the\s+)?(?:year\s+end|year's\s+end|end\s+of\s+the\s+year|full(?:\s+fiscal)?"
            r"\s+year)",
            s,
        ):
            return None

        def make(a: dt.date) -> str:
            # Early in a year, a past-tense "year-end" is the one just closed.
            return f"{a.year - 1 if a.month <= 2 and self.tense == 'past' else a.year}"

        return self._relative(make, None)

    def _day_word(self, s: str) -> Normalized | None:
        offsets = {
            "today": 0, "this day": 0, "yesterday": -1, "tomorrow": 1,
            "the day before yesterday": -2, "day before yesterday": -2,
            "the day after tomorrow": 2, "day after tomorrow": 2,
        }  # fmt: skip
        if s in offsets:
            delta = offsets[s]
            return self._relative(lambda a: (a + dt.timedelta(days=delta)).isoformat(), None)
        return None

    def _offset(self, s: str) -> Normalized | None:
        """ "two days ago", "three years earlier", "a week from now"."""
        match = re.fullmatch(
            rf"(?:(?:the|a)\s+)?(?:(?P<num>{self.number_re})\s+)?(?P<unit>{self.unit_re})s?\s+"
            r"(?:or (?:so|two|more)\s+)?(?P<dir>ago|earlier|before|back|previously|later|after"
            r"|from now|hence|from today|on|since)",
            s,
        )
        if not match:
            return None
        number = self._number(match.group("num")) if match.group("num") else 1
        if number is None:
            return None
        sign = -1 if match.group("dir") in ("ago", "earlier", "before", "back", "previously") else 1
        if number == "X":
            return self._value("PAST_REF" if sign < 0 else "FUTURE_REF", True)
        unit = match.group("unit")
        amount = float(number)
        if unit == "year" and amount == 1 and "quarter" in self.context and self.anchor:
            year, quarter = self._reporting_quarter(self.anchor)
            return self._value(f"{year - 1}-Q{quarter}", True)
        if match.group("dir") in _STORY_DIRECTIONS and self._story() is not None:
            # "two days later", "three years after": counted from the date the story is at.
            needs = (
                "day"
                if unit in ("day", "night", "week", "hour", "minute", "second")
                else ("month" if unit in ("month", "quarter") else "year")
            )
            return self._story_value(lambda b: self._shift(b, unit, sign * amount), needs)
        return self._relative(lambda a: self._shift(a, unit, sign * amount), None)

    def _shift(self, anchor: dt.date, unit: str, amount: float) -> str | None:
        if unit in ("day", "night"):
            return (anchor + dt.timedelta(days=round(amount))).isoformat()
        if unit == "week":
            return (anchor + dt.timedelta(weeks=amount)).isoformat()
        if unit == "month":
            year, month = _shift_months(anchor.year, anchor.month, round(amount))
            return f"{year:04d}-{month:02d}"
        if unit == "quarter":
            year, month = _shift_months(anchor.year, anchor.month, round(amount * 3))
            return f"{year:04d}-Q{(month - 1) // 3 + 1}"
        if unit == "year":
            return f"{anchor.year + round(amount):04d}"
        if unit == "decade":
            return f"{anchor.year + round(amount * 10):04d}"
        if unit == "century":
            return f"{anchor.year + round(amount * 100):04d}"
        if unit in ("hour", "minute", "second"):
            return anchor.isoformat()
        return None

    def _reporting_quarter(self, anchor: dt.date) -> tuple[int, int]:
        """The quarter financial news reports on: the one the story named ("the fiscal second
        quarter"), else the last one closed some weeks before publication."""
        named = self.narrative.quarter
        if named is not None:
            year, quarter = named.split("-Q")
            return int(year), int(quarter)
        return _quarter(anchor - dt.timedelta(days=45))

    def _week_of(self, s: str) -> Normalized | None:
        """ "the week of March 6": the ISO week holding that day."""
        match = re.fullmatch(r"(?:the\s+)?week\s+of\s+(.+)", s)
        if not match:
            return None
        day = self._try(match.group(1))
        if (
            day is None
            or day.value is None
            or granularity_of(day.value) != "day"
            or "X" in day.value
        ):
            return None
        return self._value(_week(dt.date.fromisoformat(day.value[:10])), day.relative)

    def _period_word(self, s: str) -> Normalized | None:
        """ "the latest period" in quarterly reporting is the quarter being reported."""
        if re.fullmatch(r"(?:the\s+)?(?:latest|most recent)\s+period", s) or (
            "quarter" in self.context
            and re.fullmatch(r"(?:the\s+)?(?:same|current|recent|comparable)\s+period", s)
        ):
            return self._relative(lambda a: "{}-Q{}".format(*self._reporting_quarter(a)), None)
        if "quarter" not in self.context:
            # "the 1988 period" next to "the first nine months": the year it stands for.
            match = re.fullmatch(r"(?:the\s+)?(\d{4})\s+period", s)
            return self._value(match.group(1), False) if match else None
        match = re.fullmatch(r"(?:the\s+)?(\d{4})\s+(?:period|quarter)", s)
        if match:
            year = int(match.group(1))

            def same_quarter(a: dt.date) -> str:
                return f"{year}-Q{self._reporting_quarter(a)[1]}"

            return self._relative(same_quarter, None)
        if re.fullmatch(r"(?:the\s+)?(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)", s):

            def year_before(a: dt.date) -> str:
                year, quarter = self._reporting_quarter(a)
                return f"{year - 1}-Q{quarter}"

            return self._relative(year_before, None)
        return None

    def _year_ago_period(self, s: str) -> Normalized | None:
        """ "the year-ago quarter", "the year-earlier period": the same quarter a year before."""
        match = re.fullmatch(
            r"(?:(?:the|a|its|their)\s+)?(?:comparable\s+|corresponding\s+|same\s+)?"
            r"(?:year ago|year earlier|prior year|previous year|last year's"
            r"|year before)(?:\s+(\w+))?"
            r"(?:\s+(?:quarter|period|months|level|results))?",
            s,
        ) or re.fullmatch(
            r"(?:the\s+)?(?:same|corresponding|comparable|like)\s+(?:(\w+)\s+)?(?:quarter|period)"
            r"\s+(?:of\s+)?(?:last year|a year ago|a year earlier|the previous year|the prior year"
            r"|(?:in\s+)?the year before)",
            s,
        )
        if not match:
            return None
        ordinal = match.group(1)
        if self.anchor is None:
            return Normalized(None, None, True)
        if ordinal in self.lex.ordinals and self.lex.ordinals[ordinal] <= 4:
            return self._value(f"{self.anchor.year - 1}-Q{self.lex.ordinals[ordinal]}", True)
        if "quarter" in s or "period" in s or "quarter" in self.context:
            year, quarter = self._reporting_quarter(self.anchor)
            return self._value(f"{year - 1}-Q{quarter}", True)
        return self._value(f"{self.anchor.year - 1}", True)

    def _quarter(self, s: str) -> Normalized | None:
        # "the first two quarters of 1990" is its first half (TimeML has no two-quarter unit).
        s = re.sub(r"\b(?:first|opening) two quarters\b", "first half", s)
        s = re.sub(r"\b(?:last|final|second|closing) two quarters\b", "second half", s)
        match = re.fullmatch(
            r"(?:(?:the|its|a|an)\s+)?(?:(?P<yr1>\d{4}|this year's|last year's|next year's"
            r"|year ago|"
            r"year earlier|current|latest|recent|most recent|past|last|this|next|same|"
            r"previous|prior|comparable|flat|\w+)\s+)?(?:fiscal\s+)?"
            r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)\s+)?"
            r"(?P<unit>quarter|half)(?:\s+of\s+(?:(?:fiscal|the)\s+)?(?P<yr2>\d{4}|this year"
            r"|last year|next year))?",
            s,
        )
        if not match:
            return None
        ordinal_word = match.group("ord")
        unit_letter = "Q" if match.group("unit") == "quarter" else "H"
        ordinals = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": 4 if unit_letter == "Q" else 2}
        year_word = match.group("yr1") or match.group("yr2") or ""
        if not ordinal_word and (year_word in ordinals or year_word in self.lex.ordinals):
            ordinal_word, year_word = year_word, match.group("yr2") or ""
        if not ordinal_word and unit_letter == "H" and year_word in ("last", "latter", "final"):
            ordinal_word, year_word = "second", match.group("yr2") or ""
        ordinal = ordinals.get(ordinal_word or "", self.lex.ordinals.get(ordinal_word or "", 0))
        if ordinal > (4 if unit_letter == "Q" else 2):
            return None
        if year_word and re.fullmatch(r"\d{4}", year_word):
            year_fixed: int | None = int(year_word)
        else:
            year_fixed = None
        if ordinal:
            if year_fixed is not None:
                return self._value(f"{year_fixed}-{unit_letter}{ordinal}", False)

            def make(a: dt.date) -> str:
                year = a.year
                if not year_word and unit_letter == "Q":
                    # "the fourth quarter" in January is the one just closed; the latest quarter
                    # of that number already begun (next year's in future tense once long over).
                    begun = dt.date(a.year, 3 * ordinal - 2, 1) <= a
                    long_over = a.month - 3 * ordinal > 3  # its results are out by now
                    year = a.year if begun else a.year - 1
                    if self.tense == "future" and long_over:
                        year += 1
                    return f"{year}-Q{ordinal}"
                if year_word.startswith(
                    ("last year", "year ago", "year earlier", "previous", "prior")
                ):
                    year -= 1
                elif year_word.startswith("next year"):
                    year += 1
                return f"{year}-{unit_letter}{ordinal}"

            return self._relative(make, f"XXXX-{unit_letter}{ordinal}")
        if year_fixed is not None:
            return self._value(
                f"{year_fixed}-Q{self._reporting_quarter(dt.date(year_fixed, 12, 31))[1]}"
                if self.anchor is None or self.anchor.year != year_fixed
                else "{}-Q{}".format(*self._reporting_quarter(self.anchor)),
                False,
            )
        if unit_letter == "H":
            return None
        if year_word == "current":
            return self._relative(lambda a: "{}-Q{}".format(*_quarter(a)), None)
        if year_word in ("", "current", "latest", "recent", "most recent", "this", "same", "flat"):
            return self._relative(lambda a: "{}-Q{}".format(*self._reporting_quarter(a)), None)
        if year_word in ("last", "previous", "prior", "past"):

            def previous(a: dt.date) -> str:
                year, quarter = self._reporting_quarter(a)
                year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
                return f"{year}-Q{quarter}"

            return self._relative(previous, None)
        if year_word == "next":
            return self._relative(
                lambda a: "{}-Q{}".format(*_quarter(a + dt.timedelta(days=92))), None
            )
        return None

    def _relative_unit(self, s: str) -> Normalized | None:
        """ "this week", "last month", "next year", "the current year", "earlier this week"."""
        match = re.fullmatch(
            r"(?:(?:the|a)\s+)?(?P<rel>this|last|next|past|previous|coming|following|current"
            r"|present|"
            r"same|that|prior|latest|most recent|recent|upcoming)?\s*"
            r"(?P<unit>week|weekend|month|year|decade|century|day|fiscal year|calendar year|"
            r"financial year|millennium)",
            s,
        )
        if not match:
            return None
        rel = match.group("rel") or ""
        unit = (
            match.group("unit")
            .replace("fiscal ", "")
            .replace("calendar ", "")
            .replace("financial ", "")
        )
        has_article = s.startswith(("the ", "a "))
        if has_article and rel in ("following", "previous"):
            return None  # relative to another event, not to the anchor
        # "the past year", "the next year (or so)", "the last week": TimeBank reads these as the
        # calendar unit before/after publication, like "last year", not as a one-year stretch.
        if s.startswith("a ") or (rel == "" and not has_article):
            return None  # "a week", "week": durations
        if rel == "" and re.search(
            rf"\b{re.escape(s)}\s+(?:that\s+)?end(?:ed|ing|s)\b", self.context
        ):
            # "the year ended June 30": a fiscal year, i.e. a stretch of one year.
            code, clock = self.lex.units.get(unit, ("", False))
            return self._value(self._period(1, code, clock), False) if code else None
        delta = {"last": -1, "past": -1, "previous": -1, "prior": -1, "next": 1, "coming": 1,
                 "following": 1, "upcoming": 1}.get(rel, 0)  # fmt: skip
        if unit == "year" and rel in ("latest", "most recent"):
            delta = -1  # "the latest fiscal year": the last one closed, not the one under way
        if unit == "day":
            if rel in ("", "this", "same", "that", "current", "present"):
                return self._relative(lambda a: a.isoformat(), None)
            return self._relative(lambda a: (a + dt.timedelta(days=delta)).isoformat(), None)
        if unit == "weekend":

            def weekend(a: dt.date) -> str:
                if delta == 0 and rel == "":
                    # "the weekend" in reporting: the one just past, or the coming one in future.
                    step = 1 if self.tense == "future" else (-1 if a.isoweekday() < 6 else 0)
                else:
                    step = delta
                return _week(a + dt.timedelta(weeks=step)) + "-WE"

            return self._relative(weekend, None)
        if unit == "week":
            return self._relative(lambda a: _week(a + dt.timedelta(weeks=delta)), None)
        if unit == "month":
            return self._relative(
                lambda a: "{:04d}-{:02d}".format(*_shift_months(a.year, a.month, delta)), None
            )
        if unit == "year":
            return self._relative(lambda a: f"{a.year + delta:04d}", None)
        if unit == "decade":
            return self._relative(lambda a: f"{a.year + 10 * delta:04d}"[:3], None)
        if unit == "century":
            return self._relative(lambda a: f"{a.year + 100 * delta:04d}"[:2], None)
        return None

    def _season(self, s: str) -> Normalized | None:
        match = re.fullmatch(
            rf"(?:(?P<rel>this|last|next|past|coming|previous|the|early|late|mid|this past)\s+)*"
            rf"(?P<season>{self.season_re})(?:\s+(?:of\s+)?(?P<year>\d{{4}}|this year"
            rf"|last year|next year))?",
            s,
        )
        if not match:
            return None
        code = self.lex.seasons[match.group("season")]
        year_word = match.group("year")
        if year_word and year_word[0].isdigit():
            return self._value(f"{year_word}-{code}", False)
        words = s.split()
        rel = ""
        if {"last", "past", "previous"} & set(words):
            rel = "last"
        elif {"next", "coming"} & set(words):
            rel = "next"
        elif "this" in words:
            rel = "this"
        order = _SEASON_ORDER.index(code)

        def make(a: dt.date) -> str:
            if year_word:
                year = a.year + {"this year": 0, "last year": -1, "next year": 1}[year_word]
                return f"{year}-{code}"
            current_year, current = _season_of(a)
            here = current_year * 4 + _SEASON_ORDER.index(current)
            options = [
                year * 4 + order for year in (current_year - 1, current_year, current_year + 1)
            ]
            if rel == "this":
                if code == current:
                    chosen = here
                else:
                    year = a.year - 1 if code == "WI" and a.month <= 2 else a.year
                    chosen = year * 4 + order
            elif rel == "last":
                chosen = max(o for o in options if o < here)
            elif rel == "next" or self.tense == "future":
                chosen = (
                    min(o for o in options if o > here)
                    if rel == "next"
                    else min(o for o in options if o >= here)
                )
            else:
                chosen = max(o for o in options if o <= here)
            return f"{chosen // 4}-{code}"

        return self._relative(make, f"XXXX-{code}")

    def _lean_future(
        self, past_distance: float | None, future_distance: float | None, year: float
    ) -> bool:
        """Whether the later of two readings wins: past in reporting, nearer when tense is unknown.

        Distances are in units of ``year`` (365 for days, 12 for months).
        """
        if future_distance is None:
            return False
        if past_distance is None:
            return True
        if self.lead in _DEADLINE_WORDS and future_distance < 0.5 * year:
            # "by February", "through January", "effective Feb. 1": deadlines and starts point
            # ahead even in a past-tense report.
            return True
        if self.tense == "future":
            return True
        if self.tense == "past":
            # Past tense still allows "said it would meet on Jan. 3" a few days ahead, when the
            # past reading would be almost a year old.
            return past_distance > 0.8 * year and future_distance < 0.15 * year
        return future_distance * 3 < past_distance

    def _pick_date(self, anchor: dt.date, month: int, day: int, rel: str | None = None) -> dt.date:
        """The year for a month and day: the closest plausible, past-leaning in reporting."""
        candidates = []
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                candidates.append(dt.date(year, month, day))
            except ValueError:
                continue
        if not candidates:
            return anchor
        past = [c for c in candidates if c <= anchor]
        future = [c for c in candidates if c > anchor]
        if rel == "last" and past:
            return max(past)
        if rel == "next" and future:
            return min(future)
        past_day = max(past) if past else None
        future_day = min(future) if future else None
        if (
            past_day is not None
            and future_day is not None
            and (future_day - anchor).days <= 3
            and self.tense != "future"
        ):
            return future_day  # a date a few days ahead in a past-tense story: this year's
        if self._lean_future(
            (anchor - past_day).days if past_day else None,
            (future_day - anchor).days if future_day else None,
            365,
        ):
            assert future_day is not None
            return future_day
        return past_day if past_day is not None else min(candidates)

    def _pick_month(self, anchor: dt.date, month: int, rel: str | None) -> str:
        here = anchor.year * 12 + anchor.month - 1
        options = [
            year * 12 + month - 1 for year in (anchor.year - 1, anchor.year, anchor.year + 1)
        ]
        past = [o for o in options if o <= here]
        future = [o for o in options if o > here]
        if self.tense == "future" and rel is None and here in options:
            return f"{anchor.year:04d}-{month:02d}"  # "will expire at the end of November"
        if rel == "last":
            chosen = max(o for o in options if o < here)
        elif rel == "next" or self._lean_future(here - max(past), min(future) - here, 12):
            chosen = min(future)
        else:
            chosen = max(past)
        return f"{chosen // 12:04d}-{chosen % 12 + 1:02d}"

    def _weekday(self, s: str) -> Normalized | None:
        match = re.fullmatch(
            rf"(?:(?P<rel>last|this|next|coming|past|previous|this past|this coming|on|early|late|"
            rf"the previous|the following|the next|that|the)\s+)?(?P<day>{self.weekday_re})('s)?"
            rf"(?:\s*,?\s*(?P<rest>.+))?",
            s,
        )
        if not match:
            return None
        weekday = self.lex.weekdays[match.group("day")]
        rest = match.group("rest")
        if rest:
            # "Friday, Dec. 16" / "Monday, April 1, 2016": the calendar date decides.
            explicit = self._month(rest)
            if explicit is not None:
                return explicit
            return None
        rel = match.group("rel") or ""

        def make(a: dt.date) -> str:
            back = (a.isoweekday() - weekday) % 7
            forward = (weekday - a.isoweekday()) % 7
            if rel in ("the previous", "the following"):
                story = self._story()
                if story is not None and story[1] == "day":
                    a = story[0]  # "the previous Friday": the Friday before the story's day
                    back = (a.isoweekday() - weekday) % 7
                    forward = (weekday - a.isoweekday()) % 7
            if rel in ("last", "past", "previous", "this past", "the previous"):
                return (a - dt.timedelta(days=back or 7)).isoformat()
            if rel in ("next", "coming", "this coming", "the following", "the next"):
                return (a + dt.timedelta(days=forward or 7)).isoformat()
            if rel == "" and self.lead in ("until", "till", "by") and not self._pluperfect():
                # "until 9 a.m. Tuesday", "postponed until Tuesday": a deadline lies ahead.
                return (a + dt.timedelta(days=forward)).isoformat()
            if self.tense == "future" or (rel == "this" and forward < back):
                return (a + dt.timedelta(days=forward)).isoformat()
            if self.tense != "past" and back >= 5:
                # News names past days within the week; a weekday 5-6 days back without a past
                # verb is more likely the coming one.
                return (a + dt.timedelta(days=forward)).isoformat()
            return (a - dt.timedelta(days=back)).isoformat()

        return self._relative(make, f"XXXX-WXX-{weekday}")

    def _month(self, s: str) -> Normalized | None:
        m = self.month_re
        day_re = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
        year_re = r"(?P<year>\d{4}|'\d{2}|this year|last year|next year)"
        patterns = (
            rf"(?P<rel>last|this|next|early|late|mid|the end of"
            rf"|the middle of)?\s*(?P<month>{m})\.?\s+"
            rf"{day_re}(?:\s*,?\s*{year_re})?",
            rf"(?:the\s+)?{day_re}\s+(?:of\s+)?(?P<month>{m})\.?(?:\s*,?\s*{year_re})?",
            rf"(?:the\s+)?(?P<month>{m})\s+(?P<ord>[a-z]+)",
            rf"(?P<rel>last|this|next|this past|this coming|the coming|early|late|mid|the end of|"
            rf"the middle of|the beginning of)?\s*(?P<month>{m})\.?"
            rf"(?:\s*,?\s*(?:of\s+)?{year_re})?",
        )
        for pattern in patterns:
            match = re.fullmatch(pattern, s)
            if match:
                break
        else:
            return None
        groups = match.groupdict()
        month = self.lex.months[groups["month"]]
        day: int | None = int(groups["day"]) if groups.get("day") else None
        if groups.get("ord"):
            day = self.lex.ordinals.get(groups["ord"])
            if day is None:
                return None
        if day is not None and not 1 <= day <= 31:
            return None
        year_word = groups.get("year")
        rel_word = groups.get("rel") or ""
        rel = (
            "last"
            if rel_word in ("last", "this past")
            else "next"
            if rel_word in ("next", "this coming", "the coming")
            else None
        )
        if year_word and (year_word[0].isdigit() or year_word[0] == "'"):
            year = int(year_word.strip("'"))
            if year < 100:
                year += 1900 if year > 30 else 2000
            text = f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
            return self._value(text, False)
        unanchored = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")

        def make(a: dt.date) -> str:
            if year_word:
                year = a.year + {"this year": 0, "last year": -1, "next year": 1}[year_word]
                return f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
            if rel_word == "this":
                return f"{a.year}-{month:02d}" + (f"-{day:02d}" if day else "")
            if day:
                return self._pick_date(a, month, day, rel).isoformat()
            return self._pick_month(a, month, rel)

        return self._relative(make, unanchored)

    @staticmethod
    def _decade_near(anchor: dt.date, digit: int) -> str:
        """ "the '90s" / "the nineties": the latest such decade not after the anchor."""
        century = anchor.year // 100
        return f"{century if digit <= anchor.year % 100 // 10 else century - 1}{digit}"

    def _decade(self, s: str) -> Normalized | None:
        match = re.fullmatch(
            r"(?:the\s+)?(?:(?:early|late|mid)\s+)?(\d{2})?(\d)0'?s|(?:the\s+)?'(\d)0s", s
        )
        words = alternation(self.lex.decade_words)
        named = re.fullmatch(rf"(?:the\s+)?(?:(?:early|late|mid)\s+)?({words})", s)
        if match and match.group(1):
            return self._value(f"{match.group(1)}{match.group(2)}", False)
        if match or named:
            if named:
                digit = self.lex.decade_words[named.group(1)]
            else:
                assert match is not None
                digit = int(match.group(3) or match.group(2))
            return self._relative(lambda a: self._decade_near(a, digit), None)
        match = re.fullmatch(r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+century", s) or re.fullmatch(
            r"(?:the\s+)?(" + alternation(self.lex.ordinals) + r")\s+century", s
        )
        if match:
            number = (
                int(match.group(1))
                if match.group(1).isdigit()
                else self.lex.ordinals[match.group(1)]
            )
            return self._value(f"{number - 1:02d}", False)
        return None

    def _year(self, s: str) -> Normalized | None:
        match = re.fullmatch(
            r"(?:(?:the|fiscal|calendar|year|the year|fy|mid|early|late)\s+)*'?(\d{4}|\d{2})", s
        )
        if not match:
            return None
        digits = match.group(1)
        if len(digits) == 2:
            if not ("fiscal" in s or "'" in s or s.startswith("fy")):
                return None
            year = int(digits) + (1900 if int(digits) > 30 else 2000)
            return self._value(f"{year}", False)
        if not 1000 <= int(digits) <= 2199:
            return None
        return self._value(digits, False)
