"""危房改造 after approval: 开工, 施工检查, 拆旧协议 / 拆旧完成 (建新拆旧), and 竣工验收."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy.orm import Session

from db import Database
from db.models.cases import CompletionAcceptance, ConstructionEvent, RenovationDetail

from ..errors import RuleViolation, ValidationError, raise_first
from .decisions import DecisionInput, decide_in
from .renovation import (
    ACCEPTANCE, DEMOLISHED, DEMOLITION_AGREEMENT, EVENTS, IMPLEMENT, INSPECT, PAYMENT, START, events_of,
)
from .renovation_rules import DEMOLISHING, REPAIR, house_standard
from .stages import PASS, RETURN
from .state import case_state, check_date, find_case, require_open, settle

PASSED, FAILED = "合格", "不合格"


def check_construction(event: str, on: dt.date, person: str = "") -> list[ValidationError]:
    """A construction record's own fields, every bad one (no database)."""
    errors: list[ValidationError] = []
    if event not in EVENTS:
        errors.append(ValidationError("event", f"施工记录类型“{event}”无效，可选：{'、'.join(EVENTS)}"))
    if not isinstance(on, dt.date):
        errors.append(ValidationError("on_date", "请填写日期"))
    if event == INSPECT and not (person or "").strip():
        errors.append(ValidationError("person", "请填写检查人员"))
    return errors


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
    raise_first(check_construction(event, on, person))
    st = case_state(s, case, as_of=on)
    d = s.get(RenovationDetail, case.id)
    ev = events_of(s, case.id)
    post_approval = (IMPLEMENT.name, ACCEPTANCE.name, PAYMENT.name)
    if st.stage.name not in (post_approval if event in (DEMOLITION_AGREEMENT, DEMOLISHED) else (IMPLEMENT.name,)):
        where = "审批结果公示期满后" if event in (DEMOLITION_AGREEMENT, DEMOLISHED) else "“实施”阶段"
        raise RuleViolation(f"“{event}”须在{where}录入（{on:%Y-%m-%d}时案件在“{st.stage.name}”阶段"
                            f"{'，' + st.note if st.note else ''}）")
    if event == START:
        if ev[START]:
            raise RuleViolation(f"案件{case.case_no}已于{ev[START][0].on_date:%Y-%m-%d}开工")
        if d.build_type in DEMOLISHING and not ev[DEMOLITION_AGREEMENT]:
            raise RuleViolation(f"{d.build_type}须先签订拆旧协议（建新拆旧），再开工")
    elif event == INSPECT:
        if not ev[START]:
            raise RuleViolation("尚未开工，不能录入施工检查")
    elif d.build_type not in DEMOLISHING:
        raise RuleViolation(f"{d.build_type}不拆除旧房，无需录入“{event}”")
    elif event == DEMOLITION_AGREEMENT and ev[DEMOLITION_AGREEMENT]:
        raise RuleViolation(f"已于{ev[DEMOLITION_AGREEMENT][0].on_date:%Y-%m-%d}签订拆旧协议")
    elif event == DEMOLISHED:
        if not ev[DEMOLITION_AGREEMENT]:
            raise RuleViolation("尚未签订拆旧协议，不能录入拆旧完成")
        if ev[DEMOLISHED]:
            raise RuleViolation(f"已于{ev[DEMOLISHED][0].on_date:%Y-%m-%d}拆除旧房")
    check_date("on_date", f"{event}日期", on, today, st)
    settle(s, st, entered_by)
    row = ConstructionEvent(case_id=case.id, event=event, on_date=on, person=person.strip(), note=note.strip(),
                            entered_by=entered_by)
    s.add(row)
    s.flush()
    return row


@dataclass(frozen=True)
class AcceptanceInput:
    accepted_on: dt.date
    inspectors: str
    result: str                              # 合格 / 不合格
    built_main_area: Optional[float] = None
    built_annex_area: Optional[float] = None
    note: str = ""


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
    if a.result == PASSED and build_type is not None and build_type != REPAIR and household_size is not None:
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
    s.flush()
    return case.stage


