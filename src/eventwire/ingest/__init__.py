"""Ingest: sources (files, directories, HTML, WARC, JSONL, stdin) -> RawDoc.

Contract used by the pipeline::

    read_inputs(paths: Sequence[str], settings: Settings) -> Iterator[RawDoc | Failure]

Each RawDoc carries its provenance (``Source``). Per-document problems are yielded as
``Failure`` records and the iteration goes on; a missing path is a Failure too.
"""
