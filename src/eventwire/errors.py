"""Errors eventwire raises, in one place, each with a short code users can search for."""

from __future__ import annotations


class EventwireError(Exception):
    """Base class: a problem with a message meant for the user, never a traceback."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(EventwireError):
    """An input could not be read or decoded (per document: recorded, the run goes on)."""

    code = "E100"


class InputTooLarge(InputError):
    code = "E101"


class NoInputError(EventwireError):
    """Nothing at all could be read: the whole run fails with this one-line reason."""

    code = "E102"


class CleanError(EventwireError):
    """A document could not be turned into an article (no text left, unparseable HTML...)."""

    code = "E200"


class StoreError(EventwireError):
    code = "E300"


class ModelNotFound(EventwireError):
    """The configured spaCy pipeline is not installed."""

    code = "E400"
