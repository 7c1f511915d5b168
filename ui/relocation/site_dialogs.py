"""新增安置点 and 更改安置点状态: the site registry's two writes (``sites.add_site``, ``sites.set_site_status``),
checked as the clerk types by their pure checks (``check_site``, ``check_site_status``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox

from pjdesk.cases.relocation_rules import SITE_KINDS, SITE_STATUSES
from pjdesk.cases.sites import SiteInput, SiteRow, add_site, check_site, check_site_status, set_site_status

from ..widgets.action_dialog import ActionDialog
from ..widgets.form import combo, combo_value, date_edit, date_value, text_box

DELIVERED = "已交付"


class SiteDialog(ActionDialog):
    area = "sites"

    def __init__(self, ctx, parent=None, *, township: str = "", today: dt.date | None = None):
        super().__init__(ctx, "新增安置点", parent=parent,
                         intro="安置点类型：中心城区（县城集中安置）、集镇、村级安置点。户型面积按人均不超过25㎡设计，"
                               "村级安置点可执行危房改造户型标准。")
        self.today, self.township = today, township
        self.build()
        self.revalidate()

    def build(self) -> None:
        f = self.form
        today = self.today or dt.date.today()
        self.code = f.add("code", "编号", QLineEdit(objectName="code", placeholderText="如 HQ-2026-1"))
        self.name = f.add("name", "名称", QLineEdit(objectName="name"))
        self.kind = f.add("kind", "类型", combo(SITE_KINDS, current="集镇"))
        self.town = f.add("township", "所属乡镇", QLineEdit(self.township, objectName="township",
                                                         placeholderText="留空：县城统筹安置点"))
        self.place = f.add("place", "地点", QLineEdit(objectName="place"))
        self.year = f.add("year", "建设年度", QSpinBox(objectName="year"))
        self.year.setRange(2014, 2035)
        self.year.setValue(today.year)
        self.phase = f.add("phase", "期次", QLineEdit(objectName="phase", placeholderText="如 一期"))
        self.households = f.add("planned_households", "规划安置户数", QSpinBox(objectName="planned_households"))
        self.persons = f.add("planned_persons", "规划安置人数", QSpinBox(objectName="planned_persons"))
        for box in (self.households, self.persons):
            box.setRange(0, 100_000)
        self.types = f.add("house_types", "户型面积（㎡）", QLineEdit("25,50,75,100,125,150", objectName="house_types"))
        self.follows = f.add("follows_house_standard", "户型标准",
                             QCheckBox("执行危房改造户型标准（村级安置点）", objectName="follows_house_standard"))
        self.status = f.add("status", "状态", combo(SITE_STATUSES, current="规划"))
        self.delivered = f.add("delivered_on", "交付日期", date_edit(today, maximum=today))
        self.note = f.add("note", "备注", text_box(height=40))
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()

    def _status_changed(self) -> None:
        self.delivered.setEnabled(combo_value(self.status) == DELIVERED)

    def value(self) -> SiteInput:
        delivered = combo_value(self.status) == DELIVERED
        return SiteInput(code=self.code.text(), name=self.name.text(), kind=combo_value(self.kind),
                         year=self.year.value(), planned_households=self.households.value(),
                         planned_persons=self.persons.value(), township=self.town.text(), place=self.place.text(),
                         phase=self.phase.text(), house_types=self.types.text(),
                         follows_house_standard=self.follows.isChecked(), status=combo_value(self.status),
                         delivered_on=date_value(self.delivered) if delivered else None, note=self.note.toPlainText())

    def errors(self):
        return check_site(self.value())

    def submit(self):
        return add_site(self.ctx.db, self.value())

    def done_message(self, result) -> str:
        return f"已新增安置点：{self.name.text().strip()}（{self.code.text().strip()}）"


class SiteStatusDialog(ActionDialog):
    area = "sites"

    def __init__(self, ctx, site: SiteRow, parent=None, *, today: dt.date | None = None):
        super().__init__(ctx, f"更改安置点状态：{site.name}", parent=parent,
                         intro=f"当前状态：{site.status}" + (f"（{site.delivered_on}交付）" if site.delivered_on else "")
                               + "。搬迁户须在安置点交付之后入住。")
        self.site, self.today = site, today
        self.build()
        self.revalidate()

    def build(self) -> None:
        today = self.today or dt.date.today()
        self.status = self.form.add("status", "状态", combo(SITE_STATUSES, current=self.site.status))
        self.delivered = self.form.add("delivered_on", "交付日期",
                                       date_edit(self.site.delivered_on or today, maximum=today))
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()

    def _status_changed(self) -> None:
        self.delivered.setEnabled(combo_value(self.status) == DELIVERED)

    def delivered_on(self) -> dt.date | None:
        return date_value(self.delivered) if combo_value(self.status) == DELIVERED else None

    def errors(self):
        return check_site_status(combo_value(self.status), self.delivered_on())

    def submit(self):
        return set_site_status(self.ctx.db, self.site.code, combo_value(self.status), self.delivered_on())

    def done_message(self, result) -> str:
        return f"已更改安置点状态：{self.site.name}（{combo_value(self.status)}）"
