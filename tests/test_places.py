"""Places: toponyms found in a parse and resolved to GeoNames entries, and the geo evaluation."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire import nlp
from eventwire.evaluate import geo
from eventwire.model import Article, Place
from eventwire.resolve import gazetteer
from eventwire.resolve.places import find_places, resolve_toponyms

FIXTURES = Path(__file__).parent / "fixtures" / "places"


@pytest.fixture(scope="module")
def syria_places() -> dict[str, list]:
    text = (FIXTURES / "syria-report.txt").read_text(encoding="utf-8")
    places = find_places(Article(id="fixture", text=text), nlp.load()(text))
    by_text: dict[str, list] = {}
    for place in places:
        assert text[place.span.start : place.span.end] == place.span.text
        by_text.setdefault(place.span.text, []).append(place)
    return by_text


def test_palmyra_resolves_to_tadmur_in_syria(syria_places: dict[str, list]) -> None:
    palmyra = syria_places["Palmyra"][0]
    assert (palmyra.geonameid, palmyra.country_code, palmyra.precision) == (163808, "SY", "city")
    assert abs(palmyra.lat - 34.56) < 0.05 and abs(palmyra.lon - 38.28) < 0.05
    assert 0.0 < palmyra.confidence <= 1.0


def test_regions_cities_and_countries(syria_places: dict[str, list]) -> None:
    homs = syria_places["Homs Governorate"][0]
    assert (homs.precision, homs.country_code, homs.feature_code) == ("admin1", "SY", "ADM1")
    assert syria_places["Raqqa"][0].name == "Ar Raqqah"
    assert syria_places["Aleppo"][0].country_code == "SY"
    for name, code in (("Syria", "SY"), ("Japan", "JP"), ("Kazakhstan", "KZ")):
        place = syria_places[name][0]
        assert (place.precision, place.country_code) == ("country", code)
        assert place.lat is not None and place.lon is not None


def test_demonyms_words_and_blocs_are_not_places(syria_places: dict[str, list]) -> None:
    for word in ("Russian", "Of", "Police", "West"):
        assert word not in syria_places


def test_comma_qualifier_picks_the_named_state() -> None:
    text = "Flooding closed roads in Palmyra, Pennsylvania on Tuesday."
    places = find_places(Article(id="pa", text=text), nlp.load()(text))
    palmyra = next(p for p in places if p.span.text == "Palmyra")
    assert (palmyra.country_code, palmyra.admin1) == ("US", "PA")


def test_resolve_toponyms_maps_demonyms_and_falls_back_to_focus() -> None:
    text = "Toronto police said Canadian officers closed Yonge Street in Toronto."
    spans = [("Toronto", 0, 7), ("Canadian", 20, 28), ("Yonge Street", 45, 57), ("Toronto", 61, 68)]
    places = resolve_toponyms(spans, text)
    assert places[0] is not None and places[0].country_code == "CA"
    assert places[1] is not None and places[1].precision == "country"
    assert places[2] is not None and places[2].precision == "document"
    assert places[2].name == places[0].name
    assert resolve_toponyms(spans, text, focus_fallback=False)[2] is None


def test_normalise_ignores_dots_accents_and_saint() -> None:
    assert gazetteer.normalise("U.S.") == "us"
    assert gazetteer.normalise("Saint-Étienne") == gazetteer.normalise("St. Etienne")


def test_metrics_follow_the_definitions() -> None:
    assert geo.distance_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.1)
    summary = geo.summarise([0.0, 100.0, 1000.0, geo.MAX_ERROR_KM])
    assert summary["acc161"] == 0.5
    assert summary["median_km"] == 550.0
    assert 0 < summary["auc"] < 1
    assert geo.summarise([0.0, 0.0])["auc"] == 0.0


def test_reads_both_corpus_layouts(tmp_path: Path) -> None:
    gwn = tmp_path / "GWN.xml"
    gwn.write_text(
        "<articles><article file='1'><text>Rain in Leeds.</text><toponyms><toponym>"
        "<extractedName>Leeds</extractedName><start>8</start><end>13</end>"
        "<latitude>53.8</latitude><longitude>-1.55</longitude></toponym></toponyms>"
        "</article></articles>",
        encoding="utf-8",
    )
    tr = tmp_path / "TR-News.xml"
    tr.write_text(
        "<articles><article docid='2'><text>Snow in Oslo.</text><toponyms><toponym>"
        "<phrase>Oslo</phrase><start>8</start><end>12</end><gaztag geonameid='1'>"
        "<lat>59.91</lat><lon>10.75</lon></gaztag></toponym></toponyms></article></articles>",
        encoding="utf-8",
    )
    results = geo.run(tmp_path, speed=False)
    for corpus in ("GeoWebNews", "TR-News"):
        assert results["corpora"][corpus]["toponyms"] == 1
        assert results["corpora"][corpus]["systems"]["eventwire"]["acc161"] == 1.0
    assert "| GeoWebNews | eventwire | 1 |" in geo.render(results)


def test_unreadable_corpus_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "GWN.xml"
    bad.write_text("<articles>", encoding="utf-8")
    with pytest.raises(geo.InputError, match="not a readable"):
        geo.run(tmp_path, speed=False)


def test_shared_geowebnews_subset(shared: Path) -> None:
    results = geo.run(shared / "data" / "geo" / "GWN.xml", limit=10, speed=False)
    systems = results["corpora"]["GeoWebNews"]["systems"]
    assert systems["eventwire"]["acc161"] >= systems["baseline"]["acc161"]


def _resolved(text: str, names: list[str]) -> list[Place | None]:
    spans = [(n, text.index(n), text.index(n) + len(n)) for n in names]
    return resolve_toponyms(spans, text, focus_fallback=False)


def test_landmarks_resolve_to_their_town() -> None:
    text = "Aides at the White House met reporters on Broadway before flying out of Heathrow."
    white_house, broadway, heathrow = _resolved(text, ["White House", "Broadway", "Heathrow"])
    assert white_house is not None and white_house.name == "Washington"
    assert white_house.country_code == "US"
    assert broadway is not None and broadway.name == "New York City"
    assert heathrow is not None and heathrow.name == "London" and heathrow.country_code == "GB"


def test_nearby_places_pick_the_matching_namesake() -> None:
    text = "Crews from Seattle and Spokane fought fires across Washington all week."
    *_, washington = _resolved(text, ["Seattle", "Spokane", "Washington"])
    assert washington is not None and washington.precision == "admin1"
    text = "Traffic in London stopped after a crash near St. Thomas, in southwestern Ontario."
    london, *_ = _resolved(text, ["London", "St. Thomas", "Ontario"])
    assert london is not None and london.country_code == "CA"


def test_country_beats_its_capital_s_alternate_name() -> None:
    text = "Rain fell across Mexico on Monday, officials in Guadalajara said."
    mexico, _ = _resolved(text, ["Mexico", "Guadalajara"])
    assert mexico is not None and mexico.precision == "country" and mexico.country_code == "MX"


def test_place_inside_an_institution_name_and_short_region_names() -> None:
    text = "Students at Colorado State University wrote to officials in Zhejiang."
    college, province = _resolved(text, ["Colorado State University", "Zhejiang"])
    assert college is not None and college.name == "Colorado" and college.precision == "admin1"
    assert province is not None and province.country_code == "CN"
    assert province.precision == "admin1"


def test_generic_words_inside_names_and_demonyms_of_nations() -> None:
    text = "Staff of Northern Trust spoke English with the Seoul Central District Court clerk."
    trust, english, court = _resolved(
        text, ["Northern Trust", "English", "Seoul Central District Court"]
    )
    assert trust is None  # "Northern" names no one region
    assert english is not None and english.name == "England" and english.precision == "admin1"
    assert court is not None and court.name == "Seoul" and court.country_code == "KR"


def test_ambiguous_abbreviation_follows_the_document_country() -> None:
    text = "Johannesburg and Pretoria lead SA growth, South African officials said."
    *_, sa = _resolved(text, ["Johannesburg", "Pretoria", "SA"])
    assert sa is not None and sa.country_code == "ZA"
    text = "Adelaide and the rest of SA face heat, said officials in Canberra."
    _, sa, _ = _resolved(text, ["Adelaide", "SA", "Canberra"])
    assert sa is not None and (sa.country_code, sa.precision) == ("AU", "admin1")


@pytest.fixture(scope="module")
def locative_places() -> dict[str, Place]:
    text = (FIXTURES / "locative-report.txt").read_text(encoding="utf-8")
    places = find_places(Article(id="locative", text=text), nlp.load()(text))
    for place in places:
        assert text[place.span.start : place.span.end] == place.span.text
    return {p.span.text: p for p in places}


def test_known_names_in_locative_context_are_places_whatever_their_label(
    locative_places: dict[str, Place],
) -> None:
    # the small model tags these PRODUCT, PERSON or ORG; the words around them say "place"
    assert locative_places["Manbij"].country_code == "SY"
    assert locative_places["Taji"].precision == "city"
    assert locative_places["Sopore"].country_code == "IN"


def test_names_inside_actor_and_person_names_are_not_places(
    locative_places: dict[str, Place],
) -> None:
    found = set(locative_places)
    assert not any("Arad" in name or "Protection" in name for name in found)
    assert "Qamishli" in found


def test_facilities_and_districts_become_sites(locative_places: dict[str, Place]) -> None:
    airport = locative_places["Kuweires Military Airport"]
    assert (airport.precision, airport.lat, airport.geonameid) == ("site", None, None)
    plant = locative_places["Aleppo Thermal Power Plant"]
    assert plant.precision == "site" and plant.country_code == "SY"
    assert plant.lat is not None and abs(plant.lat - 36.2) < 0.3
    assert locative_places["Bustan Nour neighborhood"].precision == "site"
    # a nation's building in a named town: the town is the place, not the embassy
    assert "Israeli Embassy" not in locative_places
    assert "Buenos Aires" in locative_places


def test_seed_article_gets_no_false_places(shared: Path) -> None:
    text = (shared / "seed" / "palmyra-newsweek.txt").read_text(encoding="utf-8")
    places = find_places(Article(id="seed", text=text), nlp.load()(text))
    assert {p.span.text for p in places} == {
        "Palmyra", "Homs Governorate", "Syria", "Japan", "Russia", "Raqqa", "Aleppo",
        "Kazakhstan", "Soviet Union",
    }  # fmt: skip
    assert all(p.precision != "site" for p in places)


def test_people_institutions_and_conjoined_places() -> None:
    text = (FIXTURES / "locative-negatives.txt").read_text(encoding="utf-8")
    found = {p.span.text: p for p in find_places(Article(id="neg", text=text), nlp.load()(text))}
    for name in ("Colin Ferris", "Congress", "Finally", "Supreme Court"):
        assert name not in found
    assert "Oceanside" in found
    assert found["Gidan Baro"].precision == "site"  # ", a small village ..."
    assert {"Kafr Ruma", "Maarrat Misrin"} <= set(found)  # "shelled A and B"
