"""The actor resolver: dictionary look-ups, dated roles, and resolution in context."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from eventwire import nlp
from eventwire.errors import EventwireError
from eventwire.model import Article, Mention
from eventwire.resolve.actor_dictionary import ActorDictionary, ActorDictionaryError
from eventwire.resolve.actors import ActorResolver

FIXTURES = Path(__file__).parent / "fixtures" / "actors"
SEED_DATE = dt.datetime(2016, 12, 16)


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def mentions_of(resolver: ActorResolver, text: str, published: dt.datetime | None = SEED_DATE):
    article = Article(id="t", text=text, published=published)
    found = resolver.find_mentions(article, nlp.load()(text))
    for m in found:  # every span points at exactly its characters
        assert text[m.span.start : m.span.end] == m.span.text
    return found


def find(mentions: list[Mention], text: str) -> Mention:
    matches = [m for m in mentions if m.span.text == text]
    assert matches, f"no mention {text!r} in {[m.span.text for m in mentions]}"
    return matches[0]


def sentences() -> list[str]:
    return (FIXTURES / "sentences.txt").read_text(encoding="utf-8").splitlines()


# ---- the dictionary ---------------------------------------------------------------------------
def test_dictionary_covers_every_country_with_iso3_codes(resolver: ActorResolver) -> None:
    countries = [e for e in resolver.dictionary.entries.values() if e.kind == "country"]
    assert len(countries) >= 240
    assert all(len(e.country or "") == 3 and e.country == e.id for e in countries)
    assert resolver.lookup("Syria").country == "SYR"  # type: ignore[union-attr]
    assert resolver.lookup("Côte d'Ivoire").country == "CIV"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "actor_id", "country", "sector"),
    [
        ("ISIS", "IS", None, "INS"),
        ("Daesh", "IS", None, "INS"),
        ("the Islamic State", "IS", None, "INS"),
        ("Hayat Tahrir al-Sham", "HTS", "SYR", "INS"),
        ("Ansar Allah", "HOUTHIS", "YEM", "REB"),
        ("NATO", "NATO", "IGO", "IGO"),
        ("U.S.-led coalition", "COALITION_IS", "IGO", "MIL"),
        ("Itar-Tass", "TASS", "RUS", "MED"),
        ("the West", "WST", "WST", None),
    ],
)
def test_lookup_of_groups_organisations_and_media(
    resolver: ActorResolver, name: str, actor_id: str, country: str | None, sector: str | None
) -> None:
    actor = resolver.lookup(name)
    assert actor is not None
    assert (actor.actor_id, actor.country, actor.sector) == (actor_id, country, sector)


def test_metonyms_stand_for_institutions(resolver: ActorResolver) -> None:
    kremlin, pentagon = resolver.lookup("Kremlin"), resolver.lookup("Pentagon")
    assert kremlin is not None and (kremlin.country, kremlin.sector) == ("RUS", "GOV")
    assert pentagon is not None and (pentagon.country, pentagon.sector) == ("USA", "MIL")


def test_roles_are_bounded_by_dates(resolver: ActorResolver) -> None:
    as_pm = resolver.lookup("Vladimir Putin", on=dt.date(2010, 1, 1))
    as_president = resolver.lookup("Vladimir Putin", on=dt.date(2016, 12, 16))
    assert as_pm is not None and as_pm.role == "prime minister"
    assert as_president is not None and as_president.role == "head of state"
    assert resolver.lookup("Erdogan", on=dt.date(2010, 1, 1)).role == "prime minister"  # type: ignore[union-attr]
    assert resolver.lookup("Erdoğan", on=dt.date(2016, 1, 1)).role == "head of state"  # type: ignore[union-attr]


def test_a_person_out_of_office_is_a_former_office_holder(resolver: ActorResolver) -> None:
    assad = resolver.lookup("Bashar al-Assad", on=dt.date(2025, 3, 1))
    assert assad is not None and assad.sector == "ELI" and assad.role == "former head of state"
    obama = resolver.lookup("Barack Obama", on=dt.date(2012, 6, 1))
    assert obama is not None and (obama.country, obama.sector) == ("USA", "GOV")


def test_unknown_name_gives_none(resolver: ActorResolver) -> None:
    assert resolver.lookup("Zorblax Quintavious") is None


# ---- user files -------------------------------------------------------------------------------
def test_extra_files_add_and_override_entries() -> None:
    resolver = ActorResolver([FIXTURES / "extra.yaml"])
    haddad = resolver.lookup("Karim Haddad", on=dt.date(2016, 1, 1))
    assert haddad is not None and (haddad.country, haddad.sector) == ("SYR", "OPP")
    assert resolver.lookup("Wagner").name == "Wagner (renamed)"  # type: ignore[union-attr]
    assert resolver.dictionary.agent_words["flash mob"].sector == "PRO"
    assert ActorResolver().lookup("Wagner").name == "Wagner Group"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("bad_sector.yaml", "entry 2 (id 'broken_one')"),
        ("bad_country.yaml", "ISO 3166 alpha-3"),
        ("bad_yaml.yaml", "not valid YAML"),
        ("bad_key.yaml", "unknown key(s) ['contry']"),
        ("missing.yaml", "cannot read actor file"),
    ],
)
def test_invalid_files_raise_a_clear_error(file: str, expected: str) -> None:
    with pytest.raises(ActorDictionaryError) as info:
        ActorDictionary.load([FIXTURES / file])
    assert isinstance(info.value, EventwireError)
    assert file in str(info.value) and expected in str(info.value)
    assert str(info.value).startswith("[E410]")


# ---- resolution in context (own fixture sentences) --------------------------------------------
def test_unknown_person_takes_country_and_sector_from_title(resolver: ActorResolver) -> None:
    found = mentions_of(resolver, sentences()[0])
    karim = find(found, "Karim Haddad").actor
    assert karim is not None and karim.actor_id is None
    assert (karim.name, karim.country, karim.sector) == ("Karim Haddad", "SYR", "OPP")
    later = find(found, "Haddad").actor  # surname refers back to the full name
    assert later is not None and (later.name, later.sector) == ("Karim Haddad", "OPP")
    assert find(found, "Geneva").actor is None


def test_ministry_spokesperson_gets_the_ministry_country(resolver: ActorResolver) -> None:
    rana = find(mentions_of(resolver, sentences()[6]), "Rana Khoury").actor
    assert rana is not None and (rana.country, rana.sector) == ("LBN", "GOV")
    assert rana.role is not None and "spokeswoman" in rana.role


def test_known_people_get_their_dated_role(resolver: ActorResolver) -> None:
    found = mentions_of(resolver, sentences()[1], published=dt.datetime(2022, 6, 1))
    zelensky, stoltenberg = find(found, "Volodymyr Zelensky"), find(found, "Jens Stoltenberg")
    assert zelensky.actor is not None and zelensky.actor.country == "UKR"
    assert stoltenberg.actor is not None and stoltenberg.actor.role == "NATO secretary-general"
    assert stoltenberg.actor.country == "IGO"


def test_metonyms_in_context(resolver: ActorResolver) -> None:
    found = mentions_of(resolver, sentences()[2])
    assert (find(found, "Kremlin").actor.country, find(found, "Kremlin").actor.sector) == (  # type: ignore[union-attr]
        "RUS",
        "GOV",
    )
    washington = find(found, "Washington").actor
    assert washington is not None and washington.country == "USA"
    assert find(found, "Pentagon").actor.sector == "MIL"  # type: ignore[union-attr]
    moscow = find(mentions_of(resolver, sentences()[8]), "Moscow")
    assert moscow.actor is None  # "in Moscow" is a place


def test_groups_and_agents_in_context(resolver: ActorResolver) -> None:
    found = mentions_of(resolver, sentences()[3])
    daesh = next(m for m in found if "Daesh" in m.span.text).actor
    assert daesh is not None and daesh.actor_id == "IS"
    troops = find(found, "Iraqi troops").actor
    assert troops is not None and (troops.country, troops.sector) == ("IRQ", "MIL")
    police = find(found, "police").actor
    assert police is not None and police.sector == "COP"


def test_coordinated_countries_give_one_actor_each(resolver: ActorResolver) -> None:
    found = mentions_of(resolver, sentences()[4])
    countries = {(m.actor.country, m.actor.sector) for m in found if m.actor}
    assert {("FRA", "MIL"), ("GBR", "MIL")} <= countries
    assert find(found, "al-Shabaab").actor.actor_id == "SHABAAB"  # type: ignore[union-attr]
    assert any(m.actor and m.actor.actor_id == "COALITION_SAU" for m in found)


def test_protesters_and_riot_police(resolver: ActorResolver) -> None:
    found = mentions_of(resolver, sentences()[7])
    assert find(found, "Protesters").actor.sector == "PRO"  # type: ignore[union-attr]
    assert find(found, "riot police").actor.sector == "COP"  # type: ignore[union-attr]


def test_mentions_never_overlap(resolver: ActorResolver) -> None:
    found = mentions_of(resolver, " ".join(sentences()))
    ends = [(m.span.start, m.span.end) for m in found]
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(ends))


def test_title_only_adjective_is_not_an_agent(resolver: ActorResolver) -> None:
    found = mentions_of(resolver, "The strike was a major military success.")
    assert not any(m.label == "AGENT" for m in found)


# ---- the seed article -------------------------------------------------------------------------
@pytest.fixture
def seed_mentions(resolver: ActorResolver, seed_text: str) -> list[Mention]:
    """The seed article (via the ``shared`` fixture), published on 2016-12-16."""
    return mentions_of(resolver, seed_text)


@pytest.mark.shared
def test_seed_putin_is_head_of_state_and_coreferent(seed_mentions: list[Mention]) -> None:
    full = find(seed_mentions, "Vladimir Putin").actor
    assert full is not None and (full.country, full.sector, full.role) == (
        "RUS",
        "GOV",
        "head of state",
    )
    bare = [m for m in seed_mentions if m.span.text == "Putin"]
    assert len(bare) >= 5 and all(m.actor and m.actor.actor_id == "putin" for m in bare)


@pytest.mark.shared
def test_seed_konashenkov_erdogan_peskov(seed_mentions: list[Mention]) -> None:
    kon = find(seed_mentions, "Igor Konashenkov").actor
    assert kon is not None and (kon.country, kon.sector) == ("RUS", "MIL")
    erdogan = find(seed_mentions, "Recep Tayyip Erdogan").actor
    assert erdogan is not None and (erdogan.country, erdogan.sector) == ("TUR", "GOV")
    peskov = find(seed_mentions, "Dmitry Peskov").actor
    assert peskov is not None and peskov.country == "RUS"
    ministry = find(seed_mentions, "Russian Defence Ministry").actor
    assert ministry is not None and (ministry.country, ministry.sector) == ("RUS", "MIL")


@pytest.mark.shared
def test_seed_groups_coalition_west_and_media(seed_mentions: list[Mention]) -> None:
    assert find(seed_mentions, "ISIS").actor.actor_id == "IS"  # type: ignore[union-attr]
    state = next(m for m in seed_mentions if m.span.text.startswith("Islamic State"))
    assert state.actor is not None and state.actor.actor_id == "IS"
    coalition = find(seed_mentions, "U.S.-led coalition").actor
    assert coalition is not None and coalition.actor_id == "COALITION_IS"
    assert find(seed_mentions, "the West").actor.country == "WST"  # type: ignore[union-attr]
    tass = find(seed_mentions, "Itar-Tass").actor
    assert tass is not None and (tass.country, tass.sector) == ("RUS", "MED")


@pytest.mark.shared
def test_seed_agents(seed_mentions: list[Mention]) -> None:
    military = find(seed_mentions, "Assad's military").actor
    assert military is not None and (military.country, military.sector) == ("SYR", "MIL")
    russian = [m for m in seed_mentions if m.span.text == "Russian" and m.label == "AGENT"]
    syrian = find(seed_mentions, "Syrian government forces").actor
    assert russian and russian[0].actor is not None and russian[0].actor.country == "RUS"
    assert syrian is not None and (syrian.country, syrian.sector) == ("SYR", "MIL")
