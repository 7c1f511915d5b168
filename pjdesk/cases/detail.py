"""One case in full: its facts, subsidy and payments, the actions valid now, and its history as a
timeline. Plain dataclasses (the case view, ``cases show`` and printing read the same thing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from db import Database
from db.models.cases import (
    Case, CompletionAcceptance, ConstructionEvent, Disbursement, Objection, PostingBatch,
    PostingMember,
)
from db.models.relocation import RelocationEvent

from .attachments import AttachmentInfo, attachments_of
from .funds import funds_of
from .. import settings
from ..errors import RuleViolation
from .catalogue import get_kind
from .kinds import KIND_LABELS, SubsidyLine
from .postings import posting_days
from .stages import OPEN, POSTING_ENDED, REJECT, RETURN
from .state import CaseState, case_state, find_case
from .subsidy import approved_lines


# relocation records listed in the timeline → the text shown when the record has no note
_RELOCATION_ROWS = {"搬迁协议": "签订搬迁协议", "拆旧复垦协议": "签订旧房拆除复垦协议", "旧房拆除": "旧房已拆除，待验收",
                    "后续扶持": "后续扶持"}


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    what: str            # 申请 / 审核 / 公示 / 异议 / 施工 / 搬迁 / 补助 / 拨付 / 附件
    stage: str
    title: str
    detail: str
    actor: str
    entered_by: str
    entered_at: dt.datetime | None
    order: int = 0       # ties on the same date and entry time: the order things happen in


@dataclass(frozen=True)
class DecisionInfo:
    id: int
    case_id: int
    case_no: str
    stage: str
    decision: str
    to_stage: str
    opinion: str
    reviewer: str
    reviewer_post: str
    decided_on: dt.date
    entered_by: str
    entered_at: dt.datetime


@dataclass(frozen=True)
class ObjectionInfo:
    id: int
    batch_id: int
    stage: str
    raised_by: str
    raised_on: dt.date
    content: str
    result: str = ""
    verified_by: str = ""
    verified_on: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class PostingRef:
    """A posting batch the case was listed in (its 公示名单 can be printed)."""
    id: int
    stage: str
    place: str
    start_on: dt.date
    end_on: dt.date


@dataclass(frozen=True)
class Action:
    key: str             # decide / post / object / verify / accept / disburse / attach / 开工 / 施工检查 …
    label: str
    choices: tuple[str, ...] = ()


@dataclass
class CaseDetail:
    id: int
    case_no: str
    kind: str
    kind_label: str
    household_no: str
    head_name: str
    village: str
    group: int
    household_size: int
    current_size: int
    household_status: str
    applied_on: dt.date
    application_note: str
    status: str
    closed_on: dt.date | None
    stage: str
    stage_note: str
    facts: dict
    subsidy_lines: list[SubsidyLine]
    subsidy_approved: bool
    subsidy: int | None
    infrastructure: int
    paid: int
    outstanding: int | None
    disbursements: list[dict]
    decisions: list[DecisionInfo]
    objections: list[ObjectionInfo]
    attachments: list[AttachmentInfo]
    timeline: list[TimelineEntry]
    actions: list[Action] = field(default_factory=list)
    postings: list[PostingRef] = field(default_factory=list)     # oldest first

    def action(self, key: str) -> Action | None:
        return next((a for a in self.actions if a.key == key), None)

    def as_dict(self) -> dict:
        return _jsonable(asdict(self))


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def case_detail(db: Database, case_ref: int | str, *, today: dt.date | None = None) -> CaseDetail:
    today = today or dt.date.today()
    with db.reader() as s:
        case = find_case(s, case_ref)
        st = case_state(s, case, as_of=today)
        h = case.household
        funds = funds_of(s, case)
        lines = approved_lines(s, case)
        approved = bool(lines)
        if not approved and case.status == OPEN:
            lines = get_kind(case.kind).subsidy(s, case, today)
        decisions = [DecisionInfo(id=d.id, case_id=case.id, case_no=case.case_no, stage=d.stage, decision=d.decision,
                                  to_stage=d.to_stage, opinion=d.opinion, reviewer=d.reviewer,
                                  reviewer_post=d.reviewer_post, decided_on=d.decided_on, entered_by=d.entered_by,
                                  entered_at=d.entered_at) for d in case.decisions]
        objections = _objections(s, case)
        disb = list(s.scalars(select(Disbursement).where(Disbursement.case_id == case.id).order_by(Disbursement.id)))
        attachments = attachments_of(s, case.id)
        if approved:
            subsidy, infrastructure = funds.approved, funds.infrastructure
        else:      # before approval: what the standard in force would give
            subsidy = sum(l.amount for l in lines if l.to_household) if lines else None
            infrastructure = sum(l.amount for l in lines if not l.to_household)
        detail = CaseDetail(
            id=case.id, case_no=case.case_no, kind=case.kind, kind_label=KIND_LABELS.get(case.kind, case.kind),
            household_no=h.household_no, head_name=h.head.name if h.head else "", village=case.village.name,
            group=h.group.number, household_size=case.household_size, current_size=h.size,
            household_status=h.status, applied_on=case.applied_on, application_note=case.application_note,
            status=case.status, closed_on=case.closed_on, stage=st.stage.name, stage_note=st.note,
            facts=st.kind.describe(s, case), subsidy_lines=lines, subsidy_approved=approved, subsidy=subsidy,
            infrastructure=infrastructure, paid=funds.paid, outstanding=funds.outstanding,
            disbursements=[{"id": d.id, "date": d.paid_on.isoformat(), "amount": d.amount, "department": d.department,
                            "bank_account": d.bank_account, "voucher_no": d.voucher_no, "note": d.note} for d in disb],
            decisions=decisions, objections=objections, attachments=attachments,
            timeline=_timeline(s, case, st, objections, disb, attachments), actions=_actions(s, st, funds),
            postings=[PostingRef(id=b.id, stage=b.stage, place=b.place, start_on=b.start_on, end_on=b.end_on)
                      for b in s.scalars(select(PostingBatch).join(PostingMember)
                                         .where(PostingMember.case_id == case.id)
                                         .order_by(PostingBatch.start_on, PostingBatch.id))])
        return detail


def decisions_of(db: Database, case_ref: int | str) -> list[DecisionInfo]:
    """Every decision of a case, oldest first (approval sheets print these)."""
    return case_detail(db, case_ref).decisions


def _objections(s, case: Case) -> list[ObjectionInfo]:
    out = []
    for o, stage in s.execute(select(Objection, PostingBatch.stage).join(PostingBatch)
                              .where(Objection.case_id == case.id).order_by(Objection.id)):
        v = o.verification
        out.append(ObjectionInfo(id=o.id, batch_id=o.batch_id, stage=stage, raised_by=o.raised_by,
                                 raised_on=o.raised_on, content=o.content, result=v.result if v else "",
                                 verified_by=v.verified_by if v else "", verified_on=v.verified_on if v else None,
                                 note=v.note if v else ""))
    return out


def _timeline(s, case: Case, st: CaseState, objections: list[ObjectionInfo], disb, attachments) -> list[TimelineEntry]:
    flow_label = {st.name: st.pass_label for st in get_kind(case.kind).flow.stages}
    head = case.household.head
    out = [TimelineEntry(case.applied_on, "申请", "申请", "提出申请", case.application_note or "户主提出申请",
                         head.name if head else "", case.opened_by, case.created_at, 0)]
    acceptance = {a.decision_id: a for a in s.scalars(select(CompletionAcceptance)
                                                        .where(CompletionAcceptance.case_id == case.id))}
    for d in case.decisions:
        word = d.decision
        title = (f"{d.stage}：{flow_label.get(d.stage, word)}" if word == "通过" else f"{d.stage}：{word}")
        if word == RETURN:
            title += f"（退回至{d.to_stage}）"
        detail = d.opinion
        if d.id in acceptance:
            a = acceptance[d.id]
            areas = "，".join(x for x in (f"实际正房{a.built_main_area:g}㎡" if a.built_main_area else "",
                                         f"附屋{a.built_annex_area:g}㎡" if a.built_annex_area else "") if x)
            detail = f"{d.opinion}{'（' + areas + '）' if areas else ''}"
        actor = "" if word == POSTING_ENDED else d.reviewer + (f"（{d.reviewer_post}）" if d.reviewer_post else "")
        out.append(TimelineEntry(d.decided_on, "审核" if word != POSTING_ENDED else "公示", d.stage, title, detail,
                                 actor, d.entered_by, d.entered_at, 1 if word != REJECT else 9))
    lines = approved_lines(s, case)
    if lines:
        approval = next((d for d in case.decisions if d.stage == "县级审批" and d.decision == "通过"), None)
        parts = [f"{l.item}{('（' + l.department + '）') if l.department else ''}{l.amount}元"
                 f"{'' if l.to_household else '（不到户）'}" for l in lines]
        when = approval.decided_on if approval else lines[0].effective_from
        out.append(TimelineEntry(when, "补助", "县级审批", "核定补助",
                                 "，".join(parts) + f"；执行{lines[0].effective_from:%Y-%m-%d}起的补助标准", "",
                                 approval.entered_by if approval else "", approval.entered_at if approval else None,
                                 2))
    for b, n in s.execute(select(PostingBatch, PostingMember.step).join(PostingMember)
                          .where(PostingMember.case_id == case.id)):
        out.append(TimelineEntry(b.start_on, "公示", b.stage, f"{b.stage}：张贴",
                                 f"{b.place}，{b.start_on:%Y-%m-%d}至{b.end_on:%Y-%m-%d}"
                                 f"（共{posting_days(b.start_on, b.end_on)}天，"
                                 f"第{b.id}批，{len(b.members)}户）", "", b.entered_by, b.entered_at, 3))
    for o in objections:
        row = s.get(Objection, o.id)
        out.append(TimelineEntry(o.raised_on, "异议", o.stage, "公示异议", o.content, o.raised_by, row.entered_by,
                                 row.entered_at, 4))
        if o.result:
            v = row.verification
            out.append(TimelineEntry(o.verified_on, "异议", o.stage, f"异议核实：{o.result}", o.note, o.verified_by,
                                     v.entered_by, v.entered_at, 5))
    for e in s.scalars(select(ConstructionEvent).where(ConstructionEvent.case_id == case.id)):
        out.append(TimelineEntry(e.on_date, "施工", "实施", e.event, e.note, e.person, e.entered_by, e.entered_at, 6))
    # 易地搬迁: agreements, demolition and follow-up records; 搬迁入住 and 拆除验收 show as the decisions they make
    for e in s.scalars(select(RelocationEvent).where(RelocationEvent.case_id == case.id,
                                                     RelocationEvent.event.in_(_RELOCATION_ROWS))):
        title = f"{e.event}：{e.category}" if e.category else e.event
        out.append(TimelineEntry(e.on_date, "搬迁", e.event, title, e.note or _RELOCATION_ROWS[e.event], e.person,
                                 e.entered_by, e.entered_at, 6))
    for d in disb:
        out.append(TimelineEntry(d.paid_on, "拨付", "资金拨付", f"拨付{d.amount}元",
                                 f"{d.department}，打卡至{d.bank_name}账号{_mask(d.bank_account)}"
                                 + (f"，凭证{d.voucher_no}" if d.voucher_no else "") + (f"；{d.note}" if d.note else ""),
                                 "", d.entered_by, d.entered_at, 7))
    for a in attachments:
        out.append(TimelineEntry(a.taken_on or a.entered_at.date(), "附件", "", f"附件：{a.category}", a.filename, "",
                                 a.entered_by, a.entered_at, 8))
    if st.stage is not st.recorded and st.posting is not None:  # ended, not yet followed by a recorded step
        b = st.posting
        out.append(TimelineEntry(b.end_on, "公示", b.stage, f"{b.stage}：公示期满",
                                 f"{b.place}公示{b.start_on:%Y-%m-%d}至{b.end_on:%Y-%m-%d}期满，待{st.stage.name}",
                                 "", "", None, 1))
    out.sort(key=lambda e: (e.date, e.order, e.entered_at or dt.datetime.min))
    return out


def _mask(account: str) -> str:
    return f"****{account[-4:]}" if len(account) > 4 else account


def _actions(s, st: CaseState, funds) -> list[Action]:
    out: list[Action] = []
    stage = st.stage
    if st.open:
        if stage.kind == "review" or (stage.kind == "work" and stage.action == "decide"):
            choices = ["通过"] + (["退回"] if stage.back_to else []) + (["不予通过"] if stage.can_reject else [])
            label = "审核决定" if stage.kind == "review" else f"登记{stage.pass_label}"
            extra = st.kind.work_actions(s, st.case, stage) if stage.kind == "work" else []
            try:
                if stage.kind == "work":
                    st.kind.check_leave(s, st.case, stage, "通过", st.as_of)
                out.append(Action("decide", label, tuple(choices)))
            except RuleViolation:  # e.g. not yet started, or not fully paid: 竣工 / 归档 not offered yet
                pass
            out += [Action(e, f"录入{e}") for e in extra]
        elif stage.action == "accept":
            out.append(Action("accept", "竣工验收"))
            out += [Action(e, f"录入{e}") for e in st.kind.work_actions(s, st.case, stage)]
        elif stage.kind == "posting" and st.posting is None:
            out.append(Action("post", f"开启{stage.name}"))
        if st.recorded.kind == "posting" and st.posting is not None and st.as_of >= st.posting.start_on:
            out.append(Action("object", "登记异议"))
        if st.pending:
            out.append(Action("verify", "核实异议"))
        if stage.kind == "work" and funds.outstanding and _may_pay(s, st):
            out.append(Action("disburse", "资金拨付"))
    out.append(Action("attach", "添加附件"))
    return out


def _may_pay(s, st: CaseState) -> bool:
    """A renovation is paid after its 合格 竣工验收 (stage 资金拨付); before it only when the setting
    renovation_advance_share allows an advance (issue 10)."""
    if st.case.kind != "renovation" or st.stage.name == "资金拨付":
        return True
    return settings.get(s, "renovation_advance_share") > 0
