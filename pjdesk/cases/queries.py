"""Reading cases for lists: one row per case with its stage as of today, counts by stage and village,
and a household's cases. A handful of queries for all cases, then plain Python."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Optional

from sqlalchemy import and_, func, select

from db import Database
from db.models import Household, Member, Village, VillageGroup
from db.models.cases import (
    Case, CaseSubsidyLine, Disbursement, Objection, ObjectionVerification, PostingBatch, PostingMember,
)

from ..errors import NotFound, ValidationError
from .catalogue import get_kind, kinds_in_use
from .kinds import KIND_LABELS, kind_key
from .stages import OPEN, REJECTED
from .state import position


@dataclass
class CaseRow:
    id: int
    case_no: str
    kind: str
    kind_label: str
    household_no: str
    head_name: str
    village: str
    village_order: int
    group: int
    household_size: int
    stage: str                      # as of today
    stage_index: int
    note: str                       # 公示中 / 待公示 / 异议待核实 … / 已归档 / 不予通过
    status: str
    applied_on: dt.date
    facts: dict = field(default_factory=dict)   # the kind's own (改造方式, 户型, 危房等级 …)
    approved: Optional[int] = None  # subsidy to the household, once approved
    paid: int = 0
    posting_id: Optional[int] = None

    @property
    def stage_label(self) -> str:
        return f"{self.stage}（{self.note}）" if self.note and self.status == OPEN else self.stage

    def as_dict(self) -> dict:
        d = asdict(self)
        d["applied_on"] = self.applied_on.isoformat()
        d.pop("village_order")
        d.pop("stage_index")
        return d


@dataclass
class CaseFilter:
    kind: str = ""
    stage: str = ""
    village: str = ""
    status: str = ""                # 办理中 / 已归档 / 不予通过; blank: all
    search: str = ""                # case number, household number or head's name


def load_case_rows(db: Database, *, today: dt.date | None = None, household_id: int | None = None) -> list[CaseRow]:
    today = today or dt.date.today()
    with db.reader() as s:
        head = (select(Member.household_id, func.min(Member.name).label("name"))
                .where(Member.left_on.is_(None), Member.relation == "户主").group_by(Member.household_id).subquery())
        q = (select(Case.id, Case.case_no, Case.kind, Household.household_no, func.coalesce(head.c.name, ""),
                    Village.name, Village.sort_order, VillageGroup.number, Case.household_size, Case.stage,
                    Case.status, Case.applied_on)
             .join(Household, Household.id == Case.household_id).join(Village, Village.id == Case.village_id)
             .join(VillageGroup, VillageGroup.id == Household.group_id)
             .outerjoin(head, head.c.household_id == Household.id))
        if household_id is not None:
            q = q.where(Case.household_id == household_id)
        base = s.execute(q).all()
        ids = [r[0] for r in base]
        if not ids:
            return []
        postings = {cid: (bid, start, end) for cid, bid, start, end in s.execute(
            select(PostingMember.case_id, PostingBatch.id, PostingBatch.start_on, PostingBatch.end_on)
            .join(PostingBatch).join(Case, and_(Case.id == PostingMember.case_id, Case.step == PostingMember.step))
            .where(Case.id.in_(ids)))}
        pending: dict[tuple[int, int], int] = {}
        for cid, bid in s.execute(select(Objection.case_id, Objection.batch_id).outerjoin(ObjectionVerification)
                                  .where(ObjectionVerification.id.is_(None), Objection.case_id.in_(ids))):
            pending[(cid, bid)] = pending.get((cid, bid), 0) + 1
        approved = dict(s.execute(select(CaseSubsidyLine.case_id, func.sum(CaseSubsidyLine.amount))
                                  .where(CaseSubsidyLine.to_household.is_(True), CaseSubsidyLine.case_id.in_(ids))
                                  .group_by(CaseSubsidyLine.case_id)).all())
        paid = dict(s.execute(select(Disbursement.case_id, func.sum(Disbursement.amount))
                              .where(Disbursement.case_id.in_(ids)).group_by(Disbursement.case_id)).all())
        facts: dict[int, dict] = {}
        for k in kinds_in_use():
            facts.update(k.list_facts(s, ids))
    rows = []
    for (cid, no, kind, hno, head_name, village, vorder, group, size, stage, status, applied) in base:
        flow = get_kind(kind).flow
        bid, start, end = postings.get(cid, (None, None, None))
        now, note = position(flow, stage, status, start, end, pending.get((cid, bid), 0), today)
        rows.append(CaseRow(cid, no, kind, KIND_LABELS.get(kind, kind), hno, head_name, village, vorder, group, size,
                            now.name, flow.index(now.name), note, status, applied, facts.get(cid, {}),
                            approved.get(cid), paid.get(cid, 0), bid))
    rows.sort(key=lambda r: (r.village_order, r.stage_index, r.group, r.case_no))
    return rows


def filter_case_rows(rows: list[CaseRow], f: CaseFilter) -> list[CaseRow]:
    kind = kind_key(f.kind) if f.kind else ""
    stage = ""
    if f.stage:  # a Chinese name or an English key of any registered kind's stages
        names = {n: n for k in kinds_in_use() for n in k.flow.names}
        names.update({st.key: st.name for k in kinds_in_use() for st in k.flow.stages})
        if f.stage not in names:
            raise ValidationError("stage", f"阶段“{f.stage}”无效，可选：{'、'.join(dict.fromkeys(names.values()))}")
        stage = names[f.stage]
    terms = (f.search or "").strip().lower().split()
    out = []
    for r in rows:
        if kind and r.kind != kind:
            continue
        if stage and r.stage != stage:
            continue
        if f.village and r.village != f.village:
            continue
        if f.status and r.status != f.status:
            continue
        hay = f"{r.case_no} {r.household_no} {r.head_name}".lower()
        if any(t not in hay for t in terms):
            continue
        out.append(r)
    return out


@dataclass(frozen=True)
class StageCounts:
    """Open cases by stage (rows) and village (columns), plus refused and archived totals."""

    stages: tuple[str, ...]
    villages: tuple[str, ...]
    counts: dict                     # (stage, village) -> open cases
    rejected: dict                   # village -> 不予通过 cases
    archived: dict                   # village -> 已归档 cases

    def stage_total(self, stage: str) -> int:
        return sum(n for (st, _), n in self.counts.items() if st == stage)

    def village_total(self, village: str) -> int:
        return sum(n for (_, v), n in self.counts.items() if v == village)


def stage_counts(rows: list[CaseRow], kind: str, villages: list[str]) -> StageCounts:
    flow = get_kind(kind_key(kind)).flow
    counts: dict[tuple[str, str], int] = {}
    rejected: dict[str, int] = {}
    archived: dict[str, int] = {}
    for r in rows:
        if r.kind != kind_key(kind):
            continue
        if r.status == REJECTED:
            rejected[r.village] = rejected.get(r.village, 0) + 1
        elif r.status != OPEN:
            archived[r.village] = archived.get(r.village, 0) + 1
        else:
            counts[(r.stage, r.village)] = counts.get((r.stage, r.village), 0) + 1
    open_stages = tuple(st.name for st in flow.stages if st.kind != "final")
    return StageCounts(open_stages, tuple(villages), counts, rejected, archived)


def cases_of_household(db: Database, household_no: str, *, today: dt.date | None = None) -> list[CaseRow]:
    """Every case of one household, newest first (the household detail dialog lists them)."""
    with db.reader() as s:
        hid = s.scalar(select(Household.id).where(Household.household_no == household_no))
    if hid is None:
        raise NotFound(f"户编号“{household_no}”不存在")
    rows = load_case_rows(db, today=today, household_id=hid)
    return sorted(rows, key=lambda r: (r.applied_on, r.id), reverse=True)
