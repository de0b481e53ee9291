"""Places: find toponyms in a parsed article and resolve each to one GeoNames entry.

Two entry points share one disambiguator:

* :func:`find_places` (the pipeline contract) finds toponyms itself: spaCy GPE/LOC entities, plus
  gazetteer matches that the small English model misses or mislabels (it tags "Palmyra" PERSON and
  "Aleppo" NORP). Matches without GPE/LOC evidence must pass a stoplist and a population test.
* :func:`resolve_toponyms` takes toponyms found by someone else (gold annotations in the
  evaluation) and only resolves them.

Disambiguation scores every candidate of every toponym with a prior (countries > continents and
regions > first-level regions > towns by population; capitals and a town's own name get a bonus)
plus document context: the countries the article names or whose places it names, demonyms
("Syrian"), regions named, and "Town, Country" / "Town, State" patterns. The same scores give the
confidence (a softmax share of the winner).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..model import Article, Place, Span
from . import gazetteer
from .gazetteer import Entry, Gazetteer, normalise

# spaCy labels that are evidence the span is a place.
PLACE_LABELS = frozenset({"GPE", "LOC"})
# Labels under which the model hides real toponyms often enough to look them up.
OTHER_LABELS = frozenset({"NORP", "PERSON", "ORG", "FAC"})

# Words that turn a name into a region of that name ("Homs Governorate", "Orange County").
ADMIN_SUFFIX = re.compile(
    r"\s+(governorate|province|oblast|region|state|county|district|prefecture|municipality|"
    r"territory|department|parish|borough|krai|canton|emirate)$",
    re.IGNORECASE,
)
# Words that name a facility in a town ("Edmonton Airport", "Aleppo University"): the town.
FACILITY_SUFFIX = re.compile(
    r"\s+(international airport|airport|university|city hall|hospital|station|stadium|port|"
    r"harbou?r|bridge|square|city|downtown|area|metro area|metropolitan area)$",
    re.IGNORECASE,
)
_AFTER_COMMA = re.compile(r"\s*,\s*((?:[A-Z][\w.'\-]*\.?)(?:\s+[A-Z][\w.'\-]*)*)")

# Named countries, continents and regions are rarely a town of the same name ("Mexico", "Atlantic").
PRIOR = {"country": 4.0, "continent": 3.6, "region": 3.2, "admin1": 2.5, "admin2": 0.9}
CONTEXT_WEIGHT = 1.5  # the document's most-named country adds this much to its places
MIN_POPULATION = 100_000  # towns found without GPE/LOC evidence, outside the document's countries
MIN_POPULATION_IN_CONTEXT = 15_000  # ... inside a country the document names
MAX_SCAN_TOKENS = 5
SHARPNESS = 2.0  # softmax temperature for confidence: a 1-point lead gives ~0.88
MAX_ERROR_PRECISION = "document"  # precision of a toponym resolved only to the document's focus


@dataclass
class _Toponym:
    start: int
    end: int
    text: str
    label: str | None  # spaCy label, "GOLD" for given toponyms, None for gazetteer-only matches
    candidates: list[Entry]
    suffix: str | None = None  # "admin" or "facility" when a designator was stripped
    scores: list[float] = field(default_factory=list)


@dataclass
class _Context:
    countries: dict[str, float] = field(default_factory=dict)
    admin1: set[tuple[str, str]] = field(default_factory=set)

    def country_share(self, cc: str | None) -> float:
        if not cc or not self.countries:
            return 0.0
        return self.countries.get(cc, 0.0) / max(self.countries.values())

    def add(self, cc: str, weight: float) -> None:
        self.countries[cc] = self.countries.get(cc, 0.0) + weight


# -- candidates ----------------------------------------------------------------------------------
def _lookup(gaz: Gazetteer, text: str) -> tuple[list[Entry], str | None]:
    """Candidates for a name, trying it whole, then without a region or facility designator."""
    found = gaz.lookup(text)
    if found:
        return found, None
    stripped = ADMIN_SUFFIX.sub("", text)
    if stripped != text:
        return gaz.lookup(stripped), "admin"
    stripped = FACILITY_SUFFIX.sub("", text)
    if stripped != text:
        return gaz.lookup(stripped), "facility"
    return [], None


def _strip_article(text: str, start: int) -> tuple[str, int]:
    if text.lower().startswith("the "):
        return text[4:], start + 4
    return text, start


def _entity_toponyms(sdoc: Doc, gaz: Gazetteer, demonyms: Counter[str]) -> list[_Toponym]:
    found: list[_Toponym] = []
    for ent in sdoc.ents:
        if ent.label_ not in PLACE_LABELS and ent.label_ not in OTHER_LABELS:
            continue
        text, start = _strip_article(ent.text, ent.start_char)
        if normalise(text) in gaz.never:
            continue
        demonym = gaz.demonym_country(text)
        if demonym is not None and ent.label_ != "GPE":
            demonyms[demonym.country_code or ""] += 1
            continue
        if ent.label_ not in PLACE_LABELS and len(ent) > 1 and not gaz.lookup(text):
            continue  # "Paris Hilton", "Aleppo Media Centre": a name that only contains a place
        candidates, suffix = _lookup(gaz, text)
        if _is_short_code(text):  # "AI", "LA": only a curated country/region name may match
            candidates = [e for e in candidates if e.precision != "city"]
        if candidates:
            found.append(_Toponym(start, ent.end_char, text, ent.label_, candidates, suffix))
    return found


def _is_short_code(text: str) -> bool:
    letters = text.replace(".", "")
    return letters.isupper() and len(letters) <= 3


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _scan_toponyms(sdoc: Doc, gaz: Gazetteer, taken: set[int]) -> list[_Toponym]:
    """Gazetteer matches among capitalised words that no entity covers (longest match wins)."""
    found: list[_Toponym] = []
    max_tokens = min(gaz.max_tokens, MAX_SCAN_TOKENS)
    i, n = 0, len(sdoc)
    while i < n:
        token = sdoc[i]
        if (
            i in taken
            or not _is_capitalised(token.text)
            or (not token.is_alpha and "." not in token.text)
        ):
            i += 1
            continue
        match = None
        for j in range(min(n, i + max_tokens), i, -1):
            last = sdoc[j - 1]
            if any(k in taken for k in range(i, j)) or not _is_capitalised(last.text):
                continue
            text = sdoc.text[token.idx : last.idx + len(last.text)]
            candidates = gaz.lookup(text)
            if candidates:
                match = _Toponym(token.idx, last.idx + len(last.text), text, None, candidates)
                i = j
                break
        if match is None:
            i += 1
        else:
            found.append(match)
    return found


def _accept_unlabelled(top: _Toponym, gaz: Gazetteer, context: _Context, sent_start: bool) -> bool:
    """A match without GPE/LOC evidence must look like a place, not a word or a person."""
    key = normalise(top.text)
    if key in gaz.stoplist or gaz.demonym_country(top.text) is not None:
        return False
    if key in gaz.never:
        return False
    if _is_short_code(top.text):
        top.candidates = [e for e in top.candidates if e.precision != "city"]
        if not top.candidates:
            return False
    curated = [e for e in top.candidates if e.precision != "city" and gaz.is_primary(top.text, e)]
    if curated and top.label != "PERSON":
        return True
    towns = [e for e in top.candidates if e.precision == "city"]
    if not towns:
        return False
    for town in towns:
        in_context = context.countries.get(town.country_code or "", 0) > 0
        threshold = MIN_POPULATION_IN_CONTEXT if in_context else MIN_POPULATION
        if sent_start and not in_context:
            threshold *= 10
        if (town.population >= threshold and gaz.is_primary(top.text, town)) or (
            in_context and town.population >= threshold * 3
        ):
            return True
    return False


# -- context and scoring -------------------------------------------------------------------------
def _build_context(toponyms: Sequence[_Toponym], demonyms: Counter[str]) -> _Context:
    """Countries and regions the document names, directly or through its unambiguous places."""
    context = _Context()
    for cc, count in demonyms.items():
        context.add(cc, 0.5 * count)
    for top in toponyms:
        kinds = {e.precision for e in top.candidates}
        countries = {e.country_code for e in top.candidates if e.country_code}
        best = max(top.candidates, key=_prior)
        if best.precision == "country" and best.country_code:
            context.add(best.country_code, 1.0)
        elif best.precision == "admin1" and best.country_code:
            context.add(best.country_code, 0.5)
            if best.admin1:
                context.admin1.add((best.country_code, best.admin1))
        elif len(countries) == 1 and kinds <= {"city", "admin1", "admin2"}:
            context.add(next(iter(countries)), 0.3)
        elif best.precision == "city" and best.population >= 1_000_000 and best.country_code:
            context.add(best.country_code, 0.2)
    return context


def _prior(entry: Entry) -> float:
    if entry.precision == "city":
        bonus = 0.5 if entry.feature_code == "PPLC" else 0.0
        return 2.2 * math.log10(entry.population + 10) / 7 + bonus
    return PRIOR.get(entry.precision, 1.0)


def _comma_qualifier(text: str, end: int, gaz: Gazetteer) -> list[Entry]:
    """The places named right after a comma ("Palmyra, Syria" -> Syria)."""
    match = _AFTER_COMMA.match(text, end)
    if not match:
        return []
    words = match.group(1).split()
    for size in range(min(len(words), 4), 0, -1):
        found = [
            e for e in gaz.lookup(" ".join(words[:size])) if e.precision in ("country", "admin1")
        ]
        if found:
            return found
    return []


def _score(
    top: _Toponym, entry: Entry, context: _Context, qualifiers: list[Entry], gaz: Gazetteer
) -> float:
    score = _prior(entry)
    if entry.precision == "city" and gaz.is_primary(top.text, entry):
        score += 0.4
    if top.suffix == "admin" and entry.precision in ("admin1", "admin2"):
        score += 3.0
    if top.suffix == "facility" and entry.precision == "city":
        score += 1.0
    if entry.precision in ("city", "admin2", "admin1"):
        score += CONTEXT_WEIGHT * context.country_share(entry.country_code)
        region = (entry.country_code or "", entry.admin1 or "")
        if entry.precision != "admin1" and region in context.admin1:
            score += 0.8
    for q in qualifiers:
        if q.country_code == entry.country_code and q is not entry:
            score += 3.0 if q.precision == "admin1" and q.admin1 == entry.admin1 else 2.0
    return score


def _choose(top: _Toponym, context: _Context, text: str, gaz: Gazetteer) -> tuple[Entry, float]:
    qualifiers = _comma_qualifier(text, top.end, gaz)
    scores = [_score(top, e, context, qualifiers, gaz) for e in top.candidates]
    best = max(range(len(scores)), key=scores.__getitem__)
    peak = scores[best]
    share = 1.0 / sum(math.exp(SHARPNESS * (s - peak)) for s in scores)
    entry = top.candidates[best]
    if top.suffix == "admin" and entry.precision == "city" and entry.admin1:
        entry = gaz.admin1.get((entry.country_code or "", entry.admin1), entry)
    return entry, share


def _place(top: _Toponym, entry: Entry, confidence: float) -> Place:
    precision = {"continent": "continent", "region": "region"}.get(entry.precision, entry.precision)
    return Place(
        span=Span(top.start, top.end, top.text),
        name=entry.name,
        geonameid=entry.geonameid,
        lat=entry.lat,
        lon=entry.lon,
        country_code=entry.country_code,
        admin1=entry.admin1,
        feature_class=entry.feature_class,
        feature_code=entry.feature_code,
        precision=precision,
        confidence=round(max(0.0, min(1.0, confidence)), 3),
    )


# -- public API ----------------------------------------------------------------------------------
def find_places(article: Article, sdoc: Doc) -> list[Place]:
    """Toponyms in ``article.text`` (parsed as ``sdoc``), each resolved to a GeoNames place.

    Demonyms ("Russian") are not places: they only help to disambiguate. Places come back in text
    order, one per mention.
    """
    gaz = gazetteer.load()
    demonyms: Counter[str] = Counter()
    labelled = _entity_toponyms(sdoc, gaz, demonyms)
    taken = {i for ent in sdoc.ents for i in range(ent.start, ent.end)}
    scanned = _scan_toponyms(sdoc, gaz, taken)
    sure = [t for t in labelled if t.label in PLACE_LABELS]
    context = _build_context(sure, demonyms)
    parsed = sdoc.has_annotation("SENT_START") or sdoc.has_annotation("DEP")
    sentence_starts = {s.start_char for s in sdoc.sents} if parsed else {0}
    accepted = sure + [
        t
        for t in labelled + scanned
        if t.label not in PLACE_LABELS
        and _accept_unlabelled(t, gaz, context, t.start in sentence_starts)
    ]
    context = _build_context(accepted, demonyms)
    places = []
    for top in sorted(accepted, key=lambda t: t.start):
        entry, share = _choose(top, context, article.text, gaz)
        evidence = 1.0 if top.label in PLACE_LABELS else 0.8
        places.append(_place(top, entry, share * evidence))
    return places


def resolve_toponyms(
    toponyms: Sequence[tuple[str, int, int]],
    text: str,
    *,
    focus_fallback: bool = True,
) -> list[Place | None]:
    """Resolve toponyms found elsewhere, each ``(name, start, end)`` with offsets into ``text``.

    The toponyms are trusted to be places, so no evidence test applies; a demonym resolves to its
    country. All of them together form the document context. A name the gazetteer does not know
    (a street, a building) gets the document's focus (its most-named town, else region, else
    country) with precision ``"document"`` and confidence 0.05 when ``focus_fallback`` is true,
    else None. The result is parallel to ``toponyms``.
    """
    gaz = gazetteer.load()
    demonyms: Counter[str] = Counter()
    tops: list[_Toponym | None] = []
    for name, start, end in toponyms:
        clean, start = _strip_article(name.strip(), start)
        candidates, suffix = _lookup(gaz, clean)
        if normalise(clean) in gaz.never:
            candidates = []
        if _is_short_code(clean) and any(e.precision != "city" for e in candidates):
            candidates = [e for e in candidates if e.precision != "city"]
        country = gaz.demonym_country(clean)
        if country is not None and not any(e.precision != "city" for e in candidates):
            candidates, suffix = [country], None
        tops.append(_Toponym(start, end, clean, "GOLD", candidates, suffix) if candidates else None)
    known = [t for t in tops if t is not None]
    context = _build_context(known, demonyms)
    results: list[Place | None] = []
    for top in tops:
        if top is None:
            results.append(None)
            continue
        entry, share = _choose(top, context, text, gaz)
        results.append(_place(top, entry, share))
    if focus_fallback:
        focus = _focus([p for p in results if p is not None])
        if focus is not None:
            for k, (place, (name, start, end)) in enumerate(zip(results, toponyms, strict=True)):
                if place is None:
                    results[k] = Place(
                        span=Span(start, end, name),
                        name=focus.name,
                        geonameid=focus.geonameid,
                        lat=focus.lat,
                        lon=focus.lon,
                        country_code=focus.country_code,
                        admin1=focus.admin1,
                        feature_class=focus.feature_class,
                        feature_code=focus.feature_code,
                        precision=MAX_ERROR_PRECISION,
                        confidence=0.05,
                    )
    return results


def _focus(places: Sequence[Place]) -> Place | None:
    """The place a document is about: its most-named town, else region, else country."""
    for precision in ("city", "admin2", "admin1", "country"):
        named = Counter(p.geonameid or p.name for p in places if p.precision == precision)
        if named:
            top = named.most_common(1)[0][0]
            return next(p for p in places if (p.geonameid or p.name) == top)
    return None
