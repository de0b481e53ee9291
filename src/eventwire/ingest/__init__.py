"""Ingest: sources (files, directories, HTML, WARC, JSONL, stdin) -> RawDoc.

Contract used by the pipeline::

    read_inputs(paths: Sequence[str], settings: Settings) -> Iterator[RawDoc | Failure]

Each RawDoc carries its provenance (``Source``). Per-document problems are yielded as
``Failure`` records and the iteration goes on; a missing path is a Failure too.

Modules: ``files`` (paths, directories, stdin, single text/HTML documents, .gz), ``warc``
(WARC/ARC records), ``jsonl`` (one article per line), ``decode`` (bytes -> text, binary and HTML
sniffing), ``stats`` (counters for what was skipped).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from ..model import Failure, RawDoc
from ..settings import Settings
from .decode import BinaryContent, decode_bytes, looks_like_html
from .files import InputFile, expand, read_file, spool_stdin
from .stats import IngestStats


def read_inputs(
    paths: Sequence[str], settings: Settings, stats: IngestStats | None = None
) -> Iterator[RawDoc | Failure]:
    """Yield a RawDoc per document and a Failure per problem, in input order.

    ``-`` reads stdin (any format a file can have). Pass ``stats`` to learn afterwards how
    many records were passed over (non-HTML WARC responses, non-2xx statuses, ...).
    """
    stats = stats if stats is not None else IngestStats()
    for arg in paths:
        for item in _items(arg, settings, stats):
            if isinstance(item, Failure):
                stats.failures += 1
            else:
                stats.documents += 1
            yield item


def _items(arg: str, settings: Settings, stats: IngestStats) -> Iterator[RawDoc | Failure]:
    if arg == "-":
        spooled = spool_stdin()
        try:
            yield from read_file(InputFile(spooled, "-", kind="stdin"), settings, stats)
        finally:
            os.unlink(spooled)
        return
    for found in expand(arg):
        if isinstance(found, Failure):
            yield found
        else:
            yield from read_file(found, settings, stats)


__all__ = [
    "BinaryContent",
    "IngestStats",
    "decode_bytes",
    "looks_like_html",
    "read_inputs",
]
