"""The explorer application: FastAPI app factory, security headers, assets, and ``serve``.

Why these choices: the server is read-only by default (it opens SQLite with ``mode=ro``), binds
to loopback, serves every asset itself (front-end libraries come from ``web/node_modules``, built
with npm, never from a CDN), and sends a Content-Security-Policy without inline scripts, because
the pages show scraped text that must never run as code.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .db import ReadPool

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# The front-end files the app serves from node_modules, by public name.
VENDOR_FILES = {
    "d3-array.min.js": "d3-array/dist/d3-array.min.js",
    "d3-geo.min.js": "d3-geo/dist/d3-geo.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
}


def vendor_dir() -> Path:
    """Where the npm-installed libraries are: $EVENTWIRE_WEB_ASSETS or <repo>/web/node_modules."""
    env = os.environ.get("EVENTWIRE_WEB_ASSETS")
    return Path(env) if env else REPO / "web" / "node_modules"


def vendor_missing(root: Path) -> list[str]:
    return [name for name, rel in VENDOR_FILES.items() if not (root / rel).is_file()]


class SecurityHeaders:
    """Adds the CSP and related headers to every response (plain ASGI: no per-request task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CachedResponses:
    """Answers a GET whose exact URL was answered before, from the same database state, with the
    stored bytes: no routing, no parameter validation, no thread hop, no query.

    Routes file their encoded answers under the raw URL (``routes.cached_json``); only answers
    that passed validation and succeeded get there, and a commit (new mtime/size of the
    database or its WAL) makes every entry stale at once.
    """

    def __init__(self, app: ASGIApp, pool: ReadPool) -> None:
        self.app = app
        self.pool = pool

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            hit = self.pool.peek(("raw", scope["path"], scope["query_string"]), count=True)
            if hit is not None:
                media_type, body = hit
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", media_type.encode()),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path.endswith((".json", ".csv")) or request.method != "GET":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def create_app(db_path: Path, token: str | None = None) -> FastAPI:
    """The explorer over the database at ``db_path``; ``token`` (or $EVENTWIRE_TOKEN) enables
    the one write endpoint, ``POST /ingest``."""
    from .routes import api_router, page_router

    pool = ReadPool(Path(db_path))
    token = token or os.environ.get("EVENTWIRE_TOKEN") or None

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="eventwire explorer",
        version="1",
        description=(
            "Events, quotes, actors and annotated articles from an eventwire database. Every "
            "HTML page has a JSON twin at the same path with `.json` appended (lists also have "
            "`.csv`); all list filters are query-string parameters."
        ),
        docs_url=None,  # Swagger UI loads its assets from a CDN: not served
        redoc_url=None,
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
    )
    templates = Jinja2Templates(env=env)
    root = vendor_dir()
    app.state.pool = pool
    app.state.db_path = Path(db_path)
    app.state.token = token
    app.state.templates = templates
    app.state.vendor_root = root
    app.state.vendor_missing = vendor_missing(root)
    app.add_middleware(CachedResponses, pool=pool)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: cached answers get it too
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> FileResponse:
        rel = VENDOR_FILES.get(name)
        path = app.state.vendor_root / rel if rel else None
        if path is None or not path.is_file():
            raise HTTPException(
                404, f"front-end asset {name} is not installed (npm ci --prefix web)"
            )
        return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 422
        detail: Any = exc.detail if isinstance(exc, HTTPException) else exc.errors()  # type: ignore[attr-defined]
        if isinstance(exc, RequestValidationError):
            detail = [
                {
                    "loc": list(e.get("loc", [])),
                    "msg": str(e.get("msg", "")),
                    "type": str(e.get("type", "")),
                }
                for e in exc.errors()
            ]
        headers = getattr(exc, "headers", None)
        if wants_json(request):
            return JSONResponse({"detail": detail}, status_code=status, headers=headers)
        message = (
            detail
            if isinstance(detail, str)
            else "; ".join(f"{'.'.join(str(p) for p in d['loc'])}: {d['msg']}" for d in detail)
        )
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, http_error)
    app.include_router(api_router)
    app.include_router(page_router)

    return app


def app_from_env() -> FastAPI:
    """The app factory each worker process calls (``serve(workers=N)``): the database path is
    passed in $EVENTWIRE_WEB_DB because uvicorn starts workers from an import string."""
    return create_app(Path(os.environ["EVENTWIRE_WEB_DB"]))


def serve(
    db_path: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    workers: int = 1,
    access_log: bool = False,
) -> None:
    """Run the explorer with uvicorn (loopback by default).

    ``workers`` > 1 starts that many processes on the one socket (each with its own read-only
    connections and response cache; SQLite's WAL serves them all). uvicorn uses uvloop and
    httptools when they are installed. The access log is off by default: writing a line per
    request costs more than answering a cached one."""
    import uvicorn

    path = Path(db_path).resolve()
    ReadPool(path).close()  # fails clearly on a missing database; migrates once, before workers
    if workers > 1:
        os.environ["EVENTWIRE_WEB_DB"] = str(path)
        if token:
            os.environ["EVENTWIRE_TOKEN"] = token  # create_app reads it in each worker
        uvicorn.run(
            "eventwire.web.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            access_log=access_log,
        )
    else:
        uvicorn.run(
            create_app(path, token), host=host, port=port, log_level="info", access_log=access_log
        )
