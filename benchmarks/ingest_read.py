"""Measure ingest alone: documents per second through :func:`read_inputs` (no cleaning).

Usage::

    .venv/bin/python benchmarks/ingest_read.py [--repeat N] PATH [PATH ...]

The whole pipeline must reach 200 HTML pages/s on 2 cores, so ingest has to cost a small
fraction of that budget; this prints what it costs.
"""

from __future__ import annotations

import argparse
import time

from eventwire.ingest import IngestStats, read_inputs
from eventwire.model import RawDoc
from eventwire.settings import Settings


def measure(paths: list[str], repeat: int = 3) -> dict[str, float]:
    """Best of ``repeat`` passes (the first warms the page cache)."""
    best = float("inf")
    documents = failures = 0
    chars = 0
    for _ in range(repeat):
        stats = IngestStats()
        started = time.perf_counter()
        chars = sum(
            len(i.content) for i in read_inputs(paths, Settings(), stats) if isinstance(i, RawDoc)
        )
        best = min(best, time.perf_counter() - started)
        documents, failures = stats.documents, stats.failures
    return {
        "documents": documents,
        "failures": failures,
        "seconds": round(best, 4),
        "documents_per_second": round(documents / best, 1) if best else 0.0,
        "ms_per_document": round(1000 * best / documents, 3) if documents else 0.0,
        "mb_text_per_second": round(chars / best / 1e6, 1) if best else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for key, value in measure(args.paths, args.repeat).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
