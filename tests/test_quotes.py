"""Quotes and statements: who said what, through whom (eventwire.extract.quotes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire import nlp
from eventwire.evaluate import quotes as evaluate_quotes
from eventwire.extract.quote_lexicon import LexiconError, load_cues
from eventwire.extract.quote_marks import find_regions
from eventwire.extract.quotes import QuoteInputError, find_quotes, find_title_quotes
from eventwire.model import Actor, Article, Mention, Quote, Span

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quotes"


def quotes_of(text: str, mentions: tuple[Mention, ...] = ()) -> list[Quote]:
    return find_quotes(Article(id="t", text=text), nlp.load()(text), mentions)


def quote_with(found: list[Quote], words: str) -> Quote:
    hits = [q for q in found if words in q.content.text]
    assert hits, f"no quote contains {words!r}: {[q.content.text for q in found]}"
    return hits[0]


def spans_point_into(text: str, found: list[Quote]) -> None:
    for q in found:
        for span in (q.content, q.cue, q.speaker.span, q.speaker.resolved_from):
            if span is not None:
                assert text[span.start : span.end] == span.text


# -- quotation marks -------------------------------------------------------------------------


def test_regions_pair_straight_and_curly_marks() -> None:
    text = 'He said "this is it" and she said “that is that” too.'
    regions = find_regions(text)
    assert [text[r.start : r.end] for r in regions] == ['"this is it"', "“that is that”"]


def test_region_continues_into_next_paragraph_when_left_open() -> None:
    text = "“First part of it.\n\n“Second part,” he said.\n\nAfter."
    (region,) = find_regions(text)
    assert text[region.start : region.end] == "“First part of it.\n\n“Second part,”"


def test_unclosed_quotation_ends_with_its_paragraph() -> None:
    text = "“Never closed here\nNext paragraph."
    (region,) = find_regions(text)
    assert not region.closed
    assert text[region.start : region.end] == "“Never closed here"


def test_apostrophes_do_not_open_or_close_quotations() -> None:
    assert find_regions("The council's plan isn't ready, officials' notes say.") == []


# -- the seed article ------------------------------------------------------------------------


@pytest.fixture
def seed_quotes(seed_text: str) -> tuple[str, list[Quote]]:
    start = seed_text.index("Russian President Vladimir Putin said Friday")
    end = seed_text.index("in Kazakhstan.") + len("in Kazakhstan.")
    body = seed_text[start:end]
    return body, quotes_of(body)


def test_seed_direct_quotes_with_pronoun_speaker(seed_quotes: tuple[str, list[Quote]]) -> None:
    body, found = seed_quotes
    spans_point_into(body, found)
    for words in ("Everything that is happening in Palmyra", "I have said many times"):
        quote = quote_with(found, words)
        assert quote.kind == "direct"
        assert quote.speaker.name == "Vladimir Putin"
        assert quote.speaker.span is not None and quote.speaker.span.text == "he"
        assert quote.speaker.resolved_from is not None
        assert quote.speaker.resolved_from.text == "Putin"
        assert quote.cue is not None and quote.cue.text == "said"


def test_seed_mixed_and_direct_quotes_of_putin(seed_quotes: tuple[str, list[Quote]]) -> None:
    _, found = seed_quotes
    symbolic = quote_with(found, "purely symbolic")
    assert symbolic.kind == "mixed"
    assert symbolic.speaker.name == "Vladimir Putin"
    significance = quote_with(found, "When it comes to military and political significance")
    assert significance.kind == "direct"
    assert significance.speaker.name == "Vladimir Putin"


def test_seed_peskov_is_not_confused_with_putin(seed_quotes: tuple[str, list[Quote]]) -> None:
    _, found = seed_quotes
    loss = quote_with(found, "loss for the entire civilized world")
    assert loss.speaker.name == "Dmitry Peskov"
    assert loss.kind == "mixed"


def test_seed_indirect_statements(seed_quotes: tuple[str, list[Quote]]) -> None:
    _, found = seed_quotes
    refusal = quote_with(found, "refusal to cooperate")
    assert (refusal.kind, refusal.speaker.name) == ("indirect", "Vladimir Putin")
    claim = quote_with(found, "lack of coordination between the West")
    assert claim.speaker.name == "Vladimir Putin"
    assert claim.via == ["Itar-Tass"]
    assert "according to" not in claim.content.text
    accused = quote_with(found, "stopping military activity")
    assert accused.speaker.span is not None and accused.speaker.span.text == "He"
    assert accused.speaker.name == "Igor Konashenkov"
    assert accused.cue is not None and accused.cue.text == "accused"
    allies = quote_with(found, "cannot support Assad's brutal crackdown")
    assert allies.speaker.span is not None and "leaders" in allies.speaker.span.text


def test_seed_headline_statement(seed_text: str) -> None:
    title = seed_text.splitlines()[0]
    article = Article(id="seed", text="", title=title)
    (quote,) = find_title_quotes(article, nlp.load()(title))
    assert quote.speaker.name == "Putin"
    assert quote.cue is not None and quote.cue.text == "Blames"
    assert quote.content.field == "title"
    assert quote.content.text.startswith("Lack of U.S.-Assad Cooperation")


# -- own fixtures ----------------------------------------------------------------------------


def test_harbour_fixture_speakers_and_reporting_chain() -> None:
    text = (FIXTURES / "harbour.txt").read_text(encoding="utf-8")
    found = quotes_of(text)
    spans_point_into(text, found)
    waited = quote_with(found, "We have waited long enough")
    assert waited.kind == "direct"
    assert waited.speaker.name == "Maria Lindqvist"  # "Lindqvist" named in full earlier
    # speaker after the quotation, written as a plain name
    no_way = quote_with(found, "There is no way the work finishes")
    assert no_way.speaker.name == "Tomas Berg"
    accused = quote_with(found, "the council of ignoring")
    assert accused.speaker.span is not None and accused.speaker.span.text == "He"
    assert accused.speaker.name == "Tomas Berg"
    contract = quote_with(found, "dredging contract")
    assert contract.via == ["Kystposten"]
    funds = quote_with(found, "funds had been released")
    assert funds.via == ["Reuters"]
    assert "Reuters" not in funds.content.text
    assert not any(q.speaker.name == "Reuters" for q in found)


def test_summit_fixture_multi_paragraph_colon_and_mixed() -> None:
    text = (FIXTURES / "summit.txt").read_text(encoding="utf-8")
    found = quotes_of(text)
    spans_point_into(text, found)
    summit = quote_with(found, "This summit is our last real chance")
    assert "I will not sign a declaration" in summit.content.text  # continued paragraph
    assert summit.speaker.name == "Helena Okafor"
    gesture = quote_with(found, "a costly gesture")
    assert gesture.kind == "mixed"
    assert "warned" not in gesture.content.text
    miracles = quote_with(found, "Nobody should expect miracles")
    assert miracles.speaker.span is not None and miracles.speaker.span.text == "she"
    assert miracles.speaker.name == "Helena Okafor"
    ministry = quote_with(found, "push for a fund")
    assert ministry.speaker.name == "Environment Ministry"


def test_descriptions_resolve_to_the_named_entity() -> None:
    text = (
        "Defence Minister Ola Hansen visited the base in Bodø on Friday. "
        "The minister said the new radar would be ready next spring."
    )
    quote = quote_with(quotes_of(text), "radar would be ready")
    assert quote.speaker.span is not None and quote.speaker.span.text == "The minister"
    assert quote.speaker.name == "Ola Hansen"
    assert quote.speaker.resolved_from is not None
    assert quote.speaker.resolved_from.text == "Ola Hansen"


def test_institutions_and_spokesmen_resolve_to_their_names() -> None:
    text = (
        "Russia's Defence Ministry published new figures on Monday. The ministry said 40 drones "
        "had been shot down. Its spokesman Igor Konashenkov spoke later. The spokesman told "
        "reporters that the air defences had worked."
    )
    found = quotes_of(text)
    drones = quote_with(found, "40 drones")
    assert drones.speaker.span is not None and drones.speaker.span.text == "The ministry"
    assert drones.speaker.name == "Defence Ministry"
    defences = quote_with(found, "air defences had worked")
    assert defences.speaker.name == "Igor Konashenkov"


def test_resolver_mentions_give_the_actor() -> None:
    text = "Angela Merkel arrived late. She told reporters that the talks had failed."
    start = text.index("Angela Merkel")
    actor = Actor(name="Angela Merkel", country="DEU", sector="GOV", kind="person")
    mention = Mention(Span(start, start + 13, "Angela Merkel"), "PERSON", actor)
    quote = quote_with(quotes_of(text, (mention,)), "the talks had failed")
    assert quote.speaker.actor == actor
    assert quote.speaker.name == "Angela Merkel"
    assert quote.speaker.span is not None and quote.speaker.span.text == "She"


def test_speaker_inside_quotation_and_straight_marks() -> None:
    text = 'Officials were wary. "The water is safe," Dr. Amal Haddad said, "but boil it anyway."'
    found = quotes_of(text)
    quote = quote_with(found, "The water is safe")
    assert quote.speaker.name == "Amal Haddad"
    assert "boil it anyway" in quote.content.text
    assert len(found) == 1


def test_text_without_statements_gives_no_quotes() -> None:
    assert quotes_of("The bridge was opened in 1932. It is 400 metres long.") == []
    # scare quotes alone are not statements
    assert quotes_of('The so-called "reform" passed in May after a long debate.') == []


# -- errors ------------------------------------------------------------------------------------


def test_parse_of_another_text_is_a_clear_error() -> None:
    with pytest.raises(QuoteInputError, match="parse the text itself"):
        find_quotes(Article(id="x", text="He said so."), nlp.load()("Something else."))


def test_missing_or_bad_lexicon_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="cannot read cue lexicon"):
        load_cues(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("clause_verbs: say\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="must be a list of strings"):
        load_cues(bad)


def test_lexicon_inflects_its_verbs() -> None:
    lexicon = load_cues()
    assert lexicon.verb_lemma("said") == "say"
    assert lexicon.verb_lemma("accused") == "accuse"
    assert lexicon.verb_lemma("denies") == "deny"
    assert lexicon.verb_lemma("warning") == "warn"
    assert lexicon.verb_lemma("table") is None


# -- evaluation ----------------------------------------------------------------------------


def test_evaluation_on_a_polnear_shaped_fixture() -> None:
    results = evaluate_quotes.run(FIXTURES / "polnear_like", split="dev")
    ours = results["eventwire"]
    assert results["documents"] == 1
    assert ours["gold"] == 2
    assert ours["at_30"]["recall"] == 1.0
    assert ours["at_80"]["precision"] == 1.0
    assert ours["speaker"]["accuracy"] == 1.0
    report = evaluate_quotes.render(results)
    assert "| eventwire |" in report


def test_evaluation_refuses_a_folder_that_is_not_polnear(tmp_path: Path) -> None:
    with pytest.raises(evaluate_quotes.EvaluationDataError, match="no text/ and attributions/"):
        evaluate_quotes.run(tmp_path)


def test_overlap_matching_is_one_to_one() -> None:
    a = frozenset(range(10))
    pairs = evaluate_quotes._match([a, a], [a], 0.3)
    assert pairs == [(1, 0)] or pairs == [(0, 0)]


# -- round 2: attitude verbs, object extents, labelled lines, overlap readings -------------------


def test_intention_verb_takes_its_infinitive_as_content() -> None:
    found = quotes_of("The mayor of Tallin, Anna Kask, refused to comment on the harbour contract.")
    refused = quote_with(found, "to comment on the harbour contract")
    assert refused.cue is not None and refused.cue.text == "refused"
    assert refused.speaker.span is not None and "Kask" in refused.speaker.span.text


def test_poll_that_shows_a_clause_is_a_source() -> None:
    found = quotes_of("A survey by the Baltic Institute showed that most voters distrust the plan.")
    shown = quote_with(found, "most voters distrust the plan")
    assert shown.content.text.startswith("that most voters")
    assert shown.speaker.span is not None and "survey" in shown.speaker.span.text


def test_object_content_stops_before_time_adjuncts() -> None:
    found = quotes_of("Senator Ilves criticized Okafor and Berg after the debate on Tuesday.")
    criticized = quote_with(found, "Okafor and Berg")
    assert criticized.content.text == "Okafor and Berg"


def test_labelled_line_names_its_speaker() -> None:
    text = "Okafor: The Harbour Deal Was Never About Money\n\nThe council met on Monday."
    found = quotes_of(text)
    line = quote_with(found, "Harbour Deal Was Never About Money")
    assert line.speaker.span is not None and line.speaker.span.text == "Okafor"
    labels = [q.speaker.span for q in quotes_of("Update: The council met again on Monday evening.")]
    assert all(span is None or span.text != "Update" for span in labels)


def test_speaker_span_stays_on_its_own_line() -> None:
    text = "Harbour Deal Collapses\nTALLINN (Wire) - The mayor said the deal was dead."
    found = quotes_of(text)
    for q in found:
        assert q.speaker.span is None or "\n" not in q.speaker.span.text


def test_overlap_readings() -> None:
    gold = frozenset(range(0, 10))
    inside = frozenset(range(0, 8))
    assert evaluate_quotes.overlap(inside, gold) == pytest.approx(0.8)
    assert evaluate_quotes.overlap(inside, gold, "jaccard") == pytest.approx(0.8)
    longer = frozenset(range(0, 20))  # covers all the gold, but half of it is not gold
    assert evaluate_quotes.overlap(longer, gold) == pytest.approx(0.5)
    shifted = frozenset(range(1, 11))
    assert evaluate_quotes.overlap(shifted, gold) == pytest.approx(0.9)
    assert evaluate_quotes.overlap(shifted, gold, "jaccard") == pytest.approx(9 / 11)


def test_attitude_inside_a_statement_is_not_a_second_quote() -> None:
    found = quotes_of("Most harbour workers say they prefer a mayor who grew up in Tallinn.")
    assert [q.cue.text for q in found if q.cue is not None] == ["say"]
    assert found[0].content.text == "they prefer a mayor who grew up in Tallinn"


def test_dateline_and_clock_are_not_speakers() -> None:
    text = "TALLINN (Wire) — Mayor Anna Kask said on Monday that the harbour deal was dead."
    (said,) = [q for q in quotes_of(text) if q.cue is not None and q.cue.text == "said"]
    assert said.speaker.span is not None and "Kask" in said.speaker.span.text
    assert "TALLINN" not in said.speaker.span.text
    timed = quotes_of("4:40 p.m.\n\nMayor Anna Kask says the harbour deal is dead.")
    assert any(q.speaker.span is not None and "Kask" in q.speaker.span.text for q in timed)


def test_quotation_after_an_attributed_sentence_keeps_that_speaker() -> None:
    text = (
        "The plan is a “quiet revolution,” Okafor said. “Nobody in the council has read it, "
        "and nobody will until the vote.”"
    )
    follow = quote_with(quotes_of(text), "Nobody in the council has read it")
    assert follow.speaker.span is not None and follow.speaker.span.text == "Okafor"


def test_quotation_inside_an_object_clause_is_mixed() -> None:
    found = quotes_of("Okafor called the harbour council “rotten to the very core.”")
    called = quote_with(found, "rotten to the very core")
    assert called.kind == "mixed"
    assert called.content.text.startswith("the harbour council")


def test_outlet_told_is_not_the_speaker() -> None:
    text = (
        "Mayor Anna Kask told Reuters on Monday that the harbour deal was dead. "
        '"We will not sign it," she told the Associated Press.'
    )
    found = quotes_of(text)
    dead = quote_with(found, "the harbour deal was dead")
    assert dead.speaker.name == "Anna Kask"
    sign = quote_with(found, "We will not sign it")
    assert sign.speaker.span is not None and sign.speaker.span.text == "she"
    assert sign.speaker.name == "Anna Kask"


# -- session 2: PolNeAR conventions (issue #4) ------------------------------------------------


def test_doubled_apostrophes_are_quotation_marks() -> None:
    text = "Berg said ''we will 'never' sign it,'' and left. Don't ''quote'' me, he added."
    regions = find_regions(text)
    spans = [text[r.start : r.end] for r in regions]
    assert spans == ["''we will 'never' sign it,''", "''quote''"]
    assert regions[0].inner(text) == "we will 'never' sign it,"


def test_doubled_apostrophe_quotation_gets_its_speaker() -> None:
    text = "''The harbour will reopen in May, whatever the council says,'' Mayor Okafor said."
    found = quotes_of(text)
    quote = quote_with(found, "The harbour will reopen")
    assert quote.kind == "direct"
    assert quote.speaker.span is not None and quote.speaker.span.text == "Mayor Okafor"


def test_raising_verb_attributes_the_whole_proposition_to_nobody() -> None:
    found = quotes_of("The harbour council seemed deeply divided over the plan.")
    seemed = quote_with(found, "divided")
    assert seemed.content.text.startswith("The harbour council")
    assert seemed.speaker.span is None
    assert seemed.cue is not None and seemed.cue.text == "seemed"


def test_agentless_passive_of_a_belief_verb() -> None:
    found = quotes_of("Okafor is expected to win the harbour vote.")
    expected = quote_with(found, "to win the harbour vote")
    assert expected.content.text == "Okafor is expected to win the harbour vote"
    assert expected.speaker.span is None
    assert expected.cue is not None and expected.cue.text == "is expected"


def test_fronted_asked_gives_the_question() -> None:
    found = quotes_of("Asked whether she would run again, the mayor smiled.")
    asked = quote_with(found, "whether she would run again")
    assert asked.content.text == "whether she would run again"
    assert asked.speaker.span is None


def test_noun_cue_with_possessor_and_light_verb() -> None:
    claim = quote_with(
        quotes_of("His claim that the vote was rigged angered the council."), "rigged"
    )
    assert claim.content.text == "that the vote was rigged"
    assert claim.speaker.span is not None and claim.speaker.span.text == "His"
    support = quote_with(quotes_of("Critics voiced support for the harbour plan."), "harbour plan")
    assert support.content.text == "the harbour plan"
    assert support.cue is not None and support.cue.text == "support for"
    assert support.speaker.span is not None and support.speaker.span.text == "Critics"


def test_parenthetical_cue_takes_the_sentence_around_it() -> None:
    said = quote_with(quotes_of("The harbour plan, Okafor said, is dead."), "is dead")
    assert said.content.text.startswith("The harbour plan")
    assert said.speaker.span is not None and said.speaker.span.text == "Okafor"
    as_said = quote_with(quotes_of("The economy, as Berg said last week, is strong."), "strong")
    assert as_said.content.text.startswith("The economy")
    assert as_said.speaker.span is not None and as_said.speaker.span.text == "Berg"


def test_statement_inside_a_statement_is_one_quote() -> None:
    found = quotes_of("Berg said Okafor told him the harbour deal was dead.")
    assert len(found) == 1
    assert found[0].speaker.span is not None and found[0].speaker.span.text == "Berg"
    assert found[0].content.text == "Okafor told him the harbour deal was dead"


def test_cue_span_keeps_auxiliaries_and_adverbs() -> None:
    found = quotes_of("Okafor has repeatedly said that the harbour will reopen in May.")
    said = quote_with(found, "the harbour will reopen")
    assert said.cue is not None and said.cue.text == "has repeatedly said"
    assert said.content.text == "that the harbour will reopen in May"


def test_participle_modifier_and_infinitive_climb_to_their_speaker() -> None:
    backing = quote_with(quotes_of("Unions backing Okafor spent millions."), "Okafor")
    assert backing.speaker.span is not None and backing.speaker.span.text == "Unions"
    defend = quote_with(quotes_of("Berg went on the radio to defend the plan."), "the plan")
    assert defend.speaker.span is not None and defend.speaker.span.text == "Berg"


def test_according_to_gives_a_source_to_an_attitude_clause() -> None:
    text = "The three owners intended to reopen the hotel as a spa, according to court papers."
    found = quotes_of(text)
    assert len(found) == 1
    assert found[0].content.text == "The three owners intended to reopen the hotel as a spa"
    assert found[0].speaker.span is not None and found[0].speaker.span.text == "court papers"


def test_request_content_includes_who_is_asked() -> None:
    found = quotes_of("Okafor urged voters to reject the harbour plan.")
    assert [q.content.text for q in found] == ["voters to reject the harbour plan"]


def test_object_content_keeps_its_phrases_but_not_its_time() -> None:
    found = quotes_of("Berg has long supported stem cell research in the Senate.")
    assert quote_with(found, "stem cell").content.text == "stem cell research in the Senate"


def test_writer_tail_after_a_comma_is_not_content() -> None:
    found = quotes_of("Okafor said the harbour tax would fall, which pleased nobody.")
    assert quote_with(found, "harbour tax").content.text == "the harbour tax would fall"


def test_malformed_verb_preps_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "cues.yaml"
    bad.write_text("clause_verbs: [say]\nverb_preps: {refer: to}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="verb_preps"):
        load_cues(bad)


def test_asked_by_names_the_asker_and_keeps_the_question() -> None:
    found = quotes_of("Asked by reporters about the pier, Berg said nothing.")
    asked = quote_with(found, "the pier")
    assert asked.content.text == "about the pier"
    assert asked.speaker.span is not None and asked.speaker.span.text == "reporters"


def test_colon_after_the_cue_introduces_the_rest_of_the_paragraph() -> None:
    text = "Okafor wrote: The harbour is ready for business. The council should vote now.\n\nNext."
    wrote = quote_with(quotes_of(text), "ready for business")
    assert wrote.content.text == "The harbour is ready for business. The council should vote now"


def test_attitude_adjective_attributes_its_object() -> None:
    critical = quote_with(quotes_of("Berg was sharply critical of the harbour plan."), "harbour")
    assert critical.content.text == "the harbour plan"
    assert critical.speaker.span is not None and critical.speaker.span.text == "Berg"
    sure = quote_with(quotes_of("Okafor is confident that the pier will reopen."), "pier")
    assert sure.content.text == "that the pier will reopen"


def test_claiming_lives_is_not_a_claim_but_claiming_responsibility_is() -> None:
    found = quotes_of("The flood has claimed 40 lives. The militia claimed responsibility for it.")
    assert not any(q.content.text == "40 lives" for q in found)
    claimed = quote_with(found, "responsibility")
    assert claimed.speaker.span is not None and claimed.speaker.span.text == "The militia"
