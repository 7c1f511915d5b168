"""Public postings (公示) as batches: the cases of one village at one posting stage, posted together on
a board for at least ``posting_min_days`` days (RULES.md R5.5, R3.2 三榜公示).

``batches`` returns plain dataclasses — the 公示 list the printing feature lays out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db import Database
from db.models import Household, Village
from db.models.cases import Case, Objection, PostingBatch, PostingMember

from .. import settings
from ..auth.roles import REVIEWER, require, require_in
from ..errors import RuleViolation, ValidationError, raise_first
from ..registry.township import find_village
from .catalogue import get_kind
from .kinds import kind_key
from .stages import OPEN, PLACES
from .state import current_posting, find_case, last_step
from .subsidy import approved_lines, household_total


@dataclass(frozen=True)
class PostingInput:
    village: str
    stage: str                         # 一榜公示 / 二榜公示 / 三榜公示 (or posting1 …)
    start_on: dt.date
    end_on: dt.date
    place: str = ""                    # default: the stage's usual board
    cases: Optional[list] = None       # case ids or numbers; None: every case of the village waiting
    note: str = ""
    kind: str = "renovation"


# The one place a posting's length is counted (case postings, the registry's postings, the dialogs and
# the timeline all call these). Chinese administrative practice counts a period "自X月X日至X月X日" with
# both ends included: a list put up on 3月1日 and taken down after 3月7日 has been on the board 7 days
# (3月1日至3月7日 = 7天). RULES.md R5.5's "end − start ≥ 7" is a digest of "公示不少于7天", not a count of
# days: taken literally it would demand 3月1日至3月8日, an eighth day. See docs/cases.md.

def posting_days(start: dt.date, end: dt.date) -> int:
    """Calendar days on the board, both ends counted (3月1日至3月7日 = 7天)."""
    return (end - start).days + 1


def posting_end(start: dt.date, days: int) -> dt.date:
    """The last day of a posting of ``days`` calendar days, both ends counted (3月1日 + 7天 → 3月7日)."""
    return start + dt.timedelta(days=days - 1)


def long_posting_question(start: dt.date, end: dt.date, usual_days: int) -> str | None:
    """The question to confirm a posting longer than the usual ``usual_days`` (setting
    ``posting_confirm_days``; issue 17: a mis-clicked year gave 736 days without a word); None otherwise."""
    days = posting_days(start, end)
    if days <= usual_days:
        return None
    return (f"公示期共{days}天（{start:%Y-%m-%d}至{end:%Y-%m-%d}），超过通常的{usual_days}天。"
            f"请核对开始和结束日期（是否误选了年份）。确认按{days}天开启公示吗？")


EARLIEST_YEAR = 2000     # no record of this office is older (a bound for mistyped years)
POSTING_MAX_DAYS = 60    # the longest posting (settings.LIMITS["posting_min_days"] goes up to 60 too); a
                         # 9999-12-31 end would overflow the date arithmetic of later decisions


def period_errors(start: dt.date, end: dt.date, min_days: int) -> list[ValidationError]:
    """A posting period's problems (R5.5): both dates, in order, at least ``min_days`` days on the board."""
    if not isinstance(start, dt.date):
        return [ValidationError("start_on", "请填写公示开始日期")]
    if not isinstance(end, dt.date):
        return [ValidationError("end_on", "请填写公示结束日期")]
    if start.year < EARLIEST_YEAR:
        return [ValidationError("start_on", f"公示开始日期{start:%Y-%m-%d}早于{EARLIEST_YEAR}年，请检查年份")]
    if end < start:
        return [ValidationError("end_on", f"公示结束日期{end:%Y-%m-%d}早于开始日期{start:%Y-%m-%d}")]
    if (end - start).days >= POSTING_MAX_DAYS:
        return [ValidationError("end_on", f"公示期最长{POSTING_MAX_DAYS}天（{start:%Y-%m-%d}至{end:%Y-%m-%d}超过了），"
                                          "请检查结束日期的年份")]
    days = posting_days(start, end)
    if days < min_days:
        return [ValidationError("end_on", f"公示期不足{min_days}天（{start:%Y-%m-%d}至{end:%Y-%m-%d}，共{days}天），"
                                          f"最短{min_days}天")]
    return []


def check_period(start: dt.date, end: dt.date, min_days: int) -> None:
    raise_first(period_errors(start, end, min_days))


def waiting_cases(s: Session, kind: str, village_id: int, stage: str) -> list[Case]:
    """Open cases of a village recorded at a posting stage and not yet posted in this round."""
    rows = s.scalars(select(Case).where(Case.kind == kind, Case.village_id == village_id, Case.stage == stage,
                                        Case.status == OPEN).order_by(Case.id))
    return [c for c in rows if current_posting(s, c) is None]


def open_posting(db: Database, p: PostingInput, *, entered_by: str = "", today: dt.date | None = None) -> int:
    """Open one posting batch (审核员 or 管理员, R1.9). Returns its id."""
    require(db, REVIEWER)
    with db.transaction() as s:
        return open_posting_in(s, p, entered_by=entered_by, today=today or dt.date.today()).id


def open_posting_in(s: Session, p: PostingInput, *, entered_by: str, today: dt.date) -> PostingBatch:
    require_in(s, REVIEWER)
    kind = get_kind(kind_key(p.kind))
    stage = kind.flow.resolve(p.stage)
    if stage.kind != "posting":
        raise ValidationError("stage", f"“{stage.name}”不是公示阶段（可选：一榜公示、二榜公示、三榜公示）")
    village = find_village(s, p.village)
    place = (p.place or stage.place).strip()
    if place not in PLACES:
        raise ValidationError("place", f"公示地点“{place}”无效，可选：{'、'.join(PLACES)}")
    check_period(p.start_on, p.end_on, int(settings.get(s, "posting_min_days")))
    if p.cases is None:
        cases = waiting_cases(s, kind.key, village.id, stage.name)
        if not cases:
            raise RuleViolation(f"{village.name}没有等待“{stage.name}”的{kind.label}案件")
    else:
        cases = [find_case(s, ref) for ref in p.cases]
        if not cases:
            raise ValidationError("cases", "请选择要公示的案件")
        for c in cases:
            _check_postable(s, c, kind.key, village, stage.name)
    for c in cases:
        last, what = last_step(s, c)
        if p.start_on < last:
            raise ValidationError("start_on", f"公示开始日期{p.start_on:%Y-%m-%d}早于案件{c.case_no}的{what}"
                                              f"（{last:%Y-%m-%d}），须在上一阶段办结后公示")
    batch = PostingBatch(kind=kind.key, village_id=village.id, stage=stage.name, place=place, start_on=p.start_on,
                         end_on=p.end_on, note=(p.note or "").strip(), entered_by=entered_by)
    s.add(batch)
    s.flush()
    for c in cases:
        s.add(PostingMember(batch_id=batch.id, case_id=c.id, step=c.step))
    s.flush()
    return batch


def _check_postable(s: Session, c: Case, kind: str, village: Village, stage: str) -> None:
    if c.kind != kind or c.village_id != village.id:
        raise ValidationError("cases", f"案件{c.case_no}不是{village.name}的该类案件，同一批公示只能是一个村的案件")
    if c.status != OPEN:
        raise RuleViolation(f"案件{c.case_no}已办结（{c.status}），不能公示")
    if c.stage != stage:
        raise RuleViolation(f"案件{c.case_no}当前在“{c.stage}”阶段，不能列入“{stage}”")
    b = current_posting(s, c)
    if b is not None:
        raise RuleViolation(f"案件{c.case_no}已在第{b.id}批“{stage}”中（{b.start_on:%Y-%m-%d}至{b.end_on:%Y-%m-%d}）")


@dataclass(frozen=True)
class PostedCase:
    case_id: int
    case_no: str
    household_no: str
    group: int
    head_name: str
    household_size: int
    facts: dict                        # the kind's own facts (危房等级, 改造方式, 户型 …)
    subsidy: Optional[int]             # to the household: approved amount, else the standard on the start date
    objections: int


@dataclass(frozen=True)
class PostingBatchInfo:
    id: int
    kind: str
    village: str
    stage: str
    place: str
    start_on: dt.date
    end_on: dt.date
    days: int
    note: str
    entered_by: str
    cases: list[PostedCase] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "village": self.village, "stage": self.stage, "place": self.place,
                "start": self.start_on.isoformat(), "end": self.end_on.isoformat(), "days": self.days,
                "note": self.note, "cases": [c.__dict__ for c in self.cases]}


def batches(db: Database, *, village: str = "", kind: str = "", batch_id: int | None = None) -> list[PostingBatchInfo]:
    with db.reader() as s:
        q = (select(PostingBatch).options(selectinload(PostingBatch.members).selectinload(PostingMember.case)
                                          .selectinload(Case.household).selectinload(Household.members))
             .order_by(PostingBatch.start_on, PostingBatch.id))
        if village:
            q = q.where(PostingBatch.village_id == find_village(s, village).id)
        if kind:
            q = q.where(PostingBatch.kind == kind_key(kind))
        if batch_id is not None:
            q = q.where(PostingBatch.id == batch_id)
        return [_batch_info(s, b) for b in s.scalars(q)]


def _batch_info(s: Session, b: PostingBatch) -> PostingBatchInfo:
    counts: dict[int, int] = {}
    for cid in s.scalars(select(Objection.case_id).where(Objection.batch_id == b.id)):
        counts[cid] = counts.get(cid, 0) + 1
    cases = []
    for m in b.members:
        c, h = m.case, m.case.household
        facts = get_kind(c.kind).describe(s, c)
        lines = approved_lines(s, c) or get_kind(c.kind).subsidy(s, c, b.start_on)
        cases.append(PostedCase(
            c.id, c.case_no, h.household_no, h.group.number, h.head.name if h.head else "", c.household_size,
            {k: facts.get(k) for k in ("danger_grade", "mode", "build_type", "house_type", "house_structure")},
            household_total(lines) if lines else None, counts.get(c.id, 0)))
    cases.sort(key=lambda x: (x.group, x.household_no))
    return PostingBatchInfo(b.id, b.kind, b.village.name, b.stage, b.place, b.start_on, b.end_on,
                            posting_days(b.start_on, b.end_on), b.note, b.entered_by, cases)
