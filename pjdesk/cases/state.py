"""Where a case stands: its stage as of a date, its current posting, open objections, and the date of
its latest recorded step (no later step may be dated before it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from db.models.cases import (
    Case, CaseDecision, CompletionAcceptance, ConstructionEvent, Disbursement, Objection,
    ObjectionVerification, PostingBatch, PostingMember,
)
from db.models.relocation import RelocationEvent

from ..errors import NotFound, RuleViolation, ValidationError
from .catalogue import get_kind
from .kinds import CaseKind
from .stages import OPEN, POSTING_ENDED, Stage


@dataclass
class CaseState:
    case: Case
    kind: CaseKind
    recorded: Stage                      # the stage written on the case
    stage: Stage                         # the stage as of ``as_of`` (a finished posting moves it on)
    as_of: dt.date
    posting: PostingBatch | None = None  # this round's posting, when the recorded stage is a posting
    objections: list[Objection] = field(default_factory=list)
    last_date: dt.date | None = None     # latest recorded step …
    last_what: str = ""                  # … and what it was

    @property
    def open(self) -> bool:
        return self.case.status == OPEN

    @property
    def pending(self) -> list[Objection]:
        return [o for o in self.objections if o.verification is None]

    @property
    def note(self) -> str:
        """A word on where the case waits (shown beside the stage)."""
        p = self.posting
        return position(self.kind.flow, self.recorded.name, self.case.status, p and p.start_on, p and p.end_on,
                        len(self.pending), self.as_of)[1]


def position(flow, recorded: str, status: str, start: dt.date | None, end: dt.date | None, pending: int,
             as_of: dt.date) -> tuple[Stage, str]:
    """The stage a case is at on ``as_of`` and a word on why it waits there.

    A case written at a posting stage has moved on once its posting ended before ``as_of`` and every
    objection raised during it has been verified; it waits at the posting stage until then.
    """
    stage = flow[recorded]
    if status != OPEN:
        return stage, status
    if stage.kind != "posting":
        return stage, ""
    if start is None:
        return stage, "待公示"
    if pending:
        return stage, f"异议待核实（{pending}条）"
    if as_of < start:
        return stage, "待张贴"
    if as_of <= end:
        return stage, "公示中"
    return flow.next(recorded), ""


MAX_ID = 2 ** 63 - 1   # SQLite's largest integer: a larger number cannot be a row id (and cannot be bound)


def row_id(ref: int | str) -> int | None:
    """``ref`` as a row id, or None when it cannot be one (not a plain number, or out of SQLite's range)."""
    text = str(ref).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    n = int(text)
    return n if 0 < n <= MAX_ID else None


def find_case(s: Session, ref: int | str) -> Case:
    """A case by id, or by case number (危改-2026-0001). Anything else is not found (NotFound)."""
    text = str(ref).strip()
    if not text:
        raise NotFound("请填写案件编号或案件号")
    if text.isascii() and text.isdigit():        # an id; one beyond SQLite's range cannot exist
        n = row_id(text)
        case = s.get(Case, n) if n is not None else None
    else:
        case = s.scalar(select(Case).where(Case.case_no == text))
    if case is None:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise NotFound(f"案件“{shown}”不存在")
    return case


def current_posting(s: Session, case: Case) -> PostingBatch | None:
    return s.scalar(select(PostingBatch).join(PostingMember)
                    .where(PostingMember.case_id == case.id, PostingMember.step == case.step))


def case_state(s: Session, case: Case, as_of: dt.date) -> CaseState:
    kind = get_kind(case.kind)
    recorded = kind.flow[case.stage]
    st = CaseState(case, kind, recorded, recorded, as_of)
    if recorded.kind == "posting" and case.status == OPEN:
        st.posting = current_posting(s, case)
        if st.posting is not None:
            st.objections = list(s.scalars(select(Objection).where(
                Objection.case_id == case.id, Objection.batch_id == st.posting.id).order_by(Objection.id)))
            st.stage = position(kind.flow, recorded.name, case.status, st.posting.start_on, st.posting.end_on,
                                len(st.pending), as_of)[0]
    st.last_date, st.last_what = last_step(s, case)
    return st


def last_step(s: Session, case: Case) -> tuple[dt.date, str]:
    """The latest dated step recorded on the case and a short description of it (one query)."""
    parts = [
        select(literal("上一次审核决定").label("what"), func.max(CaseDecision.decided_on).label("on"))
        .where(CaseDecision.case_id == case.id),
        select(literal("施工记录"), func.max(ConstructionEvent.on_date)).where(ConstructionEvent.case_id == case.id),
        select(literal("竣工验收"), func.max(CompletionAcceptance.accepted_on))
        .where(CompletionAcceptance.case_id == case.id),
        select(literal("资金拨付"), func.max(Disbursement.paid_on)).where(Disbursement.case_id == case.id),
        select(literal("异议核实"), func.max(ObjectionVerification.verified_on)).join(Objection)
        .where(Objection.case_id == case.id),
        # 易地搬迁's own dated records (agreements, move-in, demolition, follow-up)
        select(literal("搬迁记录"), func.max(RelocationEvent.on_date)).where(RelocationEvent.case_id == case.id),
    ]
    candidates = [(case.applied_on, "申请日期")]
    for what, on in s.execute(union_all(*parts)):
        if on is not None:
            candidates.append((on if isinstance(on, dt.date) else dt.date.fromisoformat(on), what))
    return max(candidates, key=lambda c: c[0])


def settle(s: Session, st: CaseState, entered_by: str) -> None:
    """Write down a finished posting before the next step is recorded: one 公示期满 row dated the
    posting's last day, so the history shows when and how the case left the posting stage."""
    if st.stage is st.recorded:
        return
    batch = st.posting
    verified = [o for o in st.objections if o.verification is not None]
    opinion = (f"{batch.place}公示{batch.start_on:%Y-%m-%d}至{batch.end_on:%Y-%m-%d}期满，"
               + (f"{len(verified)}条异议经核实不属实" if verified else "无异议"))
    move(s, st.case, stage=st.recorded.name, decision=POSTING_ENDED, to_stage=st.stage.name,
         opinion=opinion, reviewer="", reviewer_post="", on=batch.end_on, entered_by=entered_by)
    st.recorded = st.stage
    st.posting, st.objections = None, []


def move(s: Session, case: Case, *, stage: str, decision: str, to_stage: str, opinion: str, reviewer: str,
         reviewer_post: str, on: dt.date, entered_by: str, status: str = OPEN) -> CaseDecision:
    """Append the history row and move the case. The only place ``Case.stage`` changes."""
    row = CaseDecision(case_id=case.id, stage=stage, decision=decision, to_stage=to_stage, opinion=opinion,
                       reviewer=reviewer, reviewer_post=reviewer_post, decided_on=on, entered_by=entered_by)
    s.add(row)
    case.stage = to_stage
    case.step += 1
    case.status = status
    if status != OPEN:
        case.closed_on = on
    s.flush()
    return row


def require_open(case: Case) -> None:
    if case.status != OPEN:
        raise RuleViolation(f"案件{case.case_no}已办结（{case.status}，{case.closed_on:%Y-%m-%d}），不能再办理")


def check_date(field_name: str, label: str, on: dt.date, today: dt.date, st: CaseState | None = None) -> None:
    """Entered dates: never in the future, never before the case's latest recorded step."""
    if on > today:
        raise ValidationError(field_name, f"{label}{on:%Y-%m-%d}晚于今天（{today:%Y-%m-%d}），不能填写将来的日期")
    if st is not None and st.last_date is not None and on < st.last_date:
        raise ValidationError(field_name, f"{label}{on:%Y-%m-%d}早于{st.last_what}（{st.last_date:%Y-%m-%d}），"
                                          "日期须按办理顺序填写")
