"""The columns of a roster workbook, found by their header text (not by position).

Every field the registry holds has a Chinese label and the header texts offices use for it (the national
roster's 证件号码 / 身份证号, 劳动技能 / 劳动能力 …). A header is compared after ``header_key``: full-width
letters, digits and brackets folded (NFKC), spaces and a leading * dropped; a bracketed unit at its end
(“（元）”, “（㎡）”) is tried with and without. Columns the import does not know are reported and ignored;
columns it knows but derives itself (序号, 家庭人口, 人均纯收入) are ignored silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

HOUSEHOLD, MEMBER = "household", "member"


@dataclass(frozen=True)
class Field:
    key: str
    label: str            # the Chinese name used in messages and in the problems workbook
    kind: str             # how a cell is read: pjdesk.roster.normalise.READERS
    level: str            # HOUSEHOLD: one value per household; MEMBER: one per person
    headers: tuple[str, ...]


def _f(key, label, kind, level, *headers) -> Field:
    return Field(key, label, kind, level, (label,) + headers)


H, M = HOUSEHOLD, MEMBER
FIELDS: tuple[Field, ...] = (
    _f("county", "县", "text", H, "县(市、区)", "县市区", "所属县"),
    _f("township", "乡镇", "text", H, "乡(镇)", "乡", "镇", "乡镇(街道)", "所属乡镇"),
    _f("village", "行政村", "text", H, "村", "村名", "所在村", "村(社区)"),
    _f("group", "村民小组", "group", H, "组", "小组", "组别", "村民组"),
    _f("household_no", "户编号", "household_no", H, "户号", "贫困户编号", "家庭编号"),
    _f("head_name", "户主姓名", "text", H, "户主"),
    _f("head_id", "户主证件号码", "id_number", H, "户主身份证号", "户主身份证号码"),
    _f("name", "姓名", "text", M, "成员姓名", "家庭成员姓名"),
    _f("id_number", "证件号码", "id_number", M, "身份证号", "身份证号码", "公民身份号码", "身份证件号码"),
    _f("relation", "与户主关系", "relation", M, "与户主的关系"),
    _f("sex", "性别", "word", M),
    _f("birth_date", "出生日期", "date", M),
    _f("ethnicity", "民族", "ethnicity", M),
    _f("education", "文化程度", "education", M),
    _f("school_status", "在校生状况", "word", M, "在校状况", "在校生情况"),
    _f("health", "健康状况", "word", M),
    _f("disability_grade", "残疾等级", "word", M),
    _f("labour_ability", "劳动技能", "word", M, "劳动能力"),
    _f("work_status", "务工状况", "word", M, "务工情况"),
    _f("is_dibao", "低保", "bool", M, "低保对象", "是否低保"),
    _f("is_tekun", "特困", "bool", M, "特困人员", "是否特困"),
    _f("has_medical_insurance", "医疗保险", "bool", M, "参加医疗保险"),
    _f("has_pension_insurance", "养老保险", "bool", M, "参加养老保险"),
    _f("is_left_behind_child", "留守儿童", "bool", M),
    _f("is_left_behind_elder", "留守老人", "bool", M),
    _f("joined_on", "加入日期", "date", M),
    _f("join_reason", "加入原因", "word", M),
    _f("type", "贫困户属性", "household_type", H, "户类型", "户属性"),
    _f("standard", "识别标准", "word", H),
    _f("main_cause", "主要致贫原因", "word", H, "致贫原因"),
    _f("other_causes", "其他致贫原因", "causes", H),
    _f("phone", "联系电话", "digits", H, "电话", "手机号码", "联系方式"),
    _f("bank_name", "开户银行", "text", H, "开户行"),
    _f("bank_account", "银行账号", "digits", H, "银行卡号", "账号"),
    _f("address", "详细地址", "text", H, "家庭住址", "住址"),
    _f("identified_year", "识别年度", "year", H, "识别年份"),
    _f("exit_year", "脱贫年度", "year", H, "脱贫年份"),
    _f("planned_exit_year", "计划脱贫年度", "year", H),
    _f("status", "贫困户状态", "word", H, "脱贫状态", "状态"),
    _f("house_structure", "住房结构", "word", H),
    _f("house_area", "住房面积", "number", H, "住房面积(平方米)"),
    _f("danger_grade", "危房等级", "danger_grade", H),
    _f("house_built_year", "建房年份", "year", H, "建房年度"),
    _f("wage_income", "工资性收入", "money", H),
    _f("business_income", "生产经营性收入", "money", H),
    _f("transfer_income", "转移性收入", "money", H),
    _f("property_income", "财产性收入", "money", H),
    _f("production_cost", "生产经营支出", "money", H, "生产经营性支出"),
    _f("policy_guarantee", "政策兜底", "bool", H),
)
BY_KEY = {f.key: f for f in FIELDS}

# Known headers whose values the registry computes itself: ignored without a word.
DERIVED = ("序号", "家庭人口", "家庭人口数", "人口", "人均纯收入", "人均纯收入(元)")

_UNIT = re.compile(r"\([^()]*\)$")


def header_key(text) -> str:
    """A header as compared: NFKC (full-width → ASCII, （ → (), no spaces or asterisks."""
    if text is None:
        return ""
    key = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s*]+", "", key)


_LOOKUP: dict[str, str] = {}
for _field in FIELDS:
    for _h in _field.headers:
        _LOOKUP.setdefault(header_key(_h), _field.key)
_DERIVED = {header_key(h) for h in DERIVED}


def field_for(header) -> str | None:
    """The field key of a header text, "" for a known derived column, None for an unknown one."""
    key = header_key(header)
    if not key:
        return None
    for candidate in (key, _UNIT.sub("", key)):
        if candidate in _LOOKUP:
            return _LOOKUP[candidate]
        if candidate in _DERIVED:
            return ""
    return None


@dataclass(frozen=True)
class Header:
    """Where a sheet's header is and what each column holds."""
    row: int                           # 1-based row number of the header
    fields: dict[int, str]             # column index (0-based) → field key
    labels: dict[int, str]             # column index → the header as written
    unknown: tuple[tuple[int, str], ...]   # (column index, header) of columns not understood
    repeated: tuple[tuple[int, str], ...]  # a second column for a field already found: ignored

    @property
    def keys(self) -> set[str]:
        return set(self.fields.values())


HEADER_SCAN_ROWS = 30   # title rows above the header: how far down it is looked for


def find_header(rows: list[tuple[int, tuple]]) -> Header | None:
    """The first of ``rows`` ((row number, values)) that reads as a roster header: three columns known,
    among them 户编号 or 证件号码. None when the sheet has none (a 说明 sheet, a chart)."""
    for number, values in rows:
        fields, labels, unknown, repeated = {}, {}, [], []
        for i, value in enumerate(values):
            if value is None or str(value).strip() == "":
                continue
            key = field_for(value)
            text = " ".join(str(value).split())
            if key is None:
                unknown.append((i, text))
            elif key:
                if key in fields.values():
                    repeated.append((i, text))
                else:
                    fields[i], labels[i] = key, text
        found = set(fields.values())
        if len(found) >= 3 and found & {"household_no", "id_number"}:
            return Header(number, fields, labels, tuple(unknown), tuple(repeated))
    return None


MEMBER_SHEET, HOUSEHOLD_SHEET = "members", "households"


def sheet_kind(header: Header) -> str | None:
    """A sheet of persons (证件号码 and 姓名), a sheet of households (户编号 and 户类型 or 主要致贫原因,
    as the 贫困户 sheet of the monthly workbook), or neither (帮扶责任人, 危房改造 … : skipped)."""
    keys = header.keys
    if {"id_number", "name"} <= keys:
        return MEMBER_SHEET
    if "household_no" in keys and keys & {"type", "main_cause"}:
        return HOUSEHOLD_SHEET
    return None
