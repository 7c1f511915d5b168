"""录入搬迁协议 / 拆旧复垦协议 / 搬迁入住 / 旧房拆除 / 拆除验收 / 后续扶持: one dialog for the relocation steps
after the county's approval, each recorded by its service of ``pjdesk.cases.relocation_steps`` (one
transaction). ``errors()`` is the steps' pure check ``check_step``; the order and stage rules only the
database knows are the service's, shown in the dialog when it refuses."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit

from pjdesk.cases.detail import CaseDetail
from pjdesk.cases.relocation import (AGREEMENT, DEMOLISHED, FOLLOW_UP, FOLLOW_UP_KINDS, MOVE_IN, RECLAIM_AGREEMENT,
                                     VERIFIED)
from pjdesk.cases.relocation_steps import (StepInput, check_step, record_agreement, record_demolition,
                                           record_follow_up, record_move_in)

from ..cases.action_dialogs import ActionDialog
from ..widgets.form import combo, combo_value, date_edit, date_value, text_box

PERSON_LABEL = {AGREEMENT: "签订人", RECLAIM_AGREEMENT: "签订人", MOVE_IN: "领取钥匙人", DEMOLISHED: "经办人",
                VERIFIED: "验收人员", FOLLOW_UP: "经办人"}


def _intro(event: str, f: dict) -> str:
    place = f"{f['site']}{f['unit']}，{f['area']:g}㎡，{f['persons']}人"
    due = f"（拆除期限{f['demolition_due_on']}）" if f.get("demolition_due_on") else ""
    return {
        AGREEMENT: f"安置住房：{place}。按县级审批结果签订搬迁协议，日期填写签字日期。",
        RECLAIM_AGREEMENT: f"原住房：{f['old_house_structure']}{due}。签订旧房拆除复垦协议，日期填写签字日期。",
        MOVE_IN: f"交付钥匙、搬迁入住：{place}。录入后该户的住址改为“{f['site']}{f['unit']}”，住房改为砖混"
                 f"{f['area']:g}㎡、A级（来源：本案件），案件转入下一阶段。",
        DEMOLISHED: f"原住房（{f['old_house_structure']}）拆除的日期{due}；拆除后再录入拆除验收。",
        VERIFIED: "验收合格后，原住房记为已拆除，案件转入后续扶持。",
        FOLLOW_UP: "就业、产业、子女入学等后续扶持措施，每项一条，可录入多条；有后续扶持记录后可登记归档。",
    }[event]


class RelocationStepDialog(ActionDialog):
    def __init__(self, ctx, detail: CaseDetail, event: str, parent=None, *, today: dt.date | None = None):
        super().__init__(ctx, f"录入{event}：{detail.case_no}", parent=parent, intro=_intro(event, detail.facts))
        self.detail, self.step, self.today = detail, event, today
        self.build()
        self.revalidate()

    def build(self) -> None:
        f = self.form
        self.on = f.add("on", "日期", date_edit(self.today, maximum=self.today or dt.date.today()))
        self.category = None
        if self.step == FOLLOW_UP:
            self.category = f.add("category", "扶持类别", combo(FOLLOW_UP_KINDS, blank="请选择"))
        self.person = f.add("person", PERSON_LABEL[self.step], QLineEdit(objectName="person"))
        label = "扶持内容" if self.step == FOLLOW_UP else "说明"
        hint = "如：安排到县工业园务工；子女转入城关小学" if self.step == FOLLOW_UP else ""
        self.note = f.add("note", label, text_box(hint))

    def value(self) -> StepInput:
        return StepInput(date_value(self.on), self.person.text(), self.note.toPlainText(),
                         combo_value(self.category) if self.category is not None else "")

    def errors(self):
        return check_step(self.step, self.value())

    def submit(self):
        db, case, a, kw = self.ctx.db, self.detail.id, self.value(), dict(entered_by=self.ctx.actor(), today=self.today)
        if self.step in (AGREEMENT, RECLAIM_AGREEMENT):
            return record_agreement(db, case, self.step, a, **kw)
        if self.step == MOVE_IN:
            return record_move_in(db, case, a, **kw)
        if self.step in (DEMOLISHED, VERIFIED):
            return record_demolition(db, case, self.step, a, **kw)
        return record_follow_up(db, case, a, **kw)

    def done_message(self, result) -> str:
        moved = f"，转入{result}" if isinstance(result, str) and result != self.detail.stage else ""
        return f"已录入{self.step}：{self.detail.case_no}{moved}"
