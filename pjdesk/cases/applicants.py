"""What the new-case form needs to know about an applying household, and a dry run of the checks
so the form can show each problem beside its field while the clerk types."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from db import Database
from db.models.cases import Case

from ..errors import PjdeskError, ValidationError
from ..registry.queries import get_household
from .kinds import KIND_LABELS
from .opening import check_household_may_apply
from .renovation import KIND_DEF, assessment_months, check_one_subsidy, facts_of
from .renovation_rules import RenovationApplication, check_application, house_standard
from .stages import OPEN


@dataclass(frozen=True)
class ApplicantInfo:
    household_no: str
    head_name: str
    village: str
    group: int
    size: int
    status: str
    house_structure: str
    danger_grade: str
    house_type: int | None          # R3.5, from the current size
    annex_max: float | None
    homestead_max: float | None
    open_cases: tuple[str, ...]     # "危改-2026-0003（危房改造，乡镇审核）"
    problem: str = ""               # why this household cannot apply at all, if so

    @property
    def summary(self) -> str:
        text = (f"{self.village}{self.group}组 户主{self.head_name}，{self.size}人，{self.status}；"
                f"住房：{self.house_structure or '未登记'}{'，' + self.danger_grade + '级' if self.danger_grade else ''}")
        if self.house_type:
            text += f"；执行{self.house_type}㎡户型"
        return text


def applicant_info(db: Database, household_no: str) -> ApplicantInfo:
    with db.reader() as s:
        h = get_household(s, household_no.strip())
        std = house_standard(h.size) if h.size else None
        others = s.scalars(select(Case).where(Case.household_id == h.id, Case.status == OPEN))
        problem = ""
        try:
            check_one_subsidy(s, h)
            check_household_may_apply(s, KIND_DEF, h)
        except PjdeskError as exc:
            problem = exc.message
        return ApplicantInfo(h.household_no, h.head.name if h.head else "", h.village.name, h.group.number, h.size,
                             h.status, h.house_structure, h.danger_grade, std.house_type if std else None,
                             std.annex_max if std else None, std.homestead_max if std else None,
                             tuple(f"{c.case_no}（{KIND_LABELS.get(c.kind, c.kind)}，{c.stage}）" for c in others),
                             problem)


def check_renovation(db: Database, a: RenovationApplication, *, today: dt.date | None = None) -> list[ValidationError]:
    """Every problem of an application, one per field, without writing anything."""
    today = today or dt.date.today()
    try:
        with db.reader() as s:
            h = get_household(s, (a.household_no or "").strip())
            errors: list[ValidationError] = []
            try:
                check_one_subsidy(s, h)
                check_household_may_apply(s, KIND_DEF, h)
            except PjdeskError as exc:
                errors.append(ValidationError("household_no", exc.message))
            return errors + check_application(a, facts_of(h), today=today, max_assessment_months=assessment_months(s))
    except PjdeskError as exc:
        with db.reader() as s:
            months = assessment_months(s)
        return [ValidationError("household_no", exc.message)] + check_application(a, None, today=today,
                                                                                  max_assessment_months=months)
