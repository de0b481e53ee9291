"""Events stage cost: seconds per document of find_events next to bare nlp.pipe.

Run: ``python benchmarks/events_speed.py --data /work/shared/data/events/ngec --n 300``.
Texts are the NGEC synthetic stories with their headlines (read from the shared folder, never
copied); the cost includes re-parsing Title Case headlines.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from eventwire import nlp
from eventwire.evaluate.events import _ngec_rows, _resolvers
from eventwire.extract.events import find_events
from eventwire.model import Article


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    rows = _ngec_rows(args.data)[: args.n]
    # headline + body, as the evaluation codes them: title-case headlines are re-parsed
    titles = [(r.get("prompt") or "").split("\n")[0].strip() for r in rows]
    texts = [
        f"{t}.\n\n{r['text'].strip()}" if t else r["text"]
        for t, r in zip(titles, rows, strict=True)
    ]
    model = nlp.load()
    start = time.perf_counter()
    docs = list(model.pipe(texts, batch_size=32))
    parse = time.perf_counter() - start
    stages = _resolvers()
    inputs = []
    for text, sdoc in zip(texts, docs, strict=True):
        article = Article(id="b", text=text)
        mentions = stages["actors"].find_mentions(article, sdoc) if "actors" in stages else []
        places = stages["places"](article, sdoc) if "places" in stages else []
        times = stages["times"](article, sdoc) if "times" in stages else []
        quotes = stages["quotes"](article, sdoc, mentions) if "quotes" in stages else []
        inputs.append((article, sdoc, mentions, places, times, quotes))
    start = time.perf_counter()
    for item in inputs:
        find_events(*item)
    events = time.perf_counter() - start
    n = len(texts)
    print(
        f"docs {n}: nlp.pipe {parse / n * 1000:.1f} ms/doc, find_events {events / n * 1000:.2f} "
        f"ms/doc ({events / parse:.1%} of the parse)"
    )


if __name__ == "__main__":
    main()
