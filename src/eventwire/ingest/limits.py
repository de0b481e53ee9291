"""The per-document size limit and how a refusal is worded."""

from __future__ import annotations

MB = 1024 * 1024


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def too_large_reason(what: str, size: int, limit: int, verb: str = "is") -> str:
    """E.g. ``too large: file is 50.0 MB, over the 20.0 MB per-document limit (...)``."""
    return (
        f"too large: {what} {verb} {megabytes(size)}, over the {megabytes(limit)} "
        "per-document limit (settings.max_bytes)"
    )
