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
    "database": "数据库",
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
    # every other column of every audited table (a test checks none is missing)
    "accepted_on": "验收日期", "actual_income": "实际收入", "annex_area": "附属面积", "application_note": "申请说明",
    "applied_on": "申请日期", "approved_infrastructure": "核定配套补助", "approved_on": "批准日期", "approved_subsidy": "核定补助",
    "area": "面积", "area_code": "行政区划代码", "assessed_on": "鉴定日期", "assessment_agency": "鉴定机构", "batch_id": "公示批次",
    "build_type": "建设方式", "built_annex_area": "实建附属面积", "built_main_area": "实建主体面积", "case_id": "项目",
    "case_no": "案件号", "category": "类别", "changed_on": "变更日期", "check_id": "核查", "checked_on": "核查日期",
    "cluster_site": "集中安置点", "cluster_site_households": "集中安置户数", "code": "编号", "companions": "同步搬迁人数",
    "companions_note": "同步搬迁说明", "content": "内容", "county": "县", "created_at": "创建时间", "data": "文件内容",
    "decided_on": "决定日期", "decision_id": "审核意见", "delivered_on": "交付日期", "demolition_due_on": "拆除期限",
    "department": "部门", "disability_grade": "残疾等级", "education": "文化程度", "effective_from": "起用日期", "end_on": "结束日期",
    "end_reason": "结束原因", "entered_at": "录入时间", "entered_by": "录入人", "ethnicity": "民族", "event": "事项",
    "filename": "文件名", "findings": "走访所见", "follows_house_standard": "执行危改户型标准", "from_status": "原状态",
    "happened_on": "日期", "has_medical_insurance": "参加医保", "has_pension_insurance": "参加养老保险", "helper_id": "帮扶责任人",
    "holds": "是否存在", "homestead_area": "宅基地面积", "house_type": "户型", "house_types": "户型", "household_id": "户",
    "household_size": "家庭人口", "id": "编号（内部）", "identified_year": "识别年度", "income_line": "收入标准", "inspectors": "验收人员",
    "is_aggregate": "合并统计", "is_dibao": "低保", "is_left_behind_child": "留守儿童", "is_left_behind_elder": "留守老人",
    "is_poor_village": "贫困村", "is_tekun": "特困", "item": "项目", "join_reason": "加入原因", "joined_on": "加入日期",
    "key": "设置项", "kind": "类别", "labour_ability": "劳动能力", "listen": "一听", "look_car": "一看车", "look_cause": "看致贫原因",
    "look_house": "看住房", "look_labour": "看劳力", "look_poverty": "看贫困程度", "look_school": "看读书郎", "main_area": "主体面积",
    "measure": "帮扶措施", "member_id": "家庭成员", "met": "达标", "mime": "文件类型", "mode": "方式", "name_initials": "姓名首字母",
    "name_pinyin": "姓名拼音", "needs": "需求", "net_income": "纯收入", "new_area": "新面积", "new_built_year": "新建房年份",
    "new_grade": "新等级", "new_structure": "新结构", "note": "备注", "number": "组号", "objection_id": "异议", "old_area": "原面积",
    "old_built_year": "原建房年份", "old_grade": "原等级", "old_house_state": "旧房状况", "old_house_structure": "原住房结构",
    "old_name": "原村名", "old_structure": "原结构", "on_date": "日期", "opened_by": "立案人", "over_plan_approved_by": "超规划审批人",
    "over_plan_reason": "超规划理由", "paid_on": "拨付日期", "passed": "通过", "password_params": "密码参数",
    "password_salt": "密码盐值", "per_capita_income": "人均纯收入", "person": "经办人", "phase": "期次", "place": "地点",
    "planned_households": "规划户数", "planned_income": "计划收入", "planned_persons": "规划人数", "policy_guarantee": "政策兜底",
    "post": "职务", "priority": "优先情形", "raised_by": "提出人", "raised_on": "提出日期", "rank": "顺序", "rate_id": "补助标准",
    "reason": "原因", "recorded_at": "记录时间", "recorded_by": "经办人", "result": "结果", "reviewer": "审核人",
    "reviewer_post": "审核人职务", "school_status": "在校生状况", "sha256": "校验值", "site_id": "安置点", "size_bytes": "文件大小",
    "sole_house": "唯一住房", "sort_order": "排序", "source": "来源", "standard": "识别标准", "start_on": "开始日期",
    "start_reason": "开始原因", "status_change_id": "状态变更", "surveyed_on": "走访日期", "surveyors": "走访人", "taken_on": "拍摄日期",
    "thumbnail": "缩略图", "to_household": "直补到户", "to_stage": "转入阶段", "to_status": "新状态", "township": "乡镇",
    "township_id": "乡镇", "unit": "单位", "unit_level": "单位级别", "updated_at": "更新时间", "verified_by": "核实人",
    "verified_on": "核实日期", "voucher_no": "凭证号", "willing_signed_on": "意愿书签署日期", "willing_signer": "意愿书签署人",
    "work_status": "务工状况", "year": "年度",
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
