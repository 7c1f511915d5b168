"""The household limit of a helper (RULES.md R2.1: 每名帮扶责任人最多帮扶5户) and the refusal text.

The same rule lives in the database triggers of migration 0003_helpers (a setting that is not a
whole number >= 1 means the default 5), so the service and the database always agree.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import HelperAssignment

from .. import settings
from ..errors import RuleViolation

RULE = "R2.1"
DEFAULT_LIMIT = settings.DEFAULTS["helper_household_limit"]
TRIGGER_TAG = "helper_household_limit"


def household_limit(s: Session) -> int:
    value = settings.get(s, "helper_household_limit")
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else DEFAULT_LIMIT


def active_load(s: Session, helper_id: int) -> int:
    return s.scalar(select(func.count()).select_from(HelperAssignment).where(
        HelperAssignment.helper_id == helper_id, HelperAssignment.end_on.is_(None))) or 0


def limit_message(helper_name: str, load: int, limit: int, household: str) -> str:
    return f"帮扶责任人“{helper_name}”已帮扶{load}户，达到上限{limit}户，不能再分配{household}"


def limit_refusal(helper_name: str, load: int, limit: int, household: str) -> RuleViolation:
    return RuleViolation(limit_message(helper_name, load, limit, household), rule=RULE)


def is_limit_trigger(exc: IntegrityError) -> bool:
    return TRIGGER_TAG in str(exc.orig)
