"""Objections (异议) raised during a posting and their verification (RULES.md R5.4).

A case does not move on while an objection of its current posting has no verification result; an
objection verified as 属实 ends the case as not eligible, with the finding as its written reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db import Database
from db.models.cases import Objection, ObjectionVerification

from ..auth.roles import REVIEWER, require, require_in
from ..errors import NotFound, RuleViolation, ValidationError, raise_first
from ..text import NAME_MAX, OPINION_MAX, limits
from .stages import OPEN, REJECT, REJECTED
from .state import case_state, check_date, find_case, move, require_open, row_id

CONFIRMED, UNFOUNDED = "属实", "不属实"
RESULT_KEYS = {"confirmed": CONFIRMED, "unfounded": UNFOUNDED, "rejected": UNFOUNDED}


@dataclass(frozen=True)
class ObjectionInput:
    raised_by: str
    raised_on: dt.date
    content: str


@dataclass(frozen=True)
class VerificationInput:
    result: str                 # 属实 / 不属实 (or confirmed / unfounded)
    verified_by: str
    verified_on: dt.date
    note: str                   # what the check found


def check_objection(o: ObjectionInput, *, posting=None) -> list[ValidationError]:
    """The objection's own fields, every bad one; with ``posting`` (the case's current posting: its
    stage, start_on and end_on) also whether it was raised within the posting period (R5.4)."""
    errors: list[ValidationError] = []
    if not (o.raised_by or "").strip():
        errors.append(ValidationError("raised_by", "请填写异议人（可填“匿名”）"))
    if not (o.content or "").strip():
        errors.append(ValidationError("content", "请填写异议内容"))
    if not isinstance(o.raised_on, dt.date):
        errors.append(ValidationError("raised_on", "请填写提出日期"))
    elif posting is not None and not (posting.start_on <= o.raised_on <= posting.end_on):
        errors.append(ValidationError("raised_on", f"异议提出日期{o.raised_on:%Y-%m-%d}不在“{posting.stage}”公示期内"
                                                   f"（{posting.start_on:%Y-%m-%d}至{posting.end_on:%Y-%m-%d}）"))
    errors += limits(("raised_by", "异议人", o.raised_by, NAME_MAX), ("content", "异议内容", o.content, OPINION_MAX))
    return errors


def verification_result(text: str) -> str:
    """属实 / 不属实 from the Chinese word or confirmed / unfounded (anything else as typed)."""
    return RESULT_KEYS.get((text or "").strip().lower(), (text or "").strip())


def check_verification(v: VerificationInput, *, raised_on: dt.date | None = None) -> list[ValidationError]:
    """The verification's own fields, every bad one; with ``raised_on`` (the objection's date) also that
    the verification is not dated before the objection."""
    errors: list[ValidationError] = []
    if verification_result(v.result) not in (CONFIRMED, UNFOUNDED):
        errors.append(ValidationError("result", f"核实结果须为“{CONFIRMED}”或“{UNFOUNDED}”"))
    if not (v.verified_by or "").strip():
        errors.append(ValidationError("verified_by", "请填写核实人"))
    if not (v.note or "").strip():
        errors.append(ValidationError("note", "请填写核实情况"))
    if not isinstance(v.verified_on, dt.date):
        errors.append(ValidationError("verified_on", "请填写核实日期"))
    elif raised_on is not None and v.verified_on < raised_on:
        errors.append(ValidationError("verified_on", f"核实日期{v.verified_on:%Y-%m-%d}早于异议提出日期{raised_on:%Y-%m-%d}"))
    errors += limits(("verified_by", "核实人", v.verified_by, NAME_MAX), ("note", "核实情况", v.note, OPINION_MAX))
    return errors


def record_objection(db: Database, case_ref: int | str, o: ObjectionInput, *, entered_by: str = "",
                     today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    with db.transaction() as s:
        return record_objection_in(s, find_case(s, case_ref), o, entered_by=entered_by, today=today).id


def record_objection_in(s: Session, case, o: ObjectionInput, *, entered_by: str, today: dt.date) -> Objection:
    require_open(case)
    raise_first(check_objection(o))
    st = case_state(s, case, as_of=today)
    b = st.posting
    if st.recorded.kind != "posting" or b is None:
        raise RuleViolation(f"案件{case.case_no}当前不在公示中（“{st.recorded.name}”阶段），异议须在公示期间提出")
    raise_first(check_objection(o, posting=b))
    check_date("raised_on", "异议提出日期", o.raised_on, today)
    row = Objection(case_id=case.id, batch_id=b.id, raised_by=o.raised_by.strip(), raised_on=o.raised_on,
                    content=o.content.strip(), entered_by=entered_by)
    s.add(row)
    s.flush()
    return row


def verify_objection(db: Database, objection_id: int, v: VerificationInput, *, entered_by: str = "",
                     today: dt.date | None = None) -> str:
    """Record the verification result — the objection's resolution (审核员 or 管理员, R1.9). Returns the
    case's status afterwards."""
    require(db, REVIEWER)
    today = today or dt.date.today()
    with db.transaction() as s:
        return verify_objection_in(s, objection_id, v, entered_by=entered_by, today=today)


def verify_objection_in(s: Session, objection_id: int, v: VerificationInput, *, entered_by: str,
                        today: dt.date) -> str:
    require_in(s, REVIEWER)
    n = row_id(objection_id)
    o = s.get(Objection, n) if n is not None else None
    if o is None:
        raise NotFound(f"异议（编号{objection_id}）不存在")
    if o.verification is not None:
        ov = o.verification
        raise RuleViolation(f"该异议已于{ov.verified_on:%Y-%m-%d}核实（{ov.result}），核实结果不能更改")
    raise_first(check_verification(v, raised_on=o.raised_on))
    result = verification_result(v.result)
    case = find_case(s, o.case_id)
    st = case_state(s, case, as_of=v.verified_on) if case.status == OPEN else None
    check_date("verified_on", "核实日期", v.verified_on, today, st)
    s.add(ObjectionVerification(objection_id=o.id, result=result, verified_by=v.verified_by.strip(),
                                verified_on=v.verified_on, note=v.note.strip(), entered_by=entered_by))
    s.flush()
    if result == CONFIRMED and case.status == OPEN:
        # R5.4: verified as not qualifying → excluded; the finding is the written reason.
        move(s, case, stage=case.stage, decision=REJECT, to_stage=case.stage,
             opinion=f"公示期间群众异议经核实属实，不符合条件。异议：{o.raised_by}（{o.raised_on:%Y-%m-%d}）"
                     f"{o.content}；核实情况：{v.note.strip()}",
             reviewer=v.verified_by.strip(), reviewer_post="异议核实", on=v.verified_on, entered_by=entered_by,
             status=REJECTED)
    return case.status
