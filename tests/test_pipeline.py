"""The pipeline on its own: one document in, one Document out, with every stage's annotations."""

from __future__ import annotations

from eventwire import nlp
from eventwire.pipeline import process
from eventwire.settings import Settings

REPORT = (
    "Ceasefire talks collapse in Geneva\n\n"
    "Negotiators walked out of ceasefire talks in Geneva on Tuesday, officials said, after the "
    "rebels accused the government of shelling villages near Aleppo.\n\n"
    '"We cannot negotiate while our people are being bombed," a rebel spokesman told reporters.\n'
)


def test_process_returns_a_document_with_annotations() -> None:
    doc = process(REPORT, published="2016-12-16")
    assert doc.article.title == "Ceasefire talks collapse in Geneva"
    assert doc.article.published_from == "user"
    assert {p.span.text for p in doc.places} >= {"Geneva", "Aleppo"}
    assert any(t.value == "2016-12-13" for t in doc.times)  # Tuesday before Friday 16th
    assert any(q.kind == "direct" for q in doc.quotes)
    assert doc.events, "an accusation should be coded"
    for span in [m.span for m in doc.mentions] + [p.span for p in doc.places]:
        assert doc.article.text[span.start : span.end] == span.text


def test_one_model_instance_serves_every_stage() -> None:
    assert nlp.load() is nlp.load("en_core_web_sm")


def test_parse_batches_are_bounded_by_characters_and_count() -> None:
    texts = ["a" * 50_000, "b" * 20_000, "c", "d", "e"]
    groups = list(nlp.batches(texts, size=2, max_chars=60_000))
    assert groups == [["a" * 50_000], ["b" * 20_000, "c"], ["d", "e"]]


def test_an_overlong_text_is_stored_as_skipped_not_parsed() -> None:
    settings = Settings(max_parse_chars=300)
    doc = process("Long report\n\n" + "The talks went on. " * 40, settings=settings)
    assert doc.article.status.startswith("skipped: too long to annotate")
    assert doc.events == [] and doc.mentions == []


def test_the_public_api_is_the_package_itself() -> None:
    import eventwire

    doc = eventwire.process("Rebels Seize Town\n\nRebels seized the town on Monday, police said.")
    assert isinstance(doc, eventwire.Document)
    assert eventwire.Pipeline is not None and "process" in eventwire.__all__


def test_a_three_word_headline_is_coded() -> None:
    doc = process(
        "Rebels Seize Town\n\nThe fighting stopped on Monday, residents said.",
        published="2016-12-16",
    )
    headline = [e for e in doc.events if e.trigger.field == "title"]
    assert doc.article.title == "Rebels Seize Town"
    assert [(e.type, e.trigger.text) for e in headline] == [("COERCE", "Seize Town")]
