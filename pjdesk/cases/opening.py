"""Opening a case for a household: the checks every kind shares (the household is on the 建档立卡
roster and not 已销户; no conflicting open case), the case number, the first stage."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Household
from db.models.cases import Case

from ..registry import vocab
from ..errors import RuleViolation
from .kinds import KIND_LABELS, CaseKind
from .stages import OPEN


def check_household_may_apply(s: Session, kind: CaseKind, h: Household) -> None:
    if h.status == vocab.STATUS_CLOSED:
        raise RuleViolation(f"户编号{h.household_no}已销户，不是在册建档立卡贫困户，不能申请{kind.label}")
    conflict = s.scalar(select(Case).where(Case.household_id == h.id, Case.status == OPEN,
                                           Case.kind.in_(kind.conflicts)).order_by(Case.id))
    if conflict is not None:
        other = KIND_LABELS.get(conflict.kind, conflict.kind)
        same = "同一户不能同时有两件办理中的" + kind.label + "案件" if conflict.kind == kind.key else \
            f"同一户不能同时办理{kind.label}和{other}"
        raise RuleViolation(f"户编号{h.household_no}已有办理中的{other}案件{conflict.case_no}"
                            f"（当前阶段：{conflict.stage}），{same}")


def next_case_no(s: Session, kind: CaseKind, year: int) -> str:
    prefix = f"{kind.number_prefix}-{year}-"
    last = s.scalar(select(func.max(Case.case_no)).where(Case.case_no.like(prefix + "%")))
    seq = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def new_case(s: Session, kind: CaseKind, h: Household, *, applied_on: dt.date, note: str,
             opened_by: str) -> Case:
    """Insert the case at the first stage (申请). The caller has checked eligibility."""
    check_household_may_apply(s, kind, h)
    case = Case(case_no=next_case_no(s, kind, applied_on.year), kind=kind.key, household_id=h.id,
                village_id=h.village_id, stage=kind.flow.stages[0].name, status=OPEN, step=0,
                applied_on=applied_on, application_note=(note or "").strip(), household_size=h.size,
                opened_by=opened_by)
    s.add(case)
    s.flush()
    return case
