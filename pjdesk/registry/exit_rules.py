"""The exit standard 两不愁三保障 (RULES.md R1.5) as pure rules: no database.

Marking a household 预脱贫 or 已脱贫 records a checklist of five items, in this order — 不愁吃, 不愁穿,
义务教育有保障, 基本医疗有保障, 住房安全有保障 — each 达标 or 未达标 with a note. Three items are facts the
registry already knows, so they are checked, not typed:

- 住房安全有保障 fails while the house is a C/D-grade 危房 or the household has no house (无房), unless a
  renovation (or relocation) case of the household has passed 竣工验收 (``ExitFacts.housing_case``);
- 义务教育有保障 fails while a current member aged 6–15 on the check date is 非在校生 (辍学);
- 基本医疗有保障 fails while a current member has no 城乡居民医保.

A typed 达标 on an item the facts fail is refused with the reason (the member's name, the house grade…).
The per-capita net income of the year is the household's net income over its current size; when the
county set an income line for that year (settings ``exit_income_lines``, RULES.md §13) a lower income is
refused. Every check returns ``ValidationError``s whose field is the item's key (``ITEM_KEYS``) or
``income`` / ``checklist``, so a dialog shows each beside its item.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass
from typing import Any, Optional

from ..errors import ValidationError

FOOD, CLOTHING, EDUCATION, MEDICAL, HOUSING = ITEMS = (
    "不愁吃", "不愁穿", "义务教育有保障", "基本医疗有保障", "住房安全有保障")
ITEM_KEYS: dict[str, str] = {FOOD: "food", CLOTHING: "clothing", EDUCATION: "education", MEDICAL: "medical",
                             HOUSING: "housing"}
MET, NOT_MET = "达标", "未达标"
RESULTS = (MET, NOT_MET)
NOTE_MAX = 200                 # characters of a note
SCHOOL_AGE = (6, 15)           # 义务教育: aged 6 to 15 on the check date, both included
OUT_OF_SCHOOL = "非在校生"
UNSAFE_GRADES = ("C", "D")
NO_HOUSE = "无房"
EXIT_STATUSES = ("预脱贫", "已脱贫")   # the status changes that need a checklist


@dataclass(frozen=True)
class ChecklistItem:
    item: str          # one of ITEMS
    met: bool          # 达标 / 未达标
    note: str = ""

    @property
    def result(self) -> str:
        return MET if self.met else NOT_MET


@dataclass(frozen=True)
class MemberFacts:
    name: str
    birth_date: dt.date
    school_status: str
    has_medical_insurance: bool


@dataclass(frozen=True)
class ExitFacts:
    """What the registry knows about a household on the check date (current members only)."""
    checked_on: dt.date
    members: tuple[MemberFacts, ...]
    house_structure: str
    danger_grade: str
    housing_case: str              # case number of a renovation/relocation past 竣工验收, "" when none
    net_income: int                # yuan, the household's, from its income fields
    income_line: Optional[int]     # yuan per person of the check year, None when the county set none
    open_case: str = ""            # a renovation/relocation case still in progress on the date, "" when none

    @property
    def year(self) -> int:
        return self.checked_on.year

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def per_capita_income(self) -> Optional[float]:
        return round(self.net_income / self.size, 2) if self.size else None


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def house_words(structure: str, grade: str) -> str:
    """“无房” / “D级危房（土木）” / “砖混，A级”."""
    if structure == NO_HOUSE:
        return "无房"
    if grade in UNSAFE_GRADES:
        return f"{grade}级危房" + (f"（{structure}）" if structure else "")
    return "，".join(x for x in (structure, f"{grade}级" if grade else "") if x) or "未登记"


def fact_failures(f: ExitFacts) -> dict[str, str]:
    """item → why the facts fail it (items the facts do not fail are absent)."""
    out: dict[str, str] = {}
    unsafe = f.house_structure == NO_HOUSE or f.danger_grade in UNSAFE_GRADES
    if unsafe and not f.housing_case:
        out[HOUSING] = (f"住房为{house_words(f.house_structure, f.danger_grade)}，"
                        "且该户没有通过竣工验收的危房改造或易地搬迁案件")
    elif f.open_case:
        out[HOUSING] = f"该户的危房改造/搬迁案件{f.open_case}正在办理，竣工验收合格前住房安全不能认定达标"
    low, high = SCHOOL_AGE
    dropped = [m for m in f.members if low <= age_on(m.birth_date, f.checked_on) <= high
               and m.school_status == OUT_OF_SCHOOL]
    if dropped:
        who = "、".join(f"{m.name}（{age_on(m.birth_date, f.checked_on)}岁）" for m in dropped)
        out[EDUCATION] = f"义务教育阶段的家庭成员{who}为非在校生（辍学）"
    uninsured = [m.name for m in f.members if not m.has_medical_insurance]
    if uninsured:
        out[MEDICAL] = f"家庭成员{'、'.join(uninsured)}未参加城乡居民医保"
    return out


def fact_notes(f: ExitFacts) -> dict[str, str]:
    """A note for each checked item: the failure's reason, or what the facts show when it holds."""
    failures = fact_failures(f)
    low, high = SCHOOL_AGE
    pupils = [m for m in f.members if low <= age_on(m.birth_date, f.checked_on) <= high]
    housing = (f"住房{house_words(f.house_structure, f.danger_grade)}"
               + (f"，危房改造/搬迁案件{f.housing_case}已通过竣工验收" if f.housing_case else ""))
    holds = {
        EDUCATION: f"义务教育阶段成员{len(pupils)}人均在校" if pupils else "无义务教育阶段（6–15岁）成员",
        MEDICAL: f"{f.size}名成员均参加城乡居民医保",
        HOUSING: housing,
    }
    return {item: failures.get(item, holds[item]) for item in (EDUCATION, MEDICAL, HOUSING)}


def prefill(f: ExitFacts) -> list[ChecklistItem]:
    """The checklist as the facts give it: a failing fact is 未达标 with its reason, the rest 达标."""
    failures, notes = fact_failures(f), fact_notes(f)
    return [ChecklistItem(item, item not in failures, notes.get(item, "")) for item in ITEMS]


def passing_items(f: ExitFacts | None = None, note: str = "经入户核查达标") -> list[ChecklistItem]:
    """An all-达标 checklist (for demos and tests; the facts' notes when given)."""
    notes = fact_notes(f) if f is not None else {}
    return [ChecklistItem(item, True, notes.get(item, note)) for item in ITEMS]


def _status_words(to_status: str) -> str:
    return f"不能标记为“{to_status}”" if to_status else "不能脱贫"


def check_exit_checklist(items: list[ChecklistItem] | None, facts: ExitFacts, *,
                         to_status: str = "") -> list[ValidationError]:
    """Every problem of the checklist against the facts: a missing checklist or item, an item typed or
    found 未达标, a typed 达标 the facts contradict, a note too long, an income below the year's line."""
    cannot = _status_words(to_status)
    if not items:
        return [ValidationError("checklist", f"须填写“两不愁三保障”核查表（{'、'.join(ITEMS)}五项），{cannot}")]
    errors: list[ValidationError] = []
    by_item: dict[str, ChecklistItem] = {}
    for it in items:
        if it.item not in ITEMS:
            errors.append(ValidationError("checklist", f"核查项目“{str(it.item)[:20]}”无效，应为：{'、'.join(ITEMS)}"))
        elif it.item in by_item:
            errors.append(ValidationError(ITEM_KEYS[it.item], f"核查项目“{it.item}”重复"))
        else:
            by_item[it.item] = it
    failures = fact_failures(facts)
    for item in ITEMS:
        key = ITEM_KEYS[item]
        it = by_item.get(item)
        if it is None:
            errors.append(ValidationError(key, f"核查表缺少“{item}”一项，{cannot}"))
            continue
        if len(it.note or "") > NOTE_MAX:
            errors.append(ValidationError(key, f"“{item}”的说明最多{NOTE_MAX}字（现有{len(it.note)}字）"))
        elif item in failures and it.met:
            errors.append(ValidationError(key, f"“{item}”不能填“达标”：{failures[item]}"))
        elif item in failures:
            errors.append(ValidationError(key, f"“{item}”未达标：{failures[item]}，{cannot}"))
        elif not it.met:
            why = (it.note or "").strip()
            errors.append(ValidationError(key, f"“{item}”未达标{'：' + why if why else ''}，{cannot}"))
    errors += check_income(facts, to_status=to_status)
    return errors


def check_income(facts: ExitFacts, *, to_status: str = "") -> list[ValidationError]:
    cannot = _status_words(to_status)
    per_capita = facts.per_capita_income
    if per_capita is None:
        return [ValidationError("income", f"该户没有在册成员，无法计算人均纯收入，{cannot}")]
    if facts.income_line is not None and per_capita < facts.income_line:
        return [ValidationError("income", f"{facts.year}年人均纯收入{per_capita:,.2f}元，低于当年脱贫收入标准"
                                          f"{facts.income_line}元/人/年，{cannot}")]
    return []


def income_summary(f: ExitFacts) -> str:
    """“2026年家庭纯收入12,000元，3人，人均4,000.00元；脱贫收入标准：3146元/人/年” (shown, not a refusal)."""
    line = f"{f.income_line}元/人/年" if f.income_line is not None else "未设置（规划未规定收入标准）"
    per = f"人均{f.per_capita_income:,.2f}元" if f.per_capita_income is not None else "无在册成员"
    return f"{f.year}年家庭纯收入{f.net_income:,}元，{f.size}人，{per}；{f.year}年脱贫收入标准：{line}"


# ---------------------------------------------------------------- typed input (CLI file, scripts)

def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else ""


def parse_checklist(data: Any, *, where: str = "核查表") -> list[ChecklistItem]:
    """Items from ``{"不愁吃": {"result": "达标", "note": "…"}, …}`` (the CLI's JSON file). A malformed
    entry raises ValidationError naming it; the rules themselves are ``check_exit_checklist``'s."""
    if not isinstance(data, dict) or not data:
        raise ValidationError("checklist", f"{where}须为JSON对象，按项目列出结果，例如 "
                                           "{\"不愁吃\": {\"result\": \"达标\", \"note\": \"…\"}, …}")
    out: list[ChecklistItem] = []
    for raw_item, entry in data.items():
        item = _text(raw_item)
        if item not in ITEMS:
            raise ValidationError("checklist", f"{where}中的项目“{str(raw_item)[:20]}”无效，应为：{'、'.join(ITEMS)}")
        if not isinstance(entry, dict):
            raise ValidationError(ITEM_KEYS[item], f"{where}中“{item}”应为 {{\"result\": \"达标\"或\"未达标\", "
                                                   "\"note\": \"说明\"}}")
        result = _text(entry.get("result"))
        if result not in RESULTS:
            shown = str(entry.get("result"))[:20]
            raise ValidationError(ITEM_KEYS[item], f"{where}中“{item}”的结果“{shown}”无效，应为“达标”或“未达标”")
        note = entry.get("note", "")
        if note is None or (isinstance(note, float) and math.isnan(note)):
            note = ""
        if not isinstance(note, str):
            raise ValidationError(ITEM_KEYS[item], f"{where}中“{item}”的说明应为文字")
        out.append(ChecklistItem(item, result == MET, note.strip()))
    return out


def checklist_as_json(items: list[ChecklistItem]) -> dict:
    """The inverse of ``parse_checklist``."""
    return {it.item: {"result": it.result, "note": it.note} for it in items}
