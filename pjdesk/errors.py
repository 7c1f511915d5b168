"""Errors the services raise. Every message is Chinese and names the field and the reason."""

from __future__ import annotations


from db.errors import (AccessDenied, DatabaseBusy, DatabaseDamaged, DatabaseReadOnly, DatabaseVersionError, NotLoggedIn,
                       PjdeskError)

__all__ = ["PjdeskError", "ValidationError", "RuleViolation", "NotFound", "DatabaseVersionError", "DatabaseBusy",
           "AccessDenied", "NotLoggedIn", "DatabaseDamaged", "DatabaseReadOnly",
           "raise_first"]


class ValidationError(PjdeskError):
    """Input that breaks a rule. ``field`` names the offending field (English key, for the UI)."""

    def __init__(self, field: str, message: str, *, row: int | None = None):
        super().__init__(message)
        self.field = field
        self.row = row


class RuleViolation(PjdeskError):
    """An action refused by a domain rule (e.g. the five-household limit)."""

    def __init__(self, message: str, *, rule: str = ""):
        super().__init__(message)
        self.rule = rule


class NotFound(PjdeskError):
    pass


def raise_first(errors: list[ValidationError]) -> None:
    """A service refuses with the first problem a pure check found (a dialog shows them all)."""
    if errors:
        raise errors[0]
