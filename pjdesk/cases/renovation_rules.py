"""危房改造 eligibility and house standards as plain checks (no database): RULES.md R3.1, R3.3, R3.5.

``check_application`` returns one ValidationError per bad field so the new-case dialog can show each
message beside its field; the service raises the first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from ..errors import ValidationError

CONCENTRATED, SCATTERED = "集中安置", "分散"
MODES = (CONCENTRATED, SCATTERED)
MODE_KEYS = {"concentrated": CONCENTRATED, "scattered": SCATTERED}
NEW_CLUSTER, REBUILD, REPAIR = "集中新建", "原地重建", "修缮加固"
BUILD_TYPES = {CONCENTRATED: (NEW_CLUSTER,), SCATTERED: (REBUILD, REPAIR)}
# Build types that pull the old house down (建新拆旧): a demolition agreement before 开工 and the
# demolition itself before 归档.
DEMOLISHING = (NEW_CLUSTER, REBUILD)
NO_HOUSE = "无房"
DILAPIDATED = ("C", "D")
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


@dataclass(frozen=True)
class HouseholdFacts:
    """What the registry says about the applying household."""

    household_no: str
    status: str
    size: int
    house_structure: str


def mode_word(text: str) -> str:
    text = (text or "").strip()
    if text in MODES:
        return text
    if text.lower() in MODE_KEYS:
        return MODE_KEYS[text.lower()]
    raise ValidationError("mode", f"改造方式“{text}”无效，可选：集中安置（concentrated）、分散（scattered）")


def check_application(a: RenovationApplication, h: HouseholdFacts | None, *,
                      today: dt.date) -> list[ValidationError]:
    errors: list[ValidationError] = []
    if not isinstance(a.applied_on, dt.date):
        errors.append(ValidationError("applied_on", "请填写申请日期"))
    elif a.applied_on > today:
        errors.append(ValidationError("applied_on", f"申请日期{a.applied_on:%Y-%m-%d}晚于今天，不能填写将来的日期"))
    errors += _check_house(a, h, today)
    errors += _check_mode_and_areas(a, h)
    errors += _check_exclusions(a)
    return errors


def _check_house(a: RenovationApplication, h: HouseholdFacts | None, today: dt.date) -> list[ValidationError]:
    """R3.1: the house is 无房 or assessed dilapidated (C or D) by a named agency on a date."""
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
    return errors


def _check_mode_and_areas(a: RenovationApplication, h: HouseholdFacts | None) -> list[ValidationError]:
    """R3.4 modes; R3.5 areas against the house type of the household's current size."""
    errors = []
    if a.mode not in MODES:
        return [ValidationError("mode", f"改造方式“{a.mode}”无效，可选：{'、'.join(MODES)}")]
    if a.build_type not in BUILD_TYPES[a.mode]:
        errors.append(ValidationError("build_type", f"{a.mode}的建设方式须为{'或'.join(BUILD_TYPES[a.mode])}"
                                                    f"（填写的是“{a.build_type or '空'}”）"))
    if a.mode == CONCENTRATED:
        if not (a.cluster_site or "").strip():
            errors.append(ValidationError("cluster_site", "集中安置须填写集居点名称"))
        n = a.cluster_site_households
        if n is None or n < CLUSTER_MIN_HOUSEHOLDS:
            errors.append(ValidationError(
                "cluster_site_households", f"集居点须安置{CLUSTER_MIN_HOUSEHOLDS}户以上"
                                           f"（填写的是{n if n is not None else '空'}户），不足的请选择分散改造"))
    if h is None or h.size < 1 or a.build_type == REPAIR:
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
