"""The cases of one household, for the household detail dialog (a tab registered by ui.cases), with
the two applications a household may make: 危房改造 and 易地搬迁."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pjdesk.cases.queries import cases_of_household

from ..widgets.table_model import RowsModel, table_view
from .models import HOUSEHOLD_CASE_COLUMNS
from ..relocation.new_dialog import NewRelocationDialog
from .new_case_dialog import NewCaseDialog


class HouseholdCasesWidget(QWidget):
    def __init__(self, ctx, household_no: str, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.ctx, self.household_no, self.today = ctx, household_no, today
        self.model = RowsModel(HOUSEHOLD_CASE_COLUMNS, self)
        self.table = table_view(self.model, "household_cases", multi=True, fit="reset")
        self.summary = QLabel("", objectName="cases_summary")
        new = QPushButton("新建危房改造申请…", objectName="new_case")
        new.clicked.connect(self.new_case)
        move = QPushButton("新建易地搬迁申请…", objectName="new_relocation")
        move.clicked.connect(self.new_relocation)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(new)
        row.addWidget(move)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        ctx.changed.connect(self._changed)
        self.reload()

    def reload(self) -> None:
        self.rows = cases_of_household(self.ctx.db, self.household_no, today=self.today)
        self.model.set_rows(self.rows)
        open_ = sum(1 for r in self.rows if r.status == "办理中")
        self.summary.setText(f"共{len(self.rows)}件，办理中{open_}件" if self.rows else "该户没有危房改造、易地搬迁案件")

    def _changed(self, area: str) -> None:
        if area in ("cases", "households"):
            self.reload()

    def new_case(self) -> None:
        NewCaseDialog(self.ctx, self, household_no=self.household_no, today=self.today).exec()

    def new_relocation(self) -> None:
        NewRelocationDialog(self.ctx, self, household_no=self.household_no, today=self.today).exec()
