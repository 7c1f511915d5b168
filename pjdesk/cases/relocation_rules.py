"""易地扶贫搬迁 eligibility and allocation as plain checks (no database): RULES.md R4.1–R4.3.

``check_application`` returns one ValidationError per bad field (a dialog shows each beside its field);
the service raises the first. The facts the checks need from the database (the household, the site and
its occupancy, the members already moving in another case) are handed in as plain values.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Optional

from ..errors import ValidationError
from .renovation_rules import NO_HOUSE, house_standard

ADOBE = "土坯"
ELIGIBLE_HOUSES = (NO_HOUSE, ADOBE)                 # R4.1: 无房户, or the only house is of adobe
SITE_KINDS = ("中心城区", "集镇", "村级")             # R4.3
SITE_STATUSES = ("规划", "在建", "已交付")
AREA_MAX = 300.0          # ㎡: no resettlement flat is larger (bound for nan, inf and typing slips)
COMPANIONS_MAX = 50       # 同步搬迁 persons
TEXT_MAX = 500            # a note, a reason
NAME_MAX = 40             # a person's name or post


@dataclass(frozen=True)
class HouseholdFacts:
    household_no: str
    status: str
    house_structure: str
    member_ids: tuple[int, ...]          # current members


@dataclass(frozen=True)
class SiteFacts:
    code: str
    name: str
    planned_households: int
    allocated_households: int            # cases holding a unit there now (not refused)
    house_types: tuple[float, ...] = ()  # areas offered per unit; () = any
    follows_house_standard: bool = False


@dataclass
class RelocationApplication:
    household_no: str
    applied_on: dt.date
    site: str                             # site code or name
    unit: str = ""
    area: Optional[float] = None
    movers: list[int] = field(default_factory=list)    # member ids; empty = every current member
    sole_house: Optional[bool] = None     # for an adobe house: it is the household's only house
    willing_signed_on: Optional[dt.date] = None
    willing_signer: str = ""
    companions: int = 0
    companions_note: str = ""
    priority: str = ""
    over_plan_reason: str = ""
    over_plan_approved_by: str = ""
    note: str = ""


def check_eligibility(a: RelocationApplication, h: HouseholdFacts) -> list[ValidationError]:
    """R4.1: houseless, or the only house is adobe. (建档立卡 and not 已销户 are checked for every kind.)"""
    if h.house_structure == NO_HOUSE:
        return []
    if h.house_structure != ADOBE:
        return [ValidationError("house_structure", f"户编号{h.household_no}的住房为{h.house_structure or '未登记结构'}结构，"
                                                   "易地扶贫搬迁对象须为无房户或仅有一套土坯结构住房的建档立卡贫困户")]
    if a.sole_house is not True:
        return [ValidationError("sole_house", "请确认该户仅有唯一一套住房且为土坯结构；"
                                              "另有住房的不符合易地扶贫搬迁条件")]
    return []


def check_willingness(a: RelocationApplication, today: dt.date) -> list[ValidationError]:
    """R4.2: the signed willingness (搬迁意愿书) with its date, no later than the application."""
    errors = []
    if not isinstance(a.willing_signed_on, dt.date):
        errors.append(ValidationError("willing_signed_on", "请填写搬迁意愿书的签字日期：易地扶贫搬迁坚持群众自愿，"
                                                           "未签署搬迁意愿书的不能申请"))
    elif a.willing_signed_on > today or (isinstance(a.applied_on, dt.date) and a.willing_signed_on > a.applied_on):
        errors.append(ValidationError("willing_signed_on", f"搬迁意愿书签字日期{a.willing_signed_on:%Y-%m-%d}不能晚于申请日期和今天"))
    if not (a.willing_signer or "").strip():
        errors.append(ValidationError("willing_signer", "请填写在搬迁意愿书上签字的人"))
    elif len(a.willing_signer.strip()) > NAME_MAX:
        errors.append(ValidationError("willing_signer", f"签字人不超过{NAME_MAX}个字"))
    if not isinstance(a.companions, int) or isinstance(a.companions, bool) or not 0 <= a.companions <= COMPANIONS_MAX:
        errors.append(ValidationError("companions", f"同步搬迁人数须为0至{COMPANIONS_MAX}的整数"))
    elif a.companions and not (a.companions_note or "").strip():
        errors.append(ValidationError("companions_note", "有同步搬迁人员的，请写明同步搬迁人员（姓名、与户主关系）"))
    return errors


def check_allocation(a: RelocationApplication, h: HouseholdFacts, site: SiteFacts | None, *,
                     area_per_person: int, moving_elsewhere: dict[int, str]) -> list[ValidationError]:
    """Site, unit, area and the moving members. ``moving_elsewhere``: member id → the case number of
    another relocation case (not refused) the member already moves with."""
    errors: list[ValidationError] = []
    if site is None:
        return [ValidationError("site", f"安置点“{(a.site or '').strip()[:40]}”不存在，请先在安置点名册中登记")]
    if not (a.unit or "").strip():
        errors.append(ValidationError("unit", "请填写分配的安置房房号（如 3栋502）"))
    elif len(a.unit.strip()) > 40:
        errors.append(ValidationError("unit", "房号不超过40个字"))
    movers = list(a.movers) or list(h.member_ids)
    seen: set[int] = set()
    for mid in movers:
        if mid in seen:
            errors.append(ValidationError("movers", "同一成员在搬迁人员中出现两次：每名成员只能搬迁一次"))
            break
        seen.add(mid)
    strangers = [m for m in movers if m not in h.member_ids]
    if strangers:
        errors.append(ValidationError("movers", "搬迁人员须为该户在册成员"))
    twice = sorted({moving_elsewhere[m] for m in movers if m in moving_elsewhere})
    if twice:
        errors.append(ValidationError("movers", f"有成员已在易地搬迁案件{'、'.join(twice)}中安排搬迁，每名成员只能搬迁一次"))
    if not movers:
        errors.append(ValidationError("movers", "该户没有在册成员，无法安排搬迁"))
    persons = len(seen) + (a.companions if isinstance(a.companions, int) and not isinstance(a.companions, bool) else 0)
    area = a.area
    if area is None or not (isinstance(area, (int, float)) and not isinstance(area, bool) and math.isfinite(area)
                            and 0 < area <= AREA_MAX):
        errors.append(ValidationError("area", f"安置住房面积“{area if area is not None else '空'}”应为0至{AREA_MAX:g}㎡之间的数"))
    elif persons:
        limit = area_per_person * persons
        if area > limit:
            errors.append(ValidationError("area", f"安置住房面积{area:g}㎡超过标准：人均不超过{area_per_person}㎡"
                                                  f"（{persons}人，最多{limit}㎡；发改地区〔2015〕2769号）"))
        elif site.house_types and not any(abs(area - t) < 0.01 for t in site.house_types):
            offered = "、".join(f"{t:g}㎡" for t in site.house_types)
            errors.append(ValidationError("area", f"{site.name}提供的户型为{offered}，填写的{area:g}㎡不是其中之一"))
        elif site.follows_house_standard:
            std = house_standard(persons)
            if area > std.house_type:
                errors.append(ValidationError("area", f"{site.name}执行危房改造户型标准：{persons}人户不超过{std.house_type}㎡"
                                                      f"（填写的是{area:g}㎡）"))
    if site.allocated_households >= site.planned_households:
        if not (a.over_plan_reason or "").strip() or not (a.over_plan_approved_by or "").strip():
            errors.append(ValidationError(
                "site", f"{site.name}规划安置{site.planned_households}户，已分配{site.allocated_households}户，没有剩余容量；"
                        "超出规划安置须录入超规划审批人和理由"))
    if len((a.over_plan_approved_by or "").strip()) > NAME_MAX:
        errors.append(ValidationError("over_plan_approved_by", f"超规划审批人不超过{NAME_MAX}个字"))
    for key, label, text in (("over_plan_reason", "超规划理由", a.over_plan_reason), ("priority", "优先说明", a.priority),
                             ("companions_note", "同步搬迁说明", a.companions_note), ("note", "申请说明", a.note)):
        if len(text or "") > TEXT_MAX:
            errors.append(ValidationError(key, f"{label}不超过{TEXT_MAX}个字"))
    return errors


def check_application(a: RelocationApplication, h: HouseholdFacts, site: SiteFacts | None, *, today: dt.date,
                      area_per_person: int, moving_elsewhere: dict[int, str]) -> list[ValidationError]:
    errors: list[ValidationError] = []
    if not isinstance(a.applied_on, dt.date):
        errors.append(ValidationError("applied_on", "请填写申请日期"))
    elif a.applied_on > today:
        errors.append(ValidationError("applied_on", f"申请日期{a.applied_on:%Y-%m-%d}晚于今天，不能填写将来的日期"))
    errors += check_eligibility(a, h)
    errors += check_willingness(a, today)
    errors += check_allocation(a, h, site, area_per_person=area_per_person, moving_elsewhere=moving_elsewhere)
    return errors
