"""One options object passed down through every stage (as trafilatura does with its config)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # per document; larger inputs are refused with a clear message


@dataclass
class Settings:
    """Options for a pipeline run. Defaults are what a user on a laptop wants."""

    max_bytes: int = DEFAULT_MAX_BYTES
    languages: tuple[str, ...] = ("en",)  # articles in other languages are stored as skipped
    spacy_model: str = "en_core_web_sm"
    actor_files: list[Path] = field(default_factory=list)  # extra actor dictionaries (--actors)
    batch_size: int = 64  # documents per store transaction / nlp.pipe batch
    # Longer texts are stored but not annotated: no news article is this long, and parsing one
    # would take a worker's memory past its budget (about 35,000 words).
    max_parse_chars: int = 200_000
    nlp: bool = True  # run annotate/resolve/extract; False = ingest and clean only
