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


class AccessDenied(PjdeskError):
    """The action needs a logged-in user, or a role the user does not have (pjdesk.auth.roles)."""


class NotLoggedIn(AccessDenied):
    """A write was attempted with no logged-in, active user (``Database.transaction``)."""


class DatabaseDamaged(DatabaseVersionError):
    """The file is empty or SQLite finds it damaged (issue 14, defect 6): refused; ``backup`` is the
    newest good backup to offer (set by ``pjdesk.opening``), when there is one."""

    def __init__(self, message: str, backup=None):
        super().__init__(message)
        self.backup = backup


class DatabaseReadOnly(PjdeskError):
    """A write in a window that opened the database read-only (it is open in another window)."""
