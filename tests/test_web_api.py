"""API tests of the explorer, in-process over a real SQLite file, plus schemathesis fuzzing."""

from __future__ import annotations

import atexit
import csv
import importlib.util
import io
import shutil
import sqlite3
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import allow_header_conformance

from eventwire.errors import StoreError
from eventwire.web import create_app

warnings.filterwarnings("ignore", category=DeprecationWarning)


def _corpus() -> Any:
    spec = importlib.util.spec_from_file_location(
        "web_corpus", Path(__file__).parent / "fixtures" / "web" / "corpus.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["web_corpus"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = _corpus().build_db(tmp_path_factory.mktemp("webapi") / "fixture.db")
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def ids(page: dict[str, Any]) -> list[int]:
    return sorted(item["id"] for item in page["items"])


def test_events_list_and_pagination(client: TestClient) -> None:
    r = client.get("/events.json", params={"per_page": 4})
    assert r.status_code == 200
    data = r.json()
    assert (data["total"], data["pages"], len(data["items"])) == (6, 2, 4)
    second = client.get("/events.json", params={"per_page": 4, "page": 2}).json()
    assert len(second["items"]) == 2
    assert not set(ids(data)) & set(ids(second))
    dates = [e["date"] for e in data["items"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("params", "expected_types"),
    [
        ({"type": "ASSAULT"}, ["ASSAULT", "ASSAULT"]),
        ({"type": "ACCUSE,PROTEST"}, ["ACCUSE", "PROTEST"]),
        ({"actor": "Russia"}, ["ACCUSE"]),
        ({"actor": "russia"}, ["ACCUSE"]),  # names match case-insensitively
        ({"recipient": "Syrian Armed Forces"}, ["ASSAULT"]),
        ({"actor": "Syrian Armed Forces", "recipient": "Islamic State"}, ["ASSAULT"]),
        ({"country": "UA"}, ["COERCE", "PROTEST"]),
        ({"country": "RUS"}, ["ACCUSE"]),
        ({"date_from": "2017-01-01", "date_to": "2017-03-05"}, ["COERCE", "DISAPPROVE", "PROTEST"]),
        ({"date_to": "2016-12-11"}, ["ASSAULT", "ASSAULT"]),
        ({"modality": "reported"}, ["DISAPPROVE"]),
        ({"mode": "arrest"}, ["COERCE"]),
        ({"bbox": "30,33,40,36"}, ["ACCUSE", "ASSAULT", "ASSAULT"]),  # Palmyra and Homs
        ({"q": "pension reform"}, ["COERCE", "PROTEST"]),
        ({"q": 'AND OR NOT ( "'}, []),  # FTS operators are plain words, never an error
        ({"type": "ASSAULT", "country": "UA"}, []),
    ],
)
def test_event_filters(
    client: TestClient, params: dict[str, str], expected_types: list[str]
) -> None:
    r = client.get("/events.json", params=params)
    assert r.status_code == 200, r.text
    assert sorted(e["type"] for e in r.json()["items"]) == expected_types


def test_bad_filter_values_are_clear_errors(client: TestClient) -> None:
    r = client.get("/events.json", params={"bbox": "1,2,3"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "bbox"]
    assert client.get("/events.json", params={"bbox": "40,36,30,33"}).json()["total"] == 0
    r = client.get("/events.json", params={"date_from": "last week"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "date_from"]
    assert client.get("/events.json", params={"per_page": 10_000}).status_code == 422


def test_aggregates_and_map(client: TestClient) -> None:
    agg = client.get("/events/aggregates.json").json()
    assert agg["total"] == 6
    assert {d["key"]: d["count"] for d in agg["per_type"]}["ASSAULT"] == 2
    assert {d["key"]: d["count"] for d in agg["per_day"]}["2017-03-05"] == 2
    assert {d["key"]: d["count"] for d in agg["per_country"]} == {"SY": 4, "UA": 2}
    filtered = client.get("/events/aggregates.json", params={"type": "PROTEST"}).json()
    assert filtered["total"] == 1 and filtered["per_country"] == [{"key": "UA", "count": 1}]
    grid = client.get("/events/map.json", params={"cell": 5}).json()
    assert sum(c["count"] for c in grid["cells"]) == 6
    kyiv = next(c for c in grid["cells"] if c["place"] == "Kyiv")
    assert (kyiv["lat"], kyiv["lon"], kyiv["count"]) == (50.0, 30.0, 2)


def test_article_with_all_annotations(client: TestClient) -> None:
    r = client.get("/articles/a1palmyra0001.json")
    assert r.status_code == 200
    doc = r.json()
    text = doc["article"]["text"]
    assert doc["schema_version"] == 1
    assert len(doc["events"]) == 3 and len(doc["event_ids"]) == 3
    for key in ("mentions", "places", "times"):
        for item in doc[key]:
            span = item["span"]
            assert text[span["start"] : span["end"]] == span["text"]
    ev = doc["events"][1]
    assert text[ev["evidence"]["start"] : ev["evidence"]["end"]].startswith("Russia accused")
    assert doc["article"]["sources"][0]["path"] == "fixtures/a1palmyra0001.html"
    assert client.get("/articles/nope.json").status_code == 404


def test_quotes_articles_actors_search(client: TestClient) -> None:
    quotes = client.get("/quotes.json", params={"speaker": "Sergei Lavrov"}).json()
    assert [q["content"] for q in quotes["items"]] == ["We will not allow this to continue,"]
    assert client.get("/quotes.json", params={"q": "ignored demands"}).json()["total"] == 1
    arts = client.get("/articles.json", params={"q": "Palmyra"}).json()
    assert [a["id"] for a in arts["items"]] == ["a1palmyra0001"]
    assert any(p["match"] for p in arts["items"][0]["snippet_parts"])
    actors = {a["name"]: a for a in client.get("/actors.json").json()["items"]}
    forces = actors["Syrian Armed Forces"]
    assert (forces["as_actor"], forces["as_recipient"]) == (1, 1)
    assert actors["Sergei Lavrov"]["quotes"] == 1
    profile = client.get("/actors/Ukrainian pensioners.json").json()
    assert profile["as_actor"]["per_type"] == [{"key": "PROTEST", "count": 1}]
    assert profile["as_recipient"]["per_month"] == [{"key": "2017-03", "count": 1}]
    found = client.get("/search.json", params={"q": "Kyiv"}).json()
    assert found["articles"]["total"] == 1


def test_csv_and_json_downloads_follow_the_filters(client: TestClient) -> None:
    r = client.get("/events.csv", params={"type": "ASSAULT"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["type"] for row in rows] == ["ASSAULT", "ASSAULT"]
    r = client.get("/events.json", params={"type": "PROTEST", "download": 1})
    assert [e["type"] for e in r.json()] == ["PROTEST"]
    quotes = list(csv.DictReader(io.StringIO(client.get("/quotes.csv").text)))
    assert len(quotes) == 3
    articles = list(csv.DictReader(io.StringIO(client.get("/articles.csv").text)))
    # a title starting with '<' is kept; formula-like cells would be prefixed with a quote
    assert {a["id"] for a in articles} == {"a1palmyra0001", "b2kyivrally02", "c3hostile0003"}
    assert len(list(csv.DictReader(io.StringIO(client.get("/actors.csv").text)))) >= 10


def test_every_page_has_a_json_twin(client: TestClient) -> None:
    for page, twin in [
        ("/", "/overview.json"),
        ("/events?type=ASSAULT", "/events.json?type=ASSAULT"),
        ("/articles?q=Kyiv", "/articles.json?q=Kyiv"),
        ("/articles/b2kyivrally02", "/articles/b2kyivrally02.json"),
        ("/quotes", "/quotes.json"),
        ("/actors", "/actors.json"),
        ("/actors/Russia", "/actors/Russia.json"),
        ("/search?q=Kyiv", "/search.json?q=Kyiv"),
    ]:
        html = client.get(page)
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        assert twin.split("?")[0] in html.text  # the page links its twin
        assert client.get(twin).headers["content-type"] == "application/json"


def test_security_headers_and_escaping(client: TestClient) -> None:
    r = client.get("/articles/c3hostile0003")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>alert" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert 'href="javascript' not in r.text
    assert "<img" not in r.text and '<a href="javascript' not in r.text
    assert "<script>" not in client.get("/events").text.split("<script src")[0]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_ingest_is_disabled_without_a_token(client: TestClient) -> None:
    r = client.post("/ingest", data={"text": "Some article."})
    assert r.status_code == 401 and "EVENTWIRE_TOKEN" in r.json()["detail"]
    r = client.post("/ingest", data={"text": "x"}, headers={"Authorization": "Bearer guess"})
    assert r.status_code == 403
    assert "EVENTWIRE_TOKEN" in r.json()["detail"]


def test_ingest_with_a_token(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    monkeypatch.setenv("EVENTWIRE_TOKEN", "s3cret")
    from eventwire.settings import Settings
    from eventwire.web import routes

    monkeypatch.setattr(routes, "_pipeline", [routes_pipeline(Settings(nlp=False))])
    with TestClient(create_app(copy)) as c:
        text = "Ministers met in Geneva on Monday to discuss a ceasefire. " * 3
        before = c.get("/overview.json").json()["articles"]
        assert c.get("/overview.json").json()["articles"] == before  # now a cached answer
        assert c.post("/ingest", data={"text": text}).status_code == 401
        bad = {"Authorization": "Bearer wrong"}
        assert c.post("/ingest", data={"text": text}, headers=bad).status_code == 401
        good = {"Authorization": "Bearer s3cret"}
        r = c.post("/ingest", data={"text": text, "published": "2017-05-01"}, headers=good)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["outcome"] == "new"
        assert (
            c.get(f"/articles/{body['id']}.json")
            .json()["article"]["text"]
            .startswith("Ministers met in Geneva")
        )
        assert c.get("/overview.json").json()["articles"] == before + 1  # cache invalidated
        found = c.get("/articles.json", params={"q": "ceasefire"}).json()
        assert found["total"] == 1  # the read side sees the new article at once
        files = {"file": ("page.html", b"<html><body><p>" + text.encode() + b"</p></body></html>")}
        again = c.post("/ingest", files=files, headers=good)
        assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
        assert c.post("/ingest", data={}, headers=good).status_code == 422


def routes_pipeline(s: Any) -> Any:
    from eventwire.pipeline import Pipeline

    return Pipeline(s)


def test_repeated_requests_get_the_same_bytes_and_headers(client: TestClient) -> None:
    url = "/events.json?type=ASSAULT&per_page=1"
    first, second = client.get(url), client.get(url)  # the second from the raw-URL cache
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert second.headers["content-type"] == "application/json"
    assert "script-src 'self'" in second.headers["content-security-policy"]
    assert second.json()["filters"] == {"type": "ASSAULT"}
    page, again = client.get("/events?type=ASSAULT"), client.get("/events?type=ASSAULT")
    assert page.content == again.content and again.headers["content-type"].startswith("text/html")
    assert client.get("/events.json?per_page=0").status_code == 422  # never cached


def _actor_counts(conn: sqlite3.Connection) -> dict[str, tuple[int, int, int, int]]:
    """The actors list recomputed from the annotation rows (what actor_stats must equal)."""
    rows = conn.execute(
        "SELECT name COLLATE NOCASE, sum(a), sum(r), sum(m), sum(q) FROM ("
        " SELECT name, role = 'actor' AS a, role = 'recipient' AS r, 0 AS m, 0 AS q"
        " FROM event_actors"
        " UNION ALL SELECT actor_name, 0, 0, 1, 0 FROM mentions WHERE actor_name IS NOT NULL"
        " UNION ALL SELECT speaker, 0, 0, 0, 1 FROM quotes WHERE speaker IS NOT NULL"
        ") GROUP BY name COLLATE NOCASE"
    ).fetchall()
    return {r[0].lower(): tuple(r[1:]) for r in rows}


def _stats(conn: sqlite3.Connection) -> dict[str, tuple[int, int, int, int]]:
    rows = conn.execute("SELECT name, as_actor, as_recipient, mentions, quotes FROM actor_stats")
    return {r[0].lower(): tuple(r[1:]) for r in rows}


def test_materialised_actor_list_follows_writes(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "actors.db"
    copy.write_bytes(db.read_bytes())
    conn = sqlite3.connect(copy, isolation_level=None)
    assert _stats(conn) == _actor_counts(conn) and _stats(conn)
    # a re-ingest deletes an article's rows and writes new ones: the triggers keep up
    article = conn.execute("SELECT article_id FROM events LIMIT 1").fetchone()[0]
    for table in ("events", "mentions", "quotes"):
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article,))
    conn.execute(
        'INSERT INTO quotes(article_id, speaker, speaker_country, start, "end", content) '
        "VALUES (?, 'SERGEI LAVROV', 'RUS', 0, 1, 'x'), (?, 'New Speaker', NULL, 0, 1, 'y')",
        (article, article),
    )
    assert _stats(conn) == _actor_counts(conn)
    assert _stats(conn)["new speaker"] == (0, 0, 0, 1)
    conn.close()


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        create_app(tmp_path / "absent.db")


def test_read_only_server_never_writes(db: Path, client: TestClient) -> None:
    before = db.stat().st_mtime_ns
    for path in ("/events.json", "/actors.json", "/articles.json?q=x", "/events/aggregates.json"):
        assert client.get(path).status_code == 200
    assert db.stat().st_mtime_ns == before


# ---- schemathesis: every documented operation, bounded examples -----------------------------
# The schema is loaded at import time (schemathesis parametrizes at collection), over its own
# fixture database in a temporary folder removed when the test process exits.
_SCHEMA_DIR = Path(tempfile.mkdtemp(prefix="eventwire-web-"))
atexit.register(shutil.rmtree, _SCHEMA_DIR, ignore_errors=True)
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(_corpus().build_db(_SCHEMA_DIR / "schema.db"))
)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_openapi_conformance(case: Any) -> None:
    # Starlette answers 405 for GET /ingest vs POST /ingest from one route only, so its Allow
    # header lists one method: a framework limit, not ours; every other check runs.
    case.call_and_validate(excluded_checks=[allow_header_conformance])


def test_title_event_is_shown_in_the_title_not_the_body(tmp_path: Path) -> None:
    import datetime as dt

    from eventwire.model import Article, Document, Event, Span
    from eventwire.store import Store

    title = "Rebels seize <b>airport</b>"
    text = "Fighting went on near the coast all week, officials said on Friday."
    trigger = title.index("seize")
    event = Event(
        type="COERCE",
        evidence=Span(0, len(title), title, "title"),
        trigger=Span(trigger, trigger + 5, "seize", "title"),
    )
    article = Article(
        id="t1title0001",
        text=text,
        title=title,
        published=dt.datetime(2016, 12, 16),
        content_hash="t1",
    )
    with Store(tmp_path / "title.db") as store:
        store.write_batch([Document(article, events=[event])])
    with TestClient(create_app(tmp_path / "title.db")) as c:
        page = c.get("/articles/t1title0001").text
    heading = page.split('<h1 id="doc-title">')[1].split("</h1>")[0]
    body = page.split('id="doc-text">')[1].split("</div>")[0]
    assert 'data-ids="e0 v0"' in heading and ">seize</span>" in heading
    assert "&lt;b&gt;airport&lt;/b&gt;" in heading and "<b>" not in heading
    assert "ann" not in body and text.split(",")[0] in body  # the body is not marked
    card = page.split('class="evidence-text">')[1].split("</blockquote>")[0]
    assert "headline:" in card and "Rebels seize &lt;b&gt;airport" in card
