"""The cue lexicon of the quote extractor, loaded from YAML (data/lexicons/cues.yaml).

The knowledge of which words introduce a statement lives in data, not code, so users can extend
it. The spaCy pipeline runs without a lemmatizer (see eventwire.nlp), so the lexicon inflects its
own verbs: regular -s/-ed/-ing forms are generated, irregular ones are listed in the file.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import EventwireError

DEFAULT_CUES = Path(__file__).resolve().parent.parent / "data" / "lexicons" / "cues.yaml"

_VOWELS = set("aeiou")


class LexiconError(EventwireError):
    """A cue lexicon file is missing or malformed."""

    code = "E510"


@dataclass(frozen=True)
class CueLexicon:
    """Cue words grouped by how their content is found."""

    clause_verbs: frozenset[str]
    object_verbs: frozenset[str]
    quote_only_verbs: frozenset[str]
    noun_cues: frozenset[str]
    according_to: tuple[tuple[str, ...], ...]
    media_words: frozenset[str]
    descriptions: dict[str, str]
    forms: dict[str, str]  # inflected form -> lemma, for every verb above
    # verbs whose to-infinitive is the content ("wants to run", "refused to speak")
    xcomp_verbs: frozenset[str] = frozenset()
    # labels that open a "Label: text" paragraph without being anyone who speaks
    not_speakers: frozenset[str] = frozenset()
    # verbs of saying proper: a statement nested in another one keeps its own quote
    speech_verbs: frozenset[str] = frozenset()
    # verbs whose subject is part of the content and who holds the view is unsaid:
    # "supporters seemed unperturbed", and in the agentless passive "Trump is expected to win"
    raising_verbs: frozenset[str] = frozenset()
    passive_raising_verbs: frozenset[str] = frozenset()
    # prepositions besides of/for/about/on/over/against/as that introduce an object verb's
    # content ("referring to the plan", "sided with Trump")
    verb_preps: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    # object nouns that give a cue verb a sense other than saying ("the war claimed 450,000 lives")
    non_speech_objects: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    # adjectives of attitude predicated with a copula ("is confident that", "was critical of")
    attitude_adjectives: frozenset[str] = frozenset()
    # every form of the light verbs whose subject holds a noun cue ("made the claim that …")
    noun_cue_verbs: frozenset[str] = frozenset()
    # nouns that carry somebody's words ("issued a statement saying …": the issuer speaks)
    message_nouns: frozenset[str] = frozenset()
    # occasions and media of a statement ("at a rally", "in an interview"): never its content
    setting_nouns: frozenset[str] = frozenset()

    def verb_lemma(self, form: str) -> str | None:
        """Lemma of a cue-verb form ("said" -> "say"), or None when it is not a cue verb."""
        return self.forms.get(form.lower())

    @property
    def all_verbs(self) -> frozenset[str]:
        return (
            self.clause_verbs
            | self.object_verbs
            | self.quote_only_verbs
            | self.xcomp_verbs
            | self.raising_verbs
            | self.passive_raising_verbs
        )


def _inflections(lemma: str) -> set[str]:
    """Regular English inflections of a verb lemma (good enough for a closed lexicon)."""
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        # one-syllable consonant-vowel-consonant verbs double the last consonant (vow is not one)
        if (
            len(lemma) <= 4
            and lemma[-1] not in _VOWELS | {"w", "x", "y"}
            and lemma[-2] in _VOWELS
            and lemma[-3] not in _VOWELS
        ):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def _words(data: dict[str, Any], key: str, path: Path) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{path}: '{key}' must be a list of strings")
    return [v.strip().lower() for v in value if v.strip()]


@functools.lru_cache(maxsize=8)
def load_cues(path: Path = DEFAULT_CUES) -> CueLexicon:
    """Load (once per path) a cue lexicon file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LexiconError(f"cannot read cue lexicon {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise LexiconError(f"cue lexicon {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"cue lexicon {path} must be a mapping of lists")
    clause = frozenset(_words(data, "clause_verbs", path))
    objects = frozenset(_words(data, "object_verbs", path))
    quote_only = frozenset(_words(data, "quote_only_verbs", path))
    xcomp = frozenset(_words(data, "xcomp_verbs", path))
    raising = frozenset(_words(data, "raising_verbs", path))
    passive_raising = frozenset(_words(data, "passive_raising_verbs", path))
    descriptions = data.get("descriptions", {}) or {}
    irregular = data.get("irregular", {}) or {}
    if not isinstance(descriptions, dict) or not isinstance(irregular, dict):
        raise LexiconError(f"{path}: 'descriptions' and 'irregular' must be mappings")
    forms: dict[str, str] = {}
    for lemma in clause | objects | quote_only | xcomp | raising | passive_raising:
        for form in _inflections(lemma):
            forms.setdefault(form, lemma)
    for form, lemma in irregular.items():
        forms[str(form).lower()] = str(lemma).lower()
    verb_preps = _word_map(data, "verb_preps", path)
    light = set(_words(data, "noun_cue_verbs", path))
    light_forms = {f for lemma in light for f in _inflections(lemma)}
    return CueLexicon(
        clause_verbs=clause,
        object_verbs=objects,
        quote_only_verbs=quote_only,
        noun_cues=frozenset(_words(data, "noun_cues", path)),
        according_to=tuple(tuple(p.split()) for p in _words(data, "according_to", path)),
        media_words=frozenset(_words(data, "media_words", path)),
        descriptions={str(k).lower(): str(v) for k, v in descriptions.items()},
        forms=forms,
        xcomp_verbs=xcomp,
        not_speakers=frozenset(_words(data, "not_speakers", path)),
        speech_verbs=frozenset(_words(data, "speech_verbs", path)),
        raising_verbs=raising,
        passive_raising_verbs=passive_raising,
        noun_cue_verbs=frozenset(light_forms),
        attitude_adjectives=frozenset(_words(data, "attitude_adjectives", path)),
        message_nouns=frozenset(_words(data, "message_nouns", path)),
        setting_nouns=frozenset(_words(data, "setting_nouns", path)),
        verb_preps=verb_preps,
        non_speech_objects=_word_map(data, "non_speech_objects", path),
    )


def _word_map(data: dict[str, Any], key: str, path: Path) -> dict[str, frozenset[str]]:
    """A mapping of verbs to word lists (lower-cased), or a clear error naming the key."""
    raw = data.get(key, {}) or {}
    if not isinstance(raw, dict) or not all(
        isinstance(v, list) and all(isinstance(w, str) for w in v) for v in raw.values()
    ):
        raise LexiconError(f"{path}: '{key}' must map verbs to lists of words")
    return {str(k).lower(): frozenset(w.lower() for w in v) for k, v in raw.items()}
