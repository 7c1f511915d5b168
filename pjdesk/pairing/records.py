"""Help records (帮扶记录: 走访 and measures) and income projects (增收项目, R2.3) per household,
and the list of households nobody has visited for ``visit_overdue_days`` (default 90) days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import func, select, text

from db import Database
from db.models import HelperAssignment, HelpRecord, IncomeProject

from .. import settings
from ..registry import vocab as core_vocab
from ..errors import NotFound, RuleViolation, ValidationError
from ..registry.queries import get_household
from . import vocab
from .people import find_helper


@dataclass
class HelpRecordInput:
    household_no: str
    happened_on: dt.date
    measure: str
    content: str = ""
    amount: int = 0
    helper: str | int | None = None   # blank: the household's current helper


AMOUNT_MAX = 10_000_000   # yuan: no help record is larger (a bound for typing slips and overflow)


def add_help_record(db: Database, r: HelpRecordInput, *, actor: str = "", today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    if r.measure not in vocab.MEASURES:
        raise ValidationError("measure", f"帮扶措施“{r.measure}”无效，可选：{'、'.join(vocab.MEASURES)}")
    if r.happened_on > today:
        raise ValidationError("happened_on", "帮扶日期不能晚于今天")
    if not isinstance(r.amount, int) or isinstance(r.amount, bool) or not 0 <= r.amount <= AMOUNT_MAX:
        raise ValidationError("amount", f"金额须为0至{AMOUNT_MAX:,}元之间的整数")
    content = (r.content or "").strip()
    if r.measure != vocab.MEASURE_VISIT and not content:
        raise ValidationError("content", f"请填写“{r.measure}”的具体内容")
    with db.transaction() as s:
        h = get_household(s, r.household_no)
        if h.status == core_vocab.STATUS_CLOSED:
            raise RuleViolation("已销户的户不能再登记帮扶记录")
        if r.helper not in (None, ""):
            helper_id = find_helper(s, r.helper).id
        else:
            helper_id = s.scalar(select(HelperAssignment.helper_id).where(
                HelperAssignment.household_id == h.id, HelperAssignment.end_on.is_(None)))
        rec = HelpRecord(household_id=h.id, helper_id=helper_id, happened_on=r.happened_on, measure=r.measure,
                         content=content, amount=r.amount, recorded_by=actor)
        s.add(rec)
        s.flush()
        return rec.id


def help_records(db: Database, household_no: str) -> list[dict]:
    """A household's records, newest first."""
    with db.reader() as s:
        h = get_household(s, household_no)
        recs = s.scalars(select(HelpRecord).where(HelpRecord.household_id == h.id)
                         .order_by(HelpRecord.happened_on.desc(), HelpRecord.id.desc()))
        return [{"id": x.id, "date": x.happened_on.isoformat(), "measure": x.measure, "content": x.content,
                 "amount": x.amount, "helper": x.helper.name if x.helper else "", "recorded_by": x.recorded_by}
                for x in recs]


@dataclass
class IncomeProjectInput:
    household_no: str
    name: str
    category: str
    year: int
    planned_income: int
    actual_income: Optional[int] = None
    note: str = ""


def add_income_project(db: Database, p: IncomeProjectInput, *, today: dt.date | None = None) -> int:
    """One or two income projects per household (R2.3: 择优发展1-2个增收项目)."""
    today = today or dt.date.today()
    name = (p.name or "").strip()
    if not name or len(name) > 60:
        raise ValidationError("name", "项目名称不能为空，且不超过60个字")
    if p.category not in vocab.PROJECT_CATEGORIES:
        raise ValidationError("category", f"项目类别“{p.category}”无效，可选：{'、'.join(vocab.PROJECT_CATEGORIES)}")
    if not 2014 <= p.year <= today.year + 1:
        raise ValidationError("year", f"项目年度{p.year}无效")
    for field_name, label, value in (("planned_income", "计划增收", p.planned_income),
                                     ("actual_income", "实际增收", p.actual_income)):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise ValidationError(field_name, f"{label}须为不小于0的整数（元）")
    with db.transaction() as s:
        h = get_household(s, p.household_no)
        n = s.scalar(select(func.count()).select_from(IncomeProject).where(IncomeProject.household_id == h.id)) or 0
        if n >= vocab.MAX_INCOME_PROJECTS:
            raise RuleViolation(f"户编号{h.household_no}已有{n}个增收项目，每户择优发展1—2个增收项目，"
                                "不能再增加", rule="R2.3")
        helper_id = s.scalar(select(HelperAssignment.helper_id).where(
            HelperAssignment.household_id == h.id, HelperAssignment.end_on.is_(None)))
        proj = IncomeProject(household_id=h.id, helper_id=helper_id, name=name, category=p.category, year=p.year,
                             planned_income=p.planned_income, actual_income=p.actual_income, note=p.note.strip())
        s.add(proj)
        s.flush()
        return proj.id


def set_actual_income(db: Database, project_id: int, actual: int) -> None:
    if not isinstance(actual, int) or actual < 0:
        raise ValidationError("actual_income", "实际增收须为不小于0的整数（元）")
    with db.transaction() as s:
        proj = s.get(IncomeProject, project_id)
        if proj is None:
            raise NotFound(f"增收项目（编号{project_id}）不存在")
        proj.actual_income = actual


def income_projects(db: Database, household_no: str) -> list[dict]:
    with db.reader() as s:
        h = get_household(s, household_no)
        return [{"id": p.id, "name": p.name, "category": p.category, "year": p.year,
                 "planned_income": p.planned_income, "actual_income": p.actual_income, "note": p.note}
                for p in s.scalars(select(IncomeProject).where(IncomeProject.household_id == h.id)
                                   .order_by(IncomeProject.id))]


@dataclass(slots=True)
class OverdueRow:
    household_no: str
    village: str
    group: int
    head_name: str
    status: str
    helper: str
    helper_phone: str
    last_visit: Optional[dt.date]
    days: Optional[int]          # days since the last record; None: never visited


def overdue_visits(db: Database, *, village: str = "", today: dt.date | None = None) -> list[OverdueRow]:
    """Households that need helping (未脱贫/预脱贫/返贫, or still paired after exit) with no help
    record in the last ``visit_overdue_days`` days. Longest-unvisited first."""
    today = today or dt.date.today()
    with db.reader() as s:
        days = settings.get(s, "visit_overdue_days")
    days = days if isinstance(days, int) and days > 0 else settings.DEFAULTS["visit_overdue_days"]
    cutoff = today - dt.timedelta(days=days)
    poor = ", ".join(f"'{x}'" for x in core_vocab.ACTIVE_POOR_STATUSES)
    sql = text(
        "SELECT h.household_no, v.name, g.number, COALESCE(hd.name, ''), h.status, COALESCE(hp.name, ''), "
        "COALESCE(hp.phone, ''), last.d FROM household h JOIN village v ON v.id = h.village_id "
        "JOIN village_group g ON g.id = h.group_id "
        "LEFT JOIN member hd ON hd.household_id = h.id AND hd.left_on IS NULL AND hd.relation = '户主' "
        "LEFT JOIN helper_assignment a ON a.household_id = h.id AND a.end_on IS NULL "
        "LEFT JOIN helper hp ON hp.id = a.helper_id "
        "LEFT JOIN (SELECT household_id, max(happened_on) AS d FROM help_record GROUP BY household_id) last "
        "       ON last.household_id = h.id "
        f"WHERE (h.status IN ({poor}) OR a.id IS NOT NULL) AND h.status <> :closed "
        "AND (last.d IS NULL OR last.d < :cutoff)" + (" AND v.name = :village" if village else "")
        + " ORDER BY last.d IS NOT NULL, last.d, v.sort_order, g.number, h.household_no")
    out = []
    with db.engine.connect() as conn:
        for r in conn.execute(sql, {"closed": core_vocab.STATUS_CLOSED, "cutoff": cutoff.isoformat(),
                                    "village": village}):
            last = dt.date.fromisoformat(r[7]) if r[7] else None
            out.append(OverdueRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], last,
                                  (today - last).days if last else None))
    return out
