"""eventwire: turn raw news into sourced, structured event data."""

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

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Caption",
    "Document",
    "Event",
    "Failure",
    "Mention",
    "Place",
    "Quote",
    "RawDoc",
    "Source",
    "Span",
    "Speaker",
    "TimeExpr",
    "__version__",
]
