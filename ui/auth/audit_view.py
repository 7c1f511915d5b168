"""The audit trail, read only: a table of ``pjdesk.auth.trail`` rows; the household dialog's and the
case view's 变更记录 tab, and the 审计日志 page searched by user, date and record."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from pjdesk.auth import trail
from pjdesk.errors import PjdeskError

from ..widgets.table_model import Col, RowsModel, table_view

COLUMNS = (
    Col("at", "时间", lambda r: r.at.strftime("%Y-%m-%d %H:%M:%S")),
    Col("user", "用户", lambda r: r.user),
    Col("table", "记录", lambda r: r.table),
    Col("record", "编号", lambda r: r.record),
    Col("action", "操作", lambda r: r.action, centre=True),
    Col("field", "字段", lambda r: r.field),
    Col("old", "原值", lambda r: r.old),
    Col("new", "新值", lambda r: r.new),
)


def _tooltip(row, key: str):
    """A created or deleted record's values are long: the cell shows what fits, the tooltip all."""
    if key in ("record", "old", "new"):
        return getattr(row, key) or None
    return None


def audit_table(parent, name: str):
    model = RowsModel(COLUMNS, parent, tip=_tooltip)
    # a deleted record's values fill 原值: it keeps a fixed width (the tooltip has all), 新值 takes the rest
    return model, table_view(model, name, fit="reset", stretch="new", widths={"old": 220})


class RecordAuditTab(QWidget):
    """变更记录 of one household (its members and cases too) or one case: newest first."""

    def __init__(self, ctx, *, household_no: str = "", case_id: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.household_no, self.case_id = ctx, household_no, case_id
        layout = QVBoxLayout(self)
        self.count = QLabel("", objectName="audit_count")
        layout.addWidget(self.count)
        self.model, self.view = audit_table(self, "record_audit")
        layout.addWidget(self.view, 1)
        ctx.changed.connect(lambda _area: self.reload())
        self.reload()

    def show_case(self, case_id: int | None) -> None:
        """The case view shows another case."""
        self.case_id = case_id
        self.reload()

    def reload(self) -> None:
        if self.case_id is not None:
            rows = trail.search(self.ctx.db, case_id=self.case_id)
        elif self.household_no:
            rows = trail.search(self.ctx.db, household_no=self.household_no)
        else:
            rows = []
        self.count.setText(f"共{len(rows)}条变更记录（谁在何时改了什么；只能查看，不能修改）")
        self.model.set_rows(rows)


class HouseholdAuditTab(RecordAuditTab):
    """The household dialog's 变更记录 tab (``detail_dialog.AREA_TABS``)."""

    def __init__(self, ctx, household_no: str, parent=None):
        super().__init__(ctx, household_no=household_no, parent=parent)
        # the dialog sizes itself from its tabs: wide enough for the fitted columns and a readable 新值
        self.view.setMinimumWidth(860)


class AuditPage(QWidget):
    """审计日志: every change, searched by user, dates, household number and text; read only."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel("审计日志")
        title.setProperty("role", "pageTitle")
        self.user = QLineEdit(objectName="audit_user", placeholderText="用户名")
        self.household = QLineEdit(objectName="audit_household", placeholderText="户编号")
        self.text = QLineEdit(objectName="audit_text", placeholderText="记录、字段或值中的文字")
        self.use_dates = QCheckBox("按日期", objectName="audit_use_dates")
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30), objectName="audit_since", calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.until = QDateEdit(today, objectName="audit_until", calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.search = QPushButton("查询", objectName="audit_search")
        self.search.clicked.connect(self.reload)
        for edit in (self.user, self.household, self.text):
            edit.returnPressed.connect(self.reload)
        bar = QHBoxLayout()
        for label, w in (("用户：", self.user), ("户编号：", self.household), ("包含：", self.text)):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        bar.addWidget(self.use_dates)
        bar.addWidget(self.since)
        bar.addWidget(QLabel("至"))
        bar.addWidget(self.until)
        bar.addWidget(self.search)
        bar.addStretch(1)
        self.status = QLabel("", objectName="audit_status")
        self.status.setWordWrap(True)
        self.model, self.view = audit_table(self, "audit_log")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.stale = True
        ctx.changed.connect(self._mark_stale)

    def _mark_stale(self, _area: str) -> None:
        self.stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()

    def reload(self) -> None:
        self.stale = False
        dates = self.use_dates.isChecked()
        try:
            rows = trail.search(self.ctx.db, user=self.user.text(), household_no=self.household.text(),
                                text=self.text.text(), since=self.since.date().toPython() if dates else None,
                                until=self.until.date().toPython() if dates else None)
        except PjdeskError as exc:
            self.status.setText(exc.message)
            self.model.set_rows([])
            return
        more = f"（只显示最近{trail.LIMIT}条，请缩小范围）" if len(rows) >= trail.LIMIT else ""
        self.status.setText(f"共{len(rows)}条{more}。变更记录由程序自动写入，任何人都不能修改或删除。")
        self.model.set_rows(rows)
