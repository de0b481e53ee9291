"""The time resolver's vocabulary, loaded once from ``data/times/lexicon.yaml``.

Words live in the data file so that a user can extend them without touching the rules; this
module only turns the YAML into lookup tables and the regular-expression fragments built from them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    numbers: dict[str, float]
    vague_numbers: tuple[str, ...]
    ordinals: dict[str, int]
    decade_words: dict[str, int]
    units: dict[str, tuple[str, bool]]  # unit word -> (TIMEX3 letter, is a clock unit)
    references: dict[str, str]  # phrase -> PRESENT_REF / PAST_REF / FUTURE_REF
    sets: dict[str, str]
    holidays: dict[str, tuple[int, int]]
    weekday_holidays: dict[str, tuple[int, int, int]]  # name -> (month, ISO weekday, n-th; -1 last)
    # name -> days after that weekday ("election day": the Tuesday after the first Monday)
    holiday_offsets: dict[str, int] = field(default_factory=dict)
    vague_durations: dict[str, str] = field(default_factory=dict)  # "a while" -> PXX


def alternation(words: Any) -> str:
    """A regex alternation of the words, longest first so that "sept" wins over "sep"."""
    return _alternation(tuple(sorted({str(w) for w in words})))


@functools.lru_cache(maxsize=256)
def _alternation(words: tuple[str, ...]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    """Read the packaged lexicon (cached: the resolver calls this for every article)."""
    path = resources.files("eventwire") / "data" / "times" / "lexicon.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    references = {phrase: kind for kind, phrases in raw["references"].items() for phrase in phrases}
    units = {
        word: (spec["code"], bool(spec.get("time", False))) for word, spec in raw["units"].items()
    }
    return Lexicon(
        months={k: int(v) for k, v in raw["months"].items()},
        weekdays={k: int(v) for k, v in raw["weekdays"].items()},
        seasons=dict(raw["seasons"]),
        parts_of_day=dict(raw["parts_of_day"]),
        numbers={k: float(v) for k, v in raw["numbers"].items()},
        vague_numbers=tuple(raw["vague_numbers"]),
        ordinals={k: int(v) for k, v in raw["ordinals"].items()},
        decade_words={k: int(v) for k, v in raw["decade_words"].items()},
        units=units,
        references=references,
        sets=dict(raw["sets"]),
        holidays={k: (int(v[0]), int(v[1])) for k, v in raw["holidays"].items()},
        weekday_holidays={
            k: (int(v[0]), int(v[1]), int(v[2])) for k, v in raw.get("weekday_holidays", {}).items()
        },
        holiday_offsets={
            k: int(v[3]) for k, v in raw.get("weekday_holidays", {}).items() if len(v) > 3
        },
        vague_durations=dict(raw.get("vague_durations") or {}),
    )
