"""危房改造 after approval: 开工, 施工检查, 拆旧协议 / 拆旧完成 (建新拆旧), and 竣工验收."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import Database
from db.models.cases import CompletionAcceptance, ConstructionEvent, RenovationDetail
from db.models.household_records import HouseChange

from ..errors import RuleViolation, ValidationError, raise_first
from ..text import LINE_MAX, NOTE_MAX, PLACE_MAX, limits
from .decisions import DecisionInput, decide_in
from .renovation import (
    ACCEPTANCE, DEMOLISHED, DEMOLITION_AGREEMENT, EVENTS, IMPLEMENT, INSPECT, PAYMENT, START, events_of,
)
from ..registry.vocab import HOUSE_STRUCTURES
from .renovation_rules import AREA_MAX, NO_HOUSE, REPAIR, demolition_required, house_standard
from .stages import PASS, RETURN
from .state import case_state, check_date, find_case, require_open, settle

PASSED, FAILED = "合格", "不合格"


def check_construction(event: str, on: dt.date, person: str = "", note: str = "") -> list[ValidationError]:
    """A construction record's own fields, every bad one (no database)."""
    errors: list[ValidationError] = []
    if event not in EVENTS:
        errors.append(ValidationError("event", f"施工记录类型“{event}”无效，可选：{'、'.join(EVENTS)}"))
    if not isinstance(on, dt.date):
        errors.append(ValidationError("on_date", "请填写日期"))
    if event == INSPECT and not (person or "").strip():
        errors.append(ValidationError("person", "请填写检查人员"))
    return errors + limits(("person", "人员", person, PLACE_MAX), ("note", "说明", note, NOTE_MAX))


def record_construction(db: Database, case_ref: int | str, event: str, on: dt.date, *, person: str = "",
                        note: str = "", entered_by: str = "", today: dt.date | None = None) -> int:
    """One construction fact, dated. Returns its id."""
    today = today or dt.date.today()
    with db.transaction() as s:
        return record_construction_in(s, find_case(s, case_ref), event, on, person=person, note=note,
                                      entered_by=entered_by, today=today).id


def record_construction_in(s: Session, case, event: str, on: dt.date, *, person: str, note: str,
                           entered_by: str, today: dt.date) -> ConstructionEvent:
    require_open(case)
    if case.kind != "renovation":
        raise RuleViolation(f"案件{case.case_no}不是危房改造案件")
    raise_first(check_construction(event, on, person, note))
    st = case_state(s, case, as_of=on)
    d = s.get(RenovationDetail, case.id)
    ev = events_of(s, case.id)
    post_approval = (IMPLEMENT.name, ACCEPTANCE.name, PAYMENT.name)
    if event == INSPECT:
        return _record_inspection(s, case, st, ev, on, person=person, note=note, entered_by=entered_by, today=today)
    demolish = demolition_required(d.build_type, d.house_structure)
    if st.stage.name not in (post_approval if event in (DEMOLITION_AGREEMENT, DEMOLISHED) else (IMPLEMENT.name,)):
        where = "审批结果公示期满后" if event in (DEMOLITION_AGREEMENT, DEMOLISHED) else "“实施”阶段"
        raise RuleViolation(f"“{event}”须在{where}录入（{on:%Y-%m-%d}时案件在“{st.stage.name}”阶段"
                            f"{'，' + st.note if st.note else ''}）")
    if event == START:
        if ev[START]:
            raise RuleViolation(f"案件{case.case_no}已于{ev[START][0].on_date:%Y-%m-%d}开工")
        if demolish and not ev[DEMOLITION_AGREEMENT]:
            raise RuleViolation(f"{d.build_type}须先签订拆旧协议（建新拆旧），再开工")
    elif not demolish:
        why = "该户为无房户，没有旧房可拆" if d.house_structure == NO_HOUSE else f"{d.build_type}不拆除旧房"
        raise RuleViolation(f"{why}，无需录入“{event}”")
    elif event == DEMOLITION_AGREEMENT and ev[DEMOLITION_AGREEMENT]:
        raise RuleViolation(f"已于{ev[DEMOLITION_AGREEMENT][0].on_date:%Y-%m-%d}签订拆旧协议")
    elif event == DEMOLISHED:
        if not ev[DEMOLITION_AGREEMENT]:
            raise RuleViolation("尚未签订拆旧协议，不能录入拆旧完成")
        if ev[DEMOLISHED]:
            raise RuleViolation(f"已于{ev[DEMOLISHED][0].on_date:%Y-%m-%d}拆除旧房")
    check_date("on_date", f"{event}日期", on, today, st)
    settle(s, st, entered_by)
    return _add_event(s, case, event, on, person, note, entered_by)


def _add_event(s: Session, case, event: str, on: dt.date, person: str, note: str, entered_by: str) -> ConstructionEvent:
    row = ConstructionEvent(case_id=case.id, event=event, on_date=on, person=person.strip(), note=note.strip(),
                            entered_by=entered_by)
    s.add(row)
    s.flush()
    return row


def passed_acceptance(s: Session, case_id: int) -> CompletionAcceptance | None:
    """The case's 合格 竣工验收, if recorded."""
    return s.scalar(select(CompletionAcceptance).where(CompletionAcceptance.case_id == case_id,
                                                       CompletionAcceptance.result == PASSED)
                    .order_by(CompletionAcceptance.id))


def inspection_order_problems(on: dt.date, *, started_on: dt.date | None,
                              accepted_on: dt.date | None) -> list[ValidationError]:
    """A 施工检查 entered from paper afterwards may be dated before records already entered, as long as
    the stage order holds: on or after 开工, and not after the 合格 竣工验收. The message names the
    conflicting record."""
    if started_on is None:
        return [ValidationError("on_date", "尚未开工，不能录入施工检查")]
    if on < started_on:
        return [ValidationError("on_date", f"施工检查日期{on:%Y-%m-%d}早于{started_on:%Y-%m-%d}的开工记录，"
                                           "施工检查须在开工之后")]
    if accepted_on is not None and on > accepted_on:
        return [ValidationError("on_date", f"施工检查日期{on:%Y-%m-%d}晚于{accepted_on:%Y-%m-%d}的竣工验收（合格）记录，"
                                           "施工检查须在竣工验收之前")]
    return []


def _record_inspection(s: Session, case, st, ev, on: dt.date, *, person: str, note: str, entered_by: str,
                       today: dt.date) -> ConstructionEvent:
    """施工检查: allowed while the case is under construction or after (paper records entered late), dated
    between 开工 and the 合格 acceptance."""
    if st.stage.name not in (IMPLEMENT.name, ACCEPTANCE.name, PAYMENT.name):
        raise RuleViolation(f"“{INSPECT}”须在开工后录入（{on:%Y-%m-%d}时案件在“{st.stage.name}”阶段"
                            f"{'，' + st.note if st.note else ''}）")
    accepted = passed_acceptance(s, case.id)
    raise_first(inspection_order_problems(on, started_on=ev[START][0].on_date if ev[START] else None,
                                          accepted_on=accepted.accepted_on if accepted else None))
    check_date("on_date", f"{INSPECT}日期", on, today)
    return _add_event(s, case, INSPECT, on, person, note, entered_by)


@dataclass(frozen=True)
class AcceptanceInput:
    accepted_on: dt.date
    inspectors: str
    result: str                              # 合格 / 不合格
    built_main_area: Optional[float] = None
    built_annex_area: Optional[float] = None
    note: str = ""
    structure: str = "砖混"                  # a new build's structure (the house record takes it); a repair keeps its own
    grade: str = ""                          # the house's grade after 合格: blank = A after a new build, B after a repair


AFTER_PASS_GRADES = ("A", "B")
NEW_STRUCTURES = tuple(x for x in HOUSE_STRUCTURES if x != NO_HOUSE)


def check_acceptance(a: AcceptanceInput, *, household_size: int | None = None,
                     build_type: str | None = None) -> list[ValidationError]:
    """The acceptance's fields, every bad one. With the case's ``household_size`` and ``build_type`` also
    the built areas of a 合格 new build against the house-type standard (R3.5); a repair has none."""
    errors: list[ValidationError] = []
    if a.result not in (PASSED, FAILED):
        errors.append(ValidationError("result", f"验收结果须为“{PASSED}”或“{FAILED}”"))
    if not (a.inspectors or "").strip():
        errors.append(ValidationError("inspectors", "请填写验收人员"))
    if not isinstance(a.accepted_on, dt.date):
        errors.append(ValidationError("accepted_on", "请填写验收日期"))
    for key, label, value in (("built_main_area", "实际正房建筑面积", a.built_main_area),
                              ("built_annex_area", "实际附屋面积", a.built_annex_area)):
        if value is not None and not (isinstance(value, (int, float)) and math.isfinite(value)
                                      and 0 <= value <= AREA_MAX):
            errors.append(ValidationError(key, f"{label}“{value}”无效，须为0至{AREA_MAX:g}㎡之间的数"))
    bad_area = any(e.field.startswith("built_") for e in errors)
    if (a.result == PASSED and build_type is not None and build_type != REPAIR and household_size is not None
            and not bad_area):
        try:
            std = house_standard(household_size)
        except ValidationError as exc:
            errors.append(exc)
        else:
            if a.built_main_area is None or a.built_main_area <= 0:
                errors.append(ValidationError("built_main_area", "请填写实际正房建筑面积"))
            elif a.built_main_area > std.house_type:
                errors.append(ValidationError(
                    "built_main_area", f"实际正房建筑面积{a.built_main_area:g}㎡超过{std.house_type}㎡户型标准，不能验收合格"))
            if a.built_annex_area is not None and a.built_annex_area > std.annex_max:
                errors.append(ValidationError(
                    "built_annex_area", f"实际附屋面积{a.built_annex_area:g}㎡超过{std.annex_max:g}㎡标准，不能验收合格"))
    if a.result == FAILED and not (a.note or "").strip():
        errors.append(ValidationError("note", "验收不合格须写明整改意见"))
    errors += limits(("inspectors", "验收人员", a.inspectors, LINE_MAX), ("note", "验收意见", a.note, NOTE_MAX))
    if a.result == PASSED:
        if (a.grade or "").strip().upper() not in ("",) + AFTER_PASS_GRADES:
            errors.append(ValidationError("grade", f"验收合格后房屋等级须为A级或B级（填写的是“{a.grade}”）"))
        if build_type is not None and build_type != REPAIR and (a.structure or "").strip() not in NEW_STRUCTURES:
            errors.append(ValidationError("structure", f"请选择新建房屋的结构（{'、'.join(NEW_STRUCTURES)}）"))
    return errors


def record_acceptance(db: Database, case_ref: int | str, a: AcceptanceInput, *, entered_by: str = "",
                      today: dt.date | None = None) -> str:
    """竣工验收. 合格 moves the case to 资金拨付; 不合格 sends it back to 实施 for rework.
    Returns the stage afterwards."""
    today = today or dt.date.today()
    with db.transaction() as s:
        return record_acceptance_in(s, find_case(s, case_ref), a, entered_by=entered_by, today=today)


def record_acceptance_in(s: Session, case, a: AcceptanceInput, *, entered_by: str, today: dt.date) -> str:
    require_open(case)
    raise_first(check_acceptance(a))
    st = case_state(s, case, as_of=a.accepted_on)
    if st.stage.name != ACCEPTANCE.name:
        raise RuleViolation(f"案件{case.case_no}当前在“{st.stage.name}”阶段，竣工后才能验收")
    d = s.get(RenovationDetail, case.id)
    raise_first(check_acceptance(a, household_size=case.household_size, build_type=d.build_type))
    check_date("accepted_on", "验收日期", a.accepted_on, today, st)
    opinion = f"竣工验收{a.result}" + (f"：{a.note.strip()}" if a.note.strip() else "")
    row = decide_in(s, case, DecisionInput(PASS if a.result == PASSED else RETURN, opinion,
                                           a.inspectors, a.accepted_on, "验收组"),
                    entered_by=entered_by, today=today, via_acceptance=True)
    s.add(CompletionAcceptance(case_id=case.id, accepted_on=a.accepted_on, inspectors=a.inspectors.strip(),
                               result=a.result, built_main_area=a.built_main_area,
                               built_annex_area=a.built_annex_area, note=a.note.strip(), decision_id=row.id,
                               entered_by=entered_by))
    if a.result == PASSED:
        update_house(s, case, d, a, entered_by=entered_by)
    s.flush()
    return case.stage


def update_house(s: Session, case, d: RenovationDetail, a: AcceptanceInput, *, entered_by: str) -> HouseChange:
    """竣工验收合格: the household's house record becomes the house as accepted — a new build takes the new
    structure, the built main area, the acceptance year and grade A; a repair keeps its structure and
    build year, takes the built area when given, and grade B (or the grade the acceptance records).
    One HouseChange row keeps the old and new values with the case as source (same transaction)."""
    h = case.household
    old = (h.house_structure or "", h.house_area, h.house_built_year, h.danger_grade or "")
    repair = d.build_type == REPAIR
    grade = (a.grade or "").strip().upper() or ("B" if repair else "A")
    if repair:
        new = (old[0], a.built_main_area or old[1], old[2], grade)
    else:
        new = ((a.structure or "").strip(), a.built_main_area, a.accepted_on.year, grade)
    h.house_structure, h.house_area, h.house_built_year, h.danger_grade = new
    row = HouseChange(household_id=h.id, case_id=case.id, changed_on=a.accepted_on,
                      source=f"危房改造 {case.case_no} 竣工验收", old_structure=old[0], old_area=old[1],
                      old_built_year=old[2], old_grade=old[3], new_structure=new[0], new_area=new[1],
                      new_built_year=new[2], new_grade=new[3], recorded_by=entered_by)
    s.add(row)
    s.flush()
    return row


