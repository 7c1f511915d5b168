"""易地搬迁 after approval, one service per clerk action (one transaction each, nothing written on refusal):

- ``record_agreement``: 搬迁协议 / 拆旧复垦协议 (forms/REFERENCE.md §2), signed once each after approval;
- ``record_move_in``: 搬迁入住 (date, who took the keys) — the household's address and house become the
  allocated unit (a ``HouseChange`` row names the case) and the case moves on to 旧房拆除;
- ``record_demolition``: 旧房拆除 (the date the old house came down) and then 拆除验收 (verification) —
  the verification marks the old house 已拆除 and moves the case on to 后续扶持;
- ``record_follow_up``: 后续扶持 (就业 / 产业 / 入学 / 其他, RULES.md R4.6), dated, any number;
- 归档 is the ordinary decision (``decisions.decide``) at 后续扶持, once a follow-up record exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import Database
from db.models.household_records import HouseChange
from db.models.relocation import RelocationDetail, RelocationEvent

from ..errors import RuleViolation, ValidationError, raise_first
from .decisions import DecisionInput, decide_in
from .relocation import (
    AGREEMENT, DEMOLISHED, DEMOLISHED_STATE, DEMOLITION_STAGE, FOLLOW_UP, FOLLOW_UP_KINDS, FOLLOW_UP_STAGE, KIND,
    MOVE_IN, MOVE_IN_STAGE, RECLAIM_AGREEMENT, VERIFIED, events_of, has_old_house,
)
from .stages import PASS
from .state import case_state, check_date, find_case, require_open, settle

NOTE_MAX = 500
NEW_STRUCTURE, NEW_GRADE = "砖混", "A"    # a resettlement flat: brick-concrete, safe


@dataclass(frozen=True)
class StepInput:
    on: dt.date
    person: str = ""            # who signed / took the keys / verified
    note: str = ""
    category: str = ""          # 后续扶持 only


def check_step(event: str, a: StepInput) -> list[ValidationError]:
    """The step's own fields, every bad one (no database)."""
    errors = []
    if not isinstance(a.on, dt.date):
        errors.append(ValidationError("on", "请填写日期"))
    if event in (AGREEMENT, RECLAIM_AGREEMENT, MOVE_IN, VERIFIED) and not (a.person or "").strip():
        label = {AGREEMENT: "签订协议的户主或代理人", RECLAIM_AGREEMENT: "签订协议的户主或代理人",
                 MOVE_IN: "领取钥匙的人", VERIFIED: "验收人员"}[event]
        errors.append(ValidationError("person", f"请填写{label}"))
    if event == FOLLOW_UP:
        if a.category not in FOLLOW_UP_KINDS:
            errors.append(ValidationError("category", f"后续扶持类别须为{'、'.join(FOLLOW_UP_KINDS)}之一"))
        if not (a.note or "").strip():
            errors.append(ValidationError("note", "请写明后续扶持内容（如就业岗位、产业项目、入学学校）"))
    if len(a.note or "") > NOTE_MAX or len(a.person or "") > 60:
        errors.append(ValidationError("note", f"说明不超过{NOTE_MAX}个字，人员不超过60个字"))
    return errors


def _last_event(s: Session, case_id: int) -> dt.date | None:
    return s.scalar(select(func.max(RelocationEvent.on_date)).where(RelocationEvent.case_id == case_id))


def _prepare(s: Session, case, event: str, a: StepInput, today: dt.date, stages: tuple[str, ...],
             entered_by: str = ""):
    require_open(case)
    if case.kind != KIND:
        raise RuleViolation(f"案件{case.case_no}不是易地搬迁案件")
    raise_first(check_step(event, a))
    st = case_state(s, case, as_of=a.on)
    if st.stage.name not in stages:
        raise RuleViolation(f"“{event}”须在“{'”或“'.join(stages)}”阶段录入（{a.on:%Y-%m-%d}时案件在“{st.stage.name}”阶段"
                            f"{'，' + st.note if st.note else ''}）")
    check_date("on", f"{event}日期", a.on, today, st)
    last = _last_event(s, case.id)
    if event != FOLLOW_UP and last is not None and a.on < last:
        raise ValidationError("on", f"{event}日期{a.on:%Y-%m-%d}早于已录入的搬迁记录（{last:%Y-%m-%d}），日期须按办理顺序填写")
    settle(s, st, entered_by)
    return st, s.get(RelocationDetail, case.id), events_of(s, case.id)


def _add(s: Session, case, event: str, a: StepInput, entered_by: str) -> RelocationEvent:
    row = RelocationEvent(case_id=case.id, event=event, on_date=a.on, person=(a.person or "").strip(),
                          category=a.category if event == FOLLOW_UP else "", note=(a.note or "").strip(),
                          entered_by=entered_by)
    s.add(row)
    s.flush()
    return row


AFTER_APPROVAL = (MOVE_IN_STAGE.name, DEMOLITION_STAGE.name, FOLLOW_UP_STAGE.name)


def record_agreement(db: Database, case_ref, event: str, a: StepInput, *, entered_by: str = "",
                     today: dt.date | None = None) -> int:
    """搬迁协议 or 拆旧复垦协议, once each, after the approval's posting."""
    today = today or dt.date.today()
    if event not in (AGREEMENT, RECLAIM_AGREEMENT):
        raise ValidationError("event", f"协议须为“{AGREEMENT}”或“{RECLAIM_AGREEMENT}”")
    with db.transaction() as s:
        return record_agreement_in(s, find_case(s, case_ref), event, a, entered_by=entered_by, today=today).id


def record_agreement_in(s: Session, case, event: str, a: StepInput, *, entered_by: str,
                        today: dt.date) -> RelocationEvent:
    if event not in (AGREEMENT, RECLAIM_AGREEMENT):
        raise ValidationError("event", f"协议须为“{AGREEMENT}”或“{RECLAIM_AGREEMENT}”")
    st, d, ev = _prepare(s, case, event, a, today, AFTER_APPROVAL, entered_by)
    if ev[event]:
        raise RuleViolation(f"已于{ev[event][0].on_date:%Y-%m-%d}签订{event}")
    if event == RECLAIM_AGREEMENT and not has_old_house(d):
        raise RuleViolation("该户为无房户，没有旧房可拆除复垦，无需签订拆旧复垦协议")
    return _add(s, case, event, a, entered_by)


def record_move_in(db: Database, case_ref, a: StepInput, *, entered_by: str = "", today: dt.date | None = None) -> str:
    """搬迁入住: the keys handed over on ``a.on`` to ``a.person``. The household's address and house become
    the unit (HouseChange names the case) and the case moves to 旧房拆除. Returns the stage afterwards."""
    today = today or dt.date.today()
    with db.transaction() as s:
        return record_move_in_in(s, find_case(s, case_ref), a, entered_by=entered_by, today=today)


def record_move_in_in(s: Session, case, a: StepInput, *, entered_by: str, today: dt.date) -> str:
    st, d, ev = _prepare(s, case, MOVE_IN, a, today, (MOVE_IN_STAGE.name,), entered_by)
    if not ev[AGREEMENT]:
        raise RuleViolation("尚未签订搬迁协议，不能搬迁入住")
    site = d.site
    if site.status != "已交付" or (site.delivered_on and a.on < site.delivered_on):
        when = f"（交付日期{site.delivered_on:%Y-%m-%d}）" if site.delivered_on else f"（当前状态：{site.status}）"
        raise RuleViolation(f"{site.name}在{a.on:%Y-%m-%d}尚未交付{when}，不能入住")
    _add(s, case, MOVE_IN, a, entered_by)
    _update_house(s, case, d, a.on, entered_by)
    opinion = f"已搬迁入住{site.name}{d.unit}，钥匙交{a.person.strip()}" + (f"；{a.note.strip()}" if a.note.strip() else "")
    decide_in(s, case, DecisionInput(PASS, opinion, a.person.strip(), a.on, "搬迁户"), entered_by=entered_by,
              today=today)
    return case.stage


def _update_house(s: Session, case, d: RelocationDetail, on: dt.date, entered_by: str) -> HouseChange:
    h = case.household
    old = (h.house_structure or "", h.house_area, h.house_built_year, h.danger_grade or "")
    site = d.site
    built = site.delivered_on.year if site.delivered_on else on.year
    new = (NEW_STRUCTURE, d.area, built, NEW_GRADE)
    h.house_structure, h.house_area, h.house_built_year, h.danger_grade = new
    h.address = f"{site.name}{d.unit}"[:120]
    row = HouseChange(household_id=h.id, case_id=case.id, changed_on=on, source=f"易地搬迁 {case.case_no} 搬迁入住",
                      old_structure=old[0], old_area=old[1], old_built_year=old[2], old_grade=old[3],
                      new_structure=new[0], new_area=new[1], new_built_year=new[2], new_grade=new[3],
                      recorded_by=entered_by)
    s.add(row)
    s.flush()
    return row


def record_demolition(db: Database, case_ref, event: str, a: StepInput, *, entered_by: str = "",
                      today: dt.date | None = None) -> str:
    """旧房拆除 (the old house came down) or 拆除验收 (verified: the old house is marked 已拆除 and the case
    moves on to 后续扶持). Returns the stage afterwards."""
    today = today or dt.date.today()
    if event not in (DEMOLISHED, VERIFIED):
        raise ValidationError("event", f"须为“{DEMOLISHED}”或“{VERIFIED}”")
    with db.transaction() as s:
        return record_demolition_in(s, find_case(s, case_ref), event, a, entered_by=entered_by, today=today)


def record_demolition_in(s: Session, case, event: str, a: StepInput, *, entered_by: str, today: dt.date) -> str:
    if event not in (DEMOLISHED, VERIFIED):
        raise ValidationError("event", f"须为“{DEMOLISHED}”或“{VERIFIED}”")
    st, d, ev = _prepare(s, case, event, a, today, (DEMOLITION_STAGE.name,), entered_by)
    if not has_old_house(d):
        raise RuleViolation("该户为无房户，没有旧房可拆除；请直接录入后续扶持")
    if not ev[RECLAIM_AGREEMENT]:
        raise RuleViolation("尚未签订拆旧复垦协议，不能录入旧房拆除")
    if event == DEMOLISHED:
        if ev[DEMOLISHED]:
            raise RuleViolation(f"已于{ev[DEMOLISHED][0].on_date:%Y-%m-%d}录入旧房拆除")
        _add(s, case, event, a, entered_by)
        return case.stage
    if not ev[DEMOLISHED]:
        raise RuleViolation("尚未录入旧房拆除日期，不能验收")
    _add(s, case, event, a, entered_by)
    d.old_house_state = DEMOLISHED_STATE
    decide_in(s, case, DecisionInput(PASS, "旧房已拆除，经验收合格" + (f"：{a.note.strip()}" if a.note.strip() else ""),
                                     a.person.strip(), a.on, "验收组"), entered_by=entered_by, today=today)
    return case.stage


def record_follow_up(db: Database, case_ref, a: StepInput, *, entered_by: str = "",
                     today: dt.date | None = None) -> int:
    """后续扶持 record (R4.6): at 旧房拆除 or 后续扶持 (after move-in). Returns its id."""
    today = today or dt.date.today()
    with db.transaction() as s:
        return record_follow_up_in(s, find_case(s, case_ref), a, entered_by=entered_by, today=today).id


def record_follow_up_in(s: Session, case, a: StepInput, *, entered_by: str, today: dt.date) -> RelocationEvent:
    _prepare(s, case, FOLLOW_UP, a, today, (DEMOLITION_STAGE.name, FOLLOW_UP_STAGE.name), entered_by)
    return _add(s, case, FOLLOW_UP, a, entered_by)
