"""Reading the audit trail (issue 14): a household's or a case's 变更记录, and the 审计日志 searched by
user, date and record. Read only — nothing in pjdesk writes or deletes audit rows except the session
events of ``db/audit.py``, and the database's triggers refuse UPDATE and DELETE."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sqlalchemy import select

from db import Database
from db.models.cases import Case
from db.models.registry import Household
from db.models.users import AuditLog

from ..errors import NotFound

LIMIT = 2000   # rows a search shows at most (newest first); narrow the search for older ones

TABLES = {
    "household": "户", "member": "家庭成员", "household_other_cause": "其他致贫原因", "status_change": "状态变更",
    "exit_check": "脱贫核查", "exit_check_item": "核查项", "household_survey": "走访记录", "house_change": "住房变更",
    "case_file": "项目", "case_decision": "审核意见", "posting_batch": "公示批次", "posting_member": "公示名单",
    "objection": "异议", "objection_verification": "异议核实", "renovation_detail": "危改信息",
    "renovation_exclusion": "排除情形", "subsidy_rate": "补助标准", "case_subsidy_line": "补助明细",
    "construction_event": "施工记录", "completion_acceptance": "竣工验收", "disbursement": "资金拨付",
    "case_attachment": "附件", "helper": "帮扶责任人", "helper_assignment": "结对", "village_aid_role": "驻村帮扶",
    "help_record": "帮扶记录", "income_project": "增收项目", "township": "乡镇", "village": "村",
    "village_group": "村民小组", "setting": "设置", "app_user": "用户", "relocation_site": "安置点",
    "relocation_detail": "搬迁信息", "relocation_mover": "搬迁人员", "relocation_event": "搬迁进度",
}
FIELDS = {
    "id_number": "身份证号", "bank_account": "银行账号", "bank_name": "开户银行", "phone": "联系电话", "name": "姓名",
    "address": "住址", "relation": "与户主关系", "status": "状态", "type": "贫困户属性", "main_cause": "主要致贫原因",
    "role": "角色", "active": "启用", "display_name": "显示姓名", "password_hash": "密码", "value": "值",
    "failed_attempts": "连续输错次数", "locked_until": "锁定至", "left_on": "迁出日期", "leave_reason": "迁出原因",
    "stage": "阶段", "step": "步骤", "closed_on": "办结日期", "house_structure": "住房结构", "house_area": "住房面积",
    "danger_grade": "危房等级", "house_built_year": "建房年份", "planned_exit_year": "计划脱贫年度",
    "exit_year": "脱贫年度", "wage_income": "工资性收入", "business_income": "经营性收入",
    "transfer_income": "转移性收入", "property_income": "财产性收入", "production_cost": "生产经营支出",
    "group_id": "村民小组", "village_id": "村", "household_no": "户编号", "cause": "致贫原因", "amount": "金额",
    "decision": "审核结论", "opinion": "意见", "birth_date": "出生日期", "sex": "性别", "health": "健康状况",
}


@dataclasses.dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    user: str
    table: str          # Chinese, e.g. 家庭成员
    record: str
    action: str         # 新建 / 修改 / 删除
    field: str          # Chinese where known
    old: str
    new: str
    household_id: int | None
    case_id: int | None

    def as_dict(self) -> dict:
        return dict(dataclasses.asdict(self), at=self.at.isoformat(sep=" "))


def _shown(value: str | None) -> str:
    """A JSON record (created / deleted) as “字段：值；…”, else the value as text."""
    if value is None:
        return ""
    if value.startswith("{"):
        try:
            data = json.loads(value)
        except ValueError:
            return value
        return "；".join(f"{FIELDS.get(k, k)}：{'' if v is None else v}" for k, v in data.items())
    return value


def _row(r: AuditLog) -> AuditRow:
    return AuditRow(r.at, r.user_name, TABLES.get(r.table_name, r.table_name), r.record_key, r.action,
                    FIELDS.get(r.field, r.field), _shown(r.old), _shown(r.new), r.household_id, r.case_id)


def search(db: Database, *, household_no: str = "", case_no: str = "", case_id: int | None = None, user: str = "",
           since: dt.date | None = None, until: dt.date | None = None, text: str = "",
           limit: int = LIMIT) -> list[AuditRow]:
    """Audit rows, newest first, filtered by household (its members and cases too), case, user, dates
    (inclusive) and a text in the record, field or values."""
    q = select(AuditLog)
    with db.reader() as s:
        if household_no.strip():
            hid = s.scalar(select(Household.id).where(Household.household_no == household_no.strip()))
            if hid is None:
                raise NotFound(f"没有户编号为“{household_no.strip()}”的户")
            q = q.where(AuditLog.household_id == hid)
        if case_no.strip():
            case_id = s.scalar(select(Case.id).where(Case.case_no == case_no.strip()))
            if case_id is None:
                raise NotFound(f"没有编号为“{case_no.strip()}”的项目")
        if case_id is not None:
            q = q.where(AuditLog.case_id == case_id)
        if user.strip():
            q = q.where(AuditLog.user_name == user.strip())
        if since:
            q = q.where(AuditLog.at >= dt.datetime.combine(since, dt.time()))
        if until:
            q = q.where(AuditLog.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
        if text.strip():
            like = f"%{text.strip()}%"
            q = q.where(AuditLog.record_key.like(like) | AuditLog.field.like(like) | AuditLog.old.like(like)
                        | AuditLog.new.like(like) | AuditLog.table_name.like(like))
        return [_row(r) for r in s.scalars(q.order_by(AuditLog.id.desc()).limit(limit))]


def for_household(db: Database, household_id: int, *, limit: int = LIMIT) -> list[AuditRow]:
    with db.reader() as s:
        return [_row(r) for r in s.scalars(select(AuditLog).where(AuditLog.household_id == household_id)
                                           .order_by(AuditLog.id.desc()).limit(limit))]


def for_case(db: Database, case_id: int, *, limit: int = LIMIT) -> list[AuditRow]:
    return search(db, case_id=case_id, limit=limit)
