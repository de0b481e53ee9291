"""The bundled sample corpus (samples/) is well-formed, and its WARC is reproducible.

These tests check the corpus itself, not what the pipeline finds in it: samples/README.md lists
those expectations. They guard the quick start: a new user's first run must meet every input form
(text dumps, HTML, JSONL, WARC), one duplicate and one non-English article.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from eventwire.clean.language import detect_language

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
CORPUS = SAMPLES / "corpus"
TEXT_DUMPS = sorted((CORPUS / "text").glob("*.txt"))
HTML_PAGES = sorted((CORPUS / "html").glob("*.html"))
WARC_SOURCES = sorted((SAMPLES / "warc-src").glob("*.html"))
JSONL = CORPUS / "articles.jsonl"
WARC = CORPUS / "news.warc.gz"
MAKE_SAMPLES = REPO / "scripts" / "make_samples.py"

FIRST_DAY = dt.date(2016, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
MIN_WORDS, MAX_WORDS = 150, 450

_CANONICAL = re.compile(r'<link\s+rel="canonical"\s+href="(https?://[^"]+)"')
_PUBLISHED = re.compile(r'<meta\s+property="article:published_time"\s+content="([^"]+)"')
_AUTHOR = re.compile(r'<meta\s+name="author"\s+content="[^"]+"')
_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
_FIGURE = re.compile(r"<figure\b.*?</figure>", re.DOTALL)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_SENTENCE_END = re.compile(r"[.!?][\"”’]?$")
# Page furniture a text dump must carry, in one outlet's style or another.
_FURNITURE = (
    "About the writer",
    "Read more",
    "Click here",
    "Uncommon Knowledge",
    "Skip to content",
    "Share this article",
    "Related Topics",
    "More on this story",
    "Sign up for",
    "©",
)


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_][\w'’-]*|\d[\d,.]*", text))


def _html_body_words(html: str) -> int:
    """Words in the article's paragraphs (figures left out): the reporting, not the page."""
    match = _ARTICLE.search(html)
    article = _FIGURE.sub("", match.group(0) if match else html)
    return sum(_words(_TAG.sub(" ", p)) for p in _PARAGRAPH.findall(article))


def _dump_body_words(text: str) -> int:
    """Words in the prose paragraphs of a dump, each distinct paragraph once (promos repeat)."""
    lines = {line.strip() for line in text.splitlines()}
    return sum(_words(line) for line in lines if _words(line) >= 15 and _SENTENCE_END.search(line))


def _date(value: str) -> dt.date:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()


def _jsonl_rows() -> list[dict[str, Any]]:
    lines = JSONL.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _warc_responses(path: Path) -> list[tuple[dict[str, str], int, str, bytes]]:
    """(WARC headers, HTTP status, HTTP content type, body) of each response record."""
    records = []
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            headers = dict(record.rec_headers.headers)
            http = record.http_headers
            status = int(http.get_statuscode())
            content_type = http.get_header("Content-Type") or ""
            records.append((headers, status, content_type, record.content_stream().read()))
    return records


# ---- the corpus as a whole ---------------------------------------------------------------------
def test_every_form_is_present() -> None:
    assert len(TEXT_DUMPS) == 4
    assert len(HTML_PAGES) == 3
    assert len(WARC_SOURCES) == 3
    assert JSONL.is_file() and WARC.is_file()


def test_readme_says_the_articles_are_invented_and_names_every_file() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    assert "invented for demonstration" in readme
    for path in [*TEXT_DUMPS, *HTML_PAGES, *WARC_SOURCES, JSONL, WARC]:
        assert path.name in readme, f"samples/README.md does not describe {path.name}"


# ---- text dumps --------------------------------------------------------------------------------
@pytest.mark.parametrize("path", TEXT_DUMPS, ids=lambda p: p.name)
def test_text_dump_has_headline_body_and_boilerplate(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    headline = next(line for line in lines if 4 <= _words(line) <= 20 and line[-1] not in ".:")
    assert lines.index(headline) <= 5, "the headline should open the page"
    furniture = [marker for marker in _FURNITURE if marker in text]
    assert len(furniture) >= 2, f"{path.name}: too little page furniture ({furniture})"
    assert MIN_WORDS <= _dump_body_words(text) <= MAX_WORDS


@pytest.mark.parametrize("path", TEXT_DUMPS, ids=lambda p: p.name)
def test_text_dump_carries_no_year(path: Path) -> None:
    """Dumps have no publication date: the user gives it (--published)."""
    assert _YEAR.search(path.read_text(encoding="utf-8")) is None


# ---- HTML pages --------------------------------------------------------------------------------
@pytest.mark.parametrize("path", HTML_PAGES, ids=lambda p: p.name)
def test_html_page_has_canonical_date_author_and_figure(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    assert _CANONICAL.search(html)
    published = _PUBLISHED.search(html)
    assert published, f"{path.name} has no article:published_time"
    assert FIRST_DAY <= _date(published.group(1)) <= LAST_DAY
    assert _AUTHOR.search(html)
    assert "<figcaption" in html and "<nav" in html and "<footer" in html
    assert "cookie" in html.lower()
    assert MIN_WORDS <= _html_body_words(html) <= MAX_WORDS


@pytest.mark.parametrize("path", WARC_SOURCES, ids=lambda p: p.name)
def test_warc_source_page_has_canonical_and_a_body(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    assert _CANONICAL.search(html)
    assert MIN_WORDS <= _html_body_words(html) <= MAX_WORDS


def test_canonical_urls_are_distinct_and_reserved() -> None:
    urls = [_CANONICAL.search(p.read_text(encoding="utf-8")) for p in HTML_PAGES + WARC_SOURCES]
    found = [m.group(1) for m in urls if m]
    assert len(set(found)) == len(HTML_PAGES) + len(WARC_SOURCES)
    assert all(".example/" in url for url in found), "sample URLs must use the .example domain"


# ---- JSONL -------------------------------------------------------------------------------------
def test_jsonl_lines_parse_with_the_fields() -> None:
    rows = _jsonl_rows()
    assert len(rows) == 5
    for number, row in enumerate(rows, start=1):
        assert isinstance(row.get("url"), str) and row["url"].startswith("https://"), number
        assert isinstance(row.get("title"), str) and row["title"].strip(), number
        assert FIRST_DAY <= _date(row["published"]) <= LAST_DAY, number
        body = row.get("text") or _TAG.sub(" ", row.get("html") or "")
        assert MIN_WORDS <= _words(body) <= MAX_WORDS, number
    assert any("html" in row for row in rows) and any("text" in row for row in rows)


def test_jsonl_holds_exactly_one_duplicate_under_a_second_url() -> None:
    rows = _jsonl_rows()
    bodies = [(r["title"], r["published"], r.get("text"), r.get("html")) for r in rows]
    pairs = [
        (i, j) for i in range(len(rows)) for j in range(i + 1, len(rows)) if bodies[i] == bodies[j]
    ]
    assert len(pairs) == 1
    first, second = pairs[0]
    assert rows[first]["url"] != rows[second]["url"]


def test_jsonl_holds_exactly_one_non_english_article() -> None:
    languages = [detect_language(r.get("text") or _TAG.sub(" ", r["html"])) for r in _jsonl_rows()]
    assert sorted(lang or "?" for lang in languages) == ["en", "en", "en", "en", "es"]


# ---- WARC --------------------------------------------------------------------------------------
def test_warc_has_three_html_responses_with_dates_and_uris() -> None:
    responses = _warc_responses(WARC)
    assert len(responses) == 3
    for headers, status, content_type, body in responses:
        assert status == 200
        assert content_type.startswith("text/html")
        assert FIRST_DAY <= _date(headers["WARC-Date"]) <= LAST_DAY
        assert headers["WARC-Target-URI"].startswith("https://")
        assert body.lstrip().lower().startswith(b"<!doctype html")


def test_warc_bodies_are_the_kept_source_pages() -> None:
    sources = {p.read_bytes() for p in WARC_SOURCES}
    assert {body for *_, body in _warc_responses(WARC)} == sources


def test_make_samples_is_deterministic_and_up_to_date(tmp_path: Path) -> None:
    outputs = []
    for name in ("first.warc.gz", "second.warc.gz"):
        out = tmp_path / name
        subprocess.run(
            [sys.executable, str(MAKE_SAMPLES), "--out", str(out)],
            check=True,
            capture_output=True,
            cwd=tmp_path,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1], "two runs of make_samples.py wrote different bytes"
    assert outputs[0] == WARC.read_bytes(), (
        "samples/corpus/news.warc.gz is stale: run `python scripts/make_samples.py`"
    )


# ---- provenance --------------------------------------------------------------------------------
@pytest.mark.shared
def test_no_sentence_is_copied_from_the_seed(seed_text: str) -> None:
    seed_sentences = {s.strip() for s in re.split(r"(?<=[.!?])\s+", seed_text) if len(s) > 60}
    corpus = "\n".join(
        p.read_text(encoding="utf-8") for p in [*TEXT_DUMPS, *HTML_PAGES, *WARC_SOURCES, JSONL]
    )
    copied = [s for s in seed_sentences if s in corpus]
    assert not copied, copied[:3]
