"""Disbursements (资金拨付) of an approved subsidy to the household's bank account. The total paid
never exceeds what the case was approved for (RULES.md R3.7, the approved snapshot)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import Database
from db.models.cases import Disbursement

from ..errors import RuleViolation, ValidationError
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
    if not isinstance(d.amount, int) or isinstance(d.amount, bool) or d.amount <= 0:
        raise ValidationError("amount", f"拨付金额“{d.amount}”无效，须为大于0的整数（元）")
    if d.department not in DEPARTMENTS:
        raise ValidationError("department", f"请选择资金来源部门（{'、'.join(DEPARTMENTS)}）")
    if not isinstance(d.paid_on, dt.date):
        raise ValidationError("paid_on", "请填写拨付日期")
    st = case_state(s, case, as_of=d.paid_on)
    if st.stage.kind != "work":
        raise RuleViolation(f"案件{case.case_no}在{d.paid_on:%Y-%m-%d}处于“{st.stage.name}”阶段，"
                            "审批结果公示期满后才能拨付补助资金")
    funds = funds_of(s, case)
    if funds.approved is None:
        raise RuleViolation(f"案件{case.case_no}没有核定的补助金额，不能拨付")
    if funds.paid + d.amount > funds.approved:
        raise RuleViolation(f"拨付金额超过核定补助：核定{funds.approved}元，已拨付{funds.paid}元，"
                            f"本次{d.amount}元，合计{funds.paid + d.amount}元，最多还能拨付{funds.outstanding}元")
    h = case.household
    if not (h.bank_account or "").strip():
        raise ValidationError("bank_account", f"户编号{h.household_no}没有登记银行账号，补助须打卡发放，请先在户籍信息中填写")
    check_date("paid_on", "拨付日期", d.paid_on, today, st)
    settle(s, st, entered_by)
    row = Disbursement(case_id=case.id, paid_on=d.paid_on, amount=d.amount, department=d.department,
                       bank_name=h.bank_name, bank_account=h.bank_account, voucher_no=d.voucher_no.strip(),
                       note=d.note.strip(), entered_by=entered_by)
    s.add(row)
    s.flush()
    return row
