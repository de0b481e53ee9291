"""Places: find toponyms in a parsed article and resolve each to one GeoNames entry.

Two entry points share one disambiguator:

* :func:`find_places` (the pipeline contract) finds toponyms itself: spaCy GPE/LOC entities, plus
  gazetteer matches that the small English model misses or mislabels (it tags "Palmyra" PERSON and
  "Aleppo" NORP). Matches without GPE/LOC evidence must pass a stoplist and a population test.
* :func:`resolve_toponyms` takes toponyms found by someone else (gold annotations in the
  evaluation) and only resolves them.

Disambiguation scores every candidate of every toponym with a prior (countries > continents and
regions > first-level regions by population > towns by population; capitals and a town's own name
get a bonus) plus document context: the countries the article names or whose places it names,
demonyms ("Syrian"), "Town, Country" / "Town, State" patterns, and spatial coherence (a candidate
near, or in the same region as, a plausible reading of another toponym of the article gains). The
same scores give the confidence (a softmax share of the winner). Landmarks and institutions ("White
House", "Heathrow") resolve to the town they are in; in :func:`resolve_toponyms`, an unknown
multi-word name falls back to a place named inside it, then to the article's focus.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml
from spacy.tokens import Doc

from ..model import Article, Place, Span
from . import gazetteer
from .actor_dictionary import ActorDictionary
from .actor_dictionary import normalise as actor_key
from .gazetteer import GENERIC_REGION_WORDS, Entry, Gazetteer, normalise

# spaCy labels that are evidence the span is a place.
PLACE_LABELS = frozenset({"GPE", "LOC"})
# Labels under which the model hides real toponyms often enough to look them up.
OTHER_LABELS = frozenset({"NORP", "PERSON", "ORG", "FAC", "LANGUAGE"})

# Words that turn a name into a region of that name ("Homs Governorate", "Orange County").
ADMIN_SUFFIX = re.compile(
    r"\s+(governorate|province|oblast|region|state|county|district|prefecture|municipality|"
    r"territory|department|parish|borough|krai|canton|emirate|zone)$",
    re.IGNORECASE,
)
# Words that name a facility in a town ("Edmonton Airport", "Aleppo University"): the town.
FACILITY_SUFFIX = re.compile(
    r"\s+(international airport|airport|university|city hall|hospital|station|stadium|port|"
    r"harbou?r|bridge|square|city|downtown|area|metro area|metropolitan area)$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['\u2019]s?$")  # "Hong Kong's" as one entity
_WORD_SPLIT = re.compile(r"[\s\-\u2010-\u2015/]+")
_STATE_AFTER = re.compile(r"\s+(state|province)\b")  # lower case: "Washington state"


@functools.cache
def _institution_words() -> frozenset[str]:
    """Words of a building's or an institution's name that are never the place in it."""
    text = importlib.resources.files("eventwire") / "data" / "places" / "institution_words.txt"
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


_AFTER_COMMA = re.compile(r"\s*,\s*((?:[A-Z][\w.'\-]*\.?)(?:\s+[A-Z][\w.'\-]*)*)")

# Named countries, continents and regions are rarely a town of the same name ("Mexico", "Atlantic").
PRIOR = {"country": 4.0, "continent": 3.6, "region": 3.2, "admin1": 2.5, "admin2": 0.9}
ADMIN1_PRIOR_OFFSET = 0.4  # admin1 prior: like a town of its population, plus this, up to 2.5
UNKNOWN_ADMIN1_POPULATION = 1_000_000
CONTEXT_WEIGHT = 1.5  # the document's most-named country adds this much to its places
MIN_POPULATION = 100_000  # towns found without GPE/LOC evidence, outside the document's countries
MIN_POPULATION_IN_CONTEXT = 15_000  # ... inside a country the document names
MAX_SCAN_TOKENS = 5
PROXIMITY_WEIGHT = 0.6  # per other toponym with a plausible place near the candidate ...
MAX_SUPPORT = 2.0  # ... counted up to this many
NEAR_KM = 200.0  # "near": other places of the same story tend to lie within this distance
SUPPORT_CANDIDATES = 12  # the most plausible candidates of each name that give support
SHARPNESS = 2.0  # softmax temperature for confidence: a 1-point lead gives ~0.88
# A city of millions named like the region it is in is the usual meaning of the name.
BIG_CITY_BONUS = 1.0
# A small town named like a curated country or region needs a qualifier to win against it.
SMALL_TOWN_PENALTY = 2.0
_CURATED = frozenset({"country", "continent", "region"})
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
    # Grid cell -> (name key, lat, lon, weight) of the plausible candidates of every toponym.
    cells: dict[tuple[int, int], list[tuple[str, float, float, float]]] = field(
        default_factory=dict
    )
    # (country, admin1 code) -> (name key, weight, precision) of the candidates inside it.
    regions: dict[tuple[str, str], list[tuple[str, float, str]]] = field(default_factory=dict)

    def support(self, name_key: str, entry: Entry) -> float:
        """How many other toponyms of the document may be a place near ``entry`` (weighted).

        Towns support each other within ``NEAR_KM``; a region supports the towns inside it and
        is supported by them (a region's point says little about where its towns are).
        """
        best: dict[str, float] = {}
        region = (entry.country_code or "", entry.admin1 or "")
        if entry.admin1:
            kinds = ("city",) if entry.precision == "admin1" else ("admin1",)
            for key, weight, kind in self.regions.get(region, ()):
                if key != name_key and kind in kinds and weight > best.get(key, 0.0):
                    best[key] = weight
        if entry.precision != "admin1":
            row, col = _cell(entry.lat, entry.lon)
            cos_lat = math.cos(math.radians(entry.lat))
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    for key, lat, lon, weight in self.cells.get((row + dr, col + dc), ()):
                        if key == name_key or weight <= best.get(key, 0.0):
                            continue
                        dx = (lon - entry.lon) * cos_lat
                        if 111.2 * math.hypot(lat - entry.lat, dx) <= NEAR_KM:
                            best[key] = weight
        return sum(best.values())

    def country_share(self, cc: str | None) -> float:
        if not cc or not self.countries:
            return 0.0
        return self.countries.get(cc, 0.0) / max(self.countries.values())

    def add(self, cc: str, weight: float) -> None:
        self.countries[cc] = self.countries.get(cc, 0.0) + weight


_CELL_DEGREES = 2.0


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEGREES), math.floor(lon / _CELL_DEGREES)


def _add_support(context: _Context, toponyms: Sequence[_Toponym]) -> None:
    """Index each toponym's most plausible point candidates, weighted by their plausibility."""
    done: set[str] = set()
    for top in toponyms:
        key = normalise(top.text)
        if key in done:
            continue
        done.add(key)
        points = [e for e in top.candidates if e.precision in ("city", "admin1", "admin2")]
        if not points:
            continue
        ranked = sorted(points, key=_prior, reverse=True)[:SUPPORT_CANDIDATES]
        peak = max(_prior(e) for e in top.candidates)
        for entry in ranked:
            weight = math.exp(_prior(entry) - peak)
            if weight < 0.05:
                continue
            if entry.admin1 and entry.precision in ("city", "admin1"):
                context.regions.setdefault((entry.country_code or "", entry.admin1), []).append(
                    (key, weight, entry.precision)
                )
            if entry.precision != "admin1":
                context.cells.setdefault(_cell(entry.lat, entry.lon), []).append(
                    (key, entry.lat, entry.lon, weight)
                )


# -- candidates ----------------------------------------------------------------------------------
def _lookup(gaz: Gazetteer, text: str, landmarks: bool = True) -> tuple[list[Entry], str | None]:
    """Candidates for a name: a landmark's town, else the name whole, else without a region or
    facility designator."""
    landmark = gaz.landmark(text) if landmarks else None
    if landmark is not None:
        return [landmark], "landmark"
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


def _inner_place(gaz: Gazetteer, text: str) -> list[Entry]:
    """Places named inside an unknown multi-word name ("Colorado State University" -> Colorado).

    The longest run of words that is a landmark or a known place, not made only of institution
    words; towns must be sizeable (a word like "Valley" is also some hamlet's name). A country
    inside a name stands for its capital: national banks, ministries and stadiums sit there.
    """
    words = _WORD_SPLIT.split(text)
    if len(words) < 2:
        return []
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            part = words[i : i + size]
            if not part[0][:1].isupper() or all(
                w.lower() in _institution_words() or w.lower() in GENERIC_REGION_WORDS for w in part
            ):
                continue  # "State", "Northern" (Trust), "Central District" (Court)
            name = " ".join(part)
            key = normalise(name)
            if key in gaz.stoplist or key in gaz.never or gaz.demonym_country(name) is not None:
                continue
            landmark = gaz.landmark(name)
            if landmark is not None:
                return [landmark]
            found = [
                e
                for e in gaz.lookup(name)
                if e.precision != "city" or (e.population >= 20_000 and gaz.is_primary(name, e))
            ]
            if found and all(e.precision == "country" for e in found):
                capitals = [gaz.capitals.get(e.country_code or "") for e in found]
                found = [c for c in capitals if c is not None] or found
            if found:
                return found
    return []


def _strip_article(text: str, start: int) -> tuple[str, int]:
    if text.lower().startswith("the "):
        return text[4:], start + 4
    return text, start


def _entity_toponyms(sdoc: Doc, gaz: Gazetteer, demonyms: Counter[str]) -> list[_Toponym]:
    found: list[_Toponym] = []
    for ent in sdoc.ents:
        if ent.label_ in NON_NAME_LABELS:
            continue
        text, start = _strip_article(_POSSESSIVE.sub("", ent.text), ent.start_char)
        if "," in text and ent.label_ not in PLACE_LABELS:  # "Poso, Col": the first part
            text = text.split(",")[0].rstrip()
        if normalise(text) in gaz.never:
            continue
        demonym = gaz.demonym_country(text)
        if demonym is not None and ent.label_ != "GPE":
            demonyms[demonym.country_code or ""] += 1
            continue
        if ent.label_ not in PLACE_LABELS and len(ent) > 1 and not _lookup(gaz, text)[0]:
            continue  # "Paris Hilton", "Aleppo Media Centre": a name that only contains a place
        if ent.label_ == "PERSON" and len(ent) > 1 and not _big_or_curated(gaz.lookup(text)):
            continue  # "Arad Olivas"; but "Port Harcourt" and "Sri Lanka" are tagged PERSON too
        # "the White House said": an organisation acting, not a place; as FAC/GPE/LOC it is one.
        candidates, suffix = _lookup(gaz, text, landmarks=ent.label_ != "ORG")
        if _is_short_code(text):  # "AI", "LA": only a curated country/region name may match
            candidates = [e for e in candidates if e.precision != "city"]
        if candidates:
            found.append(_Toponym(start, start + len(text), text, ent.label_, candidates, suffix))
    return found


def _big_or_curated(candidates: Sequence[Entry]) -> bool:
    return any(e.precision != "city" or e.population >= MIN_POPULATION for e in candidates)


def _is_short_code(text: str) -> bool:
    letters = text.replace(".", "")
    return letters.isupper() and len(letters) <= 3


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _scan_toponyms(sdoc: Doc, gaz: Gazetteer, taken: set[int]) -> list[_Toponym]:
    """Gazetteer matches among capitalised words that no entity covers (longest match wins)."""
    found: list[_Toponym] = []
    max_tokens = min(gaz.max_tokens, MAX_SCAN_TOKENS)
    doc_text = sdoc.text  # spaCy rebuilds this string on every access: once per document
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
            text = doc_text[token.idx : last.idx + len(last.text)]
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
        if len({e.country_code for e in top.candidates}) != 1:
            return False  # "SA" (South Africa or Australia, or a company's "S.A.") needs GPE/LOC
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


# -- locative context ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Locative:
    """Words around a name that make it a place (data/places/locative.yaml)."""

    prepositions: frozenset[str]
    fillers: frozenset[str]
    area_nouns: frozenset[str]
    of_nouns: frozenset[str]
    strong_prepositions: frozenset[str]
    name_prefixes: frozenset[str]
    facility_nouns: frozenset[str]
    titles: frozenset[str]
    verbs: frozenset[str]
    directions: frozenset[str]
    to_words: frozenset[str]


@functools.cache
def _locative_words() -> _Locative:
    path = importlib.resources.files("eventwire") / "data" / "places" / "locative.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return _Locative(*(frozenset(str(w).lower() for w in data[key]) for key in _LOCATIVE_KEYS))


_LOCATIVE_KEYS = (
    "prepositions",
    "fillers",
    "area_nouns",
    "of_nouns",
    "strong_prepositions",
    "name_prefixes",
    "facility_nouns",
    "titles",
    "verbs",
    "directions",
    "to_words",
)
# Labels that never hide a toponym (numbers, dates, money).
NON_NAME_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
# Words that end an organisation's or armed group's name ("People's Protection Units").
_ORG_END = re.compile(
    r"\b(units?|forces?|front|state|party|army|brigades?|battalions?|movement|council|"
    r"committee|division|corps|militias?|guards?|regiment|alliance|coalition|league|union|"
    r"organi[sz]ation|group|company|corporation|bank|news|agency|times|post|tribe|tribesmen|"
    r"clan|navy|police|department|service|network|institute|office|court|ministry)$",
    re.IGNORECASE,
)


@functools.cache
def _actor_names() -> frozenset[str]:
    """Names of groups, organisations, media and people in the actor dictionary: a place name
    inside one ("Islamic State", "Kabul Bank") is part of an actor, not a place.

    Acronyms are left out (matched without case, "SANA" would hide Sana'a), and so are names
    that are first of all a place ("Brussels" for the EU, "European Union")."""
    kinds = {"group", "organisation", "media", "person", "coalition", "bloc"}
    gaz = gazetteer.load()
    names = {
        actor_key(name)
        for entry in ActorDictionary.load().entries.values()
        if entry.kind in kinds
        for name in entry.names
        if not name.replace(".", "").isupper() and not _big_or_curated(gaz.lookup(name))
    }
    return frozenset(names)


def _token_range(sdoc: Doc, top: _Toponym) -> tuple[int, int] | None:
    span = sdoc.char_span(top.start, top.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


def _locative_context(sdoc: Doc, start: int, end: int, depth: int = 0) -> bool:
    """Whether the words around tokens ``start:end`` make them a place: after a locative
    preposition ("in northern Taji", "into Quraytayn"), after "<area noun> of" ("the town of
    Poso"), before an area or facility noun ("Sopore town", "Nineveh province", "an army
    base"), or before an appositive area noun (", a village in ..."); or conjoined to a name in
    such a context ("shelled A and B")."""
    words = _locative_words()
    if depth < 4:
        previous = _previous_conjunct(sdoc, start)
        if previous is not None and _locative_context(sdoc, *previous, depth + 1):
            return True
    root = sdoc[start:end].root
    if root.dep_ in ("dobj", "obj") and root.head.lower_ in words.verbs:
        return True
    i = start - 1
    skipped = 0
    while i >= 0 and skipped < 2 and sdoc[i].lower_ in words.fillers:
        i, skipped = i - 1, skipped + 1
    if i >= 0:
        before = sdoc[i].lower_
        if before in words.prepositions or before in words.verbs:
            return True
        if before == "to" and i > 0 and sdoc[i - 1].lower_ in words.to_words:
            return True
        of_words = words.area_nouns | words.of_nouns | words.directions
        if before == "of" and i > 0 and sdoc[i - 1].lower_ in of_words:
            return True
    nouns = words.area_nouns | words.facility_nouns
    if (
        end < len(sdoc)
        and sdoc[end].lower_ in nouns
        and not sdoc[end].text[:1].isupper()
        and not _plural_of(sdoc, end)
        and sdoc[end - 1].ent_type_ != "NORP"  # "the Marine base", "a Kurdish village"
    ):
        return True
    if _possessive_place(sdoc, end):
        return True
    return _appositive_place(sdoc, end)


def _previous_conjunct(sdoc: Doc, start: int) -> tuple[int, int] | None:
    """The capitalised name before "and" or "," right before ``start`` ("A, B and C")."""
    i = start - 1
    if i < 1 or sdoc[i].lower_ not in ("and", ",", "or"):
        return None
    end = i
    if sdoc[end - 1].text == "," and sdoc[i].lower_ in ("and", "or"):
        end -= 1  # "A, B, and C"
    first = end
    while first > 0 and (
        sdoc[first - 1].text[:1].isupper() or sdoc[first - 1].lower_ in _NAME_PARTICLES
    ):
        first -= 1
    if first == end or not sdoc[first].text[:1].isupper():
        return None
    return first, end


def _possessive_place(sdoc: Doc, end: int) -> bool:
    """ "Grozny's streets", "Papeete's main stadium": a name owning an area or a facility."""
    words = _locative_words()
    if end + 1 >= len(sdoc) or sdoc[end].lower_ not in ("'s", "\u2019s"):
        return False
    k = end + 1
    while k < len(sdoc) - 1 and k < end + 3 and sdoc[k].lower_ in words.fillers:
        k += 1
    noun = sdoc[k].lower_
    return noun in words.area_nouns or noun in words.facility_nouns


def _appositive_place(sdoc: Doc, end: int) -> bool:
    """Whether the name ending at ``end`` is described as a place right after it: ", a village
    near ...", ", the capital", ", north of Baghdad"."""
    words = _locative_words()
    if end + 2 >= len(sdoc) or sdoc[end].text != ",":
        return False
    if sdoc[end + 1].lower_ in words.directions and sdoc[end + 2].lower_ == "of":
        return True
    if sdoc[end + 1].lower_ not in ("a", "the"):
        return False
    k = end + 2  # ", a small village", ", the capital"; not ", the state's chief economist"
    while k < min(len(sdoc), end + 5) and (
        sdoc[k].pos_ == "ADJ" or sdoc[k].lower_ in words.fillers
    ):
        k += 1
    if k >= len(sdoc) or sdoc[k].text != sdoc[k].lower_:
        return False
    nouns = words.area_nouns | words.facility_nouns
    return sdoc[k].lower_ in nouns and not (k + 1 < len(sdoc) and sdoc[k + 1].tag_ == "POS")


def _plural_of(sdoc: Doc, i: int) -> bool:
    """ "the East Darfur cities of A and B": the places are A and B, the name only qualifies."""
    return sdoc[i].tag_ == "NNS" and i + 1 < len(sdoc) and sdoc[i + 1].lower_ == "of"


def _part_of_actor_or_person(sdoc: Doc, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` sit inside an actor's or a person's name: a group or person
    of the actor dictionary ("Islamic State"), an organisation-like name ("Protection Units",
    "Nineveh Brigade"), a person entity of two or more tokens ("Arad Olivas"), or a name after a
    title ("Gen. Arad")."""
    words = _locative_words()
    for ent in sdoc.ents:
        if ent.start <= start and end <= ent.end and (ent.start, ent.end) != (start, end):
            if ent.label_ == "PERSON" and len(ent) > 1:
                return True
            if normalise(ent.text) in _actor_names() or _ORG_END.search(ent.text):
                return True
    # the capitalised run around the name: "Kurdish People's Protection Units"
    first, last = start, end
    while first > 0 and sdoc[first - 1].text[:1].isupper() and sdoc[first - 1].is_alpha:
        first -= 1
    while last < len(sdoc) and sdoc[last].text[:1].isupper() and sdoc[last].is_alpha:
        last += 1
    if last > end and _ORG_END.search(sdoc[end:last].text):
        return True
    for a in range(first, start + 1):
        for b in range(end, last + 1):
            if (a, b) != (start, end) and actor_key(sdoc[a:b].text) in _actor_names():
                return True
    if actor_key(sdoc[start:end].text) in _actor_names():
        return True
    return start > 0 and sdoc[start - 1].lower_.rstrip(".") in words.titles


def _name_continues(top: _Toponym, sdoc: Doc) -> bool:
    """Whether a match is only the first or last part of a hyphenated name ("Al" in "Al-Qaeda",
    "Tal" in "Tal-Abyad" is fine as GPE, not as a bare gazetteer match)."""
    tokens = _token_range(sdoc, top)
    if tokens is None:
        return False
    start, end = tokens
    after = end + 1 < len(sdoc) and sdoc[end].text == "-" and not sdoc[end - 1].whitespace_
    before = start >= 2 and sdoc[start - 1].text == "-" and not sdoc[start - 2].whitespace_
    return (after and sdoc[end + 1].text[:1].isupper()) or (
        before and sdoc[start - 2].text[:1].isupper()
    )


def _inside_actor(top: _Toponym, sdoc: Doc) -> bool:
    tokens = _token_range(sdoc, top)
    return tokens is not None and _part_of_actor_or_person(sdoc, *tokens)


def _accept_locative(top: _Toponym, sdoc: Doc, gaz: Gazetteer) -> bool:
    """A known name in a locative context is a place whatever its label ("entered Manbij")."""
    key = normalise(top.text)
    if key in gaz.stoplist or key in gaz.never or gaz.demonym_country(top.text) is not None:
        return False
    if _is_short_code(top.text) or len(key) < 3:
        return False
    if top.label == "ORG" and (gaz.landmark(top.text) is not None or key in _institution_words()):
        return False  # "approval from Congress", "in the Pentagon's view": the institution
    tokens = _token_range(sdoc, top)
    if tokens is None or not _locative_context(sdoc, *tokens):
        return False
    return not _part_of_actor_or_person(sdoc, *tokens)


# Lower-case words inside a place name ("Abu al-Duhur", "Bab el-Oued", "Rio de Janeiro").
_NAME_PARTICLES = frozenset(
    {"-", "al", "el", "ad", "as", "ash", "ar", "at", "de", "du", "da", "di"}
)
_ARTICLE_PREFIX = re.compile(r"^(al|el|ad|as|ash|ar|at)[-\u2010\u2011]")
SITE_PRECISION = "site"  # a facility, landmark or small place the gazetteer does not know


def _name_runs(sdoc: Doc) -> list[tuple[int, int]]:
    """Runs of capitalised words (with inner particles and hyphens) that may be a name."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(sdoc)
    while i < n:
        particle = (  # "al-Rai", "el-Arish": a name that starts with a lower-case article
            sdoc[i].lower_ in _NAME_PARTICLES
            and i + 2 < n
            and sdoc[i + 1].text == "-"
            and sdoc[i + 2].text[:1].isupper()
        )
        if not particle and not (sdoc[i].text[:1].isupper() and sdoc[i].text[:1].isalpha()):
            i += 1
            continue
        j = i + 1
        while j < n and (
            (sdoc[j].text[:1].isupper() and sdoc[j].text[:1].isalpha())
            or (sdoc[j].lower_ in _NAME_PARTICLES and j + 1 < n and sdoc[j + 1].text[:1].isupper())
        ):
            j += 1
        start, stop = i, j
        while start < stop and sdoc[start].is_stop:  # "In Iskandiriyah": not part of the name
            start += 1
        while stop > start and sdoc[stop - 1].is_stop:  # "... and West The officer"
            stop -= 1
        if start < stop:
            runs.append((start, stop))
        i = j
    return runs


def _site_span(sdoc: Doc, a: int, b: int) -> tuple[int, int, int] | None:
    """The tokens of an unknown site named by the run ``a:b``, if its context makes it one: a
    name ending in a facility word ("Kuweires Military Airport", "Manger Square"), a name before
    an area or facility noun ("Karradah neighborhood", "Tunga village"), a name after "<area
    noun> of" ("the village of Tell Nasri"), or a GPE/LOC entity after a locative preposition
    ("near Deir Nour"). The third number says how weak the evidence is: 0 the name or
    the words around it say "place", 1 a strong preposition ("near X"), 2 only a conjunction or
    an entity label; weaker evidence must pass more tests against names of people and groups."""
    words = _locative_words()
    if sdoc[a].lower_ == "the":
        a += 1
    if a >= b or any(sdoc[k].ent_type_ in NON_NAME_LABELS for k in range(a, b)):
        return None
    last = sdoc[b - 1].lower_
    two = f"{sdoc[b - 2].lower_} {last}" if b - a >= 2 else ""
    if b - a >= 2 and (last in words.facility_nouns or two in words.facility_nouns):
        return a, b, 0
    after = sdoc[b] if b < len(sdoc) else None
    if (
        after is not None
        and after.lower_ in words.area_nouns | words.facility_nouns
        and not after.text[:1].isupper()
        and not _plural_of(sdoc, b)
        and all(sdoc[k].pos_ == "PROPN" or sdoc[k].lower_ in _NAME_PARTICLES for k in range(a, b))
        and sdoc[b - 1].ent_type_ != "NORP"
    ):
        return a, b + 1, 0
    i = a - 1
    while i >= 0 and sdoc[i].lower_ in words.fillers:
        i -= 1
    if (
        i > 0
        and sdoc[i].lower_ == "of"
        and sdoc[i - 1].lower_ in words.area_nouns | words.directions
    ):
        return a, b, 0
    if _appositive_place(sdoc, b):
        return a, b, 0
    previous = _previous_conjunct(sdoc, a)
    if previous is not None and (
        _locative_context(sdoc, *previous, 1) or _site_span(sdoc, *previous) is not None
    ):
        return a, b, 2
    if i < 0:
        return None
    before = sdoc[i].lower_
    prefix = _ARTICLE_PREFIX.sub("", sdoc[a].lower_)
    named = b - a >= 2 and prefix in words.name_prefixes  # "Tal Nour", "Kafr Nabl"
    if before in words.strong_prepositions:
        return a, b, 0 if named else 1
    ents = {(e.start, e.end) for e in sdoc.ents if e.label_ in PLACE_LABELS}
    if (before in words.prepositions or before in words.verbs) and (named or (a, b) in ents):
        return a, b, 0 if named else 2
    return None


def _person_or_org(sdoc: Doc, start: int, end: int, people: bool = True) -> bool:
    """Whether the run is (part of) a person's name of two or more words or an organisation,
    or owns something ("Obi's life"): no site without a place word."""
    if end < len(sdoc) and sdoc[end].tag_ == "POS":
        return True
    for ent in sdoc.ents:
        if ent.start < end and start < ent.end:
            if people and ent.label_ == "PERSON" and len(ent) > 1:
                return True
            if ent.label_ == "ORG" and _ORG_END.search(ent.text):
                return True
    return False


def _names_actor(sdoc: Doc, start: int, end: int) -> bool:
    """Whether a run names a person or a group: it starts with a title ("Prince Charles"), is a
    lone NORP word ("a Muslim village"), or contains an actor of the dictionary ("United Nations
    International Conference")."""
    if sdoc[start].lower_.rstrip(".") in _locative_words().titles:
        return True
    if end - start == 1 and sdoc[start].ent_type_ == "NORP":
        return True
    names = _actor_names()
    return any(
        actor_key(sdoc[a:b].text) in names
        for a in range(start, end)
        for b in range(a + 1, min(end, a + 6) + 1)
    )


def _national_or_generic(gaz: Gazetteer, sdoc: Doc, start: int, end: int) -> bool:
    """A nation's building ("Israeli Embassy", "United States Consulate") or a generic one
    ("National Hospital"): where it is, the article names the town, which is the better place."""
    words = [t.text for t in sdoc[start:end] if t.lower_ not in _locative_words().facility_nouns]
    if not words:
        return True
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            part = " ".join(words[i : i + size])
            if gaz.demonym_country(part) is not None or any(
                e.precision == "country" for e in gaz.lookup(part)
            ):
                return True
    return all(w.lower() in _institution_words() or w.lower() in _NAME_PARTICLES for w in words)


def _site_places(sdoc: Doc, gaz: Gazetteer, taken: set[int], countries: set[str]) -> list[Place]:
    """Places the gazetteer does not know but the words around them name as places: sites
    (precision ``"site"``), at the point of a town their name contains ("Aleppo Thermal Power
    Plant" -> Aleppo) when that town is in a country the article names, else without
    coordinates."""
    places: list[Place] = []
    for a, b in _name_runs(sdoc):
        if any(k in taken for k in range(a, b)):
            continue
        found = _site_span(sdoc, a, b)
        if found is None:
            continue
        start, end, weakness = found
        name_end = min(end, b)
        name = sdoc[start:name_end].text
        key = normalise(name)
        if key in gaz.stoplist or key in gaz.never or gaz.demonym_country(name) is not None:
            continue
        if _part_of_actor_or_person(sdoc, start, name_end) or _ORG_END.search(name):
            continue
        if weakness and _person_or_org(sdoc, start, end, people=weakness > 1):
            continue  # "Colin Ferris", "Shell", "into the Navy"
        if _national_or_generic(gaz, sdoc, start, end) or _names_actor(sdoc, start, name_end):
            continue
        span = sdoc[start:end]
        inner = _inner_place(gaz, span.text) if end - start > 1 else []
        inner = [e for e in inner if e.country_code in countries]
        town = max(inner, key=_prior) if inner else None
        places.append(
            Place(
                span=Span(span.start_char, span.end_char, span.text),
                name=span.text,
                lat=town.lat if town else None,
                lon=town.lon if town else None,
                country_code=town.country_code if town else None,
                admin1=town.admin1 if town else None,
                feature_class="S",
                precision=SITE_PRECISION,
                confidence=0.3 if town else 0.1,
            )
        )
    return places


# -- context and scoring -------------------------------------------------------------------------
def _build_context(toponyms: Sequence[_Toponym], demonyms: Counter[str]) -> _Context:
    """Countries and regions the document names, directly or through its unambiguous places."""
    context = _Context()
    for cc, count in demonyms.items():
        context.add(cc, 0.5 * count)
    guessed: set[str] = set()  # names whose country is only a guess count once, not per mention
    for top in toponyms:
        kinds = {e.precision for e in top.candidates}
        countries = {e.country_code for e in top.candidates if e.country_code}
        best = max(top.candidates, key=_prior)
        key = normalise(top.text)
        curated = {e.country_code for e in top.candidates if e.precision != "city"}
        if best.precision == "country" and best.country_code:
            if len(curated) == 1:  # "SA" (South Africa or South Australia) is no evidence
                context.add(best.country_code, 1.0)
        elif best.precision == "admin1" and best.country_code:
            rivals = any(  # a foreign namesake town that the region does not dwarf
                e.precision == "city"
                and e.population >= max(100_000, best.population // 10)
                and e.country_code != best.country_code
                for e in top.candidates
            )
            if not rivals:  # "St. Louis" may be Senegal's region, but it is no evidence for it
                context.add(best.country_code, 0.5)
        elif len(countries) == 1 and kinds <= {"city", "admin1", "admin2"}:
            context.add(next(iter(countries)), 0.3)
        elif (
            best.precision == "city"
            and best.population >= 1_000_000
            and best.country_code
            and key not in guessed
        ):
            guessed.add(key)
            context.add(best.country_code, 0.2)
    _add_support(context, toponyms)
    return context


def _prior(entry: Entry) -> float:
    if entry.precision == "city":
        bonus = 0.5 if entry.feature_code == "PPLC" else 0.0
        return 2.2 * math.log10(entry.population + 10) / 7 + bonus
    if entry.precision == "admin1":
        # A parish of 14,000 people is a weaker reading of a name than a state of millions; a
        # region whose towns we could not count gets the prior of a middling one.
        people = entry.population or UNKNOWN_ADMIN1_POPULATION
        return min(PRIOR["admin1"], ADMIN1_PRIOR_OFFSET + 2.2 * math.log10(people) / 7)
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
    if entry.precision in ("city", "admin2", "admin1", "country"):
        score += CONTEXT_WEIGHT * context.country_share(entry.country_code)
    if entry.precision in ("city", "admin2", "admin1") and (
        gaz.is_primary(top.text, entry) or entry.population >= 100_000
    ):
        score += PROXIMITY_WEIGHT * min(context.support(normalise(top.text), entry), MAX_SUPPORT)
    for q in qualifiers:
        if q.country_code == entry.country_code and q is not entry:
            score += 3.0 if q.precision == "admin1" and q.admin1 == entry.admin1 else 2.0
    return score


def _choose(top: _Toponym, context: _Context, text: str, gaz: Gazetteer) -> tuple[Entry, float]:
    qualifiers = _comma_qualifier(text, top.end, gaz)
    scores = [_score(top, e, context, qualifiers, gaz) for e in top.candidates]
    regions = {(e.country_code, e.admin1) for e in top.candidates if e.precision == "admin1"}
    if regions:  # "New York": the city of millions, not the state named after it
        scores = [
            s + BIG_CITY_BONUS
            if e.precision == "city"
            and e.population >= 1_000_000
            and (e.country_code, e.admin1) in regions
            else s
            for s, e in zip(scores, top.candidates, strict=True)
        ]
    if any(e.precision in _CURATED for e in top.candidates):  # "Middle East" (Maryland)
        scores = [
            s - SMALL_TOWN_PENALTY if e.precision == "city" and e.population < 100_000 else s
            for s, e in zip(scores, top.candidates, strict=True)
        ]
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
        and not _name_continues(t, sdoc)
        and (
            (
                (t.label is None or t.label in OTHER_LABELS)
                and _accept_unlabelled(t, gaz, context, t.start in sentence_starts)
                and not _inside_actor(t, sdoc)
            )
            or _accept_locative(t, sdoc, gaz)
        )
    ]
    context = _build_context(accepted, demonyms)
    places = []
    for top in sorted(accepted, key=lambda t: t.start):
        entry, share = _choose(top, context, article.text, gaz)
        evidence = 1.0 if top.label in PLACE_LABELS else 0.8
        places.append(_place(top, entry, share * evidence))
    covered = {
        i
        for top in accepted
        if (tokens := _token_range(sdoc, top)) is not None
        for i in range(*tokens)
    }
    countries = {p.country_code for p in places if p.country_code}
    places += _site_places(sdoc, gaz, covered, countries)
    return sorted(places, key=lambda p: p.span.start)


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
        if _STATE_AFTER.match(text, end) and any(e.precision == "admin1" for e in candidates):
            suffix = "admin"  # "Washington state"
        if not candidates and gaz.demonym_country(clean) is None:
            candidates, suffix = _inner_place(gaz, clean), "facility"
        if normalise(clean) in gaz.never:
            candidates = []
        if _is_short_code(clean) and suffix != "landmark":  # "SA": never a hamlet's alias
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
                    results[k] = dataclasses.replace(
                        focus,
                        span=Span(start, end, name),
                        precision=MAX_ERROR_PRECISION,
                        confidence=0.05,
                    )
    return results


def _focus(places: Sequence[Place]) -> Place | None:
    """The place a document is about: its most-named town, else region, else country.

    Only places in the document's most-named country count (a story from Cairo that mentions
    London twice is still about Cairo's country); ties go to the first named.
    """
    countries = Counter(p.country_code for p in places if p.country_code)
    if countries:
        home = countries.most_common(1)[0][0]
        places = [p for p in places if p.country_code in (home, None)] or list(places)
    for precision in ("city", "admin2", "admin1", "country"):
        named = Counter(p.geonameid or p.name for p in places if p.precision == precision)
        if named:
            top = named.most_common(1)[0][0]
            return next(p for p in places if (p.geonameid or p.name) == top)
    return None
