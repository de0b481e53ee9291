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
