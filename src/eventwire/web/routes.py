"""The explorer's routes: JSON and CSV endpoints, HTML pages, and the one write endpoint.

Convention: every HTML page at ``/x`` has a JSON twin at ``/x.json`` with the same query string;
lists also have ``/x.csv``, and ``/x.json?download=1`` returns every matching row as a JSON array
(both capped at ``MAX_DOWNLOAD`` rows). Filters live in the query string, so a view can be shared.
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..store import queries as Q
from .db import ReadPool
from .highlight import segments

api_router = APIRouter()
page_router = APIRouter(include_in_schema=False)

DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # empty allowed: a blank form field means no filter
_NUM = r"-?\d{1,3}(\.\d{1,8})?"
BBOX = rf"^({_NUM},{_NUM},{_NUM},{_NUM})?$"
MAX_UPLOAD = 5_000_000
Page = Annotated[int, Query(ge=1, le=100_000, description="1-based page number")]
PerPage = Annotated[int, Query(ge=1, le=500, description="rows per page")]
Download = Annotated[
    bool, Query(description="return every matching row as one JSON array (attachment)")
]


def pool_of(request: Request) -> ReadPool:
    pool: ReadPool = request.app.state.pool
    return pool


JSON_TYPE = "application/json"
HTML_TYPE = "text/html; charset=utf-8"


def cached_json(request: Request, compute: Callable[[sqlite3.Connection], Any]) -> Response:
    """The JSON answer for this URL, encoded once per database state and then served as bytes.

    The bytes are also filed under the raw URL, where ``app.CachedResponses`` finds them for
    the next identical request without routing or validating it again."""
    pool = pool_of(request)
    gen = pool.generation()

    def encode(conn: sqlite3.Connection) -> bytes:
        value = compute(conn)
        if isinstance(value, bytes):  # already encoded (by SQLite)
            return value
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()

    body = pool.cached(("json", *cache_key(request)), encode)
    pool.put(raw_key(request), (JSON_TYPE, body), gen)
    return Response(body, media_type=JSON_TYPE)


def raw_key(request: Request) -> tuple[str, str, bytes]:
    """The fast path's key: exactly what the client sent (see ``app.CachedResponses``)."""
    return ("raw", request.scope["path"], request.scope["query_string"])


def cache_key(request: Request) -> tuple[str, tuple[tuple[str, str], ...]]:
    return request.url.path, tuple(sorted(request.query_params.multi_items()))


async def event_filter(  # async: FastAPI then runs it inline, not on a worker thread
    type: Annotated[
        list[str], Query(description="event type(s), repeated or comma-separated (e.g. ACCUSE)")
    ] = [],  # noqa: B006 - FastAPI copies defaults per request
    mode: Annotated[str | None, Query(max_length=100, description="event mode")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="actor name")] = None,
    recipient: Annotated[str | None, Query(max_length=200, description="recipient name")] = None,
    country: Annotated[
        str | None,
        Query(
            max_length=3,
            description="ISO alpha-2 of the event place, or ISO alpha-3 of an actor/recipient",
        ),
    ] = None,
    date_from: Annotated[str | None, Query(pattern=DATE, description="ISO date, inclusive")] = None,
    date_to: Annotated[str | None, Query(pattern=DATE, description="ISO date, inclusive")] = None,
    modality: Annotated[str | None, Query(max_length=50)] = None,
    bbox: Annotated[
        str | None,
        Query(
            pattern=BBOX,
            description="min_lon,min_lat,max_lon,max_lat (a reversed box matches nothing)",
        ),
    ] = None,
    q: Annotated[
        str | None, Query(max_length=500, description="words that must occur in the article")
    ] = None,
    article_id: Annotated[str | None, Query(max_length=100)] = None,
) -> Q.EventFilter:
    types = [t.strip() for v in type for t in v.split(",") if t.strip()]
    box: tuple[float, float, float, float] | None = None
    if bbox:
        a, b, c, d = (float(v) for v in bbox.split(","))
        box = (a, b, c, d)
    return Q.EventFilter(
        type=types,
        mode=mode or None,
        actor=actor or None,
        recipient=recipient or None,
        country=country or None,
        date_from=date_from or None,
        date_to=date_to or None,
        modality=modality or None,
        bbox=box,
        q=q or None,
        article_id=article_id or None,
    )


Filter = Annotated[Q.EventFilter, Depends(event_filter)]
Sort = Annotated[str, Query(pattern=r"^(-date|date|type|-confidence)$")]


# ---- downloads ------------------------------------------------------------------------------
def _csv_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (a scraped title can start with '=')."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(rows: Iterable[dict[str, Any]], columns: list[str], name: str) -> Response:
    def generate() -> Iterator[str]:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        for i, row in enumerate(rows):
            writer.writerow([_csv_cell(row.get(c)) for c in columns])
            if i % 500 == 0:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()

    return StreamingResponse(
        generate(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def json_download(rows: Iterable[dict[str, Any]], name: str) -> Response:
    def generate() -> Iterator[str]:
        yield "["
        for i, row in enumerate(rows):
            yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
        yield "]"

    return StreamingResponse(
        generate(),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}.json"'},
    )


EVENT_CSV = [*Q.EVENT_COLUMNS, "article_title", "article_published"]
QUOTE_CSV = [*Q.QUOTE_COLUMNS, "article_title", "article_published"]


# ---- JSON API -------------------------------------------------------------------------------
@api_router.get("/overview.json", tags=["overview"], response_model=dict[str, Any])
def overview_json(request: Request) -> Response:
    """Headline counts of the database."""
    return cached_json(request, Q.overview)


@api_router.get("/events.json", tags=["events"])
def events_json(
    request: Request,
    flt: Filter,
    page: Page = 1,
    per_page: PerPage = 50,
    sort: Sort = "-date",
    download: Download = False,
) -> Any:
    """A page of events matching the filters (or all of them with ``download=1``)."""
    pool = pool_of(request)
    if download:
        return json_download(Q.iter_events(pool.conn(), flt, sort), "events")
    return cached_json(
        request,
        lambda c: Q.list_events_json(c, flt, page, per_page, sort, {"filters": flt.as_params()}),
    )


@api_router.get(
    "/events.csv",
    tags=["events"],
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV rows"}},
)
def events_csv(request: Request, flt: Filter, sort: Sort = "-date") -> Response:
    """Every event matching the filters as CSV."""
    return csv_response(Q.iter_events(pool_of(request).conn(), flt, sort), EVENT_CSV, "events")


@api_router.get("/events/aggregates.json", tags=["events"])
def events_aggregates(request: Request, flt: Filter) -> Any:
    """Counts of the matching events per day, type, country and modality."""
    return cached_json(request, lambda c: Q.event_aggregates(c, flt))


@api_router.get("/events/map.json", tags=["events"])
def events_map(
    request: Request,
    flt: Filter,
    cell: Annotated[float, Query(ge=0.1, le=30, description="grid cell in degrees")] = 2.0,
) -> Any:
    """The matching events clustered on a lat/lon grid."""
    return cached_json(request, lambda c: Q.event_grid(c, flt, cell))


@api_router.get("/quotes.json", tags=["quotes"])
def quotes_json(
    request: Request,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=500, description="words in the quote")] = None,
    page: Page = 1,
    per_page: PerPage = 50,
    download: Download = False,
) -> Any:
    """Quotes, filtered by speaker and/or full-text search over speaker and content."""
    pool = pool_of(request)
    if download:
        return json_download(Q.iter_quotes(pool.conn(), speaker, q), "quotes")
    return cached_json(request, lambda c: Q.list_quotes(c, speaker, q, page, per_page))


@api_router.get(
    "/quotes.csv",
    tags=["quotes"],
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV rows"}},
)
def quotes_csv(
    request: Request,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    return csv_response(Q.iter_quotes(pool_of(request).conn(), speaker, q), QUOTE_CSV, "quotes")


@api_router.get("/articles.json", tags=["articles"])
def articles_json(
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="full-text search")] = None,
    page: Page = 1,
    per_page: PerPage = 50,
    download: Download = False,
) -> Any:
    """Articles, newest first, or ranked by full-text search with ``q``."""
    pool = pool_of(request)
    if download:
        return json_download(Q.iter_articles(pool.conn(), q), "articles")
    return cached_json(request, lambda c: Q.list_articles(c, q, page, per_page))


@api_router.get(
    "/articles.csv",
    tags=["articles"],
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV rows"}},
)
def articles_csv(
    request: Request, q: Annotated[str | None, Query(max_length=500)] = None
) -> Response:
    rows = Q.iter_articles(pool_of(request).conn(), q)
    return csv_response(rows, list(Q.ARTICLE_COLUMNS), "articles")


@api_router.get(
    "/articles/{article_id}.json",
    tags=["articles"],
    responses={404: {"description": "no article with that id"}},
)
def article_json(request: Request, article_id: str) -> dict[str, Any]:
    """One article with every annotation (the ``Document.to_dict`` schema) and its sources."""
    doc = Q.get_article(pool_of(request).conn(), article_id)
    if doc is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return doc


@api_router.get("/actors.json", tags=["actors"])
def actors_json(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="part of the name")] = None,
    page: Page = 1,
    per_page: PerPage = 50,
    download: Download = False,
) -> Any:
    """Actors from events, mentions and quotes, with counts per role."""
    pool = pool_of(request)
    if download:
        data = Q.list_actors(pool.conn(), q, 1, Q.MAX_DOWNLOAD)
        return json_download(data["items"], "actors")
    return cached_json(request, lambda c: Q.list_actors(c, q, page, per_page))


@api_router.get(
    "/actors.csv",
    tags=["actors"],
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV rows"}},
)
def actors_csv(
    request: Request, q: Annotated[str | None, Query(max_length=200)] = None
) -> Response:
    data = Q.list_actors(pool_of(request).conn(), q, 1, Q.MAX_DOWNLOAD)
    cols = ["name", "country", "as_actor", "as_recipient", "mentions", "quotes"]
    return csv_response(data["items"], cols, "actors")


@api_router.get("/actors/{name}.json", tags=["actors"], response_model=dict[str, Any])
def actor_json(request: Request, name: str) -> Response:
    """One actor: events as actor and as recipient per month and type, and their quotes."""
    return cached_json(request, lambda c: Q.actor_profile(c, name))


@api_router.get("/search.json", tags=["search"], response_model=dict[str, Any])
def search_json(
    request: Request,
    q: Annotated[str, Query(max_length=500, description="words to find")] = "",
    per_page: PerPage = 20,
) -> Response:
    """Full-text search over articles and quotes at once."""

    def run(c: Any) -> dict[str, Any]:
        return {
            "q": q,
            "articles": Q.list_articles(c, q or " ", 1, per_page),
            "quotes": Q.list_quotes(c, None, q or " ", 1, per_page),
        }

    return cached_json(request, run)


# ---- the one write endpoint -----------------------------------------------------------------
_writer_lock = threading.Lock()
_pipeline: list[Any] = []


_bearer = HTTPBearer(auto_error=False, description="the server's --token / EVENTWIRE_TOKEN")


def _check_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
) -> None:
    """Runs before the body is validated, so a caller without the token learns that first."""
    expected: str | None = request.app.state.token
    disabled = "ingest is disabled: start the server with --token or set EVENTWIRE_TOKEN"
    if credentials is None:
        raise HTTPException(
            401,
            f"a bearer token is required ({disabled})"
            if not expected
            else "a bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not expected:
        raise HTTPException(403, disabled)
    if not hmac.compare_digest(credentials.credentials.strip().encode(), expected.encode()):
        raise HTTPException(401, "wrong bearer token", headers={"WWW-Authenticate": "Bearer"})


@api_router.post(
    "/ingest",
    tags=["ingest"],
    dependencies=[Depends(_check_token)],
    responses={
        401: {"description": "missing or wrong bearer token"},
        403: {"description": "ingest disabled (no token configured)"},
        422: {"description": "the document could not be processed"},
    },
)
def ingest(
    request: Request,
    file: Annotated[UploadFile | None, File(description="an HTML or text file")] = None,
    text: Annotated[str | None, Form(description="a pasted article (text or HTML)")] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    title: Annotated[str | None, Form(max_length=1000)] = None,
    published: Annotated[str | None, Form(pattern=DATE)] = None,
) -> dict[str, Any]:
    """Run one uploaded file or pasted article through the pipeline and store it (bearer token)."""
    from ..errors import EventwireError
    from ..model import RawDoc, Source
    from ..pipeline import Pipeline, parse_published
    from ..store import Store

    if file is not None and file.filename:
        data = file.file.read(MAX_UPLOAD + 1)
        name = file.filename
        content = data.decode("utf-8", "replace")
    elif text:
        data, name, content = text.encode(), "<pasted>", text
    else:
        raise HTTPException(422, "send a file (field 'file') or a pasted article (field 'text')")
    if len(data) > MAX_UPLOAD:
        raise HTTPException(413, f"the document is larger than {MAX_UPLOAD} bytes")
    head = content.lstrip()[:1000].lower()
    is_html = name.lower().endswith((".html", ".htm")) or head.startswith(("<!doctype", "<html"))
    raw = RawDoc(
        content=content,
        content_type="html" if is_html or "<body" in head or "<p>" in head else "text",
        source=Source(kind="api", path=name, url=url),
        url=url,
        title=title,
    )
    with _writer_lock:  # one writer at a time; readers go on meanwhile (WAL)
        if not _pipeline:
            _pipeline.append(Pipeline())
        try:
            doc = _pipeline[0].process_raw(raw, parse_published(published))
        except EventwireError as exc:
            raise HTTPException(422, exc.message) from None
        db_path: Path = request.app.state.db_path
        with Store(db_path) as store:
            (outcome,) = store.write_batch([doc])
    return {
        "id": doc.article.id,
        "outcome": outcome,
        "url": f"/articles/{doc.article.id}",
        "counts": {
            k: len(getattr(doc, k)) for k in ("mentions", "places", "times", "quotes", "events")
        },
    }


# ---- HTML pages -----------------------------------------------------------------------------
def render(request: Request, template: str, **ctx: Any) -> HTMLResponse:
    app = request.app
    ctx.setdefault("vendor_missing", app.state.vendor_missing)
    ctx.setdefault("ingest_enabled", bool(app.state.token))
    ctx["query"] = request.url.query
    ctx["qs"] = _qs
    ctx["safe_url"] = safe_url
    response: HTMLResponse = app.state.templates.TemplateResponse(request, template, ctx)
    return response


def _qs(params: dict[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return urlencode(merged)


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: a scraped ``javascript:`` URL is shown as text."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


@page_router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    pool = pool_of(request)
    return render(
        request,
        "home.html",
        overview=pool.cached(("/overview.json", ()), Q.overview),
        articles=Q.list_articles(pool.conn(), None, 1, 10),
    )


@page_router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request, flt: Filter, page: Page = 1, per_page: PerPage = 50, sort: Sort = "-date"
) -> HTMLResponse:
    pool = pool_of(request)
    gen = pool.generation()
    result = pool.cached(
        ("/events.json", cache_key(request)[1]),
        lambda c: Q.list_events(c, flt, page, per_page, sort),
    )
    facets = pool.cached(("facets",), Q.event_facets)
    response = render(
        request,
        "events.html",
        result=result,
        flt=flt,
        params=flt.as_params(),
        facets=facets,
        sort=sort,
        per_page=per_page,
    )
    pool.put(raw_key(request), (HTML_TYPE, bytes(response.body)), gen)
    return response


@page_router.get("/articles", response_class=HTMLResponse)
def articles_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=500)] = None,
    page: Page = 1,
) -> HTMLResponse:
    result = Q.list_articles(pool_of(request).conn(), q, page, 50)
    return render(request, "articles.html", result=result, q=q or "")


@page_router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request,
    article_id: str,
    event: Annotated[int | None, Query(description="database id of the event to show")] = None,
) -> HTMLResponse:
    doc = Q.get_article(pool_of(request).conn(), article_id)
    if doc is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    art = doc["article"]
    ids: list[int] = doc["event_ids"]
    selected = ids.index(event) if event in ids else None
    cards = []
    for i, ev in enumerate(doc.get("events", [])):
        evd = ev.get("evidence") or {}
        in_title = evd.get("field") == "title"  # coded from the headline: offsets into the title
        source = (art.get("title") or "") if in_title else art["text"]
        cards.append(
            {
                "index": i,
                "id": ids[i] if i < len(ids) else None,
                "event": ev,
                "evidence": source[evd.get("start", 0) : evd.get("end", 0)],
                "in_title": in_title,
            }
        )
    return render(
        request,
        "article.html",
        doc=doc,
        art=art,
        segs=segments(art["text"], doc),
        title_segs=segments(art.get("title") or "", doc, "title"),
        cards=cards,
        selected=selected,
        article_link=safe_url(art.get("url")),
    )


@page_router.get("/quotes", response_class=HTMLResponse)
def quotes_page(
    request: Request,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
    page: Page = 1,
) -> HTMLResponse:
    result = Q.list_quotes(pool_of(request).conn(), speaker, q, page, 50)
    params = {"speaker": speaker, "q": q}
    return render(request, "quotes.html", result=result, params=params)


@page_router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request, q: Annotated[str | None, Query(max_length=200)] = None, page: Page = 1
) -> HTMLResponse:
    pool = pool_of(request)
    result = pool.cached(
        ("/actors.json", cache_key(request)[1]), lambda c: Q.list_actors(c, q, page, 50)
    )
    return render(request, "actors.html", result=result, q=q or "")


@page_router.get("/actors/{name}", response_class=HTMLResponse)
def actor_page(request: Request, name: str) -> HTMLResponse:
    pool = pool_of(request)
    profile = pool.cached(("/actors", name), lambda c: Q.actor_profile(c, name))
    as_actor = Q.list_events(pool.conn(), Q.EventFilter(actor=name), 1, 20)
    as_recipient = Q.list_events(pool.conn(), Q.EventFilter(recipient=name), 1, 20)
    return render(
        request,
        "actor.html",
        profile=profile,
        as_actor=as_actor,
        as_recipient=as_recipient,
        name=name,
    )


@page_router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
    conn = pool_of(request).conn()
    articles = Q.list_articles(conn, q or " ", 1, 20)
    quotes = Q.list_quotes(conn, None, q or " ", 1, 20)
    return render(request, "search.html", q=q, articles=articles, quotes=quotes)


@api_router.get("/ingest", response_class=HTMLResponse, tags=["ingest"])
def ingest_page(request: Request) -> HTMLResponse:
    """The ingest form (HTML); it posts to ``POST /ingest`` with the bearer token."""
    return render(request, "ingest.html")
