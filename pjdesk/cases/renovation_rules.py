"""危房改造 eligibility and house standards as plain checks (no database): RULES.md R3.1, R3.3, R3.5.

``check_application`` returns one ValidationError per bad field so the new-case dialog can show each
message beside its field; the service raises the first.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Optional

from ..errors import ValidationError
from ..text import NOTE_MAX, OPINION_MAX, PLACE_MAX, limits

CONCENTRATED, SCATTERED = "集中安置", "分散"
MODES = (CONCENTRATED, SCATTERED)
MODE_KEYS = {"concentrated": CONCENTRATED, "scattered": SCATTERED}
NEW_CLUSTER, REBUILD, REPAIR, NEW_SCATTERED = "集中新建", "原地重建", "修缮加固", "分散新建"
BUILD_TYPES = {CONCENTRATED: (NEW_CLUSTER,), SCATTERED: (REBUILD, REPAIR, NEW_SCATTERED)}
# Build types that pull the old house down (建新拆旧): a demolition agreement before 开工 and the
# demolition itself before 归档 — for a household that has a house (see ``demolition_required``).
DEMOLISHING = (NEW_CLUSTER, REBUILD)
NO_HOUSE = "无房"
DILAPIDATED = ("C", "D")
# A 无房 household has nothing to rebuild in place or repair: it builds new (集中新建 at a cluster site, or
# 分散新建 on its own homestead); 分散新建 is for 无房 households only (a household with a house rebuilds it).
NEW_BUILDS = (NEW_CLUSTER, NEW_SCATTERED)
# GLOSSARY 危房 C级/D级: D = the whole house is dangerous and is rebuilt; C = partly dangerous, repaired.
WHOLE_HOUSE_DANGER = "D"


def build_types_for(mode: str, house_structure: str = "", danger_grade: str = "") -> tuple[str, ...]:
    """The build types a household may choose in ``mode``: 无房 → new builds only; a D-grade house → no
    修缮加固; any other house → 原地重建 or 修缮加固 (分散) / 集中新建 (集中安置)."""
    allowed = BUILD_TYPES.get(mode, ())
    if house_structure == NO_HOUSE:
        return tuple(b for b in allowed if b in NEW_BUILDS)
    out = tuple(b for b in allowed if b != NEW_SCATTERED)
    if (danger_grade or "").strip().upper() == WHOLE_HOUSE_DANGER:
        out = tuple(b for b in out if b != REPAIR)
    return out


def demolition_required(build_type: str, house_structure: str) -> bool:
    """建新拆旧: a demolition agreement and the demolition are asked for only where an old house exists."""
    return build_type in DEMOLISHING and house_structure != NO_HOUSE


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` plus ``months`` calendar months (the 31st of a short month becomes its last day)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)
CLUSTER_MIN_HOUSEHOLDS = 10   # R3.5: a 集居点 is 10 households or more

# R3.3 (seed L1264–1271): any that holds makes the household ineligible.
EXCLUSIONS: tuple[tuple[int, str], ...] = (
    (1, "没有认定为建档立卡贫困户"),
    (2, "拥有两套及以上住房，或存在人为拆户行为"),
    (3, "识别不准，重新甄别后被剔除"),
    (4, "公示后群众有异议，经核实不符合精准扶贫对象条件"),
    (5, "房产部门鉴定为非危房"),
    (6, "不同意拆除旧房"),
    (7, "子女有住房"),
)
EXCLUSION_TEXT = dict(EXCLUSIONS)


@dataclass(frozen=True)
class HouseStandard:
    """R3.5 (seed L1276–1280): the county design for a household of this size."""

    house_type: int          # main-house floor area, ㎡
    annex_max: float
    homestead_max: float


STANDARD_3_PLUS = HouseStandard(60, 10, 100)
STANDARD_1_2 = HouseStandard(35, 10, 55)


def house_standard(size: int) -> HouseStandard:
    """3 persons or more → 60㎡ type; 1–2 persons → 35㎡ type (R3.5)."""
    if size < 1:
        raise ValidationError("household_size", "该户没有在册成员，无法确定户型")
    return STANDARD_3_PLUS if size >= 3 else STANDARD_1_2


@dataclass
class ExclusionAnswer:
    holds: Optional[bool]    # None: not answered
    note: str = ""


@dataclass
class RenovationApplication:
    household_no: str
    applied_on: dt.date
    mode: str = SCATTERED
    build_type: str = REBUILD
    main_area: Optional[float] = None
    annex_area: Optional[float] = None
    homestead_area: Optional[float] = None
    cluster_site: str = ""
    cluster_site_households: Optional[int] = None
    danger_grade: str = ""               # the assessment's grade (C / D); blank for a household with no house
    assessment_agency: str = ""
    assessed_on: Optional[dt.date] = None
    exclusions: dict[int, ExclusionAnswer] = field(default_factory=dict)
    note: str = ""


AREA_MAX = 1000   # ㎡: no area typed for a rural house is larger (a bound for nan, inf and typing slips)


@dataclass(frozen=True)
class HouseholdFacts:
    """What the registry says about the applying household."""

    household_no: str
    status: str
    size: int
    house_structure: str
    danger_grade: str = ""       # as recorded in the registry (A–D, "" unknown)


def mode_word(text: str) -> str:
    text = (text or "").strip()
    if text in MODES:
        return text
    if text.lower() in MODE_KEYS:
        return MODE_KEYS[text.lower()]
    raise ValidationError("mode", f"改造方式“{text}”无效，可选：集中安置（concentrated）、分散（scattered）")


def check_application(a: RenovationApplication, h: HouseholdFacts | None, *,
                      today: dt.date, max_assessment_months: int = 12) -> list[ValidationError]:
    """Every bad field. ``max_assessment_months``: the setting assessment_max_age_months — an assessment
    older than that on the application date is refused."""
    errors: list[ValidationError] = []
    if not isinstance(a.applied_on, dt.date):
        errors.append(ValidationError("applied_on", "请填写申请日期"))
    elif a.applied_on > today:
        errors.append(ValidationError("applied_on", f"申请日期{a.applied_on:%Y-%m-%d}晚于今天，不能填写将来的日期"))
    errors += _check_house(a, h, today, max_assessment_months)
    errors += _check_mode_and_areas(a, h)
    errors += _check_exclusions(a)
    errors += limits(("note", "申请事由", a.note, OPINION_MAX),
                     ("assessment_agency", "鉴定机构", a.assessment_agency, PLACE_MAX),
                     ("cluster_site", "集居点", a.cluster_site, PLACE_MAX),
                     *((f"exclusion_{code}", f"排除条件{code}的说明", ans.note, NOTE_MAX)
                       for code, ans in sorted(a.exclusions.items())))
    return errors


def _check_house(a: RenovationApplication, h: HouseholdFacts | None, today: dt.date,
                 max_months: int) -> list[ValidationError]:
    """R3.1: the house is 无房 or assessed dilapidated (C or D) by a named agency on a date no older than
    ``max_months`` at application."""
    if h is not None and h.house_structure == NO_HOUSE:
        return []
    errors = []
    grade = (a.danger_grade or "").strip().upper()
    if grade not in ("A", "B", "C", "D"):
        errors.append(ValidationError("danger_grade", "请填写房屋危险等级鉴定结果（C级或D级；无房户在户籍中登记为“无房”）"))
    elif grade not in DILAPIDATED:
        errors.append(ValidationError(
            "danger_grade", f"房屋经鉴定为{grade}级，不属于危房（C级、D级），不符合危房改造条件"
                            f"（排除条件5：{EXCLUSION_TEXT[5]}）"))
    if not (a.assessment_agency or "").strip():
        errors.append(ValidationError("assessment_agency", "请填写鉴定机构（房屋危险等级须由房产部门鉴定）"))
    if not isinstance(a.assessed_on, dt.date):
        errors.append(ValidationError("assessed_on", "请填写鉴定日期"))
    elif a.assessed_on > today or (isinstance(a.applied_on, dt.date) and a.assessed_on > a.applied_on):
        errors.append(ValidationError("assessed_on", f"鉴定日期{a.assessed_on:%Y-%m-%d}不能晚于申请日期和今天"))
    elif isinstance(a.applied_on, dt.date) and add_months(a.assessed_on, max_months) < a.applied_on:
        errors.append(ValidationError(
            "assessed_on", f"危房鉴定日期{a.assessed_on:%Y-%m-%d}距申请日期{a.applied_on:%Y-%m-%d}已超过{max_months}个月，"
                           "鉴定已过期，请由房产部门重新鉴定后再申请"))
    return errors


def _check_mode_and_areas(a: RenovationApplication, h: HouseholdFacts | None) -> list[ValidationError]:
    """R3.4 modes; R3.5 areas against the house type of the household's current size."""
    errors = []
    if a.mode not in MODES:
        return [ValidationError("mode", f"改造方式“{a.mode}”无效，可选：{'、'.join(MODES)}")]
    grade = (a.danger_grade or "").strip().upper()
    if a.build_type not in BUILD_TYPES[a.mode]:
        errors.append(ValidationError("build_type", f"{a.mode}的建设方式须为{'或'.join(BUILD_TYPES[a.mode])}"
                                                    f"（填写的是“{a.build_type or '空'}”）"))
    elif h is not None and h.house_structure == NO_HOUSE and a.build_type not in NEW_BUILDS:
        errors.append(ValidationError(
            "build_type", f"该户登记为无房户，没有旧房可{a.build_type}，建设方式只能为新建"
                          f"（集中安置：{NEW_CLUSTER}；分散：{NEW_SCATTERED}）"))
    elif h is not None and h.house_structure != NO_HOUSE and a.build_type == NEW_SCATTERED:
        errors.append(ValidationError(
            "build_type", f"{NEW_SCATTERED}只适用于无房户；该户有住房（{h.house_structure or '未登记结构'}），"
                          f"分散改造请选择{REBUILD}或{REPAIR}"))
    elif a.build_type == REPAIR and grade == WHOLE_HOUSE_DANGER:
        errors.append(ValidationError(
            "build_type", "房屋鉴定为D级危房（整体危险），须拆除重建，不能修缮加固；"
                          f"请选择{REBUILD}或集中安置（C级危房局部危险，才可修缮加固）"))
    elif a.build_type == REPAIR and h is not None and h.danger_grade == WHOLE_HOUSE_DANGER:
        errors.append(ValidationError(
            "build_type", "该户台账登记为D级危房（整体危险），须拆除重建，不能修缮加固；如房屋已重新鉴定为C级，"
                          "请先在户信息“住房”页更正危房等级"))
    for key, label, value in (("main_area", "正房建筑面积", a.main_area), ("annex_area", "附屋面积", a.annex_area),
                              ("homestead_area", "宅基占地面积", a.homestead_area)):
        if value is not None and not (isinstance(value, (int, float)) and math.isfinite(value)
                                      and 0 <= value <= AREA_MAX):
            errors.append(ValidationError(key, f"{label}“{value}”应为0至{AREA_MAX}㎡之间的数"))
    if any(e.field in ("main_area", "annex_area", "homestead_area") for e in errors):
        return errors
    if a.mode == CONCENTRATED:
        if not (a.cluster_site or "").strip():
            errors.append(ValidationError("cluster_site", "集中安置须填写集居点名称"))
        n = a.cluster_site_households
        if n is None or n < CLUSTER_MIN_HOUSEHOLDS:
            errors.append(ValidationError(
                "cluster_site_households", f"集居点须安置{CLUSTER_MIN_HOUSEHOLDS}户以上"
                                           f"（填写的是{n if n is not None else '空'}户），不足的请选择分散改造"))
    if h is None or h.size < 1 or a.build_type == REPAIR:     # a repair builds nothing new: no house type
        return errors
    std = house_standard(h.size)
    label = f"{h.size}人户执行{std.house_type}㎡户型"
    if a.main_area is None or a.main_area <= 0:
        errors.append(ValidationError("main_area", f"请填写正房建筑面积（{label}，不超过{std.house_type}㎡）"))
    elif a.main_area > std.house_type:
        errors.append(ValidationError("main_area", f"正房建筑面积{a.main_area:g}㎡超过户型标准：{label}，"
                                                   f"不超过{std.house_type}㎡"))
    if a.annex_area is not None and (a.annex_area < 0 or a.annex_area > std.annex_max):
        errors.append(ValidationError("annex_area", f"附屋面积{a.annex_area:g}㎡超过标准：不超过{std.annex_max:g}㎡"))
    if a.homestead_area is None or a.homestead_area <= 0:
        errors.append(ValidationError("homestead_area", f"请填写宅基占地面积（{label}，不超过{std.homestead_max:g}㎡）"))
    elif a.homestead_area > std.homestead_max:
        errors.append(ValidationError("homestead_area", f"宅基占地面积{a.homestead_area:g}㎡超过标准：{label}，"
                                                        f"宅基占地不超过{std.homestead_max:g}㎡"))
    return errors


def _check_exclusions(a: RenovationApplication) -> list[ValidationError]:
    """R3.3: every one of the seven conditions answered with a note; any that holds refuses."""
    errors = []
    for code, text in EXCLUSIONS:
        ans = a.exclusions.get(code)
        if ans is None or ans.holds is None:
            errors.append(ValidationError(f"exclusion_{code}", f"排除条件{code}“{text}”尚未答复"))
        elif not (ans.note or "").strip():
            errors.append(ValidationError(f"exclusion_{code}", f"排除条件{code}“{text}”须填写说明"))
        elif ans.holds:
            errors.append(ValidationError(
                f"exclusion_{code}", f"该户符合排除条件{code}“{text}”（说明：{ans.note.strip()}），"
                                     "不符合危房改造条件，不能申请"))
    return errors
