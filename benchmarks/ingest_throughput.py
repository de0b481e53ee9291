"""Ingest-without-NLP throughput: HTML pages cleaned per second with 1 and 2 worker processes.

Usage::

    .venv/bin/python benchmarks/ingest_throughput.py --data ../shared/data/extract [--repeat 2]
    .venv/bin/python benchmarks/ingest_throughput.py --data ../shared/data/extract --breakdown
    .venv/bin/python benchmarks/ingest_throughput.py --data ../shared/data/extract --check

Pages are the Scrapinghub and Fundus benchmark pages, decompressed in the parent before the
clock starts; each worker imports eventwire and cleans one page before timing (warm-up), so
the numbers measure ``clean`` (parse + metadata + trafilatura + htmldate + language id +
identity) only.

The machine is shared, so wall-clock pages/s depends on what else runs. Each worker therefore
also sums its own CPU time (``time.process_time``): CPU ms per page is the load-independent
number, and ``cores / CPU-seconds-per-page`` is what that many idle cores would sustain.
``--breakdown`` times each step of the HTML path in this process, in CPU ms per page.
``--check`` verifies that the speed-ups change nothing: on every page, eventwire's parse must give
the tree ``trafilatura.utils.load_html`` gives (serialised), its DOM author search the author
``trafilatura.metadata.extract_author`` finds, its metadata step the same title, author, date,
site name and URL as with trafilatura's parse and author search, and its body extraction exactly
the text ``trafilatura.bare_extraction`` gives with the same options.
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing as mp
import time
from pathlib import Path

from lxml.html import HtmlElement

from eventwire.clean import clean
from eventwire.clean.html import _page_metadata, _parse_date, find_publication_date, parse_html
from eventwire.clean.html_author import find_author
from eventwire.clean.html_body import EXTRACTION_OPTIONS, extract_body
from eventwire.clean.language import detect_language
from eventwire.errors import CleanError
from eventwire.model import RawDoc, Source
from eventwire.settings import Settings

_SETTINGS = Settings(nlp=False)


def load_pages(data: Path) -> list[str]:
    folders = [data / "scrapinghub" / "html", data / "fundus"]
    paths = [p for folder in folders if folder.is_dir() for p in sorted(folder.rglob("*.html.gz"))]
    return [gzip.decompress(p.read_bytes()).decode("utf-8", errors="replace") for p in paths]


def clean_one(html: str) -> int:
    """Clean one page; 1 when an Article came out, 0 for a clean error."""
    raw = RawDoc(content=html, content_type="html", source=Source(kind="string"))
    try:
        clean(raw, _SETTINGS)
    except CleanError:
        return 0
    return 1


def clean_timed(html: str) -> tuple[int, float]:
    """``clean_one`` plus the CPU seconds this worker spent on it."""
    start = time.process_time()
    ok = clean_one(html)
    return ok, time.process_time() - start


def _warm_up() -> None:
    clean_one(
        "<html><body><p>" + "Warm up the extractor with a short page. " * 5 + "</p></body></html>"
    )


def measure(pages: list[str], workers: int) -> tuple[float, float, int]:
    """Wall pages/s, CPU ms per page and number of articles, with ``workers`` processes."""
    with mp.get_context("fork").Pool(workers, initializer=_warm_up) as pool:
        pool.map(clean_one, pages[: workers * 2])  # make sure every worker is up and warm
        start = time.perf_counter()
        results = list(pool.imap_unordered(clean_timed, pages, chunksize=8))
        elapsed = time.perf_counter() - start
    cpu = sum(seconds for _, seconds in results)
    return len(pages) / elapsed, 1000 * cpu / len(pages), sum(ok for ok, _ in results)


def _metadata_and_date(tree: HtmlElement) -> None:
    metadata = _page_metadata(tree, None)
    _parse_date(metadata.date) or find_publication_date(tree, None)


def breakdown(pages: list[str]) -> dict[str, float]:
    """CPU ms per page of each step of the HTML path (one process, no pool), in the order
    ``extract_html`` runs them."""
    steps = ("parse", "metadata + date", "trafilatura body", "language id")
    totals = dict.fromkeys(steps, 0.0)
    _warm_up()
    for html in pages:
        try:
            t0 = time.process_time()
            tree = parse_html(html)
            t1 = time.process_time()
            _metadata_and_date(tree)
            t2 = time.process_time()
            text = extract_body(tree, parse_again=lambda: parse_html(html))  # noqa: B023
            t3 = time.process_time()
        except (CleanError, ValueError, TypeError, RecursionError):
            continue
        detect_language(text or "")
        t4 = time.process_time()
        for key, seconds in zip(totals, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            totals[key] += seconds
    return {key: 1000 * seconds / len(pages) for key, seconds in totals.items()}


_METADATA_FIELDS = ("title", "author", "date", "sitename", "url")


def check(pages: list[str]) -> dict[str, tuple[int, list[int]]]:
    """Per output, how many pages give what trafilatura's own functions give, and the indexes
    of those that do not: the parsed tree (serialised) against ``load_html``'s; the author
    search against ``extract_author`` on every page (not only those without an author in
    their metadata); title, author, date, site name and URL of ``_page_metadata`` on our tree
    against the same step on ``load_html``'s tree with ``extract_author``; the body against
    ``bare_extraction``'s, extracted as ``extract_html`` does (after the metadata, parsing the
    page again for the rescue steps)."""
    import trafilatura
    from lxml.etree import tostring
    from trafilatura.metadata import extract_author
    from trafilatura.utils import load_html

    outcomes: dict[str, tuple[int, list[int]]] = {}

    def record(name: str, index: int, same: bool) -> None:
        count, differ = outcomes.setdefault(name, (0, []))
        if not same:
            differ.append(index)
        outcomes[name] = (count + same, differ)

    for index, html in enumerate(pages):
        reference_tree = load_html(html)
        reference = trafilatura.bare_extraction(html, **EXTRACTION_OPTIONS)  # type: ignore[arg-type]
        expected_body = None if reference is None else getattr(reference, "text", None)
        try:
            tree = parse_html(html)
        except CleanError:
            record("tree (trafilatura.utils.load_html)", index, reference_tree is None)
            record("body (trafilatura.bare_extraction)", index, expected_body is None)
            continue
        if reference_tree is None:
            record("tree (trafilatura.utils.load_html)", index, False)
            continue
        record(
            "tree (trafilatura.utils.load_html)", index, tostring(tree) == tostring(reference_tree)
        )
        record("DOM author (extract_author)", index, find_author(tree) == extract_author(tree))
        metadata = _page_metadata(tree, None)
        expected = _page_metadata(reference_tree, None, author_search=extract_author)
        for name in _METADATA_FIELDS:
            same = getattr(metadata, name) == getattr(expected, name)
            record(f"{name} (metadata step with extract_author)", index, same)
        _parse_date(metadata.date) or find_publication_date(tree, None)
        body = extract_body(tree, parse_again=lambda: parse_html(html))  # noqa: B023
        record("body (trafilatura.bare_extraction)", index, body == expected_body)
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with scrapinghub/ fundus/")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the pages per setting")
    parser.add_argument("--breakdown", action="store_true", help="CPU ms per page of each step")
    parser.add_argument("--check", action="store_true", help="same body as trafilatura's own?")
    args = parser.parse_args()
    pages = load_pages(args.data) * args.repeat
    print(f"{len(pages)} pages ({args.repeat} passes)")
    if args.check:
        for output, (same, differ) in check(pages).items():
            print(f"{output}: identical on {same}/{len(pages)} pages")
            if differ:
                print(f"  differ: page indexes {differ[:20]}")
        return
    if args.breakdown:
        steps = breakdown(pages)
        for step, ms in steps.items():
            print(f"{step}: {ms:.2f} CPU ms/page")
        print(f"sum of steps: {sum(steps.values()):.2f} CPU ms/page")
        return
    for workers in (1, 2):
        rate, cpu_ms, articles = measure(pages, workers)
        print(
            f"workers={workers}: {rate:.1f} pages/s wall, {cpu_ms:.2f} CPU ms/page "
            f"(= {2000 / cpu_ms:.0f} pages/s on 2 idle cores) ({articles} articles)"
        )


if __name__ == "__main__":
    main()
