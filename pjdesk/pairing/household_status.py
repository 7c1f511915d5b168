"""What a change of a household's status means for its pairing: 已销户 ends the current pairing (reason
销户); 已脱贫 keeps it (issue #4, R2.1). Called by the registry's status change inside its transaction,
so the rule holds whatever else was imported."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import HelperAssignment, Household

from . import vocab


def end_pairing_on_close(s: Session, household: Household, on: dt.date) -> None:
    """End the household's current pairing on the 销户 date (not before the pairing began)."""
    current = s.scalar(select(HelperAssignment).where(
        HelperAssignment.household_id == household.id, HelperAssignment.end_on.is_(None)))
    if current is not None:
        current.end_on = max(on, current.start_on)
        current.end_reason = vocab.END_CLOSED
