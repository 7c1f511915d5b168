"""Subsidy standards as a rate table with effective dates (RULES.md R3.7), and the copy each case
keeps from the day it was approved — a later standard never touches an approved case.

A standard is changed by adding lines with a later ``effective_from``; a line is never edited. The
lines of an item (建房补助 / 基础设施配套) dated the same day form its standard, and a later date replaces
all of the item's earlier lines, whatever their departments. A line of amount 0 drops an item (or, next
to other lines of the same date, that department's share) from the date it takes effect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import Database
from db.models.cases import Case, CaseSubsidyLine, SubsidyRate

from ..auth.roles import ADMIN, require
from ..errors import ValidationError
from .kinds import SubsidyLine, kind_key
from .renovation_rules import MODES

ITEMS = ("建房补助", "基础设施配套")
DEPARTMENTS = ("住建部门", "扶贫部门", "财政部门", "民政部门", "国土部门", "其他")


@dataclass(frozen=True)
class RateRow:
    id: int
    kind: str
    mode: str
    house_type: int
    item: str
    department: str
    amount: int
    to_household: bool
    effective_from: dt.date
    note: str
    entered_by: str
    in_force: bool          # one of the lines that apply today (see rates_on)


def rates_on(s: Session, kind: str, mode: str, house_type: int, on: dt.date) -> list[SubsidyLine]:
    """The lines in force on ``on`` for one mode and house type.

    A standard is set per item (建房补助 / 基础设施配套): the lines in force for an item are all its lines
    dated the item's latest ``effective_from`` on or before ``on``, whatever their departments — a new
    standard replaces the whole item, so a line for one department never adds to an older line of
    another (R3.7: 分散 is 1万 住建 + 1万 扶贫 because both lines share a date). On that date lines for
    the house type beat any-type lines, and a department entered twice counts once (the later line).
    """
    rows = list(s.scalars(select(SubsidyRate).where(
        SubsidyRate.kind == kind, SubsidyRate.mode == mode, SubsidyRate.house_type.in_((0, house_type)),
        SubsidyRate.effective_from <= on)))
    chosen: list[SubsidyRate] = []
    for item in {r.item for r in rows}:
        lines = [r for r in rows if r.item == item]
        latest = max(r.effective_from for r in lines)
        lines = [r for r in lines if r.effective_from == latest]
        specific = [r for r in lines if r.house_type != 0]
        by_department: dict[str, SubsidyRate] = {}
        for r in sorted(specific or lines, key=lambda r: r.id):
            by_department[r.department] = r
        chosen += by_department.values()
    return [SubsidyLine(r.item, r.department, r.amount, r.to_household, r.effective_from, r.id)
            for r in sorted(chosen, key=lambda r: r.id) if r.amount > 0]


def snapshot(s: Session, case: Case, lines: list[SubsidyLine]) -> list[SubsidyLine]:
    """Copy the lines in force on the approval date onto the case (inside the approving transaction)."""
    for line in lines:
        s.add(CaseSubsidyLine(case_id=case.id, rate_id=line.rate_id, item=line.item, department=line.department,
                              amount=line.amount, to_household=line.to_household,
                              effective_from=line.effective_from))
    s.flush()
    return lines


def approved_lines(s: Session, case: Case) -> list[SubsidyLine]:
    return [SubsidyLine(l.item, l.department, l.amount, l.to_household, l.effective_from, l.rate_id)
            for l in s.scalars(select(CaseSubsidyLine).where(CaseSubsidyLine.case_id == case.id)
                               .order_by(CaseSubsidyLine.id))]


def household_total(lines: list[SubsidyLine]) -> int:
    return sum(l.amount for l in lines if l.to_household)


def other_total(lines: list[SubsidyLine]) -> int:
    return sum(l.amount for l in lines if not l.to_household)


def list_rates(db: Database, kind: str = "renovation", *, today: dt.date | None = None) -> list[RateRow]:
    today = today or dt.date.today()
    with db.reader() as s:
        rows = list(s.scalars(select(SubsidyRate).where(SubsidyRate.kind == kind_key(kind))
                              .order_by(SubsidyRate.effective_from, SubsidyRate.id)))
        in_force: set[int] = set()
        for mode in {r.mode for r in rows}:
            for house_type in (60, 35):
                in_force |= {line.rate_id for line in rates_on(s, kind_key(kind), mode, house_type, today)}
        return [RateRow(r.id, r.kind, r.mode, r.house_type, r.item, r.department, r.amount, r.to_household,
                        r.effective_from, r.note, r.entered_by, r.id in in_force) for r in rows]


@dataclass(frozen=True)
class RateInput:
    mode: str
    house_type: int          # 60, 35 or 0 (any)
    item: str
    department: str
    amount: int              # yuan per household; 0 drops the item
    effective_from: dt.date
    to_household: bool = True
    note: str = ""
    kind: str = "renovation"


def add_rate(db: Database, r: RateInput, *, entered_by: str = "") -> int:
    """Add one line of a new standard (设置 → 补助标准; 管理员, R1.9). Cases already approved keep theirs."""
    require(db, ADMIN)
    if r.mode not in MODES:
        raise ValidationError("mode", f"改造方式“{r.mode}”无效，可选：{'、'.join(MODES)}")
    if r.house_type not in (0, 35, 60):
        raise ValidationError("house_type", f"户型“{r.house_type}”无效，可选：60㎡、35㎡或不分户型")
    if r.item not in ITEMS:
        raise ValidationError("item", f"补助项目“{r.item}”无效，可选：{'、'.join(ITEMS)}")
    if r.department and r.department not in DEPARTMENTS:
        raise ValidationError("department", f"资金来源部门“{r.department}”无效，可选：{'、'.join(DEPARTMENTS)}")
    if not isinstance(r.amount, int) or r.amount < 0 or r.amount > 1_000_000:
        raise ValidationError("amount", f"补助金额“{r.amount}”无效，须为0至1000000元的整数")
    if not isinstance(r.effective_from, dt.date):
        raise ValidationError("effective_from", "请填写生效日期")
    with db.transaction() as s:
        row = SubsidyRate(kind=kind_key(r.kind), mode=r.mode, house_type=r.house_type, item=r.item,
                          department=r.department, amount=r.amount, to_household=r.to_household,
                          effective_from=r.effective_from, note=r.note.strip(), entered_by=entered_by)
        s.add(row)
        s.flush()
        return row.id
