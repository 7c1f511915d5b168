"""The 两不愁三保障 exit check (RULES.md R1.5) against the database: the facts of a household on a date,
the stored checklist (``ExitCheck`` + five ``ExitCheckItem`` rows, linked to the status change), and
whether a household's latest check passed (the 拟脱贫户公示 lists only those).

``households.change_status`` calls ``require_passing_checklist`` and ``store_exit_check`` inside its
transaction when a household is marked 预脱贫 or 已脱贫; the status dialog calls ``exit_facts`` and the
pure ``exit_rules.check_exit_checklist`` to show the same refusal beside the item. Demos and tests that
mark households use ``passing_checklist`` (an all-达标 checklist; the service still checks the facts).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import Database
from db.models import Household, StatusChange
from db.models.household_records import ExitCheck, ExitCheckItem, HouseChange

from .. import settings
from ..cases.household_status import accepted_housing_case, open_housing_case
from ..errors import raise_first
from .exit_rules import (ITEMS, ChecklistItem, ExitFacts, MemberFacts, check_exit_checklist, fact_failures,
                         passing_items, prefill)
from .queries import get_household


def house_on(s: Session, hh: Household, on: dt.date) -> tuple[str, str]:
    """(structure, danger grade) of the house on ``on``: the record as it is, with the changes cases made
    after that date (``HouseChange``, e.g. a 竣工验收 that made a D house A) undone, newest first."""
    structure, grade = hh.house_structure or "", hh.danger_grade or ""
    later = s.scalars(select(HouseChange).where(HouseChange.household_id == hh.id, HouseChange.changed_on > on)
                      .order_by(HouseChange.changed_on.desc(), HouseChange.id.desc()))
    for change in later:
        structure, grade = change.old_structure or "", change.old_grade or ""
    return structure, grade


def exit_facts_in(s: Session, hh: Household, on: dt.date) -> ExitFacts:
    """What the registry and the cases know about ``hh`` on ``on`` (inside the caller's session)."""
    # the members of the household on that day (a check may be entered afterwards); the income fields
    # have no history, so the income is the one recorded now
    members = tuple(MemberFacts(m.name, m.birth_date, m.school_status, bool(m.has_medical_insurance))
                    for m in hh.members if m.joined_on <= on and (m.left_on is None or m.left_on > on))
    structure, grade = house_on(s, hh, on)
    return ExitFacts(checked_on=on, members=members, house_structure=structure, danger_grade=grade,
                     housing_case=accepted_housing_case(s, hh.id, on), net_income=hh.net_income,
                     income_line=settings.income_line(s, on.year), open_case=open_housing_case(s, hh.id, on))


def exit_facts(db: Database, household_no: str, on: dt.date) -> ExitFacts:
    """The facts for a dialog (read only)."""
    with db.reader() as s:
        return exit_facts_in(s, get_household(s, household_no), on)


def require_passing_checklist(s: Session, hh: Household, to_status: str, on: dt.date,
                              checklist: list[ChecklistItem] | None) -> ExitFacts:
    """Refuse (the first problem, Chinese) unless the checklist is complete, all 达标, agrees with the facts
    and the income meets the year's line; return the facts the check used."""
    facts = exit_facts_in(s, hh, on)
    raise_first(check_exit_checklist(checklist, facts, to_status=to_status))
    return facts


def store_exit_check(s: Session, hh: Household, change: StatusChange, facts: ExitFacts,
                     checklist: list[ChecklistItem], *, actor: str = "") -> ExitCheck:
    """The passed check of ``change`` (flushed first so the row links to it)."""
    s.flush()
    by_item = {it.item: it for it in checklist}
    check = ExitCheck(household_id=hh.id, status_change_id=change.id, to_status=change.to_status,
                      checked_on=facts.checked_on, year=facts.year, household_size=facts.size,
                      net_income=facts.net_income, per_capita_income=facts.per_capita_income or 0.0,
                      income_line=facts.income_line, passed=True, recorded_by=actor)
    check.items = [ExitCheckItem(item=item, rank=i, met=by_item[item].met, note=(by_item[item].note or "").strip())
                   for i, item in enumerate(ITEMS, 1)]
    s.add(check)
    return check


def passed_households(s: Session, household_ids: Iterable[int] | None = None) -> set[int]:
    """Households whose latest exit check passed (all five 达标, the income line met)."""
    latest = select(ExitCheck.household_id, func.max(ExitCheck.id).label("id")).group_by(ExitCheck.household_id)
    if household_ids is not None:
        latest = latest.where(ExitCheck.household_id.in_(list(household_ids)))
    sub = latest.subquery()
    return set(s.scalars(select(ExitCheck.household_id).join(sub, ExitCheck.id == sub.c.id)
                         .where(ExitCheck.passed.is_(True))))


def postable_households(s: Session, household_ids: Iterable[int], on: dt.date) -> set[int]:
    """Households whose latest exit check passed and whose record still holds on ``on`` (a pupil recorded
    as 辍学, a member without insurance or a house found dangerous since the check takes the household
    off the 拟脱贫户公示 until it is checked again)."""
    passed = passed_households(s, household_ids)
    return {hh.id for hh in s.scalars(select(Household).where(Household.id.in_(passed)))
            if not fact_failures(exit_facts_in(s, hh, on))}


def latest_check_passed(s: Session, household_id: int) -> bool:
    """Did the household's latest exit check pass? False when it has none."""
    return household_id in passed_households(s, [household_id])


def passing_checklist(db: Database | None = None, household_no: str | None = None,
                      on: dt.date | None = None) -> list[ChecklistItem]:
    """An all-达标 checklist for demos and tests that mark a household 预脱贫 / 已脱贫. Given the database
    and the household, the notes are what the facts show; the service still refuses a failing fact."""
    if db is not None and household_no:
        return passing_items(exit_facts(db, household_no, on or dt.date.today()))
    return passing_items()


def prefilled_checklist(db: Database, household_no: str, on: dt.date) -> list[ChecklistItem]:
    """The checklist as the facts give it (failing facts 未达标 with the reason)."""
    return prefill(exit_facts(db, household_no, on))


def passing_check_rows(check_id: int, household_id: int, to_status: str, on: dt.date, size: int, net_income: int,
                       *, status_change_id: int | None = None, income_line: int | None = None,
                       recorded_by: str = "演示数据") -> tuple[dict, list[dict]]:
    """(exit_check row, its five exit_check_item rows) of a passed check, for a bulk insert (the demo).
    The caller makes sure the facts hold (A/B house, pupils in school, everyone insured)."""
    check = {"id": check_id, "household_id": household_id, "status_change_id": status_change_id,
             "to_status": to_status, "checked_on": on, "year": on.year, "household_size": size,
             "net_income": net_income, "per_capita_income": round(net_income / size, 2) if size else 0.0,
             "income_line": income_line, "passed": True, "recorded_by": recorded_by}
    items = [{"check_id": check_id, "item": it.item, "rank": i, "met": True, "note": it.note}
             for i, it in enumerate(passing_items(), 1)]
    return check, items
