"""Errors a user may see, defined at the lowest layer so db/ needs nothing from pjdesk/.
``pjdesk.errors`` re-exports them; ``str(err)`` / ``err.message`` is the Chinese message."""

from __future__ import annotations


class PjdeskError(Exception):
    """Base of every refusal a user may see."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DatabaseVersionError(PjdeskError):
    """The database file was written by a newer pjdesk (or is not a pjdesk file)."""


class DatabaseBusy(PjdeskError):
    """Another window or process held the write lock longer than the busy timeout."""
