"""Who is speaking (eventwire.extract.quote_speakers): spans, names, pronouns, parser slips."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc, Token

from eventwire import nlp
from eventwire.extract.quote_lexicon import load_cues
from eventwire.extract.quote_speakers import (
    SpeakerResolver,
    build_entities,
    colon_speaker,
    implicit_holder,
    signed_by,
    subjectless_speaker,
)
from eventwire.extract.quotes import find_quotes
from eventwire.model import Article, Mention, Quote, Span, Speaker

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quote_speakers"


def parse(text: str) -> Doc:
    return nlp.load()(text)


def token(sdoc: Doc, word: str) -> Token:
    return next(t for t in sdoc if t.text == word)


def never_quoted(_offset: int) -> bool:
    return False


@pytest.fixture(scope="module")
def hearing() -> tuple[str, list[Quote]]:
    text = (FIXTURES / "harbour-hearing.txt").read_text(encoding="utf-8")
    return text, find_quotes(Article(id="hearing", text=text), parse(text))


def by_content(found: list[Quote], words: str) -> Quote:
    hits = [q for q in found if words in q.content.text]
    assert hits, f"no quote contains {words!r}: {[q.content.text for q in found]}"
    return hits[0]


def written(quote: Quote) -> str | None:
    return quote.speaker.span.text if quote.speaker.span is not None else None


# -- the hearing fixture: one article, many ways of naming a speaker ---------------------------


def test_speaker_spans_point_into_the_text(hearing: tuple[str, list[Quote]]) -> None:
    text, found = hearing
    assert len(found) >= 8
    for q in found:
        for span in (q.speaker.span, q.speaker.resolved_from):
            if span is not None:
                assert text[span.start : span.end] == span.text
                assert "\n" not in span.text


def test_pronoun_continues_the_speaker_not_the_person_spoken_of(
    hearing: tuple[str, list[Quote]],
) -> None:
    # "Berg says Okafor is misleading … He says …": Okafor is the subject of what Berg said
    _, found = hearing
    audit = by_content(found, "an audit must be published")
    assert written(audit) == "He"
    assert audit.speaker.name == "Tomas Berg"
    assert audit.speaker.resolved_from is not None
    assert "Berg" in audit.speaker.resolved_from.text


def test_bracketed_party_tag_is_not_the_speaker(hearing: tuple[str, list[Quote]]) -> None:
    _, found = hearing
    repairs = by_content(found, "half of the repairs")
    assert written(repairs) == "Sen. Maria Lindqvist"
    assert repairs.speaker.name == "Maria Lindqvist"


def test_inverted_attribution_after_a_quotation(hearing: tuple[str, list[Quote]]) -> None:
    # '“…,” added another Portland councillor': the parser reads the speaker as an object
    _, found = hearing
    unusual = by_content(found, "It is unusual")
    assert written(unusual) == "another Portland councillor"
    assert unusual.speaker.name != "Portland"  # the place only modifies "councillor"


def test_colon_after_a_clause_without_a_verb_of_saying(hearing: tuple[str, list[Quote]]) -> None:
    _, found = hearing
    harbour = by_content(found, "belongs to everyone")
    assert written(harbour) == "Okafor"
    assert harbour.speaker.name is not None and "Okafor" in harbour.speaker.name


def test_counts_and_quantifiers_speak_for_people(hearing: tuple[str, list[Quote]]) -> None:
    # "Six in 10" is not a clock time; "Most" is not a misparse to be replaced
    _, found = hearing
    public = by_content(found, "should stay public")
    assert written(public) == "Six in 10 residents"
    asked = by_content(found, "never been asked")
    assert written(asked) == "Most"


def test_relative_that_is_replaced_by_its_noun(hearing: tuple[str, list[Quote]]) -> None:
    # "a report that accuses …": "that" names nothing; "who" and "which" stay as written
    _, found = hearing
    accuses = by_content(found, "hiding the costs")
    assert written(accuses) == "a report"


def test_headline_label_keeps_its_own_line(hearing: tuple[str, list[Quote]]) -> None:
    _, found = hearing
    label = by_content(found, "The pier is not for sale")
    assert written(label) == "Okafor"
    assert "PORTLAND" not in (label.speaker.name or "")


# -- parser slips around quotations ------------------------------------------------------------


def test_subjectless_verb_of_saying_finds_the_apposed_name() -> None:
    # the parser hangs "Col. Tomas Berg" on the date as an apposition and leaves "said" bare
    text = (
        "In a call with reporters on May 2, Col. Tomas Berg, a military spokesman in Baghdad, "
        "said, “I mean, a raid is a combat operation.”"
    )
    quote = by_content(find_quotes(Article(id="t", text=text), parse(text)), "a raid is")
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker.name == "Tomas Berg"


def test_cue_read_as_a_participle_of_its_speaker() -> None:
    text = "“What if the mayor had taken elocution lessons?” the 43-year-old asked in the video."
    (quote,) = find_quotes(Article(id="t", text=text), parse(text))
    assert written(quote) == "the 43-year-old"


def test_subjectless_speaker_refuses_passives_and_other_verbs() -> None:
    speech = load_cues().speech_verbs
    told = parse("Berg was told that the pier would close.")
    assert subjectless_speaker(token(told, "told"), speech, "tell", never_quoted) is None
    ran = parse("“We are done,” ran the headline.")
    assert subjectless_speaker(token(ran, "ran"), speech, None, never_quoted) is None


def test_quotation_signed_with_a_dash_and_a_name() -> None:
    # reader roundups, epigraphs and embedded posts sign a quotation instead of attributing it
    text = (
        "“Maybe we can build a wall around the harbour.” ― Steve Quinlan\n"
        "“The pier is ours,” — Anna Kask (@annakask) May 1, 2016\n"
        "“Nobody asked us about the pier.” - and that was the end of it."
    )
    found = find_quotes(Article(id="t", text=text), parse(text))
    assert by_content(found, "wall around").speaker.name == "Steve Quinlan"
    assert by_content(found, "The pier is ours").speaker.name == "Anna Kask"
    assert by_content(found, "Nobody asked").speaker.span is None  # a dash, but no name


def test_colon_speaker_names_the_subject_of_put_it() -> None:
    sdoc = parse("Or, as Helena Okafor, a former harbour master, put it: “The pier is a car park.”")
    head = colon_speaker(token(sdoc, ":"), never_quoted)
    assert head is not None and head.text == "Okafor"


def test_signature_needs_a_capitalised_name_after_the_dash() -> None:
    sdoc = parse("“The pier is ours.” — the council said nothing more.")
    closing = next(t for t in sdoc if t.text == "”")
    assert signed_by(list(sdoc[closing.i + 1 :])) is None


# -- holders of noun cues and raising verbs ----------------------------------------------------


def test_noun_cue_belongs_to_the_subject_of_its_verb() -> None:
    sdoc = parse("Mayor Tomas Berg launched a fierce attack on the harbour board on Monday.")
    holder = implicit_holder(token(sdoc, "attack"))
    assert holder is not None and holder.text == "Berg"


def test_noun_cue_that_is_itself_the_subject_has_no_holder() -> None:
    sdoc = parse("Support for the pier has been strongest among older residents.")
    assert implicit_holder(token(sdoc, "Support")) is None


def test_raising_verb_needs_a_subject_that_can_hold_a_view() -> None:
    person = parse("She appeared to imply that the pier would close.")
    holder = implicit_holder(token(person, "appeared"))
    assert holder is not None and holder.text == "She"
    thing = parse("The hearing seemed chaotic to everyone in the room.")
    assert implicit_holder(token(thing, "seemed")) is None


def test_passive_agent_holds_the_question() -> None:
    sdoc = parse("Asked by reporters about the pier, Berg said nothing.")
    holder = implicit_holder(token(sdoc, "Asked"))
    assert holder is not None and holder.text == "reporters"


# -- the resolver on its own -------------------------------------------------------------------


def resolver_for(text: str, mentions: tuple[Mention, ...] = ()) -> tuple[Doc, SpeakerResolver]:
    sdoc = parse(text)
    return sdoc, SpeakerResolver(text, build_entities(sdoc, mentions), load_cues())


def test_possessive_pronoun_resolves_like_a_subject_pronoun() -> None:
    text = "Councillor Helena Okafor spoke first. Her claim that the pier was sold angered Berg."
    sdoc, resolver = resolver_for(text)
    speaker = resolver.resolve(token(sdoc, "Her"))
    assert speaker.span is not None and speaker.span.text == "Her"
    assert speaker.name is not None and "Helena Okafor" in speaker.name


def test_surname_tagged_as_a_place_becomes_the_person() -> None:
    # NER sometimes calls a bare surname a place; the full name elsewhere says it is a person
    text = "Helena Okafor opened the hearing. Later Okafor said the pier was safe."
    full, short = text.index("Helena Okafor"), text.index("Okafor said")
    mentions = (
        Mention(Span(full, full + 13, "Helena Okafor"), "PERSON"),
        Mention(Span(short, short + 6, "Okafor"), "GPE"),
    )
    _, resolver = resolver_for(text, mentions)
    entity = next(e for e in resolver.entities if e.start == short)
    assert entity.label == "PERSON"
    assert entity.name == "Helena Okafor"


def test_conjoined_subjects_speak_together() -> None:
    text = "Okafor and Berg said the vote on the pier had been rigged."
    (quote,) = find_quotes(Article(id="t", text=text), parse(text))
    assert written(quote) == "Okafor and Berg"


@pytest.mark.parametrize(
    ("span", "name", "media"),
    [
        ("Reuters", "Reuters", True),
        ("the state news agency", "state news agency", True),
        ("Josh Lane, the White House press secretary", "Josh Lane", False),
        ("Anna Kask, a former Environmental Protection Agency official", "Anna Kask", False),
    ],
)
def test_media_is_decided_by_the_name_not_the_apposition(span: str, name: str, media: bool) -> None:
    _, resolver = resolver_for("Nothing happened.")
    speaker = Speaker(span=Span(0, len(span), span), name=name)
    assert resolver.is_media(speaker) is media


# -- round 4: attributions the detector used to leave without a speaker ------------------------


@pytest.fixture(scope="module")
def harbour_round4() -> list[Quote]:
    text = (FIXTURES / "round4-harbour.txt").read_text(encoding="utf-8")
    return find_quotes(Article(id="round4", text=text), parse(text))


def test_dashed_label_outranks_the_headline_verb(harbour_round4: list[Quote]) -> None:
    assert written(by_content(harbour_round4, "The numbers are bad")) == "Philip Marsh"


def test_title_case_dateline_is_not_the_speaker(harbour_round4: list[Quote]) -> None:
    speaker = written(by_content(harbour_round4, "would ruin the coast"))
    assert speaker is not None and "Okafor" in speaker and "Portland" not in speaker


def test_quotation_after_a_long_inverted_attribution_continues_it(
    harbour_round4: list[Quote],
) -> None:
    quote = by_content(harbour_round4, "This is a complicated town")
    assert written(quote) is not None and "Tomas Berg" in (written(quote) or "")


def test_quoted_fragment_parsed_as_subject_is_not_the_speaker(
    harbour_round4: list[Quote],
) -> None:
    quote = by_content(harbour_round4, "is part of the reality")
    assert written(quote) == "he"
    assert quote.content.text.startswith("''That, unfortunately,''")


def test_as_x_put_it_with_a_comma(harbour_round4: list[Quote]) -> None:
    quote = by_content(harbour_round4, "never been this divided")
    assert written(quote) == "the Harbour Gazette"
    assert quote.kind == "direct"


def test_a_count_the_parser_reads_as_a_modifier_speaks(harbour_round4: list[Quote]) -> None:
    speaker = written(by_content(harbour_round4, "cancel the plan"))
    assert speaker is not None and "4 in 10" in speaker


def test_raising_verb_with_a_verb_of_saying_keeps_its_subject(
    harbour_round4: list[Quote],
) -> None:
    assert written(by_content(harbour_round4, "misled the council")) == "Okafor"
    # without a verb of saying the proposition stays unsourced, subject included
    rally = by_content(harbour_round4, "chaotic")
    assert rally.speaker.span is None and rally.content.text.startswith("The rally")


def test_the_sender_of_a_statement_speaks(harbour_round4: list[Quote]) -> None:
    assert written(by_content(harbour_round4, "cannot vet every applicant")) == "His office"


def test_signs_read(harbour_round4: list[Quote]) -> None:
    quote = by_content(harbour_round4, "Anybody but the mayor")
    assert quote.cue is not None and quote.cue.text == "read"
    assert written(quote) == "one sign"
    assert "cannot vet" not in quote.content.text


def test_quotation_inside_a_reported_clause_is_mixed(harbour_round4: list[Quote]) -> None:
    quote = by_content(harbour_round4, "always run a lean office")
    assert quote.kind == "mixed"
    assert quote.content.text.startswith("the mayor has")
    assert written(quote) == "Spokeswoman Lena Dahl"


def test_the_occasion_is_not_part_of_an_object_content(harbour_round4: list[Quote]) -> None:
    criticized = [q for q in harbour_round4 if q.cue is not None and q.cue.text == "criticized"]
    assert [q.content.text for q in criticized] == ["the harbour plan"]


def test_headline_kicker_is_not_a_speaker() -> None:
    text = "Wow: Senator Okafor Just Said Something Unexpected About the Harbour Plan.\n"
    found = find_quotes(Article(id="kicker", text=text), parse(text))
    assert all(written(q) != "Wow" for q in found)
