"""帮扶记录 tab: households not visited for N days (setting), and for one household its help
records, helper history and income projects, with forms to add records and projects."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from pjdesk.errors import PjdeskError
from pjdesk.pairing import vocab
from pjdesk.pairing.queries import helper_history
from pjdesk.pairing.records import HelpRecordInput, IncomeProjectInput, add_help_record, add_income_project, help_records, income_projects, overdue_visits
from pjdesk.registry.queries import household_detail
from pjdesk.registry.township import village_names

from ui.widgets.form import date_edit, date_value
from ui.pairing.views import list_view
from ui.pairing.models import HISTORY_COLUMNS, OVERDUE_COLUMNS, RECORD_COLUMNS
from ui.widgets.table_model import Col, RowsModel

ALL_VILLAGES = "全部村"
PROJECT_COLUMNS = (
    Col("name", "项目", lambda p: p["name"]), Col("category", "类别", lambda p: p["category"], True),
    Col("year", "年度", lambda p: p["year"], True),
    Col("planned", "计划增收（元）", lambda p: p["planned_income"], True),
    Col("actual", "实际增收（元）", lambda p: p["actual_income"], True),
)


def _error_label(name: str) -> QLabel:
    label = QLabel("", objectName=name)
    label.setProperty("role", "fieldError")
    label.setWordWrap(True)
    return label


class RecordsTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.household_no = ""
        # left: overdue
        self.village = QComboBox(objectName="overdue_village")
        self.village.addItems([ALL_VILLAGES] + village_names(ctx.db))
        self.village.currentTextChanged.connect(self.reload)
        self.overdue_title = QLabel("", objectName="overdue_title")
        self.overdue_model = RowsModel(OVERDUE_COLUMNS, self)
        self.overdue = list_view(self.overdue_model, "overdue", widths={
            "household_no": 128, "village": 64, "group": 36, "head_name": 64, "helper": 80, "last_visit": 86})
        self.overdue.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: cur.isValid() and self.show_household(self.overdue_model.row_at(cur).household_no))
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("村"))
        row.addWidget(self.village)
        row.addWidget(self.overdue_title, 1)
        lv.addLayout(row)
        lv.addWidget(self.overdue, 1)

        # right: one household
        self.number = QLineEdit(objectName="household_no")
        self.number.setPlaceholderText("输入户编号后回车")
        self.number.returnPressed.connect(lambda: self.show_household(self.number.text().strip()))
        self.info = QLabel("请在左侧选择一户，或输入户编号", objectName="household_info")
        self.info.setWordWrap(True)
        self.records_model = RowsModel(RECORD_COLUMNS, self)
        self.history_model = RowsModel(HISTORY_COLUMNS, self)
        self.projects_model = RowsModel(PROJECT_COLUMNS, self)
        inner = QTabWidget(objectName="household_tabs")
        inner.addTab(self._records_box(), "帮扶记录")
        inner.addTab(list_view(self.history_model, "history", stretch="end_reason",
                                widths={"helper": 80, "unit": 170, "start_on": 90, "end_on": 90}), "帮扶责任人变更")
        inner.addTab(self._projects_box(), "增收项目")
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("户编号"))
        top.addWidget(self.number)
        top.addWidget(self.info, 1)
        rv.addLayout(top)
        rv.addWidget(inner, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([590, 570])
        QVBoxLayout(self).addWidget(split)
        self._enable(False)

    def _records_box(self) -> QWidget:
        box = QWidget()
        self.rec_date = date_edit(dt.date.today(), dt.date.today())
        self.rec_measure = QComboBox(objectName="measure")
        self.rec_measure.addItems(vocab.MEASURES)
        self.rec_content = QLineEdit(objectName="content")
        self.rec_content.setPlaceholderText("内容，如：入户走访，了解生产生活情况")
        self.rec_amount = QSpinBox(objectName="amount")
        self.rec_amount.setRange(0, 10_000_000)
        self.rec_amount.setSuffix(" 元")
        self.rec_add = QPushButton("登记", objectName="add_record")
        self.rec_add.clicked.connect(self.add_record)
        self.rec_error = _error_label("record_error")
        form = QGridLayout()
        for col, (label, w) in enumerate((("日期", self.rec_date), ("措施", self.rec_measure),
                                          ("金额", self.rec_amount))):
            form.addWidget(QLabel(label), 0, col * 2)
            form.addWidget(w, 0, col * 2 + 1)
        form.addWidget(self.rec_content, 1, 0, 1, 6)
        form.addWidget(self.rec_add, 1, 6)
        v = QVBoxLayout(box)
        v.addWidget(list_view(self.records_model, "records", stretch="content",
                               widths={"date": 90, "measure": 76, "amount": 80, "helper": 76}), 1)
        v.addLayout(form)
        v.addWidget(self.rec_error)
        return box

    def _projects_box(self) -> QWidget:
        box = QWidget()
        self.prj_name = QLineEdit(objectName="project_name")
        self.prj_name.setPlaceholderText("项目名称，如：种植油茶")
        self.prj_category = QComboBox(objectName="project_category")
        self.prj_category.addItems(vocab.PROJECT_CATEGORIES)
        self.prj_year = QSpinBox(objectName="project_year")
        self.prj_year.setRange(2014, dt.date.today().year + 1)
        self.prj_year.setValue(dt.date.today().year)
        self.prj_planned = QSpinBox(objectName="project_planned")
        self.prj_planned.setRange(0, 10_000_000)
        self.prj_planned.setSuffix(" 元")
        self.prj_add = QPushButton("增加项目", objectName="add_project")
        self.prj_add.clicked.connect(self.add_project)
        self.prj_error = _error_label("project_error")
        row = QHBoxLayout()
        for label, w in (("", self.prj_name), ("类别", self.prj_category), ("年度", self.prj_year),
                         ("计划增收", self.prj_planned)):
            if label:
                row.addWidget(QLabel(label))
            row.addWidget(w)
        row.addWidget(self.prj_add)
        v = QVBoxLayout(box)
        v.addWidget(QLabel("每户择优发展1—2个增收项目"))
        v.addWidget(list_view(self.projects_model, "projects", stretch="name"), 1)
        v.addLayout(row)
        v.addWidget(self.prj_error)
        return box

    def _enable(self, on: bool) -> None:
        for w in (self.rec_add, self.prj_add):
            w.setEnabled(on)

    # ---- data
    def reload(self) -> None:
        v = self.village.currentText()
        rows = overdue_visits(self.ctx.db, village="" if v == ALL_VILLAGES else v)
        days = self.ctx.setting("visit_overdue_days")
        self.overdue_model.set_rows(rows)
        self.overdue_title.setText(f"超过{days}天未走访（含从未走访）：{len(rows):,}户")
        if self.household_no:
            self.show_household(self.household_no)

    def show_household(self, household_no: str) -> None:
        try:
            d = household_detail(self.ctx.db, household_no)
        except PjdeskError as exc:
            self.info.setText(exc.message)
            self._enable(False)
            return
        self.household_no = household_no
        self.number.setText(household_no)
        hist = helper_history(self.ctx.db, household_no)
        current = next((h for h in hist if h["end_on"] is None), None)
        helper = f"帮扶责任人：{current['helper']}（{current['unit']}，{current['phone']}）" if current else "尚未结对"
        self.info.setText(f"{d.village}{d.group}组　户主 {d.head_name}　{d.size}人　{d.status}　{helper}")
        self.records_model.set_rows(help_records(self.ctx.db, household_no))
        self.history_model.set_rows(hist)
        self.projects_model.set_rows(income_projects(self.ctx.db, household_no))
        self.rec_error.clear()
        self.prj_error.clear()
        self._enable(True)

    def add_record(self) -> None:
        r = HelpRecordInput(self.household_no, date_value(self.rec_date), self.rec_measure.currentText(),
                            self.rec_content.text(), self.rec_amount.value())
        try:
            add_help_record(self.ctx.db, r, actor=self.ctx.actor())
        except PjdeskError as exc:
            self.rec_error.setText(exc.message)
            return
        self.rec_content.clear()
        self.rec_amount.setValue(0)
        self.ctx.changed.emit("helpers")

    def add_project(self) -> None:
        p = IncomeProjectInput(self.household_no, self.prj_name.text(), self.prj_category.currentText(),
                               self.prj_year.value(), self.prj_planned.value())
        try:
            add_income_project(self.ctx.db, p)
        except PjdeskError as exc:
            self.prj_error.setText(exc.message)
            return
        self.prj_name.clear()
        self.ctx.changed.emit("helpers")
