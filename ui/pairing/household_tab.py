"""The 帮扶 tab of the household dialog: the helper pairings (current first) and the help records."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pjdesk.pairing.queries import helper_history
from pjdesk.pairing.records import help_records

from ..widgets.table_model import Col, RowsModel, table_view

PAIRING_COLUMNS = (   # helper_history rows
    Col("helper", "帮扶责任人", lambda h: h["helper"]),
    Col("unit", "单位", lambda h: h["unit"]),
    Col("start_on", "开始日期", lambda h: h["start_on"]),
    Col("start_reason", "开始原因", lambda h: h["start_reason"]),
    Col("end_on", "结束日期", lambda h: h["end_on"] or "（至今）"),
    Col("end_reason", "结束原因", lambda h: h["end_reason"]),
)
RECORD_COLUMNS = (    # help_records rows
    Col("date", "日期", lambda r: r["date"]),
    Col("measure", "措施", lambda r: r["measure"]),
    Col("helper", "帮扶责任人", lambda r: r["helper"]),
    Col("content", "内容", lambda r: r["content"]),
    Col("amount", "金额（元）", lambda r: r["amount"] or ""),
)


class HouseholdHelpTab(QWidget):
    def __init__(self, ctx, household_no: str, parent=None):
        super().__init__(parent)
        history = list(reversed(helper_history(ctx.db, household_no)))
        current = next((h for h in history if not h["end_on"]), None)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"当前帮扶责任人：{current['helper']}（{current['unit']}，{current['phone']}），"
                                f"自{current['start_on']}起" if current else "当前帮扶责任人：未结对"))
        layout.addWidget(QLabel("结对记录："))
        self.pairings_model = RowsModel(PAIRING_COLUMNS, self)
        self.pairings_model.set_rows(history)
        self.pairings = table_view(self.pairings_model, "household_pairings")
        layout.addWidget(self.pairings)
        records = help_records(ctx.db, household_no)
        layout.addWidget(QLabel(f"帮扶记录（{len(records)}条）："))
        self.records_model = RowsModel(RECORD_COLUMNS, self)
        self.records_model.set_rows(records)
        self.records = table_view(self.records_model, "household_records")
        layout.addWidget(self.records)
