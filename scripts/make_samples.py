"""Rebuild samples/corpus/news.warc.gz from the HTML pages kept in samples/warc-src/.

The WARC is generated rather than hand-edited so that anyone can see (and change) the pages inside
it, and so that a rebuild is byte-for-byte identical: every value warcio would otherwise take from
the clock or a random generator (WARC-Date, WARC-Record-ID, the warcinfo date) is fixed here, and
warcio's gzip members carry no timestamp.

Usage: python scripts/make_samples.py [--out PATH]
"""

from __future__ import annotations

import argparse
import io
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SOURCE_DIR = SAMPLES / "warc-src"
DEFAULT_OUT = SAMPLES / "corpus" / "news.warc.gz"
# A fixed namespace turns each record's name into a stable WARC-Record-ID (uuid5).
RECORD_ID_NAMESPACE = uuid.UUID("6f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f")
WARCINFO_DATE = "2024-05-15T00:00:00Z"
# Fixed, not taken from --out, so a copy written elsewhere is byte-identical to the sample.
WARC_FILENAME = "news.warc.gz"


@dataclass(frozen=True)
class Capture:
    """One crawled page: which source file, the URL it was fetched from, and when."""

    source: str  # file name under samples/warc-src/
    target_uri: str  # WARC-Target-URI (may differ from the page's canonical link)
    warc_date: str  # WARC-Date, ISO 8601 UTC


CAPTURES: tuple[Capture, ...] = (
    Capture(
        "somalia-base-attack.html",
        "https://eastafricaledger.example/somalia/al-shabaab-attacks-army-base-lower-shabelle",
        "2019-07-20T09:31:44Z",
    ),
    Capture(
        # No article:published_time in this page: its date must come from WARC-Date.
        # The tracking parameter shows URL normalisation against the canonical link.
        "red-sea-ship-attack.html",
        "https://gulfmaritime.example/security/houthis-claim-attack-cargo-ship-red-sea"
        "?utm_source=rss&utm_medium=feed",
        "2023-12-19T21:40:05Z",
    ),
    Capture(
        "sudan-el-fasher-shelling.html",
        "https://hornwire.example/sudan/2024/05/14/el-fasher-shelling-kills-12",
        "2024-05-14T16:02:11Z",
    ),
)


def record_id(name: str) -> str:
    """A WARC-Record-ID that depends only on ``name``, so rebuilds do not change it."""
    return f"<urn:uuid:{uuid.uuid5(RECORD_ID_NAMESPACE, name)}>"


def http_date(warc_date: str) -> str:
    """The HTTP ``Date`` header for a capture time (RFC 7231 format)."""
    moment = datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    return format_datetime(moment, usegmt=True)


def write_warc(out: Path, source_dir: Path = SOURCE_DIR) -> None:
    """Write a warcinfo record and one HTTP response record per capture to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.0")
        writer.write_record(_warcinfo(writer))
        for capture in CAPTURES:
            writer.write_record(_response(writer, capture, source_dir))


def _warcinfo(writer: WARCWriter) -> object:
    fields = (
        b"software: eventwire scripts/make_samples.py (warcio)\r\n"
        b"format: WARC File Format 1.0\r\n"
        b"description: eventwire sample corpus; invented articles for demonstration\r\n"
    )
    return writer.create_warc_record(
        "",
        "warcinfo",
        payload=io.BytesIO(fields),
        length=len(fields),
        warc_content_type="application/warc-fields",
        warc_headers_dict={
            "WARC-Date": WARCINFO_DATE,
            "WARC-Record-ID": record_id("warcinfo"),
            "WARC-Filename": WARC_FILENAME,
        },
    )


def _response(writer: WARCWriter, capture: Capture, source_dir: Path) -> object:
    body = (source_dir / capture.source).read_bytes()
    http_headers = StatusAndHeaders(
        "200 OK",
        [
            ("Date", http_date(capture.warc_date)),
            ("Server", "nginx"),
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "max-age=300"),
        ],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        capture.target_uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Date": capture.warc_date,
            "WARC-Record-ID": record_id(capture.source),
        },
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the WARC")
    args = parser.parse_args(argv)
    missing = [c.source for c in CAPTURES if not (SOURCE_DIR / c.source).is_file()]
    if missing:
        print(
            f"error: missing source page(s) in {SOURCE_DIR}: {', '.join(missing)}", file=sys.stderr
        )
        return 2
    write_warc(args.out)
    print(f"wrote {args.out} ({len(CAPTURES)} response records)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
