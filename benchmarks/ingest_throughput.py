"""Ingest-without-NLP throughput: HTML pages cleaned per second with 1 and 2 worker processes.

Usage::

    .venv/bin/python benchmarks/ingest_throughput.py --data ../shared/data/extract [--repeat 2]

Pages are the Scrapinghub and Fundus benchmark pages, decompressed in the parent before the
clock starts; each worker imports eventwire and cleans one page before timing (warm-up), so
the numbers measure ``clean`` (trafilatura + htmldate + language id + identity) only.
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing as mp
import time
from pathlib import Path

from eventwire.clean import clean
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


def _warm_up() -> None:
    clean_one(
        "<html><body><p>" + "Warm up the extractor with a short page. " * 5 + "</p></body></html>"
    )


def measure(pages: list[str], workers: int) -> tuple[float, int]:
    """Pages per second and number of articles, cleaning ``pages`` with ``workers`` processes."""
    with mp.get_context("fork").Pool(workers, initializer=_warm_up) as pool:
        pool.map(clean_one, pages[: workers * 2])  # make sure every worker is up and warm
        start = time.perf_counter()
        articles = sum(pool.imap_unordered(clean_one, pages, chunksize=8))
        elapsed = time.perf_counter() - start
    return len(pages) / elapsed, articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with scrapinghub/ fundus/")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the pages per setting")
    args = parser.parse_args()
    pages = load_pages(args.data) * args.repeat
    print(f"{len(pages)} pages ({args.repeat} passes)")
    for workers in (1, 2):
        rate, articles = measure(pages, workers)
        print(f"workers={workers}: {rate:.1f} pages/s ({articles} articles)")


if __name__ == "__main__":
    main()
