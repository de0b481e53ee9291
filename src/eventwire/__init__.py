"""eventwire: turn raw news into sourced, structured event data.

``eventwire.process(text_or_html, published=None, url=None)`` codes one document;
``eventwire.Pipeline`` does batches. Both are imported on first use, so ``import eventwire``
(the data model) stays cheap for readers of stored data.
"""

from typing import TYPE_CHECKING, Any

from .model import (
    Actor,
    Article,
    Caption,
    Document,
    Event,
    Failure,
    Mention,
    Place,
    Quote,
    RawDoc,
    Source,
    Span,
    Speaker,
    TimeExpr,
)

if TYPE_CHECKING:
    from .pipeline import Pipeline, process

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in ("Pipeline", "process"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")


__all__ = [
    "Actor",
    "Article",
    "Caption",
    "Document",
    "Event",
    "Failure",
    "Mention",
    "Pipeline",
    "Place",
    "Quote",
    "RawDoc",
    "Source",
    "Span",
    "Speaker",
    "TimeExpr",
    "__version__",
    "process",
]
