"""Paths -> inputs: directories walked in sorted order, each file typed and read once.

A file's format comes from its extension, then from its first bytes (gzip, WARC and ARC magic,
a JSONL first line, HTML tags), so a ``.txt`` that holds HTML is read as HTML and a WARC without
an extension is still a WARC. Single documents are read with a size cap (``settings.max_bytes``)
checked before reading, so a huge file never lands in memory.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import ContentType, Failure, RawDoc, Source
from ..settings import Settings
from .decode import SNIFF_BYTES, BinaryContent, decode_bytes, looks_like_html
from .jsonl import looks_like_jsonl, read_jsonl
from .limits import megabytes, too_large_reason
from .stats import IngestStats
from .warc import WarcReader

HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
WARC_EXTENSIONS = (".warc", ".arc")
JSONL_EXTENSIONS = (".jsonl", ".ndjson")
MIN_USABLE_CHARS = 200  # what a truncated .gz must still hold to be kept as a document
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class InputFile:
    """A file to read: where it is, how it is named in provenance, and the Source kind."""

    path: str  # what to open
    display: str  # what provenance and failures call it ("-" for stdin)
    kind: str = "file"  # Source.kind for single documents: "file" or "stdin"


def _fail(where: str, reason: str) -> Failure:
    return Failure(where, "ingest", reason)


# ---- finding files ---------------------------------------------------------------------------
def expand(arg: str) -> Iterator[InputFile | Failure]:
    """One command-line argument -> the files it names (a directory recursively)."""
    if not os.path.lexists(arg):
        yield _fail(arg, "missing path: no such file or directory")
    elif os.path.isdir(arg):
        yield from _walk(arg, set())
    else:
        yield InputFile(arg, arg)


def _walk(directory: str, seen: set[str]) -> Iterator[InputFile | Failure]:
    """Depth-first in name order, so two runs over the same tree read it in the same order.
    Hidden entries (``.git``, ``.DS_Store``) are passed over; symlink loops are cut."""
    real = os.path.realpath(directory)
    if real in seen:
        return
    seen.add(real)
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:
        yield _fail(directory, f"unreadable: cannot list the directory ({exc.strerror})")
        return
    for name in names:
        if name.startswith("."):
            continue
        path = os.path.join(directory, name)
        if os.path.isdir(path):
            yield from _walk(path, seen)
        else:
            yield InputFile(path, path)


# ---- stdin -------------------------------------------------------------------------------------
def spool_stdin() -> str:
    """Copy stdin to a temporary file (streamed, so memory stays bounded) and return its path:
    once on disk it is typed and read like any file, WARCs included."""
    handle = tempfile.NamedTemporaryFile(prefix="eventwire-stdin-", delete=False)  # noqa: SIM115
    with handle:
        shutil.copyfileobj(sys.stdin.buffer, handle, 1 << 20)
    return handle.name


# ---- reading one file -------------------------------------------------------------------------
def read_file(
    item: InputFile, settings: Settings, stats: IngestStats
) -> Iterator[RawDoc | Failure]:
    """Type one file and read it: WARC/ARC, JSONL (maybe gzipped), or a single document."""
    problem = _unreadable(item.path)
    if problem:
        yield _fail(item.display, problem)
        return
    try:
        with open(item.path, "rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as exc:
        yield _fail(item.display, f"unreadable: {exc.strerror or exc}")
        return
    if not head:
        yield _fail(item.display, "empty file")
        return
    name = item.display.lower() if item.display != "-" else ""
    compressed = head.startswith(GZIP_MAGIC)
    inner = _peek_gzip(head) if compressed else head
    bare = name.removesuffix(".gz")
    if inner.startswith(b"filedesc://") or bare.endswith(".arc"):
        yield from WarcReader(item.path, item.display, settings, stats).read_arc()
    elif inner.startswith(b"WARC/") or bare.endswith(WARC_EXTENSIONS):
        yield from WarcReader(item.path, item.display, settings, stats).read()
    elif bare.endswith(JSONL_EXTENSIONS) or (
        not bare.endswith(HTML_EXTENSIONS) and looks_like_jsonl(inner)
    ):
        yield from read_jsonl(item.path, item.display, settings, compressed=compressed)
    else:
        yield _read_document(item, settings, stats, compressed, bare.endswith(HTML_EXTENSIONS))


def _unreadable(path: str) -> str | None:
    """Why a path cannot be read as a file, checked before opening (a FIFO would block open)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return f"unreadable: dangling symlink to {os.readlink(path)}"
        return "missing path: no such file or directory"
    except OSError as exc:  # ELOOP, EACCES on a parent, ...
        return f"unreadable: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a named pipe"
            if stat.S_ISFIFO(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "a device"
        )
        return f"unreadable: not a regular file ({kind})"
    return None


def _peek_gzip(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip file, to see what it holds."""
    try:
        return zlib.decompressobj(wbits=47).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


def _read_document(
    item: InputFile, settings: Settings, stats: IngestStats, compressed: bool, html_ext: bool
) -> RawDoc | Failure:
    limit = settings.max_bytes
    truncated = False
    try:
        if compressed:
            data, truncated, error = _gunzip(item.path, limit)
            if error:
                return _fail(item.display, f"corrupt gzip: {error}")
            if len(data) > limit:
                return _fail(
                    item.display,
                    f"too large: file decompresses to more than {megabytes(limit)}, the "
                    "per-document limit (settings.max_bytes)",
                )
        else:
            size = os.stat(item.path).st_size
            if size > limit:
                return _fail(item.display, too_large_reason("file", size, limit))
            with open(item.path, "rb") as stream:
                data = stream.read(limit + 1)  # the file may have grown since stat
            if len(data) > limit:
                return _fail(item.display, too_large_reason("file", len(data), limit))
    except OSError as exc:
        return _fail(item.display, f"unreadable: {exc.strerror or exc}")
    if not data.strip():
        if truncated:
            return _fail(item.display, "truncated gzip: the file ends before anything decompressed")
        return _fail(item.display, "empty file" if not data else "empty file (only whitespace)")
    try:
        text, encoding = decode_bytes(data, html=True)
    except BinaryContent as exc:
        return _fail(item.display, exc.message)
    if truncated:
        if len(text.strip()) < MIN_USABLE_CHARS:
            return _fail(
                item.display,
                f"truncated gzip: the file ends early and only {len(text.strip())} characters "
                f"decompressed (fewer than {MIN_USABLE_CHARS}, not a usable document)",
            )
        stats.partial += 1
    content_type: ContentType = "html" if html_ext or looks_like_html(text) else "text"
    return RawDoc(
        content=text,
        content_type=content_type,
        source=Source(kind=item.kind, path=item.display),
        encoding=encoding,
    )


def _gunzip(path: str, limit: int) -> tuple[bytes, bool, str | None]:
    """Decompress at most ``limit + 1`` bytes: (data, truncated, error).

    A file cut short keeps what decompressed (``truncated``); damaged data keeps it too if the
    damage comes after some output, else reports the error.
    """
    out = bytearray()
    inflater = zlib.decompressobj(wbits=47)
    fed = False
    pending = b""
    with open(path, "rb") as stream:
        while len(out) <= limit:
            data = inflater.unconsumed_tail or pending or stream.read(1 << 16)
            pending = b""
            if not data:
                return bytes(out), fed and not inflater.eof, None
            fed = True
            try:
                out += inflater.decompress(data, limit + 1 - len(out))
            except zlib.error as exc:
                if out:
                    return bytes(out), True, None
                return b"", False, f"the data does not decompress ({exc})"
            if inflater.eof:  # concatenated members are one stream
                pending = inflater.unused_data
                inflater = zlib.decompressobj(wbits=47)
                fed = False
    return bytes(out), False, None
