"""Times: detection and TIMEX3 normalisation against the publication date, and its evaluation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire import nlp
from eventwire.errors import InputError
from eventwire.evaluate import time as time_eval
from eventwire.model import Article, TimeExpr
from eventwire.resolve.times import (
    Narrative,
    advance,
    find_times,
    granularity_of,
    normalize,
    tense_at,
)

FIXTURES = Path(__file__).parent / "fixtures" / "times"
FRIDAY = dt.date(2016, 12, 16)  # the seed article's publication day


def _article(published: dt.datetime | None) -> Article:
    text = (FIXTURES / "council-vote.txt").read_text(encoding="utf-8")
    return Article(id="council", text=text, published=published)


@pytest.fixture(scope="module")
def council() -> tuple[Article, list[TimeExpr]]:
    article = _article(dt.datetime(2016, 12, 16, 9, 30))
    return article, find_times(article, nlp.load()(article.text))


@pytest.mark.parametrize(
    ("expression", "tense", "value", "granularity"),
    [
        ("Sunday", "past", "2016-12-11", "day"),
        ("Tuesday", "past", "2016-12-13", "day"),
        ("Friday", "past", "2016-12-16", "day"),
        ("Friday", None, "2016-12-16", "day"),
        ("Monday", "future", "2016-12-19", "day"),
        ("earlier this week", None, "2016-W50", "week"),
        ("the spring of this year", None, "2016-SP", "season"),
        ("last month", None, "2016-11", "month"),
        ("last year", None, "2015", "year"),
        ("this year", None, "2016", "year"),
        ("in 2014", None, "2014", "year"),
        ("two days ago", None, "2016-12-14", "day"),
        ("yesterday", None, "2016-12-15", "day"),
        ("today", None, "2016-12-16", "day"),
        ("tonight", None, "2016-12-16TNI", "part_of_day"),
        ("April 1", "past", "2016-04-01", "day"),
        ("Dec. 20", "future", "2016-12-20", "day"),
        ("Jan. 3", "future", "2017-01-03", "day"),
        ("March 5, 2015", None, "2015-03-05", "day"),
        ("the 1990s", None, "199", "decade"),
        ("three years", None, "P3Y", "duration"),
        ("2 1/2 years", None, "P2Y6M", "duration"),
        ("several months", None, "PXM", "duration"),
        ("five-year", None, "P5Y", "duration"),
        ("daily", None, "P1D", "duration"),
        ("now", None, "PRESENT_REF", "reference"),
        ("recently", None, "PAST_REF", "reference"),
        ("the third quarter", None, "2016-Q3", "quarter"),
        ("10:30 a.m. Tuesday", "past", "2016-12-13T10:30", "time"),
    ],
)
def test_normalize_against_a_friday(
    expression: str, tense: str | None, value: str, granularity: str
) -> None:
    assert normalize(expression, FRIDAY, tense=tense) == (value, granularity)


def test_weekday_direction_follows_tense() -> None:
    assert normalize("Monday", FRIDAY, tense="past")[0] == "2016-12-12"
    assert normalize("Monday", FRIDAY, tense="future")[0] == "2016-12-19"
    assert normalize("next Monday", FRIDAY)[0] == "2016-12-19"
    assert normalize("last Friday", FRIDAY)[0] == "2016-12-09"


def test_context_reads_financial_year_ago_as_the_quarter() -> None:
    context = "Profit in the third quarter rose 5%. Sales were flat a year earlier."
    assert normalize("a year earlier", dt.date(1999, 10, 28), context=context)[0] == "1998-Q3"
    assert normalize("a year earlier", dt.date(1999, 10, 28))[0] == "1998"


def test_without_anchor_relative_values_are_never_guessed() -> None:
    assert normalize("Sunday", None) == ("XXXX-WXX-7", "day")
    assert normalize("April 1", None) == ("XXXX-04-01", "day")
    value, granularity = normalize("earlier this week", None)
    assert value is None and granularity == "week"
    assert normalize("in 2014", None) == ("2014", "year")


def test_unreadable_expression_gives_none() -> None:
    assert normalize("the bridge", FRIDAY) == (None, None)
    assert normalize("", FRIDAY) == (None, None)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, "past", "present", "future"]))
def test_normalize_never_raises(expression: str, tense: str | None) -> None:
    value, granularity = normalize(expression, FRIDAY, tense=tense, context=expression)
    assert value is None or isinstance(value, str)
    assert granularity == granularity_of(value) or value is None


def test_find_times_spans_point_into_the_text(council: tuple[Article, list[TimeExpr]]) -> None:
    article, times = council
    assert times
    for expr in times:
        assert article.text[expr.span.start : expr.span.end] == expr.span.text
        assert expr.anchored and expr.value is not None


def test_find_times_values_on_the_fixture(council: tuple[Article, list[TimeExpr]]) -> None:
    _, times = council
    found = {expr.span.text: expr.value for expr in times}
    assert found["Sunday"] == "2016-12-11"
    assert found["Tuesday"] == "2016-12-13"
    assert found["Friday"] == "2016-12-16"
    assert found["earlier this week"] == "2016-W50"
    assert found["the spring of this year"] == "2016-SP"
    assert found["Monday"] == "2016-12-19"  # "will meet again on Monday"
    assert found["Two days ago"] == "2016-12-14"
    assert found["Last month"] == "2016-11"
    assert found["2014"] == "2014"
    assert found["three years"] == "P3Y"
    assert found["now"] == "PRESENT_REF"
    assert found["recently"] == "PAST_REF"
    assert "4,000" not in found


def test_find_times_without_publication_date_flags_unanchored() -> None:
    article = _article(None)
    times = {t.span.text: t for t in find_times(article, nlp.load()(article.text))}
    assert times["Sunday"].anchored is False
    assert times["Sunday"].value == "XXXX-WXX-7"
    assert times["Last month"].anchored is False and times["Last month"].value is None
    assert times["2014"].anchored is True and times["2014"].value == "2014"
    today = dt.date.today().isoformat()
    assert all(today not in (t.value or "") for t in times.values())


def test_seed_article(seed_text: str) -> None:
    article = Article(id="seed", text=seed_text, published=dt.datetime(2016, 12, 16))
    times = find_times(article, nlp.load()(seed_text))
    values = {(t.span.text, t.value) for t in times}
    assert ("Sunday", "2016-12-11") in values
    assert ("Tuesday", "2016-12-13") in values
    assert ("Friday", "2016-12-16") in values
    assert ("earlier this week", "2016-W50") in values
    assert ("the spring of this year", "2016-SP") in values


def test_read_tml_offsets_match_the_text() -> None:
    doc = time_eval.read_tml(FIXTURES / "tbaq" / "TimeBank" / "sample.tml", "TimeBank")
    assert doc.dct == FRIDAY
    assert [t.text for t in doc.timexes] == [
        "Sunday",
        "three years",
        "earlier this week",
        "the spring of this year",
    ]
    for timex in doc.timexes:
        assert doc.text[timex.start : timex.end] == timex.text


def test_evaluation_on_fixture_corpus() -> None:
    results = time_eval.run(FIXTURES / "tbaq", baseline=True)
    assert results["expressions"]["overall"] == 4
    assert results["value_accuracy"]["overall"] == 1.0
    assert 0.0 <= results["dateparser_accuracy"]["overall"] < 1.0  # it cannot read P3Y or 2016-SP
    assert results["end_to_end"]["strict_value"]["recall"] == 1.0
    report = time_eval.render(results)
    assert "| overall | 4 | 1.000 |" in report


def test_evaluation_refuses_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        time_eval.read_tml(FIXTURES / "broken.tml", "TimeBank")
    with pytest.raises(InputError):
        time_eval.run(tmp_path)


def test_evaluation_on_shared_tempeval(shared: Path) -> None:
    results = time_eval.run(shared / "data" / "time" / "tempeval3-tbaq", limit=3, baseline=False)
    assert results["documents"] == {"TimeBank": 3, "AQUAINT": 3}
    assert results["value_accuracy"]["overall"] > 0.7
    assert results["end_to_end"]["relaxed"]["f1"] > 0.8


# --- round 2: the story's own dates, tense from the parse, TimeBank conventions -----------------

MARCH_14 = Narrative(date="1995-03-14")


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("that day", "1995-03-14"),
        ("Earlier that day", "1995-03-14"),
        ("the next morning", "1995-03-15TMO"),
        ("two days later", "1995-03-16"),
        ("three years after", "1998"),
        ("the following year", "1996"),
        ("the same month", "1995-03"),
        ("the previous week", "1995-W10"),
        ("the previous Friday", "1995-03-10"),
    ],
)
def test_narrative_expressions_read_against_the_last_date_mentioned(
    expression: str, value: str
) -> None:
    assert normalize(expression, FRIDAY, tense="past", narrative=MARCH_14)[0] == value


def test_without_a_story_date_narrative_expressions_fall_back_to_publication() -> None:
    assert normalize("that day", FRIDAY)[0] == "2016-12-16"
    assert normalize("the following year", FRIDAY)[0] == "2017"
    # "ago" always counts from publication, whatever the story is at.
    assert normalize("two days ago", FRIDAY, narrative=MARCH_14)[0] == "2016-12-14"


def test_advance_tracks_dates_and_fiscal_quarters() -> None:
    story = advance(None, "March 14, 1995", "1995-03-14")
    assert story.date == "1995-03-14"
    story = advance(story, "five years", "P5Y")  # durations do not move the story
    assert story.date == "1995-03-14" and story.quarter is None
    story = advance(story, "its fiscal first quarter", "1989-Q1")
    assert story.quarter == "1989-Q1"
    # a calendar quarter named in passing is not a fiscal reporting period
    assert advance(None, "the third quarter", "1989-Q3").quarter is None


def test_fiscal_quarter_named_earlier_decides_the_quarter_and_the_year_ago_one() -> None:
    anchor = dt.date(1989, 10, 26)
    story = advance(None, "the fiscal first quarter", "1989-Q1")
    context = "Net rose in the quarter. Sales grew 8% from a year earlier."
    assert normalize("the quarter", anchor, tense="past", narrative=story)[0] == "1989-Q1"
    assert normalize("a year earlier", anchor, context=context, narrative=story)[0] == "1988-Q1"
    # without it, the calendar quarter just reported
    assert normalize("the quarter", anchor, tense="past")[0] == "1989-Q3"


@pytest.mark.parametrize(
    ("expression", "anchor", "tense", "value"),
    [
        ("the fourth quarter", dt.date(1998, 1, 26), "past", "1997-Q4"),
        ("the third quarter", dt.date(1989, 10, 27), "future", "1989-Q3"),
        ("the first quarter", dt.date(1989, 11, 2), "future", "1990-Q1"),
        ("the past year", FRIDAY, "past", "2015"),
        ("the next year or so", FRIDAY, "future", "2017"),
        ("year-end", FRIDAY, "future", "2016"),
        ("the latest period", dt.date(1989, 11, 2), "past", "1989-Q3"),
        ("the corresponding period last year", dt.date(1989, 11, 1), None, "1988-Q3"),
        ("the full year", dt.date(1989, 10, 30), None, "1989"),
        ("the 1988 period", dt.date(1989, 11, 2), None, "1988"),
        ("each July", FRIDAY, None, "XXXX-07"),
        ("midnight Friday", FRIDAY, "past", "2016-12-16T24:00"),
        ("the end of December", FRIDAY, "future", "2016-12"),
    ],
)
def test_timebank_conventions(expression: str, anchor: dt.date, tense: str, value: str) -> None:
    assert normalize(expression, anchor, tense=tense)[0] == value


@pytest.mark.parametrize("lead", ["by", "through", "until", "effective"])
def test_deadline_words_point_ahead_even_in_past_tense(lead: str) -> None:
    anchor = dt.date(1989, 10, 30)
    context = f"It said it repaid part of the loan and would clear the rest {lead} February."
    assert normalize("February", anchor, tense="past", context=context)[0] == "1990-02"
    assert (
        normalize("February", anchor, tense="past", context="It sold the unit in February.")[0]
        == "1989-02"
    )


def test_find_times_on_a_narrative_story() -> None:
    text = (FIXTURES / "narrative.txt").read_text(encoding="utf-8")
    article = Article(id="harbour", text=text, published=dt.datetime(2016, 12, 16))
    found = {t.span.text: t.value for t in find_times(article, nlp.load()(text))}
    assert found["March 14, 1995"] == "1995-03-14"
    assert found["Two days later"] == "1995-03-16"
    assert found["the following year"] == "1996"
    assert found["That day"] == "1995-03-16"  # the last day the story reached, not the year
    # TimeML extents: no preposition before a reference, no determiner before an adjective
    assert "the past" in found and "In the past" not in found
    assert found["the past"] == "PAST_REF"
    assert "third-quarter" in found and "a third-quarter" not in found
    # "is expected to open in April": the infinitive under "expected" looks ahead
    assert found["April"] == "2017-04"
    assert found["Tuesday"] == "2016-12-13"


@pytest.mark.parametrize(
    ("expression", "tense", "context", "value"),
    [
        ("a while", None, None, "PXX"),
        ("a fairly lengthy period", "future", None, "PXX"),
        ("weeks or months", "past", None, "PXW"),
        ("this crucial moment", "future", None, "PRESENT_REF"),
        ("one day", "future", None, "FUTURE_REF"),
        ("one day", "past", None, "P1D"),  # only the future reading is vague
        ("future quarters", "future", None, "FUTURE_REF"),
        ("then current", None, None, "PAST_REF"),
        ("the eighth day", "present", "Today is the eighth day of the blockade.", "2016-12-16"),
        ("a week or so ago", "past", None, "2016-12-09"),
        ("each of the past three years", "past", None, "P3Y"),
        ("the first two quarters of 2017", "future", None, "2017-H1"),
        ("the last half of the '80s", "past", None, "198"),
        ("the latest fiscal year", "past", None, "2015"),
        ("Election Day", "past", None, "2016-11-08"),  # the Tuesday after the first Monday
        ("25", None, "The summit meets on April 24 and 25.", "2016-04-25"),
        ("fourth quarters", None, None, "XXXX-Q4"),
        ("second", None, "Sales peak in the second and fourth quarters.", "XXXX-Q2"),
        ("centuries", "past", None, "PXC"),  # the irregular plural of a unit is still a unit
        ("several centuries", "past", None, "PXC"),
        ("two centuries", "past", None, "P200Y"),
        ("every quarter", "future", None, "P1Q"),  # a recurrence keeps the unit it names
        ("quarterly", "future", None, "P3M"),
    ],
)
def test_vague_and_elliptic_expressions(
    expression: str, tense: str | None, context: str | None, value: str
) -> None:
    assert normalize(expression, FRIDAY, tense=tense, context=context)[0] == value


def test_weekday_deadline_points_ahead_unless_told_in_the_past_perfect() -> None:
    monday = dt.date(2000, 4, 3)
    context = "The agency gave the family until 9 a.m. Tuesday to sign."
    assert normalize("9 a.m. Tuesday", monday, tense="past", context=context)[0] == (
        "2000-04-04T09:00"
    )
    told_before = "Until Thursday, they had not called him a suspect."
    assert normalize("Thursday", dt.date(1999, 5, 7), tense="past", context=told_before)[0] == (
        "1999-05-06"
    )


def test_find_times_on_the_ferry_strike() -> None:
    text = (FIXTURES / "ferry-strike.txt").read_text(encoding="utf-8")
    article = Article(id="ferry", text=text, published=dt.datetime(1989, 11, 6))  # a Monday
    found = {t.span.text: t.value for t in find_times(article, nlp.load()(text))}
    # "had been due to end Friday evening": a plan made in the past, for the Friday just gone
    assert found["Friday evening"] == "1989-11-03TEV"
    # "have been talking since the Nov. 3 walkout": perfect progressive is past, not future
    assert found["Nov. 3"] == "1989-11-03"
    assert found["9 a.m. Tuesday"] == "1989-11-07T09:00"
    # TimeML extents: prepositions and focus particles stay out
    assert found["a week"] == "P1W" and "within a week" not in found
    assert found["five hours"] == "PT5H" and "only five hours" not in found
    assert found["current"] == "PRESENT_REF"
    assert found["one day"] == "FUTURE_REF"
    assert found["a while"] == "PXX"
    # an ordinal, an age, a television title and a parade are no times
    for word in ("A second", "40s", "This Week", "this march", "Morning"):
        assert word not in found


def test_read_tml_aligns_gold_spans_through_entities_and_nested_tags(tmp_path: Path) -> None:
    """The metric's reading: the DCT is the anchor, not a gold span; a dateline TIMEX3
    (PUBLICATION_TIME) is; offsets survive entities and tags nested inside a TIMEX3."""
    path = tmp_path / "audit.tml"
    path.write_text(
        '<?xml version="1.0" ?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2001-05-04" '
        'functionInDocument="CREATION_TIME">05-04-01</TIMEX3></DCT><TEXT>OSLO, <TIMEX3 tid="t1" '
        'type="DATE" value="2001-05-03" functionInDocument="PUBLICATION_TIME">May 3</TIMEX3> '
        '-- Smith &amp; Sons <EVENT eid="e1">closed</EVENT> <TIMEX3 tid="t2" type="DATE" '
        'value="2001-W18" functionInDocument="NONE">this <SIGNAL sid="s1">week</SIGNAL></TIMEX3>.'
        "</TEXT></TimeML>",
        encoding="utf-8",
    )
    doc = time_eval.read_tml(path, "AQUAINT")
    assert doc.dct == dt.date(2001, 5, 4)
    assert [(t.text, t.value) for t in doc.timexes] == [
        ("May 3", "2001-05-03"),
        ("this week", "2001-W18"),
    ]
    assert all(doc.text[t.start : t.end] == t.text for t in doc.timexes)
    assert "Smith & Sons" in doc.text


@pytest.mark.parametrize(
    ("sentence", "word", "tense"),
    [
        # the day named after the planned thing dates that thing, which lies ahead
        ("The union planned a large march through the old town on Saturday.", "Saturday", "future"),
        (
            "The mayor has scheduled a press briefing Thursday to explain the budget.",
            "Thursday",
            "future",
        ),
        # the day named first dates the planning itself
        ("On Friday, the ministry planned to pay the nurses.", "Friday", "past"),
        # a plan named in passing ("a concert planned for Saturday"): not read as ahead
        ("A concert planned at the harbour for Saturday was called off.", "Saturday", None),
        # "could" is also the past of "can": no future reading
        ("The owners could not be reached Wednesday at their shop.", "Wednesday", None),
        ("The ferry will sail Wednesday.", "Wednesday", "future"),
    ],
)
def test_tense_of_planned_events_and_could(sentence: str, word: str, tense: str | None) -> None:
    sdoc = nlp.load()(sentence)
    start = sentence.index(word)
    assert tense_at(sdoc, start, start + len(word)) == tense
