"""Ingest: every input kind becomes RawDocs with provenance; every bad input a specific Failure."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import random
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingest import BinaryContent, IngestStats, decode_bytes, read_inputs
from eventwire.model import Failure, RawDoc
from eventwire.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
MB = 1024 * 1024

ARTICLE_HTML = (
    b"<html><head><title>Dam inspection</title></head><body><p>Engineers inspected the "
    b"fictional Corvel dam on Tuesday and found no cracks, the water board said.</p></body></html>"
)


def read(*paths: str | Path, **options: int) -> list[RawDoc | Failure]:
    return list(read_inputs([str(p) for p in paths], Settings(**options)))  # type: ignore[arg-type]


def docs(items: list[RawDoc | Failure]) -> list[RawDoc]:
    return [i for i in items if isinstance(i, RawDoc)]


def failures(items: list[RawDoc | Failure]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


def only_failure(items: list[RawDoc | Failure]) -> Failure:
    assert len(items) == 1 and isinstance(items[0], Failure), items
    assert items[0].stage == "ingest"
    return items[0]


# ---- plain text and HTML files ----------------------------------------------------------------
def test_text_file_is_text_with_file_provenance() -> None:
    (doc,) = read(FIXTURES / "article.txt")
    assert isinstance(doc, RawDoc)
    assert doc.content_type == "text"
    assert doc.content.startswith("Harbour workers end three-day strike")
    assert doc.source.kind == "file" and doc.source.path == str(FIXTURES / "article.txt")
    assert doc.encoding == "utf-8"
    assert doc.published is None and doc.published_from == "unknown"


def test_html_file_is_html() -> None:
    (doc,) = read(FIXTURES / "page.html")
    assert isinstance(doc, RawDoc) and doc.content_type == "html"
    assert "Council approves river bridge" in doc.content


def test_txt_that_holds_html_is_sniffed_as_html() -> None:
    (doc,) = read(FIXTURES / "disguised.txt")
    assert isinstance(doc, RawDoc) and doc.content_type == "html"


def test_file_without_extension_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "dump").write_bytes(ARTICLE_HTML)
    (tmp_path / "notes").write_text("Just a line of plain text about the Corvel dam.\n")
    html, text = read(tmp_path / "dump", tmp_path / "notes")
    assert isinstance(html, RawDoc) and html.content_type == "html"
    assert isinstance(text, RawDoc) and text.content_type == "text"


def test_html_gz_is_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(ARTICLE_HTML))
    (doc,) = read(path)
    assert isinstance(doc, RawDoc) and doc.content_type == "html"
    assert "Corvel dam" in doc.content


# ---- encodings --------------------------------------------------------------------------------
def test_cp1252_text_is_decoded_not_dropped() -> None:
    (doc,) = read(FIXTURES / "cp1252.txt")
    assert isinstance(doc, RawDoc)
    assert doc.encoding == "cp1252"
    assert "Café owners" in doc.content and "“pavement tax”" in doc.content
    assert "Naïve" in doc.content and "€400" in doc.content


def test_cp1251_text_is_decoded() -> None:
    (doc,) = read(FIXTURES / "cp1251.txt")
    assert isinstance(doc, RawDoc) and doc.encoding == "cp1251"
    assert doc.content.startswith("Мэр города Озерск")


def test_meta_charset_is_used_for_html() -> None:
    (doc,) = read(FIXTURES / "latin1-meta.html")
    assert isinstance(doc, RawDoc) and doc.content_type == "html"
    assert doc.encoding == "cp1252"  # what browsers use for a latin-1 label
    assert "<title>Résumé</title>" in doc.content and "l'été" in doc.content


def test_bom_wins_and_is_stripped() -> None:
    (doc,) = read(FIXTURES / "bom.txt")
    assert isinstance(doc, RawDoc) and doc.encoding == "utf-8-sig"
    assert doc.content.startswith("BOM-marked text")


def test_invalid_utf8_is_decoded_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"The fictional Corvel dam report, page one.\n" * 5 + b"Stray byte: \xff.\n")
    (doc,) = read(path)
    assert isinstance(doc, RawDoc)
    assert doc.content.count("Corvel dam report") == 5
    assert doc.encoding


def test_stale_single_byte_declaration_loses_to_valid_utf8() -> None:
    text, encoding = decode_bytes("Zürich café".encode(), declared="cp1252")
    assert (text, encoding) == ("Zürich café", "utf-8")


def test_declared_charset_is_used_when_it_fits() -> None:
    text, encoding = decode_bytes("Озерск".encode("cp1251"), declared="windows-1251")
    assert (text, encoding) == ("Озерск", "cp1251")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600))
def test_decoding_any_bytes_gives_text_or_binary_content(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except BinaryContent as exc:
        assert exc.message.startswith("binary content, not text or HTML")
    else:
        assert isinstance(text, str) and encoding


# ---- bad single files -------------------------------------------------------------------------
def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert only_failure(read(tmp_path / "empty.txt")).reason == "empty file"


def test_whitespace_only_file(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_bytes(b"  \n\n\t \n")
    assert only_failure(read(tmp_path / "blank.txt")).reason == "empty file (only whitespace)"


def test_png_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    failure = only_failure(read(path))
    assert failure.reason == "binary content, not text or HTML (a PNG image)"
    assert failure.input == str(path)


def test_random_bytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.html"
    path.write_bytes(random.Random(7).randbytes(5000))
    assert only_failure(read(path)).reason.startswith("binary content, not text or HTML")


def test_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = b"A very long dump of text about the fictional Corvel dam.\n"
    with path.open("wb") as out:
        block = line * (MB // len(line) + 1)
        for _ in range(50):
            out.write(block[:MB])
    tracemalloc.start()
    try:
        items = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert only_failure(items).reason == (
        "too large: file is 50.0 MB, over the 20.0 MB per-document limit (settings.max_bytes)"
    )
    assert peak < 2 * MB  # the file was never read whole


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"word " * 500_000))  # 2.4 MB of text, tiny compressed
    failure = only_failure(read(path, max_bytes=MB))
    assert failure.reason.startswith("too large: file decompresses to more than 1.0 MB")


def test_truncated_gz_keeps_what_decompressed(tmp_path: Path) -> None:
    rng = random.Random(3)
    words = ["dam", "river", "inspector", "concrete", "spillway", "board", "water", "crack"]
    paragraphs = "".join(
        f"<p>The fictional Corvel {' '.join(rng.choices(words, k=12))}.</p>" for _ in range(200)
    )
    body = f"<html><body>{paragraphs}</body></html>".encode()
    compressed = gzip.compress(body)
    path = tmp_path / "cut.html.gz"
    path.write_bytes(compressed[: len(compressed) * 2 // 3])
    stats = IngestStats()
    (doc,) = read_inputs([str(path)], Settings(), stats)
    assert isinstance(doc, RawDoc) and doc.content_type == "html"
    assert doc.content.count("The fictional Corvel") > 50
    assert stats.partial == 1


def test_truncated_gz_with_nothing_usable_fails(tmp_path: Path) -> None:
    compressed = gzip.compress(ARTICLE_HTML * 3)
    path = tmp_path / "cut.html.gz"
    path.write_bytes(compressed[:30])
    assert only_failure(read(path)).reason.startswith("truncated gzip")


def test_missing_path() -> None:
    failure = only_failure(read("/nonexistent/eventwire/article.txt"))
    assert failure.input == "/nonexistent/eventwire/article.txt"
    assert failure.reason == "missing path: no such file or directory"


# ---- directories ------------------------------------------------------------------------------
def test_directory_is_read_recursively_in_sorted_order() -> None:
    items = read(FIXTURES / "tree")
    tree = str(FIXTURES / "tree")
    where = [i.input if isinstance(i, Failure) else (i.source.path, i.source.line) for i in items]
    assert where == [
        (f"{tree}/b-article.txt", None),
        (f"{tree}/sub/a-page.html", None),
        (f"{tree}/sub/z-articles.jsonl", 1),
        (f"{tree}/sub/z-articles.jsonl", 2),
        f"{tree}/sub/z-articles.jsonl:3",
        (f"{tree}/sub/z-articles.jsonl", 4),
    ]  # the hidden file is passed over


def test_unreadable_files_in_a_directory_fail_and_the_rest_loads(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First fictional article about the Corvel dam.\n")
    (tmp_path / "b-dangling.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tmp_path / "c-pipe.txt")  # opening it would block: must be refused unopened
    (tmp_path / "d.txt").write_text("Second fictional article about the Corvel dam.\n")
    items = read(tmp_path)
    loaded = [d.source.path for d in docs(items)]
    assert loaded == [str(tmp_path / "a.txt"), str(tmp_path / "d.txt")]
    dangling, pipe = failures(items)
    assert dangling.input == str(tmp_path / "b-dangling.txt")
    assert dangling.reason == f"unreadable: dangling symlink to {tmp_path / 'gone.txt'}"
    assert pipe.reason == "unreadable: not a regular file (a named pipe)"


# ---- JSONL ------------------------------------------------------------------------------------
def test_jsonl_fields_and_a_broken_line() -> None:
    path = FIXTURES / "articles.jsonl"
    items = read(path)
    assert len(items) == 4
    first, second, broken, fourth = items
    assert isinstance(first, RawDoc) and first.content_type == "text"
    assert first.url == first.source.url == "https://example.org/orran"
    assert first.title == "Orran farmers protest" and first.publisher == "Example Herald"
    assert first.published == dt.datetime(2016, 12, 16) and first.published_from == "jsonl"
    assert (first.source.kind, first.source.path, first.source.line) == ("jsonl", str(path), 1)
    assert isinstance(second, RawDoc) and second.content_type == "html"
    assert second.published == dt.datetime(2016, 12, 15, 8, 30, tzinfo=dt.UTC)
    assert isinstance(broken, Failure) and broken.input == f"{path}:3"
    assert broken.reason.startswith("invalid JSON: line 3")
    assert isinstance(fourth, RawDoc) and fourth.source.line == 4
    assert fourth.published_from == "unknown"


def test_jsonl_bad_lines_name_their_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"text": "Fine fictional article.", "published": "last Tuesday"}\n'
        '["a", "list"]\n'
        '{"body": "wrong key"}\n'
        "\n"
        '{"text": "   "}\n'
        '{"text": "The last fictional article loads."}\n'
    )
    items = read(path)
    reasons = [i.reason for i in failures(items)]
    assert reasons[0].startswith("bad date: line 1 'published' is not an ISO date")
    assert reasons[1] == "not an article: line 2 is a JSON list, not an object"
    assert reasons[2].startswith("not an article: line 3 has no 'text' or 'html' field")
    assert reasons[3] == "empty article: line 5 has an empty 'text'/'html' field"
    (last,) = docs(items)
    assert last.source.line == 6


def test_jsonl_gz_and_an_over_long_line(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl.gz"
    lines = [
        '{"text": "' + "x" * 3000 + '"}',
        '{"text": "A short fictional article."}',
    ]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    long_line, short = read(path, max_bytes=1000)
    assert isinstance(long_line, Failure) and long_line.input == f"{path}:1"
    assert long_line.reason.startswith("too large: line 1 is 0.0 MB")
    assert isinstance(short, RawDoc) and short.source.line == 2


def test_truncated_jsonl_gz_keeps_earlier_lines(tmp_path: Path) -> None:
    lines = "".join(
        f'{{"text": "Fictional article number {n} about the Corvel dam."}}\n' for n in range(400)
    )
    compressed = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(compressed[: len(compressed) // 2])
    items = read(path)
    assert len(docs(items)) > 10
    (failure,) = failures(items)
    assert failure.reason.startswith("truncated gzip: the file breaks after line")


# ---- stdin ------------------------------------------------------------------------------------
def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"Stdin article about the fictional Corvel dam.\n")
    (doc,) = read("-")
    assert isinstance(doc, RawDoc) and doc.content_type == "text"
    assert doc.source.kind == "stdin" and doc.source.path == "-"


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"")
    failure = only_failure(read("-"))
    assert (failure.input, failure.reason) == ("-", "empty file")


def test_stdin_warc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "in.warc.gz"
    build_warc(path, gzipped=True)
    _stdin(monkeypatch, path.read_bytes())
    items = read("-")
    assert len(docs(items)) == 7 and not failures(items)
    assert all(d.source.kind == "warc" and d.source.path == "-" for d in docs(items))


# ---- WARC built here with warcio ---------------------------------------------------------------
def _chunked(body: bytes) -> bytes:
    return b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)


def _raw_record(warc_type: str, uri: str, content_type: str, block: bytes) -> bytes:
    """A record warcio would not write (no HTTP headers, LF-only headers...), byte by byte."""
    head = (
        f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\n"
        "WARC-Date: 2016-12-16T09:30:00Z\r\nWARC-Record-ID: <urn:uuid:0>\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def build_warc(path: Path, gzipped: bool) -> None:
    """Seven HTML pages in every framing, plus records that must be passed over."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)

    def response(
        uri: str, headers: list[tuple[str, str]], body: bytes, status: str = "200 OK"
    ) -> None:
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=http
        )
        record.rec_headers.replace_header("WARC-Date", "2016-12-16T09:30:00Z")
        writer.write_record(record)

    def raw(data: bytes) -> None:
        buffer.write(gzip.compress(data) if gzipped else data)

    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "eventwire"}))
    html = [("Content-Type", "text/html; charset=utf-8")]
    response("http://example.org/plain", html, ARTICLE_HTML)
    response(
        "http://example.org/gzip",
        [*html, ("Content-Encoding", "gzip")],
        gzip.compress(ARTICLE_HTML),
    )
    response(
        "http://example.org/chunked",
        [*html, ("Transfer-Encoding", "chunked")],
        _chunked(ARTICLE_HTML),
    )
    response(
        "http://example.org/chunked-gzip",
        [*html, ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
        _chunked(gzip.compress(ARTICLE_HTML)),
    )
    response(
        "http://example.org/cyrillic",
        [("Content-Type", "text/html; charset=windows-1251")],
        "<html><body><p>Мэр Озерска открыл мост.</p></body></html>".encode("cp1251"),
    )
    response(
        "http://example.org/photo.png",
        [("Content-Type", "image/png")],
        b"\x89PNG\r\n\x1a\n" + bytes(200),
    )
    response(
        "http://example.org/missing",
        html,
        b"<html><body>Not found</body></html>",
        status="404 Not Found",
    )
    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
    writer.write_record(
        writer.create_warc_record("http://example.org/plain", "request", http_headers=request)
    )
    raw(_raw_record("response", "<http://example.org/no-http-headers>", "text/html", ARTICLE_HTML))
    # ClueWeb09 style: LF-only HTTP headers and a stale Content-Encoding on a decoded body.
    raw(
        _raw_record(
            "response",
            "http://example.org/lf-only",
            "application/http;msgtype=response",
            b"HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: gzip\n\n"
            + ARTICLE_HTML
            + b"\r\n\r\nmore after a blank line",
        )
    )
    raw(
        _raw_record(
            "metadata",
            "http://example.org/plain",
            "application/warc-fields",
            b"fetchTimeMs: 12\r\n",
        )
    )
    path.write_bytes(buffer.getvalue())


EXPECTED_URLS = [
    "http://example.org/plain",
    "http://example.org/gzip",
    "http://example.org/chunked",
    "http://example.org/chunked-gzip",
    "http://example.org/cyrillic",
    "http://example.org/no-http-headers",
    "http://example.org/lf-only",
]


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_warc_records_in_every_framing(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    build_warc(path, gzipped)
    stats = IngestStats()
    items = list(read_inputs([str(path)], Settings(), stats))
    assert not failures(items)
    pages = docs(items)
    assert [d.url for d in pages] == EXPECTED_URLS
    for doc in pages[:4] + pages[5:6]:
        assert doc.content == ARTICLE_HTML.decode(), doc.url
    assert pages[4].encoding == "cp1251" and "Мэр Озерска" in pages[4].content
    assert pages[6].content.startswith(ARTICLE_HTML.decode())  # not cut at the LF-only header
    assert pages[6].content.endswith("more after a blank line")
    for doc in pages:
        assert doc.content_type == "html"
        assert doc.published == dt.datetime(2016, 12, 16, 9, 30, tzinfo=dt.UTC)
        assert doc.published_from == "warc"
        assert doc.source.kind == "warc" and doc.source.path == str(path)
        assert doc.source.url == doc.url
    assert stats.skipped == {"non-HTML record": 1, "HTTP status 4xx": 1}


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_warc_offsets_point_at_the_records(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    build_warc(path, gzipped)
    for doc in docs(read(path)):
        with path.open("rb") as stream:
            stream.seek(doc.source.offset or 0)
            record = next(iter(ArchiveIterator(stream)))
            uri = record.rec_headers.get_header("WARC-Target-URI").strip("<>")
        assert uri == doc.url


def test_truncated_warc_gz_keeps_earlier_records(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    build_warc(path, gzipped=True)
    data = path.read_bytes()
    last_page = docs(read(path))[-1].source.offset or 0
    path.write_bytes(data[: last_page + 60])  # inside the last page's gzip member
    items = read(path)
    assert [d.url for d in docs(items)] == EXPECTED_URLS[:-1]
    (failure,) = failures(items)
    assert failure.reason.startswith("truncated WARC")
    assert failure.input.startswith(f"{path}#offset=")


def test_truncated_plain_warc_inside_a_body(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    build_warc(path, gzipped=False)
    data = path.read_bytes()
    cut = data.index(b"fictional Corvel", data.index(b"http://example.org/chunked"))
    path.write_bytes(data[:cut])
    items = read(path)
    assert [d.url for d in docs(items)] == EXPECTED_URLS[:2]
    (failure,) = failures(items)
    assert failure.reason.startswith("truncated WARC: the file ends inside the record at offset")


def test_truncated_plain_warc_inside_a_header(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    build_warc(path, gzipped=False)
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"WARC-Type: metadata") + 5])
    items = read(path)
    assert [d.url for d in docs(items)] == EXPECTED_URLS
    (failure,) = failures(items)
    assert failure.reason.startswith("truncated WARC: the file ends inside a record header")


def test_warc_record_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    big = b"<html><body>" + b"<p>Corvel dam.</p>" * 10_000 + b"</body></html>"
    writer.write_record(
        writer.create_warc_record(
            "http://example.org/big", "response", payload=io.BytesIO(big), http_headers=http
        )
    )
    path.write_bytes(buffer.getvalue())
    failure = only_failure(read(path, max_bytes=50_000))
    assert failure.reason.startswith("too large: record is 0.2 MB, over the 0.0 MB")
    assert failure.input == f"{path}#offset=0"


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("This is not a WARC file, just text with the wrong extension.\n")
    assert only_failure(read(path)).reason.startswith("not a WARC file")


def test_arc_file_is_read_with_warcio(tmp_path: Path) -> None:
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + ARTICLE_HTML
    info = b"1 0 Eventwire\nURL IP-address Archive-date Content-type Archive-length\n"
    data = (
        b"filedesc://old.arc 0.0.0.0 20161216093000 text/plain %d\n" % len(info)
        + info
        + b"\n"
        + b"http://example.org/old 192.0.2.1 20161216093000 text/html %d\n" % len(http)
        + http
        + b"\n"
    )
    path = tmp_path / "old.arc"
    path.write_bytes(data)
    (doc,) = read(path)
    assert isinstance(doc, RawDoc) and doc.url == "http://example.org/old"
    assert doc.content == ARTICLE_HTML.decode()
    assert doc.published == dt.datetime(2016, 12, 16, 9, 30, tzinfo=dt.UTC)
    assert doc.source.offset == data.index(b"http://example.org/old")


# ---- real WARC files from ../shared -----------------------------------------------------------
def test_shared_common_crawl_sample(shared: Path) -> None:
    stats = IngestStats()
    items = list(read_inputs([str(shared / "data/warc/warcfile.warc.gz")], Settings(), stats))
    assert not failures(items)
    pages = docs(items)
    assert len(pages) == 16  # every HTML response; requests and metadata are passed over
    assert all(p.url and p.url.startswith("http") and p.published_from == "warc" for p in pages)
    assert len({p.source.offset for p in pages}) == len(pages)
    cyrillic = [p for p in pages if p.encoding == "cp1251"]
    assert cyrillic and any(ch in cyrillic[0].content for ch in "абвгдежз")


def test_shared_clipped_record_is_a_truncation_failure(shared: Path) -> None:
    path = shared / "data/warc/clipped.warc.gz"
    failure = only_failure(read(path))
    assert failure.reason.startswith("truncated WARC: the file ends inside the record at offset 0")
    assert failure.input == f"{path}#offset=0"


def test_shared_clueweb_records_with_quirky_headers(shared: Path) -> None:
    items = read(shared / "data/warc/clueweb-quirk.warc.gz")
    assert not failures(items)
    pages = docs(items)
    assert len(pages) == 29
    for page in pages:
        assert page.encoding == "euc_jp"  # from the LF-only HTTP header
        assert page.content.lstrip().lower().startswith("<html")  # body not cut
        assert page.published is None  # the WARC-Date there is not a date


def test_shared_odd_target_uris_are_cleaned(shared: Path) -> None:
    pages = docs(read(shared / "data/warc/sample-0001.warc.gz"))
    assert len(pages) == 15
    assert all(p.url and p.url.startswith("https://") and ">" not in p.url for p in pages)
