"""End-to-end tests of the explorer in a real browser (Debian's Chromium driven by Playwright).

The real server (uvicorn) runs in a thread on a free loopback port over a fixture database;
screenshots go to test-artifacts/web/ for a person to look at.
"""

from __future__ import annotations

import importlib.util
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts" / "web"

playwright_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )


def _corpus() -> Any:
    spec = importlib.util.spec_from_file_location(
        "web_corpus", Path(__file__).parent / "fixtures" / "web" / "corpus.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["web_corpus"] = module
    spec.loader.exec_module(module)
    return module


class LiveServer:
    """uvicorn serving the app in a background thread on 127.0.0.1:<free port>."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = _corpus().build_db(tmp_path_factory.mktemp("web") / "fixture.db")
    return path


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[LiveServer]:
    from eventwire.web import create_app

    with LiveServer(create_app(db)) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_events_filter_click_through_to_evidence(server: LiveServer, page: Any) -> None:
    page.goto(f"{server.url}/events")
    page.wait_for_selector("#map svg path.country")
    page.wait_for_selector("#timeline svg rect.bar")
    assert page.locator("#map svg path.country").count() > 100  # the world basemap
    assert page.locator("#map svg circle.dot").count() >= 3  # Syria and Ukraine clusters
    assert page.locator("#timeline svg rect.bar").count() == 5  # five distinct event days
    assert page.locator("table.events tbody tr").count() == 6
    shot(page, "events")

    page.check("input[name=type][value=ASSAULT]")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/events?*type=ASSAULT*")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 2
    assert set(page.locator("table.events .etype").all_inner_texts()) == {"ASSAULT"}
    page.wait_for_selector("#timeline svg rect.bar")
    assert page.locator("#timeline svg rect.bar").count() == 2  # the timeline follows the filter
    shot(page, "events-assault")

    page.click("table.events a.event-link >> text=attacked")
    page.wait_for_url("**/articles/a1palmyra0001?event=*")
    selected = page.locator("#doc-text .ann.selected")
    assert selected.count() > 0
    evidence = "".join(selected.all_inner_texts())
    assert evidence.startswith("Rebels attacked an army checkpoint outside Homs")
    assert page.locator(".card.selected .etype").inner_text() == "ASSAULT"
    assert "killing four soldiers" in page.locator(".card.selected .evidence-text").inner_text()
    shot(page, "article-evidence")

    page.click("#doc-text .a-place >> text=Damascus")
    record = page.locator("#record-body").inner_text()
    assert '"name": "Damascus"' in record and "places[1]" in record
    assert page.errors == []  # no CSP violation or script error


def test_card_button_highlights_its_evidence(server: LiveServer, page: Any) -> None:
    page.goto(f"{server.url}/articles/b2kyivrally02")
    page.click('.show-evidence[data-ev="v1"]')
    text = "".join(page.locator("#doc-text .ann.selected").all_inner_texts())
    assert text == "Police detained twelve protesters near parliament."
    assert page.locator("#boilerplate").inner_text().startswith("3 ")
    assert page.errors == []


def test_actor_view_charts_and_quotes(server: LiveServer, page: Any) -> None:
    page.goto(f"{server.url}/actors/Syrian%20Armed%20Forces")
    page.wait_for_selector("#actor-chart svg rect.bar")
    assert page.locator("#actor-chart svg rect.bar2").count() >= 1  # also a recipient
    assert page.locator("table.events").count() == 2
    page.goto(f"{server.url}/actors/Sergei%20Lavrov")
    assert "We will not allow this to continue" in page.locator("ul.quotes").inner_text()
    shot(page, "actor")
    assert page.errors == []


def test_search_box_finds_articles_and_quotes(server: LiveServer, page: Any) -> None:
    page.goto(f"{server.url}/")
    page.fill("header form.search input[name=q]", "demands")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=demands")
    assert "Thousands rally in Kyiv" in page.locator("ul.articles").inner_text()
    assert "ignored their demands" in page.locator("ul.quotes").inner_text()
    shot(page, "search")


def test_hostile_article_shows_markup_as_text(server: LiveServer, page: Any) -> None:
    page.goto(f"{server.url}/articles/c3hostile0003")
    page.click("#doc-text .a-mention")  # the record panel shows an actor named <img ...>
    page.wait_for_timeout(300)
    body = page.locator("#doc-text").inner_text()
    assert "<script>alert(1)</script>" in body
    assert "<img src=x onerror=alert(2)>" in body
    assert '<a href="javascript:alert(3)">click here</a>' in body
    assert page.locator("#doc-text script, #doc-text img, #doc-text a").count() == 0
    assert page.locator("h1").inner_text() == "<b>Bold</b> claims <script>alert('title')</script>"
    assert page.locator("a[href^='javascript']").count() == 0
    assert "javascript:alert('url')" in page.locator(".url-text").inner_text()
    assert "<img src=x onerror=alert(5)>" in page.locator("#record-body").inner_text()
    shot(page, "xss-article")
    for path in ("/events", "/actors", "/quotes", "/search?q=forum", "/articles"):
        page.goto(f"{server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert page.locator("img").count() == 0
    assert page.dialogs == []


def test_missing_front_end_libraries_degrade_visibly(
    db: Path, browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.web import create_app

    monkeypatch.setenv("EVENTWIRE_WEB_ASSETS", str(tmp_path / "no-node-modules"))
    with LiveServer(create_app(db)) as live:
        pg = browser.new_page()
        pg.goto(f"{live.url}/events")
        pg.wait_for_selector("#timeline svg rect.bar")  # the timeline needs no library
        assert "npm ci --prefix web" in pg.locator("#vendor-note").inner_text()
        assert "Map unavailable" in pg.locator("#map").inner_text()
        assert pg.locator("table.events tbody tr").count() == 6
        shot(pg, "events-no-vendor")
        pg.close()
