"""Load the event trigger lexicon (``data/lexicons/events.yaml``) into fast lookup tables.

The spaCy pipeline runs without a lemmatizer (speed), so the lexicon lists base forms and this
module generates their inflections once at load time: lookups are then one dict access per token.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..ontology.crosswalk import cameo_entry
from ..ontology.plover import PLOVER_TYPES

_PREPS = {"to", "of", "for", "with", "on", "in", "into", "from", "against", "off", "out", "up",
          "down", "over", "back", "at"}  # fmt: skip


@dataclass(frozen=True)
class Pattern:
    """One trigger: a head word (by part of speech) and an optional dependent or object condition."""  # noqa: E501

    head: str
    pos: str  # "verb" or "noun"
    child: str | None  # base form of a dependent that must be present ("take control")
    objects: frozenset[str] | None  # allowed base forms of the object ("lift>curfew|ban")
    type: str
    mode: tuple[str, ...]
    context: tuple[str, ...]
    cameo: str
    confidence: float

    @property
    def specificity(self) -> int:
        return 2 if self.objects else 1 if self.child else 0


def _vowel(c: str) -> bool:
    return c in "aeiou"


def verb_forms(base: str) -> set[str]:
    """Regular inflections of an English verb (over-generating a doubled consonant is harmless)."""
    forms = {base}
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(base + "es")
    elif base.endswith("y") and len(base) > 1 and not _vowel(base[-2]):
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms |= {base + "d", base[:-1] + "ing" if not base.endswith("ee") else base + "ing"}
    elif base.endswith("y") and len(base) > 1 and not _vowel(base[-2]):
        forms |= {base[:-1] + "ied", base + "ing"}
    else:
        forms |= {base + "ed", base + "ing"}
        if (
            len(base) >= 3
            and not _vowel(base[-1])
            and _vowel(base[-2])
            and not _vowel(base[-3])
            and base[-1] not in "wxy"
        ):
            forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


def noun_forms(base: str) -> set[str]:
    forms = {base}
    if base.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(base + "es")
    elif base.endswith("y") and len(base) > 1 and not _vowel(base[-2]):
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    return forms


@dataclass
class Lexicon:
    """Trigger patterns indexed by surface form, plus the cue lists used for modality."""

    verb_patterns: dict[str, list[Pattern]]  # surface form -> patterns whose head has that form
    noun_patterns: dict[str, list[Pattern]]
    base_of: dict[str, set[str]]  # surface form -> base forms (for children and objects)
    cues: dict[str, Any]

    def bases(self, surface: str) -> set[str]:
        return self.base_of.get(surface.lower(), {surface.lower()})


def _split(item: str, pos: str) -> tuple[str, str | None, frozenset[str] | None]:
    if ">" in item:
        head, objs = item.split(">", 1)
        head_words = head.split()
        child = head_words[-1] if len(head_words) > 1 else None
        return head_words[0], child, frozenset(o.strip() for o in objs.split("|"))
    words = item.split()
    if len(words) == 1:
        return words[0], None, None
    if pos == "noun" and words[-1] not in _PREPS and "of" not in words[1:-1]:
        return words[-1], words[0], None  # "hunger strike": head noun last
    return words[0], words[-1], None


def build_lexicon(raw: dict[str, Any]) -> Lexicon:
    """Compile the YAML structure; every entry's CAMEO code must exist in the crosswalk."""
    irregular: dict[str, list[str]] = raw.get("irregular", {}) or {}
    base_of: dict[str, set[str]] = {}

    def register(base: str, pos: str) -> set[str]:
        forms = verb_forms(base) if pos == "verb" else noun_forms(base)
        forms |= set(irregular.get(base, []))
        for form in forms:
            base_of.setdefault(form, set()).add(base)
        return forms

    verbs: dict[str, list[Pattern]] = {}
    nouns: dict[str, list[Pattern]] = {}
    for entry in raw["entries"]:
        cameo = str(entry["cameo"])
        cross = cameo_entry(cameo)
        if cross is None:
            raise ValueError(f"events lexicon: CAMEO code {cameo} is not in the crosswalk")
        event_type = entry.get("type", cross.type)
        if event_type not in PLOVER_TYPES:
            raise ValueError(f"events lexicon: {event_type!r} is not a PLOVER type")
        mode = tuple(entry["mode"]) if "mode" in entry else cross.mode
        context = tuple(dict.fromkeys(list(cross.context) + list(entry.get("context", []))))
        prior = float(entry.get("confidence", 0.6))
        for pos, key, table in (("verb", "verbs", verbs), ("noun", "nouns", nouns)):
            for item in entry.get(key, []) or []:
                head, child, objs = _split(str(item), pos)
                pattern = Pattern(
                    head,
                    pos,
                    child,
                    objs,
                    event_type,
                    mode,
                    context,
                    cameo,
                    prior if pos == "verb" else prior - 0.1,
                )
                for form in register(head, pos):
                    table.setdefault(form, []).append(pattern)
                if child:
                    register(child, "verb")
                    register(child, "noun")
                for obj in objs or ():
                    register(obj, "noun")
                    register(obj, "verb")
    for word in (
        raw.get("speech_verbs", [])
        + raw.get("denial_verbs", [])
        + raw.get("future_verbs", [])
        + raw.get("failure_verbs", [])
        + raw.get("cessation_verbs", [])
    ):
        register(word, "verb")
    for word in raw.get("non_actors", []):
        register(word, "noun")
    for table in (verbs, nouns):
        for form, patterns in table.items():
            # a content-word dependent ("arrive peacekeeper") says more than a preposition
            patterns.sort(key=lambda p: -(2 * p.specificity + (p.child not in _PREPS)))
            table[form] = patterns
    return Lexicon(verbs, nouns, base_of, {k: v for k, v in raw.items() if k != "entries"})


@functools.lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> Lexicon:
    """The packaged lexicon, or a user's file with the same structure."""
    if path is None:
        text = resources.files("eventwire").joinpath("data/lexicons/events.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return build_lexicon(yaml.safe_load(text))
