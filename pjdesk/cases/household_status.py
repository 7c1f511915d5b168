"""A household with a case still in progress cannot be struck off (销户): the case would be left
without an owner. The clerk first finishes it or records 不予通过 with the reason."""

from __future__ import annotations

from sqlalchemy import select

from db.models.cases import Case

from ..errors import RuleViolation
from .kinds import KIND_LABELS
from .stages import OPEN


def refuse_closing_with_open_case(s, household) -> None:
    """Called by the registry's 销户 inside its transaction; raises while a case is open."""
    case = s.scalar(select(Case).where(Case.household_id == household.id, Case.status == OPEN).order_by(Case.id))
    if case is not None:
        raise RuleViolation(
            f"该户有办理中的{KIND_LABELS.get(case.kind, case.kind)}案件{case.case_no}（当前阶段：{case.stage}），"
            "不能销户；请先办结该案件，或作出“不予通过”决定并写明理由")
