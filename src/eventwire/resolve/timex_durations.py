"""Durations and recurrences as TIMEX3 periods ("three years" -> ``P3Y``, "daily" -> ``P1D``).

Split out of :mod:`timex_normalize` (whose ``_Rules`` inherits these rules) so that the calendar
rules and the period rules can each be read on their own; the values are unchanged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .timex_lexicon import Lexicon

if TYPE_CHECKING:
    from .timex_normalize import Normalized


class DurationRules:
    """Rules that need no anchor: ISO periods for stretches of time and for recurrences."""

    lex: Lexicon
    month_re: str
    weekday_re: str
    unit_re: str
    number_re: str

    if TYPE_CHECKING:

        def _value(self, value: str | None, relative: bool) -> Normalized: ...

        def _number(self, words: str) -> float | str | None: ...

    @staticmethod
    def _period(number: float | str, code: str, clock: bool) -> str:
        """An ISO period; fractions move to the next smaller unit ("2 1/2 years" -> P2Y6M)."""
        if code == "DE":
            code, number = "Y", number if isinstance(number, str) else number * 10
        elif code == "CE" and isinstance(number, str):
            return f"P{number}C"  # "centuries": TimeBank's century letter (PXY would lose the unit)
        elif code == "CE":
            code, number = "Y", number if isinstance(number, str) else number * 100
        prefix = "PT" if clock else "P"
        if isinstance(number, str):
            return f"{prefix}{number}{code}"
        whole = int(number)
        fraction = number - whole
        smaller = {
            ("Y", False): (12, "M", False),
            ("M", False): (30, "D", False),
            ("W", False): (7, "D", False),
            ("D", False): (24, "H", True),
            ("H", True): (60, "M", True),
            ("M", True): (60, "S", True),
        }
        if fraction and (code, clock) in smaller:
            factor, small_code, small_clock = smaller[(code, clock)]
            rest = round(fraction * factor)
            head = f"{whole}{code}" if whole else ""
            if small_clock and not clock:
                return f"P{head}T{rest}{small_code}"
            return f"{prefix}{head}{rest}{small_code}"
        return f"{prefix}{DurationRules._fmt_number(number)}{code}"

    @staticmethod
    def _fmt_number(number: float | str) -> str:
        if isinstance(number, str):
            return number
        return str(int(number)) if float(number).is_integer() else f"{number:g}"

    def _set(self, s: str) -> Normalized | None:
        if s in self.lex.sets:
            return self._value(self.lex.sets[s], False)
        match = re.fullmatch(
            rf"(?:every|each|per|a)\s+(?:({self.number_re})\s+)?({self.unit_re})s?", s
        )
        if match:
            number = self._number(match.group(1)) if match.group(1) else 1
            if number is None:
                return None
            code, clock = self.lex.units[match.group(2)]
            return self._value(self._period(number, code, clock), False)
        match = re.fullmatch(rf"(?:every|each)\s+({self.month_re})", s)
        if match:
            return self._value(f"XXXX-{self.lex.months[match.group(1)]:02d}", False)
        match = re.fullmatch(
            rf"(?:(?:every|each)\s+({self.weekday_re})|({self.weekday_re})(s)?)"
            r"(?:\s+(morning|afternoon|evening|night)(s)?)?",
            s,
        )
        if match and (match.group(1) or match.group(3) or match.group(5)):
            weekday = self.lex.weekdays[match.group(1) or match.group(2)]
            pod = self.lex.parts_of_day.get(match.group(4) or "")
            return self._value(f"XXXX-WXX-{weekday}" + (f"T{pod}" if pod else ""), False)
        return None

    def _duration_range(self, s: str) -> Normalized | None:
        """ "two to three weeks", "the next 12 to 18 months": TimeML keeps the lower bound."""
        match = re.fullmatch(
            rf"(?P<head>.*?)(?P<low>{self.number_re})\s*(?:to|-|or)\s*(?:{self.number_re})\s+"
            rf"(?P<tail>(?:{self.unit_re})s?(?:\s+.*)?)",
            s,
        )
        if not match:
            return None
        return self._duration(f"{match.group('head')}{match.group('low')} {match.group('tail')}")

    def _duration(self, s: str) -> Normalized | None:
        s = re.sub(r"\bcenturies\b", "centurys", s)  # the one irregular plural among the units
        match = re.fullmatch(
            rf"(?:(?:the|a|an|its|their|his|her)\s+)?(?:(?:past|last|next|coming|first|final"
            rf"|previous|"
            rf"following|latest|recent|initial|remaining|additional|further|same|full|entire|whole|"
            rf"other|prior|ensuing|preceding|succeeding"
            rf"|subsequent)\s+)*(?:(?P<num>{self.number_re})\s+)?"
            rf"(?:more\s+|additional\s+|full\s+|long\s+|consecutive\s+|straight\s+|calendar\s+"
            rf"|fiscal\s+|"
            rf"trading\s+|business\s+|working\s+)?"
            rf"(?P<unit>{self.unit_re})(?P<plural>s)?(?P<half>\s+and\s+a\s+half)?(?:\s+(?:old"
            rf"|long|period|term|"
            rf"stretch|span|run|history|period of time))?",
            s,
        )
        if not match:
            return None
        unit = match.group("unit")
        code, clock = self.lex.units[unit]
        if code == "WE":
            return None
        number: float | str | None
        if match.group("num"):
            number = self._number(match.group("num"))
            if number is None or (
                re.fullmatch(r"1\d{3}|20\d\d", match.group("num")) and code != "Y"
            ):
                return None
        else:
            number = "X" if match.group("plural") else 1
        if match.group("half") and not isinstance(number, str):
            number += 0.5
        return self._value(self._period(number, code, clock), False)
