"""Checks of user input that need no database: the input and the facts a rule needs (the last status
change, the date a member joined, the current members) are passed in. Each returns a list of
ValidationError, one per bad field, so a dialog shows every message next to its field as the clerk types;
the services call the same functions and raise the first one."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from .. import idcard
from . import vocab
from ..errors import ValidationError
from ..text import LINE_MAX, limits

ETHNICITY_MAX, BANK_NAME_MAX = 10, 40     # characters the database keeps (db/models/registry.py)
PHONE_RE = re.compile(r"^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8})$")   # ASCII only: normalise with idcard.ascii_digits first


@dataclass
class MemberInput:
    name: str
    id_number: str
    relation: str
    sex: str = ""                         # optional; must agree with the ID if given
    birth_date: Optional[dt.date] = None  # optional; must agree with the ID if given
    ethnicity: str = "汉族"
    education: str = ""
    school_status: str = "非在校生"
    health: str = "健康"
    disability_grade: str = ""
    labour_ability: str = "普通劳动力"
    work_status: str = ""
    is_dibao: bool = False                # 低保对象 (R1.7 flags)
    is_tekun: bool = False                # 特困人员
    is_left_behind_child: bool = False    # 留守儿童: under 16 on the record date
    is_left_behind_elder: bool = False    # 留守老人: 60 or older on the record date
    has_medical_insurance: bool = True
    has_pension_insurance: bool = False
    joined_on: Optional[dt.date] = None
    join_reason: str = "建档"


@dataclass
class HouseholdInput:
    village: str
    group: int
    type: str
    main_cause: str
    identified_year: int
    other_causes: list[str] = field(default_factory=list)
    standard: str = "国家"
    address: str = ""
    phone: str = ""
    bank_name: str = ""
    bank_account: str = ""
    house_structure: str = ""
    house_area: Optional[float] = None
    danger_grade: str = ""
    house_built_year: Optional[int] = None
    wage_income: int = 0
    business_income: int = 0
    transfer_income: int = 0
    property_income: int = 0
    production_cost: int = 0
    planned_exit_year: Optional[int] = None
    policy_guarantee: bool = False        # 政策兜底 (R1.7)
    household_no: str = ""                # blank: the next number of the village is given
    registered_on: Optional[dt.date] = None  # 建档日期 (members join then); default today


def _choice(errors: list, field_name: str, label: str, value: str, allowed, *, required=True) -> None:
    if not value:
        if required:
            errors.append(ValidationError(field_name, f"{label}不能为空"))
        return
    if value not in allowed:
        errors.append(ValidationError(field_name, f"{label}“{value}”不在可选范围内"))


def check_member(m: MemberInput, *, today: dt.date | None = None,
                 flags_on: dt.date | None = None) -> list[ValidationError]:
    """``flags_on``: the date the 留守儿童 / 留守老人 flags were recorded (their age rule holds on that day),
    today unless given — a roster import gives the member's 加入日期 (the flags came with the record)."""
    today = today or dt.date.today()
    errors: list[ValidationError] = []
    name = (m.name or "").strip()
    if not name:
        errors.append(ValidationError("name", "姓名不能为空"))
    elif len(name) > 20 or re.search(r"[\d\s<>]", name):
        errors.append(ValidationError("name", "姓名格式不正确（不能含数字或空格，最多20个字）"))
    try:
        info = idcard.parse(m.id_number, today=today)
    except ValidationError as exc:
        errors.append(exc)
        info = None
    if info is not None:
        if m.sex and m.sex != info.sex:
            errors.append(ValidationError("sex", f"性别“{m.sex}”与身份证号不符（应为{info.sex}）"))
        if m.birth_date and m.birth_date != info.birth_date:
            errors.append(ValidationError(
                "birth_date", f"出生日期{m.birth_date:%Y-%m-%d}与身份证号不符（应为{info.birth_date:%Y-%m-%d}）"))
    elif m.birth_date and m.birth_date > today:
        errors.append(ValidationError("birth_date", "出生日期不能晚于今天"))
    _choice(errors, "relation", "与户主关系", m.relation, vocab.RELATIONS)
    _choice(errors, "school_status", "在校状况", m.school_status, vocab.SCHOOL_STATUSES)
    _choice(errors, "health", "健康状况", m.health, vocab.HEALTH_STATUSES)
    _choice(errors, "labour_ability", "劳动能力", m.labour_ability, vocab.LABOUR_ABILITIES)
    _choice(errors, "disability_grade", "残疾等级", m.disability_grade, vocab.DISABILITY_GRADES, required=False)
    _choice(errors, "education", "文化程度", m.education, vocab.EDUCATION_LEVELS, required=False)
    _choice(errors, "work_status", "务工状况", m.work_status, vocab.WORK_STATUSES, required=False)
    if m.health == "残疾" and not m.disability_grade:
        errors.append(ValidationError("disability_grade", "健康状况为残疾时须填写残疾等级"))
    elif m.health != "残疾" and m.disability_grade:
        errors.append(ValidationError("disability_grade", f"健康状况为“{m.health}”时不能填写残疾等级"))
    birth = info.birth_date if info is not None else None
    if birth is not None:
        age = age_on(birth, flags_on or today)
        if m.is_left_behind_child and age >= vocab.LEFT_BEHIND_CHILD_UNDER:
            errors.append(ValidationError(
                "is_left_behind_child", f"留守儿童须未满{vocab.LEFT_BEHIND_CHILD_UNDER}周岁（该成员{age}岁）"))
        if m.is_left_behind_elder and age < vocab.ELDERLY_FROM:
            errors.append(ValidationError(
                "is_left_behind_elder", f"留守老人须年满{vocab.ELDERLY_FROM}周岁（该成员{age}岁）"))
    if m.joined_on and m.joined_on > today:
        errors.append(ValidationError("joined_on", "加入日期不能晚于今天"))
    errors.extend(limits(("ethnicity", "民族", m.ethnicity, ETHNICITY_MAX)))
    return errors


def check_household(h: HouseholdInput, *, today: dt.date | None = None) -> list[ValidationError]:
    today = today or dt.date.today()
    errors: list[ValidationError] = []
    if not h.village:
        errors.append(ValidationError("village", "所在村不能为空"))
    if not isinstance(h.group, int) or not 1 <= h.group <= 99:
        errors.append(ValidationError("group", "村民小组应为1到99之间的数字"))
    _choice(errors, "type", "户类型", h.type, vocab.HOUSEHOLD_TYPES)
    _choice(errors, "standard", "识别标准", h.standard, vocab.STANDARDS)
    if not h.main_cause:
        errors.append(ValidationError("main_cause", "主要致贫原因为必填项"))
    else:
        _choice(errors, "main_cause", "主要致贫原因", h.main_cause, vocab.CAUSES)
    others = [c for c in h.other_causes if c]
    if len(others) > vocab.MAX_OTHER_CAUSES:
        errors.append(ValidationError("other_causes", f"其他致贫原因最多选{vocab.MAX_OTHER_CAUSES}项，当前选了{len(others)}项"))
    if h.main_cause and h.main_cause in others:
        errors.append(ValidationError("other_causes", f"其他致贫原因不能与主要致贫原因“{h.main_cause}”重复"))
    if len(set(others)) != len(others):
        errors.append(ValidationError("other_causes", "其他致贫原因有重复项"))
    for c in others:
        if c not in vocab.CAUSES:
            errors.append(ValidationError("other_causes", f"致贫原因“{c}”不在可选范围内"))
    if not 2013 <= (h.identified_year or 0) <= today.year:
        errors.append(ValidationError("identified_year", f"识别年度应在2013年到{today.year}年之间"))
    if h.registered_on is not None and h.registered_on > today:
        errors.append(ValidationError("registered_on", "建档日期不能晚于今天"))
    if h.planned_exit_year is not None and not 2014 <= h.planned_exit_year <= 2035:
        errors.append(ValidationError("planned_exit_year", "计划脱贫年度应在2014年到2035年之间"))
    if h.phone and not PHONE_RE.match(idcard.ascii_digits(h.phone.strip())):
        errors.append(ValidationError("phone", "联系电话格式不正确（11位手机号或带区号的座机）"))
    if h.bank_account and not re.fullmatch(r"[0-9]{10,25}", idcard.ascii_digits(h.bank_account.strip())):
        errors.append(ValidationError("bank_account", "银行账号应为10到25位数字"))
    errors.extend(limits(("address", "详细地址", h.address, LINE_MAX), ("bank_name", "开户银行", h.bank_name, BANK_NAME_MAX)))
    _choice(errors, "house_structure", "住房结构", h.house_structure, vocab.HOUSE_STRUCTURES, required=False)
    _choice(errors, "danger_grade", "危房等级", h.danger_grade, vocab.DANGER_GRADES, required=False)
    if h.house_area is not None and not 0 <= h.house_area <= 2000:
        errors.append(ValidationError("house_area", "住房面积应在0到2000平方米之间"))
    if h.house_built_year is not None and not 1900 <= h.house_built_year <= today.year:
        errors.append(ValidationError("house_built_year", f"建房年份应在1900年到{today.year}年之间"))
    if h.house_structure == vocab.NO_HOUSE:     # no house: nothing to measure, date or grade
        for key, label, value in (("house_area", "住房面积", h.house_area),
                                  ("house_built_year", "建房年份", h.house_built_year),
                                  ("danger_grade", "危房等级", h.danger_grade)):
            if value not in (None, ""):
                errors.append(ValidationError(key, f"住房结构为“无房”时不能填写{label}"))
    for key, label in (("wage_income", "工资性收入"), ("business_income", "生产经营性收入"),
                       ("transfer_income", "转移性收入"), ("property_income", "财产性收入"),
                       ("production_cost", "生产经营性支出")):
        value = getattr(h, key)
        if not isinstance(value, int) or value < 0 or value > 10_000_000:
            errors.append(ValidationError(key, f"{label}应为0到1000万之间的整数（元）"))
    return errors


def age_on(birth: dt.date, on: dt.date) -> int:
    """Whole years of age on ``on``."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _birth_of(m) -> Optional[dt.date]:
    """A member's birth date: recorded (``MemberDetail``, ``Member``) or read from the ID number."""
    birth = getattr(m, "birth_date", None)
    if birth is not None:
        return birth
    try:
        return idcard.parse(m.id_number).birth_date
    except ValidationError:
        return None


def type_flag_problems(household_type: str, members, on: dt.date | None = None) -> list[tuple[str, str]]:
    """R1.7, the household type against its current members' flags: (kind, message), kind "dibao" or
    "wubao". ``members``: objects with name, relation, is_dibao and birth_date or id_number."""
    on = on or dt.date.today()
    out: list[tuple[str, str]] = []
    if household_type in vocab.DIBAO_TYPES and not any(m.is_dibao for m in members):
        out.append(("dibao", f"户类型为“{household_type}”，至少应有一名家庭成员为低保对象（请勾选低保对象，或更改户类型）"))
    if household_type == vocab.WUBAO_TYPE:
        if not 1 <= len(members) <= 2:
            out.append(("wubao", f"五保户应为一至两名{vocab.ELDERLY_FROM}岁以上老人，该户有{len(members)}名成员"))
        for m in members:
            birth = _birth_of(m)
            if m.relation in vocab.CHILD_RELATIONS:
                out.append(("wubao", f"五保户应为无子女的老人，户中不能有子女（“{m.name}”为{m.relation}）"))
            elif birth is not None and age_on(birth, on) < vocab.ELDERLY_FROM:
                out.append(("wubao", f"五保户成员应年满{vocab.ELDERLY_FROM}周岁（“{m.name}”{age_on(birth, on)}岁）"))
    return out


def check_type_flags(household_type: str, members, *, today: dt.date | None = None) -> list[ValidationError]:
    """R1.7 when a household is saved: a 低保户 / 低保贫困户 has at least one 低保 member; a 五保户 is one
    or two persons aged 60 or more with no children in the household. ``members``: the current ones."""
    return [ValidationError("type", msg) for _kind, msg in type_flag_problems(household_type, members, today or dt.date.today())]


def check_member_in_household(household_type: str, others, member, *, old=None,
                              today: dt.date | None = None) -> list[ValidationError]:
    """R1.7 when one member is added, edited or leaves: what the change would break. ``others``: the
    household's other current members; ``member``: the new or edited input (None: ``old`` leaves);
    ``old``: the member as recorded (None: a new member). A problem the household had before the change
    (data recorded before the rule) is not the change's fault and does not refuse it. The 低保 message
    goes beside 低保对象, 五保户's beside 与户主关系."""
    on = today or dt.date.today()
    before = {msg for _k, msg in type_flag_problems(household_type, list(others) + ([old] if old is not None else []), on)}
    after = type_flag_problems(household_type, list(others) + ([member] if member is not None else []), on)
    fields = {"dibao": "is_dibao", "wubao": "relation"}
    return [ValidationError(fields[kind], msg) for kind, msg in after if msg not in before]


def member_flags(m) -> list[str]:
    """The flags of a member as words (低保、特困、残疾二级、留守儿童、留守老人), for lists and printouts."""
    words = []
    if m.is_dibao:
        words.append("低保")
    if getattr(m, "is_tekun", False):
        words.append("特困")
    if m.health == "残疾":
        words.append(f"残疾{m.disability_grade}")
    if getattr(m, "is_left_behind_child", False):
        words.append("留守儿童")
    if getattr(m, "is_left_behind_elder", False):
        words.append("留守老人")
    return words


def check_members_together(members: list[MemberInput]) -> list[ValidationError]:
    """Rules across the members of one household: exactly one head, no repeated ID."""
    errors: list[ValidationError] = []
    heads = [i for i, m in enumerate(members) if m.relation == vocab.HEAD]
    if not heads:
        errors.append(ValidationError("relation", "每户必须有且只有一名户主，当前没有户主"))
    elif len(heads) > 1:
        errors.append(ValidationError("relation", f"每户只能有一名户主，当前有{len(heads)}名", row=heads[1]))
    seen: dict[str, int] = {}
    for i, m in enumerate(members):
        number = idcard.normalise(m.id_number)
        if number in seen:
            errors.append(ValidationError("id_number", f"第{i + 1}行身份证号与第{seen[number] + 1}行重复", row=i))
        seen.setdefault(number, i)
    return errors


def check_new_member(m: MemberInput, *, household_ids: set[str] = frozenset(),
                     today: dt.date | None = None) -> list[ValidationError]:
    """A member about to join a household whose other members hold ``household_ids`` (normalised ID
    numbers; the new-household wizard collects them before anything is saved)."""
    errors = check_member(m, today=today)
    if household_ids and idcard.normalise(m.id_number) in household_ids:
        errors.append(ValidationError("id_number", "该身份证号已填写给本户另一名成员"))
    return errors


REASON_MAX = 500   # characters of a status change's reason
CLOSED_NO_EDIT = "已销户的户不能再修改"


def check_status_value(status: str) -> list[ValidationError]:
    """A status of the list (未脱贫、预脱贫、已脱贫、返贫、已销户)."""
    return [] if status in vocab.STATUSES else [ValidationError("status", f"状态“{status}”无效")]


def id_taken_error(number: str, household_no: str, name: str) -> ValidationError:
    """An ID number belongs to at most one current member: the refusal naming who holds it."""
    return ValidationError("id_number", f"身份证号{number}已被户编号{household_no}的成员“{name}”使用，"
                                        "同一身份证号只能属于一名在册成员")


def head_change_error() -> ValidationError:
    """A member becomes or stops being the head only through 变更户主."""
    return ValidationError("relation", "户主的变更请用“变更户主”")


def check_status_change(to_status: str, on: dt.date, reason: str, *, today: dt.date | None = None,
                        last_changed_on: dt.date | None = None) -> list[ValidationError]:
    """标记预脱贫 / 确认脱贫 / 返贫 / 销户 …: a known status, a reason, a date not in the future and, given
    the household's last status change, not before it (R1.2, R1.4)."""
    today = today or dt.date.today()
    errors: list[ValidationError] = []
    errors.extend(check_status_value(to_status))
    if not (reason or "").strip():
        errors.append(ValidationError("reason", "请填写状态变更原因"))
    elif len(reason.strip()) > REASON_MAX:
        errors.append(ValidationError("reason", f"状态变更原因最多{REASON_MAX}字（现有{len(reason.strip())}字）"))
    if on > today:
        errors.append(ValidationError("changed_on", "变更日期不能晚于今天"))
    elif last_changed_on is not None and on < last_changed_on:
        errors.append(ValidationError("changed_on", f"变更日期不能早于上一次状态变更日期{last_changed_on:%Y-%m-%d}"))
    return errors


def check_member_leaves(left_on: dt.date, reason: str, *, today: dt.date | None = None,
                        joined_on: dt.date | None = None) -> list[ValidationError]:
    """A member leaves (death, marriage, move …): a listed reason, a date not in the future and, given
    the member's ``joined_on``, not before it."""
    today = today or dt.date.today()
    errors: list[ValidationError] = []
    if reason not in vocab.LEAVE_REASONS:
        errors.append(ValidationError("leave_reason", f"请选择减少原因（{'、'.join(vocab.LEAVE_REASONS)}）"))
    if left_on > today:
        errors.append(ValidationError("left_on", "减少日期不能晚于今天"))
    elif joined_on is not None and left_on < joined_on:
        errors.append(ValidationError("left_on", f"减少日期不能早于加入日期{joined_on:%Y-%m-%d}"))
    return errors


def check_head_change(new_head_id: int | None, old_head_relation: str, current_members) -> list[ValidationError]:
    """变更户主: the new head is one of ``current_members`` (objects with id, name, relation) and not the
    head already; the old head takes another relation."""
    errors: list[ValidationError] = []
    if old_head_relation == vocab.HEAD or old_head_relation not in vocab.RELATIONS:
        errors.append(ValidationError("relation", "请选择原户主与新户主的关系"))
    if new_head_id is None:
        errors.append(ValidationError("member", "请选择新户主"))
    else:
        new = next((m for m in current_members if m.id == new_head_id), None)
        if new is None:
            errors.append(ValidationError("member", "新户主必须是本户的在册成员"))
        elif new.relation == vocab.HEAD:
            errors.append(ValidationError("member", f"“{new.name}”已是户主"))
    return errors
