"""Disbursements (资金拨付) of an approved subsidy to the household's bank account. The total paid
never exceeds what the case was approved for (RULES.md R3.7, the approved snapshot), and each
department pays no more than its approved line: 分散 is approved as 1万 住建部门 + 1万 扶贫部门, so
住建部门 cannot pay the whole 2万. An approved line that names no department (the 集中安置 建房补助
line) may be paid by any department."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import Database
from db.models.cases import CaseDecision, CompletionAcceptance, Disbursement

from .. import settings
from ..errors import RuleViolation, ValidationError, raise_first
from ..text import NAME_MAX, NOTE_MAX, limits
from .kinds import SubsidyLine
from .state import case_state, check_date, find_case, require_open, settle
from .subsidy import DEPARTMENTS, approved_lines, household_total


@dataclass(frozen=True)
class DisbursementInput:
    paid_on: dt.date
    amount: int                 # yuan
    department: str             # 资金来源部门
    voucher_no: str = ""
    note: str = ""


@dataclass(frozen=True)
class Funds:
    approved: int | None        # to the household; None before approval
    infrastructure: int         # cluster-site funds, not paid to the household
    paid: int

    @property
    def outstanding(self) -> int | None:
        return None if self.approved is None else self.approved - self.paid


@dataclass(frozen=True)
class DepartmentFunds:
    department: str
    approved: int               # its approved lines to the household
    paid: int


def by_department(lines: list[SubsidyLine], payments: list[tuple[str, int]]) -> tuple[list[DepartmentFunds], int]:
    """Approved and paid per department (departments named by an approved line, in line order, then any
    other department that was paid) and the approved amount that names no department."""
    approved: dict[str, int] = {}
    unassigned = 0
    for line in lines:
        if not line.to_household:
            continue
        if line.department:
            approved[line.department] = approved.get(line.department, 0) + line.amount
        else:
            unassigned += line.amount
    paid: dict[str, int] = {}
    for department, amount in payments:
        paid[department] = paid.get(department, 0) + amount
    names = list(approved) + [d for d in paid if d not in approved]
    return [DepartmentFunds(d, approved.get(d, 0), paid.get(d, 0)) for d in names], unassigned


def department_room(lines: list[SubsidyLine], payments: list[tuple[str, int]], department: str) -> int:
    """How much ``department`` may still pay: what is left of its own approved lines, plus what is left
    of the lines that name no department (shared by every department)."""
    funds, unassigned = by_department(lines, payments)
    mine = next((f for f in funds if f.department == department), DepartmentFunds(department, 0, 0))
    others_beyond = sum(max(0, f.paid - f.approved) for f in funds if f.department != department)
    return max(0, mine.approved + max(0, unassigned - others_beyond) - mine.paid)


def department_problem(lines: list[SubsidyLine], payments: list[tuple[str, int]], department: str,
                       amount: int) -> str:
    """Why a payment would take a department beyond its approved line — a Chinese message naming the
    department, its approved amount, what it paid and this amount — or "" when it stays within."""
    room = department_room(lines, payments, department)
    if amount <= room:
        return ""
    funds, unassigned = by_department(lines, payments)
    mine = next((f for f in funds if f.department == department), DepartmentFunds(department, 0, 0))
    split = "、".join(f"{f.department}{f.approved}元" for f in funds if f.approved)
    split += (("，另" if split else "") + f"{unassigned}元不分部门") if unassigned else ""
    if mine.approved == 0 and not unassigned:
        return (f"核定补助中没有{department}承担的资金（核定：{split}），{department}不能拨付："
                f"核定0元，已拨付{mine.paid}元，本次{amount}元。请选择核定的资金来源部门")
    return (f"{department}拨付超过核定：{department}核定{mine.approved}元，已拨付{mine.paid}元，"
            f"本次{amount}元，合计{mine.paid + amount}元，最多还能拨付{room}元（核定分担：{split}）")


def check_disbursement(d: DisbursementInput) -> list[ValidationError]:
    """The payment's own fields, every bad one (no database)."""
    errors: list[ValidationError] = []
    if not isinstance(d.amount, int) or isinstance(d.amount, bool) or d.amount <= 0:
        errors.append(ValidationError("amount", f"拨付金额“{d.amount}”无效，须为大于0的整数（元）"))
    if d.department not in DEPARTMENTS:
        errors.append(ValidationError("department", f"请选择资金来源部门（{'、'.join(DEPARTMENTS)}）"))
    if not isinstance(d.paid_on, dt.date):
        errors.append(ValidationError("paid_on", "请填写拨付日期"))
    return errors + limits(("voucher_no", "凭证号", d.voucher_no, NAME_MAX), ("note", "备注", d.note, NOTE_MAX))


def check_within_approval(d: DisbursementInput, *, case_no: str, approved: int | None, paid: int,
                          lines: list[SubsidyLine], payments: list[tuple[str, int]]) -> list[ValidationError]:
    """R3.7: the total paid stays within the approved subsidy, and each department within its approved
    line. ``approved``/``paid``: the case's totals to the household; ``lines``: its approved lines;
    ``payments``: (department, amount) paid so far. The problems name the field ``amount``;
    ``disburse`` refuses them as rule violations."""
    if not isinstance(d.amount, int) or d.amount <= 0:
        return []
    if approved is None:
        return [ValidationError("amount", f"案件{case_no}没有核定的补助金额，不能拨付")]
    if paid + d.amount > approved:
        return [ValidationError("amount", f"拨付金额超过核定补助：核定{approved}元，已拨付{paid}元，"
                                          f"本次{d.amount}元，合计{paid + d.amount}元，最多还能拨付{approved - paid}元")]
    problem = department_problem(lines, payments, d.department, d.amount)
    return [ValidationError("amount", problem)] if problem else []


def payment_order_problems(d: DisbursementInput, *, case_no: str, approved: int | None, approved_after: dt.date | None,
                           accepted_on: dt.date | None, paid_before: int, advance_share: int) -> list[ValidationError]:
    """Disbursement after acceptance (issue 10): a payment dated on or after the 合格 竣工验收 is due; one
    dated before it (or while the case has none) is an advance, and everything paid before acceptance may
    not exceed ``advance_share`` % (the setting renovation_advance_share, default 0) of the approved
    subsidy. A payment may be dated before records already entered (paper entered late) as long as this
    order holds; the message names the conflicting record.

    ``approved_after``: the last day of the 三榜 posting (payments come after it); ``paid_before``: what
    was paid so far on dates before the acceptance (all payments when there is none)."""
    if not isinstance(d.paid_on, dt.date) or not isinstance(d.amount, int) or d.amount <= 0 or approved is None:
        return []
    if approved_after is not None and d.paid_on <= approved_after:
        return [ValidationError("paid_on", f"拨付日期{d.paid_on:%Y-%m-%d}不晚于{approved_after:%Y-%m-%d}的三榜公示期满记录，"
                                           "审批结果公示期满后才能拨付补助资金")]
    if accepted_on is not None and d.paid_on >= accepted_on:
        return []
    limit = approved * advance_share // 100
    when = (f"拨付日期{d.paid_on:%Y-%m-%d}早于{accepted_on:%Y-%m-%d}的竣工验收（合格）记录"
            if accepted_on is not None else f"案件{case_no}尚未竣工验收合格")
    if advance_share <= 0:
        return [ValidationError("paid_on", f"{when}；补助须竣工验收合格后拨付（未设置验收前预拨比例）")]
    if paid_before + d.amount > limit:
        return [ValidationError("amount", f"{when}，属验收前预拨：预拨不得超过核定补助{approved}元的{advance_share}%"
                                          f"即{limit}元，验收前已拨付{paid_before}元，本次{d.amount}元，"
                                          f"合计{paid_before + d.amount}元，最多还能预拨{max(0, limit - paid_before)}元")]
    return []


def payment_order_facts(s: Session, case) -> dict:
    """The facts ``payment_order_problems`` needs, read from the case (used by the service and the dialog)."""
    accepted = s.scalar(select(CompletionAcceptance.accepted_on).where(
        CompletionAcceptance.case_id == case.id, CompletionAcceptance.result == "合格").order_by(CompletionAcceptance.id))
    before = select(func.coalesce(func.sum(Disbursement.amount), 0)).where(Disbursement.case_id == case.id)
    if accepted is not None:
        before = before.where(Disbursement.paid_on < accepted)
    posting_end = s.scalar(select(func.max(CaseDecision.decided_on)).where(
        CaseDecision.case_id == case.id, CaseDecision.stage == "三榜公示", CaseDecision.to_stage == "实施"))
    return {"accepted_on": accepted, "paid_before": s.scalar(before), "approved_after": posting_end,
            "advance_share": settings.get(s, "renovation_advance_share")}


def payment_order_context(db: Database, case_ref: int | str) -> dict:
    """``payment_order_facts`` of a case, read once (the payment dialog checks as the clerk types)."""
    with db.reader() as s:
        return payment_order_facts(s, find_case(s, case_ref))


def payments_of(s: Session, case) -> list[tuple[str, int]]:
    return [(d, a) for d, a in s.execute(select(Disbursement.department, Disbursement.amount)
                                         .where(Disbursement.case_id == case.id).order_by(Disbursement.id))]


def funds_of(s: Session, case) -> Funds:
    lines = approved_lines(s, case)
    paid = s.scalar(select(func.coalesce(func.sum(Disbursement.amount), 0)).where(Disbursement.case_id == case.id))
    if not lines:
        return Funds(None, 0, paid)
    return Funds(household_total(lines), sum(l.amount for l in lines if not l.to_household), paid)


def disburse(db: Database, case_ref: int | str, d: DisbursementInput, *, entered_by: str = "",
             today: dt.date | None = None) -> int:
    """Record one payment. Returns its id."""
    today = today or dt.date.today()
    with db.transaction() as s:
        return disburse_in(s, find_case(s, case_ref), d, entered_by=entered_by, today=today).id


def disburse_in(s: Session, case, d: DisbursementInput, *, entered_by: str, today: dt.date) -> Disbursement:
    require_open(case)
    raise_first(check_disbursement(d))
    st = case_state(s, case, as_of=d.paid_on)
    if st.stage.kind != "work":
        raise RuleViolation(f"案件{case.case_no}在{d.paid_on:%Y-%m-%d}处于“{st.stage.name}”阶段，"
                            "审批结果公示期满后才能拨付补助资金")
    funds = funds_of(s, case)
    for problem in check_within_approval(d, case_no=case.case_no, approved=funds.approved, paid=funds.paid,
                                         lines=approved_lines(s, case), payments=payments_of(s, case)):
        raise RuleViolation(problem.message, rule="R3.7")
    h = case.household
    if not (h.bank_account or "").strip():
        raise ValidationError("bank_account", f"户编号{h.household_no}没有登记银行账号，补助须打卡发放，请先在户籍信息中填写")
    check_date("paid_on", "拨付日期", d.paid_on, today)
    settle(s, st, entered_by)
    if case.kind == "renovation":
        raise_first(payment_order_problems(d, case_no=case.case_no, approved=funds.approved,
                                           **payment_order_facts(s, case)))
    row = Disbursement(case_id=case.id, paid_on=d.paid_on, amount=d.amount, department=d.department,
                       bank_name=h.bank_name, bank_account=h.bank_account, voucher_no=d.voucher_no.strip(),
                       note=d.note.strip(), entered_by=entered_by)
    s.add(row)
    s.flush()
    return row
