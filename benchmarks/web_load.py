"""Load benchmark of the explorer: 50 concurrent clients against a 100k-event database.

Builds a synthetic database (20k articles, 100k events, quotes and mentions) with executemany,
starts the real server (uvicorn via ``eventwire.web.serve``, in its own process group) on a free
loopback port, and replays list, filter and aggregate requests from 50 concurrent keep-alive
connections in this separate process: a closed loop (each client sends its next request when the
last one is answered, no think time), bounded in count (--requests) and time (--seconds).
Prints p50/p95/p99 latency and errors per endpoint, and the CPU time per request of the server
(all its processes) and of the load generator, since the machine may be shared. Loopback only.

    .venv/bin/python benchmarks/web_load.py [--requests 4000] [--clients 50] [--db PATH]
        [--workers N] [--warm]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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


class Conn:
    """One keep-alive HTTP/1.1 connection (a browser tab): GET, read headers and the body.

    A hand-written client instead of httpx because the generator shares the 2 cores with the
    server: httpx spends ~1 ms of CPU per request, which would be charged to the server's latency.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """(status, body bytes) of one GET; reconnects if the server closed the connection."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept: */*\r\n\r\n".encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
            size = len(body)
        else:  # chunked
            size = 0
            while True:
                n = int((await self.reader.readline()).split(b";")[0], 16)
                await self.reader.readexactly(n + 2)
                size += n
                if n == 0:
                    break
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, size

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def load(
    host: str, port: int, clients: int, total: int, seconds: float, seed: int
) -> dict[str, list]:
    """Closed loop: ``clients`` connections, each sends its next request when the last answered."""
    rng = random.Random(seed)
    eps = endpoints(rng)
    names = list(eps)
    results: dict[str, list] = {n: [] for n in names}  # latencies (s) or an error string
    counter = iter(range(total))
    deadline = time.monotonic() + seconds

    async def worker() -> None:
        conn = Conn(host, port)
        try:
            for i in counter:
                if time.monotonic() > deadline:
                    return
                name = names[i % len(names)]
                url = eps[name]()
                t0 = time.perf_counter()
                try:
                    status, _ = await asyncio.wait_for(conn.get(url), 30)
                    error = None if status == 200 else f"HTTP {status}"
                except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError) as exc:
                    error = repr(exc)
                    await conn.close()
                dt = time.perf_counter() - t0
                results[name].append(dt if error is None else f"{url}: {error}")
        finally:
            await conn.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    return results


def miss_cost(host: str, port: int, pgid: int, total: int, seed: int) -> None:
    """Server CPU per first-time request, per endpoint kind: each distinct URL of the measured
    sequence sent once, one at a time (so nothing is cached and nothing waits)."""
    rng = random.Random(seed)
    eps = endpoints(rng)
    names = list(eps)
    urls: dict[str, list[str]] = {n: [] for n in names}
    for i in range(total):
        urls[names[i % len(names)]].append(eps[names[i % len(names)]]())

    async def run(batch: list[str]) -> None:
        conn = Conn(host, port)
        for url in batch:
            status, _ = await conn.get(url)
            if status != 200:
                print(f"  error: {url}: HTTP {status}", file=sys.stderr)
        await conn.close()

    print("| endpoint | distinct URLs | server CPU ms per first-time request |")
    print("|---|---:|---:|")
    for name, batch in urls.items():
        unique = list(dict.fromkeys(batch))
        cpu0 = group_cpu(pgid)
        asyncio.run(run(unique))
        print(f"| {name} | {len(unique)} | {(group_cpu(pgid) - cpu0) * 1000 / len(unique):.2f} |")


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) used so far by every process in the server's group."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields[2] is the process group
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, help="reuse/build the database here")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=4000)
    ap.add_argument("--seconds", type=float, default=180, help="stop sending after this")
    ap.add_argument("--workers", type=int, default=1, help="server processes (serve(workers=))")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--warm",
        action="store_true",
        help="replay the same requests once before measuring (every answer already cached)",
    )
    ap.add_argument(
        "--miss-cost",
        action="store_true",
        help="instead of the load test: server CPU per first-time request of each kind",
    )
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="eventwire-bench-")) / "bench.db"
    if not db.exists():
        t0 = time.perf_counter()
        build(db)
        print(f"built {db} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    call = "serve(Path(sys.argv[1]), '127.0.0.1', int(sys.argv[2])"
    call += f", workers={args.workers})" if args.workers > 1 else ")"
    server = subprocess.Popen(  # a separate process (group) from this load generator
        [
            sys.executable,
            "-c",
            f"import sys; from pathlib import Path; from eventwire.web import serve; {call}",
            str(db),
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    host = "127.0.0.1"
    try:
        up = False
        for _ in range(300):
            try:
                with socket.create_connection((host, port), timeout=1):
                    up = True
                    break
            except OSError:
                time.sleep(0.1)
        if not up:
            sys.exit("the server did not start")
        if args.miss_cost:
            miss_cost(host, port, server.pid, args.requests, args.seed)
            return
        # warm-up pass: one request of each kind (first-touch page cache, thread connections)
        asyncio.run(load(host, port, 4, 48, 60, seed=99))
        if args.warm:
            asyncio.run(load(host, port, args.clients, args.requests, args.seconds, args.seed))
        cpu0, gen0, t0 = group_cpu(server.pid), sum(os.times()[:2]), time.perf_counter()
        results = asyncio.run(
            load(host, port, args.clients, args.requests, args.seconds, args.seed)
        )
        wall = time.perf_counter() - t0
        server_cpu, gen_cpu = group_cpu(server.pid) - cpu0, sum(os.times()[:2]) - gen0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    done = sum(len(v) for v in results.values())
    print(
        f"{done} requests{' (warm cache)' if args.warm else ''}, {args.clients} concurrent "
        f"clients, {args.workers} server worker(s), "
        f"{wall:.1f} s, {done / wall:.0f} req/s; server CPU {server_cpu * 1000 / done:.2f} "
        f"ms/request, load generator CPU {gen_cpu * 1000 / done:.2f} ms/request; "
        f"load average {os.getloadavg()[0]:.1f}\n"
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
    if errors_total:
        sys.exit(1)


if __name__ == "__main__":
    main()
