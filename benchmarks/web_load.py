"""Load benchmark of the explorer: 50 concurrent clients against a 100k-event database.

Builds a synthetic database (20k articles, 100k events, quotes and mentions) with executemany,
starts the real server (uvicorn, one process) on a free loopback port, and replays list, filter
and aggregate requests from 50 concurrent asyncio+httpx clients, bounded in count and time.
Prints p50/p95/p99 latency and errors per endpoint. Loopback only.

    .venv/bin/python benchmarks/web_load.py [--requests 4000] [--clients 50] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from eventwire.store import Store

TYPES = ["ACCUSE", "ASSAULT", "PROTEST", "COERCE", "CONSULT", "AID", "THREATEN", "DISAPPROVE"]
COUNTRIES = [
    ("SY", "SYR", 35.0, 38.0),
    ("UA", "UKR", 49.0, 31.0),
    ("US", "USA", 39.0, -98.0),
    ("RU", "RUS", 56.0, 38.0),
    ("FR", "FRA", 47.0, 2.0),
    ("NG", "NGA", 9.0, 8.0),
    ("IN", "IND", 22.0, 79.0),
    ("BR", "BRA", -10.0, -52.0),
    ("CN", "CHN", 35.0, 104.0),
    ("IQ", "IRQ", 33.0, 44.0),
]
ACTORS = [f"Actor {i}" for i in range(400)]
WORDS = [
    "government", "forces", "rebels", "talks", "ceasefire", "protest",
    "city", "attack", "minister", "said", "border",
]  # fmt: skip


def build(path: Path, articles: int = 20_000, events: int = 100_000, seed: int = 7) -> None:
    rng = random.Random(seed)
    Store(path).close()  # creates and migrates the schema
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    days = [f"2016-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)]
    art_rows = []
    for i in range(articles):
        text = " ".join(rng.choice(WORDS) for _ in range(60))
        art_rows.append(
            (
                f"art{i:08d}",
                f"Article {i} {rng.choice(WORDS)}",
                text,
                rng.choice(days) + "T00:00:00",
                f"h{i}",
                json.dumps({"article": {}}),
            )
        )
    conn.executemany(
        "INSERT INTO articles(id, title, text, published, content_hash, document) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        art_rows,
    )
    ev_rows = []
    for _ in range(events):
        cc2, cc3, lat, lon = rng.choice(COUNTRIES)
        actor, recipient = rng.choice(ACTORS), rng.choice(ACTORS)
        record = json.dumps(
            {
                "actor": [{"name": actor, "country": cc3}],
                "recipient": [{"name": recipient, "country": cc3}],
            }
        )
        ev_rows.append(
            (
                f"art{rng.randrange(articles):08d}",
                rng.choice(TYPES),
                "",
                actor,
                cc3,
                recipient,
                cc3,
                f"Place {cc2}",
                lat + rng.uniform(-3, 3),
                lon + rng.uniform(-3, 3),
                cc2,
                rng.choice(days),
                rng.choice(["asserted", "reported", "denied"]),
                0,
                0,
                0,
                0,
                "x",
                record,
            )
        )
    conn.executemany(
        "INSERT INTO events(article_id, type, mode, actor, actor_country, recipient, "
        "recipient_country, place, lat, lon, country_code, date, modality, evidence_start, "
        "evidence_end, trigger_start, trigger_end, trigger, record) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ev_rows,
    )
    conn.executemany(
        'INSERT INTO quotes(article_id, speaker, start, "end", content) VALUES (?, ?, 0, 1, ?)',
        [
            (
                f"art{rng.randrange(articles):08d}",
                rng.choice(ACTORS),
                " ".join(rng.choice(WORDS) for _ in range(12)),
            )
            for _ in range(20_000)
        ],
    )
    conn.executemany(
        'INSERT INTO mentions(article_id, start, "end", text, label, actor_name, country) '
        "VALUES (?, 0, 1, ?, 'ORG', ?, 'SYR')",
        [
            (f"art{rng.randrange(articles):08d}", a, a)
            for a in (rng.choice(ACTORS) for _ in range(40_000))
        ],
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()


def endpoints(rng: random.Random) -> dict[str, Callable[[], str]]:
    def date_range() -> str:
        m = rng.randrange(1, 12)
        return f"date_from=2016-{m:02d}-01&date_to=2016-{m + 1:02d}-28"

    return {
        "events list": lambda: f"/events.json?page={rng.randrange(1, 21)}",
        "events by type": lambda: (
            f"/events.json?type={rng.choice(TYPES)}&page={rng.randrange(1, 6)}"
        ),
        "events by country+dates": lambda: (
            f"/events.json?country={rng.choice(COUNTRIES)[0]}&{date_range()}"
        ),
        "events by actor": lambda: f"/events.json?actor=Actor%20{rng.randrange(400)}",
        "events bbox": lambda: "/events.json?bbox=30,30,45,40&type=" + rng.choice(TYPES),
        "aggregates": lambda: "/events/aggregates.json?type=" + rng.choice(TYPES),
        "aggregates (all)": lambda: "/events/aggregates.json",
        "map grid": lambda: "/events/map.json?modality=" + rng.choice(["asserted", "reported"]),
        "actors": lambda: f"/actors.json?page={rng.randrange(1, 5)}",
        "articles search": lambda: f"/articles.json?q={rng.choice(WORDS)}",
        "quotes search": lambda: f"/quotes.json?q={rng.choice(WORDS)}",
        "events page (HTML)": lambda: f"/events?type={rng.choice(TYPES)}",
    }


async def load(base: str, clients: int, total: int, seconds: float, seed: int) -> dict[str, list]:
    rng = random.Random(seed)
    eps = endpoints(rng)
    names = list(eps)
    results: dict[str, list] = {n: [] for n in names}  # latencies (s) or an error string
    counter = iter(range(total))
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            for i in counter:
                if time.monotonic() > deadline:
                    return
                name = names[i % len(names)]
                url = eps[name]()
                t0 = time.perf_counter()
                try:
                    r = await client.get(url)
                    ok = r.status_code == 200
                except httpx.HTTPError as exc:
                    ok, r = False, exc  # type: ignore[assignment]
                dt = time.perf_counter() - t0
                results[name].append(dt if ok else f"{url}: {r}")

        await asyncio.gather(*(worker() for _ in range(clients)))
    return results


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, help="reuse/build the database here")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=4000)
    ap.add_argument("--seconds", type=float, default=180)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="eventwire-bench-")) / "bench.db"
    if not db.exists():
        t0 = time.perf_counter()
        build(db)
        print(f"built {db} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from eventwire.web import serve; "
            "serve(Path(sys.argv[1]), '127.0.0.1', int(sys.argv[2]))",
            str(db),
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/overview.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        # warm-up pass: one request of each kind (first-touch page cache, thread connections)
        asyncio.run(load(base, 4, 48, 60, seed=99))
        t0 = time.perf_counter()
        results = asyncio.run(load(base, args.clients, args.requests, args.seconds, args.seed))
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=10)
    done = sum(len(v) for v in results.values())
    print(
        f"{done} requests, {args.clients} concurrent clients, {wall:.1f} s, "
        f"{done / wall:.0f} req/s\n"
    )
    print("| endpoint | requests | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    all_ok: list[float] = []
    errors_total = 0
    for name, vals in results.items():
        ok = [v for v in vals if isinstance(v, float)]
        errs = [v for v in vals if not isinstance(v, float)]
        errors_total += len(errs)
        all_ok.extend(ok)
        if ok:
            print(
                f"| {name} | {len(vals)} | {pct(ok, 50):.1f} | {pct(ok, 95):.1f} | "
                f"{pct(ok, 99):.1f} | {len(errs)} |"
            )
        for e in errs[:3]:
            print(f"  error: {e}", file=sys.stderr)
    print(
        f"| **all** | {done} | {pct(all_ok, 50):.1f} | {pct(all_ok, 95):.1f} | "
        f"{pct(all_ok, 99):.1f} | {errors_total} |"
    )
    print(f"\nmean {statistics.mean(all_ok) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
