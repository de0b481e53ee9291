"""Event coding: PLOVER types, roles, modality, crosswalk, exports and the seed article."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml

from eventwire import nlp
from eventwire.export import FORMATS, export
from eventwire.extract.event_lexicon import load_lexicon, verb_forms
from eventwire.extract.event_roles import sizes, time_bounds
from eventwire.extract.events import find_events, main_type
from eventwire.model import Article, Document, Event, Mention, Place, Span, TimeExpr
from eventwire.ontology import PLOVER_TYPES, cameo_entry, load_crosswalk, load_ontology
from eventwire.ontology.plover import normalise_type

FIXTURES = Path(__file__).parent / "fixtures" / "events"
PUBLISHED = dt.datetime(2016, 12, 16)


def code(text: str, times: list[TimeExpr] | None = None) -> list[Event]:
    sdoc = nlp.load()(text)
    article = Article(id="t", text=text, published=PUBLISHED)
    mentions = [Mention(Span(e.start_char, e.end_char, e.text), e.label_) for e in sdoc.ents]
    return find_events(article, sdoc, mentions, [], times or [], [])


# ---------------------------------------------------------------- ontology and crosswalk
def test_ontology_has_sixteen_types_with_quads() -> None:
    onto = load_ontology()
    assert set(onto.types) == set(PLOVER_TYPES) and len(PLOVER_TYPES) == 16
    assert onto.quad("ASSAULT") == 4 and onto.quad("AGREE") == 1
    assert "phone" in onto.modes("CONSULT")


def test_crosswalk_maps_official_codes() -> None:
    table = load_crosswalk()
    assert table["192"].type == "COERCE" and table["192"].mode == ("seize",)
    assert table["041"].mode == ("phone",)
    assert cameo_entry("18231") is not None  # falls back to the parent code
    assert normalise_type("INVESTIGATE") == ("ACCUSE", "investigate")


def test_lexicon_codes_all_exist_in_crosswalk() -> None:
    lex = load_lexicon()
    for patterns in lex.verb_patterns.values():
        for p in patterns:
            assert p.type in PLOVER_TYPES
            assert cameo_entry(p.cameo) is not None


def test_verb_inflections() -> None:
    assert {"bans", "banned", "banning"} <= verb_forms("ban")
    assert {"seized", "seizing", "seizes"} <= verb_forms("seize")
    assert "took" in load_lexicon().verb_patterns


# ---------------------------------------------------------------- one sentence per type
CASES = yaml.safe_load((FIXTURES / "sentences.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["type"] + ":" + c["text"][:30] for c in CASES])
def test_type_per_sentence(case: dict[str, str]) -> None:
    events = code(case["text"])
    types = {e.type for e in events}
    assert case["type"] in types, [(e.type, e.trigger.text) for e in events]
    if "mode" in case:
        assert any(case["mode"] in e.mode for e in events if e.type == case["type"])


def test_roles_and_size() -> None:
    (event,) = [e for e in code("Police arrested 40 protesters in Lagos.") if e.type == "COERCE"]
    assert event.size == {"arrested": 40}
    assert event.actor and event.actor[0].name == "Police"
    assert event.location is not None and event.location.name == "Lagos"
    assert event.location_rule == "syntax:in-clause"
    assert event.date_from_publication and event.date and event.date.value == "2016-12-16"


def test_modalities() -> None:
    negated = [e for e in code("The army did not attack the village.") if e.type == "ASSAULT"]
    assert negated and negated[0].modality == "negated"
    future = [e for e in code("The court will investigate the contracts.") if e.type == "ACCUSE"]
    assert future and future[0].modality == "future"
    claimed = [
        e for e in code("The mayor said the rebels attacked the convoy.") if e.type == "ASSAULT"
    ]
    assert claimed and claimed[0].modality == "claimed" and claimed[0].reported_by
    unverified = [
        e for e in code("A video purporting to show the raid on the depot has not been verified.")
    ]
    assert unverified and all(e.modality == "unverified" for e in unverified)


@pytest.mark.parametrize(
    ("text", "expected", "mode"),
    [
        ("The ministers will meet in Geneva next month.", "AGREE", None),  # future meeting
        ("The island nation is willing to send doctors to the region.", "AGREE", None),
        ("The rebels said they would blockade the port.", "THREATEN", "restrict"),
        ("The governor threatened to impose a curfew on the city.", "THREATEN", "curfew"),
        ("The envoy said the militia must release the hostages.", "REQUEST", None),
        ("The two parties failed to reach an agreement on the budget.", "REJECT", None),
    ],
)
def test_stated_intentions_follow_plover(text: str, expected: str, mode: str | None) -> None:
    events = code(text)
    found = [e for e in events if e.type == expected]
    assert found, [(e.type, e.trigger.text) for e in events]
    if mode:
        assert mode in found[0].mode


def test_protest_topic_and_instrument_mode() -> None:
    events = code("Hundreds of nurses marched in Accra to demand higher wages.")
    assert {e.type for e in events} == {"PROTEST"}
    events = code("Gunmen wounded two guards in a bomb attack.")
    (attack,) = [e for e in events if e.trigger.text == "wounded"]
    assert "explosives" in attack.mode


def test_historical_from_date() -> None:
    text = "The army captured the town in the spring."
    start = text.index("the spring")
    spring = TimeExpr(Span(start, start + 10, "the spring"), value="2016-SP", granularity="season")
    (event,) = [e for e in code(text, [spring]) if e.type == "COERCE"]
    assert event.modality == "historical" and not event.date_from_publication


def test_sizes_and_bounds() -> None:
    assert sizes("The war has claimed more than 450,000 lives.") == {"dead": 450000}
    assert sizes("The blast killed 12 people and wounded 30.") == {"dead": 12, "injured": 30}
    assert time_bounds("2016-SP") == (dt.date(2016, 3, 1), dt.date(2016, 5, 31))


def test_no_event_without_verbs() -> None:
    assert code("Newsweek cover") == []


# ---------------------------------------------------------------- exports
def _document() -> Document:
    text = "Police arrested 40 protesters in Lagos."
    events = code(text)
    for e in events:
        e.location = Place(
            span=Span(33, 38, "Lagos"),
            name="Lagos",
            geonameid=2332459,
            lat=6.45,
            lon=3.39,
            country_code="NG",
        )
    return Document(article=Article(id="a1", text=text, url="https://example.org/a"), events=events)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "parquet"])
def test_export_text_formats_parse_back(fmt: str) -> None:
    doc = _document()
    out = io.StringIO()
    n = export([doc], fmt, out)
    assert n == len(doc.events) > 0
    text = out.getvalue()
    if fmt == "plover-jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        assert rows[0]["event_type"] == "COERCE" and rows[0]["event_loc"]["geonameid"] == 2332459
        assert rows[0]["size"] == {"arrested": 40}
    else:
        rows = list(
            csv.DictReader(io.StringIO(text), delimiter="\t" if fmt == "cameo-tsv" else ",")
        )
        assert len(rows) == n
        if fmt == "cameo-tsv":
            assert rows[0]["EventRootCode"] == "17" and rows[0]["QuadClass"] == "4"
            assert rows[0]["ActionGeo_FeatureID"] == "2332459" and rows[0]["SQLDATE"] == "20161216"
        if fmt == "acled-csv":
            assert rows[0]["location"] == "Lagos"


def test_export_parquet_parses_back() -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = io.BytesIO()
    n = export([_document()], "parquet", out)
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert table.num_rows == n and table.column("event_type")[0].as_py() == "COERCE"


def test_export_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export([], "xml", io.StringIO())


# ---------------------------------------------------------------- seed article
def test_seed_article(shared: Path) -> None:
    raw = (shared / "seed" / "palmyra-newsweek.txt").read_text(encoding="utf-8")
    start = raw.index("Russian President Vladimir Putin said Friday")
    end = raw.index("in Kazakhstan.") + len("in Kazakhstan.")
    events = code(raw[start:end])
    kinds = {(e.type, e.cameo) for e in events}
    names = {(e.type, a.name) for e in events for a in e.actor}
    assert ("ACCUSE", "Vladimir Putin") in names
    assert any(e.type == "ACCUSE" and any("Konashenkov" in a.name for a in e.actor) for e in events)
    assert ("RETREAT", "0874") in kinds or ("COERCE", "192") in kinds
    assert any(e.type == "COERCE" and e.modality == "unverified" for e in events)
    assert any(e.type == "REJECT" and e.modality == "asserted" for e in events)
    assert any(e.type == "CONSULT" and "phone" in e.mode for e in events)
    assert any(e.type == "CONSULT" and "visit" in e.mode for e in events)
    assert not any(e.type == "SUPPORT" and e.trigger.text == "hailed" for e in events)
    invite = [e for e in events if e.type == "REQUEST" and "meet" in e.mode]
    assert invite and invite[0].location and invite[0].location.name == "Kazakhstan"


# ---------------------------------------------------------------- round 3: stories
def _story_type(headline: str, body: str) -> str | None:
    text = f"{headline}\n\n{body}"
    return main_type(code(text), len(headline) + 1, len(text))


@pytest.mark.parametrize(
    ("headline", "body", "expected"),
    [
        # title-case verbs are tagged as names; the sentence-cased re-parse finds them
        (
            "Harbour Workers Block Port Entrance in Wage Dispute",
            "Dock workers stood at the gates on Monday. The war years were recalled by many.",
            "PROTEST",
        ),
        (
            "Northland Expels Four Diplomats After Spy Row",
            "The ministry gave the envoys two days to leave. Violence was not reported.",
            "SANCTION",
        ),
        # a promised concession is the story's event, not the promise
        (
            "Governor Promises to Lift Curfew in Eastern Province",
            "Residents welcomed the news and praised the police.",
            "CONCEDE",
        ),
        # a hostile act held out as possible is a threat
        (
            "Minister Raises Possibility of Ban on Opposition Rallies",
            "The opposition said it would continue its campaign.",
            "THREATEN",
        ),
    ],
)
def test_story_main_type_from_headline(headline: str, body: str, expected: str) -> None:
    assert _story_type(headline, body) == expected


def test_headline_events_point_at_article_text() -> None:
    text = "Rebels Seize Airport Near Capital\n\nThe fighters entered the airport at dawn."
    events = code(text)
    head = [e for e in events if e.evidence.start == 0]
    assert head, [(e.type, e.trigger.text) for e in events]
    for e in head:
        assert e.trigger.text == text[e.trigger.start : e.trigger.end]
        assert e.trigger.text[0].isupper()  # the article's own capitals, not the re-cased copy


def test_hyphenated_trigger_and_background_noun() -> None:
    # manual, CONCEDE: declaring a ceasefire is a concession; observing it is RETREAT:ceasefire
    events = code("The two militias declared a cease-fire on Friday.")
    assert main_type(events) == "CONCEDE", [(e.type, e.trigger.text) for e in events]
    events = code("The two militias observed the cease-fire on Friday.")
    assert any(e.type == "RETREAT" and "ceasefire" in e.mode for e in events)
    events = code("Riots broke out in the capital following weeks of violence.")
    assert main_type(events) == "PROTEST"


def test_agreement_content_is_coded_as_future() -> None:
    events = code("The council agreed to lift the ban on street markets.")
    assert main_type(events) == "AGREE"  # the sentence's event is the agreement (PLOVER)
    content = [e for e in events if e.type == "CONCEDE"]
    assert content and content[0].modality == "future"


def test_place_lost_to_a_group_is_seized_by_it() -> None:
    text = (
        "The minister blamed the army for the loss of Karvan to the rebels. "
        "The Karvan Liberation Front rebels had besieged the town for weeks. "
        "Government troops lost control of Karvan on Sunday."
    )
    sdoc = nlp.load()(text)
    article = Article(id="t", text=text, published=PUBLISHED)
    karvan = [
        Place(Span(i, i + 6, "Karvan"), name="Karvan")
        for i in range(len(text))
        if text.startswith("Karvan", i) and not text.startswith("Karvan Liberation", i)
    ]
    front = text.index("The Karvan Liberation Front") + 4
    mentions = [Mention(Span(front, front + 23, text[front : front + 23]), "ORG")]
    events = find_events(article, sdoc, mentions, karvan, [], [])
    seized = [e for e in events if e.type == "COERCE" and e.cameo == "192"]
    assert seized, [(e.type, e.trigger.text) for e in events]
    assert seized[0].location is not None and seized[0].location.name == "Karvan"
    assert any("Liberation Front" in a.name for a in seized[0].actor)


def test_seed_palmyra_seized_by_isis(shared: Path) -> None:
    """With the real resolvers: "loss of Palmyra to militants" + "lost control ... on Sunday"."""
    from eventwire.evaluate.events import _resolvers, annotate

    raw = (shared / "seed" / "palmyra-newsweek.txt").read_text(encoding="utf-8")
    text = raw[raw.index("Russian President Vladimir Putin said Friday") :]
    article = Article(id="seed", text=text, published=PUBLISHED)
    events = annotate(article, nlp.load()(text), _resolvers())
    seized = [e for e in events if e.cameo == "192" and e.trigger.text == "lost control"]
    assert seized, [(e.type, e.trigger.text) for e in events]
    event = seized[0]
    assert event.type == "COERCE" and "seize" in event.mode
    assert any("Islamic State" in a.name or "ISIS" in a.name for a in event.actor)
    assert event.date is not None and event.date.value == "2016-12-11"
    assert event.location is not None and event.location.span.text == "Palmyra"


# ---------------------------------------------------------------- Article.title (HTML, JSONL)
def _annotated(title: str, text: str) -> Document:
    from eventwire.annotate import annotate_batch
    from eventwire.settings import Settings

    doc = Document(Article(id="t", text=text, title=title, published=PUBLISHED))
    annotate_batch([doc], Settings())
    return doc


def test_title_is_coded_with_title_spans() -> None:
    title = "Government lifts curfew in Northport after talks"
    doc = _annotated(title, "Officials met with community leaders on Monday. Shops reopened.")
    in_title = [e for e in doc.events if e.evidence.field == "title"]
    assert in_title, [(e.type, e.trigger.text) for e in doc.events]
    for e in in_title:
        assert e.trigger.field == "title"
        assert e.trigger.text == title[e.trigger.start : e.trigger.end]
    assert main_type(doc.events) == "CONCEDE"  # the title's event decides, as a headline


def test_title_case_title_is_recased_and_points_into_title() -> None:
    title = "Rebels Seize Airport Near Capital"
    doc = _annotated(title, "The fighters entered the airport at dawn. Residents said guards fled.")
    seized = [e for e in doc.events if e.evidence.field == "title" and e.type == "COERCE"]
    assert seized and seized[0].trigger.text.startswith("Seize")
    assert main_type(doc.events) == "COERCE"


def test_title_repeated_in_text_is_not_coded_twice() -> None:
    title = "Rebels Seize Airport Near Capital"
    doc = _annotated(title, f"{title}\n\nThe fighters entered the airport at dawn.")
    assert not [e for e in doc.events if e.evidence.field == "title"]
    assert len([e for e in doc.events if e.type == "COERCE"]) == 1


def test_title_parse_of_another_text_is_refused() -> None:
    from eventwire.extract.event_headlines import EventInputError
    from eventwire.extract.events import find_title_events

    article = Article(id="t", text="Body text here.", title="Rebels seize airport")
    with pytest.raises(EventInputError, match="parse the title itself"):
        find_title_events(article, nlp.load()("Something else entirely"), [], [], [])


def test_manual_conventions_for_promises_and_agreements() -> None:
    # a promised retreat in a headline is a concession; a promised hostile act a threat
    assert _story_type("Rebels Agree to Withdrawal From Northern Towns", "Talks went on.") == (
        "CONCEDE"
    )
    assert _story_type("Insurgents Vow to Renew Bombing Campaign", "Talks failed.") == "THREATEN"
    # an agreement about a material field is material cooperation
    events = code("Norland and Sudia signed an extradition treaty on Monday.")
    assert main_type(events) == "COOPERATE", [(e.type, e.trigger.text) for e in events]
    # a threat with its condition is still a threat; a condition is no refusal
    events = code("Dock workers threatened a strike if a deal is not reached by Friday.")
    assert main_type(events) == "THREATEN", [(e.type, e.modality) for e in events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the protesters and the rally are who and where, the beating is the event
        ("Police officers beat protesters at an opposition rally in Karvia.", "ASSAULT"),
        # "aid arrives" is no visit; "war-torn" describes the place
        ("Emergency food aid arrived in war-torn Karvia on Monday.", "AID"),
        # "will withdraw … unless …" is an ultimatum
        ("Norland said it will withdraw its monitors unless the rebels disarm.", "THREATEN"),
        # a tons-of object: the aid is what is provided (future: AGREE, manual)
        ("The agency will provide 25,000 tons of food aid to the refugees.", "AGREE"),
        # an event in an "after" clause is background
        ("Norland suspended flights to Sudia a day after rebels shot down a plane.", "SANCTION"),
    ],
)
def test_main_event_over_participants_and_background(text: str, expected: str) -> None:
    events = code(text)
    assert main_type(events) == expected, [(e.type, e.trigger.text, e.confidence) for e in events]


def test_names_and_set_phrases_are_no_events() -> None:
    events = code("The Planning and Investment Minister said the economy grew in March.")
    assert not [e for e in events if e.trigger.text == "Investment"]
    events = code("The army is holding 300 refugees, according to a press release by the rebels.")
    assert "RETREAT" not in {e.type for e in events}


def _span_points_into_its_field(span: Span, article: Article) -> bool:
    source = article.title or "" if span.field == "title" else article.text
    return span.end <= span.start or source[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # a name the coder reads off the title itself ("syntax:name") is a title span
        ("POLICE ARREST 12 IN RAID", "Police said."),
        ("Police arrest twelve at Tal Kharva market", "Officers said the raid ended on Monday."),
        # a title naming no place takes the body's focus, which stays a body span
        ("Police arrest twelve protesters", "Police in Aleppo said the men were held in Aleppo."),
    ],
)
def test_title_event_spans_point_into_their_own_field(title: str, text: str) -> None:
    doc = _annotated(title, text)
    in_title = [e for e in doc.events if e.evidence.field == "title"]
    assert in_title, [(e.type, e.trigger.text) for e in doc.events]
    for e in doc.events:
        spans = [e.evidence, e.trigger]
        spans += [e.location.span] if e.location else []
        spans += [e.date.span] if e.date else []
        for span in spans:
            assert _span_points_into_its_field(span, doc.article), (e.type, span)
    located = [e for e in in_title if e.location is not None]
    if "Aleppo" in text:
        assert located and all(e.location.span.field == "text" for e in located)  # type: ignore[union-attr]
    else:
        assert located and all(e.location.span.field == "title" for e in located)  # type: ignore[union-attr]


def test_exports_say_which_field_the_evidence_offsets_are_in() -> None:
    title = "Police arrest forty in Lagos raid"
    trigger = title.index("arrest")
    headline = Event(
        type="COERCE",
        evidence=Span(0, len(title), title, "title"),
        trigger=Span(trigger, trigger + 6, "arrest", "title"),
    )
    doc = _document()
    doc.article.title = title
    doc.events = [headline, *doc.events]
    out = io.StringIO()
    export([doc], "plover-jsonl", out)
    infos = [json.loads(line)["text_info"] for line in out.getvalue().splitlines()]
    assert infos[0] == {"start": 0, "end": len(title), "field": "title"}
    assert {i["field"] for i in infos[1:]} == {"text"}
    out = io.StringIO()
    export([doc], "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["evidence_field"] for r in rows] == ["title"] + ["text"] * (len(rows) - 1)
    assert rows[0]["evidence"] == title
