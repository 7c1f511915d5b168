"""Recording a decision on a case: 通过 / 退回 / 不予通过 at the stage the case is at (RULES.md R3.2,
R5.1, R5.5). A stage is never skipped, a posting is never cut short, dates run in order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db import Database
from db.models.cases import CaseDecision

from ..errors import RuleViolation, ValidationError, raise_first
from ..auth.roles import REVIEWER, require, require_in
from ..text import NAME_MAX, OPINION_MAX, limits
from . import subsidy
from .stages import PASS, REJECT, RETURN, REJECTED, ARCHIVED, Stage, decision_word
from .state import CaseState, case_state, check_date, find_case, move, require_open, settle


@dataclass(frozen=True)
class DecisionInput:
    decision: str                    # 通过 / 退回 / 不予通过 (or pass / return / reject)
    opinion: str
    reviewer: str
    decided_on: dt.date
    reviewer_post: str = ""
    stage: str = ""                  # the stage the clerk sees; refused if the case is elsewhere


def check_decision(d: DecisionInput) -> list[ValidationError]:
    """The decision's own fields, every bad one (no database): a known decision word, the reviewer, a
    written reason for 退回 / 不予通过 (R5.1), the date. The decision dialog shows these beside its fields
    while the clerk types; ``decide`` refuses with the first."""
    errors: list[ValidationError] = []
    try:
        word = decision_word(d.decision)
    except ValidationError as exc:
        errors.append(exc)
        word = ""
    if not (d.reviewer or "").strip():
        errors.append(ValidationError("reviewer", "请填写审核人姓名"))
    if word in (RETURN, REJECT) and not (d.opinion or "").strip():
        errors.append(ValidationError("opinion", f"“{word}”须写明理由（书面说明）"))
    if not isinstance(d.decided_on, dt.date):
        errors.append(ValidationError("decided_on", "请填写决定日期"))
    errors += limits(("opinion", "意见", d.opinion, OPINION_MAX), ("reviewer", "审核人", d.reviewer, NAME_MAX),
                     ("reviewer_post", "职务", getattr(d, "reviewer_post", ""), NAME_MAX))
    return errors


def decide(db: Database, case_ref: int | str, d: DecisionInput, *, entered_by: str = "",
           today: dt.date | None = None) -> str:
    """Record one decision (审核员 or 管理员, R1.9). Returns the stage the case is at afterwards."""
    require(db, REVIEWER)
    today = today or dt.date.today()
    with db.transaction() as s:
        case = find_case(s, case_ref)
        return decide_in(s, case, d, entered_by=entered_by, today=today).to_stage


def decide_in(s: Session, case, d: DecisionInput, *, entered_by: str, today: dt.date,
              via_acceptance: bool = False) -> CaseDecision:
    """``decide`` inside an open transaction (also used by 竣工验收 and the demo builder). Every review
    decision needs a 审核员 or 管理员, however it is reached."""
    require_in(s, REVIEWER)
    require_open(case)
    raise_first(check_decision(d))
    word = decision_word(d.decision)
    st = case_state(s, case, as_of=d.decided_on)
    _check_posting_finished(st, d.decided_on)
    stage = st.stage
    if d.stage and d.stage not in (stage.name, stage.key):
        raise RuleViolation(f"案件{case.case_no}当前在“{stage.name}”阶段，不能作出“{d.stage}”的决定"
                            f"（各阶段须依次办理：{'→'.join(st.kind.flow.names)}）")
    _check_stage_takes(stage, word, via_acceptance)
    opinion = (d.opinion or "").strip()
    check_date("decided_on", "决定日期", d.decided_on, today, st)
    if word == PASS:
        st.kind.check_leave(s, case, stage, word, d.decided_on)
    settle(s, st, entered_by)
    if word == PASS:
        to = st.kind.flow.next(stage.name)
        default = "同意" if stage.kind == "review" else stage.pass_label
        row = move(s, case, stage=stage.name, decision=PASS, to_stage=to.name, opinion=opinion or default,
                   reviewer=d.reviewer.strip(), reviewer_post=d.reviewer_post.strip(), on=d.decided_on,
                   entered_by=entered_by, status=ARCHIVED if to.kind == "final" else case.status)
        if stage.approval:
            lines = subsidy.snapshot(s, case, st.kind.subsidy(s, case, d.decided_on))
            st.kind.on_approved(s, case, d.decided_on, lines)
        return row
    if word == RETURN:
        return move(s, case, stage=stage.name, decision=RETURN, to_stage=stage.back_to, opinion=opinion,
                    reviewer=d.reviewer.strip(), reviewer_post=d.reviewer_post.strip(), on=d.decided_on,
                    entered_by=entered_by)
    return move(s, case, stage=stage.name, decision=REJECT, to_stage=stage.name, opinion=opinion,
                reviewer=d.reviewer.strip(), reviewer_post=d.reviewer_post.strip(), on=d.decided_on,
                entered_by=entered_by, status=REJECTED)


def _check_posting_finished(st: CaseState, on: dt.date) -> None:
    """A case at a posting stage moves on only after its posting has ended (R5.5) and every
    objection raised during it has a verification result (R5.4)."""
    if st.stage.kind != "posting":
        return
    name = st.stage.name
    if st.posting is None:
        raise RuleViolation(f"案件{st.case.case_no}尚未进行“{name}”，不能跳过公示直接办理下一阶段")
    b = st.posting
    if st.pending:
        who = "；".join(f"{o.raised_by}（{o.raised_on:%Y-%m-%d}）：{o.content}" for o in st.pending)
        raise RuleViolation(f"案件{st.case.case_no}在“{name}”期间有{len(st.pending)}条异议尚未核实，"
                            f"须先录入核实结果：{who}")
    if on <= b.end_on:
        raise ValidationError("decided_on", f"决定日期{on:%Y-%m-%d}在“{name}”公示期内"
                                            f"（{b.start_on:%Y-%m-%d}至{b.end_on:%Y-%m-%d}），"
                                            f"须在公示期满后（{b.end_on + dt.timedelta(days=1):%Y-%m-%d}起）办理")


def _check_stage_takes(stage: Stage, word: str, via_acceptance: bool) -> None:
    if stage.kind == "final":
        raise RuleViolation("案件已归档，不能再作决定")
    if stage.action == "accept" and not via_acceptance:
        raise RuleViolation(f"“{stage.name}”阶段请录入验收记录（验收日期、验收人员、结果、实际面积）")
    if word == RETURN and stage.back_to is None:
        raise RuleViolation(f"“{stage.name}”阶段没有上一级，不能退回")
    if word == REJECT and not stage.can_reject:
        raise RuleViolation(f"“{stage.name}”阶段不能作出“不予通过”的决定")
