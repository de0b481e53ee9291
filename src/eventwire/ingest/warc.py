"""WARC / ARC files -> RawDoc, one per HTML response (or HTML resource) record.

The fast path is FastWARC with ``parse_http=False``: we read each record's block once and split
the HTTP header ourselves (a single ``find``), which also lets us account for every byte and so
notice a record cut short by a truncated file. warcio takes over where FastWARC does not go:
gzip/deflate/brotli-encoded bodies and chunked transfer framing (its decoding readers, which also
tolerate a stale ``Content-Encoding`` header on an already-decoded body) and ARC files.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from collections.abc import Iterator
from typing import IO, Any

from ..model import Failure, RawDoc, Source
from ..settings import Settings
from .decode import (
    BinaryContent,
    charset_from_content_type,
    decode_bytes,
    looks_like_html,
)
from .limits import too_large_reason
from .stats import IngestStats

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
# Types that say nothing about the payload: the payload is sniffed instead.
VAGUE_TYPES = frozenset(
    {"", "application/octet-stream", "application/http", "unknown", "text/plain"}
)
HEAD_BYTES = 16 * 1024  # enough for HTTP headers in practice; the rest is read only for HTML


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _clean_uri(uri: str | None) -> str | None:
    """WARC-Target-URI as a plain URL (some writers wrap it in <...>, as WARC 1.1 drafts did)."""
    if not uri:
        return None
    uri = uri.strip()
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1].strip()
    return uri or None


def _split_http(block: bytes) -> tuple[int, int, dict[str, str]] | None:
    """Split an HTTP response block: (status, body offset, lower-cased headers) or None.

    Accepts LF-only line ends (ClueWeb09 writes them) as well as CRLF.
    """
    if not block.startswith(b"HTTP/"):
        return None
    ends = [(i, n) for i, n in ((block.find(b"\r\n\r\n"), 4), (block.find(b"\n\n"), 2)) if i >= 0]
    if not ends:
        return None
    end, sep = min(ends)
    lines = block[:end].decode("latin-1").splitlines()
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        status = 0
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip().lower()] = value.strip()
    return status, end + sep, headers


def _decode_transfer(body: bytes, headers: dict[str, str]) -> bytes:
    """Undo chunked framing and Content-Encoding with warcio's readers (the fallback path)."""
    chunked = "chunked" in headers.get("transfer-encoding", "").lower()
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity", "none"):
        encoding = ""
    if not chunked and not encoding:
        return body
    from warcio.bufferedreaders import ChunkedDataReader, DecompressingBufferedReader

    decomp = {"x-gzip": "gzip", "gzip": "gzip", "deflate": "deflate", "br": "br"}.get(encoding)
    reader_cls = ChunkedDataReader if chunked else DecompressingBufferedReader
    try:
        reader = reader_cls(io.BytesIO(body), decomp_type=decomp)
        return bytes(reader.read())
    except Exception:  # warcio raises various types on broken framing: keep the raw body
        return body


class WarcReader:
    """Reads one WARC/ARC file; a new instance per file keeps the bookkeeping simple."""

    def __init__(self, path: str, display: str, settings: Settings, stats: IngestStats) -> None:
        self.path = path
        self.display = display
        self.settings = settings
        self.stats = stats

    def where(self, offset: int | None) -> str:
        return self.display if offset is None else f"{self.display}#offset={offset}"

    # ---- FastWARC: the fast path -------------------------------------------------------
    def read(self) -> Iterator[RawDoc | Failure]:
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        wanted = WarcRecordType.response | WarcRecordType.resource
        last_offset: int | None = None
        records = 0
        truncated = False
        with open(self.path, "rb") as stream:
            iterator = ArchiveIterator(stream, parse_http=False, quirks_mode=True)
            try:
                for record in iterator:
                    records += 1
                    last_offset = record.stream_pos
                    if not record.record_type & wanted:
                        continue
                    result = self._record(record)
                    if result is None:
                        continue
                    yield result
                    if isinstance(result, Failure) and result.reason.startswith("truncated"):
                        truncated = True
                        break
            except Exception as exc:  # FastWARC raises OSError/ValueError on broken streams
                after = "" if last_offset is None else f" after the record at offset {last_offset}"
                yield Failure(
                    self.where(last_offset),
                    "ingest",
                    f"corrupt WARC: reading stopped{after} ({exc}); earlier records were kept",
                )
                return
        if records == 0:
            yield Failure(self.display, "ingest", "not a WARC file: no WARC record could be read")
            return
        if not truncated:
            problem = check_tail(self.path, last_offset or 0)
            if problem:
                yield Failure(self.where(last_offset), "ingest", problem)

    def _record(self, record: Any) -> RawDoc | Failure | None:
        offset = record.stream_pos
        declared = record.content_length
        limit = self.settings.max_bytes
        if declared > limit + HEAD_BYTES:
            reason = too_large_reason("record", declared, limit)
            return Failure(self.where(offset), "ingest", reason)
        headers = record.headers
        warc_type = _media_type(headers.get("Content-Type"))
        block = record.reader.read(min(declared, HEAD_BYTES))
        http = _split_http(block) if warc_type in VAGUE_TYPES or block[:5] == b"HTTP/" else None
        if http is not None:
            status, body_at, http_headers = http
            if not 200 <= status < 300:
                self.stats.skip(f"HTTP status {status // 100}xx")
                return None
            media = _media_type(http_headers.get("content-type"))
            charset = charset_from_content_type(http_headers.get("content-type"))
        else:
            body_at, http_headers, media, charset = 0, {}, warc_type, None
            if media == "application/http":
                media = ""
        if media and media not in HTML_TYPES and media not in VAGUE_TYPES:
            self.stats.skip("non-HTML record")
            return None
        if len(block) < declared:
            block += record.reader.read()
        if len(block) < declared:
            return Failure(
                self.where(offset),
                "ingest",
                f"truncated WARC: the file ends inside the record at offset {offset} "
                f"({len(block)} of {declared} bytes); the records before it were kept",
            )
        payload = _decode_transfer(block[body_at:], http_headers)
        return self._to_rawdoc(
            payload, media, charset, offset, headers.get("WARC-Target-URI"), record.record_date
        )

    def _to_rawdoc(
        self,
        payload: bytes,
        media: str,
        charset: str | None,
        offset: int,
        uri: str | None,
        date: dt.datetime | None,
    ) -> RawDoc | Failure | None:
        if not payload.strip():
            self.stats.skip("empty payload")
            return None
        if len(payload) > self.settings.max_bytes:
            reason = too_large_reason("record", len(payload), self.settings.max_bytes)
            return Failure(self.where(offset), "ingest", reason)
        try:
            text, encoding = decode_bytes(payload, declared=charset, html=True)
        except BinaryContent as exc:
            if media in HTML_TYPES:  # said HTML, is not: worth telling the user
                return Failure(self.where(offset), "ingest", exc.message)
            self.stats.skip("non-HTML record")
            return None
        if media not in HTML_TYPES and not looks_like_html(text):
            self.stats.skip("non-HTML record")
            return None
        url = _clean_uri(uri)
        return RawDoc(
            content=text,
            content_type="html",
            source=Source(kind="warc", path=self.display, offset=offset, url=url),
            url=url,
            published=date,
            published_from="warc" if date else "unknown",
            encoding=encoding,
        )

    # ---- warcio: ARC files -------------------------------------------------------------
    def read_arc(self) -> Iterator[RawDoc | Failure]:
        """ARC (the WARC predecessor): FastWARC does not read it, warcio does."""
        from warcio.archiveiterator import ArchiveIterator as WarcioIterator

        offset: int | None = None
        with open(self.path, "rb") as stream:
            iterator = WarcioIterator(stream, arc2warc=True)
            try:
                for record in iterator:
                    if record.rec_type not in ("response", "resource"):
                        continue
                    # warcio knows a record's offset only once it has been read through.
                    payload = record.content_stream().read(self.settings.max_bytes + 1)
                    offset = iterator.get_record_offset()
                    result = self._warcio_record(record, payload, offset)
                    if result is not None:
                        yield result
            except Exception as exc:  # warcio: ArchiveLoadFailed, EOFError, zlib.error...
                where = "" if offset is None else f" after the record at offset {offset}"
                yield Failure(
                    self.where(offset),
                    "ingest",
                    f"truncated or corrupt ARC: reading stopped{where} ({exc}); "
                    "earlier records were kept",
                )

    def _warcio_record(self, record: Any, payload: bytes, offset: int) -> RawDoc | Failure | None:
        http = record.http_headers
        media = _media_type(http.get_header("Content-Type") if http else None)
        if http is not None:
            status = http.get_statuscode() or ""
            if status.isdigit() and not 200 <= int(status) < 300:
                self.stats.skip(f"HTTP status {int(status) // 100}xx")
                return None
        if media and media not in HTML_TYPES and media not in VAGUE_TYPES:
            self.stats.skip("non-HTML record")
            return None
        charset = charset_from_content_type(http.get_header("Content-Type") if http else None)
        date = _parse_warc_date(record.rec_headers.get_header("WARC-Date"))
        uri = record.rec_headers.get_header("WARC-Target-URI")
        return self._to_rawdoc(payload, media, charset, offset, uri, date)


def _parse_warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def check_tail(path: str, offset: int) -> str | None:
    """Is the last record (starting at ``offset``) complete, with nothing broken after it?

    FastWARC stops quietly when a file ends inside a record header or a gzip member; this
    re-reads only the last record (streaming, bounded memory) to tell the user.
    """
    with open(path, "rb") as stream:
        stream.seek(offset)
        magic = stream.read(2)
        stream.seek(offset)
        if magic == b"\x1f\x8b":
            return _check_gzip_tail(stream, offset)
        if offset == 0 and _is_gzip_file(path):  # one gzip stream for the whole file
            return _check_gzip_tail(stream, offset)
        return _check_block(_PlainTail(stream), offset)


def _is_gzip_file(path: str) -> bool:
    with open(path, "rb") as stream:
        return stream.read(2) == b"\x1f\x8b"


class _PlainTail:
    """Uncompressed bytes from the last record on, read in slices."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def chunks(self) -> Iterator[bytes]:
        while chunk := self.stream.read(1 << 16):
            yield chunk


class _GzipTail:
    """Decompressed bytes from the last gzip member on; remembers whether the stream ended."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.complete = True
        self.error: str | None = None

    def chunks(self) -> Iterator[bytes]:
        inflater = zlib.decompressobj(wbits=47)
        pending = b""
        fed = False  # has the current member received any input?
        while True:
            if inflater.unconsumed_tail:
                data = inflater.unconsumed_tail
            elif pending:
                data, pending = pending, b""
            else:
                data = self.stream.read(1 << 16)
            if not data:
                self.complete = inflater.eof or not fed
                return
            fed = True
            try:
                out = inflater.decompress(data, 1 << 20)
            except zlib.error as exc:
                self.error = str(exc)
                return
            if out:
                yield out
            if inflater.eof:  # next gzip member (one per record in a .warc.gz)
                pending = inflater.unused_data
                inflater = zlib.decompressobj(wbits=47)
                fed = False


def _check_gzip_tail(stream: IO[bytes], offset: int) -> str | None:
    tail = _GzipTail(stream)
    problem = _check_block(tail, offset)
    if tail.error:
        return f"corrupt WARC: the gzip data after offset {offset} is damaged ({tail.error})"
    if not tail.complete:
        return (
            f"truncated WARC: the file ends inside a gzip member after offset {offset}; "
            "the records before it were kept"
        )
    return problem


def _check_block(tail: _PlainTail | _GzipTail, offset: int) -> str | None:
    """Walk the records from ``offset``: every declared block must be there in full."""
    buffer = b""
    chunks = tail.chunks()
    exhausted = False

    def fill(size: int) -> bool:
        nonlocal buffer, exhausted
        while len(buffer) < size and not exhausted:
            try:
                buffer += next(chunks)
            except StopIteration:
                exhausted = True
        return len(buffer) >= size

    records = 0
    while True:
        fill(HEAD_BYTES)
        stripped = buffer.lstrip(b"\r\n")
        if not stripped and exhausted:
            return None
        buffer = stripped
        end = buffer.find(b"\r\n\r\n")
        if end < 0 or not buffer.startswith((b"WARC/", b"filedesc:")):
            if records == 0 and not buffer.startswith(b"WARC/"):
                return None  # not where we expected a record: leave the verdict to the parser
            return (
                f"truncated WARC: the file ends inside a record header after offset {offset}; "
                "the records before it were kept"
            )
        length = 0
        for line in buffer[:end].split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length" and value.strip().isdigit():
                length = int(value.strip())
        need = end + 4 + length
        # Skip over the block without holding it: drop what we have, count the rest.
        while len(buffer) < need and not exhausted:
            need -= len(buffer)
            buffer = b""
            fill(1)
        if len(buffer) < need:
            return (
                f"truncated WARC: the file ends inside the record after offset {offset}; "
                "the records before it were kept"
            )
        buffer = buffer[need:]
        records += 1
