"""Where an event happened (extract.event_location) and how the event_location gold is read."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from eventwire import nlp
from eventwire.evaluate.events import _span_chars, _verb_token, eval_location
from eventwire.extract import event_roles
from eventwire.extract.event_location import locate
from eventwire.model import Article
from eventwire.resolve.places import find_places

FIXTURES = Path(__file__).parent / "fixtures" / "event_location"
CASES: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "sentences.yaml").read_text("utf-8"))


def _locate(text: str, verb: str) -> tuple[str | None, str | None]:
    doc = nlp.load()(text)
    trigger = next(t for t in doc if t.text == verb)
    places = find_places(Article(id="t", text=text, published=dt.datetime(2020, 1, 1)), doc)
    place, rule = locate(trigger, trigger.sent, places, None)
    return (place.span.text if place else None), rule


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_place_of_the_act(case: dict[str, Any]) -> None:
    found, rule = _locate(case["text"], case["verb"])
    if case["place"] is None:
        assert found is None, (found, rule)
    else:
        assert found is not None and case["place"] in found, (found, rule)


def test_conjoined_verb_shares_the_place_and_says_so() -> None:
    found, rule = _locate("Gunmen shot and wounded a teacher in Kano on Monday.", "shot")
    assert found == "Kano" and rule == "syntax:conjoined-verb"


def test_unknown_name_before_place_noun_covers_the_phrase() -> None:
    found, rule = _locate("A car bomb exploded in Baghdad's Karrada district.", "exploded")
    # The resolver may know the name itself (in-clause) or leave it to the name rule: either way the
    # span covers the place noun.
    assert found == "Karrada district" and rule in {"syntax:name", "syntax:in-clause"}


def test_event_roles_still_exports_locate() -> None:
    assert event_roles.locate is locate


def test_span_read_through_tokens_when_start_end_are_token_indices() -> None:
    item = {
        "text": "Rebels shelled Goma at dawn.",
        "tokens": [
            {"start": 0, "end": 6},
            {"start": 7, "end": 14},
            {"start": 15, "end": 19},
            {"start": 20, "end": 22},
            {"start": 23, "end": 27},
            {"start": 27, "end": 28},
        ],
    }
    as_tokens = {"start": 2, "end": 2, "token_start": 2, "token_end": 2, "label": "LOCATION"}
    as_chars = {"start": 15, "end": 19, "token_start": 2, "token_end": 2, "label": "LOCATION"}
    assert _span_chars(item, as_tokens) == (15, 19) == _span_chars(item, as_chars)
    assert _span_chars(item, {"start": 15, "end": 19, "label": "LOCATION"}) == (15, 19)


def test_verb_token_is_not_the_quote_before_it() -> None:
    doc = nlp.load()('Rebels "shelled" the town.')
    token = _verb_token(doc, doc.text.index("shelled"))
    assert token is not None and token.text == "shelled"


def _write_set(folder: Path, items: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / "set.jsonl.zip", "w") as zf:
        zf.writestr("set.jsonl", json.dumps(items))
    return folder


def _item(text: str, verb: str, place: str | None, token_indices: bool, source: str) -> dict:
    doc = nlp.load().make_doc(text)
    tokens = [{"start": t.idx, "end": t.idx + len(t.text), "id": t.i} for t in doc]
    v = next(t for t in doc if t.text == verb)
    spans = [{"start": v.idx, "end": v.idx + len(v.text), "label": "VERB",
              "token_start": v.i, "token_end": v.i}]  # fmt: skip
    if place:
        p = next(t for t in doc if t.text == place)
        start, end = (p.i, p.i) if token_indices else (p.idx, p.idx + len(p.text))
        spans.append({"start": start, "end": end, "token_start": p.i, "token_end": p.i,
                      "label": "LOCATION"})  # fmt: skip
    return {"text": text, "tokens": tokens, "spans": spans, "source": source}


def test_eval_location_scores_token_indexed_gold(tmp_path: Path) -> None:
    items = [
        _item("Soldiers were killed in Mosul on Monday.", "killed", "Mosul", True, "RELABEL"),
        _item("Police arrested a man in Lagos.", "arrested", "Lagos", False, "X"),
        _item("The talks ended without agreement.", "ended", None, False, "RELABEL"),
    ]
    stages = {"places": find_places}
    result = eval_location(_write_set(tmp_path / "loc", items), None, stages)
    assert result["sentences"] == 3
    assert result["location_match"] == 1.0
    assert result["relabel_sentences"] == 2 and result["match_relabel"] == 1.0


def test_a_named_actor_object_is_not_an_unresolved_place() -> None:
    found, rule = _locate("The spokesman accused the West of meddling.", "accused")
    assert (found, rule) == (None, None)


def test_the_town_beats_the_country_tied_to_the_same_act() -> None:
    found, rule = _locate(
        "Militants attacked a police station in Kenya at Garissa on Monday.", "attacked"
    )
    assert (found, rule) == ("Garissa", "syntax:in-clause")
    found, _ = _locate("Two bombs exploded in Iraq in Mosul overnight.", "exploded")
    assert found == "Mosul"
