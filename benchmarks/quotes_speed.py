"""Quote stage cost: CPU milliseconds per document of find_quotes next to bare nlp.pipe.

Run: ``python benchmarks/quotes_speed.py --data /work/shared/data/quotes/polnear --n 84``.
Texts are PolNeAR articles (read from the shared folder, never copied). The parses are made once
and handed to find_quotes, so the quote stage (quotation marks, cues, speakers) is timed alone.
CPU time (``time.process_time``) is reported next to wall time because the machine is shared:
CPU time does not grow when other jobs compete for the cores.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from eventwire import nlp
from eventwire.evaluate.quotes import load_split
from eventwire.extract.quotes import find_quotes
from eventwire.model import Article


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR folder")
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--n", type=int, default=84, help="number of articles")
    parser.add_argument("--repeat", type=int, default=3, help="runs of find_quotes; best kept")
    args = parser.parse_args()
    texts = [case.text for case in load_split(args.data, args.split, args.n)]
    load_before = os.getloadavg()[0]
    model = nlp.load()
    cpu, wall = time.process_time(), time.perf_counter()
    docs = list(model.pipe(texts, batch_size=32))
    parse_cpu, parse_wall = time.process_time() - cpu, time.perf_counter() - wall
    articles = [Article(id=str(k), text=text) for k, text in enumerate(texts)]
    best_cpu = best_wall = float("inf")
    quotes = 0
    for _ in range(args.repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        quotes = sum(len(find_quotes(a, d)) for a, d in zip(articles, docs, strict=True))
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    n = len(texts)
    chars = sum(len(t) for t in texts) / n
    print(
        f"docs {n} ({chars:,.0f} chars/doc, {quotes} quotes): "
        f"nlp.pipe {parse_cpu / n * 1000:.1f} ms CPU/doc ({parse_wall / n * 1000:.1f} wall); "
        f"find_quotes {best_cpu / n * 1000:.2f} ms CPU/doc ({best_wall / n * 1000:.2f} wall, "
        f"{n / best_cpu:.0f} docs per CPU second, {best_cpu / parse_cpu:.1%} of the parse); "
        f"load average {load_before:.2f} -> {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
