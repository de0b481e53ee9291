"""The command line as a user meets it: real processes, real files, real database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ENGLISH = (
    "Flood waters rise in the delta\n\n"
    "Rescue teams evacuated hundreds of families from villages in the river delta on Monday, "
    "officials said, as flood waters rose for a third day after heavy rains.\n\n"
    '"The situation is serious but under control," the regional governor told reporters, '
    "adding that shelters had been opened in schools across the province.\n"
)
GERMAN = (
    "Hochwasser im Delta steigt weiter\n\n"
    "Rettungskräfte haben am Montag Hunderte Familien aus den Dörfern im Flussdelta in "
    "Sicherheit gebracht, wie die Behörden mitteilten. Das Wasser stieg den dritten Tag in "
    "Folge, nachdem es tagelang heftig geregnet hatte.\n"
)


def eventwire(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventwire", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "flood.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "hochwasser.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    lines = [
        {
            "url": "https://example.org/a",
            "title": "Talks",
            "published": "2020-03-02",
            "text": "Negotiators met in Geneva on Sunday to discuss a ceasefire, diplomats said, "
            "and agreed to meet again next month after two days of talks.",
        },
        {
            "url": "https://example.org/b",
            "published": "2020-03-02",
            "text": "Negotiators met in Geneva on Sunday to discuss a ceasefire, diplomats said, "
            "and agreed to meet again next month after two days of talks.",
        },
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken\n")
    return folder


def test_ingest_reports_new_skipped_failed_and_rerun_is_all_duplicates(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "cli.db"
    first = eventwire("ingest", str(corpus), "--db", str(db), "--no-nlp", "--quiet")
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    out = first.stdout
    assert "new        2" in out  # flood + one of the two identical JSONL texts
    assert "duplicate  1" in out  # the same text under a second URL
    assert "language de" in out
    assert "failed     2" in out  # the empty file and the broken JSONL line

    second = eventwire("ingest", str(corpus), "--db", str(db), "--no-nlp", "--quiet")
    assert second.returncode == 0
    assert "new        0" in second.stdout

    stats = json.loads(eventwire("stats", "--db", str(db), "--json").stdout)
    assert stats["articles"] == 3  # 2 English + 1 German (skipped but kept)
    assert stats["sources"] == 4
    assert stats["failures"] == 2
    reasons = " ".join(f["reason"] for f in stats["recent_failures"])
    assert "empty" in reasons and "line 3" in reasons + " ".join(
        f["input"] for f in stats["recent_failures"]
    )


def test_missing_path_fails_with_one_line_reason(tmp_path: Path) -> None:
    result = eventwire("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db"), "-q")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "nothing could be read" in result.stderr
    assert "nope" in result.stderr


def test_show_and_search_read_back_what_ingest_stored(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    eventwire("ingest", str(corpus / "flood.txt"), "--db", str(db), "--no-nlp", "-q")
    hits = eventwire("search", "shelters", "--db", str(db))
    assert hits.returncode == 0
    article_id = hits.stdout.split()[0]
    shown = eventwire("show", article_id, "--db", str(db))
    assert shown.returncode == 0
    assert "title:     Flood waters rise in the delta" in shown.stdout
    as_json = json.loads(eventwire("show", article_id, "--db", str(db), "--format", "json").stdout)
    assert as_json["article"]["text"].startswith("Rescue teams evacuated")
    missing = eventwire("show", "doesnotexist", "--db", str(db))
    assert missing.returncode != 0 and "no article" in missing.stderr


def test_extract_from_stdin_prints_the_document_json() -> None:
    result = eventwire("extract", "-", "--published", "2021-06-07", "--no-nlp", stdin=ENGLISH)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["article"]["title"] == "Flood waters rise in the delta"
    assert doc["article"]["published"].startswith("2021-06-07")
    assert doc["article"]["published_from"] == "user"


def test_extract_rejects_a_bad_date_clearly() -> None:
    result = eventwire("extract", "-", "--published", "last tuesday", stdin=ENGLISH)
    assert result.returncode == 2
    assert "not an ISO date" in result.stderr


def test_seed_article_end_to_end(shared: Path) -> None:
    seed = shared / "seed" / "palmyra-newsweek.txt"
    result = eventwire("extract", str(seed), "--published", "2016-12-16")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    article = doc["article"]
    assert article["title"] == "Putin Blames Lack of U.S.-Assad Cooperation For Loss of Palmyra"
    assert article["text"].startswith("Russian President Vladimir Putin said Friday")
    assert article["text"].endswith("in Kazakhstan.")
    assert [c["credit"] for c in article["captions"]] == ["Reuters"]
    for boilerplate in ("Uncommon Knowledge", "Newsweek", "About the writer", "Staff Writer"):
        assert boilerplate not in article["text"]
    places = {p["span"]["text"]: p for p in doc["places"]}
    assert places["Palmyra"]["geonameid"] == 163808
    times = {t["span"]["text"]: t["value"] for t in doc["times"]}
    assert times.get("Sunday") == "2016-12-11"
    speakers = {q["speaker"]["name"] for q in doc["quotes"]}
    assert "Vladimir Putin" in speakers
