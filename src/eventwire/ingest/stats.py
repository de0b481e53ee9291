"""Counters for what ingest read, refused and passed over (skips are not failures)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class IngestStats:
    """Filled in while :func:`read_inputs` runs; pass one in to read it afterwards."""

    documents: int = 0  # RawDocs yielded
    failures: int = 0  # Failures yielded
    partial: int = 0  # truncated .gz documents kept because what decompressed was usable
    skipped: Counter[str] = field(default_factory=Counter)  # by reason; never failures

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1
