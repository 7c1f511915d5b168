"""What the 新建搬迁申请 form needs to know about an applying household, and a dry run of every check of
``open_relocation`` (nothing written), so the form can show each problem beside its field as the clerk types.

The checks are the service's own (``opening.check_household_may_apply``, ``relocation.check_in``); this
module only runs them in a read transaction and hands their ``ValidationError``s back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from db import Database
from db.models.cases import Case

from .. import settings
from ..errors import PjdeskError, ValidationError
from ..registry.queries import get_household
from .kinds import KIND_LABELS
from .opening import check_household_may_apply
from .relocation import KIND_DEF, check_in, facts_of, moving_elsewhere, rate_text
from .relocation_rules import RelocationApplication, check_eligibility
from .stages import OPEN


@dataclass(frozen=True)
class MoverChoice:
    """A current member the clerk may tick as moving; ``elsewhere`` names the case the member already
    moves with ("" when free)."""
    id: int
    name: str
    relation: str
    elsewhere: str = ""


@dataclass(frozen=True)
class RelocationApplicant:
    household_no: str
    head_name: str
    village: str
    group: int
    size: int
    status: str
    house_structure: str            # 无房 / 土坯 / … as registered
    members: tuple[MoverChoice, ...]
    open_cases: tuple[str, ...]     # "危改-2026-0003（危房改造，乡镇审核）"
    problem: str = ""               # why this household cannot apply at all (已销户, an open housing case)
    ineligible: str = ""            # R4.1: why the house rules it out (not 无房 and not 土坯)

    @property
    def summary(self) -> str:
        return (f"{self.village}{self.group}组 户主{self.head_name}，{self.size}人，{self.status}；"
                f"住房：{self.house_structure or '未登记'}")


def relocation_applicant(db: Database, household_no: str) -> RelocationApplicant:
    """The household's facts for the form; raises ``NotFound`` for an unknown number."""
    with db.reader() as s:
        h = get_household(s, (household_no or "").strip())
        facts = facts_of(h)
        problem = ""
        try:
            check_household_may_apply(s, KIND_DEF, h)
        except PjdeskError as exc:
            problem = exc.message
        # the house alone (the sole-house answer is the form's): 无房 or 土坯 pass here
        probe = RelocationApplication(h.household_no, dt.date.today(), "", sole_house=True)
        ineligible = "；".join(e.message for e in check_eligibility(probe, facts))
        current = [m for m in h.members if m.left_on is None]
        elsewhere = moving_elsewhere(s, [m.id for m in current])
        others = s.scalars(select(Case).where(Case.household_id == h.id, Case.status == OPEN).order_by(Case.id))
        return RelocationApplicant(
            h.household_no, h.head.name if h.head else "", h.village.name, h.group.number, h.size, h.status,
            h.house_structure or "",
            tuple(MoverChoice(m.id, m.name, m.relation, elsewhere.get(m.id, "")) for m in current),
            tuple(f"{c.case_no}（{KIND_LABELS.get(c.kind, c.kind)}，{c.stage}）" for c in others), problem, ineligible)


def check_relocation(db: Database, a: RelocationApplication, *, today: dt.date | None = None) -> list[ValidationError]:
    """Every problem of an application, one or more per field, without writing anything."""
    today = today or dt.date.today()
    with db.reader() as s:
        try:
            h = get_household(s, (a.household_no or "").strip())
        except PjdeskError as exc:
            return [ValidationError("household_no", exc.message)]
        errors: list[ValidationError] = []
        try:
            check_household_may_apply(s, KIND_DEF, h)
        except PjdeskError as exc:
            errors.append(ValidationError("household_no", exc.message))
        return errors + check_in(s, a, today=today)[2]


def check_movers_ticked(member_ids: list[int]) -> list[ValidationError]:
    """A form ticks the moving members one by one: none ticked is a slip there (the service reads an empty
    list as "every current member")."""
    if not member_ids:
        return [ValidationError("movers", "请勾选搬迁的成员（至少一人）")]
    return []


def subsidy_preview(db: Database, year: int, persons: int) -> str:
    """The relocation subsidy a new case would show (R4.7): the rate table's figure or 标准未设定."""
    with db.reader() as s:
        return rate_text(settings.get(s, "relocation_rates"), year, persons)
