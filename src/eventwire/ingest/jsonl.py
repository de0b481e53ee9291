"""JSONL files -> RawDoc, one article per line.

Each line is an object with ``text`` or ``html`` (``text`` wins when both are given: it is the
body the user already trusts), and optionally ``url``, ``title``, ``published`` (ISO date or
datetime) and ``source`` (the publisher). A broken line becomes a Failure naming its number;
the other lines load.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from ..model import Failure, RawDoc, Source
from ..settings import Settings
from .decode import BinaryContent, decode_bytes
from .limits import too_large_reason


def parse_iso(value: Any) -> dt.datetime | None:
    """An ISO date (``2016-12-16``) or datetime (``2016-12-16T10:00:00Z``); None if not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return dt.datetime(day.year, day.month, day.day)


def _optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _article(obj: Any, display: str, line_no: int) -> RawDoc | str:
    """One parsed line -> RawDoc, or the reason it cannot be one."""
    if not isinstance(obj, dict):
        return f"not an article: line {line_no} is a JSON {type(obj).__name__}, not an object"
    text, html = obj.get("text"), obj.get("html")
    if isinstance(text, str) and text.strip():
        content, content_type = text, "text"
    elif isinstance(html, str) and html.strip():
        content, content_type = html, "html"
    elif "text" in obj or "html" in obj:
        return f"empty article: line {line_no} has an empty 'text'/'html' field"
    else:
        keys = ", ".join(sorted(map(str, obj))[:8]) or "none"
        return f"not an article: line {line_no} has no 'text' or 'html' field (keys: {keys})"
    published = None
    if obj.get("published") not in (None, ""):
        published = parse_iso(obj["published"])
        if published is None:
            return (
                f"bad date: line {line_no} 'published' is not an ISO date or datetime: "
                f"{obj['published']!r} (expected e.g. 2016-12-16)"
            )
    url = _optional_str(obj, "url")
    return RawDoc(
        content=content,
        content_type=content_type,  # type: ignore[arg-type]
        source=Source(kind="jsonl", path=display, line=line_no, url=url),
        url=url,
        title=_optional_str(obj, "title"),
        published=published,
        published_from="jsonl" if published else "unknown",
        encoding="utf-8",
        publisher=_optional_str(obj, "source"),
    )


def _open(path: str, compressed: bool) -> IO[bytes]:
    if compressed:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def read_jsonl(
    path: str, display: str, settings: Settings, compressed: bool = False
) -> Iterator[RawDoc | Failure]:
    """Stream the lines (bounded memory: a line over the size limit is skipped, not held)."""
    limit = settings.max_bytes
    line_no = 0
    with _open(path, compressed) as stream:
        try:
            while True:
                raw = stream.readline(limit + 1)
                if not raw:
                    return
                line_no += 1
                where = f"{display}:{line_no}"
                if len(raw) > limit and not raw.endswith(b"\n"):
                    size = len(raw) + _skip_line(stream)
                    reason = too_large_reason(f"line {line_no}", size, limit)
                    yield Failure(where, "ingest", reason)
                    continue
                if not raw.strip():
                    continue
                result = _parse_line(raw, display, line_no)
                yield result if isinstance(result, RawDoc) else Failure(where, "ingest", result)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            yield Failure(
                f"{display}:{line_no + 1}",
                "ingest",
                f"truncated gzip: the file breaks after line {line_no} ({exc}); "
                "the lines before it were kept",
            )


def _parse_line(raw: bytes, display: str, line_no: int) -> RawDoc | str:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:  # JSON must be UTF-8, but a legacy-encoded line is still decoded, not dropped
            line, _ = decode_bytes(raw)
        except BinaryContent as exc:
            return f"{exc.message} on line {line_no}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"invalid JSON: line {line_no}, character {exc.pos + 1}: {exc.msg}"
    return _article(obj, display, line_no)


def _skip_line(stream: IO[bytes]) -> int:
    """Read past the rest of an over-long line; returns how many bytes were skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(1 << 20)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def looks_like_jsonl(head: bytes) -> bool:
    """Sniff JSONL in a file of unknown type: the first line is an object with text or html."""
    first = head.lstrip().split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        obj = json.loads(first)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return b'"text"' in first or b'"html"' in first
    return isinstance(obj, dict) and ("text" in obj or "html" in obj)
