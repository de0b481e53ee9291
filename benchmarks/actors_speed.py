"""How much the actor resolver costs next to spaCy parsing itself.

Parses the texts with ``nlp.pipe`` and runs ``ActorResolver.find_mentions`` on each
parse, timing the two separately in the same pass, and reports the speed ratio
parse / (parse + actors) (the target is >= 0.8). Timing both in one pass keeps the
ratio honest on a shared, busy machine; a separate bare ``nlp.pipe`` run is printed
for reference. The dictionary is loaded before timing starts, as it is once per
process in a real run.

    .venv/bin/python benchmarks/actors_speed.py \
        --data ../shared/data/quotes/polnear/data/train/text --limit 300
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from eventwire import nlp
from eventwire.model import Article
from eventwire.resolve.actors import ActorResolver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of .txt files")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in sorted(args.data.glob("*.txt"))[: args.limit]]
    language = nlp.load()
    resolver = ActorResolver()
    list(language.pipe(texts[:5]))  # warm up both paths
    resolver.find_mentions(Article(id="w", text=texts[0]), language(texts[0]))

    start = time.perf_counter()
    for _ in language.pipe(texts, batch_size=args.batch_size):
        pass
    bare = time.perf_counter() - start

    mentions, parse_time, resolve_time = 0, 0.0, 0.0
    parses = language.pipe(texts, batch_size=args.batch_size)
    for text in texts:
        t0 = time.perf_counter()
        sdoc = next(parses)
        t1 = time.perf_counter()
        mentions += len(resolver.find_mentions(Article(id="b", text=text), sdoc))
        parse_time += t1 - t0
        resolve_time += time.perf_counter() - t1
    total = parse_time + resolve_time

    chars = sum(len(t) for t in texts)
    print(f"texts: {len(texts)} ({chars:,} characters), mentions found: {mentions:,}")
    print(f"bare nlp.pipe (separate run): {bare:7.2f} s")
    print(f"nlp.pipe in the actors run:   {parse_time:7.2f} s")
    per_text = resolve_time / len(texts) * 1000
    print(f"find_mentions:                {resolve_time:7.2f} s ({per_text:.1f} ms/text)")
    print(f"speed ratio parse/(parse+actors): {parse_time / total:.3f}")


if __name__ == "__main__":
    main()
