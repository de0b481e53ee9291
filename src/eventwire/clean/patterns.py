"""Boilerplate and credit patterns, loaded once from ``eventwire/data/boilerplate/*.yaml``.

The knowledge lives in data files so that users can read and extend it without touching code;
this module only compiles it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_PACKAGE = "eventwire"


def _load_yaml(name: str) -> dict[str, Any]:
    text = (resources.files(_PACKAGE) / "data" / "boilerplate" / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise ValueError(f"boilerplate/{name} must be a mapping")
    return data


def _compile_any(patterns: list[str]) -> re.Pattern[str]:
    """One alternation of many patterns: a single regex scan per line is much faster."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class LinePatterns:
    """Compiled line-level boilerplate knowledge (see ``lines.yaml`` for the meaning of each)."""

    line: re.Pattern[str]
    start: re.Pattern[str]
    section: re.Pattern[str]
    bio: re.Pattern[str]


@lru_cache(maxsize=1)
def line_patterns() -> LinePatterns:
    data = _load_yaml("lines.yaml")
    return LinePatterns(
        line=_compile_any(data["line"]),
        start=_compile_any(data["start"]),
        section=_compile_any(data["section"]),
        bio=_compile_any(data["bio"]),
    )


@dataclass(frozen=True)
class CreditPatterns:
    """Agencies and credit labels, as regex alternations sorted longest first."""

    agencies: str
    labels: str


@lru_cache(maxsize=1)
def credit_patterns() -> CreditPatterns:
    data = _load_yaml("credits.yaml")

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return CreditPatterns(
        agencies=alternation(data["agencies"]), labels=alternation(data["labels"])
    )


@lru_cache(maxsize=1)
def english_function_words() -> frozenset[str]:
    """Common English words, used to keep short English texts from being mislabelled."""
    text = resources.files(_PACKAGE) / "data" / "boilerplate" / "english_words.txt"
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(
        w.lower() for line in lines if not line.lstrip().startswith("#") for w in line.split()
    )
