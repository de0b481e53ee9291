"""The actor dictionary: YAML files of countries, organisations, groups, people and agent words.

Knowledge lives in data files (``eventwire/data/actors/*.yaml``) so that users can extend or
correct it without touching code: files given with ``--actors FILE`` are read after the built-in
ones, an entry with an existing ``id`` replaces it, and a surface form claimed by two entries
belongs to the one read last. Every problem in a file is reported with the file and the entry.
See docs/actors.md for the format.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from ..errors import EventwireError
from ..model import Actor

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"

# CAMEO agent (sector) codes the dictionary may use, plus IGO for intergovernmental bodies.
_SECTOR_CODES = (
    "GOV MIL COP JUD LEG REB INS OPP PTY CVL JRN MED EDU BUS HLH REF HRI NGO IGO SPY CRM LAB"
)
SECTORS = frozenset(f"{_SECTOR_CODES} ELI UAF PRO REL AGR ENV DEV MNC".split(" "))
# What a sector is called when an actor has a country and a sector but no name of its own.
SECTOR_LABELS = {
    "GOV": "government", "MIL": "military", "COP": "police", "JUD": "judiciary",
    "LEG": "legislature", "REB": "rebels", "INS": "insurgents", "OPP": "opposition",
    "PTY": "party", "CVL": "civilians", "JRN": "journalists", "MED": "media",
    "EDU": "education", "BUS": "business", "HLH": "health", "REF": "refugees",
    "HRI": "human rights", "NGO": "non-governmental organisation", "IGO": "international body",
    "SPY": "intelligence", "CRM": "criminals", "LAB": "labour", "ELI": "elite",
    "UAF": "armed groups", "PRO": "protesters", "REL": "religious", "AGR": "agriculture",
    "ENV": "environment", "DEV": "development", "MNC": "multinational",
}  # fmt: skip
KINDS = frozenset({"country", "bloc", "organisation", "coalition", "media", "group", "person"})
_COUNTRY_CODE = re.compile(r"^[A-Z]{3}$")
_ENTRY_KEYS = frozenset(
    {"id", "kind", "name", "country", "sector", "names", "demonyms", "metonyms", "roles"}
)
_ROLE_KEYS = frozenset({"role", "sector", "from", "to", "country"})

SurfaceForm = Literal["name", "demonym", "metonym"]


class ActorDictionaryError(EventwireError):
    """An actor dictionary file is missing, unreadable or has an invalid entry."""

    code = "E410"


@dataclass(frozen=True)
class Role:
    """A position held between two dates (``start`` inclusive, ``end`` exclusive)."""

    role: str
    sector: str | None
    start: dt.date | None
    end: dt.date | None
    country: str | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Entry:
    """One actor of the dictionary and every surface form that names it."""

    id: str
    kind: str
    name: str
    country: str | None
    sector: str | None
    names: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[tuple[str, str], ...] = ()
    roles: tuple[Role, ...] = ()
    source: str = ""

    def role_on(self, day: dt.date | None) -> tuple[Role | None, bool]:
        """The role held on ``day`` (latest-starting if several); ``day=None`` means the most
        recent role. The flag says whether the person held an office before but not on ``day``."""
        if not self.roles:
            return None, False
        if day is None:
            return max(self.roles, key=_role_start), False
        current = [r for r in self.roles if r.valid_on(day)]
        if current:
            return max(current, key=_role_start), False
        past = [r for r in self.roles if r.end is not None and r.end <= day]
        if past:
            return max(past, key=_role_start), True
        return None, False

    def actor(self, on: dt.date | None = None) -> Actor:
        """This entry as an :class:`Actor`, with the role valid on the given date."""
        if self.kind != "person":
            return Actor(self.name, self.country, self.sector, None, self.id, self.kind)
        role, former = self.role_on(on)
        if role is None:
            return Actor(self.name, self.country, self.sector, None, self.id, "person")
        if former:
            return Actor(self.name, self.country, "ELI", f"former {role.role}", self.id, "person")
        country = role.country or self.country
        return Actor(self.name, country, role.sector or self.sector, role.role, self.id, "person")


def _role_start(role: Role) -> dt.date:
    return role.start or dt.date.min


@dataclass(frozen=True)
class Surface:
    """What one surface form ("Kremlin", "Russian", "ISIS") stands for."""

    entry: Entry
    form: SurfaceForm
    sector: str | None = None  # for metonyms: the institution the place stands for

    def actor(self, on: dt.date | None = None) -> Actor:
        if self.form != "metonym":
            return self.entry.actor(on)
        return Actor(
            agent_name(self.entry.name, self.sector),
            self.entry.country,
            self.sector,
            None,
            self.entry.id,
            "agent",
        )


@dataclass(frozen=True)
class AgentWord:
    """A generic noun for a kind of actor ("troops") or a person's position ("spokesman")."""

    phrase: str
    sector: str | None
    is_title: bool


@dataclass
class ActorDictionary:
    """Every entry, surface form and agent word, merged from the files in reading order."""

    entries: dict[str, Entry] = field(default_factory=dict)
    surfaces: dict[str, Surface] = field(default_factory=dict)  # exact surface form -> meaning
    keys: dict[str, Surface] = field(default_factory=dict)  # normalised form -> meaning
    agent_words: dict[str, AgentWord] = field(default_factory=dict)  # lower-case phrase
    files: list[Path] = field(default_factory=list)

    @classmethod
    def load(cls, extra_files: Sequence[Path] = ()) -> ActorDictionary:
        """Read the built-in files, then ``extra_files`` (which add or override entries)."""
        builtin = sorted(DATA_DIR.glob("*.yaml"))
        if not builtin:
            raise ActorDictionaryError(f"no actor dictionary files found in {DATA_DIR}")
        result = cls()
        for path in [*builtin, *(Path(p) for p in extra_files)]:
            result._read(path)
        result._index()
        return result

    def lookup(self, name: str) -> Surface | None:
        """The meaning of a surface form, ignoring case, accents, punctuation variants and
        a leading "the"."""
        return self.surfaces.get(name.strip()) or self.keys.get(normalise(name))

    # ---- reading --------------------------------------------------------------------------
    def _read(self, path: Path) -> None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ActorDictionaryError(f"cannot read actor file {path}: {exc.strerror}") from exc
        except yaml.YAMLError as exc:
            raise ActorDictionaryError(f"actor file {path} is not valid YAML: {exc}") from exc
        if data is None:
            return
        if not isinstance(data, dict) or not set(data) <= {"actors", "agents", "titles"}:
            raise ActorDictionaryError(
                f"actor file {path}: expected a mapping with the keys actors, agents or titles"
            )
        self.files.append(path)
        for number, raw in enumerate(_as_list(data.get("actors"), path, "actors"), 1):
            entry = _parse_entry(raw, path, number)
            self.entries.pop(entry.id, None)  # re-insert: a replaced entry also moves last
            self.entries[entry.id] = entry
        for group in ("agents", "titles"):
            for number, raw in enumerate(_as_list(data.get(group), path, group), 1):
                for word in _parse_agent_group(raw, path, group, number):
                    self.agent_words[word.phrase] = word

    def _index(self) -> None:
        for entry in self.entries.values():
            forms: list[tuple[str, Surface]] = [(n, Surface(entry, "name")) for n in entry.names]
            forms += [(d, Surface(entry, "demonym")) for d in entry.demonyms]
            forms += [(m, Surface(entry, "metonym", s)) for m, s in entry.metonyms]
            for text, surface in forms:
                for variant in surface_variants(text):
                    self.surfaces[variant] = surface
                self.keys[normalise(text)] = surface


def _as_list(value: Any, path: Path, key: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ActorDictionaryError(f"actor file {path}: {key!r} must be a list")
    return value


def _fail(path: Path, where: str, problem: str) -> ActorDictionaryError:
    return ActorDictionaryError(f"actor file {path}, {where}: {problem}")


def _parse_entry(raw: Any, path: Path, number: int) -> Entry:
    where = f"entry {number}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "an entry must be a mapping with at least id and name")
    if isinstance(raw.get("id"), str | int):
        where = f"entry {number} (id {raw['id']!r})"
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise _fail(
            path, where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_ENTRY_KEYS)}"
        )
    entry_id, name = raw.get("id"), raw.get("name")
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise _fail(path, where, "'id' must be a non-empty string")
    if not isinstance(name, str) or not name.strip():
        raise _fail(path, where, "'name' must be a non-empty string")
    country = _country(raw.get("country"), path, where)
    sector = _sector(raw.get("sector"), path, where, "sector")
    names = _strings(raw.get("names", [name]), path, where, "names")
    if name not in names:
        names = [name, *names]
    demonyms = _strings(raw.get("demonyms", []), path, where, "demonyms")
    metonyms_raw = raw.get("metonyms") or {}
    if not isinstance(metonyms_raw, dict):
        raise _fail(path, where, "'metonyms' must map a place to a sector code, e.g. Kremlin: GOV")
    metonyms = tuple(
        (str(k), _sector(v, path, where, f"metonym {k!r}") or "GOV")
        for k, v in metonyms_raw.items()
    )
    roles = tuple(
        _parse_role(r, path, f"{where}, role {i}") for i, r in enumerate(raw.get("roles") or [], 1)
    )
    kind = raw.get("kind") or (
        "person" if roles else "country" if entry_id == country else "organisation"
    )
    if kind not in KINDS:
        raise _fail(path, where, f"'kind' must be one of {sorted(KINDS)}, not {kind!r}")
    return Entry(
        entry_id, kind, name, country, sector, tuple(names), tuple(demonyms), metonyms, roles,
        str(path),
    )  # fmt: skip


def _parse_role(raw: Any, path: Path, where: str) -> Role:
    if not isinstance(raw, dict) or not isinstance(raw.get("role"), str):
        raise _fail(path, where, "a role must be a mapping with at least 'role' (text)")
    unknown = set(raw) - _ROLE_KEYS
    if unknown:
        raise _fail(path, where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_ROLE_KEYS)}")
    start, end = _date(raw.get("from"), path, where), _date(raw.get("to"), path, where)
    if start and end and end < start:
        raise _fail(path, where, f"'to' ({end}) is before 'from' ({start})")
    return Role(
        raw["role"],
        _sector(raw.get("sector"), path, where, "sector"),
        start,
        end,
        _country(raw.get("country"), path, where),
    )


def _parse_agent_group(raw: Any, path: Path, group: str, number: int) -> list[AgentWord]:
    where = f"{group} entry {number}"
    if not isinstance(raw, dict) or "words" not in raw:
        raise _fail(path, where, "expected a mapping with 'sector' and 'words'")
    sector = _sector(raw.get("sector"), path, where, "sector")
    if sector is None and group == "agents":
        raise _fail(path, where, "agents need a sector code")
    words = _strings(raw["words"], path, where, "words")
    return [AgentWord(" ".join(w.lower().split()), sector, group == "titles") for w in words]


def _strings(value: Any, path: Path, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, where, f"'{key}' must be a list of non-empty strings")
    return [v.strip() for v in value]


def _country(value: Any, path: Path, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _COUNTRY_CODE.match(value):
        raise _fail(
            path, where, f"'country' must be an ISO 3166 alpha-3 code such as RUS, not {value!r}"
        )
    return value


def _sector(value: Any, path: Path, where: str, key: str) -> str | None:
    if value is None:
        return None
    if value not in SECTORS:
        raise _fail(
            path, where, f"{key} {value!r} is not a CAMEO agent code ({' '.join(sorted(SECTORS))})"
        )
    return str(value)


def _date(value: Any, path: Path, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise _fail(path, where, f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc


# ---- surface forms ------------------------------------------------------------------------
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})


def ascii_fold(text: str) -> str:
    """Drop accents ("Erdoğan" -> "Erdogan") and unify quotes and dashes."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """The lookup key of a name: folded, lower-case, single-spaced, without a leading "the"."""
    key = " ".join(ascii_fold(text).casefold().split())
    return key[4:] if key.startswith("the ") else key


def surface_variants(text: str) -> Iterable[str]:
    """Spellings matched for one listed form: as written, accent-free, sentence-initial."""
    variants = {text, ascii_fold(text)}
    for v in list(variants):
        if v[:1].islower():
            variants.add(v[0].upper() + v[1:])
    return variants


def agent_name(country_name: str | None, sector: str | None) -> str:
    """A readable name for an actor known only by country and sector: "Syria (military)"."""
    label = SECTOR_LABELS.get(sector or "", "")
    if country_name and label:
        return f"{country_name} ({label})"
    return country_name or label or "unknown"
